package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/ocr"
)

// TestReadScanned reads the example minutes rendered to 200 dpi images and
// wrapped as image-only PDFs (testdata/scans) by OCR: nearly every word of
// the text-layer PDF they were rendered from is read, and the document
// says it was read by OCR. CI installs tesseract; without it the test
// checks the error that says how to install it.
func TestReadScanned(t *testing.T) {
	scans, err := filepath.Glob(filepath.Join(testfiles.Dir(), "..", "scans", "*.pdf"))
	if err != nil || len(scans) == 0 {
		t.Fatalf("no scans: %v", err)
	}
	if err := ocr.Available(); err != nil {
		data, rerr := os.ReadFile(scans[0])
		if rerr != nil {
			t.Fatal(rerr)
		}
		_, rerr = Read("scan.pdf", data)
		if !errors.Is(rerr, ErrNoTextLayer) || !strings.Contains(rerr.Error(), "apt-get install tesseract-ocr tesseract-ocr-swe") {
			t.Errorf("without OCR: %v", rerr)
		}
		t.Skipf("OCR not tested: %v", err)
	}
	// The scans are 200 dpi images: rendering them finer adds nothing but
	// time. Outside CI one scan is read, to spare a shared machine.
	defer func(dpi int) { ocr.DPI = dpi }(ocr.DPI)
	ocr.DPI = 200
	if os.Getenv("CI") == "" {
		scans = scans[len(scans)-1:]
	}
	for _, scan := range scans {
		t.Run(filepath.Base(scan), func(t *testing.T) {
			doc, err := ReadFile(scan)
			if err != nil {
				t.Fatal(err)
			}
			if doc.OCRPages != doc.Pages || doc.OCRConfidence < 80 || doc.OCRConfidence > 100 {
				t.Errorf("OCR pages %d of %d, confidence %.1f", doc.OCRPages, doc.Pages, doc.OCRConfidence)
			}
			stem := strings.TrimSuffix(filepath.Base(scan), "--scan.pdf")
			orig, err := ReadFile(testfiles.Example(t, stem+"--pandoc.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			read := map[string]int{}
			for _, l := range doc.Lines {
				for _, w := range strings.Fields(l.Text) {
					read[w]++
				}
			}
			total, found := 0, 0
			for _, l := range orig.Lines {
				for _, w := range strings.Fields(l.Text) {
					total++
					if read[w] > 0 {
						read[w]--
						found++
					}
				}
			}
			if recall := float64(found) / float64(total); recall < 0.97 {
				t.Errorf("%d of %d words read (%.3f)", found, total, recall)
			}
		})
	}
}

// TestMergePages puts the pages read by OCR among the text layer's pages.
func TestMergePages(t *testing.T) {
	lines := []Line{{Text: "ett", Page: 1}, {Page: 1}, {Text: "tre", Page: 3}}
	got := mergePages(lines, map[int][]Line{2: {{Text: "två", Page: 2}}, 4: {{Text: "fyra", Page: 4}}})
	var s []string
	for _, l := range got {
		s = append(s, l.Text)
	}
	if strings.Join(s, "|") != "ett||två|tre||fyra" {
		t.Errorf("%q", s)
	}
}
