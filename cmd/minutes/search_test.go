package main

import (
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
