// Package rtf reads the text of a Rich Text Format file: paragraphs and line
// breaks, tabs, table cells and rows, list numbers (\listtext, \pntext),
// field results without their codes, \'hh in the document's code page and
// \u Unicode. Font, colour and style tables, pictures, objects, headers,
// footers, footnotes, annotations and every unknown \* destination are
// skipped; deleted text of a tracked change is skipped too.
package rtf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/goteborgsregionen/minutes/ingest/internal/flow"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Limits against hostile files (an "RTF bomb" nests groups without end).
const (
	MaxDepth = 1000     // nesting of groups
	MaxText  = 64 << 20 // bytes of text produced
)

// Is reports whether data starts as an RTF file.
func Is(data []byte) bool { return strings.HasPrefix(string(data[:min(len(data), 5)]), `{\rtf`) }

// Read reads the text of an RTF file.
func Read(data []byte) (*textdoc.Document, error) {
	if !Is(data) {
		return nil, fmt.Errorf("%w: not an RTF file (no {\\rtf header)", textdoc.ErrCorrupt)
	}
	p := &parser{data: data, cp: charmap.Windows1252, styles: map[int]int{}}
	p.st = state{uc: 1}
	if err := p.run(); err != nil {
		return nil, err
	}
	return &textdoc.Document{Lines: p.b.Lines(), Title: p.title, Author: p.author}, nil
}

// dest is what the text of a group is for.
type dest int8

const (
	dText     dest = iota // the document's text
	dSkip                 // ignored
	dLabel                // a list number (\listtext, \pntext)
	dStyle                // a style sheet entry: its name
	dTitle                // \info's \title
	dAuthor               // \info's \author
	dFldInst              // a field's code: skipped, but a group to keep apart
	dStyleTbl             // the style sheet: holds dStyle groups
)

// state is what a group inherits and restores at its end.
type state struct {
	dest    dest
	uc      int  // bytes to skip after \u
	bold    bool // \b
	deleted bool // \deleted: text of a tracked deletion
	hidden  bool // \v: hidden text
	style   int  // \s: the paragraph's style
	outline int  // \outlinelevel + 1; 0 for none
	intbl   bool // the paragraph is in a table
}

type parser struct {
	data  []byte
	pos   int
	st    state
	stack []state
	cp    *charmap.Charmap
	b     flow.Builder

	label  strings.Builder // the open paragraph's list number
	name   strings.Builder // a style's name, \title or \author
	sNum   int             // the style being defined
	styles map[int]int     // style number → heading level
	skip   int             // characters still to skip after \u
	pend   []byte          // \'hh bytes not yet decoded
	high   rune            // a high surrogate waiting for its pair
	title  string
	author string
}

func (p *parser) run() error {
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		p.pos++
		switch c {
		case '{':
			p.flush()
			p.skip = 0
			if len(p.stack) >= MaxDepth {
				return fmt.Errorf("%w: groups nested deeper than %d", textdoc.ErrTooLarge, MaxDepth)
			}
			p.stack = append(p.stack, p.st)
		case '}':
			p.flush()
			p.skip = 0
			if len(p.stack) == 0 {
				return nil
			}
			p.endGroup()
			if len(p.stack) == 0 {
				return nil // the end of the document; what follows is not RTF
			}
		case '\\':
			p.control()
		case '\r', '\n':
		default:
			if p.skip > 0 {
				p.skip--
				continue
			}
			p.flush()
			if c < 0x80 {
				p.write(string(rune(c)))
				continue
			}
			p.raw()
		}
		if p.b.Len() > MaxText {
			return fmt.Errorf("%w: more than %d MiB of text", textdoc.ErrTooLarge, MaxText>>20)
		}
	}
	p.flush()
	return nil
}

// endGroup restores the state of the enclosing group, keeping what the
// ending group collected.
func (p *parser) endGroup() {
	inner := p.st
	p.st = p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	switch inner.dest {
	case dStyle:
		if p.st.dest != dStyle {
			if lvl := headingName(p.name.String()); lvl > 0 {
				p.styles[p.sNum] = lvl
			} else if inner.outline > 0 {
				p.styles[p.sNum] = inner.outline
			}
			p.name.Reset()
		}
	case dTitle, dAuthor:
		if p.st.dest != inner.dest {
			s := textdoc.Clean(p.name.String())
			if inner.dest == dTitle {
				p.title = s
			} else {
				p.author = s
			}
			p.name.Reset()
		}
	}
}

// headingName returns the level of a style named "Heading N" or "Rubrik N".
func headingName(name string) int {
	name = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(name), ";")))
	for _, pre := range []string{"heading ", "rubrik "} {
		if n, err := strconv.Atoi(strings.TrimPrefix(name, pre)); err == nil && strings.HasPrefix(name, pre) && n >= 1 && n <= 9 {
			return n
		}
	}
	return 0
}

// control reads a control word or symbol after its backslash.
func (p *parser) control() {
	if p.pos >= len(p.data) {
		return
	}
	c := p.data[p.pos]
	if !isLetter(c) {
		p.pos++
		p.symbol(c)
		return
	}
	start := p.pos
	for p.pos < len(p.data) && isLetter(p.data[p.pos]) && p.pos-start < 32 {
		p.pos++
	}
	word := string(p.data[start:p.pos])
	arg, hasArg := 0, false
	if p.pos < len(p.data) && (p.data[p.pos] == '-' || isDigit(p.data[p.pos])) {
		s := p.pos
		p.pos++
		for p.pos < len(p.data) && isDigit(p.data[p.pos]) && p.pos-s < 11 {
			p.pos++
		}
		arg, _ = strconv.Atoi(string(p.data[s:p.pos]))
		hasArg = true
	}
	if p.pos < len(p.data) && p.data[p.pos] == ' ' {
		p.pos++
	}
	if word != "u" && word != "uc" && p.skip > 0 {
		p.skip--
		return
	}
	if word != "u" {
		p.flush()
	}
	p.word(word, arg, hasArg)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// symbol handles a control symbol: \'hh, \\, \{, \}, \~, \-, \_, \*.
func (p *parser) symbol(c byte) {
	if c == '\'' {
		if p.pos+2 > len(p.data) {
			p.pos = len(p.data)
			return
		}
		v, err := strconv.ParseUint(string(p.data[p.pos:p.pos+2]), 16, 8)
		p.pos += 2
		if p.skip > 0 {
			p.skip--
			return
		}
		if err == nil {
			p.pend = append(p.pend, byte(v))
		}
		return
	}
	if p.skip > 0 {
		p.skip--
		return
	}
	p.flush()
	switch c {
	case '\\', '{', '}':
		p.write(string(rune(c)))
	case '~':
		p.write("\u00a0")
	case '_':
		p.write("-")
	case '*':
		// An ignorable destination: skipped unless its word is known.
		if p.pos < len(p.data) {
			save := p.pos
			if p.data[p.pos] == '\\' {
				end := p.pos + 1
				for end < len(p.data) && isLetter(p.data[end]) {
					end++
				}
				if known[string(p.data[p.pos+1:end])] {
					p.pos = save
					return
				}
			}
		}
		p.st.dest = dSkip
	case '\n', '\r':
		p.paragraph()
	}
}

// known are the \* destinations whose text is read.
var known = map[string]bool{"fldinst": true, "listtext": true, "pntext": true}

// skipped are the destinations whose text is not the document's.
var skipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "filetbl": true, "listtable": true,
	"listoverridetable": true, "revtbl": true, "rsidtbl": true, "generator": true,
	"pict": true, "object": true, "header": true, "headerl": true, "headerr": true,
	"headerf": true, "footer": true, "footerl": true, "footerr": true, "footerf": true,
	"footnote": true, "annotation": true, "atnid": true, "atnauthor": true,
	"xmlnstbl": true, "themedata": true, "colorschememapping": true,
	"latentstyles": true, "datastore": true, "pn": true, "pgdsctbl": true,
	"shpinst": true, "nonshppict": true, "bkmkstart": true, "bkmkend": true,
	"template": true, "private": true, "userprops": true, "operator": true,
	"keywords": true, "subject": true, "comment": true, "doccomm": true,
	"company": true, "category": true, "manager": true, "hlinkbase": true,
	"ftnsep": true, "ftnsepc": true, "aftnsep": true, "aftnsepc": true,
	"ftncn": true, "aftncn": true, "listpicture": true, "passwordhash": true,
}

// word handles a control word.
func (p *parser) word(w string, arg int, hasArg bool) {
	if skipped[w] {
		p.st.dest = dSkip
		return
	}
	switch w {
	case "ansicpg":
		if cm := codePage(arg); cm != nil {
			p.cp = cm
		}
	case "mac":
		p.cp = charmap.Macintosh
	case "pc":
		p.cp = charmap.CodePage437
	case "pca":
		p.cp = charmap.CodePage850
	case "stylesheet":
		p.st.dest = dStyleTbl
	case "s":
		if p.st.dest == dStyleTbl {
			p.st.dest = dStyle
			p.sNum = arg
			p.name.Reset()
		} else if p.st.dest != dStyle {
			p.st.style = arg
		}
	case "info":
		p.st.dest = dSkip // but for \title and \author in it
	case "title":
		p.st.dest = dTitle
	case "author":
		p.st.dest = dAuthor
	case "fldinst":
		p.st.dest = dFldInst
	case "listtext", "pntext":
		p.st.dest = dLabel
	case "uc":
		p.st.uc = max(arg, 0)
	case "u":
		if arg < 0 {
			arg += 65536
		}
		p.unicode(rune(arg))
		p.skip = p.st.uc
	case "b":
		p.st.bold = !hasArg || arg != 0
	case "deleted":
		p.st.deleted = !hasArg || arg != 0
	case "v":
		p.st.hidden = !hasArg || arg != 0
	case "plain":
		p.st.bold, p.st.deleted, p.st.hidden = false, false, false
	case "pard":
		p.st.style, p.st.outline, p.st.intbl = 0, 0, false
	case "outlinelevel":
		p.st.outline = arg + 1
	case "intbl":
		p.st.intbl = true
	case "par", "sect", "page":
		p.paragraph()
	case "line":
		if p.st.dest == dText {
			p.b.Break()
		}
	case "tab":
		p.write("\t")
	case "cell", "nestcell":
		if p.st.dest == dText {
			p.b.EndCellParagraph(p.takeLabel())
			p.b.EndCell()
		}
	case "row", "nestrow":
		if p.st.dest == dText {
			p.b.EndRow()
		}
	case "emdash":
		p.write("—")
	case "endash":
		p.write("–")
	case "lquote":
		p.write("‘")
	case "rquote":
		p.write("’")
	case "ldblquote":
		p.write("“")
	case "rdblquote":
		p.write("”")
	case "bullet":
		p.write("•")
	case "emspace", "enspace", "qmspace":
		p.write(" ")
	}
}

// paragraph ends a paragraph.
func (p *parser) paragraph() {
	if p.st.dest != dText {
		return
	}
	label := p.takeLabel()
	if p.st.intbl {
		p.b.EndCellParagraph(label)
		return
	}
	heading := p.styles[p.st.style]
	if p.st.outline > 0 && p.st.outline <= 9 {
		heading = p.st.outline
	}
	p.b.EndParagraph(label, heading)
}

// takeLabel returns the open paragraph's list number. A bullet drawn from
// a symbol font's private-use code (U+F0B7 …) is "•".
func (p *parser) takeLabel() string {
	s := strings.TrimSpace(strings.ReplaceAll(textdoc.Clean(p.label.String()), "\t", " "))
	p.label.Reset()
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return r < 0xe000 || r > 0xf8ff }) < 0 {
		return "•"
	}
	return s
}

// write adds text to the destination of the group.
func (p *parser) write(s string) {
	switch p.st.dest {
	case dText:
		if !p.st.deleted && !p.st.hidden {
			p.b.Write(s, p.st.bold)
		}
	case dLabel:
		p.label.WriteString(s)
	case dStyle, dTitle, dAuthor:
		if p.name.Len() < 1<<12 {
			p.name.WriteString(s)
		}
	}
}

// unicode writes the character of \uN, pairing UTF-16 surrogates.
func (p *parser) unicode(r rune) {
	p.flush()
	switch {
	case utf16.IsSurrogate(r) && r < 0xdc00:
		p.high = r
		return
	case utf16.IsSurrogate(r) && p.high != 0:
		r = utf16.DecodeRune(p.high, r)
	case utf16.IsSurrogate(r):
		r = '\ufffd'
	}
	p.high = 0
	p.write(string(r))
}

// raw writes a run of 8-bit characters written as they are, which some
// writers do: UTF-8 if it is that, else the document's code page.
func (p *parser) raw() {
	start := p.pos - 1
	for p.pos < len(p.data) && p.data[p.pos] >= 0x80 {
		p.pos++
	}
	if run := p.data[start:p.pos]; utf8.Valid(run) {
		p.write(string(run))
	} else {
		p.pend = append(p.pend, run...)
		p.flush()
	}
}

// flush decodes the pending \'hh bytes in the document's code page.
func (p *parser) flush() {
	if len(p.pend) == 0 {
		return
	}
	s, err := p.cp.NewDecoder().String(string(p.pend))
	p.pend = p.pend[:0]
	if err != nil {
		return
	}
	p.write(s)
}

// codePage returns the single-byte Windows or DOS code page cp, nil for
// those it does not know.
func codePage(cp int) *charmap.Charmap {
	switch cp {
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1252:
		return charmap.Windows1252
	case 1253:
		return charmap.Windows1253
	case 1254:
		return charmap.Windows1254
	case 1257:
		return charmap.Windows1257
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 865:
		return charmap.CodePage865
	case 10000:
		return charmap.Macintosh
	case 28591:
		return charmap.ISO8859_1
	case 28605:
		return charmap.ISO8859_15
	}
	return nil
}
