package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
)

func TestShowHuman(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "show", "--index", dir, "aaaaaa0001")
	for _, want := range []string{
		"Meeting      aaaaaa0001",
		"Date         2021-03-10",
		"Body         Socialchefsnätverket",
		"Recorded by  Cia Berg",
		"Sources (1)", "/protokoll/meeting-1.txt (text, 1000 B, sha256 111111111111)",
		"Attendees (3)",
		"Bo Strand", "2–4, 7",
		"Agenda (2 points)",
		"  §1 Socionomprogrammet",
		"      Samverkan med Göteborgs universitet",
		"      Decision: Nätverket ställer sig bakom samverkan om socionomprogrammet.",
		"  §2 Kvinnofrid",
		"Decisions: 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Anna Ek") && !(strings.Contains(l, "Göteborgs Stad") && strings.Contains(l, "Göteborg") && strings.HasSuffix(l, "all")) {
			t.Errorf("attendee line %q: want organisation, municipality and all points", l)
		}
	}
}

func TestShowPrefixAndJSON(t *testing.T) {
	dir := fixtureIndex(t)
	out := mustRun(t, "show", "--index", dir, "--json", "bbbbbb")
	var m minutes.Meeting
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != "bbbbbb0003" || len(m.Attendees) != 2 || m.Attendees[1].Municipality != "Partille" || len(m.Sources) != 1 {
		t.Errorf("meeting %+v", m)
	}
	for _, tc := range []struct{ id, want string }{
		{"aaaaaa", "ambiguous"},
		{"bbbb", "at least 6"},
		{"cccccccc", "no meeting"},
	} {
		_, errOut, code := runCLI(t, "show", "--index", dir, tc.id)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("show %s: exit %d, stderr %q; want %q", tc.id, code, errOut, tc.want)
		}
	}
}

func TestFormatItems(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{nil, "all"}, {[]int{3}, "3"}, {[]int{5, 4}, "4–5"}, {[]int{2, 4, 5, 6, 8, 8}, "2, 4–6, 8"},
	} {
		if got := formatItems(tc.in); got != tc.want {
			t.Errorf("formatItems(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
