package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

func TestDecisionsHuman(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "decisions", "--index", dir, "socionomprogram")
	for _, want := range []string{
		"DATE", "DECISION",
		"2021-03-10", "Socialchefsnätverket", "§1 Socionomprogrammet", "meeting-1.txt p.2",
		"«socionomprogrammet»", // matches marked when not on a terminal
		"2022-05-04", "§1 Praktikplatser", "meeting-2.txt",
		"2 decisions",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Budgeten") || strings.Contains(out, "\x1b[") {
		t.Errorf("output has a non-matching decision or escape codes:\n%s", out)
	}
}

func TestDecisionsJSON(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "decisions", "--index", dir, "--json", "--sort", "date", "socionomprogram")
	var hits []index.DecisionHit
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(hits) != 2 {
		t.Fatalf("%d hits, want 2:\n%s", len(hits), out)
	}
	if hits[0].Date != "2022-05-04" || hits[1].Date != "2021-03-10" {
		t.Errorf("--sort date: dates %s, %s; want newest first", hits[0].Date, hits[1].Date)
	}
	h := hits[1]
	if h.MeetingID != "aaaaaa0001" || h.Item != 1 || h.ItemTitle != "Socionomprogrammet" ||
		h.Source != "/protokoll/meeting-1.txt" || h.Page != 2 || !strings.Contains(h.Highlight, "<mark>") {
		t.Errorf("hit = %+v", h)
	}

	// Nothing found is an empty array, not null.
	out = mustRun(t, "decisions", "--index", dir, "--json", "rymdfärja")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("no hits: %q, want []", out)
	}
}

func TestDecisionsFilters(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "decisions", "--index", dir, "--json", "--from", "2022")
	var hits []index.DecisionHit
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Errorf("--from 2022 without query: %d hits, want 2 (all decisions of 2022)", len(hits))
	}
	out = mustRun(t, "decisions", "--index", dir, "--json", "--body", "ifo-chefsnätverket")
	hits = nil
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Text != "Budgeten fastställs." {
		t.Errorf("--body: %+v", hits)
	}
	out = mustRun(t, "decisions", "--index", dir, "--json", "--municipality", "Öckerö")
	hits = nil
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Errorf("--municipality Öckerö: %d hits, want the 2 decisions of the 2021 meeting", len(hits))
	}
	for _, args := range [][]string{
		{"--from", "2022-13"},
		{"--sort", "random"},
		{"--from", "2023", "--to", "2022"},
	} {
		_, errOut, code := runCLI(t, append([]string{"decisions", "--index", dir, "x"}, args...)...)
		if code != 1 || !strings.Contains(errOut, args[0]) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and an error naming the flag", args, code, errOut)
		}
	}
}

func TestDecisionsCSV(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "decisions", "--index", dir, "--csv", "hedersrelaterat våld")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want header and 1:\n%s", len(rows), out)
	}
	if got := strings.Join(rows[0], ","); got != "date,body,item,item_title,text,source,page,meeting_id,score" {
		t.Errorf("header %q", got)
	}
	r := rows[1]
	if r[0] != "2021-03-10" || r[2] != "2" || r[3] != "Kvinnofrid" || strings.Contains(r[4], "<mark>") ||
		!strings.Contains(r[4], "hedersrelaterat våld") || r[5] != "/protokoll/meeting-1.txt" {
		t.Errorf("row %q", r)
	}
}
