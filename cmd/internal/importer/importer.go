// Package importer is the import pipeline of minutes: a walker feeds the files
// of the given paths to a pool of workers that read, hash, ingest and extract
// them, and one writer stores the meetings through an index.Store. It returns
// a Summary: counts per outcome, the files that failed and why, and the
// quality report of the meetings to check by hand. `minutes import` and
// `minutes serve --watch` both run it; how progress is shown is theirs
// (Progress).
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/ingest"
)

// Progress is told about every file as the writer is done with it: its
// outcome ("imported", "merged", "updated", "unchanged", "skipped",
// "failed") and meeting ID, or the error (for "skipped", a *Skipped). Done is
// called from one goroutine at a time.
type Progress interface {
	Done(file, outcome, meetingID string, err error)
}

// Options configure Run.
type Options struct {
	// Store is where meetings go. Required.
	Store *index.Store
	// Workers is the number of files read and extracted in parallel (<1: 1).
	Workers int
	// Progress, if set, is told about each file.
	Progress Progress
	// Prune forgets, after a complete (not interrupted) run, the files
	// imported earlier from the folders among the inputs that are no longer
	// on disk.
	Prune bool
	// FlushEvery flushes the index after so many stored files (0: 250):
	// the backend's writes so far are confirmed and persisted, so that
	// segments not yet on disk do not pile up in memory. (A crash still
	// loses the whole run on Bleve: the generation is committed at the end.)
	FlushEvery int
	// OnWrite, if set, is called after each result the writer handled (tests
	// use it to interrupt an import midway).
	OnWrite func()
}

// readDocument and extractMeeting are ingest.Read and extract.Extract; tests
// replace them to make them panic or warn.
var (
	readDocument   = ingest.Read
	extractMeeting = extract.Extract
)

// Run imports the files of inputs and returns the summary. It stops early
// when ctx is cancelled (Summary.Interrupted); what was stored until then is
// kept and flushed. The error is a failure to flush or prune the index;
// failures of single files are in the summary.
func Run(ctx context.Context, opts Options, inputs []Input) (*Summary, error) {
	if opts.Store == nil {
		return nil, errors.New("import: no store")
	}
	start := time.Now()
	imp := &importer{opts: opts, t: newTally(), queued: map[string]queuedFile{}}
	// A file counts as imported only once its batch is confirmed written;
	// a failure is its own file's, and leaves no record, so the next run
	// tries the file again.
	opts.Store.OnWritten = imp.written
	defer func() { opts.Store.OnWritten = nil }()
	imp.listFiles(ctx, inputs)
	t := imp.run(ctx, inputs)
	interrupted := ctx.Err() != nil
	// Flush what was imported, even after an interrupt.
	if err := flush(context.WithoutCancel(ctx), opts.Store); err != nil {
		return nil, fmt.Errorf("flush the index: %w", err)
	}
	var removed []string
	if opts.Prune && !interrupted {
		var err error
		if removed, err = Prune(ctx, opts.Store, inputs); err != nil {
			return nil, err
		}
	}
	s := t.summary(start, time.Now())
	s.QA.Disagreements = t.disagreements(opts.Store)
	s.Removed = len(removed)
	s.Interrupted = interrupted
	return &s, nil
}

// Prune forgets the files imported from the folders among inputs that are no
// longer on disk, flushes, and returns their paths.
func Prune(ctx context.Context, store *index.Store, inputs []Input) ([]string, error) {
	gone := func(path string) bool {
		_, err := os.Lstat(path)
		return errors.Is(err, fs.ErrNotExist)
	}
	var removed []string
	for _, in := range inputs {
		if !in.Dir {
			continue
		}
		paths, err := store.Prune(ctx, in.Path, gone)
		removed = append(removed, paths...)
		if err != nil {
			return removed, err
		}
		for _, p := range paths {
			logrus.WithFields(logrus.Fields{"file": p, "outcome": "removed"}).Info("removed")
		}
	}
	if err := flush(context.WithoutCancel(ctx), store); err != nil {
		return removed, fmt.Errorf("flush the index: %w", err)
	}
	return removed, nil
}

// importer runs one import: a walker feeds paths to workers that read, hash,
// ingest and extract; one writer stores the results, since the Store takes
// one import at a time.
type importer struct {
	opts Options
	t    *tally
	// queued are the outcomes of the files stored but not yet confirmed
	// written, by path.
	queued map[string]queuedFile
	// listed are the records of the files in the input folders, listed
	// once before the walk (listFiles), so that an unchanged file costs a
	// stat and a map lookup; listedDirs are the folders listed. Read-only
	// while the workers run.
	listed     map[string]index.FileRecord
	listedDirs []string
}

// listFiles lists the records of the files imported earlier from the
// folders among inputs. A folder that cannot be listed is left to lookups
// file by file.
func (imp *importer) listFiles(ctx context.Context, inputs []Input) {
	imp.listed = map[string]index.FileRecord{}
	for _, in := range inputs {
		if !in.Dir || in.Err != nil {
			continue
		}
		recs, err := imp.opts.Store.Backend.Files(ctx, in.Path)
		if err != nil {
			logrus.WithError(err).WithField("dir", in.Path).Debug("listing the imported files")
			continue
		}
		for _, rec := range recs {
			imp.listed[rec.Path] = rec
		}
		imp.listedDirs = append(imp.listedDirs, in.Path+string(filepath.Separator))
	}
}

// record returns the stored record of the file at path, if any: from the
// listing when its folder was listed, else from the backend.
func (imp *importer) record(ctx context.Context, path string) (index.FileRecord, bool, error) {
	if rec, ok := imp.listed[path]; ok {
		return rec, true, nil
	}
	for _, dir := range imp.listedDirs {
		if strings.HasPrefix(path, dir) {
			return index.FileRecord{}, false, nil
		}
	}
	rec, err := imp.opts.Store.Backend.File(ctx, path)
	switch {
	case err == nil:
		return rec, true, nil
	case errors.Is(err, index.ErrNotFound):
		return index.FileRecord{}, false, nil
	}
	return index.FileRecord{}, false, err
}

// flush flushes store. Files whose writes failed are no error here: they
// were reported to Store.OnWritten already.
func flush(ctx context.Context, store *index.Store) error {
	err := store.Flush(ctx)
	var werr *index.WriteError
	if errors.As(err, &werr) {
		return nil
	}
	return err
}

// written is Store.OnWritten: a file whose batch failed moves from its
// outcome to the failures. A failed write of a file not counted yet (a
// pruned file, an unchanged file's new stat) is a failure too.
func (imp *importer) written(path string, err error) {
	q, ok := imp.queued[path]
	delete(imp.queued, path)
	if err == nil {
		if ok {
			imp.done(path, q.outcome, q.meetingID, nil)
		}
		return
	}
	if ok {
		imp.t.counts[q.outcome]--
	}
	err = fmt.Errorf("store in the index: %w", err)
	imp.t.fail(path, err)
	logrus.WithFields(logrus.Fields{"file": path, "err": err}).Warn("not written")
	if ok {
		imp.done(path, "failed", "", err)
	}
}

// done reports a file's final outcome to the progress.
func (imp *importer) done(path, outcome, meetingID string, err error) {
	if imp.opts.Progress != nil {
		imp.opts.Progress.Done(path, outcome, meetingID, err)
	}
}

// queuedFile is a file stored in a batch that is not confirmed yet.
type queuedFile struct {
	outcome   string
	meetingID string
}

// job is a file to import, or an error met while walking.
type job struct {
	path string
	err  error
}

// result is a worker's answer for one file.
type result struct {
	path      string
	src       minutes.Source
	stat      index.FileStat
	meeting   *minutes.Meeting // extracted
	unchanged bool
	// restat is set for an unchanged file read because its stat changed:
	// the record's stat is updated.
	restat bool
	rec    index.FileRecord // the stored record, when unchanged
	// warnings are the parts of the file that could not be read.
	warnings []error
	err      error
}

// run imports inputs and returns the tally. It stops early when ctx is
// cancelled; files stored until then stay stored.
func (imp *importer) run(ctx context.Context, inputs []Input) *tally {
	workers := max(imp.opts.Workers, 1)
	jobs := make(chan job, 4*workers)
	results := make(chan result, 4*workers)

	go func() {
		defer close(jobs)
		_ = Walk(ctx, inputs, func(path string, err error) error {
			select {
			case jobs <- job{path, err}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain, so that the walker ends
				}
				r := imp.process(ctx, j)
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	t := imp.t
	flushEvery := imp.opts.FlushEvery
	if flushEvery <= 0 {
		flushEvery = 250
	}
	stored := 0
	for r := range results {
		if ctx.Err() != nil {
			continue // interrupted: drop what was not stored yet
		}
		wrote := imp.write(ctx, t, r)
		if imp.opts.OnWrite != nil {
			imp.opts.OnWrite()
		}
		if wrote {
			stored++
			if stored%flushEvery == 0 {
				if err := flush(ctx, imp.opts.Store); err != nil {
					logrus.WithError(err).Warn("flushing the index")
				}
			}
		}
	}
	return t
}

// write stores one result and records its outcome. It reports whether the
// index was written to.
func (imp *importer) write(ctx context.Context, t *tally, r result) bool {
	done := func(outcome, id string, err error) { imp.done(r.path, outcome, id, err) }
	var skip *Skipped
	switch {
	case errors.As(r.err, &skip):
		t.skip(r.path, skip)
		done("skipped", "", r.err)
		return false
	case r.err != nil:
		t.fail(r.path, r.err)
		done("failed", "", r.err)
		return false
	case r.unchanged && r.restat:
		// Store.Import sees the same hash and only records the new stat.
		if _, err := imp.opts.Store.Import(ctx, r.src, r.stat, &minutes.Meeting{}); err != nil && ctx.Err() == nil {
			logrus.WithFields(logrus.Fields{"file": r.path, "err": err}).Warn("recording the file's new stat")
		}
		t.okStored(r.path, "unchanged", r.rec)
		done("unchanged", r.rec.MeetingID, nil)
		return true
	case r.unchanged:
		t.okStored(r.path, "unchanged", r.rec)
		done("unchanged", r.rec.MeetingID, nil)
		return false
	}
	outcome, err := imp.opts.Store.Import(ctx, r.src, r.stat, r.meeting)
	if err != nil {
		if ctx.Err() != nil {
			return false // interrupted, not the file's fault
		}
		err = fmt.Errorf("store in the index: %w", err)
		t.fail(r.path, err)
		done("failed", "", err)
		return false
	}
	t.ok(r.path, string(outcome), r.meeting)
	t.warn(r.path, r.warnings)
	if outcome == index.Unchanged {
		done(string(outcome), r.meeting.ID, nil) // nothing to confirm
		return true
	}
	// Its outcome is reported once the batch is confirmed (written).
	imp.queued[r.path] = queuedFile{outcome: string(outcome), meetingID: r.meeting.ID}
	return true
}

// process reads, hashes, ingests and extracts one file. A panic becomes the
// file's error.
func (imp *importer) process(ctx context.Context, j job) (r result) {
	r.path = j.path
	if j.err != nil {
		r.err = j.err
		return r
	}
	defer func() {
		if p := recover(); p != nil {
			logrus.WithFields(logrus.Fields{"file": j.path, "panic": p}).Debugf("stack:\n%s", debug.Stack())
			r = result{path: j.path, err: fmt.Errorf("internal error, please report: panic: %v", p)}
		}
	}()
	// Stat first, as restic does: a file with the size, modification time,
	// inode and device recorded is not read again. The stat is taken before
	// reading, so that a change while reading shows next time.
	fi, err := os.Stat(j.path)
	if err != nil {
		r.err = err
		return r
	}
	r.stat = index.StatOf(fi)
	// The stored record comes from the listing or the backend, not the
	// Store, which belongs to the writer goroutine; a file cannot have been
	// written earlier in this run (inputs are deduplicated), and
	// Store.Import checks again anyway.
	rec, known, err := imp.record(ctx, j.path)
	if err != nil {
		r.err = fmt.Errorf("look up in the index: %w", err)
		return r
	}
	// A record without fingerprint predates the stored extractions: the
	// file is read again.
	if known && rec.Fingerprint != "" && rec.Stat.Same(r.stat) {
		// The QA data comes from the record: no meeting is fetched.
		r.unchanged, r.rec = true, rec
		return r
	}
	data, err := readFile(j.path)
	if err != nil {
		r.err = err
		return r
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if known && rec.SHA256 == sha && rec.Fingerprint != "" {
		// Same content, new stat (touched, copied, restored): the stored
		// extraction stands when there is one.
		full, err := imp.opts.Store.Backend.File(ctx, j.path)
		if err == nil && full.Extraction != nil {
			r.unchanged, r.restat, r.rec = true, true, rec
			r.src = minutes.Source{Path: j.path, SHA256: sha, Size: int64(len(data))}
			return r
		}
	}
	doc, err := readDocument(j.path, data)
	if err != nil {
		r.err = err
		return r
	}
	LogWarnings(doc)
	r.warnings = doc.Warnings
	r.meeting = extractMeeting(doc)
	r.src = SourceOf(j.path, doc)
	r.src.SHA256, r.src.Size = sha, int64(len(data))
	return r
}

// readFile reads a whole file of at most ingest.MaxFileSize bytes.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ingest.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > ingest.MaxFileSize {
		return nil, &ingest.Error{File: name, Err: fmt.Errorf("%w: more than %d MiB", ingest.ErrTooLarge, ingest.MaxFileSize>>20)}
	}
	return data, nil
}

// SourceOf describes the file a document was read from.
func SourceOf(path string, doc *ingest.Document) minutes.Source {
	return minutes.Source{
		Path:     path,
		Format:   string(doc.Format),
		Title:    doc.Title,
		Created:  doc.Created,
		Modified: doc.Modified,
		Pages:    doc.Pages,
		OCR:      ocrNote(doc),
	}
}

// ocrNote tells that doc's pages were read by OCR, "" when none were.
func ocrNote(doc *ingest.Document) string {
	if doc.OCRPages == 0 {
		return ""
	}
	return fmt.Sprintf("read by OCR: check names (%d of %d pages, mean confidence %.0f%%)", doc.OCRPages, doc.Pages, doc.OCRConfidence)
}

// LogWarnings logs the parts of a document that could not be read (a bad PDF
// page): the rest of the file is still used.
func LogWarnings(doc *ingest.Document) {
	for _, w := range doc.Warnings {
		fields := logrus.Fields{"file": doc.Name}
		if ie, ok := w.(*ingest.Error); ok && ie.Page > 0 {
			fields["page"] = ie.Page
		}
		logrus.WithFields(fields).Warnf("part of the file skipped: %v", w)
	}
}
