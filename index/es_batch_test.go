package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/internal/esfake"
)

// Confirmed batch writes on Elasticsearch (ES.Write), against the fake
// server: a failure is tied to its own file, whose record is not written.

// esBatchFixture is a batch of two meetings, w1 and w2, and a file of each.
func esBatchFixture() *Batch {
	m1 := stMeeting("2023-01-10", "Möte 1", "Budgeten antogs.")
	m1.ID = "w1"
	m2 := stMeeting("2023-01-11", "Möte 2", "Inget beslut.")
	m2.ID = "w2"
	return &Batch{
		Meetings: []*minutes.Meeting{m1, m2},
		Files: []FileWrite{
			{Path: "/w/1.txt", Record: &FileRecord{Path: "/w/1.txt", SHA256: "s1", MeetingID: "w1"}, Needs: []string{"w1"}},
			{Path: "/w/2.txt", Record: &FileRecord{Path: "/w/2.txt", SHA256: "s2", MeetingID: "w2"}, Needs: []string{"w2"}},
		},
	}
}

// esRejectMeeting answers bulk requests, rejecting with a 400 every
// document of meeting id (its ID or "id/…").
func esRejectMeeting(f *esfake.Server, id string) func(int, []esfake.Action) (int, string) {
	return func(_ int, acts []esfake.Action) (int, string) {
		var items []string
		for _, a := range acts {
			if a.ID == id || strings.HasPrefix(a.ID, id+"/") {
				items = append(items, esfake.ItemError(a.ID, 400, "mapper_parsing_exception", "failed to parse field [date]"))
				continue
			}
			items = append(items, f.Apply(a))
		}
		return 200, esfake.BulkAnswer(items)
	}
}

func TestESWritePartialFailure(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = esRejectMeeting(f, "w2")
	e := openFakeES(t, ts.URL)
	err := e.Write(context.Background(), esBatchFixture())
	var werr *WriteError
	if !errors.As(err, &werr) || len(werr.Files) != 1 || werr.Files["/w/2.txt"] == nil {
		t.Fatalf("Write: %v, want a WriteError naming /w/2.txt only", err)
	}
	if msg := werr.Files["/w/2.txt"].Error(); !strings.Contains(msg, "mapper_parsing_exception") || !strings.Contains(msg, "w2") {
		t.Errorf("cause %q names neither the meeting nor the error", msg)
	}
	ids := f.DocIDs()
	if !slices.Contains(ids, "/w/1.txt") || slices.Contains(ids, "/w/2.txt") {
		t.Errorf("documents %q: want the record of /w/1.txt and not of /w/2.txt", ids)
	}
	// The failed file's record was never sent.
	for _, a := range bulkActions(t, f) {
		if a.ID == "/w/2.txt" {
			t.Errorf("the record of /w/2.txt was sent: %+v", a)
		}
	}
}

func TestESWriteRequestFails(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(int, []esfake.Action) (int, string) {
		return 400, `{"error":{"type":"illegal_argument_exception","reason":"request too large"},"status":400}`
	}
	e := openFakeES(t, ts.URL)
	err := e.Write(context.Background(), esBatchFixture())
	var werr *WriteError
	if !errors.As(err, &werr) || len(werr.Files) != 2 {
		t.Fatalf("Write: %v, want both files failed", err)
	}
	if f.NBulk != 1 {
		t.Errorf("%d bulk requests, want 1 (a 400 is not retried; no records after failed meetings)", f.NBulk)
	}
}

// TestESStoreFailureThenSuccess imports two files through a Store over
// Elasticsearch; one meeting is rejected. The import names that file, and
// the next run imports exactly that file again.
func TestESStoreFailureThenSuccess(t *testing.T) {
	ctx := context.Background()
	f, ts := readyFake(t)
	e := openFakeES(t, ts.URL)
	a, b := stMeeting("2023-01-10", "Möte 1", "Ja."), stMeeting("2023-01-11", "Möte 2", "Ja.")
	bID := minutes.Fingerprint(b)
	f.Bulk = esRejectMeeting(f, bID)
	s := NewStore(e)
	for path, m := range map[string]*minutes.Meeting{"/w/a.txt": a, "/w/b.txt": b} {
		if _, err := s.Import(ctx, minutes.Source{Path: path, Format: "text", SHA256: path}, FileStat{}, m); err != nil {
			t.Fatal(err)
		}
	}
	var werr *WriteError
	if err := s.Flush(ctx); !errors.As(err, &werr) || len(werr.Files) != 1 || werr.Files["/w/b.txt"] == nil {
		t.Fatalf("Flush: %v, want /w/b.txt failed", err)
	}
	if _, err := e.File(ctx, "/w/b.txt"); !errors.Is(err, ErrNotFound) {
		t.Errorf("record of the failed file: %v", err)
	}

	f.Mu.Lock()
	f.Bulk = nil
	f.Mu.Unlock()
	s = NewStore(e)
	for path, want := range map[string]Outcome{"/w/a.txt": Unchanged, "/w/b.txt": Imported} {
		m := stMeeting("2023-01-10", "Möte 1", "Ja.")
		if path == "/w/b.txt" {
			m = stMeeting("2023-01-11", "Möte 2", "Ja.")
		}
		if out, err := s.Import(ctx, minutes.Source{Path: path, Format: "text", SHA256: path}, FileStat{}, m); err != nil || out != want {
			t.Errorf("next run, %s: %s, %v; want %s", path, out, err, want)
		}
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rec, err := e.File(ctx, "/w/b.txt"); err != nil || rec.MeetingID != bID || rec.Extraction == nil {
		t.Errorf("record after the retry: %+v, %v", rec, err)
	}
}
