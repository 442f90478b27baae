package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldens = "../testdata/golden"

// exampleFiles lists the example minutes in every format.
func exampleFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(examples, "*", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example minutes in %s: %v", examples, err)
	}
	return files
}

func extractPath(t testing.TB, path string) *minutes.Meeting {
	t.Helper()
	doc, err := ingest.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Extract(doc)
}

// TestGolden compares the whole extraction of every example file, in every
// format, with its golden JSON. Run with -update to rewrite them after an
// intended change, and review the diff.
func TestGolden(t *testing.T) {
	for _, path := range exampleFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			m := extractPath(t, path)
			got, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join(goldens, name+".json")
			if *update {
				if err := os.MkdirAll(goldens, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s differs from %s:\n%s", name, golden, diffLines(string(want), string(got)))
			}
		})
	}
}

// contract is the part of a meeting that must not depend on the file format.
type contract struct {
	Date       string
	Attendees  []string
	Items      []string
	Decisions  []string
	RecordedBy []string
}

func contractOf(m *minutes.Meeting) contract {
	c := contract{Date: m.When(), RecordedBy: m.RecordedBy}
	for _, a := range m.Attendees {
		c.Attendees = append(c.Attendees, fmtAttendee(a.Name, a.Municipality, a.Items))
	}
	for _, it := range m.Items {
		c.Items = append(c.Items, it.Title)
	}
	for _, d := range m.Decisions {
		c.Decisions = append(c.Decisions, d.Text)
	}
	return c
}

// TestFormatsAgree checks that the PDF and DOCX renderings of an example give
// the same structure and the same meeting ID as its original text.
func TestFormatsAgree(t *testing.T) {
	originals := map[string]*minutes.Meeting{}
	for _, path := range exampleFiles(t) {
		if strings.HasSuffix(path, ".txt") {
			originals[stem(path)] = extractPath(t, path)
		}
	}
	for _, path := range exampleFiles(t) {
		orig, ok := originals[stem(path)]
		if !ok {
			t.Fatalf("%s: no original .txt", path)
		}
		m := extractPath(t, path)
		if got, want := contractOf(m), contractOf(orig); !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from its original:\n got %+v\nwant %+v", filepath.Base(path), got, want)
		}
		if m.ID != orig.ID || m.ID == "" {
			t.Errorf("%s: meeting ID %q, original's %q", filepath.Base(path), m.ID, orig.ID)
		}
	}
}

// stem is a file name without its "--variant" and extension.
func stem(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if k := strings.Index(base, "--"); k >= 0 {
		base = base[:k]
	}
	return base
}

// diffLines shows the first lines where two texts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + itoa(i+1) + ":\n  want " + wl + "\n   got " + gl + "\n")
			if shown++; shown == 8 {
				break
			}
		}
	}
	return b.String()
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
