package importer

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

// failingBackend is a Bleve index whose batch writes fail the meetings of
// the files in fail (by base name), and so those files: neither their
// meetings nor their records are written.
type failingBackend struct {
	*bleve.Backend
	fail map[string]bool
}

func (f *failingBackend) Write(ctx context.Context, b *index.Batch) error {
	failed := map[string]bool{} // meeting IDs
	for _, fw := range b.Files {
		if f.fail[filepath.Base(fw.Path)] {
			for _, id := range fw.Needs {
				failed[id] = true
			}
		}
	}
	kept := index.Batch{DeleteMeetings: b.DeleteMeetings}
	for _, m := range b.Meetings {
		if !failed[m.ID] {
			kept.Meetings = append(kept.Meetings, m)
		}
	}
	werr := &index.WriteError{Files: map[string]error{}}
	for _, fw := range b.Files {
		if slices.ContainsFunc(fw.Needs, func(id string) bool { return failed[id] }) {
			werr.Files[fw.Path] = errors.New("mapper_parsing_exception: failed to parse")
			continue
		}
		kept.Files = append(kept.Files, fw)
	}
	if err := f.Backend.Write(ctx, &kept); err != nil {
		return err
	}
	if len(werr.Files) > 0 {
		return werr
	}
	return nil
}

// TestRunWriteFailure: a file whose write is not confirmed fails, named,
// not counted as imported; the next run imports exactly that file again.
func TestRunWriteFailure(t *testing.T) {
	src := t.TempDir()
	for i, name := range []string{"a.txt", "b.txt", "c.txt"} {
		writeFile(t, filepath.Join(src, name), minutesText(i+1))
	}
	_, b := openStore(t)
	fb := &failingBackend{Backend: b, fail: map[string]bool{"b.txt": true}}
	rec := recorder{}
	s, err := Run(context.Background(), Options{Store: index.NewStore(fb), Workers: 2, Progress: rec}, ResolveInputs([]string{src}))
	if err != nil {
		t.Fatal(err)
	}
	if s.Imported != 2 || s.Failed != 1 || s.Total() != 3 || len(s.Failures) != 1 ||
		!strings.HasSuffix(s.Failures[0].File, "b.txt") || !strings.Contains(s.Failures[0].Error, "mapper_parsing_exception") {
		t.Fatalf("summary %+v", s)
	}
	if _, err := b.File(context.Background(), filepath.Join(src, "b.txt")); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("record of the failed file: %v", err)
	}

	clear(fb.fail)
	s, err = Run(context.Background(), Options{Store: index.NewStore(fb), Progress: rec}, ResolveInputs([]string{src}))
	if err != nil || s.Imported != 1 || s.Unchanged != 2 || s.Failed != 0 || rec[filepath.Join(src, "b.txt")] != "imported" {
		t.Errorf("next run: %+v, %v, %v", s, err, rec)
	}
}
