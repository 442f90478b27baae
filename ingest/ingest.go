// Package ingest turns the bytes of a minutes file (plain text or Markdown, PDF,
// DOCX) into clean lines of text with their positions. It detects the format
// from the content, never from the file name.
//
// Every reader emits the same shape: one Line per visual line, an empty Line
// between paragraphs, and the heading level and boldness of a line where the
// format tells them. Extraction rules can therefore treat all formats alike.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"
)

// Format is the detected format of a file.
type Format string

// The formats ingest reads.
const (
	Text Format = "text"
	PDF  Format = "pdf"
	DOCX Format = "docx"
)

// MaxFileSize is the largest file ReadFile accepts.
const MaxFileSize = 256 << 20

// Line is one line of text of a document.
type Line struct {
	Text    string // the text, NFC, without trailing white space
	Page    int    // 1-based page; 0 for formats without pages
	No      int    // 1-based line number within the document
	Heading int    // heading level from the source's styles (1-9); 0 for body text
	Bold    bool   // the whole line is set in bold
}

// Document is a file's text as lines, with the metadata the file carries.
type Document struct {
	Name     string // file name as given to Read
	Format   Format
	Title    string // PDF Info or docProps title
	Author   string
	Created  time.Time
	Modified time.Time
	Pages    int // number of pages (PDF); 0 otherwise
	Lines    []Line
	// Warnings are problems that lost part of the document but not all of
	// it, such as a PDF page that could not be read; each is an *Error.
	Warnings []error
}

// Sentinel causes, to be tested with errors.Is.
var (
	ErrNoText      = errors.New("no text")
	ErrNoTextLayer = errors.New("no text layer: scanned PDF? OCR is needed")
	ErrTooLarge    = errors.New("file too large")
	ErrEncrypted   = errors.New("encrypted file")
	ErrCorrupt     = errors.New("corrupt file")
	ErrUnsupported = errors.New("unsupported format")
)

// Error is an error reading a file, with the position where it occurred when
// known. It wraps the cause.
type Error struct {
	File   string // file name
	Format Format // detected format, if any
	Page   int    // 1-based page, 0 if unknown
	Line   int    // 1-based line, 0 if unknown
	Err    error  // the cause
}

func (e *Error) Error() string {
	pos := e.File
	if e.Page > 0 {
		pos += fmt.Sprintf(": page %d", e.Page)
	}
	if e.Line > 0 {
		pos += fmt.Sprintf(": line %d", e.Line)
	}
	if e.Format != "" {
		return fmt.Sprintf("%s: %s: %v", pos, e.Format, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

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
		if isDOCX(data) {
			return DOCX, ""
		}
		return Unsupported, "a zip archive that is not a Word document (DOCX)"
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		return Unsupported, "a legacy Word .doc or password-protected Office file: save it as .docx or PDF"
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return Unsupported, "RTF: save it as .docx, PDF or text"
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

// Read ingests data, naming it name in errors. A panic in a parser is
// recovered and returned as an error naming the file.
func Read(name string, data []byte) (doc *Document, err error) {
	format, why := detect(data)
	if format == Unsupported {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: %s", ErrUnsupported, why)}
	}
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &Error{File: name, Format: format, Err: fmt.Errorf("%w: parser panic: %v", ErrCorrupt, r)}
			if os.Getenv("MINUTES_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	switch format {
	case PDF:
		doc, err = readPDF(data)
	case DOCX:
		doc, err = readDOCX(data)
	default:
		doc, err = readText(data)
	}
	if err != nil {
		var ie *Error
		if errors.As(err, &ie) {
			ie.File, ie.Format = name, format
			return nil, ie
		}
		return nil, &Error{File: name, Format: format, Err: err}
	}
	doc.Name = name
	doc.Format = format
	for _, w := range doc.Warnings {
		var ie *Error
		if errors.As(w, &ie) {
			ie.File, ie.Format = name, format
		}
	}
	number(doc.Lines)
	if !hasText(doc.Lines) {
		if format == PDF {
			return nil, &Error{File: name, Format: format, Err: ErrNoTextLayer}
		}
		return nil, &Error{File: name, Format: format, Err: ErrNoText}
	}
	return doc, nil
}

// number sets each line's number where the reader left it unset.
func number(lines []Line) {
	for i := range lines {
		if lines[i].No == 0 {
			lines[i].No = i + 1
		}
	}
}

func hasText(lines []Line) bool {
	for _, l := range lines {
		if l.Text != "" {
			return true
		}
	}
	return false
}
