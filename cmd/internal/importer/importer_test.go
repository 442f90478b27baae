package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/testcorpus"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
	"github.com/goteborgsregionen/minutes/ingest"
)

var (
	minutesText = testcorpus.MinutesText
	writeFile   = testcorpus.WriteFile
)

// openStore opens a new Bleve index in a temporary folder.
func openStore(t testing.TB) (*index.Store, *bleve.Backend) {
	t.Helper()
	b, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return index.NewStore(b), b
}

// recorder is a Progress remembering the outcome per file.
type recorder map[string]string

func (r recorder) Done(file, outcome, _ string, _ error) { r[file] = outcome }

func TestRunOutcomesAndProgress(t *testing.T) {
	src := t.TempDir()
	a := writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	bad := writeFile(t, filepath.Join(src, "empty.txt"), "")
	store, _ := openStore(t)
	rec := recorder{}
	s, err := Run(context.Background(), Options{Store: store, Workers: 2, Progress: rec}, ResolveInputs([]string{src}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Imported != 1 || s.Failed != 1 || s.Total() != 2 || s.Interrupted || s.Started.IsZero() {
		t.Errorf("summary %+v", s)
	}
	if rec[a] != "imported" || rec[bad] != "failed" {
		t.Errorf("progress %v", rec)
	}
	s, err = Run(context.Background(), Options{Store: store, Progress: rec}, ResolveInputs([]string{src}))
	if err != nil || s.Unchanged != 1 || s.Failed != 1 || rec[a] != "unchanged" {
		t.Errorf("again: %+v, %v, %v", s, err, rec)
	}
}

func TestRunPanicIsTheFilesError(t *testing.T) {
	old := extractMeeting
	t.Cleanup(func() { extractMeeting = old })
	extractMeeting = func(doc *ingest.Document) *minutes.Meeting {
		if strings.HasSuffix(doc.Name, "bad.txt") {
			panic("rule went wrong")
		}
		return old(doc)
	}
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "bad.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "good.txt"), minutesText(2))
	store, _ := openStore(t)
	s, err := Run(context.Background(), Options{Store: store, Workers: 2}, ResolveInputs([]string{src}))
	if err != nil || s.Imported != 1 || s.Failed != 1 || !strings.Contains(s.Failures[0].Error, "panic: rule went wrong") {
		t.Errorf("%+v, %v", s, err)
	}
}

func TestRunInterrupted(t *testing.T) {
	src := t.TempDir()
	const n = 40
	for i := range n {
		writeFile(t, filepath.Join(src, fmt.Sprintf("m%02d.txt", i)), minutesText(i))
	}
	store, b := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	written := 0
	s, err := Run(ctx, Options{Store: store, Workers: 2, Prune: true, OnWrite: func() {
		written++
		if written == 5 {
			cancel()
		}
	}}, ResolveInputs([]string{src}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Imported != 5 || s.Total() != 5 || !s.Interrupted {
		t.Errorf("summary %+v; want 5 imported before the interrupt", s)
	}
	listRes, err := b.Meetings(context.Background(), index.Filter{Limit: 1000})
	list := listRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 {
		t.Errorf("%d meetings in the index, want the 5 imported", len(list))
	}
}

func TestWantedAndHidden(t *testing.T) {
	for name, want := range map[string]bool{
		"a.txt": true, "A.PDF": true, "b.Docx": true, "c.markdown": true, "d.md": true, "e.text": true,
		"f.xls": false, "g.pptx": false, "l.doc": true, "m.odt": true, "n.rtf": true, ".h.txt": false, "~$i.docx": false, "j": false, "k.txt.bak": false,
	} {
		if got := wanted(name); got != want {
			t.Errorf("wanted(%q) = %v", name, got)
		}
	}
}

func TestResolveInputs(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "sub")
	file := writeFile(t, filepath.Join(sub, "a.txt"), "x")
	other := writeFile(t, filepath.Join(sub, "b.xls"), "x")
	hiddenDir := filepath.Join(root, ".archive")
	writeFile(t, filepath.Join(hiddenDir, "c.txt"), "x")
	missing := filepath.Join(root, "nope")

	got := ResolveInputs([]string{sub, root, file, other, hiddenDir, missing, root})
	var paths []string
	for _, in := range got {
		paths = append(paths, in.Path)
	}
	want := []string{root, other, hiddenDir, missing}
	if strings.Join(paths, "|") != strings.Join(want, "|") {
		t.Errorf("ResolveInputs = %q, want %q", paths, want)
	}
	if got[3].Err == nil {
		t.Errorf("missing path without error")
	}
	n, err := CountFiles(context.Background(), got)
	if err != nil || n != 4 { // sub/a.txt, b.rtf, .archive/c.txt, missing
		t.Errorf("CountFiles = %d, %v; want 4", n, err)
	}
}

// recorderErr is a Progress remembering the error per file.
type recorderErr map[string]error

func (r recorderErr) Done(file, _, _ string, err error) { r[file] = err }

func TestRunSkippedFiles(t *testing.T) {
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	slides := writeFile(t, filepath.Join(src, "slides.pptx"), "x")
	writeFile(t, filepath.Join(src, "sub", "budget.xls"), "x")
	writeFile(t, filepath.Join(src, "sub", "BUDGET2.XLS"), "x")
	writeFile(t, filepath.Join(src, "README"), "x")
	// Left out without a word: hidden files and Office lock files.
	writeFile(t, filepath.Join(src, ".notes.pptx"), "x")
	writeFile(t, filepath.Join(src, "~$a.docx"), "x")
	named := writeFile(t, filepath.Join(src, "named.rtf"), minutesText(2))

	store, _ := openStore(t)
	rec := recorderErr{}
	s, err := Run(context.Background(), Options{Store: store, Progress: rec}, ResolveInputs([]string{src, named}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Imported != 2 || s.Skipped != 4 || s.Total() != 2 {
		t.Errorf("summary %+v; want 2 imported (a.txt and the named .rtf) and 4 skipped", s)
	}
	if got := fmt.Sprint(s.SkippedTypes); got != "map[:1 .pptx:1 .xls:2]" {
		t.Errorf("skipped types %s", got)
	}
	var files []string
	for _, f := range s.SkippedFiles {
		files = append(files, strings.TrimPrefix(f.File, src)+" "+f.Reason)
	}
	want := "/README unsupported file without extension|/slides.pptx unsupported .pptx|" +
		"/sub/BUDGET2.XLS unsupported .xls|/sub/budget.xls unsupported .xls"
	if got := strings.Join(files, "|"); got != want {
		t.Errorf("skipped files\n%s\nwant\n%s", got, want)
	}
	var skip *Skipped
	if !errors.As(rec[slides], &skip) || skip.Ext != ".pptx" {
		t.Errorf("progress of a skipped file: %v", rec[slides])
	}
}

func TestRunPageWarnings(t *testing.T) {
	old := readDocument
	t.Cleanup(func() { readDocument = old })
	readDocument = func(name string, data []byte) (*ingest.Document, error) {
		doc, err := old(name, data)
		if err == nil && strings.HasSuffix(name, "half.txt") {
			doc.Warnings = []error{
				&ingest.Error{File: name, Format: ingest.PDF, Page: 4, Err: ingest.ErrCorrupt},
				&ingest.Error{File: name, Format: ingest.PDF, Page: 2, Err: ingest.ErrNoTextLayer},
			}
		}
		return doc, err
	}
	src := t.TempDir()
	half := writeFile(t, filepath.Join(src, "half.txt"), minutesText(1))
	writeFile(t, filepath.Join(src, "whole.txt"), minutesText(2))
	store, _ := openStore(t)
	s, err := Run(context.Background(), Options{Store: store}, ResolveInputs([]string{src}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Imported != 2 || s.Failed != 0 || len(s.Warnings) != 2 {
		t.Fatalf("summary %+v; want both imported, two warnings", s)
	}
	w := s.Warnings[0]
	if w.File != half || w.Page != 2 || w.Warning != "page 2: pdf: no text layer: scanned PDF? OCR is needed" || s.Warnings[1].Page != 4 {
		t.Errorf("warnings %+v", s.Warnings)
	}
}

// TestRunStatFirst checks that a re-import reads only the files whose stat
// changed: a file rewritten in place with its size and modification time put
// back is taken as unchanged unread (as restic does), a touched file is read,
// found the same and its new stat recorded, and a changed file is imported
// again.
func TestRunStatFirst(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	same := writeFile(t, filepath.Join(src, "same.txt"), minutesText(1))
	touched := writeFile(t, filepath.Join(src, "touched.txt"), minutesText(2))
	changed := writeFile(t, filepath.Join(src, "changed.txt"), minutesText(3))
	store, b := openStore(t)
	inputs := ResolveInputs([]string{src})
	if s, err := Run(ctx, Options{Store: store}, inputs); err != nil || s.Imported != 3 {
		t.Fatalf("first import: %+v, %v", s, err)
	}

	// Same size and mtime, other bytes: not read, so not seen.
	fi, err := os.Stat(same)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, same, strings.Replace(minutesText(1), "Inget.", "Annat.", 1))
	if err := os.Chtimes(same, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(touched, later, later); err != nil {
		t.Fatal(err)
	}
	writeFile(t, changed, strings.Replace(minutesText(3), "Inget.", "Nästa möte i maj.", 1))

	s, err := Run(ctx, Options{Store: store}, inputs)
	if err != nil || s.Unchanged != 2 || s.Updated != 1 || s.Total() != 3 {
		t.Fatalf("re-import: %+v, %v; want 2 unchanged, 1 updated", s, err)
	}
	rec, err := b.File(ctx, touched)
	if err != nil || !rec.Stat.ModTime.Equal(later.UTC()) {
		t.Errorf("the touched file's record has stat %+v (%v), want mtime %v", rec.Stat, err, later.UTC())
	}
	if rec, err := b.File(ctx, same); err != nil || rec.Extraction == nil || strings.Contains(rec.Extraction.Items[len(rec.Extraction.Items)-1].Text, "Annat") {
		t.Errorf("the file with its stat put back was read: %+v, %v", rec.Extraction, err)
	}
}
