package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/index"
)

// BenchmarkImport imports N generated text minutes (each another meeting)
// into a new Bleve index per iteration, with one worker per core. Besides
// ns/op and allocations it reports files/s and the peak heap in use, sampled
// every 5 ms, so that speed and the bound on memory can be compared across
// sizes: the peak should not grow with N.
//
//	go test -run '^$' -bench Import -benchmem -benchtime 3x ./cmd/internal/importer
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{100, 400} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			src := b.TempDir()
			for i := range n {
				writeFile(b, filepath.Join(src, fmt.Sprintf("%04d.txt", i)), minutesText(i))
			}
			inputs := ResolveInputs([]string{src})
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				var ms runtime.MemStats
				tick := time.NewTicker(5 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					case <-tick.C:
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak.Load() {
							peak.Store(ms.HeapInuse)
						}
					}
				}
			})
			b.ReportAllocs()
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				be, err := index.OpenBleve(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				s, err := Run(context.Background(), Options{Store: index.NewStore(be), Workers: runtime.NumCPU()}, inputs)
				if err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				b.StopTimer()
				if s.Imported != n || s.Failed != 0 {
					b.Fatalf("imported %d of %d, %d failed", s.Imported, n, s.Failed)
				}
				be.Close()
				b.StartTimer()
			}
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "files/s")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		})
	}
}
