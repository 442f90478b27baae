// Package textdoc holds the shape every reader of package ingest emits: a
// Document of Lines, the Error that names a file and a position, and the
// causes to test with errors.Is. Package ingest re-exports these types; the
// readers (ingest/pdf, ingest/docx, ...) build them.
package textdoc

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"
)

// Format is the detected format of a file.
type Format string

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
	// it, such as a PDF page that could not be read; each is an *Error
	// naming the file and, where there is one, the page.
	Warnings []error
	// OCRPages is the number of pages read by optical character
	// recognition (scanned pages); OCRConfidence is the mean confidence of
	// their words, 0-100. Names read by OCR need checking.
	OCRPages      int
	OCRConfidence float64
}

// Sentinel causes, to be tested with errors.Is.
var (
	ErrNoText      = errors.New("no text")
	ErrNoTextLayer = errors.New("no text layer: scanned PDF? OCR is needed")
	ErrTooLarge    = errors.New("file too large")
	ErrEncrypted   = errors.New("password-protected")
	ErrCorrupt     = errors.New("corrupt file")
	ErrUnsupported = errors.New("unsupported format")
	ErrEmpty       = errors.New("empty file")
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

// Finish runs a reader of format on the file name and gives its result the
// shape package ingest promises: a panic is recovered as ErrCorrupt, errors
// and warnings are *Errors naming the file and format, lines are numbered,
// and a document without text is ErrNoText (ErrNoTextLayer for a PDF).
func Finish(name string, format Format, read func() (*Document, error)) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = &Error{File: name, Format: format, Err: fmt.Errorf("%w: parser panic: %v", ErrCorrupt, r)}
			if os.Getenv("MINUTES_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	doc, err = read()
	if err != nil {
		return nil, Name(err, name, format)
	}
	doc.Name = name
	doc.Format = format
	for i, w := range doc.Warnings {
		doc.Warnings[i] = Name(w, name, format)
	}
	for i := range doc.Lines {
		if doc.Lines[i].No == 0 {
			doc.Lines[i].No = i + 1
		}
	}
	if !HasText(doc.Lines) {
		if format == "pdf" {
			return nil, &Error{File: name, Format: format, Err: ErrNoTextLayer}
		}
		return nil, &Error{File: name, Format: format, Err: ErrNoText}
	}
	return doc, nil
}

// Name returns err as an *Error naming the file and format, keeping the
// position of an *Error err already is.
func Name(err error, name string, format Format) error {
	var e *Error
	if errors.As(err, &e) {
		e.File, e.Format = name, format
		return e
	}
	return &Error{File: name, Format: format, Err: err}
}

// HasText reports whether any line has text.
func HasText(lines []Line) bool {
	for _, l := range lines {
		if l.Text != "" {
			return true
		}
	}
	return false
}
