package bleve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/goteborgsregionen/minutes/index"
)

// writeMeetings opens dir for writing, stores meetings bench-from…bench-to-1
// and commits.
func writeMeetings(t testing.TB, dir string, from, to int) {
	t.Helper()
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < to; i++ {
		if err := b.PutMeeting(context.Background(), benchMeeting(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// meetingCount opens dir for reading and counts its meetings.
func meetingCount(t testing.TB, b *Backend) int {
	t.Helper()
	list, err := b.Meetings(context.Background(), index.Filter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(list.Hits)
}

// gens lists the generation folders in dir.
func gens(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if _, ok := parseGen(e.Name()); ok {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestBleveGenerations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	writeMeetings(t, dir, 0, 2)
	if cur, err := readCurrent(dir); err != nil || cur != "gen-000001" {
		t.Fatalf("CURRENT %q, %v", cur, err)
	}
	old, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()

	// A writer at work: readers see the live generation only, any number
	// at once, and cannot write.
	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if w.Generation() != "gen-000002" {
		t.Errorf("writer in %s", w.Generation())
	}
	for i := 2; i < 5; i++ {
		if err := w.PutMeeting(context.Background(), benchMeeting(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := meetingCount(t, w); n != 5 {
		t.Errorf("the writer sees %d meetings, want its own 5", n)
	}
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	during, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("open for reading during a write: %v", err)
	}
	if n := meetingCount(t, during); n != 2 || during.Generation() != "gen-000001" {
		t.Errorf("a reader during the write sees %d meetings in %s, want the 2 of gen-000001", n, during.Generation())
	}
	if err := during.PutMeeting(context.Background(), benchMeeting(9)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write through a reader: %v, want ErrReadOnly", err)
	}
	during.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Committed: new readers see it; the old reader keeps its generation,
	// which stays on disk while it is held.
	r, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := meetingCount(t, r); n != 5 || r.Generation() != "gen-000002" {
		t.Errorf("after the commit %d meetings in %s, want 5 in gen-000002", n, r.Generation())
	}
	r.Close()
	if n := meetingCount(t, old); n != 2 {
		t.Errorf("the old reader sees %d meetings, want still 2", n)
	}
	if got := strings.Join(gens(t, dir), ","); got != "gen-000001,gen-000002" {
		t.Errorf("generations %s; the held gen-000001 must stay", got)
	}
	old.Close()

	// A writer without writes commits nothing; it removes what no reader
	// holds.
	w, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if cur, _ := readCurrent(dir); cur != "gen-000002" {
		t.Errorf("CURRENT %s after a writer without writes", cur)
	}
	if got := strings.Join(gens(t, dir), ","); got != "gen-000002" {
		t.Errorf("generations %s, want only gen-000002", got)
	}
}

func TestBleveMissingIndexReadOnly(t *testing.T) {
	parent := t.TempDir()
	missing := filepath.Join(parent, "typo", "idx")
	if _, err := OpenReadOnly(missing); !errors.Is(err, index.ErrNoIndex) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing folder: %v, want index.ErrNoIndex naming it", err)
	}
	if _, err := os.Stat(filepath.Join(parent, "typo")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening for reading created a folder: %v", err)
	}
	empty := t.TempDir()
	if _, err := OpenReadOnly(empty); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("empty folder: %v, want index.ErrNoIndex", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("opening for reading created %v", entries)
	}
}

// TestBleveReadersAtOnce opens 12 readers at once beside a writer; every one
// answers.
func TestBleveReadersAtOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	writeMeetings(t, dir, 0, 20)
	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Go(func() {
			b, err := OpenReadOnly(dir)
			if err != nil {
				errs <- err
				return
			}
			defer b.Close()
			hits, err := b.Decisions(context.Background(), index.DecisionQuery{Text: "socionomprogrammet"})
			if err == nil && len(hits.Hits) != 20 {
				err = fmt.Errorf("%d hits, want 20", len(hits.Hits))
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestBleveReaderFollowsCommits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	writeMeetings(t, dir, 0, 1)
	r, err := OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b1, release1, err := r.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	writeMeetings(t, dir, 1, 3)
	b2, release2, err := r.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	if n := meetingCount(t, b2); n != 3 {
		t.Errorf("after a commit the reader sees %d meetings, want 3", n)
	}
	// The request that began before the commit goes on in its generation.
	if n := meetingCount(t, b1); n != 1 {
		t.Errorf("the earlier request sees %d meetings, want 1", n)
	}
	release1()
	release1() // twice is harmless
	if !b1.closed {
		t.Error("the old generation stays open after its last release")
	}
	release2()
	if b2.closed {
		t.Error("the live generation closed on release")
	}
	writeMeetings(t, dir, 3, 4)
	if got := gens(t, dir); len(got) != 2 {
		// gen-000002 is held by the reader, gen-000003 is live.
		t.Errorf("generations %v, want the held and the live one", got)
	}
}

// TestBleveLegacyIndex reads an index of the single-folder layout in place
// and migrates it on the first write.
func TestBleveLegacyIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	im, err := bleveMapping()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := blevesearch.NewUsing(dir, im, scorch.Name, blevesearch.Config.DefaultKVStore, map[string]any{"unsafe_batch": true})
	if err != nil {
		t.Fatal(err)
	}
	legacy := &Backend{dir: dir, idx: idx, gen: bleveGen{dirty: true}}
	if err := idx.SetInternal(bleveSchemaKey, []byte(Schema)); err != nil {
		t.Fatal(err)
	}
	if err := legacy.PutMeeting(context.Background(), benchMeeting(0)); err != nil {
		t.Fatal(err)
	}
	if err := legacy.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	r, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := meetingCount(t, r); n != 1 || r.Generation() != "" {
		t.Errorf("legacy read: %d meetings in %q", n, r.Generation())
	}
	r.Close()

	writeMeetings(t, dir, 1, 2)
	if cur, _ := readCurrent(dir); cur != "gen-000001" {
		t.Errorf("CURRENT %q after migrating", cur)
	}
	for _, name := range []string{legacyMeta, "store"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("legacy %s left after migrating: %v", name, err)
		}
	}
	r, err = OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := meetingCount(t, r); n != 2 {
		t.Errorf("%d meetings after migrating, want 2", n)
	}
}

// TestBleveKilled kills a child process that writes to the index with
// SIGKILL at random moments, while it creates the index and while it
// re-imports into it. Every time, the index is either absent (a creation
// killed) or opens and answers with a complete generation, and a writer can
// go on.
func TestBleveKilled(t *testing.T) {
	if dir := os.Getenv("MINUTES_KILL_DIR"); dir != "" {
		killedWriter(dir)
		return
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	// 40 kills, or fewer (at least 12) when the machine is so slow (the race
	// detector, a loaded CI) that they would take more than 20 s.
	const kills, least, budget = 40, 12, 20 * time.Second
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	base := t.TempDir()
	reimport := filepath.Join(base, "reimport")
	writeMeetings(t, reimport, 0, 3)
	start := time.Now()
	absent := 0
	done := 0
	for i := range kills {
		if i >= least && time.Since(start) > budget {
			break
		}
		done++
		create := i%2 == 0
		dir := reimport
		if create {
			dir = filepath.Join(base, fmt.Sprintf("create-%d", i))
		}
		// Creating the index takes about 80 ms here, a round of the writer
		// (clone, two meetings, commit) about 200 ms.
		delay := time.Duration(rng.IntN(300_000)) * time.Microsecond
		killChild(t, dir, delay)

		r, err := OpenReadOnly(dir)
		switch {
		case create && errors.Is(err, index.ErrNoIndex):
			absent++
		case err != nil:
			t.Fatalf("kill %d after %v: the index does not open: %v", i, delay, err)
		default:
			n := meetingCount(t, r)
			r.Close()
			if !create && n < 3 {
				t.Fatalf("kill %d after %v: %d meetings, want at least the 3 committed", i, delay, n)
			}
		}
		// A writer takes over what the killed one left.
		w, err := Open(dir)
		if err != nil {
			t.Fatalf("kill %d: open for writing after the kill: %v", i, err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got := gens(t, dir); len(got) != 1 {
			t.Errorf("kill %d: generations %v left, want the live one", i, got)
		}
	}
	t.Logf("%d kills in %v; %d creations killed before the commit", done, time.Since(start).Round(time.Millisecond), absent)
}

// killChild starts the test binary as a writer into dir and kills it delay
// after it is about to open the index.
func killChild(t *testing.T, dir string, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBleveKilled$")
	cmd.Env = append(os.Environ(), "MINUTES_KILL_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child: %q, %v", buf, err)
	}
	time.Sleep(delay)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()
}

// killedWriter writes meetings into dir in rounds of commits, until killed.
func killedWriter(dir string) {
	os.Stdout.WriteString("ready\n")
	for round := 0; ; round++ {
		b, err := Open(dir)
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(2)
		}
		for i := range 2 {
			if err := b.PutMeeting(context.Background(), benchMeeting(100+round*2+i)); err != nil {
				os.Exit(2)
			}
		}
		if err := b.Close(); err != nil {
			os.Exit(2)
		}
	}
}

func TestBleveDamagedCurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	writeMeetings(t, dir, 0, 1)
	if err := os.WriteFile(filepath.Join(dir, currentName), []byte("gen-000009\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := OpenReadOnly(dir)
	if err == nil || !strings.Contains(err.Error(), "CURRENT names gen-000009, which is missing") {
		t.Errorf("err %v, want one naming the missing generation", err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "gen-000009") {
		t.Errorf("writer: err %v, want one naming the missing generation", err)
	}
}
