package index

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
)

// lagBackend is a Backend whose reads, like Elasticsearch's searches, see
// writes only after Flush. It counts writes and can fail on demand. Queries
// are not needed by Store and panic.
type lagBackend struct {
	Backend // nil: queries panic

	meetings, pendingMeetings map[string]*minutes.Meeting // nil value: deleted
	files, pendingFiles       map[string]*FileRecord
	writes                    int
	fail                      error // returned by every write when set
}

func newLagBackend() *lagBackend {
	return &lagBackend{
		meetings: map[string]*minutes.Meeting{}, pendingMeetings: map[string]*minutes.Meeting{},
		files: map[string]*FileRecord{}, pendingFiles: map[string]*FileRecord{},
	}
}

func (l *lagBackend) File(_ context.Context, path string) (FileRecord, error) {
	if rec := l.files[path]; rec != nil {
		return *rec, nil
	}
	return FileRecord{}, ErrNotFound
}

func (l *lagBackend) Meeting(_ context.Context, id string) (*minutes.Meeting, error) {
	if m := l.meetings[id]; m != nil {
		c := *m
		c.Sources = slices.Clone(m.Sources)
		return &c, nil
	}
	return nil, ErrNotFound
}

func (l *lagBackend) write() error {
	l.writes++
	return l.fail
}

func (l *lagBackend) PutFile(_ context.Context, rec FileRecord) error {
	l.pendingFiles[rec.Path] = &rec
	return l.write()
}

func (l *lagBackend) DeleteFile(_ context.Context, path string) error {
	l.pendingFiles[path] = nil
	return l.write()
}

func (l *lagBackend) PutMeeting(_ context.Context, m *minutes.Meeting) error {
	c := *m
	c.Sources = slices.Clone(m.Sources)
	l.pendingMeetings[m.ID] = &c
	return l.write()
}

func (l *lagBackend) DeleteMeeting(_ context.Context, id string) error {
	l.pendingMeetings[id] = nil
	return l.write()
}

func (l *lagBackend) Flush(context.Context) error {
	maps.Copy(l.meetings, l.pendingMeetings)
	maps.Copy(l.files, l.pendingFiles)
	clear(l.pendingMeetings)
	clear(l.pendingFiles)
	maps.DeleteFunc(l.meetings, func(_ string, m *minutes.Meeting) bool { return m == nil })
	maps.DeleteFunc(l.files, func(_ string, r *FileRecord) bool { return r == nil })
	return nil
}

func (l *lagBackend) Close() error { return nil }

func mustImport(t *testing.T, s *Store, src minutes.Source, m *minutes.Meeting, want Outcome) {
	t.Helper()
	got, err := s.Import(context.Background(), src, m)
	if err != nil {
		t.Fatalf("Import(%s): %v", src.Path, err)
	}
	if got != want {
		t.Fatalf("Import(%s) = %s, want %s", src.Path, got, want)
	}
}

// TestStoreTwinsBeforeFlush imports a meeting's text, PDF and DOCX in one
// run, without Flush in between, over a backend that shows writes only after
// Flush: Store must still merge them.
func TestStoreTwinsBeforeFlush(t *testing.T) {
	ctx := context.Background()
	l := newLagBackend()
	s := NewStore(l)
	srcs := []minutes.Source{
		{Path: "/m/a.txt", SHA256: "1"}, {Path: "/m/a.pdf", SHA256: "2"}, {Path: "/m/a.docx", SHA256: "3"},
	}
	mustImport(t, s, srcs[0], ctImportFixture("2022-05-01", "Cilla Ceder"), Imported)
	mustImport(t, s, srcs[1], ctImportFixture("2022-05-01", "Cilla Ceder"), Merged)
	m := ctImportFixture("2022-05-01", "Cilla Ceder")
	mustImport(t, s, srcs[2], m, Merged)
	mustImport(t, s, srcs[2], ctImportFixture("2022-05-01", "Cilla Ceder"), Unchanged)
	if ok, err := s.Unchanged(ctx, "/m/a.pdf", "2"); !ok || err != nil {
		t.Errorf("Unchanged before Flush = %v, %v", ok, err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if s.meetings != nil || s.files != nil {
		t.Error("Flush kept the remembered writes")
	}
	got, err := l.Meeting(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/m/a.docx", "/m/a.pdf", "/m/a.txt"}; !slices.Equal(ctSourcePaths(got), want) {
		t.Errorf("sources %q, want %q", ctSourcePaths(got), want)
	}
	if len(l.meetings) != 1 || len(l.files) != 3 {
		t.Errorf("%d meetings, %d files; want 1, 3", len(l.meetings), len(l.files))
	}

	// A change and a removal before Flush.
	mustImport(t, s, minutes.Source{Path: "/m/a.txt", SHA256: "1b"}, ctImportFixture("2022-05-01", "Cilla Ceder", "Bo Berg"), Updated)
	if err := s.Forget(ctx, "/m/a.pdf"); err != nil {
		t.Fatal(err)
	}
	if err := s.Forget(ctx, "/m/a.docx"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.file(ctx, "/m/a.pdf"); !errors.Is(err, ErrNotFound) {
		t.Errorf("forgotten file still known before Flush: %v", err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.meetings[m.ID]; ok {
		t.Error("meeting without sources kept")
	}
	if len(l.meetings) != 1 || len(l.files) != 1 {
		t.Errorf("%d meetings, %d files; want 1, 1", len(l.meetings), len(l.files))
	}
}

// TestStoreUnchangedWritesNothing checks that a known file is skipped
// without a write.
func TestStoreUnchangedWritesNothing(t *testing.T) {
	l := newLagBackend()
	s := NewStore(l)
	src := minutes.Source{Path: "/m/a.txt", SHA256: "1"}
	mustImport(t, s, src, ctImportFixture("2022-05-01", "Anna"), Imported)
	if err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := l.writes
	mustImport(t, s, src, ctImportFixture("2022-05-01", "Anna"), Unchanged)
	if l.writes != n {
		t.Errorf("%d writes for an unchanged file", l.writes-n)
	}
}

// TestStoreIDs checks how Import names meetings.
func TestStoreIDs(t *testing.T) {
	s := NewStore(newLagBackend())
	m := ctImportFixture("2022-05-01", "Anna")
	want := minutes.Fingerprint(m)
	mustImport(t, s, minutes.Source{Path: "/m/a.txt", SHA256: "1"}, m, Imported)
	if m.ID != want {
		t.Errorf("ID %q, want fingerprint %q", m.ID, want)
	}
	m = &minutes.Meeting{ID: "mine", Date: "2022-05-01"}
	mustImport(t, s, minutes.Source{Path: "/m/b.txt", SHA256: "2"}, m, Imported)
	if m.ID != "mine" {
		t.Errorf("ID %q, want the given one", m.ID)
	}
	m = &minutes.Meeting{}
	mustImport(t, s, minutes.Source{Path: "/m/c.txt", SHA256: "aaaaaaaaaabbbbbbbbbbcccc"}, m, Imported)
	if m.ID != "file-aaaaaaaaaabbbbbbbbbb" {
		t.Errorf("ID %q, want file- and 20 hex digits", m.ID)
	}
	_, err := s.Import(context.Background(), minutes.Source{Path: "/m/d.txt"}, &minutes.Meeting{})
	if err == nil || !strings.Contains(err.Error(), "/m/d.txt") {
		t.Errorf("no fingerprint, no sha: err %v, want one naming the file", err)
	}
	if _, err := s.Import(context.Background(), minutes.Source{}, ctImportFixture("2022-05-01")); err == nil {
		t.Error("source without path: no error")
	}
}

// TestStoreImportTime checks the import time of the file record.
func TestStoreImportTime(t *testing.T) {
	l := newLagBackend()
	s := NewStore(l)
	at := time.Date(2024, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	s.now = func() time.Time { return at }
	mustImport(t, s, minutes.Source{Path: "/m/a.txt", SHA256: "1"}, ctImportFixture("2022-05-01", "Anna"), Imported)
	rec := l.pendingFiles["/m/a.txt"]
	if rec == nil || !rec.Imported.Equal(at) || rec.Imported.Location() != time.UTC {
		t.Errorf("record %+v, want imported %v in UTC", rec, at)
	}
}

// TestStoreErrors checks that write errors surface, naming the file.
func TestStoreErrors(t *testing.T) {
	l := newLagBackend()
	s := NewStore(l)
	boom := errors.New("disk full")
	l.fail = boom
	_, err := s.Import(context.Background(), minutes.Source{Path: "/m/a.txt", SHA256: "1"}, ctImportFixture("2022-05-01", "Anna"))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "/m/a.txt") {
		t.Errorf("Import: err %v, want %v naming the file", err, boom)
	}
	l.fail = nil
	mustImport(t, s, minutes.Source{Path: "/m/b.txt", SHA256: "1"}, ctImportFixture("2022-05-02", "Anna"), Imported)
	l.fail = boom
	if err := s.Forget(context.Background(), "/m/b.txt"); !errors.Is(err, boom) || !strings.Contains(err.Error(), "/m/b.txt") {
		t.Errorf("Forget: err %v, want %v naming the file", err, boom)
	}
}

// TestStoreBleveRemembersNothing checks that Store keeps no copies over a
// backend that reads its own writes.
func TestStoreBleveRemembersNothing(t *testing.T) {
	s := NewStore(openTestBleve(t))
	mustImport(t, s, minutes.Source{Path: "/m/a.txt", SHA256: "1"}, ctImportFixture("2022-05-01", "Anna"), Imported)
	mustImport(t, s, minutes.Source{Path: "/m/a.pdf", SHA256: "2"}, ctImportFixture("2022-05-01", "Anna"), Merged)
	if len(s.meetings) != 0 || len(s.files) != 0 {
		t.Errorf("remembered %d meetings, %d files", len(s.meetings), len(s.files))
	}
}
