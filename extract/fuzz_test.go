package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest"
)

// FuzzExtract feeds arbitrary text through ingest and Extract and checks the
// invariants every meeting must keep.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examples, "*", "*.txt"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(doc("Närvarande: Anna A (S), Bo B, Ale, punkt 2-3", "§ 1 Öppnande", "Beslut att godkänna.", "Vid protokollet", "Bo B/XY")))
	f.Add([]byte(doc("| Namn | Organisation |", "|---|---|", "| Anna A | Ale |", "1) Start", "Beslut:", "- att a", "2) Slut")))
	f.Add([]byte(doc("Deltagare:", "Göteborgs Stad: Anna A, Bo B, Region Halland: Cia C", "**1. X**", "## 2. Y", "1. a", "2. b")))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ingest.Read("fuzz.txt", data)
		if err != nil {
			return
		}
		m := Extract(doc)
		for k, it := range m.Items {
			if k > 0 && it.Number != m.Items[k-1].Number+1 {
				t.Fatalf("items not consecutive: %+v", m.Items)
			}
			if it.Title == "" {
				t.Fatalf("item %d has no title", it.Number)
			}
		}
		numbers := map[int]bool{0: true}
		for _, it := range m.Items {
			numbers[it.Number] = true
		}
		for _, d := range m.Decisions {
			if !numbers[d.Item] || d.Text == "" {
				t.Fatalf("decision %+v: unknown item or empty", d)
			}
		}
		seen := map[string]bool{}
		for _, a := range m.Attendees {
			if a.Name == "" || seen[a.Name] {
				t.Fatalf("attendee %q empty or twice", a.Name)
			}
			seen[a.Name] = true
			if a.Municipality != "" && Municipality(a.Municipality) != a.Municipality {
				t.Fatalf("attendee %q: municipality %q is not canonical", a.Name, a.Municipality)
			}
		}
		if m.Date != "" && len(m.Date) != 10 {
			t.Fatalf("date %q", m.Date)
		}
	})
}
