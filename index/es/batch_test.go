package es

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
	"github.com/goteborgsregionen/minutes/internal/esfake"
)

// Confirmed batch writes on Elasticsearch (Backend.Write), against the fake
// server: a failure is tied to its own file, whose record is not written.

// esBatchFixture is a batch of two meetings, w1 and w2, and a file of each.
func esBatchFixture() *index.Batch {
	m1 := fixture.Meeting("2023-01-10", "Möte 1", "Budgeten antogs.")
	m1.ID = "w1"
	m2 := fixture.Meeting("2023-01-11", "Möte 2", "Inget beslut.")
	m2.ID = "w2"
	return &index.Batch{
		Meetings: []*minutes.Meeting{m1, m2},
		Files: []index.FileWrite{
			{Path: "/w/1.txt", Record: &index.FileRecord{Path: "/w/1.txt", SHA256: "s1", MeetingID: "w1"}, Needs: []string{"w1"}},
			{Path: "/w/2.txt", Record: &index.FileRecord{Path: "/w/2.txt", SHA256: "s2", MeetingID: "w2"}, Needs: []string{"w2"}},
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
	var werr *index.WriteError
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
	var werr *index.WriteError
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
	a, b := fixture.Meeting("2023-01-10", "Möte 1", "Ja."), fixture.Meeting("2023-01-11", "Möte 2", "Ja.")
	bID := minutes.Fingerprint(b)
	f.Bulk = esRejectMeeting(f, bID)
	s := index.NewStore(e)
	for path, m := range map[string]*minutes.Meeting{"/w/a.txt": a, "/w/b.txt": b} {
		if _, err := s.Import(ctx, minutes.Source{Path: path, Format: "text", SHA256: path}, index.FileStat{}, m); err != nil {
			t.Fatal(err)
		}
	}
	var werr *index.WriteError
	if err := s.Flush(ctx); !errors.As(err, &werr) || len(werr.Files) != 1 || werr.Files["/w/b.txt"] == nil {
		t.Fatalf("Flush: %v, want /w/b.txt failed", err)
	}
	if _, err := e.File(ctx, "/w/b.txt"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("record of the failed file: %v", err)
	}

	f.Mu.Lock()
	f.Bulk = nil
	f.Mu.Unlock()
	s = index.NewStore(e)
	for path, want := range map[string]index.Outcome{"/w/a.txt": index.Unchanged, "/w/b.txt": index.Imported} {
		m := fixture.Meeting("2023-01-10", "Möte 1", "Ja.")
		if path == "/w/b.txt" {
			m = fixture.Meeting("2023-01-11", "Möte 2", "Ja.")
		}
		if out, err := s.Import(ctx, minutes.Source{Path: path, Format: "text", SHA256: path}, index.FileStat{}, m); err != nil || out != want {
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

// esBatch is a batch of two meetings, m1 (from a.txt) and m2 (from b.txt
// and its twin b.pdf), and the deletion of the record of gone.txt.
func esBatch() *index.Batch {
	m1, m2 := esSampleMeeting(), esSampleMeeting()
	m2.ID = "m2"
	rec := func(path, id string) *index.FileRecord {
		return &index.FileRecord{Path: path, SHA256: "sha-" + path, MeetingID: id}
	}
	return &index.Batch{
		Meetings: []*minutes.Meeting{m1, m2},
		Files: []index.FileWrite{
			{Path: "/d/a.txt", Record: rec("/d/a.txt", "m1"), Needs: []string{"m1"}},
			{Path: "/d/b.txt", Record: rec("/d/b.txt", "m2"), Needs: []string{"m2"}},
			{Path: "/d/b.pdf", Record: rec("/d/b.pdf", "m2"), Needs: []string{"m2"}},
			{Path: "/d/gone.txt"},
		},
	}
}

// TestESWriteOutcomes: a rejected file record fails its file alone; a 429
// and a dropped connection are retried until the whole batch is written.
// The batch has twins (b.txt, b.pdf) and a record deletion.
func TestESWriteOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name string
		// bulk answers the n-th bulk request (n = 1: the meetings)
		bulk func(f *esfake.Server, n int, acts []esfake.Action) (int, string)
		// drop hangs up on the first bulk request after applying it
		drop bool
		// failed are the files reported, with a word each error names
		failed map[string]string
		// records are the file records sent (in the files round)
		records []string
	}{

		{
			name: "file record rejected",
			bulk: func(f *esfake.Server, n int, acts []esfake.Action) (int, string) {
				return 200, f.Answer(acts, func(a esfake.Action) string {
					if a.ID == "/d/b.pdf" {
						return esfake.ItemError(a.ID, 403, "security_exception", "action [indices:data/write/bulk[s]] is unauthorized")
					}
					return ""
				})
			},
			failed:  map[string]string{"/d/b.pdf": "security_exception"},
			records: []string{"/d/a.txt", "/d/b.txt", "/d/b.pdf", "/d/gone.txt"},
		},
		{
			name: "429 then success",
			bulk: func(f *esfake.Server, n int, acts []esfake.Action) (int, string) {
				if n == 1 {
					return 429, `{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}`
				}
				return 200, f.ApplyAll(acts)
			},
			records: []string{"/d/a.txt", "/d/b.txt", "/d/b.pdf", "/d/gone.txt"},
		},
		{
			name:    "connection dropped",
			drop:    true,
			records: []string{"/d/a.txt", "/d/b.txt", "/d/b.pdf", "/d/gone.txt"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := esfake.New(t)
			f.Indices["minutes-v2"] = []string{"minutes"}
			if tc.bulk != nil {
				f.Bulk = func(n int, acts []esfake.Action) (int, string) { return tc.bulk(f, n, acts) }
			}
			var dropped atomic.Bool
			f.Hook = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
				if !tc.drop || r.URL.Path != "/_bulk" || dropped.Swap(true) {
					return false
				}
				f.ApplyAndHangUp(w, body)
				return true
			}
			ts := f.Start()
			e := openFakeES(t, ts.URL)
			err := e.Write(context.Background(), esBatch())
			var we *index.WriteError
			switch {
			case len(tc.failed) == 0 && err != nil:
				t.Fatalf("Write: %v", err)
			case len(tc.failed) > 0 && !errors.As(err, &we):
				t.Fatalf("Write: %v, want a *WriteError", err)
			}
			if we != nil {
				if len(we.Files) != len(tc.failed) {
					t.Errorf("failed files %v, want %v", we.Files, tc.failed)
				}
				for path, word := range tc.failed {
					if ferr := we.Files[path]; ferr == nil || !strings.Contains(ferr.Error(), word) {
						t.Errorf("%s: error %v, want one naming %q", path, ferr, word)
					}
				}
			}
			// The records of files whose meetings failed were never sent;
			// the others once (twice when the connection dropped).
			var sent []string
			for _, r := range f.Find("POST", "/_bulk") {
				acts, _ := esfake.ParseBulk(r.Body)
				for _, a := range acts {
					if strings.HasPrefix(a.ID, "/") && !slices.Contains(sent, a.ID) {
						sent = append(sent, a.ID)
					}
				}
			}
			if !slices.Equal(sent, tc.records) {
				t.Errorf("file records sent %q, want %q", sent, tc.records)
			}
			// What the index holds: each record confirmed, none other.
			var held []string
			for _, id := range f.DocIDs() {
				if strings.HasPrefix(id, "/") {
					held = append(held, id)
				}
			}
			var want []string
			for _, p := range tc.records {
				if _, failed := tc.failed[p]; !failed && p != "/d/gone.txt" {
					want = append(want, p)
				}
			}
			slices.Sort(want)
			if !slices.Equal(held, want) {
				t.Errorf("index holds records %q, want %q", held, want)
			}
			if n := len(f.Find("POST", "/minutes/_refresh")); n == 0 {
				t.Errorf("not refreshed")
			}
		})
	}
}

// TestESWriteNewMeetingTakenOut: of a new meeting not wholly written, the
// documents that were written are deleted again, so that no query shows part
// of it; of a stored meeting none are (the next import writes it whole).
func TestESWriteNewMeetingTakenOut(t *testing.T) {
	f, ts := readyFake(t)
	reject := func(n int, acts []esfake.Action) (int, string) {
		return 200, f.Answer(acts, func(a esfake.Action) string {
			if a.ID == "w2/decision/0" {
				return esfake.ItemError(a.ID, 400, "mapper_parsing_exception", "failed to parse field [text]")
			}
			return ""
		})
	}
	f.Bulk = reject
	e := openFakeES(t, ts.URL)
	ctx := context.Background()
	var werr *index.WriteError
	if err := e.Write(ctx, esBatchFixture()); !errors.As(err, &werr) || len(werr.Files) != 1 {
		t.Fatalf("Write: %v, want /w/2.txt failed", err)
	}
	w2 := func() (ids []string) {
		for _, id := range f.DocIDs() {
			if id == "w2" || strings.HasPrefix(id, "w2/") {
				ids = append(ids, id)
			}
		}
		return ids
	}
	if ids := w2(); len(ids) != 0 {
		t.Errorf("documents of the new meeting w2 left: %q", ids)
	}
	if !slices.Contains(f.DocIDs(), "w1/decision/0") {
		t.Errorf("w1 not written: %q", f.DocIDs())
	}

	// Stored first, then a new version fails: nothing of it is deleted.
	f.Mu.Lock()
	f.Bulk = nil
	f.Mu.Unlock()
	if err := e.Write(ctx, esBatchFixture()); err != nil {
		t.Fatal(err)
	}
	stored := w2()
	f.Mu.Lock()
	f.Bulk = reject
	f.Mu.Unlock()
	if err := e.Write(ctx, esBatchFixture()); !errors.As(err, &werr) {
		t.Fatalf("Write: %v", err)
	}
	if got := w2(); !slices.Equal(got, stored) {
		t.Errorf("stored meeting w2: documents %q after a failed update, want %q", got, stored)
	}
}
