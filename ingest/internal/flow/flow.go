// Package flow builds the Lines of a word-processor document from the
// paragraphs, line breaks, table cells and list numbers its reader finds, in
// the shape the DOCX reader gives them: a paragraph's lines followed by an
// empty line, a list paragraph's number before its text ("1. Inledning"), a
// table row as one line "| cell | cell |", and a table followed by an empty
// line. The .doc, .odt and RTF readers share it.
package flow

import (
	"strings"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Builder collects a document's text. The zero value is ready to use.
type Builder struct {
	out   []textdoc.Line
	lines []*line  // the open paragraph's lines
	cells []string // the open row's finished cells
	cell  []string // the open cell's paragraphs
	bold  bool     // the open row or cell has only bold text
	text  bool     // ... and has text
	rows  int      // rows of the open table
}

// line is one line of the open paragraph.
type line struct {
	b    strings.Builder
	text bool // has text other than white space
	bold bool // all its text is bold
}

func (b *Builder) last() *line {
	if len(b.lines) == 0 {
		b.lines = append(b.lines, &line{})
	}
	return b.lines[len(b.lines)-1]
}

// Write adds text to the open paragraph.
func (b *Builder) Write(s string, bold bool) {
	if s == "" {
		return
	}
	l := b.last()
	l.b.WriteString(s)
	if strings.TrimSpace(s) != "" {
		l.bold = bold && (l.bold || !l.text)
		l.text = true
	}
}

// Len returns the number of bytes of text written so far, a measure for
// the readers' limits.
func (b *Builder) Len() int {
	n := 0
	for _, l := range b.lines {
		n += l.b.Len()
	}
	for _, l := range b.out {
		n += len(l.Text)
	}
	return n
}

// Break starts a new line within the open paragraph.
func (b *Builder) Break() {
	b.last()
	b.lines = append(b.lines, &line{})
}

// EndParagraph ends the open paragraph outside tables: it closes an open
// table, then writes the paragraph's lines, the first prefixed with label
// (a list number, "" for none), at the heading level (0 for body text), and
// an empty line.
func (b *Builder) EndParagraph(label string, heading int) {
	b.EndTable()
	lines := b.lines
	b.lines = nil
	if len(lines) == 0 {
		lines = []*line{{}}
	}
	for i, l := range lines {
		t := l.b.String()
		if i == 0 && label != "" {
			t = label + " " + t
		}
		out := textdoc.Line{Text: textdoc.Clean(t)}
		if out.Text != "" {
			out.Heading = heading
			out.Bold = l.text && l.bold
		}
		b.out = append(b.out, out)
	}
	b.out = append(b.out, textdoc.Line{})
}

// EndCellParagraph ends a paragraph inside a table cell: its text, label
// first, becomes part of the cell.
func (b *Builder) EndCellParagraph(label string) {
	var parts []string
	for _, l := range b.lines {
		t := strings.TrimSpace(strings.ReplaceAll(textdoc.Clean(l.b.String()), "\t", " "))
		if t != "" {
			parts = append(parts, t)
		}
		if l.text {
			b.bold = l.bold && (b.bold || !b.text)
			b.text = true
		}
	}
	b.lines = nil
	if len(parts) == 0 {
		return
	}
	t := strings.Join(parts, " ")
	if label != "" {
		t = label + " " + t
	}
	b.cell = append(b.cell, t)
}

// EndCell ends a table cell, ending its open paragraph.
func (b *Builder) EndCell() {
	if len(b.lines) > 0 {
		b.EndCellParagraph("")
	}
	b.cells = append(b.cells, strings.Join(b.cell, " "))
	b.cell = nil
}

// EndRow ends a table row, writing it as "| cell | cell |" unless all its
// cells are empty.
func (b *Builder) EndRow() {
	if len(b.lines) > 0 || len(b.cell) > 0 {
		b.EndCell()
	}
	cells, bold, text := b.cells, b.bold, b.text
	b.cells, b.bold, b.text = nil, false, false
	empty := true
	for i, c := range cells {
		empty = empty && c == ""
		cells[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	if empty {
		return
	}
	b.rows++
	b.out = append(b.out, textdoc.Line{Text: "| " + strings.Join(cells, " | ") + " |", Bold: text && bold})
}

// EndTable ends an open table with an empty line.
func (b *Builder) EndTable() {
	if len(b.cells) > 0 || len(b.cell) > 0 {
		b.EndRow()
	}
	if b.rows > 0 {
		b.out = append(b.out, textdoc.Line{})
		b.rows = 0
	}
}

// Lines ends what is open and returns the document's lines.
func (b *Builder) Lines() []textdoc.Line {
	if len(b.lines) > 0 {
		b.EndParagraph("", 0)
	}
	b.EndTable()
	return b.out
}
