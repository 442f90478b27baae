package extract

import (
	"strings"
	"unicode"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// line is an ingested line prepared for the rules: Markdown emphasis, heading
// marks, links and list bullets are taken off the text and kept as flags, so
// that a rule reads "1. Kvinnofrid" whether the source said "**1. Kvinnofrid**",
// "## 1. Kvinnofrid" or a bold Word paragraph.
type line struct {
	raw     string // the ingested text
	text    string // plain text: no markup, bullet or surrounding white space
	heading int    // heading level (Markdown # count or the source's style)
	bold    bool   // the whole line is emphasised
	bullet  bool   // the line was a list bullet
	pos     minutes.Position
}

func (l line) blank() bool { return l.text == "" }

var (
	// mdHeading also takes headings typed without the space: "####1. Titel",
	// "##Beslut" (two marks or more, or one before a point's number).
	mdHeading  = lazyregexp.New(`^(?:(#{1,6})\s+|(#{2,6})|(#)\d{1,3}[.)]\s)`)
	mdLink     = lazyregexp.New(`\[([^\]]*)\]\([^)]*\)`)
	mdAutoLink = lazyregexp.New(`<((?:https?://|mailto:)[^>]+)>`)
	mdEscape   = lazyregexp.New(`\\([\\.()\[\]*_#+\-!>|])`)
	mdEmph     = lazyregexp.New(`(\*\*|__)(.+?)(\*\*|__)`)
	mdItalic   = lazyregexp.New(`(^|[\s(])[*_]([^*_\s][^*_]*?)[*_]($|[\s.,:;!?)])`)
	bulletMark = lazyregexp.New(`^(?:[-*+•·▪◦–—]|o)\s+`)
	columnGap  = lazyregexp.New(` {3,}`)
	mdTableSep = lazyregexp.New(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

// prepare turns ingested lines into rule lines. Text a reader never sees is
// blanked (see hidden).
func prepare(in []ingest.Line) []line {
	out := make([]line, 0, len(in))
	hide := hidden(in)
	for i, l := range in {
		if hide[i] {
			l.Text = ""
		}
		out = append(out, prepareLine(l))
	}
	return out
}

var (
	frontMatterKey = lazyregexp.New(`^\s*(?:\.\.\s+)?[\p{L}_][\p{L}\d_ -]*\s*[:=]`)
	htmlOnly       = lazyregexp.New(`^(?:\s*(?:<[^>]*>|&#?\w+;))+\s*$`)
)

// hidden marks the lines a reader of the rendered document never sees:
// site-generator front matter at the top ("---" … "---", "+++" … "+++", or an
// HTML comment holding "key: value" lines), HTML comments, <style> and
// <script> blocks, and lines of HTML tags and entities only ("<p><br></p>").
func hidden(in []ingest.Line) []bool {
	hide := make([]bool, len(in))
	first := 0
	for first < len(in) && strings.TrimSpace(in[first].Text) == "" {
		first++
	}
	if first < len(in) {
		if fence := strings.TrimSpace(in[first].Text); fence == "---" || fence == "+++" {
			for j := first + 1; j < len(in) && j < first+80; j++ {
				t := strings.TrimSpace(in[j].Text)
				if t == fence || fence == "---" && t == "..." {
					for k := first; k <= j; k++ {
						hide[k] = true
					}
					break
				}
				if t != "" && !frontMatterKey.MatchString(t) && !strings.HasPrefix(t, "-") && !strings.HasPrefix(in[j].Text, " ") {
					break
				}
			}
		}
	}
	for i := 0; i < len(in); i++ {
		t := strings.TrimSpace(in[i].Text)
		switch {
		case strings.HasPrefix(t, "<!--"):
			j := i
			for j < len(in) && !strings.Contains(in[j].Text, "-->") {
				j++
			}
			if j == len(in) {
				j = i // an unclosed comment hides only its own line
			}
			for k := i; k <= j; k++ {
				hide[k] = true
			}
			i = j
		case strings.HasPrefix(t, "<style") || strings.HasPrefix(t, "<script"):
			end := "</" + t[1:7] // "</style" or "</scrip"
			j := i
			for j < len(in) && !strings.Contains(in[j].Text, end) {
				j++
			}
			if j == len(in) {
				j = i
			}
			for k := i; k <= j; k++ {
				hide[k] = true
			}
			i = j
		case t != "" && htmlOnly.MatchString(t):
			hide[i] = true
		}
	}
	return hide
}

func prepareLine(l ingest.Line) line {
	r := line{raw: l.Text, heading: l.Heading, bold: l.Bold, pos: minutes.Position{Page: l.Page, Line: l.No}}
	// A run of three or more spaces is a column gap, like a tab.
	s := l.Text
	if strings.Contains(s, "   ") {
		s = columnGap.ReplaceAllString(s, "\t")
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\t", " \t "))
	if m := mdHeading.FindStringSubmatch(s); m != nil {
		marks := m[1] + m[2] + m[3]
		r.heading = len(marks)
		s = strings.TrimSpace(s[len(marks):])
		s = strings.TrimRight(s, "# ")
	}
	if m := bulletMark.FindString(s); m != "" && !strings.HasPrefix(s, "**") && len(s) > len(m) {
		r.bullet = true
		s = s[len(m):]
	}
	if isWrapped(s, "**") || isWrapped(s, "__") {
		r.bold = true
	}
	s = stripMarkdown(s)
	r.text = collapse(s)
	return r
}

// isWrapped reports whether s as a whole is emphasised with mark, allowing a
// trailing colon or period outside the mark ("**Beslut**:").
func isWrapped(s, mark string) bool {
	s = strings.TrimRight(s, ":. ")
	return len(s) > 2*len(mark) && strings.HasPrefix(s, mark) && strings.HasSuffix(s, mark)
}

// stripMarkdown removes inline Markdown: emphasis, links, escapes.
func stripMarkdown(s string) string {
	if !strings.ContainsAny(s, "*_[]\\<`") {
		return s
	}
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutoLink.ReplaceAllString(s, "$1")
	s = mdEmph.ReplaceAllString(s, "$2")
	s = strings.ReplaceAll(s, "**", "")
	s = mdItalic.ReplaceAllString(s, "$1$2$3")
	s = mdEscape.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "`", "")
	return s
}

// collapse folds runs of spaces to one, keeping a tab (column separator) as
// " \t " so that callers can split on it; it trims the ends.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '\t' {
			b.WriteRune('\t')
			space = false
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	out = strings.ReplaceAll(out, " \t", "\t")
	out = strings.ReplaceAll(out, "\t ", "\t")
	return strings.Trim(out, " \t")
}

// flat returns s with tabs turned into spaces: the text as a reader sees it.
func flat(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", " ")
}

// isTableRow reports whether a line is a Markdown (or rendered Word) table row.
func isTableRow(s string) bool {
	return strings.HasPrefix(s, "|") && strings.HasSuffix(s, "|") && len(s) > 2
}

// tableCells splits a table row into trimmed cells.
func tableCells(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}
