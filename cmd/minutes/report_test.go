package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

func TestWriteSummary(t *testing.T) {
	s := importer.Summary{
		Imported: 5, Unchanged: 1, Failed: 5, Seconds: 2, FilesPerSec: 5.5,
		Skipped: 2, SkippedTypes: map[string]int{"": 1, ".pptx": 1},
		Warnings:        []importer.Warning{{File: "/q/0.txt", Page: 3, Warning: "page 3: pdf: corrupt file"}},
		Failures:        []importer.Failure{{File: "/f/3.pdf", Error: "bad"}, {File: "/f/4.pdf", Error: "bad"}},
		FailuresOmitted: 3,
		QA: importer.QAReport{
			Checked: 5,
			Counts:  map[string]int{importer.QANoAttendees: 5, importer.QANoItems: 5, importer.QANoDate: 5},
			Findings: []importer.Finding{
				{File: "/q/0.txt", Problems: []string{importer.QANoAttendees, importer.QANoItems, importer.QANoDate}},
				{File: "/q/1.txt", Date: "2022-11-30", Problems: []string{importer.QAUnknownOrg}, UnknownOrganisations: []string{"Foo", "Bar"}},
			},
			Omitted: 3,
		},
	}
	var b bytes.Buffer
	if err := writeSummary(&b, &s, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Processed 11 files in 2s (5.5 files/s)",
		"  skipped    2  unsupported without extension, .pptx\n",
		"Parts not read, the rest imported (1):\n  /q/0.txt: page 3: pdf: corrupt file\n",
		"Failed files (5):\n  /f/3.pdf: bad\n  /f/4.pdf: bad\n  … and 3 more\n",
		"To check by hand (5 of 5 files): no attendees 5, no agenda points 5, no date 5\n",
		"  /q/0.txt: no attendees; no agenda points; no date\n",
		"  /q/1.txt (2022-11-30): unknown organisations Foo, Bar\n",
		"  … and 3 more\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestWriteReport(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "qa.json")
	s := importer.Summary{Failed: 1, Failures: []importer.Failure{{File: "a.pdf", Error: "pdf: corrupt file"}},
		QA: importer.QAReport{Checked: 1, Counts: map[string]int{}, Findings: []importer.Finding{}}}
	if err := writeReport(name, &s, time.Now()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(name)
	if err != nil || !strings.Contains(string(data), `"file": "a.pdf"`) {
		t.Errorf("report %s, %v", data, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := writeReport(filepath.Join(dir, "no", "such", "dir.json"), &s, time.Now()); err == nil {
		t.Error("no error for a report in a missing folder")
	}
}
