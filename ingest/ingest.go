// Package ingest turns the bytes of a minutes file (plain text or Markdown, PDF,
// DOCX) into clean lines of text with their positions. It detects the format
// from the content, never from the file name.
//
// Every reader emits the same shape: one Line per visual line, an empty Line
// between paragraphs, and the heading level and boldness of a line where the
// format tells them. Extraction rules can therefore treat all formats alike.
//
// Each format has its own reader package (ingest/pdf, ingest/docx,
// ingest/text); Read detects the format and hands the bytes to its reader.
package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/goteborgsregionen/minutes/ingest/doc"
	"github.com/goteborgsregionen/minutes/ingest/docx"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
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
)

// Clean normalises one line of text; see textdoc.Clean.
func Clean(s string) string { return textdoc.Clean(s) }

// Unsupported is the format Detect gives to files it knows it cannot read:
// legacy Word (.doc) and password-protected Office files, RTF, other zip
// archives, and binary files.
const Unsupported Format = "unsupported"

// Detect returns the format of data from its content: PDF by its "%PDF-"
// header, DOCX by a zip archive with a WordprocessingML main part, text when
// it reads as text, and Unsupported otherwise.
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
	format, why := detect(data)
	if format == Unsupported {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: %s", ErrUnsupported, why)}
	}
	var read func([]byte) (*Document, error)
	switch format {
	case PDF:
		read = pdf.Read
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
