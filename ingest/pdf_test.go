package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestPDFDump prints the lines of the testdata PDFs when MINUTES_PDF_DUMP is
// set: an aid for tuning, not a test.
func TestPDFDump(t *testing.T) {
	pat := os.Getenv("MINUTES_PDF_DUMP")
	if pat == "" {
		t.Skip("set MINUTES_PDF_DUMP to a glob under testdata/minutes")
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "minutes", pat))
	for _, f := range files {
		doc, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s %q %q %v %v pages=%d\n", f, doc.Title, doc.Author, doc.Created, doc.Modified, doc.Pages)
		for _, l := range doc.Lines {
			fmt.Printf("%d h%d b%-5v %q\n", l.Page, l.Heading, l.Bold, l.Text)
		}
	}
}
