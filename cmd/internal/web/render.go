package web

// Helpers of the templates: highlighted text, agenda point lists, names.

import (
	"fmt"
	"html/template"
	"path/filepath"
	"strings"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

var funcs = template.FuncMap{
	"marked":  marked,
	"items":   itemsLabel,
	"base":    baseName,
	"problem": problemText,
	"percent": func(f float64) string { return fmt.Sprintf("%.0f %%", 100*f) },
}

const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// marked returns text as HTML with the words the index matched wrapped in
// <mark>. hl is text with <mark></mark> inserted by the index, unescaped. All
// of text is escaped; the only tags in the result are the mark tags the index
// inserted, found by walking hl and text side by side. A tag-like string that
// is part of text itself stays text. When hl is not text with marks inserted
// (or is empty) the result is text escaped, without highlights.
func marked(text, hl string) template.HTML {
	plain := template.HTML(template.HTMLEscapeString(text))
	if hl == "" {
		return plain
	}
	var b strings.Builder
	i, open := 0, false
	for j := 0; j < len(hl); {
		switch {
		case !open && strings.HasPrefix(hl[j:], markOpen) && !strings.HasPrefix(text[i:], markOpen):
			b.WriteString(markOpen)
			j += len(markOpen)
			open = true
		case open && strings.HasPrefix(hl[j:], markClose) && !strings.HasPrefix(text[i:], markClose):
			b.WriteString(markClose)
			j += len(markClose)
			open = false
		case i < len(text) && text[i] == hl[j]:
			// Escape a run of bytes shared by both, up to the next '<'
			// in hl, where a tag may start.
			k := 1
			for j+k < len(hl) && i+k < len(text) && hl[j+k] != '<' && hl[j+k] == text[i+k] {
				k++
			}
			b.WriteString(template.HTMLEscapeString(text[i : i+k]))
			i += k
			j += k
		default:
			return plain
		}
	}
	if open || i != len(text) {
		return plain
	}
	return template.HTML(b.String())
}

// stripMarks removes the <mark> tags the index inserted.
func stripMarks(s string) string {
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}

// itemsLabel shows the agenda points an attendee was present for: "alla"
// when not restricted, else "§2, §4–6".
func itemsLabel(items []int) string {
	if len(items) == 0 {
		return "alla"
	}
	var parts []string
	for i := 0; i < len(items); {
		j := i
		for j+1 < len(items) && items[j+1] == items[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("§%d–%d", items[i], items[j]))
		} else {
			parts = append(parts, fmt.Sprintf("§%d", items[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// baseName is the file name of a path.
func baseName(path string) string { return filepath.Base(path) }

// problemText names a QA problem of the import report in Swedish.
func problemText(p string) string {
	switch p {
	case importer.QANoAttendees:
		return "inga deltagare hittades"
	case importer.QANoItems:
		return "inga dagordningspunkter hittades"
	case importer.QANoDate:
		return "inget datum hittades"
	case importer.QAUnknownOrg:
		return "organisation som varken är kommun eller känd"
	}
	return p
}
