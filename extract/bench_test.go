package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest"
)

// BenchmarkExtract measures the rules alone on the example minutes (already
// ingested); bytes are the size of the source text.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(examples, "*", "*.txt"))
	var docs []*ingest.Document
	var size int64
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		d, err := ingest.Read(p, data)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			Extract(d)
		}
	}
}
