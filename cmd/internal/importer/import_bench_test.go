package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/testcorpus"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
	"github.com/goteborgsregionen/minutes/ingest"
)

// benchSizes are the numbers of files the import benchmarks import.
var benchSizes = []int{100, 1000}

// BenchmarkImport imports N generated text minutes of realistic size
// (testcorpus.Realistic: 5–7 KB, 12–22 attendees, 7–10 agenda points, 1–3
// decisions; each another meeting) into a new Bleve index per iteration,
// with one worker per core. Besides ns/op and allocations it reports
// files/s, MB/s (bytes of the source files per second) and the peak heap in
// use, sampled every 5 ms, so that speed and the bound on memory can be
// compared across sizes: the peak should not grow with N.
//
//	go test -run '^$' -bench 'Import$' -benchmem -benchtime 1x ./cmd/internal/importer
func BenchmarkImport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			src := b.TempDir()
			bytes := 0
			for i := range n {
				text := testcorpus.RealisticText(i)
				bytes += len(text)
				writeFile(b, filepath.Join(src, fmt.Sprintf("%04d.txt", i)), text)
			}
			inputs := ResolveInputs([]string{src})
			peak := samplePeakHeap(b)
			b.ReportAllocs()
			elapsed := timeFresh(b, func(be *bleve.Backend) {
				s, err := Run(context.Background(), Options{Store: index.NewStore(be), Workers: runtime.NumCPU()}, inputs)
				if err != nil {
					b.Fatal(err)
				}
				if s.Imported != n || s.Failed != 0 {
					b.Fatalf("imported %d of %d, %d failed", s.Imported, n, s.Failed)
				}
			})
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "files/s")
			b.ReportMetric(float64(bytes*b.N)/1e6/elapsed.Seconds(), "MB/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-live-heap-MiB")
		})
	}
}

// timeFresh calls run once per benchmark iteration, each time with a new
// Bleve index, and returns the time the runs took, not counting opening and
// closing the indexes.
func timeFresh(b *testing.B, run func(*bleve.Backend)) time.Duration {
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		be, err := bleve.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		run(be)
		elapsed += time.Since(start)
		b.StopTimer()
		be.Close()
		b.StartTimer()
	}
	return elapsed
}

// samplePeakHeap samples the live heap every 5 ms until the benchmark
// ends; the function it returns stops the sampling and returns the peak.
func samplePeakHeap(b *testing.B) func() uint64 {
	runtime.GC() // what the setup left is not the import's
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		// The heap the last collection found live: garbage not yet
		// collected is not memory the import needs. (ReadMemStats would
		// stop the world every sample.)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	})
	var once sync.Once
	done := func() uint64 {
		once.Do(func() { close(stop); wg.Wait() })
		return peak.Load()
	}
	b.Cleanup(func() { done() })
	return done
}

// BenchmarkStoreImport measures the index's write path alone: N realistic
// meetings, read and extracted before the timer starts, filed by
// Store.Import into a new Bleve index per iteration and flushed every 250
// files and at the end, as Run does. It reports meetings/s.
//
//	go test -run '^$' -bench StoreImport -benchmem -benchtime 1x ./cmd/internal/importer
func BenchmarkStoreImport(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("meetings=%d", n), func(b *testing.B) {
			type file struct {
				src minutes.Source
				m   minutes.Meeting
			}
			files := make([]file, n)
			for i := range files {
				text := testcorpus.RealisticText(i)
				name := fmt.Sprintf("/arkiv/%04d.txt", i)
				doc, err := ingest.Read(name, []byte(text))
				if err != nil {
					b.Fatal(err)
				}
				sum := sha256.Sum256([]byte(text))
				src := SourceOf(name, doc)
				src.SHA256, src.Size = hex.EncodeToString(sum[:]), int64(len(text))
				files[i] = file{src, *extract.Extract(doc)}
			}
			ctx := context.Background()
			b.ReportAllocs()
			elapsed := timeFresh(b, func(be *bleve.Backend) {
				s := index.NewStore(be)
				for i, f := range files {
					m := f.m // Import sets the ID: each iteration files a fresh copy
					out, err := s.Import(ctx, f.src, index.FileStat{Size: f.src.Size}, &m)
					if err != nil || out != index.Imported {
						b.Fatalf("%s: %s, %v", f.src.Path, out, err)
					}
					if (i+1)%250 == 0 {
						if err := s.Flush(ctx); err != nil {
							b.Fatal(err)
						}
					}
				}
				if err := s.Flush(ctx); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "meetings/s")
		})
	}
}
