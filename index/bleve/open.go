package bleve

// Opening and closing the embedded index: one writer at a time in a new
// generation, committed on Close; any number of read-only readers of the
// live generation beside it. See generation.go for the layout.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/sirupsen/logrus"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/goteborgsregionen/minutes/index"
)

// ErrReadOnly is returned by the writes of a Backend opened for reading.
var ErrReadOnly = errors.New("opened read-only")

// bleveGen is the generation a Backend has open and how.
type bleveGen struct {
	name     string // e.g. "gen-000007"; "" for a legacy index read in place
	readOnly bool
	// lock is writer.lock for a writer, the generation's gen.lock for a
	// reader; nil for a legacy reader (bbolt's lock on root.bolt holds it).
	lock *os.File
	// dirty is set by the first write; a writer without writes discards its
	// clone instead of committing it.
	dirty bool
	// create is set when Close must commit even without writes: a new index,
	// or a legacy one migrated.
	create bool
}

// bleveWriteConfig is the runtime configuration of a writer: batches are
// persisted in the background (Flush waits for them), and merges make
// segments of at most bleveMaxSegmentDocs documents. Runtime settings are
// not stored in the index: readers open it with bleveReadConfig, in which no
// persister or merger runs, and the next writer starts from these again.
func bleveWriteConfig() map[string]any {
	return map[string]any{
		"bolt_timeout": bleveLockTimeout.String(),
		"unsafe_batch": true,
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentSize": bleveMaxSegmentDocs,
		},
	}
}

// bleveMaxSegmentDocs bounds the segments merges make, in documents (about
// 4,000 meetings, 75 MB). Scorch's default (5 million) lets merges grow
// until one merge reads the whole index: at 100,000 meetings the last one
// read 1.4 GB through the memory map and took the import to 1.9 GB of RSS.
// With the bound the same import used 520 MiB and less CPU (BENCHMARKS.md).
var bleveMaxSegmentDocs = 50000

// bleveReadConfig is the runtime configuration of a reader: read-only (no
// persister or merger runs; bbolt only share-locks root.bolt).
func bleveReadConfig() map[string]any {
	return map[string]any{
		"read_only":    true,
		"bolt_timeout": bleveLockTimeout.String(),
	}
}

// Open opens the index in folder dir for writing, creating the folder
// and the index when absent. There is one writer at a time: it fails with
// ErrInUse at once when another process writes to dir. The writes go to a
// new generation, which readers see from when Close commits it; a process
// killed before leaves the index as it was. Open fails with ErrSchema
// when the index was written by an incompatible version, and refuses a
// folder that holds other files but no index. An index of the single-folder
// layout of earlier versions is migrated: its clone becomes the first
// generation.
func Open(dir string) (*Backend, error) {
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, writerLockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := lockFile(lock, true, false); err != nil {
		lock.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w to %s", ErrInUse, dir)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	b, err := openWriter(dir)
	if err != nil {
		lock.Close()
		return nil, err
	}
	b.gen.lock = lock
	return b, nil
}

// openWriter opens a new generation of the index in dir for writing; the
// caller holds writer.lock.
func openWriter(dir string) (*Backend, error) {
	cur, err := readCurrent(dir)
	var src string // the index to clone; "" for a new index
	switch {
	case err == nil:
		src = filepath.Join(dir, cur)
		if _, err := os.Stat(filepath.Join(src, legacyMeta)); err != nil {
			return nil, fmt.Errorf("open index %s: %s names %s, which is missing or damaged: %w", dir, currentName, cur, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	default:
		if _, err := os.Stat(filepath.Join(dir, legacyMeta)); err == nil {
			src = dir
		} else if err := checkEmpty(dir); err != nil {
			return nil, err
		}
	}

	// What an earlier writer left behind, and generations readers let go.
	if cur != "" {
		collect(dir, cur)
	} else {
		collect(dir)
	}
	next, err := nextGen(dir, cur)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	g := filepath.Join(dir, next)
	if src == "" {
		err = createGen(g)
	} else {
		err = cloneGen(src, g)
	}
	if err != nil {
		os.RemoveAll(g)
		return nil, fmt.Errorf("create index generation %s: %w", g, err)
	}
	idx, err := blevesearch.OpenUsing(g, bleveWriteConfig())
	if err == nil {
		err = checkSchema(dir, idx)
	}
	if err != nil {
		if idx != nil {
			idx.Close()
		}
		os.RemoveAll(g)
		if errors.Is(err, ErrSchema) {
			return nil, err
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return &Backend{dir: dir, idx: idx, gen: bleveGen{name: next, create: cur == ""}}, nil
}

// checkEmpty fails when dir holds anything but an index's own files, so
// that an index is never created among someone's documents.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("create index %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if _, ok := parseGen(name); ok || name == writerLockName || name == currentName+".tmp" {
			continue
		}
		return fmt.Errorf("create index %s: folder exists, is not empty and holds no index", dir)
	}
	return nil
}

// nextGen names the generation after cur, past any folder left in dir.
func nextGen(dir, cur string) (string, error) {
	n, _ := parseGen(cur)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if k, ok := parseGen(e.Name()); ok && k > n {
			n = k
		}
	}
	return genName(n + 1), nil
}

// createGen creates an empty index holding the schema version in the new
// generation folder g.
func createGen(g string) error {
	if err := newGenFolder(g); err != nil {
		return err
	}
	im, err := bleveMapping()
	if err != nil {
		return fmt.Errorf("mapping: %w", err)
	}
	idx, err := blevesearch.NewUsing(g, im, scorch.Name, blevesearch.Config.DefaultKVStore, nil)
	if err != nil {
		return err
	}
	if err := idx.SetInternal(bleveSchemaKey, []byte(Schema)); err != nil {
		idx.Close()
		return fmt.Errorf("store schema version: %w", err)
	}
	return idx.Close()
}

// checkSchema fails with ErrSchema unless idx holds Schema.
func checkSchema(dir string, idx blevesearch.Index) error {
	v, err := idx.GetInternal(bleveSchemaKey)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if string(v) != Schema {
		if v == nil {
			v = []byte("none")
		}
		return fmt.Errorf("index %s has schema version %s, this minutes needs %s; remove the folder and import again: %w",
			dir, v, Schema, ErrSchema)
	}
	return nil
}

// OpenReadOnly opens the live generation of the index in dir for
// reading. Any number of readers may have it open, beside a writer; they do
// not see the writer's work until it commits (reopen, or use Reader).
// A folder without an index is ErrNoIndex, and nothing is created.
func OpenReadOnly(dir string) (*Backend, error) {
	dir = filepath.Clean(dir)
	last := "-"
	for attempt := 0; ; attempt++ {
		b, cur, err := openReader(dir)
		if !errors.Is(err, errGone) {
			return b, err
		}
		if cur == last && cur != "" {
			// Gone twice while CURRENT still names it: not a commit
			// racing this open, but a damaged index.
			return nil, fmt.Errorf("open index %s: %s names %s, which is missing", dir, currentName, cur)
		}
		if attempt == 100 {
			return nil, fmt.Errorf("open index %s: the live generation keeps changing", dir)
		}
		last = cur // a writer committed and removed the generation meanwhile
	}
}

// openReader opens the generation CURRENT names, or a legacy index; it
// also returns the name CURRENT held.
func openReader(dir string) (*Backend, string, error) {
	cur, err := readCurrent(dir)
	var lock *os.File
	path := dir
	switch {
	case err == nil:
		path = filepath.Join(dir, cur)
		if lock, err = lockGen(path); err != nil {
			if errors.Is(err, errGone) {
				return nil, cur, err
			}
			return nil, cur, fmt.Errorf("open index %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, cur, fmt.Errorf("open index %s: %w", dir, err)
	default:
		if _, err := os.Stat(filepath.Join(dir, legacyMeta)); err != nil {
			if _, cerr := os.Stat(filepath.Join(dir, currentName)); cerr == nil {
				return nil, cur, errGone // a writer migrated the legacy index meanwhile
			}
			return nil, cur, fmt.Errorf("no index at %s: %w", dir, index.ErrNoIndex)
		}
	}
	idx, err := blevesearch.OpenUsing(path, bleveReadConfig())
	if err == nil {
		err = checkSchema(dir, idx)
		if err != nil {
			idx.Close()
		}
	}
	if err != nil {
		if lock != nil {
			lock.Close()
		}
		if cur == "" {
			if _, serr := os.Stat(filepath.Join(dir, legacyMeta)); serr != nil {
				return nil, cur, errGone
			}
		}
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, cur, fmt.Errorf("index %s is locked by another process: %w", dir, err)
		}
		if errors.Is(err, ErrSchema) {
			return nil, cur, err
		}
		return nil, cur, fmt.Errorf("open index %s: %w", dir, err)
	}
	return &Backend{dir: dir, idx: idx, gen: bleveGen{name: cur, readOnly: true, lock: lock}}, cur, nil
}

// Dir returns the folder of the index.
func (b *Backend) Dir() string { return b.dir }

// Generation returns the name of the generation b has open ("gen-000007"),
// "" for an index of the single-folder layout read in place.
func (b *Backend) Generation() string { return b.gen.name }

// Close releases the index. A writer persists its writes, commits its
// generation (fsynced, then named in CURRENT) and removes the generations no
// reader holds any more. Closing twice is no error.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if b.gen.lock != nil {
		defer b.gen.lock.Close() // releases the writer's or reader's lock
	}
	ferr := b.flushLocked(context.Background())
	if err := b.idx.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", b.dir, err)
	}
	if b.gen.readOnly || ferr != nil {
		return ferr // a writer's failed generation is garbage for the next one
	}
	g := filepath.Join(b.dir, b.gen.name)
	if !b.gen.dirty && !b.gen.create {
		return os.RemoveAll(g) // nothing new: the live generation stays
	}
	if err := syncTree(g); err != nil {
		return fmt.Errorf("commit index %s: %w", b.dir, err)
	}
	if err := writeCurrent(b.dir, b.gen.name); err != nil {
		return fmt.Errorf("commit index %s: %w", b.dir, err)
	}
	collect(b.dir, b.gen.name)
	return nil
}

// Reader is a long-lived reader of the index in a folder (a web
// server): it keeps the live generation open and, when an import has
// committed another, opens that one for the next Acquire, closing the old
// one when its last user released it.
type Reader struct {
	dir string

	mu      sync.Mutex
	cur     *sharedBleve
	current os.FileInfo // of CURRENT when cur was opened; nil: legacy
	closed  bool
}

// sharedBleve is a reader's Backend with the count of its users.
type sharedBleve struct {
	b     *Backend
	users int // Acquires not released, plus one while current
}

// OpenReader opens the index in dir for reading, like
// OpenReadOnly.
func OpenReader(dir string) (*Reader, error) {
	r := &Reader{dir: filepath.Clean(dir)}
	if err := r.reopen(); err != nil {
		return nil, err
	}
	return r, nil
}

// reopen opens the live generation and makes it current. Callers hold r.mu
// (or own r alone).
func (r *Reader) reopen() error {
	fi, _ := os.Stat(filepath.Join(r.dir, currentName))
	b, err := OpenReadOnly(r.dir)
	if err != nil {
		return err
	}
	if old := r.cur; old != nil {
		r.release(old)
	}
	r.cur = &sharedBleve{b: b, users: 1}
	r.current = fi
	return nil
}

// changed tells whether CURRENT was replaced since the current generation was
// opened: a stat, cheap enough for every request.
func (r *Reader) changed() bool {
	fi, err := os.Stat(filepath.Join(r.dir, currentName))
	switch {
	case err != nil:
		return r.current != nil // CURRENT gone: the folder was replaced
	case r.current == nil:
		return true // a legacy index was migrated
	default:
		return !os.SameFile(fi, r.current)
	}
}

// Acquire returns the index to read, the live generation at the time of the
// call; release must be called when done with it. It stays usable until
// released, also after an import committed a newer generation.
func (r *Reader) Acquire() (b *Backend, release func(), err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, nil, fmt.Errorf("index %s: reader closed", r.dir)
	}
	if r.changed() {
		if err := r.reopen(); err != nil {
			if r.cur == nil {
				return nil, nil, err
			}
			// Keep answering from the generation at hand.
			logWarn(err, r.dir, "reopening the index after an import")
		}
	}
	s := r.cur
	s.users++
	var once sync.Once
	return s.b, func() {
		once.Do(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.release(s)
		})
	}, nil
}

// release drops a user of s and closes it when it has none left.
// Callers hold r.mu.
func (r *Reader) release(s *sharedBleve) {
	s.users--
	if s.users == 0 {
		if err := s.b.Close(); err != nil {
			logWarn(err, r.dir, "closing an old index generation")
		}
	}
}

// Close closes the reader; generations still acquired are closed when
// released.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if r.cur != nil {
		r.release(r.cur)
		r.cur = nil
	}
	return nil
}

// logWarn logs a failure that does not stop a reader.
func logWarn(err error, dir, what string) {
	logrus.WithError(err).WithField("dir", dir).Warn(what)
}
