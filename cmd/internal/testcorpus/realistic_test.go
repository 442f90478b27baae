package testcorpus

import (
	"fmt"
	"slices"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/ingest"
)

// TestRealisticExtracts checks the generator and the extraction against each
// other: what Realistic says it wrote is what Extract finds, for many n.
func TestRealisticExtracts(t *testing.T) {
	total := 0
	for n := range 200 {
		text, want := Realistic(n)
		total += len(text)
		if len(text) < 4800 || len(text) > 7500 {
			t.Errorf("n=%d: %d bytes, want about 5–7 KB", n, len(text))
		}
		if a := len(want.Attendees); a < 12 || a > 22 {
			t.Errorf("n=%d: %d attendees, want 12–22", n, a)
		}
		if i := len(want.Items); i < 7 || i > 10 {
			t.Errorf("n=%d: %d agenda points, want 7–10", n, i)
		}
		if d := len(want.Decisions); d < 1 || d > 3 {
			t.Errorf("n=%d: %d decisions, want 1–3", n, d)
		}
		doc, err := ingest.Read("möte.txt", []byte(text))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		m := extract.Extract(doc)
		if m.Date != want.Date || m.Body != want.Body {
			t.Errorf("n=%d: date %q body %q, want %q %q", n, m.Date, m.Body, want.Date, want.Body)
		}
		if got := attendees(m.Attendees); !slices.Equal(got, attendees(want.Attendees)) {
			t.Errorf("n=%d: attendees\n got %v\nwant %v", n, got, attendees(want.Attendees))
		}
		if got := items(m.Items); !slices.Equal(got, items(want.Items)) {
			t.Errorf("n=%d: items\n got %v\nwant %v", n, got, items(want.Items))
		}
		if got := decisions(m.Decisions); !slices.Equal(got, decisions(want.Decisions)) {
			t.Errorf("n=%d: decisions\n got %v\nwant %v", n, got, decisions(want.Decisions))
		}
		if !slices.Equal(m.RecordedBy, want.RecordedBy) {
			t.Errorf("n=%d: recorded by %v, want %v", n, m.RecordedBy, want.RecordedBy)
		}
		if t.Failed() {
			t.Logf("n=%d:\n%s", n, text)
			return
		}
	}
	if mean := total / 200; mean < 5000 || mean > 7000 {
		t.Errorf("mean size %d bytes, want 5–7 KB", mean)
	}
}

// TestRealisticDiffers checks that the same n gives the same minutes and
// that different n give different meetings, many of them on a date shared
// with others.
func TestRealisticDiffers(t *testing.T) {
	if a, b := RealisticText(7), RealisticText(7); a != b {
		t.Fatal("Realistic(7) differs between calls")
	}
	const n = 2000
	prints := map[string]int{}
	dates := map[string]int{}
	for i := range n {
		_, w := Realistic(i)
		m := &minutes.Meeting{Date: w.Date, Attendees: w.Attendees, Items: w.Items, Decisions: w.Decisions}
		fp := minutes.Fingerprint(m)
		if j, ok := prints[fp]; ok {
			t.Fatalf("Realistic(%d) and Realistic(%d) are the same meeting", j, i)
		}
		prints[fp] = i
		dates[w.Date]++
	}
	shared := 0
	for _, c := range dates {
		if c > 1 {
			shared += c
		}
	}
	if shared < n/2 {
		t.Errorf("%d of %d meetings share their date with another, want most (%d dates)", shared, n, len(dates))
	}
}

func attendees(as []minutes.Attendee) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name+" | "+a.Organisation+" | "+a.Municipality)
	}
	return out
}

func items(is []minutes.AgendaItem) []string {
	var out []string
	for _, i := range is {
		out = append(out, fmt.Sprintf("%d %s", i.Number, i.Title))
	}
	return out
}

func decisions(ds []minutes.Decision) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d %s", d.Item, d.Text))
	}
	return out
}
