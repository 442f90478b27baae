package main

import (
	"strings"
	"testing"
)

// completions runs cobra's hidden completion command and returns the
// offered values (without descriptions) and the directive line.
func completions(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out := mustRun(t, append([]string{"__complete"}, args...)...)
	var values []string
	directive := ""
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, ":") {
			directive = l
			continue
		}
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, directive
}

func TestCompletion(t *testing.T) {
	dir := fixtureIndex(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"attendance", "--per", ""}, "year quarter month"},
		{[]string{"attendance", "--by", ""}, "municipality person"},
		{[]string{"decisions", "--sort", ""}, "relevance date"},
		{[]string{"meetings", "--municipality", "ocker"}, "Öckerö"},
		{[]string{"decisions", "--municipality", "Göteb"}, "Göteborg"},
		{[]string{"decisions", "--index", dir, "--body", "soc"}, "Socialchefsnätverket"},
		{[]string{"search", "--index", dir, "--body", "chefs"}, "IFO-chefsnätverket"},
		{[]string{"meetings", "--index", dir, "--body", ""}, "IFO-chefsnätverket Socialchefsnätverket"},
		{[]string{"show", "--index", dir, "aaaa"}, "aaaaaa0002 aaaaaa0001"},
		{[]string{"show", "--index", dir, "bb"}, "bbbbbb0003"},
	} {
		got, directive := completions(t, tc.args...)
		if strings.Join(got, " ") != tc.want || directive != ":4" { // 4: no file completion
			t.Errorf("complete %v: %q %s, want %q :4", tc.args, got, directive, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	out := mustRun(t, "version")
	if !strings.HasPrefix(out, "minutes ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: %q", out)
	}
	if flag := mustRun(t, "--version"); flag != out {
		t.Errorf("--version %q differs from version %q", flag, out)
	}
	if js := mustRun(t, "version", "--json"); !strings.Contains(js, `"go": "go1.`) || !strings.Contains(js, `"platform": "`) {
		t.Errorf("version --json: %s", js)
	}
}
