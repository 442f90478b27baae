package main

// minutes import: walk files and folders, read and extract each file in a
// pool of workers, and store the meetings through one writer.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/ingest"
)

func init() { commands = append(commands, newImportCmd) }

type importOptions struct {
	workers int
	report  string
	prune   bool
}

func newImportCmd() *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import minutes files and folders into the index",
		Long: `Import reads minutes files (text, Markdown, PDF, DOCX), extracts their meetings
and stores them in the index.

Folders are walked for files ending in .txt, .md, .markdown, .text, .pdf or .docx
(in any case); hidden files and folders and Office lock files (~$…) are skipped.
A file named on the command line is always tried, whatever its name. The format
is told from the content, never from the name.

Files already imported with the same content are skipped without being read
again. The same minutes saved in several formats become one meeting with
several sources.

At the end a summary is printed: counts per outcome, the files that failed and
why, and the files whose meeting should be checked by hand (no attendees, no
agenda points, no date, or attendees of an organisation that is neither a
municipality nor known). --report writes that report as JSON; --json prints the
whole summary as one JSON object. The exit status is 1 when a file failed.`,
		Example: `  minutes import ~/Protokoll
  minutes import --report qa.json --workers 4 2019 2020 extra/möte.rtf`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.workers, "workers", runtime.NumCPU(), "files read and extracted in parallel")
	f.StringVar(&opts.report, "report", "", "write the report of files to check by hand as JSON to `FILE`")
	f.BoolVar(&opts.prune, "prune", false, "forget files imported from the given folders that are no longer there")
	return cmd
}

func runImport(cmd *cobra.Command, opts importOptions, args []string) error {
	if opts.workers < 1 {
		return fmt.Errorf("--workers %d: must be at least 1", opts.workers)
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first Ctrl-C the import winds down and flushes; a second one
	// kills the process as usual.
	context.AfterFunc(ctx, stop)

	b, where, err := openIndex(ctx)
	if err != nil {
		return err
	}
	defer closeIndex(b)

	errw := cmd.ErrOrStderr()
	bar := isTerminal(errw) && !global.quiet
	prog := newProgress(errw, bar, terminalWidth(errw), time.Now)
	imp := &importer{store: index.NewStore(b), workers: opts.workers, prog: prog}

	inputs := resolveInputs(args)
	start := time.Now()

	// On a terminal, count the files (names only) while importing, for the
	// bar's total and ETA, and keep the bar's rate current.
	var bg sync.WaitGroup
	bgCtx, bgCancel := context.WithCancel(ctx)
	if bar {
		bg.Go(func() {
			if n, err := countFiles(bgCtx, inputs); err == nil {
				prog.SetTotal(n)
			}
		})
		bg.Go(func() {
			tick := time.NewTicker(500 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-bgCtx.Done():
					return
				case <-tick.C:
					prog.Tick()
				}
			}
		})
	}
	t := imp.run(ctx, inputs)
	bgCancel()
	bg.Wait()
	prog.Finish()

	interrupted := ctx.Err() != nil
	// Flush what was imported, even after Ctrl-C.
	if err := imp.store.Flush(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("flush the index %s: %w", where, err)
	}
	var removed []string
	if opts.prune && !interrupted {
		if removed, err = prune(ctx, imp.store, inputs); err != nil {
			return err
		}
	}
	s := t.summary(start, time.Now())
	s.Removed = len(removed)
	s.Index = where
	s.Interrupted = interrupted

	out := stdout(cmd)
	if global.json {
		err = writeJSON(out, s)
	} else {
		err = s.writeHuman(out)
	}
	if err != nil {
		return err
	}
	if opts.report != "" {
		if err := writeReport(opts.report, &s, time.Now()); err != nil {
			return err
		}
		logrus.WithField("file", opts.report).Info("report written")
	}
	switch {
	case interrupted:
		return errors.New("interrupted; what was imported is kept, import again to go on")
	case s.Failed > 0:
		return errFailed
	}
	return nil
}

// prune forgets the files imported from the folders among inputs that are no
// longer on disk, and returns their paths.
func prune(ctx context.Context, store *index.Store, inputs []input) ([]string, error) {
	gone := func(path string) bool {
		_, err := os.Lstat(path)
		return errors.Is(err, fs.ErrNotExist)
	}
	var removed []string
	for _, in := range inputs {
		if !in.dir {
			continue
		}
		paths, err := store.Prune(ctx, in.path, gone)
		removed = append(removed, paths...)
		if err != nil {
			return removed, err
		}
		for _, p := range paths {
			logrus.WithFields(logrus.Fields{"file": p, "outcome": "removed"}).Info("removed")
		}
	}
	if err := store.Flush(context.WithoutCancel(ctx)); err != nil {
		return removed, fmt.Errorf("flush the index: %w", err)
	}
	return removed, nil
}

// extractMeeting is extract.Extract; tests replace it to make it panic.
var extractMeeting = extract.Extract

// importer runs the import pipeline: a walker feeds paths to workers that
// read, hash, ingest and extract; one writer stores the results, since the
// Store takes one import at a time.
type importer struct {
	store   *index.Store
	workers int
	prog    *progress // nil: no progress reports
	// onWrite, if set, is called after each result the writer handled
	// (tests use it to interrupt an import midway).
	onWrite func()
	// flushEvery flushes the index after so many stored files (0: 250), so
	// that a crash loses little and the Store's memory of its writes stays
	// small.
	flushEvery int
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
	meeting   *minutes.Meeting // extracted, or the stored one when unchanged
	unchanged bool
	meetingID string // when unchanged
	err       error
}

// run imports inputs and returns the tally. It stops early when ctx is
// cancelled; files stored until then stay stored.
func (imp *importer) run(ctx context.Context, inputs []input) *tally {
	workers := max(imp.workers, 1)
	jobs := make(chan job, 4*workers)
	results := make(chan result, 4*workers)

	go func() {
		defer close(jobs)
		_ = walkInputs(ctx, inputs, func(path string, err error) error {
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

	t := newTally()
	flushEvery := imp.flushEvery
	if flushEvery <= 0 {
		flushEvery = 250
	}
	stored := 0
	for r := range results {
		if ctx.Err() != nil {
			continue // interrupted: drop what was not stored yet
		}
		wrote := imp.write(ctx, t, r)
		if imp.onWrite != nil {
			imp.onWrite()
		}
		if wrote {
			stored++
			if stored%flushEvery == 0 {
				if err := imp.store.Flush(ctx); err != nil {
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
	done := func(outcome, id string, err error) {
		if imp.prog != nil {
			imp.prog.Done(r.path, outcome, id, err)
		}
	}
	switch {
	case r.err != nil:
		t.fail(r.path, r.err)
		done("failed", "", r.err)
		return false
	case r.unchanged:
		t.ok(r.path, "unchanged", r.meeting)
		done("unchanged", r.meetingID, nil)
		return false
	}
	outcome, err := imp.store.Import(ctx, r.src, r.meeting)
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
	done(string(outcome), r.meeting.ID, nil)
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
	data, err := readFile(j.path)
	if err != nil {
		r.err = err
		return r
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	// The backend is asked directly rather than Store.Unchanged: the Store
	// belongs to the writer goroutine (it remembers its own writes unlocked),
	// while backends are safe for concurrent use. A file cannot have been
	// written earlier in this run (inputs are deduplicated), and Store.Import
	// checks again anyway.
	rec, err := imp.store.Backend.File(ctx, j.path)
	switch {
	case err == nil && rec.SHA256 == sha:
		r.unchanged = true
		r.meetingID = rec.MeetingID
		r.meeting = imp.stored(ctx, j.path, rec.MeetingID)
		return r
	case err != nil && !errors.Is(err, index.ErrNotFound):
		r.err = fmt.Errorf("look up in the index: %w", err)
		return r
	}
	doc, err := ingest.Read(j.path, data)
	if err != nil {
		r.err = err
		return r
	}
	logWarnings(doc)
	r.meeting = extractMeeting(doc)
	r.src = sourceOf(j.path, doc)
	r.src.SHA256, r.src.Size = sha, int64(len(data))
	return r
}

// stored returns the stored meeting of an unchanged file, for the QA report;
// nil when it cannot be had.
func (imp *importer) stored(ctx context.Context, path, id string) *minutes.Meeting {
	m, err := imp.store.Backend.Meeting(ctx, id)
	if err != nil {
		logrus.WithFields(logrus.Fields{"file": path, "meeting": id, "err": err}).Debug("stored meeting")
		return nil
	}
	return m
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

// input is a path named on the command line, made absolute and clean.
type input struct {
	path string
	dir  bool
	err  error // from stat
}

// resolveInputs makes args absolute, and drops duplicates and paths that the
// walk of another argument reaches anyway, so that no file is imported twice
// in one run.
func resolveInputs(args []string) []input {
	var ins []input
	seen := map[string]bool{}
	for _, a := range args {
		p, err := filepath.Abs(a)
		if err != nil {
			ins = append(ins, input{path: a, err: err})
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		fi, err := os.Stat(p)
		ins = append(ins, input{path: p, dir: err == nil && fi.IsDir(), err: err})
	}
	out := ins[:0:0]
	for i, in := range ins {
		covered := false
		for k, other := range ins {
			if k != i && other.dir && other.err == nil && in.err == nil && reaches(other.path, in.path, in.dir) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, in)
		}
	}
	return out
}

// reaches tells whether walking the folder root visits p (a file, or a folder
// when dir), p being inside root.
func reaches(root, p string, dir bool) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	parts := strings.Split(rel, string(filepath.Separator))
	for _, part := range parts {
		if hidden(part) {
			return false
		}
	}
	return dir || wanted(parts[len(parts)-1])
}

// extensions are the file name endings walked folders are searched for.
var extensions = map[string]bool{
	".txt": true, ".md": true, ".markdown": true, ".text": true, ".pdf": true, ".docx": true,
}

// wanted tells whether a file found in a folder is to be imported.
func wanted(name string) bool {
	if hidden(name) || strings.HasPrefix(name, "~$") {
		return false
	}
	return extensions[strings.ToLower(filepath.Ext(name))]
}

// hidden tells whether a file or folder name is hidden (dot-file).
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

// walkInputs calls visit for every file to import, with an error for a path
// that cannot be read or walked. It stops when visit returns an error or ctx is
// cancelled. Symbolic links to files are followed, to folders not.
func walkInputs(ctx context.Context, inputs []input, visit func(path string, err error) error) error {
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.err != nil {
			if err := visit(in.path, in.err); err != nil {
				return err
			}
			continue
		}
		if !in.dir {
			if err := visit(in.path, nil); err != nil {
				return err
			}
			continue
		}
		// A folder named through a symbolic link is walked at its target, the
		// paths reported under the name given.
		root := in.path
		if target, err := filepath.EvalSymlinks(in.path); err == nil && target != in.path {
			root = target
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if root != in.path {
				if rel, rerr := filepath.Rel(root, p); rerr == nil {
					p = filepath.Join(in.path, rel)
				}
			}
			if err != nil {
				if verr := visit(p, fmt.Errorf("read folder: %w", err)); verr != nil {
					return verr
				}
				if d != nil && d.IsDir() && p != in.path {
					return filepath.SkipDir
				}
				return nil
			}
			if p == in.path {
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if hidden(name) {
					return filepath.SkipDir
				}
				return nil
			}
			if !wanted(name) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				fi, err := os.Stat(p)
				if err != nil || !fi.Mode().IsRegular() {
					logrus.WithField("file", p).Debug("skipped symbolic link")
					return nil
				}
			} else if !d.Type().IsRegular() {
				return nil
			}
			return visit(p, nil)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// countFiles counts the files walkInputs visits, reading names only.
func countFiles(ctx context.Context, inputs []input) (int, error) {
	n := 0
	err := walkInputs(ctx, inputs, func(string, error) error {
		n++
		return nil
	})
	return n, err
}
