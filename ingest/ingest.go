// Package ingest turns the bytes of a minutes file (plain text or Markdown,
// PDF, scanned PDF, DOCX, Word 97-2003 .doc, OpenDocument .odt, RTF) into
// clean lines of text with their positions. It detects the format
// from the content, never from the file name.
//
// Every reader emits the same shape: one Line per visual line, an empty Line
// between paragraphs, and the heading level and boldness of a line where the
// format tells them. Extraction rules can therefore treat all formats alike.
//
// Each format has its own reader package (ingest/pdf with ingest/ocr for
// scanned pages, ingest/docx, ingest/doc, ingest/odt, ingest/rtf,
// ingest/text); Read detects the format and hands the bytes to its reader.
package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/goteborgsregionen/minutes/ingest/doc"
	"github.com/goteborgsregionen/minutes/ingest/docx"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
	"github.com/goteborgsregionen/minutes/ingest/ocr"
	"github.com/goteborgsregionen/minutes/ingest/odt"
	"github.com/goteborgsregionen/minutes/ingest/pdf"
	"github.com/goteborgsregionen/minutes/ingest/rtf"
	"github.com/goteborgsregionen/minutes/ingest/text"
)

// Format is the detected format of a file.
type Format = textdoc.Format

// The formats ingest reads.
const (
	Text Format = "text"
	PDF  Format = "pdf"
	DOCX Format = "docx"
	RTF  Format = "rtf"
	ODT  Format = "odt"
	DOC  Format = "doc"
)

// MaxFileSize is the largest file ReadFile accepts.
const MaxFileSize = 256 << 20

// Line is one line of text of a document.
type Line = textdoc.Line

// Document is a file's text as lines, with the metadata the file carries.
type Document = textdoc.Document

// Error is an error reading a file, with the position where it occurred when
// known. It wraps the cause.
type Error = textdoc.Error

// Sentinel causes, to be tested with errors.Is.
var (
	ErrNoText      = textdoc.ErrNoText
	ErrNoTextLayer = textdoc.ErrNoTextLayer
	ErrTooLarge    = textdoc.ErrTooLarge
	ErrEncrypted   = textdoc.ErrEncrypted
	ErrCorrupt     = textdoc.ErrCorrupt
	ErrUnsupported = textdoc.ErrUnsupported
	ErrEmpty       = textdoc.ErrEmpty
)

// Clean normalises one line of text; see textdoc.Clean.
func Clean(s string) string { return textdoc.Clean(s) }

// Unsupported is the format Detect gives to files it knows it cannot read:
// password-protected Office files, Excel and PowerPoint files, other zip
// archives, and binary files.
const Unsupported Format = "unsupported"

// Detect returns the format of data from its content: PDF by its "%PDF-"
// header, DOCX by a zip archive with a WordprocessingML main part, ODT by a
// zip whose mimetype is an OpenDocument text, .doc by an OLE2 file with a
// WordDocument stream, RTF by "{\rtf", text when it reads as text, and
// Unsupported otherwise.
func Detect(data []byte) Format {
	f, _ := detect(data)
	return f
}

// detect is Detect with the reason a file is unsupported.
func detect(data []byte) (Format, string) {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return PDF, ""
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if docx.Is(data) {
			return DOCX, ""
		}
		if odt.Is(data) {
			return ODT, ""
		}
		return Unsupported, "a zip archive that is not a Word document (DOCX)"
	case doc.IsOLE(data):
		switch doc.Kind(data) {
		case "doc":
			return DOC, ""
		case "encrypted":
			return Unsupported, "a password-protected Office file: remove the password and save it again"
		case "xls", "ppt":
			return Unsupported, "an Excel or PowerPoint file, not minutes in Word"
		}
		return Unsupported, "an Office file (OLE2) without a Word document"
	case rtf.Is(data):
		return RTF, ""
	case isBinary(head):
		return Unsupported, "binary data, not text, PDF or DOCX"
	}
	return Text, ""
}

// isBinary reports whether the start of a file holds NUL bytes outside
// UTF-16 text.
func isBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}

// ReadFile reads and ingests the named file.
func ReadFile(name string) (*Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxFileSize>>20)}
	}
	return Read(name, data)
}

// Read ingests data, naming it name in errors. A panic in a reader is
// recovered and returned as an error naming the file.
func Read(name string, data []byte) (*Document, error) {
	if len(data) == 0 {
		return nil, &Error{File: name, Err: ErrEmpty}
	}
	format, why := detect(data)
	if format == Unsupported {
		if w := misnamed(name, data); w != "" {
			why = w
		}
		return nil, &Error{File: name, Err: fmt.Errorf("%w: %s", ErrUnsupported, why)}
	}
	var read func([]byte) (*Document, error)
	switch format {
	case PDF:
		read = readPDF
	case DOCX:
		read = docx.Read
	case RTF:
		read = rtf.Read
	case ODT:
		read = odt.Read
	case DOC:
		read = doc.Read
	default:
		read = text.Read
	}
	return textdoc.Finish(name, format, func() (*Document, error) { return read(data) })
}

// readPDF reads a PDF's text layer and its scanned pages by OCR. Without
// OCR installed, a file of scans only is ErrNoTextLayer saying how to
// install it, and the scanned pages of a mixed file are warnings.
func readPDF(data []byte) (*Document, error) {
	doc, scans, err := pdf.ReadScanned(data)
	if err != nil || len(scans) == 0 {
		return doc, err
	}
	pages, err := ocr.Pages(context.Background(), data, scans)
	if err != nil {
		if !textdoc.HasText(doc.Lines) {
			return nil, fmt.Errorf("%w: %w", ErrNoTextLayer, err)
		}
		for _, p := range scans {
			doc.Warnings = append(doc.Warnings, &Error{Page: p, Err: fmt.Errorf("scanned page not read: %w", err)})
		}
		return doc, nil
	}
	var sum float64
	words := 0
	byPage := map[int][]Line{}
	for _, p := range pages {
		if p.Err != nil {
			doc.Warnings = append(doc.Warnings, &Error{Page: p.No, Err: p.Err})
			continue
		}
		for i := range p.Lines {
			p.Lines[i].Page = p.No
		}
		byPage[p.No] = p.Lines
		doc.OCRPages++
		sum += p.Confidence * float64(p.Words)
		words += p.Words
	}
	if words > 0 {
		doc.OCRConfidence = sum / float64(words)
	}
	doc.Lines = mergePages(doc.Lines, byPage)
	return doc, nil
}

// mergePages inserts the lines of the pages read by OCR among the text
// layer's lines, in page order.
func mergePages(lines []Line, byPage map[int][]Line) []Line {
	if len(byPage) == 0 {
		return lines
	}
	var nos []int
	for p := range byPage {
		nos = append(nos, p)
	}
	slices.Sort(nos)
	out := make([]Line, 0, len(lines))
	i := 0
	for _, p := range nos {
		for i < len(lines) && (lines[i].Page <= p || lines[i].Page == 0 && len(out) > 0 && out[len(out)-1].Page <= p) {
			out = append(out, lines[i])
			i++
		}
		if len(out) > 0 && out[len(out)-1].Text != "" {
			out = append(out, Line{Page: p})
		}
		out = append(out, byPage[p]...)
	}
	return append(out, lines[i:]...)
}

// Extensions are the file name extensions of the formats Read reads, lower
// case. Read detects the format from the content; a folder walk uses these
// to choose the files to read and to count those it passes over.
var Extensions = []string{".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".doc", ".odt", ".ott", ".rtf"}

// Supported reports whether the file name has one of Extensions, in any
// case.
func Supported(name string) bool {
	return slices.Contains(Extensions, strings.ToLower(filepath.Ext(name)))
}

// misnamed says why a file whose content Read cannot read is not what its
// name says it is, "" when its name says nothing.
func misnamed(name string, data []byte) string {
	zip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".pdf":
		return "not a PDF (no %PDF header)"
	case (ext == ".docx" || ext == ".odt") && !zip:
		return "a " + ext + " that is not a zip archive"
	case ext == ".doc" && !doc.IsOLE(data):
		return "not a Word 97-2003 .doc (no OLE2 header)"
	case ext == ".rtf":
		return "not an RTF file (no {\\rtf header)"
	}
	return ""
}
