package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

func TestCheck(t *testing.T) {
	full := &minutes.Meeting{
		ID: "m1", Date: "2022-11-30",
		Attendees: []minutes.Attendee{
			{Name: "A", Organisation: "Göteborgs Stad", Municipality: "Göteborg"},
			{Name: "B", Organisation: "GR"},
			{Name: "C"},
		},
		Items: []minutes.AgendaItem{{Number: 1, Title: "Välkommen"}},
	}
	if f := Check("a.txt", full); f != nil {
		t.Errorf("complete meeting flagged: %+v", f)
	}
	fileDateOnly := *full
	fileDateOnly.Date, fileDateOnly.FileDate = "", "2022-11"
	if f := Check("a.txt", &fileDateOnly); f != nil {
		t.Errorf("meeting with a file date flagged: %+v", f)
	}

	empty := &minutes.Meeting{ID: "file-x"}
	f := Check("b.txt", empty)
	if f == nil || strings.Join(f.Problems, ",") != "no_attendees,no_items,no_date" || f.File != "b.txt" || f.MeetingID != "file-x" {
		t.Errorf("empty meeting: %+v", f)
	}

	// A file read by OCR is checked by hand even when nothing is missing.
	scanned := *full
	scanned.Sources = []minutes.Source{{Path: "s.pdf", OCR: "read by OCR: check names (2 of 2 pages, mean confidence 88%)"}}
	f = Check("s.pdf", &scanned)
	if f == nil || strings.Join(f.Problems, ",") != QAReadByOCR || !strings.HasPrefix(f.OCR, "read by OCR: check names") {
		t.Errorf("scanned meeting: %+v", f)
	}
	if f := Check("a.txt", &scanned); f != nil {
		t.Errorf("another file of a scanned meeting flagged: %+v", f)
	}

	// The real gazetteer: a company and an association are known, a made-up
	// organisation is not; each unknown one is named once.
	odd := *full
	odd.Attendees = append(append([]minutes.Attendee(nil), full.Attendees...),
		minutes.Attendee{Name: "D", Organisation: "Rymdbolaget AB"},
		minutes.Attendee{Name: "E", Organisation: "Kvinnojouren Frida"},
		minutes.Attendee{Name: "F", Organisation: "Kvinnojouren Frida"},
		minutes.Attendee{Name: "G", Organisation: "Foo Bar"},
	)
	f = Check("c.txt", &odd)
	if f == nil || strings.Join(f.Problems, ",") != "unknown_organisation" ||
		strings.Join(f.UnknownOrganisations, "|") != "Foo Bar|Kvinnojouren Frida" {
		t.Errorf("unknown organisations: %+v", f)
	}

	// A stand-in gazetteer is asked only about attendees without municipality.
	old := orgKind
	t.Cleanup(func() { orgKind = old })
	var asked []string
	orgKind = func(org string) string { asked = append(asked, org); return "" }
	Check("a.txt", full)
	if strings.Join(asked, ",") != "GR" {
		t.Errorf("asked about %q, want only GR", asked)
	}
}

func TestCapped(t *testing.T) {
	c := capped[int]{max: 3}
	if c.list() == nil {
		t.Error("empty list is nil")
	}
	for i := range 10 {
		c.add(i)
	}
	if len(c.items) != 3 || c.omitted != 7 {
		t.Errorf("capped: %v, %d omitted", c.items, c.omitted)
	}
}

func TestTallyBoundedAndSummary(t *testing.T) {
	tl := newTally()
	tl.failures.max, tl.findings.max = 2, 2
	for i := range 5 {
		tl.fail(fmt.Sprintf("/f/%d.pdf", 4-i), errors.New("bad"))
		tl.ok(fmt.Sprintf("/q/%d.txt", i), "imported", &minutes.Meeting{})
	}
	tl.ok("/ok.txt", "unchanged", nil) // unchanged without a stored meeting
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s := tl.summary(start, start.Add(2*time.Second))
	if s.Failed != 5 || len(s.Failures) != 2 || s.FailuresOmitted != 3 || s.Failures[0].File != "/f/3.pdf" {
		t.Errorf("failures: %d %+v %d", s.Failed, s.Failures, s.FailuresOmitted)
	}
	if s.QA.Checked != 5 || len(s.QA.Findings) != 2 || s.QA.Omitted != 3 || s.QA.Counts[QANoDate] != 5 {
		t.Errorf("qa: %+v", s.QA)
	}
	if s.Imported != 5 || s.Unchanged != 1 || s.Total() != 11 || s.FilesPerSec != 5.5 {
		t.Errorf("counts: %+v", s)
	}
}

func TestCause(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&ingest.Error{File: "/x/a.pdf", Format: ingest.PDF, Page: 3, Err: ingest.ErrNoTextLayer}, "page 3: pdf: no text layer: scanned PDF? OCR is needed"},
		{&ingest.Error{File: "/x/a.txt", Format: ingest.Text, Err: ingest.ErrNoText}, "text: no text"},
		{&fs.PathError{Op: "open", Path: "/x/a.txt", Err: fs.ErrPermission}, "open: permission denied"},
		{fmt.Errorf("read folder: %w", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrPermission}), "read folder: open: permission denied"},
		{errors.New("store in the index: boom"), "store in the index: boom"},
	} {
		if got := Cause(tc.err); got != tc.want {
			t.Errorf("Cause(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
