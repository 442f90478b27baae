package importer

// Which files an import visits: the paths given, and in folders the files
// with a minutes extension that are not hidden.

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes/ingest"
)

// Input is a path named to import, made absolute and clean.
type Input struct {
	Path string
	Dir  bool
	Err  error // from stat
}

// ResolveInputs makes args absolute, and drops duplicates and paths that the
// walk of another argument reaches anyway, so that no file is imported twice
// in one run.
func ResolveInputs(args []string) []Input {
	var ins []Input
	seen := map[string]bool{}
	for _, a := range args {
		p, err := filepath.Abs(a)
		if err != nil {
			ins = append(ins, Input{Path: a, Err: err})
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		fi, err := os.Stat(p)
		ins = append(ins, Input{Path: p, Dir: err == nil && fi.IsDir(), Err: err})
	}
	out := ins[:0:0]
	for i, in := range ins {
		covered := false
		for k, other := range ins {
			if k != i && other.Dir && other.Err == nil && in.Err == nil && reaches(other.Path, in.Path, in.Dir) {
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

// wanted tells whether a file found in a folder is to be imported.
func wanted(name string) bool {
	return !ignored(name) && ingest.Supported(name)
}

// ignored tells whether a file found in a folder is left alone without a
// word: hidden files and Office lock files (~$…).
func ignored(name string) bool {
	return hidden(name) || strings.HasPrefix(name, "~$")
}

// Skipped is the error Walk reports for a file found in a folder that is not
// imported because its type is not one minutes reads.
type Skipped struct {
	// Ext is the file's extension, lower case ("" when it has none).
	Ext string
}

func (e *Skipped) Error() string {
	if e.Ext == "" {
		return "unsupported file without extension"
	}
	return "unsupported " + e.Ext
}

// hidden tells whether a file or folder name is hidden (dot-file).
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

// Walk calls visit for every file to import, with an error for a path that
// cannot be read or walked, and with a *Skipped error for a file in a folder
// whose type minutes does not read (hidden files and Office lock files are
// left out silently). It stops when visit returns an error or ctx is
// cancelled. Symbolic links to files are followed, to folders not.
func Walk(ctx context.Context, inputs []Input, visit func(path string, err error) error) error {
	// A file named is tried whatever its type: not skipped in a folder too.
	named := map[string]bool{}
	for _, in := range inputs {
		if !in.Dir {
			named[in.Path] = true
		}
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.Err != nil {
			if err := visit(in.Path, in.Err); err != nil {
				return err
			}
			continue
		}
		if !in.Dir {
			if err := visit(in.Path, nil); err != nil {
				return err
			}
			continue
		}
		// A folder named through a symbolic link is walked at its target, the
		// paths reported under the name given.
		root := in.Path
		if target, err := filepath.EvalSymlinks(in.Path); err == nil && target != in.Path {
			root = target
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if root != in.Path {
				if rel, rerr := filepath.Rel(root, p); rerr == nil {
					p = filepath.Join(in.Path, rel)
				}
			}
			if err != nil {
				if verr := visit(p, fmt.Errorf("read folder: %w", err)); verr != nil {
					return verr
				}
				if d != nil && d.IsDir() && p != in.Path {
					return filepath.SkipDir
				}
				return nil
			}
			if p == in.Path {
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if hidden(name) {
					return filepath.SkipDir
				}
				return nil
			}
			if ignored(name) {
				return nil
			}
			if !wanted(name) {
				if named[p] {
					return nil
				}
				return visit(p, &Skipped{Ext: strings.ToLower(filepath.Ext(name))})
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

// CountFiles counts the files Walk visits, skipped ones included, reading
// names only.
func CountFiles(ctx context.Context, inputs []Input) (int, error) {
	n := 0
	err := Walk(ctx, inputs, func(string, error) error {
		n++
		return nil
	})
	return n, err
}
