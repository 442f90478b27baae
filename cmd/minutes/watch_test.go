package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

// fakeImports records the files each import of a watcher was given.
type fakeImports struct {
	mu    sync.Mutex
	calls [][]string
	got   chan struct{}
}

func (f *fakeImports) importFiles(_ context.Context, files []string) (*importer.Summary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	slices.Sort(files)
	f.calls = append(f.calls, files)
	f.got <- struct{}{}
	return &importer.Summary{}, nil
}

// next waits for the next import and returns its files as base names.
func (f *fakeImports) next(t *testing.T) []string {
	t.Helper()
	select {
	case <-f.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no import")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var names []string
	for _, p := range f.calls[len(f.calls)-1] {
		names = append(names, filepath.Base(p))
	}
	return names
}

func TestWatcherImportsNewAndChangedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "a")
	writeFile(t, filepath.Join(dir, "sub", "b.pdf"), "b")
	writeFile(t, filepath.Join(dir, "bild.png"), "not minutes")
	writeFile(t, filepath.Join(dir, ".dold.txt"), "hidden")
	dirs, err := watchDirs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeImports{got: make(chan struct{}, 10)}
	w := &watcher{dirs: dirs, every: 20 * time.Millisecond, importFiles: f.importFiles}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.run(ctx) }()
	defer func() { cancel(); <-done }()

	if got := f.next(t); strings.Join(got, " ") != "a.txt b.pdf" {
		t.Errorf("first import: %v", got)
	}
	writeFile(t, filepath.Join(dir, "c.docx"), "c")
	if got := f.next(t); strings.Join(got, " ") != "c.docx" {
		t.Errorf("new file: %v", got)
	}
	writeFile(t, filepath.Join(dir, "a.txt"), "a changed")
	if got := f.next(t); strings.Join(got, " ") != "a.txt" {
		t.Errorf("changed file: %v", got)
	}
	// Nothing changes: no import.
	select {
	case <-f.got:
		t.Errorf("import without a change: %v", f.calls[len(f.calls)-1])
	case <-time.After(150 * time.Millisecond):
	}
}

// TestWatcherWaitsForACopyToSettle: a file still growing is imported only
// once it has stayed the same for a whole interval.
func TestWatcherWaitsForACopyToSettle(t *testing.T) {
	dir := t.TempDir()
	dirs, err := watchDirs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "stor.txt")
	f := &fakeImports{got: make(chan struct{}, 10)}
	w := &watcher{dirs: dirs, every: 200 * time.Millisecond, importFiles: f.importFiles}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.run(ctx) }()
	defer func() { cancel(); <-done }()

	// Grow the file faster than the interval for a while.
	for i := range 40 {
		writeFile(t, path, strings.Repeat("x", 100*(i+1)))
		time.Sleep(10 * time.Millisecond)
		select {
		case <-f.got:
			t.Fatalf("imported while still being written (after %d writes)", i+1)
		default:
		}
	}
	f.next(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != 4000 {
		t.Fatalf("size %d", st.Size())
	}
}

func TestWatchDirs(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "a.txt"), "a")
	if _, err := watchDirs([]string{file}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("a file: %v", err)
	}
	if _, err := watchDirs([]string{filepath.Join(dir, "saknas")}); err == nil {
		t.Error("a missing folder: no error")
	}
	if ins, err := watchDirs([]string{dir}); err != nil || len(ins) != 1 {
		t.Errorf("a folder: %v %v", ins, err)
	}
}
