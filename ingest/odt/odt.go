// Package odt reads the text of an OpenDocument text file (.odt, .ott):
// content.xml's paragraphs and headings, lists numbered from their list
// styles as the office suite displays them, tables, and tracked changes
// accepted (deletions skipped, insertions kept). Styles come from
// styles.xml and content.xml; headers and footers, which live in the master
// pages of styles.xml, notes, annotations, drawings and generated tables of
// contents are not read.
package odt

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes/ingest/internal/flow"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Limits against zip bombs and hostile files.
const (
	MaxPart    = 64 << 20 // decompressed bytes of one part
	MaxEntries = 10000    // entries in the archive
	MaxDepth   = 1000     // element nesting
)

// The namespaces the reader matches.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsFO     = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
	nsDraw   = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
	nsMeta   = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
	nsDC     = "http://purl.org/dc/elements/1.1/"
	nsXML    = "http://www.w3.org/XML/1998/namespace"
)

// mediaType is the mimetype of an OpenDocument text (a template ends in
// "-template").
const mediaType = "application/vnd.oasis.opendocument.text"

// Is reports whether data is a zip archive holding an OpenDocument text.
func Is(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	// The mimetype entry comes first, stored: its content is at offset 38.
	if len(data) > 38+len(mediaType) && bytes.Equal(data[30:38], []byte("mimetype")) &&
		bytes.HasPrefix(data[38:], []byte(mediaType)) {
		return true
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "mimetype" && f.UncompressedSize64 < 1<<10 {
			b, err := readPart(f)
			return err == nil && strings.HasPrefix(string(b), mediaType)
		}
	}
	return false
}

// Read reads the text of an OpenDocument text file.
func Read(data []byte) (*textdoc.Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: an .odt that is not a zip archive: %v", textdoc.ErrCorrupt, err)
	}
	if len(zr.File) > MaxEntries {
		return nil, fmt.Errorf("%w: more than %d entries in the archive", textdoc.ErrTooLarge, MaxEntries)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	if parts["content.xml"] == nil {
		return nil, fmt.Errorf("%w: no content.xml in the archive", textdoc.ErrCorrupt)
	}
	if m := parts["META-INF/manifest.xml"]; m != nil {
		if b, err := readPart(m); err == nil && bytes.Contains(b, []byte("encryption-data")) {
			return nil, fmt.Errorf("%w OpenDocument file: remove the password and save it again", textdoc.ErrEncrypted)
		}
	}
	r := &reader{styles: map[string]*style{}, lists: map[string]*listStyle{}, byID: map[string]*counter{}}
	doc := &textdoc.Document{}
	if f := parts["meta.xml"]; f != nil {
		readMeta(f, doc) // optional: a fault leaves the fields empty
	}
	if f := parts["styles.xml"]; f != nil {
		if err := r.parse(f, false); err != nil {
			return nil, err
		}
	}
	if err := r.parse(parts["content.xml"], true); err != nil {
		return nil, err
	}
	doc.Lines = r.b.Lines()
	return doc, nil
}

// readPart returns the content of one entry, refusing more than MaxPart
// bytes whatever its header says.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", textdoc.ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxPart+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", textdoc.ErrCorrupt, f.Name, err)
	}
	if len(b) > MaxPart {
		return nil, fmt.Errorf("%w: %s holds more than %d MiB", textdoc.ErrTooLarge, f.Name, MaxPart>>20)
	}
	return b, nil
}

// readMeta sets the document's title, author and dates from meta.xml.
func readMeta(f *zip.File, doc *textdoc.Document) {
	b, err := readPart(f)
	if err != nil {
		return
	}
	var m struct {
		Title   string `xml:"meta>title"`
		Creator string `xml:"meta>creator"`
		Initial string `xml:"meta>initial-creator"`
		Created string `xml:"meta>creation-date"`
		Date    string `xml:"meta>date"`
	}
	if xml.Unmarshal(b, &m) != nil {
		return
	}
	doc.Title = textdoc.Clean(m.Title)
	doc.Author = textdoc.Clean(m.Initial)
	if doc.Author == "" {
		doc.Author = textdoc.Clean(m.Creator)
	}
	doc.Created = parseDate(m.Created)
	doc.Modified = parseDate(m.Date)
}

func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}

// style is a paragraph or text style.
type style struct {
	parent  string
	bold    int8 // 1 bold, -1 not bold, 0 inherited
	outline int  // style:default-outline-level
	list    string
}

// listStyle is a text:list-style (or the outline style): its levels 1-10.
type listStyle struct {
	levels [11]*level
}

type level struct {
	bullet         bool
	format         string // style:num-format: "1", "a", "A", "i", "I", "" for none
	prefix, suffix string
	display        int // text:display-levels
	start          int
}

// counter holds the running numbers of one list.
type counter struct {
	style *listStyle
	count [11]int
	used  [11]bool
}

// listFrame is an open text:list or text:list-item.
type listFrame struct {
	list     *counter
	level    int
	labelled bool // the item's number has been written
	item     bool
	header   bool // text:list-header: not numbered
}

type reader struct {
	b       flow.Builder
	styles  map[string]*style     // "paragraph/name", "text/name"
	lists   map[string]*listStyle // list styles by name; "" is the outline style
	byID    map[string]*counter   // lists by xml:id, for text:continue-list
	last    map[string]*counter   // the last list of each style
	outline *counter

	frames []listFrame // open lists and items
	spans  []bool      // the boldness of the open spans
	para   bool        // a paragraph is open
	pStyle string
	label  string
	head   int
	cells  int // depth of open table cells
}

// parse reads the styles of a part and, for content.xml, its body.
func (r *reader) parse(f *zip.File, body bool) error {
	b, err := readPart(f)
	if err != nil {
		return err
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var path []xml.Name
	var curStyle *style
	var curList *listStyle
	skip := 0 // depth inside a skipped element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if body {
				return fmt.Errorf("%w: %s: %v", textdoc.ErrCorrupt, f.Name, err)
			}
			return nil // a broken styles.xml loses styles, not the text
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name)
			if len(path) > MaxDepth {
				return fmt.Errorf("%w: %s: elements nested deeper than %d", textdoc.ErrTooLarge, f.Name, MaxDepth)
			}
			if skip > 0 {
				skip++
				continue
			}
			switch {
			case t.Name.Space == nsStyle && t.Name.Local == "style":
				curStyle = r.defineStyle(t)
			case t.Name.Space == nsStyle && t.Name.Local == "text-properties" && curStyle != nil:
				if w, ok := attr(t, nsFO, "font-weight"); ok {
					curStyle.bold = -1
					if w == "bold" || w >= "600" && w <= "999" {
						curStyle.bold = 1
					}
				}
			case t.Name.Space == nsText && (t.Name.Local == "list-style" || t.Name.Local == "outline-style"):
				curList = &listStyle{}
				name, _ := attr(t, nsStyle, "name")
				if t.Name.Local == "outline-style" {
					name = ""
				}
				r.lists[name] = curList
			case t.Name.Space == nsText && strings.HasPrefix(t.Name.Local, "list-level-style-") ||
				t.Name.Space == nsText && t.Name.Local == "outline-level-style":
				if curList != nil {
					if n, l := defineLevel(t); n >= 1 && n <= 10 {
						curList.levels[n] = l
					}
				}
			case body && inBody(path):
				if r.start(t) {
					skip = 1
				}
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
			if skip > 0 {
				skip--
				continue
			}
			switch {
			case t.Name.Space == nsStyle && t.Name.Local == "style":
				curStyle = nil
			case t.Name.Space == nsText && (t.Name.Local == "list-style" || t.Name.Local == "outline-style"):
				curList = nil
			case body && inBody(append(path, t.Name)):
				r.end(t)
			}
		case xml.CharData:
			if skip == 0 && body && r.para && inBody(path) {
				r.write(strings.Map(lineEndToSpace, string(t)))
			}
		}
	}
}

func lineEndToSpace(r rune) rune {
	if r == '\n' || r == '\r' || r == '\t' {
		return ' '
	}
	return r
}

// inBody reports whether an element at path is inside office:text.
func inBody(path []xml.Name) bool {
	return len(path) > 2 && path[1].Space == nsOffice && path[1].Local == "body" &&
		path[2].Space == nsOffice && path[2].Local == "text"
}

func attr(se xml.StartElement, space, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func attrInt(se xml.StartElement, space, local string) (int, bool) {
	v, ok := attr(se, space, local)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}

func (r *reader) defineStyle(se xml.StartElement) *style {
	name, _ := attr(se, nsStyle, "name")
	family, _ := attr(se, nsStyle, "family")
	st := &style{}
	st.parent, _ = attr(se, nsStyle, "parent-style-name")
	st.outline, _ = attrInt(se, nsStyle, "default-outline-level")
	st.list, _ = attr(se, nsStyle, "list-style-name")
	r.styles[family+"/"+name] = st
	return st
}

func defineLevel(se xml.StartElement) (int, *level) {
	n, _ := attrInt(se, nsText, "level")
	l := &level{start: 1, display: 1, bullet: se.Name.Local == "list-level-style-bullet"}
	l.format, _ = attr(se, nsStyle, "num-format")
	l.prefix, _ = attr(se, nsStyle, "num-prefix")
	l.suffix, _ = attr(se, nsStyle, "num-suffix")
	if v, ok := attrInt(se, nsText, "display-levels"); ok && v >= 1 {
		l.display = v
	}
	if v, ok := attrInt(se, nsText, "start-value"); ok {
		l.start = v
	}
	return n, l
}

// chain looks a property up a style's parent chain.
func (r *reader) chain(family, name string, get func(*style) bool) {
	for i := 0; i < 32 && name != ""; i++ {
		st := r.styles[family+"/"+name]
		if st == nil || get(st) {
			return
		}
		name = st.parent
	}
}

func (r *reader) bold(family, name string) int8 {
	var b int8
	r.chain(family, name, func(st *style) bool { b = st.bold; return b != 0 })
	return b
}

// heading returns the heading level a paragraph style gives, from its
// outline level or a name "Heading N".
func (r *reader) heading(name string) int {
	lvl := 0
	r.chain("paragraph", name, func(st *style) bool { lvl = st.outline; return lvl > 0 })
	if lvl == 0 {
		n := strings.ToLower(strings.ReplaceAll(name, "_20_", " "))
		if v, err := strconv.Atoi(strings.TrimPrefix(n, "heading ")); err == nil && strings.HasPrefix(n, "heading ") {
			lvl = v
		}
	}
	if lvl < 0 || lvl > 9 {
		return 0
	}
	return lvl
}

// start handles an element of the body; it reports whether the element is
// skipped with all it holds.
func (r *reader) start(se xml.StartElement) bool {
	switch se.Name.Space {
	case nsText:
		switch se.Name.Local {
		case "tracked-changes", "note", "table-of-content", "alphabetical-index",
			"illustration-index", "table-index", "object-index", "user-index", "bibliography",
			"sequence-decls", "variable-decls", "user-field-decls":
			return true
		case "p", "h":
			r.startPara(se)
		case "span", "a":
			name, _ := attr(se, nsText, "style-name")
			b := r.spanBold()
			if v := r.bold("text", name); v != 0 {
				b = v > 0
			}
			r.spans = append(r.spans, b)
		case "s":
			n, ok := attrInt(se, nsText, "c")
			if !ok || n < 1 {
				n = 1
			}
			r.write(strings.Repeat(" ", min(n, 100)))
		case "tab":
			r.write("\t")
		case "line-break":
			if r.para {
				r.b.Break()
			}
		case "list":
			r.startList(se)
		case "list-item", "list-header":
			r.startItem(se)
		}
	case nsOffice:
		return se.Name.Local == "annotation" || se.Name.Local == "forms"
	case nsDraw:
		return true
	case nsTable:
		switch se.Name.Local {
		case "table-cell":
			r.cells++
		case "covered-table-cell", "tracked-changes":
			return true
		}
	}
	return false
}

func (r *reader) end(ee xml.EndElement) {
	switch ee.Name.Space {
	case nsText:
		switch ee.Name.Local {
		case "p", "h":
			r.endPara()
		case "span", "a":
			if len(r.spans) > 0 {
				r.spans = r.spans[:len(r.spans)-1]
			}
		case "list", "list-item", "list-header":
			if len(r.frames) > 0 {
				r.frames = r.frames[:len(r.frames)-1]
			}
		}
	case nsTable:
		switch ee.Name.Local {
		case "table-cell":
			if r.cells > 0 {
				r.cells--
			}
			if r.cells == 0 {
				r.b.EndCell()
			}
		case "table-row":
			if r.cells == 0 {
				r.b.EndRow()
			}
		case "table":
			if r.cells == 0 {
				r.b.EndTable()
			}
		}
	}
}

func (r *reader) spanBold() bool {
	if len(r.spans) > 0 {
		return r.spans[len(r.spans)-1]
	}
	return r.bold("paragraph", r.pStyle) > 0
}

func (r *reader) write(s string) {
	if r.para {
		r.b.Write(s, r.spanBold())
	}
}

func (r *reader) startPara(se xml.StartElement) {
	if r.para {
		// A paragraph inside a paragraph (a text box's) ends the outer one.
		r.endPara()
	}
	r.para = true
	r.spans = r.spans[:0]
	r.pStyle, _ = attr(se, nsText, "style-name")
	r.head = r.heading(r.pStyle)
	if se.Name.Local == "h" {
		if v, ok := attrInt(se, nsText, "outline-level"); ok && v >= 1 && v <= 9 {
			r.head = v
		} else if r.head == 0 {
			r.head = 1
		}
	}
	r.label = r.listLabel()
	if r.label == "" && se.Name.Local == "h" && len(r.frames) == 0 {
		r.label = r.outlineLabel(r.head)
	}
}

func (r *reader) endPara() {
	if !r.para {
		return
	}
	r.para = false
	if r.cells > 0 {
		r.b.EndCellParagraph(r.label)
	} else {
		r.b.EndParagraph(r.label, r.head)
	}
	r.label = ""
}

// startList opens a text:list: a new list, or one continued.
func (r *reader) startList(se xml.StartElement) {
	name, hasName := attr(se, nsText, "style-name")
	if len(r.frames) > 0 {
		// A nested list: one level deeper in the enclosing list.
		outer := r.frames[len(r.frames)-1]
		r.frames = append(r.frames, listFrame{list: outer.list, level: outer.level + 1})
		return
	}
	if !hasName {
		r.chain("paragraph", r.pStyle, func(st *style) bool { name = st.list; return name != "" })
	}
	if r.last == nil {
		r.last = map[string]*counter{}
	}
	var c *counter
	if id, ok := attr(se, nsText, "continue-list"); ok {
		c = r.byID[id]
	} else if v, _ := attr(se, nsText, "continue-numbering"); v == "true" {
		c = r.last[name]
	}
	if c == nil {
		c = &counter{style: r.lists[name]}
	}
	r.last[name] = c
	if id, ok := attr(se, nsXML, "id"); ok && len(r.byID) < 1<<16 {
		r.byID[id] = c
	}
	r.frames = append(r.frames, listFrame{list: c, level: 1})
}

// startItem opens a list item and counts it at its list's level.
func (r *reader) startItem(se xml.StartElement) {
	if len(r.frames) == 0 {
		r.frames = append(r.frames, listFrame{header: true})
		return
	}
	f := r.frames[len(r.frames)-1]
	item := listFrame{list: f.list, level: f.level, item: true, header: se.Name.Local == "list-header"}
	if c, lvl := f.list, min(f.level, 10); c != nil && !item.header {
		if v, ok := attrInt(se, nsText, "start-value"); ok {
			c.count[lvl], c.used[lvl] = v, true
		} else if c.used[lvl] {
			c.count[lvl]++
		} else {
			c.count[lvl], c.used[lvl] = c.start(lvl), true
		}
		for m := lvl + 1; m <= 10; m++ {
			c.used[m] = false
		}
	}
	r.frames = append(r.frames, item)
}

func (c *counter) level(n int) *level {
	if c.style == nil {
		return nil
	}
	return c.style.levels[n]
}

func (c *counter) start(n int) int {
	if l := c.level(n); l != nil {
		return l.start
	}
	return 1
}

// listLabel returns the number of the paragraph that opens a list item, ""
// for any other paragraph.
func (r *reader) listLabel() string {
	if len(r.frames) == 0 {
		return ""
	}
	f := &r.frames[len(r.frames)-1]
	if !f.item || f.header || f.labelled || f.list == nil {
		return ""
	}
	f.labelled = true
	return f.list.render(min(f.level, 10))
}

// outlineLabel numbers a heading by the outline style, "" where it has no
// number format.
func (r *reader) outlineLabel(lvl int) string {
	os := r.lists[""]
	if os == nil || lvl < 1 || lvl > 10 || os.levels[lvl] == nil || os.levels[lvl].format == "" {
		return ""
	}
	if r.outline == nil {
		r.outline = &counter{style: os}
	}
	c := r.outline
	if c.used[lvl] {
		c.count[lvl]++
	} else {
		c.count[lvl], c.used[lvl] = c.start(lvl), true
	}
	for m := lvl + 1; m <= 10; m++ {
		c.used[m] = false
	}
	return c.render(lvl)
}

// render returns the label of level n: prefix, the numbers of the levels
// shown, suffix.
func (c *counter) render(n int) string {
	l := c.level(n)
	if l == nil {
		return ""
	}
	if l.bullet {
		return "•"
	}
	if l.format == "" {
		return strings.TrimSpace(l.prefix + l.suffix)
	}
	var nums []string
	for k := max(1, n-l.display+1); k <= n; k++ {
		v := c.count[k]
		if !c.used[k] {
			v = c.start(k)
		}
		format := l.format
		if kl := c.level(k); kl != nil && kl.format != "" {
			format = kl.format
		}
		nums = append(nums, flow.FormatNumber(v, numFormat(format)))
	}
	return strings.TrimSpace(l.prefix + strings.Join(nums, ".") + l.suffix)
}

// numFormat maps an ODF number format to the name flow.FormatNumber knows.
func numFormat(f string) string {
	switch f {
	case "a":
		return "lowerLetter"
	case "A":
		return "upperLetter"
	case "i":
		return "lowerRoman"
	case "I":
		return "upperRoman"
	}
	return "decimal"
}
