package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

func TestResolveMunicipality(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Göteborgs Stad", "Göteborg"},
		{"Härryda kommun", "Härryda"},
		{"Goteborg", "Göteborg"},
		{"GÖTEBORG", "Göteborg"},
		{"ockero", "Öckerö"},
		{"OCKERO kommun", "Öckerö"},
		{"kungalvs kommun", "Kungälv"},
		{"lilla edet", "Lilla Edet"},
		{"  ", ""},
	} {
		got, err := resolveMunicipality(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("resolveMunicipality(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, closest string }{
		{"Götebrog", "Göteborg"},
		{"Kungsbaka", "Kungsbacka"},
		{"Möln", "Mölndal"},
	} {
		_, err := resolveMunicipality(tc.in)
		if err == nil || !strings.Contains(err.Error(), "no such municipality") || !strings.Contains(err.Error(), tc.closest) {
			t.Errorf("resolveMunicipality(%q): %v; want an error naming %s", tc.in, err, tc.closest)
		}
	}
}

func TestMunicipalityAndBodyFilters(t *testing.T) {
	dir := fixtureIndex(t)
	ids := func(args ...string) string {
		var list []index.MeetingSummary
		if err := json.Unmarshal([]byte(mustRun(t, append([]string{"meetings", "--index", dir, "--json"}, args...)...)), &list); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range list {
			out = append(out, m.ID)
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--municipality", "Göteborgs Stad"}, "bbbbbb0003 aaaaaa0002 aaaaaa0001"},
		{[]string{"--municipality", "goteborg"}, "bbbbbb0003 aaaaaa0002 aaaaaa0001"},
		{[]string{"--municipality", "Partille kommun"}, "bbbbbb0003"},
		{[]string{"--municipality", "OCKERO"}, "aaaaaa0001"},
		{[]string{"--body", "socialchef"}, "aaaaaa0002 aaaaaa0001"},
		{[]string{"--body", "SOCIALCHEFSNÄTVERKET"}, "aaaaaa0002 aaaaaa0001"},
		{[]string{"--body", "chefsnät"}, "bbbbbb0003"}, // a word of IFO-chefsnätverket
		{[]string{"--body", "nätverket"}, ""},
	} {
		if got := ids(tc.args...); got != tc.want {
			t.Errorf("meetings %v: %q, want %q", tc.args, got, tc.want)
		}
	}
	_, stderr, code := runCLI(t, "decisions", "--index", dir, "--municipality", "Götebrog")
	if code != 1 || !strings.Contains(stderr, `--municipality "Götebrog": no such municipality; closest: Göteborg`) {
		t.Errorf("unknown municipality: exit %d, %q", code, stderr)
	}
}
