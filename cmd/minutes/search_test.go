package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

func TestSearch(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "search", "--index", dir, "kvinnofrid")
	for _, want := range []string{"2021-03-10", "Socialchefsnätverket", "§2 Kvinnofrid", "meeting-1.txt", "«", "1 agenda point"} {
		if !strings.Contains(out, want) {
			t.Errorf("search lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, "search", "--index", dir, "--json", "praktikplatser", "socionomprogrammet")
	var hits []index.ItemHit
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].MeetingID != "aaaaaa0002" || hits[0].Number != 1 || !strings.Contains(hits[0].Highlight, "<mark>") {
		t.Errorf("hits %+v", hits)
	}
	out = mustRun(t, "search", "--index", dir, "--to", "2021", "praktikplatser")
	if strings.TrimSpace(out) != "No agenda points found." {
		t.Errorf("--to 2021: %q", out)
	}
	if _, _, code := runCLI(t, "search", "--index", dir); code != 1 {
		t.Errorf("search without query: exit %d, want 1", code)
	}
}

func TestSearchCSV(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "search", "--index", dir, "--csv", "kvinnofrid")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != "date,body,item,title,match,source,meeting_id,score" {
		t.Fatalf("csv:\n%s", out)
	}
	r := rows[1]
	if r[0] != "2021-03-10" || r[2] != "2" || r[3] != "Kvinnofrid" || !strings.Contains(r[4], "kvinnofrid") ||
		strings.Contains(r[4], "<mark>") || r[5] != "/protokoll/meeting-1.txt" || r[6] != "aaaaaa0001" {
		t.Errorf("row %q", r)
	}
	if _, stderr, code := runCLI(t, "search", "--index", dir, "--csv", "--json", "kvinnofrid"); code != 1 || !strings.Contains(stderr, "--json and --csv") {
		t.Errorf("--csv --json: exit %d, %q", code, stderr)
	}
}
