package pdf

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// FuzzReadPDF feeds Read with mutated PDFs: the example minutes (compressed
// streams) and small hand-made files (plain streams, which mutate into new
// operators). No panic may reach Read's recover: Read recovers the
// library's panics per page itself. A document read must be consistent.
func FuzzReadPDF(f *testing.F) {
	for _, name := range pdfTestdata(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(simplePDF(&pdfFile{},
		"BT /F2 12 Tf 72 760 Td (Beslut:) Tj /F1 12 Tf 48 0 Td (Ja) Tj ET\n"+
			"BT /F1 12 Tf 72 700 Td 14 TL [(utveck-)-333(x)] TJ T* (ling) Tj 5 0 (2.) \" ET\n"+
			"q 1 0 0 1 10 10 cm BT /F1 10 Tf 280 40 Td (Sida 1 av 2) Tj ET Q",
		"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (rotated) Tj ET BI /W 1 /H 1 ID x EI"))
	// Tracked changes: a strike-through stroked and filled, an underline,
	// curves and a clipping path.
	f.Add(simplePDF(&pdfFile{},
		"BT /F1 12 Tf 72 700 Td (Beslut:) Tj ( F\366rslag att) Tj ( Ja) Tj ET\n"+
			"q 1 0 0 1 110 700 cm 0.7 w 0 3.3 m 70 3.3 l S 0 -1.2 m 70 -1.2 l h s Q\n"+
			"110 702.9 70 0.8 re f 10 10 m 20 20 30 30 40 40 c 50 50 60 60 v h b* 0 0 100 100 re W n"))
	f.Add(simplePDF(&pdfFile{compact: true, hybrid: true}, "BT /F1 12 Tf 72 700 Td (Hybrid) Tj ET"))
	f.Add(simplePDF(&pdfFile{compact: true}, "BT /F1 12 Tf 72 700 Td (Strömmar) Tj ET"))
	empty := ""
	f.Add(simplePDF(&pdfFile{encrypt: &empty}, "BT /F1 12 Tf 72 700 Td (krypterad) Tj ET"))

	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
			return // another reader's input
		}
		doc, err := readNamed("fuzz.pdf", data)
		if err != nil {
			var ie *textdoc.Error
			if !errors.As(err, &ie) || ie.File != "fuzz.pdf" || ie.Format != format {
				t.Fatalf("error %#v does not name the file", err)
			}
			if strings.Contains(err.Error(), "parser panic") {
				t.Fatalf("a panic reached Read: %v", err)
			}
			return
		}
		if doc.Pages < 1 {
			t.Fatalf("Pages = %d", doc.Pages)
		}
		page := 1
		for i, l := range doc.Lines {
			if l.Page < page || l.Page > doc.Pages {
				t.Fatalf("line %d on page %d after page %d of %d", i, l.Page, page, doc.Pages)
			}
			page = l.Page
			if strings.ContainsAny(l.Text, "\n\r") || l.Text != textdoc.Clean(l.Text) {
				t.Fatalf("line %d not clean: %q", i, l.Text)
			}
			if l.No != i+1 || l.Heading < 0 || l.Heading > 9 {
				t.Fatalf("line %d: %+v", i, l)
			}
		}
	})
}
