package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

func TestMeetingsHuman(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "meetings", "--index", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 { // header, 3 meetings, blank, count
		t.Fatalf("lines:\n%s", out)
	}
	if f := strings.Fields(lines[1]); strings.Join(f, " ") != "bbbbbb0003 2022-11-30 IFO-chefsnätverket 2 1 1 meeting-3.txt" {
		t.Errorf("newest first: %q", lines[1])
	}
	if !strings.Contains(lines[3], "aaaaaa0001") || !strings.Contains(lines[3], "Minnesanteckningar") {
		t.Errorf("oldest last: %q", lines[3])
	}
	if lines[5] != "3 meetings" {
		t.Errorf("count %q", lines[5])
	}
}

func TestMeetingsJSONAndCSV(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "meetings", "--index", dir, "--json", "--body", "Socialchefsnätverket", "--limit", "1")
	var list []index.MeetingSummary
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != "aaaaaa0002" || list[0].Sources[0] != "/protokoll/meeting-2.txt" {
		t.Errorf("--limit 1 --body: %+v", list)
	}
	out = mustRun(t, "meetings", "--index", dir, "--csv", "--municipality", "partille")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[1], "|") != "bbbbbb0003|2022-11-30|IFO-chefsnätverket||2|1|1|/protokoll/meeting-3.txt" {
		t.Errorf("csv:\n%s", out)
	}
	out = mustRun(t, "meetings", "--index", dir, "--from", "2030")
	if strings.TrimSpace(out) != "No meetings found." {
		t.Errorf("empty: %q", out)
	}
}
