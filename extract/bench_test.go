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

// realDocs is the set of real minutes of other bodies in the evaluation data
// beside this repository (../shared/eval/real/docs), when it is present.
const realDocs = "../../shared/eval/real/docs"

// BenchmarkExtractReal measures the rules alone on the real minutes of the
// evaluation set (PDF and Markdown, already ingested), one op per document.
func BenchmarkExtractReal(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(realDocs, "*"))
	if len(files) == 0 {
		b.Skip("no real minutes in " + realDocs)
	}
	var docs []*ingest.Document
	for _, p := range files {
		d, err := ingest.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Extract(docs[i%len(docs)])
	}
}
