package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
)

// TestListsSayWhenCut: every list cut at --limit says so, on stdout in a
// table and on stderr with --json and --csv; --limit 0 lists all.
func TestListsSayWhenCut(t *testing.T) {
	dir := fixtureIndex(t)
	for _, c := range []struct {
		args []string
		note string // the end of the table when cut at 1
		all  string // the end of the table with --limit 0
	}{
		{[]string{"decisions"}, "1 of 4 decisions shown; --limit 0 for all", "4 decisions"},
		{[]string{"meetings"}, "1 of 3 meetings shown; --limit 0 for all", "3 meetings"},
		{[]string{"search", "socionomprogram"}, "1 of 2 agenda points shown; --limit 0 for all", "2 agenda points"},
	} {
		args := append(append([]string{}, c.args...), "--index", dir)
		out := mustRun(t, append(args, "--limit", "1")...)
		if last := lastLine(out); last != c.note {
			t.Errorf("%v --limit 1: last line %q, want %q", c.args, last, c.note)
		}
		out = mustRun(t, append(args, "--limit", "0")...)
		if last := lastLine(out); last != c.all {
			t.Errorf("%v --limit 0: last line %q, want %q", c.args, last, c.all)
		}
		for _, form := range []string{"--json", "--csv"} {
			stdout, stderr, code := runCLI(t, append(args, "--limit", "1", form)...)
			if code != 0 || !strings.Contains(stderr, c.note) || strings.Contains(stdout, "shown") {
				t.Errorf("%v --limit 1 %s: exit %d, stderr %q; want the note on stderr only", c.args, form, code, stderr)
			}
			_, stderr, _ = runCLI(t, append(args, "--limit", "0", form)...)
			if stderr != "" {
				t.Errorf("%v --limit 0 %s: stderr %q", c.args, form, stderr)
			}
		}
	}

	// --limit 0 is all, not "nothing found"; a negative limit is refused.
	var hits []index.DecisionHit
	if err := json.Unmarshal([]byte(mustRun(t, "decisions", "--index", dir, "--json", "--limit", "0", "socionomprogram")), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Errorf("--limit 0 socionomprogram: %d hits, want 2", len(hits))
	}
	if _, stderr, code := runCLI(t, "meetings", "--index", dir, "--limit", "-3"); code != 1 || !strings.Contains(stderr, "--limit -3") {
		t.Errorf("--limit -3: exit %d, %q", code, stderr)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestMissingIndex: every query on a folder without an index is exit 1 with
// what to do, and creates nothing.
func TestMissingIndex(t *testing.T) {
	for _, args := range [][]string{
		{"decisions", "budget"}, {"attendance"}, {"meetings"}, {"search", "budget"}, {"show", "abcdef123456"},
	} {
		dir := filepath.Join(t.TempDir(), "typo", "idx")
		stdout, stderr, code := runCLI(t, append(args, "--index", dir)...)
		want := "minutes: no index at " + dir + "; run `minutes import` first\n"
		if code != 1 || stderr != want || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1, %q", args, code, stdout, stderr, want)
		}
		if _, err := os.Stat(filepath.Dir(dir)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%v created %s (%v)", args, filepath.Dir(dir), err)
		}
	}
}
