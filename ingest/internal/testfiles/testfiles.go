// Package testfiles finds the example minutes of testdata/minutes for the
// tests and benchmarks of the ingest readers.
package testfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
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
