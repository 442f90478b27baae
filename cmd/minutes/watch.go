package main

// serve --watch: import new and changed minutes from folders as they arrive.

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

// watcher imports the new and changed files of folders: every interval it
// lists the folders' minutes files with their size and modification time and,
// once a change has stayed the same for a whole interval (so that a file
// being copied in is complete), imports the changed files through the import
// pipeline, with its QA. A folder that cannot be read (an unmounted share) is
// skipped for the round, never taken for deleted files; deleted files are
// left in the index (`minutes import --prune` forgets them).
type watcher struct {
	dirs  []importer.Input
	every time.Duration
	// importFiles imports files and returns the summary.
	importFiles func(ctx context.Context, files []string) (*importer.Summary, error)
	// done, if set, is called after each import with its summary (tests).
	done func(*importer.Summary)

	imported map[string]stamp // the files as of their last import
}

// stamp is what a poll notes of a file.
type stamp struct {
	size int64
	mod  time.Time
}

// run polls until ctx is cancelled.
func (w *watcher) run(ctx context.Context) {
	w.imported = map[string]stamp{}
	var pending map[string]stamp // the last poll's changes, waiting to settle
	tick := time.NewTicker(w.every)
	defer tick.Stop()
	for {
		changed, ok := w.poll(ctx)
		switch {
		case !ok || len(changed) == 0:
			pending = nil
		case sameStamps(changed, pending):
			w.importChanged(ctx, changed)
			pending = nil
		default:
			pending = changed
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// poll lists the files of the folders and returns those new or changed since
// their last import; ok is false when a folder could not be read.
func (w *watcher) poll(ctx context.Context) (changed map[string]stamp, ok bool) {
	changed = map[string]stamp{}
	ok = true
	err := importer.Walk(ctx, w.dirs, func(path string, err error) error {
		var skipped *importer.Skipped
		if errors.As(err, &skipped) {
			return nil // a type minutes does not read
		}
		if err != nil {
			logrus.WithFields(logrus.Fields{"file": path, "err": err}).Warn("watching: cannot read")
			ok = false
			return nil
		}
		fi, err := os.Stat(path)
		if err != nil {
			return nil // gone since it was listed
		}
		s := stamp{size: fi.Size(), mod: fi.ModTime()}
		if old, seen := w.imported[path]; !seen || old != s {
			changed[path] = s
		}
		return nil
	})
	if err != nil {
		if ctx.Err() == nil {
			logrus.WithError(err).Warn("watching the folders")
		}
		return nil, false
	}
	return changed, ok
}

// importChanged imports the changed files and notes them as imported, also
// those that failed: they are tried again when they change.
func (w *watcher) importChanged(ctx context.Context, changed map[string]stamp) {
	files := make([]string, 0, len(changed))
	for p := range changed {
		files = append(files, p)
	}
	s, err := w.importFiles(ctx, files)
	if err != nil {
		if ctx.Err() == nil {
			logrus.WithError(err).Error("importing from the watched folders; trying again at the next change")
		}
		return
	}
	for p, st := range changed {
		w.imported[p] = st
	}
	logrus.WithFields(logrus.Fields{
		"imported": s.Imported, "merged": s.Merged, "updated": s.Updated,
		"unchanged": s.Unchanged, "failed": s.Failed, "to_check": len(s.QA.Findings) + s.QA.Omitted,
	}).Info("watched folders imported")
	if w.done != nil {
		w.done(s)
	}
}

// sameStamps tells whether a and b note the same files alike.
func sameStamps(a, b map[string]stamp) bool {
	if len(a) != len(b) {
		return false
	}
	for p, s := range a {
		if t, ok := b[p]; !ok || t != s {
			return false
		}
	}
	return true
}

// errNotFolder is the error of a --watch path that is a file.
var errNotFolder = errors.New("not a folder")

// watchDirs checks the folders given to --watch.
func watchDirs(args []string) ([]importer.Input, error) {
	ins := importer.ResolveInputs(args)
	for _, in := range ins {
		if in.Err != nil {
			return nil, &fs.PathError{Op: "--watch", Path: in.Path, Err: in.Err}
		}
		if !in.Dir {
			return nil, &fs.PathError{Op: "--watch", Path: in.Path, Err: errNotFolder}
		}
	}
	return ins, nil
}
