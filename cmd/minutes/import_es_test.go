package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
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

// esImportJSON runs `minutes import --es URL --json -v --report R src` and
// returns the summary, the report's failures, stderr and the exit status.
func esImportJSON(t *testing.T, url, src string) (importer.Summary, []importer.Failure, string, int) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	out, errOut, code := runCLI(t, "import", "--es", url, "--json", "-v", "--report", report, src)
	var s importer.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("summary: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	var rep struct {
		Failures []importer.Failure `json:"failures"`
	}
	b, err := os.ReadFile(report)
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return s, rep.Failures, errOut, code
}

// failedNames returns the base names of the failed files, sorted.
func failedNames(fs []importer.Failure) []string {
	var out []string
	for _, f := range fs {
		out = append(out, filepath.Base(f.File))
	}
	slices.Sort(out)
	return out
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
		return 200, f.Answer(acts, func(a esfake.Action) string {
			if n == 2 && bOnly(a) {
				return esfake.ItemError(a.ID, 429, "es_rejected_execution_exception", "rejected execution")
			}
			return ""
		})
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

func TestImportESItemRejected(t *testing.T) {
	f := esfake.New(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 200, f.Answer(acts, func(a esfake.Action) string {
			if bOnly(a) {
				return esfake.ItemError(a.ID, 400, "mapper_parsing_exception", "failed to parse field [title]")
			}
			return ""
		})
	}
	ts := f.Start()
	src := esCorpus(t)
	s, rep, errOut, code := esImportJSON(t, ts.URL, src)
	if code != 1 || s.Imported != 2 || s.Failed != 1 {
		t.Fatalf("exit %d, summary %+v, want exit 1, 2 imported, 1 failed\n%s", code, s, errOut)
	}
	if got := failedNames(s.Failures); !slices.Equal(got, []string{"b.txt"}) || !strings.Contains(s.Failures[0].Error, "mapper_parsing_exception") {
		t.Errorf("summary failures %+v, want b.txt's mapper_parsing_exception", s.Failures)
	}
	if got := failedNames(rep); !slices.Equal(got, []string{"b.txt"}) {
		t.Errorf("report failures %+v", rep)
	}
	// The per-file log line gives the confirmed outcome, never "imported"
	// for a file whose write failed.
	for _, line := range strings.Split(errOut, "\n") {
		if strings.Contains(line, "b.txt") && strings.Contains(line, "msg=imported") {
			t.Errorf("log line says imported for a failed file: %s", line)
		}
	}
	if got := esFileRecords(f); !slices.Equal(got, []string{"a.txt", "c.txt"}) {
		t.Errorf("file records %q, want a.txt and c.txt", got)
	}

	// The next run, with the server healthy, retries exactly b.txt.
	f.Mu.Lock()
	f.Bulk = nil
	f.Mu.Unlock()
	s, _, errOut, code = esImportJSON(t, ts.URL, src)
	want := map[string]string{"a.txt": "unchanged", "b.txt": "imported", "c.txt": "unchanged"}
	if got := esOutcomes(t, errOut); code != 0 || s.Imported != 1 || s.Unchanged != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("second run: exit %d, summary %+v, outcomes %v, want %v", code, s, got, want)
	}
	if got := esFileRecords(f); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt"}) {
		t.Errorf("file records %q", got)
	}
}

func TestImportESRequestRejected(t *testing.T) {
	f := esfake.New(t)
	var bad atomic.Bool
	bad.Store(true)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		if bad.Load() {
			return 400, `{"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"Limit of total fields [1000] has been exceeded"}],"type":"illegal_argument_exception","reason":"Limit of total fields [1000] has been exceeded"},"status":400}`
		}
		return 200, f.ApplyAll(acts)
	}
	ts := f.Start()
	src := esCorpus(t)
	s, rep, errOut, code := esImportJSON(t, ts.URL, src)
	all := []string{"a.txt", "b.txt", "c.txt"}
	if code != 1 || s.Failed != 3 || !slices.Equal(failedNames(s.Failures), all) || !slices.Equal(failedNames(rep), all) {
		t.Fatalf("exit %d, summary %+v, report %+v; want exit 1 and every file failed\n%s", code, s, rep, errOut)
	}
	// A 400 is not retried, and no file record was sent.
	seen := map[string]bool{}
	for _, r := range f.Find("POST", "/_bulk") {
		acts, _ := esfake.ParseBulk(r.Body)
		for _, a := range acts {
			if seen[a.ID] || strings.HasPrefix(a.ID, "/") {
				t.Errorf("%s %s sent again or a file record sent", a.Op, a.ID)
			}
			seen[a.ID] = true
		}
	}
	if ids := f.DocIDs(); len(ids) != 0 {
		t.Errorf("index holds %q", ids)
	}
	bad.Store(false)
	s, _, errOut, code = esImportJSON(t, ts.URL, src)
	want := map[string]string{"a.txt": "imported", "b.txt": "imported", "c.txt": "imported"}
	if got := esOutcomes(t, errOut); code != 0 || s.Imported != 3 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("second run: exit %d, summary %+v, outcomes %v, want %v", code, s, got, want)
	}
}
