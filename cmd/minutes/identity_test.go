package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

// One meeting, one truth: the identity and content rules through the CLI.

// copyExamples copies the example minutes of both networks (a text file and
// its PDF and DOCX twins each) into a new folder.
func copyExamples(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "minutes", "*", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("examples: %v, %v", paths, err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(src, filepath.Base(filepath.Dir(p)), filepath.Base(p)), string(data))
	}
	return src
}

// showJSON returns `show ID --json` of the index in idx.
func showJSON(t *testing.T, idx, id string) string {
	t.Helper()
	return mustRun(t, "show", "--index", idx, "--json", id)
}

// TestSixImportsShowTheSame imports the twin folder into six fresh indexes,
// with workers finishing in any order: every meeting shows the same.
func TestSixImportsShowTheSame(t *testing.T) {
	if testing.Short() {
		t.Skip("imports PDF and DOCX twins six times")
	}
	src := copyExamples(t)
	var first map[string]string
	for run := range 6 {
		idx := t.TempDir()
		if s, errOut, code := importJSON(t, idx, "--workers", "4", src); code != 0 || s.Imported != 2 {
			t.Fatalf("run %d: exit %d, %+v\n%s", run, code, s, errOut)
		}
		shows := map[string]string{}
		for _, m := range countMeetings(t, idx) {
			shows[m.ID] = showJSON(t, idx, m.ID)
		}
		if run == 0 {
			first = shows
			for id, js := range shows {
				var m minutes.Meeting
				if err := json.Unmarshal([]byte(js), &m); err != nil {
					t.Fatal(err)
				}
				if !strings.HasSuffix(m.ContentFrom, ".txt") || m.Sources[0].Path != m.ContentFrom {
					t.Errorf("meeting %s: content from %q, first source %q; want the text file", id, m.ContentFrom, m.Sources[0].Path)
				}
			}
			continue
		}
		if len(shows) != len(first) {
			t.Fatalf("run %d: %d meetings, want %d", run, len(shows), len(first))
		}
		for id, js := range shows {
			if js != first[id] {
				t.Errorf("run %d: show %s differs:\n%s\nwant\n%s", run, id, js, first[id])
			}
		}
	}
}

// twinText is invented minutes of one meeting; decision is its decision.
func twinText(name, decision string) string {
	return `Minnesanteckningar Socialchefsnätverket 2023-03-15

NÄRVARANDE:

Anna Ek, Göteborg
` + name + `, Öckerö
Cia Berg, Partille
Dan Holm, Lerum
Eva Lind, Ale
Fia Ström, Kungälv

1. Välkommen

Ordföranden hälsar välkomna.

2. Socionomprogrammet

Samverkan om praktikplatser.

Beslut: ` + decision + `

3. Övrigt

Inget.
`
}

// TestCorrectThenPrune corrects one twin, then removes it: the meeting says
// what the remaining file says.
func TestCorrectThenPrune(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	said := "Nätverket ställer sig bakom överenskommelsen."
	txt := writeFile(t, filepath.Join(src, "2023-03-15 möte.txt"), twinText("Bo Strand", said))
	writeFile(t, filepath.Join(src, "kopia", "möte.md"), twinText("Bo Strand", said))
	if s, errOut, code := importJSON(t, idx, src); code != 0 || s.Imported != 1 || s.Merged != 1 {
		t.Fatalf("first import: exit %d, %+v\n%s", code, s, errOut)
	}
	corrected := "Nätverket ställer sig INTE bakom överenskommelsen."
	writeFile(t, txt, twinText("Bo Strand", corrected))
	s, errOut, code := importJSON(t, idx, src)
	if code != 0 || s.Updated != 1 || len(countMeetings(t, idx)) != 1 {
		t.Fatalf("after the correction: exit %d, %+v, %d meetings\n%s", code, s, len(countMeetings(t, idx)), errOut)
	}
	if out := mustRun(t, "decisions", "--index", idx, "bakom"); !strings.Contains(out, "INTE") {
		t.Errorf("decisions after the correction:\n%s", out)
	}
	if len(s.QA.Disagreements) != 1 || !strings.HasSuffix(s.QA.Disagreements[0].ContentFrom, "möte.txt") {
		t.Errorf("QA disagreements: %+v", s.QA.Disagreements)
	}
	id := countMeetings(t, idx)[0].ID
	if out := mustRun(t, "show", "--index", idx, id); !strings.Contains(out, "möte.txt (content from here, text") {
		t.Errorf("show does not say where the content comes from:\n%s", out)
	}

	if err := os.Remove(txt); err != nil {
		t.Fatal(err)
	}
	if s, errOut, code := importJSON(t, idx, "--prune", src); code != 0 || s.Removed != 1 {
		t.Fatalf("import --prune: exit %d, %+v\n%s", code, s, errOut)
	}
	out := mustRun(t, "decisions", "--index", idx, "bakom")
	if strings.Contains(out, "INTE") || !strings.Contains(out, "möte.md") {
		t.Errorf("decisions after the prune still say what the removed file said:\n%s", out)
	}
	list := countMeetings(t, idx)
	if len(list) != 1 || len(list[0].Sources) != 1 {
		t.Fatalf("meetings after the prune: %+v", list)
	}
}

// TestTypoInOneTwinKeepsOneMeeting: a name misspelt in one copy is one
// meeting, attendance counts it once, and the QA report says what differs.
func TestTypoInOneTwinKeepsOneMeeting(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "a-möte.txt"), twinText("Bo Strand", "Inget beslut."))
	writeFile(t, filepath.Join(src, "b-kopia.md"), twinText("Bo Strannd", "Inget beslut."))
	report := filepath.Join(t.TempDir(), "qa.json")
	s, errOut, code := importJSON(t, idx, "--report", report, src)
	if code != 0 || s.Imported != 1 || s.Merged != 1 {
		t.Fatalf("exit %d, %+v\n%s", code, s, errOut)
	}
	if n := len(countMeetings(t, idx)); n != 1 {
		t.Errorf("%d meetings, want 1", n)
	}
	out := mustRun(t, "attendance", "--index", idx, "--json")
	if !strings.Contains(out, `"Öckerö"`) || strings.Contains(out, `"2023":2`) {
		t.Errorf("attendance counts the meeting twice or not at all:\n%s", out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		QA importer.QAReport `json:"qa"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	d := r.QA.Disagreements
	if len(d) != 1 || len(d[0].Files) != 1 || !strings.HasSuffix(d[0].Files[0].File, "b-kopia.md") ||
		!strings.Contains(strings.Join(d[0].Files[0].Differs, ";"), `has "Bo Strannd"`) {
		t.Errorf("report disagreements: %+v", d)
	}
	// The human summary says it too.
	human, _, _ := runCLI(t, "import", "--index", idx, src)
	if !strings.Contains(human, "Meetings whose files disagree (1)") || !strings.Contains(human, "Bo Strannd") {
		t.Errorf("summary:\n%s", human)
	}
}

// templateText is undated minutes of a weekly meeting numbered n: the same
// people and headings every week.
func templateText(n, decision string) string {
	return "Mötesprotokoll " + n + `

Närvarande: Anna Ek, Bo Strand, Cia Berg

1. Föregående protokoll

2. Veckans ärenden

Beslut: ` + decision + `

3. Nästa möte
`
}

// TestUndatedTemplatesStayApart: two undated minutes of one template are
// two meetings, whatever the files are called; identical text under two
// names is one.
func TestUndatedTemplatesStayApart(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "protokoll-8.txt"), templateText("8", "Inga beslut."))
	writeFile(t, filepath.Join(src, "protokoll-14.txt"), templateText("14", "Inga beslut."))
	writeFile(t, filepath.Join(src, "2019-03 team.txt"), templateText("15", "Budgeten antogs."))
	writeFile(t, filepath.Join(src, "team-kopia.txt"), templateText("15", "Budgeten antogs."))
	s, errOut, code := importJSON(t, idx, src)
	if code != 0 || s.Imported != 3 || s.Merged != 1 {
		t.Fatalf("exit %d, %+v\n%s", code, s, errOut)
	}
	if n := len(countMeetings(t, idx)); n != 3 {
		t.Errorf("%d meetings, want 3", n)
	}
}
