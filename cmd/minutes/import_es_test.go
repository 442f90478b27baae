package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goteborgsregionen/minutes/internal/esfake"
)

// Imports into a fake Elasticsearch that fails writes the ways issue 11
// lists: the exit status, the files named, what the index holds and what the
// next run retries.

// esImport runs `minutes import --es URL -v src` and returns stdout, stderr
// (a log line per file) and the exit status.
func esImport(t *testing.T, url, src string) (string, string, int) {
	t.Helper()
	return runCLI(t, "import", "--es", url, "-v", src)
}

// esOutcomes returns the outcome the import logged for each file, by base
// name.
func esOutcomes(t *testing.T, stderr string) map[string]string {
	t.Helper()
	out := map[string]string{}
	re := regexp.MustCompile(`file="?([^" ]+)"?.*outcome=(\w+)|outcome=(\w+).*file="?([^" ]+)"?`)
	for _, line := range strings.Split(stderr, "\n") {
		m := re.FindStringSubmatch(line)
		switch {
		case m == nil:
		case m[1] != "":
			out[filepath.Base(m[1])] = m[2]
		default:
			out[filepath.Base(m[4])] = m[3]
		}
	}
	return out
}

// esCorpus writes three minutes, a.txt b.txt c.txt (meetings 1, 2, 3).
func esCorpus(t *testing.T) string {
	src := t.TempDir()
	for i, name := range []string{"a.txt", "b.txt", "c.txt"} {
		writeFile(t, filepath.Join(src, name), minutesText(i+1))
	}
	return src
}

// esFileRecords returns the base names of the files the fake index holds a
// record of.
func esFileRecords(f *esfake.Server) []string {
	var out []string
	for _, id := range f.DocIDs() {
		if strings.HasPrefix(id, "/") {
			out = append(out, filepath.Base(id))
		}
	}
	slices.Sort(out)
	return out
}

// esImportAll imports esCorpus into f and fails the test unless every file
// is imported and recorded.
func esImportAll(t *testing.T, f *esfake.Server) {
	t.Helper()
	ts := f.Start()
	out, errOut, code := esImport(t, ts.URL, esCorpus(t))
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if got := esFileRecords(f); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt"}) {
		t.Errorf("file records %q", got)
	}
	want := map[string]string{"a.txt": "imported", "b.txt": "imported", "c.txt": "imported"}
	if got := esOutcomes(t, errOut); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", got, want)
	}
}

// bOnly reports whether a bulk action writes a document of b.txt's meeting
// holding its agenda point "Socionomprogrammet 2" (the meeting and item
// documents).
func bOnly(a esfake.Action) bool {
	return strings.Contains(string(a.Doc), `Socionomprogrammet 2"`)
}

func TestImportES429ThenSuccess(t *testing.T) {
	f := esfake.New(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		if n == 1 {
			return 429, `{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution"}],"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}`
		}
		var items []string
		for _, a := range acts {
			if n == 2 && bOnly(a) {
				items = append(items, esfake.ItemError(a.ID, 429, "es_rejected_execution_exception", "rejected execution"))
				continue
			}
			items = append(items, f.Apply(a))
		}
		return 200, esfake.BulkAnswer(items)
	}
	esImportAll(t, f)
}

// TestImportESConnectionDropped drops the connection of the first bulk
// request after the server applied it: the request is sent again and the
// import succeeds.
func TestImportESConnectionDropped(t *testing.T) {
	f := esfake.New(t)
	var dropped atomic.Bool
	f.Hook = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		if r.URL.Path != "/_bulk" || dropped.Swap(true) {
			return false
		}
		f.ApplyAndHangUp(w, body)
		return true
	}
	esImportAll(t, f)
}
