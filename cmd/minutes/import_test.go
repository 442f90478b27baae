package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/cmd/internal/testcorpus"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/ingest"
)

var (
	minutesText = testcorpus.MinutesText
	writeFile   = testcorpus.WriteFile
)

// importJSON imports args into the index in dir with --json and returns the
// summary, stderr and exit status.
func importJSON(t testing.TB, dir string, args ...string) (importer.Summary, string, int) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"import", "--index", dir, "--json"}, args...)...)
	var s importer.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("summary: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	return s, errOut, code
}

// countMeetings returns the meetings in the index in dir.
func countMeetings(t testing.TB, dir string) []index.MeetingSummary {
	t.Helper()
	var list []index.MeetingSummary
	if err := json.Unmarshal([]byte(mustRun(t, "meetings", "--index", dir, "--json", "--limit", "10000")), &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestImportFolderTwice(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "2023-02-01 socialchefsnatverket.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "sub", "möte.md"), minutesText(2))
	writeFile(t, filepath.Join(src, "sub", "deep", "NOTES.TXT"), minutesText(3))
	// Skipped by the walk:
	writeFile(t, filepath.Join(src, ".hidden.txt"), minutesText(4))
	writeFile(t, filepath.Join(src, ".git", "x.txt"), minutesText(5))
	writeFile(t, filepath.Join(src, "~$lock.docx"), "lock")
	writeFile(t, filepath.Join(src, "readme.pptx"), minutesText(6))

	s, errOut, code := importJSON(t, idx, src)
	if code != 0 || s.Imported != 3 || s.Merged+s.Updated+s.Unchanged+s.Failed != 0 {
		t.Fatalf("first import: exit %d, summary %+v\n%s", code, s, errOut)
	}
	// Plain log lines, one per file, as stderr is not a terminal.
	if n := strings.Count(errOut, "outcome=imported"); n != 3 {
		t.Errorf("%d log lines with outcome=imported, want 3:\n%s", n, errOut)
	}
	if !strings.Contains(errOut, "file=\""+filepath.Join(src, "sub", "möte.md")) || !strings.Contains(errOut, "meeting=") {
		t.Errorf("log lines lack file or meeting:\n%s", errOut)
	}
	if got := len(countMeetings(t, idx)); got != 3 {
		t.Fatalf("%d meetings after the first import, want 3", got)
	}

	s, _, code = importJSON(t, idx, src)
	if code != 0 || s.Unchanged != 3 || s.Imported+s.Merged+s.Updated+s.Failed != 0 {
		t.Errorf("second import: exit %d, summary %+v; want 3 unchanged", code, s)
	}
	if got := len(countMeetings(t, idx)); got != 3 {
		t.Errorf("%d meetings after the second import, want still 3", got)
	}
}

func TestImportHumanSummary(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "b.txt"), "Anteckningar utan struktur.\n")
	out, _, code := runCLI(t, "import", "--index", idx, src)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, re := range []string{`(?m)^  imported +2 +new meetings$`, `(?m)^  merged +0 `, `(?m)^  failed +0$`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("summary does not match %s:\n%s", re, out)
		}
	}
	for _, want := range []string{
		"Processed 2 files in",
		"To check by hand (1 of 2 files): no attendees 1, no agenda points 1, no date 1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if re := regexp.QuoteMeta(filepath.Join(src, "b.txt")) + ".*: no attendees; no agenda points; no date\n"; !regexp.MustCompile(re).MatchString(out) {
		t.Errorf("summary does not list b.txt with its problems:\n%s", out)
	}
	if strings.Contains(out, "a.txt:") {
		t.Errorf("the complete minutes are listed to check:\n%s", out)
	}
}

func TestImportFolderThroughSymlink(t *testing.T) {
	real, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(real, "sub", "a.txt"), minutesText(1))
	link := filepath.Join(t.TempDir(), "protokoll")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	s, errOut, code := importJSON(t, idx, link)
	if code != 0 || s.Imported != 1 {
		t.Fatalf("exit %d, %+v\n%s", code, s, errOut)
	}
	list := countMeetings(t, idx)
	if len(list) != 1 || list[0].Sources[0] != filepath.Join(link, "sub", "a.txt") {
		t.Errorf("meetings %+v; want the source under the name given", list)
	}
}

func TestImportExplicitFilesAndOverlaps(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	txt := writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	xls := writeFile(t, filepath.Join(src, "b.xls"), minutesText(2))
	hidden := writeFile(t, filepath.Join(src, ".old", "c.txt"), minutesText(3))
	// a.txt is named twice and reached by the walk of src: imported once.
	// b.xls and .old/c.txt are not walked but named: tried.
	s, errOut, code := importJSON(t, idx, src, txt, txt, xls, hidden, src+"/")
	if code != 0 || s.Imported != 3 || s.Total() != 3 {
		t.Errorf("exit %d, summary %+v; want 3 files imported once each\n%s", code, s, errOut)
	}
}

func TestImportFailuresDoNotStopTheBatch(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "good.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "corrupt.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\x00\x01\x02")
	writeFile(t, filepath.Join(src, "empty.txt"), "")
	writeFile(t, filepath.Join(src, "zz-good.docx"), "") // an empty "docx": text format, no text
	writeFile(t, filepath.Join(src, "zzz.txt"), minutesText(2))
	missing := filepath.Join(src, "missing.txt")
	report := filepath.Join(t.TempDir(), "qa.json")

	out, errOut, code := runCLI(t, "import", "--index", idx, "--report", report, src, missing)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, re := range []string{`(?m)^  imported +2 `, `(?m)^  failed +4$`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("summary does not match %s:\n%s", re, out)
		}
	}
	for _, want := range []string{
		"Failed files (4):",
		filepath.Join(src, "corrupt.pdf") + ": pdf: ",
		filepath.Join(src, "empty.txt") + ": empty file",
		missing + ": stat: no such file or directory",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(errOut, "level=error"); n != 4 {
		t.Errorf("%d error lines, want 4:\n%s", n, errOut)
	}
	if strings.Contains(errOut, "minutes: ") {
		t.Errorf("errFailed printed as an error:\n%s", errOut)
	}

	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r reportFile
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Failed != 4 || len(r.Failures) != 4 || r.Failures[0].File != filepath.Join(src, "corrupt.pdf") || r.QA.Checked != 2 || r.Index != idx {
		t.Errorf("report %s", data)
	}

	s, _, code := importJSON(t, idx, src)
	if code != 1 || s.Failed != 3 || s.Unchanged != 2 || len(s.Failures) != 3 {
		t.Errorf("--json again: exit %d, %+v", code, s)
	}
}

func TestImportTwinsBecomeOneMeeting(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	for _, name := range []string{
		"2022-11-30 socialchefsnatverket.txt",
		"2022-11-30 socialchefsnatverket--pandoc.pdf",
		"2022-11-30 socialchefsnatverket--wordisms.docx",
	} {
		data, err := os.ReadFile(exampleFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(src, name), string(data))
	}
	s, errOut, code := importJSON(t, idx, src)
	if code != 0 || s.Imported != 1 || s.Merged != 2 {
		t.Fatalf("exit %d, summary %+v; want 1 imported, 2 merged\n%s", code, s, errOut)
	}
	list := countMeetings(t, idx)
	if len(list) != 1 || len(list[0].Sources) != 3 || list[0].Date != "2022-11-30" {
		t.Fatalf("meetings %+v; want one of 2022-11-30 with 3 sources", list)
	}
	out := mustRun(t, "show", "--index", idx, "--json", list[0].ID[:8])
	var m minutes.Meeting
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	formats := map[string]bool{}
	for _, s := range m.Sources {
		formats[s.Format] = true
		if !filepath.IsAbs(s.Path) || len(s.SHA256) != 64 || s.Size == 0 {
			t.Errorf("source %+v: want an absolute path, sha256 and size", s)
		}
		if s.Format == "pdf" && s.Pages == 0 {
			t.Errorf("PDF source without pages: %+v", s)
		}
	}
	if len(formats) != 3 {
		t.Errorf("source formats %v, want text, pdf and docx", formats)
	}
}

func TestImportRepoTestdata(t *testing.T) {
	idx := t.TempDir()
	s, errOut, code := importJSON(t, idx, filepath.Join("..", "..", "testdata", "minutes"))
	if code != 0 || s.Failed != 0 || s.Imported != 2 || s.Imported+s.Merged != 26 {
		t.Fatalf("exit %d, summary %+v\n%s", code, s, errOut)
	}
	if got := len(countMeetings(t, idx)); got != 2 {
		t.Errorf("%d meetings, want 2", got)
	}
	out := mustRun(t, "decisions", "--index", idx, "socionomprogram")
	if !strings.Contains(out, "2022-11-30") || !strings.Contains(out, "«socionomprogrammet»") {
		t.Errorf("decisions after importing testdata:\n%s", out)
	}
}

func TestImportChangedFileIsUpdated(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	a := writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "b.txt"), minutesText(2))
	if s, _, code := importJSON(t, idx, src); code != 0 || s.Imported != 2 {
		t.Fatalf("first import: %+v", s)
	}
	// Same meeting (same date, people and agenda), another text.
	writeFile(t, a, strings.Replace(minutesText(1), "Inget.", "Nästa möte i maj.", 1))
	s, _, code := importJSON(t, idx, src)
	if code != 0 || s.Updated != 1 || s.Unchanged != 1 || s.Total() != 2 {
		t.Errorf("after a change: exit %d, %+v; want 1 updated, 1 unchanged", code, s)
	}
	// Another meeting altogether in the same file.
	writeFile(t, a, minutesText(7))
	s, _, _ = importJSON(t, idx, src)
	if s.Updated != 1 {
		t.Errorf("after a rewrite: %+v; want 1 updated", s)
	}
	list := countMeetings(t, idx)
	if len(list) != 2 {
		t.Errorf("%d meetings, want 2 (the old version of a.txt replaced): %+v", len(list), list)
	}
	out := mustRun(t, "search", "--index", idx, "--json", "maj")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("the old text of a.txt is still found: %s", out)
	}
}

// exampleFile returns the path of the example minutes file with this base
// name; the examples are filed in a folder per network.
func exampleFile(t testing.TB, name string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "minutes", "*", name))
	if err != nil || len(paths) != 1 {
		t.Fatalf("example %q: found %v, %v", name, paths, err)
	}
	return paths[0]
}

func TestImportPrune(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	keep := filepath.Join(src, "a.txt")
	gone := filepath.Join(src, "sub", "b.txt")
	moved := filepath.Join(src, "c.txt")
	writeFile(t, keep, minutesText(1))
	writeFile(t, gone, minutesText(2))
	writeFile(t, moved, minutesText(3))
	if s, errOut, code := importJSON(t, idx, src); code != 0 || s.Imported != 3 {
		t.Fatalf("first import: exit %d, %+v\n%s", code, s, errOut)
	}

	// b.txt is deleted; c.txt is moved within the folder.
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(moved, filepath.Join(src, "sub", "c-moved.txt")); err != nil {
		t.Fatal(err)
	}

	// Without --prune nothing is forgotten.
	s, _, code := importJSON(t, idx, src)
	if code != 0 || s.Removed != 0 || len(countMeetings(t, idx)) != 3 {
		t.Fatalf("import without --prune: exit %d, %+v, %d meetings", code, s, len(countMeetings(t, idx)))
	}

	s, errOut, code := importJSON(t, idx, "--prune", src)
	if code != 0 || s.Removed != 2 {
		t.Fatalf("import --prune: exit %d, %+v, want 2 removed\n%s", code, s, errOut)
	}
	if !strings.Contains(errOut, "outcome=removed") {
		t.Errorf("no log line for a removed file:\n%s", errOut)
	}
	list := countMeetings(t, idx)
	if len(list) != 2 {
		t.Fatalf("%d meetings after --prune, want 2 (the deleted file's meeting is gone)", len(list))
	}
	for _, m := range list {
		for _, p := range m.Sources {
			if p == gone || p == moved {
				t.Errorf("meeting %s still lists %s", m.ID, p)
			}
		}
	}
	// A second --prune finds nothing more.
	if s, _, _ := importJSON(t, idx, "--prune", src); s.Removed != 0 || s.Unchanged != 2 {
		t.Errorf("second --prune: %+v", s)
	}
}

func TestImportSkippedInSummary(t *testing.T) {
	src, idx := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "slides.pptx"), "x")
	writeFile(t, filepath.Join(src, "b.xls"), "x")
	writeFile(t, filepath.Join(src, "c.xls"), "x")
	report := filepath.Join(t.TempDir(), "qa.json")
	out, errOut, code := runCLI(t, "import", "--index", idx, "--report", report, src)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^  skipped +3 +unsupported \.pptx, \.xls 2$`).MatchString(out) {
		t.Errorf("summary lacks the skipped line:\n%s", out)
	}
	if strings.Contains(out, "Skipped files") {
		t.Errorf("skipped files listed without -v:\n%s", out)
	}
	if !strings.Contains(errOut, "outcome=skipped reason=\"unsupported .pptx\"") {
		t.Errorf("no log line for a skipped file:\n%s", errOut)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r reportFile
	if err := json.Unmarshal(data, &r); err != nil || r.Skipped != 3 || len(r.SkippedFiles) != 3 || r.Warnings == nil {
		t.Errorf("report %s, %v", data, err)
	}

	out, _, _ = runCLI(t, "import", "--index", idx, "-v", src)
	want := "\nSkipped files (3):\n  " + filepath.Join(src, "b.xls") + ": unsupported .xls\n"
	if !strings.Contains(out, want) {
		t.Errorf("-v does not list the skipped files:\n%s", out)
	}
}

// TestImportHelpNamesEveryFormat: the help lists every extension the walker
// picks up, so that it cannot fall behind the readers.
func TestImportHelpNamesEveryFormat(t *testing.T) {
	help := mustRun(t, "import", "--help")
	for _, ext := range ingest.Extensions {
		if !regexp.MustCompile(regexp.QuoteMeta(ext) + `\b`).MatchString(help) {
			t.Errorf("import --help does not name %s", ext)
		}
	}
}
