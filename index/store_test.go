package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
)

// fakeBackend is a Backend that keeps meetings and file records in maps and
// fails writes on demand, to test how Store confirms writes. Queries are not
// needed by Store and panic.
type fakeBackend struct {
	Backend // nil: queries panic

	mu sync.Mutex // Store writes in the background: writes run beside reads

	meetings map[string]*minutes.Meeting
	files    map[string]*FileRecord
	batches  []*Batch // every batch written

	// failAll fails every batch as a whole; failMeeting and failFile fail
	// the writes of these meetings and file records.
	failAll     error
	failMeeting map[string]error
	failFile    map[string]error
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{meetings: map[string]*minutes.Meeting{}, files: map[string]*FileRecord{},
		failMeeting: map[string]error{}, failFile: map[string]error{}}
}

func (f *fakeBackend) File(_ context.Context, path string) (FileRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if rec := f.files[path]; rec != nil {
		return *rec, nil
	}
	return FileRecord{}, ErrNotFound
}

func (f *fakeBackend) Files(_ context.Context, dir string) ([]FileRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []FileRecord
	for _, p := range slices.Sorted(maps.Keys(f.files)) {
		if strings.HasPrefix(p, FolderPrefix(dir)) {
			rec := *f.files[p]
			rec.Extraction = nil
			out = append(out, rec)
		}
	}
	return out, nil
}

func (f *fakeBackend) Meeting(_ context.Context, id string) (*minutes.Meeting, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m := f.meetings[id]; m != nil {
		c := *m
		c.Sources = slices.Clone(m.Sources)
		return &c, nil
	}
	return nil, ErrNotFound
}

func (f *fakeBackend) Candidates(_ context.Context, fp, date string) (paths, ids []string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p, r := range f.files {
		if r.Fingerprint == fp {
			paths = append(paths, p)
		}
	}
	for id, m := range f.meetings {
		if date != "" && m.When() == date {
			ids = append(ids, id)
		}
	}
	return paths, ids, nil
}

// Write applies b like Elasticsearch would: meeting by meeting, then the
// file records whose meetings were written.
func (f *fakeBackend) Write(_ context.Context, b *Batch) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.batches = append(f.batches, b)
	if f.failAll != nil {
		return f.failAll
	}
	failed := map[string]error{}
	for _, id := range b.DeleteMeetings {
		if err := f.failMeeting[id]; err != nil {
			failed[id] = err
			continue
		}
		delete(f.meetings, id)
	}
	for _, m := range b.Meetings {
		if err := f.failMeeting[m.ID]; err != nil {
			failed[m.ID] = err
			continue
		}
		c := *m
		f.meetings[m.ID] = &c
	}
	werr := &WriteError{Files: map[string]error{}}
	for _, fw := range b.Files {
		var cause error
		for _, id := range fw.Needs {
			if failed[id] != nil {
				cause = failed[id]
			}
		}
		if cause == nil {
			cause = f.failFile[fw.Path]
		}
		if cause != nil {
			werr.Files[fw.Path] = cause
			continue
		}
		if fw.Record == nil {
			delete(f.files, fw.Path)
			continue
		}
		c := *fw.Record
		f.files[fw.Path] = &c
	}
	if len(werr.Files) > 0 {
		return werr
	}
	return nil
}

func (f *fakeBackend) Flush(context.Context) error { return nil }
func (f *fakeBackend) Close() error                { return nil }

// written collects what Store.OnWritten reports.
type written map[string]error

func (w written) hook(path string, err error) { w[path] = err }

func fakeImport(t *testing.T, s *Store, path, sha string, m *minutes.Meeting) Outcome {
	t.Helper()
	out, err := s.Import(context.Background(), minutes.Source{Path: path, Format: "text", SHA256: sha}, FileStat{}, m)
	if err != nil {
		t.Fatalf("Import(%s): %v", path, err)
	}
	return out
}

// TestStorePartialBatchFailure: in a batch of three files, one meeting is
// not written. That file alone fails, its record is not written, and the
// next run imports it again.
func TestStorePartialBatchFailure(t *testing.T) {
	ctx := context.Background()
	f := newFakeBackend()
	s := NewStore(f)
	w := written{}
	s.OnWritten = w.hook
	ms := map[string]*minutes.Meeting{
		"/a.txt": fixture.Meeting("2023-01-01", "Möte 1", "Ja."),
		"/b.txt": fixture.Meeting("2023-01-02", "Möte 2", "Ja."),
		"/c.txt": fixture.Meeting("2023-01-03", "Möte 3", "Ja."),
	}
	boom := errors.New("mapper_parsing_exception")
	f.failMeeting[minutes.Fingerprint(ms["/b.txt"])] = boom
	for _, p := range []string{"/a.txt", "/b.txt", "/c.txt"} {
		fakeImport(t, s, p, "sha"+p, ms[p])
	}
	if len(f.batches) != 0 {
		t.Fatalf("%d batches written before Flush, want them gathered", len(f.batches))
	}
	err := s.Flush(ctx)
	var werr *WriteError
	if !errors.As(err, &werr) || len(werr.Files) != 1 || !errors.Is(werr.Files["/b.txt"], boom) {
		t.Fatalf("Flush: %v, want a WriteError naming /b.txt only", err)
	}
	if !strings.Contains(err.Error(), "/b.txt") {
		t.Errorf("error %q does not name the file", err)
	}
	if len(f.batches) != 1 {
		t.Errorf("%d batches, want 1", len(f.batches))
	}
	if len(w) != 3 || w["/a.txt"] != nil || w["/c.txt"] != nil || !errors.Is(w["/b.txt"], boom) {
		t.Errorf("OnWritten: %v", w)
	}
	if _, ok := f.files["/b.txt"]; ok {
		t.Error("the failed file's record was written")
	}
	if len(f.files) != 2 || len(f.meetings) != 2 {
		t.Errorf("%d files, %d meetings; want 2, 2", len(f.files), len(f.meetings))
	}

	// The next run: the written files are unchanged, the failed one is
	// imported again and now succeeds.
	clear(f.failMeeting)
	s = NewStore(f)
	if out := fakeImport(t, s, "/a.txt", "sha/a.txt", fixture.Meeting("2023-01-01", "Möte 1", "Ja.")); out != Unchanged {
		t.Errorf("written file: %s, want unchanged", out)
	}
	if out := fakeImport(t, s, "/b.txt", "sha/b.txt", fixture.Meeting("2023-01-02", "Möte 2", "Ja.")); out != Imported {
		t.Errorf("failed file: %s, want imported", out)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.files) != 3 || len(f.meetings) != 3 {
		t.Errorf("%d files, %d meetings; want 3, 3", len(f.files), len(f.meetings))
	}
}

// TestStoreWholeBatchFailure: a batch that fails as a whole fails each of
// its files with the cause, and writes no record.
func TestStoreWholeBatchFailure(t *testing.T) {
	f := newFakeBackend()
	s := NewStore(f)
	w := written{}
	s.OnWritten = w.hook
	down := errors.New("connection refused")
	f.failAll = down
	fakeImport(t, s, "/a.txt", "1", fixture.Meeting("2023-01-01", "", "Ja."))
	fakeImport(t, s, "/b.txt", "2", fixture.Meeting("2023-01-02", "", "Ja."))
	var werr *WriteError
	if err := s.Flush(context.Background()); !errors.As(err, &werr) || len(werr.Files) != 2 || !errors.Is(werr.Files["/a.txt"], down) {
		t.Fatalf("Flush: %v", err)
	}
	if len(w) != 2 || !errors.Is(w["/b.txt"], down) {
		t.Errorf("OnWritten: %v", w)
	}
	if len(f.files) != 0 {
		t.Errorf("%d records written", len(f.files))
	}
	f.failAll = nil
	s = NewStore(f)
	if out := fakeImport(t, s, "/a.txt", "1", fixture.Meeting("2023-01-01", "", "Ja.")); out != Imported {
		t.Errorf("retry: %s", out)
	}
	if err := s.Flush(context.Background()); err != nil || len(f.files) != 1 {
		t.Errorf("retry: %v, %d records", err, len(f.files))
	}
}

// TestStoreFailureStaysWithItsFile: a batch fails while the next file is
// imported; the failure is that batch's files', not the next file's.
func TestStoreFailureStaysWithItsFile(t *testing.T) {
	f := newFakeBackend()
	s := NewStore(f)
	s.BatchFiles = 1
	w := written{}
	s.OnWritten = w.hook
	boom := errors.New("disk full")
	f.failFile["/a.txt"] = boom
	fakeImport(t, s, "/a.txt", "1", fixture.Meeting("2023-01-01", "", "Ja."))
	// This import writes /a.txt's full batch first: its failure must not
	// come back from here. (The batch is written in the background; land
	// waits for it, as the next batch or Flush would.)
	fakeImport(t, s, "/b.txt", "2", fixture.Meeting("2023-01-02", "", "Ja."))
	s.land()
	if !errors.Is(w["/a.txt"], boom) {
		t.Errorf("OnWritten(/a.txt) = %v", w["/a.txt"])
	}
	if _, ok := w["/b.txt"]; ok {
		t.Error("/b.txt reported before its batch was written")
	}
	var werr *WriteError
	if err := s.Flush(context.Background()); !errors.As(err, &werr) || len(werr.Files) != 1 || werr.Files["/a.txt"] == nil {
		t.Errorf("Flush: %v, want /a.txt only", err)
	}
	if err, ok := w["/b.txt"]; !ok || err != nil {
		t.Errorf("OnWritten(/b.txt) = %v, %v", err, ok)
	}
	if len(f.batches) != 2 {
		t.Errorf("%d batches, want 2", len(f.batches))
	}
}

// TestStoreBatchLimits checks that batches close by count and by age.
func TestStoreBatchLimits(t *testing.T) {
	f := newFakeBackend()
	s := NewStore(f)
	s.BatchFiles = 2
	for i, d := range []string{"2023-01-01", "2023-01-02", "2023-01-03", "2023-01-04", "2023-01-05"} {
		fakeImport(t, s, "/"+d, d, fixture.Meeting(d, "", "Ja."))
		s.land()
		if want := i / 2; len(f.batches) != want {
			t.Errorf("after %d files: %d batches, want %d", i+1, len(f.batches), want)
		}
	}
	if err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 3 || len(f.files) != 5 {
		t.Errorf("%d batches, %d files; want 3, 5", len(f.batches), len(f.files))
	}
	s.BatchAge = time.Millisecond
	fakeImport(t, s, "/x", "x", fixture.Meeting("2023-02-01", "", "Ja."))
	time.Sleep(5 * time.Millisecond)
	fakeImport(t, s, "/y", "y", fixture.Meeting("2023-02-02", "", "Ja."))
	s.land()
	if len(f.batches) != 4 {
		t.Errorf("an old batch was not written: %d batches, want 4", len(f.batches))
	}
}

// TestStoreImportTime checks the import time of the file record.
func TestStoreImportTime(t *testing.T) {
	f := newFakeBackend()
	s := NewStore(f)
	at := time.Date(2024, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	s.now = func() time.Time { return at }
	fakeImport(t, s, "/m/a.txt", "1", fixture.Meeting("2022-05-01", "", "Ja."))
	if err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := f.files["/m/a.txt"]
	if rec == nil || !rec.Imported.Equal(at) || rec.Imported.Location() != time.UTC {
		t.Errorf("record %+v, want imported %v in UTC", rec, at)
	}
}

// TestStoreUnchangedStat checks that an unchanged file with a new stat gets
// its record's stat updated, and nothing else written.
func TestStoreUnchangedStat(t *testing.T) {
	ctx := context.Background()
	f := newFakeBackend()
	s := NewStore(f)
	src := minutes.Source{Path: "/a.txt", SHA256: "1"}
	st := FileStat{Size: 10, ModTime: time.Unix(1, 0).UTC(), Inode: 7}
	if _, err := s.Import(ctx, src, st, fixture.Meeting("2022-05-01", "", "Ja.")); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	st.Inode = 8 // copied back from a backup
	if out, err := s.Import(ctx, src, st, fixture.Meeting("2022-05-01", "", "Ja.")); out != Unchanged || err != nil {
		t.Fatalf("Import: %s, %v", out, err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	b := f.batches[len(f.batches)-1]
	if len(b.Meetings) != 0 || len(b.Files) != 1 || b.Files[0].Record.Stat != st {
		t.Errorf("batch %+v, want the record's stat only", b)
	}
	if _, same, err := s.UnchangedStat(ctx, "/a.txt", st); !same || err != nil {
		t.Errorf("UnchangedStat = %v, %v", same, err)
	}
}

// TestStoreSimilarity checks when extractions with different fingerprints
// are one meeting.
func TestStoreSimilarity(t *testing.T) {
	a := fixture.Meeting("2022-01-01", "Möte 3", "Ja.")
	for _, c := range []struct {
		name string
		b    func() *minutes.Meeting
		same bool
	}{
		{"identical", func() *minutes.Meeting { return fixture.Meeting("2022-01-01", "Möte 3", "Ja.") }, true},
		{"one name", func() *minutes.Meeting {
			return fixture.Meeting("2022-01-01", "Möte 3", "Ja.", "Anna Ahl", "Bo Berg", "Cilla Ceder", "Dan Dahl", "Eva Ek", "Fia Forss")
		}, true},
		{"another day", func() *minutes.Meeting { return fixture.Meeting("2022-01-02", "Möte 3", "Ja.") }, false},
		{"undated", func() *minutes.Meeting {
			m := fixture.Meeting("2022-01-01", "Möte 3", "Ja.")
			m.Date = ""
			return m
		}, false},
		{"other number", func() *minutes.Meeting { return fixture.Meeting("2022-01-01", "Möte 4", "Ja.") }, false},
		{"other body", func() *minutes.Meeting {
			m := fixture.Meeting("2022-01-01", "Möte 3", "Ja.")
			m.Body = "Barn och unga"
			return m
		}, false},
		{"no body", func() *minutes.Meeting {
			m := fixture.Meeting("2022-01-01", "Möte 3", "Ja.")
			m.Body = ""
			return m
		}, true},
		{"half the people", func() *minutes.Meeting {
			return fixture.Meeting("2022-01-01", "Möte 3", "Ja.", "Anna Ahl", "Bo Berg", "Cilla Ceder", "Gun Gran", "Hans Holm", "Ida Ivarsson")
		}, false},
	} {
		if got := sameMeeting(a, c.b()); got != c.same {
			t.Errorf("%s: sameMeeting = %v, want %v (similarity %.2f)", c.name, got, c.same, Similarity(a, c.b()))
		}
	}
}

// countingBackend counts the meetings Store fetches.
type countingBackend struct {
	*fakeBackend
	fetched      int
	dateSearches int
}

func (c *countingBackend) Meeting(ctx context.Context, id string) (*minutes.Meeting, error) {
	c.fetched++
	return c.fakeBackend.Meeting(ctx, id)
}

func (c *countingBackend) Candidates(ctx context.Context, fp, date string) (paths, ids []string, err error) {
	if date != "" {
		c.dateSearches++
	}
	return c.fakeBackend.Candidates(ctx, fp, date)
}

// TestStoreBusyDate: files of many bodies meeting on one date are compared
// only with the meetings of their own body, without fetching the others,
// and a twin of one of them still joins it.
func TestStoreBusyDate(t *testing.T) {
	ctx := context.Background()
	f := &countingBackend{fakeBackend: newFakeBackend()}
	bodies := []string{"Barn och unga", "Äldreomsorg", "Funktionsstöd", "IFO", "Arbetsmarknad", "Skola", "Kultur", "Miljö"}
	for round := range 2 {
		s := NewStore(f) // the second round: a new import, meetings in the backend
		s.BatchFiles = 3
		names := fixture.Names
		if round == 1 { // one name differs: not the same fingerprint, but close
			names = []string{"Anna Ahl", "Bo Berg", "Cilla Ceder", "Dan Dahl", "Eva Ek", "Fia Forss"}
		}
		for i, body := range bodies {
			m := fixture.Meeting("2023-08-01", "Möte 3", "Beslut i "+body+".", names...)
			m.Body = body
			fakeImport(t, s, fmt.Sprintf("/r%d/%d.txt", round, i), fmt.Sprintf("sha%d-%d", round, i), m)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if round == 0 && f.fetched > len(bodies) {
			// One lookup a file: does a stored meeting hold its new ID?
			t.Errorf("first import fetched %d meetings for %d new ones", f.fetched, len(bodies))
		}
		if round == 0 {
			f.fetched = 0
		}
	}
	// The second round's files are close to the first's (one name differs):
	// each joined its body's meeting. Without the identities every file
	// would fetch every meeting of the date (8 × 8), besides its own; with
	// them, each meeting of the date is fetched once.
	if len(f.meetings) != len(bodies) {
		t.Errorf("%d meetings, want %d", len(f.meetings), len(bodies))
	}
	if f.fetched >= len(bodies)*len(bodies) {
		t.Errorf("second import fetched %d meetings for %d files", f.fetched, len(bodies))
	}
	// The date was searched once per Store, not once per file.
	if f.dateSearches != 2 {
		t.Errorf("%d searches for the date's meetings, want 2", f.dateSearches)
	}
}

// TestStoreRecordWithoutExtraction: a meeting whose other file has a record
// from before extractions were kept is rebuilt with the stored content
// standing in for that file's extraction.
func TestStoreRecordWithoutExtraction(t *testing.T) {
	ctx := context.Background()
	f := newFakeBackend()
	s := NewStore(f)
	fakeImport(t, s, "/old.txt", "1", fixture.Meeting("2023-01-01", "Möte", "Ja."))
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	f.files["/old.txt"].Extraction = nil
	f.files["/old.txt"].Fingerprint = ""
	if out := fakeImport(t, s, "/new.pdf", "2", fixture.Meeting("2023-01-01", "Möte", "Ja.")); out != Merged {
		t.Fatalf("twin: %s, want merged", out)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.meetings) != 1 {
		t.Fatalf("%d meetings", len(f.meetings))
	}
	for _, m := range f.meetings {
		if len(m.Sources) != 2 || m.ContentFrom != "/new.pdf" && m.ContentFrom != "/old.txt" {
			t.Errorf("meeting %+v", m)
		}
	}
	if r := f.files["/old.txt"]; r.Extraction == nil || r.Fingerprint == "" {
		t.Errorf("old record not completed: %+v", r)
	}
}

// TestStoreRewritten checks which meetings Store says it rewrote.
func TestStoreRewritten(t *testing.T) {
	s := NewStore(newFakeBackend())
	m := fixture.Meeting("2023-01-01", "Möte", "Ja.")
	fakeImport(t, s, "/a.txt", "1", m)
	if !s.Rewritten(m.ID) || s.Rewritten("other") {
		t.Errorf("Rewritten(%s) = %v, Rewritten(other) = %v", m.ID, s.Rewritten(m.ID), s.Rewritten("other"))
	}
	s.Disagreements()
	if s.Rewritten(m.ID) {
		t.Error("Rewritten after Disagreements: still true")
	}
}

// blockingBackend holds every write until release is closed.
type blockingBackend struct {
	*fakeBackend
	release chan struct{}
}

func (b *blockingBackend) Write(ctx context.Context, batch *Batch) error {
	<-b.release
	return b.fakeBackend.Write(ctx, batch)
}

// TestStoreReadsBatchInFlight: while a batch is being written, the next
// files are matched against what it holds: a twin of a file in flight
// joins its meeting, a changed file in flight is known, and nothing is
// reported before the batch has landed.
func TestStoreReadsBatchInFlight(t *testing.T) {
	ctx := context.Background()
	f := &blockingBackend{fakeBackend: newFakeBackend(), release: make(chan struct{})}
	s := NewStore(f)
	s.BatchFiles = 1
	w := written{}
	s.OnWritten = w.hook
	fakeImport(t, s, "/a.txt", "1", fixture.Meeting("2023-01-01", "Möte 1", "Ja."))
	// /a.txt's batch goes into flight here and stays there.
	if got := fakeImport(t, s, "/a.pdf", "2", fixture.Meeting("2023-01-01", "Möte 1", "Ja.")); got != Merged {
		t.Errorf("twin of a file in flight: %s, want merged", got)
	}
	close(f.release)
	if len(w) != 0 {
		t.Errorf("reported before the batch landed: %v", w)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.meetings) != 1 || len(f.files) != 2 {
		t.Errorf("%d meetings, %d files; want 1, 2", len(f.meetings), len(f.files))
	}
	if err, ok := w["/a.txt"]; !ok || err != nil {
		t.Errorf("OnWritten(/a.txt) = %v, %v", err, ok)
	}
}

// TestSimilarity checks the Jaccard share of attendee names, agenda points
// and decisions that two extractions have in common.
func TestSimilarity(t *testing.T) {
	a := fixture.Meeting("2022-01-01", "Möte 3", "Ja.") // 6 names, 3 points, 1 decision
	for _, c := range []struct {
		name string
		b    *minutes.Meeting
		want float64
	}{
		{"identical", fixture.Meeting("2022-01-01", "Möte 3", "Ja."), 1},
		{"case and accents fold", fixture.Meeting("2022-01-01", "Möte 3", "JA."), 1},
		{"one name of six", fixture.Meeting("2022-01-01", "Möte 3", "Ja.", "Anna Ahl", "Bo Berg", "Cilla Ceder", "Dan Dahl", "Eva Ek", "Fia Forss"), 9.0 / 11},
		{"other decision", fixture.Meeting("2022-01-01", "Möte 3", "Nej."), 9.0 / 11},
		{"nothing", &minutes.Meeting{}, 0},
	} {
		if got := Similarity(a, c.b); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: Similarity = %.4f, want %.4f", c.name, got, c.want)
		}
	}
	if got := Similarity(&minutes.Meeting{}, &minutes.Meeting{}); got != 0 {
		t.Errorf("two empty extractions: %v, want 0", got)
	}
}
