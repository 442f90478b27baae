package bleve

// Generations of the embedded index. The index folder DIR holds:
//
//	DIR/CURRENT        one line naming the live generation, e.g. "gen-000007"
//	DIR/gen-NNNNNN/    a complete Bleve index, never written once committed
//	DIR/writer.lock    locked by the one writer
//
// A writer clones the live generation (hard links for the immutable segment
// files, copies of the rest), writes into the clone, persists and fsyncs it,
// and commits it by renaming CURRENT.tmp over CURRENT. Readers open the
// generation CURRENT names read-only and share-lock its gen.lock, so that the
// writer removes only the old generations no reader holds. A kill at any
// moment thus leaves CURRENT naming a complete generation, or no CURRENT at
// all when the index was being created.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
)

const (
	currentName    = "CURRENT"
	writerLockName = "writer.lock"
	genLockName    = "gen.lock"
	genPrefix      = "gen-"
	// legacyMeta is the file of an index of the single-folder layout that
	// minutes used before generations (the Bleve index directly in DIR).
	legacyMeta = "index_meta.json"
)

// errLocked is returned by lockFile when another holds the lock.
var errLocked = errors.New("locked by another process")

// errGone is returned by lockGen when the generation was removed meanwhile.
var errGone = errors.New("generation removed")

// genName is the folder name of generation n.
func genName(n int) string { return fmt.Sprintf("%s%06d", genPrefix, n) }

// parseGen returns the number of a generation folder name.
func parseGen(name string) (int, bool) {
	digits, ok := strings.CutPrefix(name, genPrefix)
	if !ok || len(digits) != 6 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n > 0
}

// readCurrent returns the generation CURRENT in dir names. It fails with an
// error wrapping fs.ErrNotExist when there is no CURRENT.
func readCurrent(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, currentName))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(data))
	if _, ok := parseGen(name); !ok {
		return "", fmt.Errorf("index %s: %s names %q, not a generation", dir, currentName, name)
	}
	return name, nil
}

// writeCurrent makes gen the live generation of dir: CURRENT.tmp is written
// and fsynced, then renamed over CURRENT, and the folder fsynced.
func writeCurrent(dir, gen string) error {
	tmp := filepath.Join(dir, currentName+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, gen+"\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentName)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a folder, so that the names in it are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// syncTree fsyncs every file and folder under root.
func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(p)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", p, err)
		}
		return nil
	})
}

// newGenFolder creates the folder of a new generation with its gen.lock.
func newGenFolder(g string) error {
	if err := os.Mkdir(g, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(g, genLockName), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// cloneGen makes dst a copy of the Bleve index in src (a generation or a
// legacy index folder): the segment files (*.zap, never changed once written)
// are hard-linked, or copied where links fail; index_meta.json and root.bolt
// are copied, since the writer of dst changes them. src must not be written
// meanwhile (a committed generation never is).
func cloneGen(src, dst string) error {
	if err := newGenFolder(dst); err != nil {
		return err
	}
	if err := copyFile(filepath.Join(src, legacyMeta), filepath.Join(dst, legacyMeta)); err != nil {
		return err
	}
	srcStore, dstStore := filepath.Join(src, "store"), filepath.Join(dst, "store")
	if err := os.Mkdir(dstStore, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(srcStore)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		from, to := filepath.Join(srcStore, e.Name()), filepath.Join(dstStore, e.Name())
		if filepath.Ext(e.Name()) == ".zap" {
			if err := os.Link(from, to); err == nil {
				continue
			}
		}
		if err := copyFile(from, to); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies the regular file from to the new file to.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// lockGen share-locks the generation folder g for a reader, waiting while a
// writer removes it. It fails with errGone when g is gone or going: the
// reader then reads CURRENT again.
func lockGen(g string) (*os.File, error) {
	name := filepath.Join(g, genLockName)
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	if err := lockFile(f, false, true); err != nil {
		f.Close()
		return nil, err
	}
	// The remover deletes gen.lock before it unlocks: a lock on a deleted
	// file holds nothing.
	held, err1 := f.Stat()
	now, err2 := os.Stat(name)
	if err1 != nil || err2 != nil || !os.SameFile(held, now) {
		f.Close()
		return nil, errGone
	}
	return f, nil
}

// removeGen removes generation folder g unless a reader holds it, and
// reports whether it did.
func removeGen(g string) (bool, error) {
	f, err := os.Open(filepath.Join(g, genLockName))
	if errors.Is(err, fs.ErrNotExist) {
		// Never committed (a writer killed while creating it), or half
		// removed: no reader can hold it.
		return true, os.RemoveAll(g)
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if err := lockFile(f, true, false); err != nil {
		if errors.Is(err, errLocked) {
			return false, nil
		}
		return false, err
	}
	if err := os.Remove(filepath.Join(g, genLockName)); err != nil {
		return false, err
	}
	return true, os.RemoveAll(g)
}

// removeLegacy removes the index of the single-folder layout from dir unless
// a reader holds it (bbolt share-locks root.bolt), and reports whether it did.
func removeLegacy(dir string) (bool, error) {
	meta := filepath.Join(dir, legacyMeta)
	if _, err := os.Stat(meta); errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	f, err := os.Open(filepath.Join(dir, "store", "root.bolt"))
	if err == nil {
		defer f.Close()
		if err := lockFile(f, true, false); err != nil {
			if errors.Is(err, errLocked) {
				return false, nil
			}
			return false, err
		}
	}
	if err := os.Remove(meta); err != nil {
		return false, err
	}
	return true, os.RemoveAll(filepath.Join(dir, "store"))
}

// collect removes from dir the generations other than keep that no reader
// holds, and a migrated legacy index. Only the writer calls it, holding
// writer.lock; failures are logged, as they leave only garbage behind.
func collect(dir string, keep ...string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		logrus.WithError(err).WithField("dir", dir).Warn("listing old index generations")
		return
	}
	kept := map[string]bool{}
	for _, k := range keep {
		kept[k] = true
	}
	for _, e := range entries {
		if _, ok := parseGen(e.Name()); !ok || !e.IsDir() || kept[e.Name()] {
			continue
		}
		removed, err := removeGen(filepath.Join(dir, e.Name()))
		fields := logrus.Fields{"dir": dir, "generation": e.Name()}
		switch {
		case err != nil:
			logrus.WithError(err).WithFields(fields).Warn("removing an old index generation")
		case !removed:
			logrus.WithFields(fields).Debug("old generation still read, kept")
		}
	}
	if len(keep) > 0 {
		if _, err := removeLegacy(dir); err != nil {
			logrus.WithError(err).WithField("dir", dir).Warn("removing the migrated index")
		}
	}
}
