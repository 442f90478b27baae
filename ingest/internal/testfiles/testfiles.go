// Package testfiles finds the example minutes of testdata/minutes for the
// tests and benchmarks of the ingest readers.
package testfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Dir returns the folder of the example minutes, testdata/minutes at the
// module's root.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "minutes")
}

// Glob returns the example files matching pattern (a base-name pattern such
// as "*.pdf"); it fails the test when there are none.
func Glob(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(Dir(), "*", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example minutes %s in %s: %v", pattern, Dir(), err)
	}
	return files
}

// Example returns the path of the example minutes file with this base name;
// the examples are filed in a folder per network.
func Example(t testing.TB, name string) string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(Dir(), "*", name))
	if err != nil || len(paths) != 1 {
		t.Fatalf("example %q: found %v, %v", name, paths, err)
	}
	return paths[0]
}

// BenchmarkRead measures read over the files, one pass over all of them per
// op; bytes are the files' sizes.
func BenchmarkRead(b *testing.B, paths []string, read func(name string, data []byte) error) {
	var files [][]byte
	var size int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range files {
			if err := read(paths[i], data); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// Reader is a reader of one format as package ingest runs it: named, its
// panics recovered, its lines numbered (textdoc.Finish).
type Reader func(name string, data []byte) (*textdoc.Document, error)

// Named returns read run as package ingest runs a reader of format.
func Named(format textdoc.Format, read func([]byte) (*textdoc.Document, error)) Reader {
	return func(name string, data []byte) (*textdoc.Document, error) {
		return textdoc.Finish(name, format, func() (*textdoc.Document, error) { return read(data) })
	}
}

// File reads the named file from disk with read.
func (read Reader) File(name string) (*textdoc.Document, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return read(name, data)
}

// Fuzz adds the example files matching pattern to the seeds and fuzzes
// read: no panic may reach textdoc.Finish, and every document read has
// clean, numbered lines without line breaks.
func Fuzz(f *testing.F, pattern string, read Reader) {
	for _, file := range Glob(f, pattern) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := read("fuzz", data)
		if err != nil {
			if strings.Contains(err.Error(), "parser panic") {
				t.Fatal(err)
			}
			return
		}
		for i, l := range doc.Lines {
			if l.Text != textdoc.Clean(l.Text) || strings.ContainsAny(l.Text, "\r\n") || l.No != i+1 {
				t.Fatalf("line %d: %+v", i, l)
			}
		}
	})
}

// Benchmark measures read over the example files matching pattern.
func Benchmark(b *testing.B, pattern string, read Reader) {
	BenchmarkRead(b, Glob(b, pattern), func(name string, data []byte) error {
		_, err := read(name, data)
		return err
	})
}
