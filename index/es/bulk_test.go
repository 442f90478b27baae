package es

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/internal/esfake"
)

// The failures of issue 11, each against the fake Elasticsearch: what the
// index holds afterwards, what Flush reports (document, meeting, file) and
// that nothing is sent again behind the caller's back.

// sent counts the bulk actions on document id the fake received.
func sent(t *testing.T, f *esfake.Server, id string) int {
	n := 0
	for _, a := range bulkActions(t, f) {
		if a.ID == id {
			n++
		}
	}
	return n
}

// sampleIDs are the documents of esSampleMeeting.
var sampleIDs = []string{"m1", "m1/attendance/0", "m1/attendance/1", "m1/attendance/2",
	"m1/decision/0", "m1/decision/1", "m1/item/0", "m1/item/1"}

// without returns ids less drop, keeping the order.
func without(ids []string, drop ...string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}

// putSample queues the sample meeting and its file record.
func putSample(t *testing.T, e *Backend) {
	t.Helper()
	ctx := context.Background()
	if err := e.PutMeeting(ctx, esSampleMeeting()); err != nil {
		t.Fatal(err)
	}
	if err := e.PutFile(ctx, index.FileRecord{Path: "/data/2022-11-15.pdf", SHA256: "ab", MeetingID: "m1"}); err != nil {
		t.Fatal(err)
	}
}

func writeError(t *testing.T, err error) *WriteError {
	t.Helper()
	var we *WriteError
	if !errors.As(err, &we) {
		t.Fatalf("Flush: %v, want an *WriteError", err)
	}
	return we
}

func TestESBulkPartialFailure(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 200, f.Answer(acts, func(a esfake.Action) string {
			switch {
			case n == 1 && a.ID == "m1/item/1":
				return esfake.ItemError(a.ID, 429, "es_rejected_execution_exception", "rejected execution of coordinating operation")
			case n == 1 && a.ID == "m1/attendance/2":
				return esfake.ItemError(a.ID, 503, "unavailable_shards_exception", "primary shard is not active")
			case a.ID == "m1/decision/0":
				return `{"index":{"_index":"minutes-v2","_type":"_doc","_id":"m1/decision/0","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [page] of type [integer] in document with id 'm1/decision/0'. Preview of field's value: 'x'","caused_by":{"type":"number_format_exception","reason":"For input string: \"x\""}}}}`
			}
			return ""
		})
	}
	e := openFakeES(t, ts.URL)
	ctx := context.Background()
	putSample(t, e)
	we := writeError(t, e.Flush(ctx))
	if len(we.Failures) != 1 {
		t.Fatalf("failures %+v", we.Failures)
	}
	want := ItemFailure{ID: "m1/decision/0", Meeting: "m1", Index: "minutes-v2", Op: "index", Status: 400,
		Type: "mapper_parsing_exception", Attempts: 1,
		Reason: `failed to parse field [page] of type [integer] in document with id 'm1/decision/0'. Preview of field's value: 'x' (caused by: For input string: "x")`}
	if !reflect.DeepEqual(we.Failures[0], want) {
		t.Errorf("failure\ngot  %+v\nwant %+v", we.Failures[0], want)
	}
	if got := we.Meetings(); !reflect.DeepEqual(got, []string{"m1"}) {
		t.Errorf("Meetings() = %q", got)
	}
	if got := we.Files(); len(got) != 0 {
		t.Errorf("Files() = %q", got)
	}
	// The 429 and 503 items alone were sent again; the 400 never.
	bulks := f.Find("POST", "/_bulk")
	if len(bulks) != 2 {
		t.Fatalf("%d bulk requests, want 2", len(bulks))
	}
	second, _ := esfake.ParseBulk(bulks[1].Body)
	var again []string
	for _, a := range second {
		again = append(again, a.ID)
	}
	if !reflect.DeepEqual(again, []string{"m1/item/1", "m1/attendance/2"}) {
		t.Errorf("sent again: %q", again)
	}
	if got, want := f.DocIDs(), append(without(sampleIDs, "m1/decision/0"), "/data/2022-11-15.pdf"); !reflect.DeepEqual(got, sortedCopy(want)) {
		t.Errorf("index holds %q, want %q", got, want)
	}
	// Reported once, and never sent again.
	if err := e.Flush(ctx); err != nil {
		t.Errorf("second Flush: %v", err)
	}
	if n := len(f.Find("POST", "/_bulk")); n != 2 {
		t.Errorf("%d bulk requests after an empty Flush", n)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestESBulkRequest400NotRetried(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		if n == 1 {
			return 400, `{"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"Limit of total fields [1000] has been exceeded"}],"type":"illegal_argument_exception","reason":"Limit of total fields [1000] has been exceeded"},"status":400}`
		}
		return 200, f.ApplyAll(acts)
	}
	e := openFakeES(t, ts.URL)
	ctx := context.Background()
	putSample(t, e)
	we := writeError(t, e.Flush(ctx))
	if n := len(f.Find("POST", "/_bulk")); n != 1 {
		t.Errorf("a 400 was sent %d times", n)
	}
	// Every action of the request is reported, with its meeting or file.
	if len(we.Failures) != len(sampleIDs)+1 {
		t.Fatalf("%d failures, want %d", len(we.Failures), len(sampleIDs)+1)
	}
	for _, fl := range we.Failures {
		if !fl.Request || fl.Status != 400 || fl.Type != "illegal_argument_exception" || fl.Attempts != 1 {
			t.Errorf("failure %+v", fl)
		}
	}
	if got := we.Meetings(); !reflect.DeepEqual(got, []string{"m1"}) {
		t.Errorf("Meetings() = %q", got)
	}
	if got := we.Files(); !reflect.DeepEqual(got, []string{"/data/2022-11-15.pdf"}) {
		t.Errorf("Files() = %q", got)
	}
	if !strings.Contains(we.Error(), "9 documents not written: m1 (index, status 400): bulk request failed: illegal_argument_exception: Limit of total fields") {
		t.Errorf("error %q", we.Error())
	}
	if ids := f.DocIDs(); len(ids) != 0 {
		t.Errorf("index holds %q", ids)
	}
	// The failed actions are not resent with the next write; the next write
	// succeeds and reports nothing of the earlier failure.
	if err := e.PutFile(ctx, index.FileRecord{Path: "/data/other.txt", SHA256: "cd", MeetingID: "m2"}); err != nil {
		t.Fatalf("PutFile after a failed Flush: %v", err)
	}
	if err := e.Flush(ctx); err != nil {
		t.Fatalf("Flush of the next write: %v", err)
	}
	acts := bulkActions(t, f)
	if last := acts[len(sampleIDs)+1:]; len(last) != 1 || last[0].ID != "/data/other.txt" {
		t.Errorf("second bulk request: %+v", last)
	}
	if ids := f.DocIDs(); !reflect.DeepEqual(ids, []string{"/data/other.txt"}) {
		t.Errorf("index holds %q", ids)
	}
}

func TestESBulkRequest429ThenSuccess(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		if n <= 2 {
			return 429, `{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}`
		}
		return 200, f.ApplyAll(acts)
	}
	e := openFakeES(t, ts.URL)
	putSample(t, e)
	start := time.Now()
	if err := e.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if d := time.Since(start); d < 2*time.Millisecond {
		t.Errorf("retried without backoff (%v)", d)
	}
	if n := len(f.Find("POST", "/_bulk")); n != 3 {
		t.Errorf("%d bulk requests, want 3", n)
	}
	if got, want := f.DocIDs(), sortedCopy(append(sampleIDs, "/data/2022-11-15.pdf")); !reflect.DeepEqual(got, want) {
		t.Errorf("index holds %q, want %q", got, want)
	}
}

func TestESBulkRequest5xxGivesUp(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 500, `{"error":{"root_cause":[{"type":"circuit_breaking_exception","reason":"[parent] Data too large"}],"type":"circuit_breaking_exception","reason":"[parent] Data too large"},"status":500}`
	}
	e := openFakeES(t, ts.URL)
	putSample(t, e)
	we := writeError(t, e.Flush(context.Background()))
	n := len(f.Find("POST", "/_bulk"))
	if n < 3 || n > 1+esMaxRetries {
		t.Errorf("%d bulk requests, want 3 to %d", n, 1+esMaxRetries)
	}
	for _, fl := range we.Failures {
		if fl.Status != 500 || !fl.Request || fl.Attempts != n || fl.Type != "circuit_breaking_exception" {
			t.Errorf("failure %+v (after %d requests)", fl, n)
		}
	}
	if len(we.Failures) != len(sampleIDs)+1 {
		t.Errorf("%d failures", len(we.Failures))
	}
}

func TestESBulkItem429GivesUp(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 200, f.Answer(acts, func(a esfake.Action) string {
			if a.ID == "m1" {
				return esfake.ItemError(a.ID, 429, "es_rejected_execution_exception", "rejected execution")
			}
			return ""
		})
	}
	e := openFakeES(t, ts.URL)
	putSample(t, e)
	we := writeError(t, e.Flush(context.Background()))
	n := sent(t, f, "m1")
	if n < 3 || n > 1+esMaxRetries {
		t.Errorf("m1 sent %d times, want 3 to %d", n, 1+esMaxRetries)
	}
	if len(we.Failures) != 1 || we.Failures[0].ID != "m1" || we.Failures[0].Attempts != n || we.Failures[0].Request {
		t.Fatalf("failures %+v", we.Failures)
	}
	if !strings.Contains(we.Error(), fmt.Sprintf("m1 (index, status 429, %d attempts): es_rejected_execution_exception", n)) {
		t.Errorf("error %q", we.Error())
	}
	// the other documents went in once each
	for _, id := range without(sampleIDs, "m1") {
		if k := sent(t, f, id); k != 1 {
			t.Errorf("%s sent %d times", id, k)
		}
	}
}

// TestESBulkConnectionDropped drops the connection of a bulk request after
// the server applied it (the worst case: written but not confirmed), then
// of every bulk request.
func TestESBulkConnectionDropped(t *testing.T) {
	f, ts := readyFake(t)
	var drop atomic.Int32 // bulk requests to drop; -1: all
	drop.Store(1)
	f.Hook = func(w http.ResponseWriter, r *http.Request, body []byte) bool {
		if r.URL.Path != "/_bulk" || drop.Load() == 0 {
			return false
		}
		if drop.Load() > 0 {
			drop.Add(-1)
		}
		f.ApplyAndHangUp(w, body)
		return true
	}
	e := openFakeES(t, ts.URL)
	ctx := context.Background()
	putSample(t, e)
	if err := e.Flush(ctx); err != nil {
		t.Fatalf("Flush after one dropped connection: %v", err)
	}
	if n := len(f.Find("POST", "/_bulk")); n != 2 {
		t.Errorf("%d bulk requests, want 2", n)
	}
	if got, want := f.DocIDs(), sortedCopy(append(sampleIDs, "/data/2022-11-15.pdf")); !reflect.DeepEqual(got, want) {
		t.Errorf("index holds %q, want %q", got, want)
	}

	// Every connection dropped: each document is reported, not confirmed.
	drop.Store(-1)
	if err := e.PutFile(ctx, index.FileRecord{Path: "/data/b.txt", SHA256: "ef", MeetingID: "m3"}); err != nil {
		t.Fatal(err)
	}
	we := writeError(t, e.Flush(ctx))
	if len(we.Failures) != 1 {
		t.Fatalf("failures %+v", we.Failures)
	}
	fl := we.Failures[0]
	if fl.File != "/data/b.txt" || !fl.Request || fl.Status != 0 || fl.Attempts < 3 || !strings.Contains(fl.Reason, "EOF") {
		t.Errorf("failure %+v", fl)
	}
}

// TestESBulkChunksInOrder: requests of at most BulkActions actions, sent one
// after the other; a request's retries end before the next is sent, and a
// failure in one does not stop the next.
func TestESBulkChunksInOrder(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 200, f.Answer(acts, func(a esfake.Action) string {
			switch {
			case n == 2 && a.ID == "m1/attendance/0":
				return esfake.ItemError(a.ID, 429, "es_rejected_execution_exception", "rejected")
			case a.ID == "m1/attendance/1":
				return esfake.ItemError(a.ID, 400, "document_parsing_exception", "bad")
			}
			return ""
		})
	}
	e := openFakeES(t, ts.URL, func(c *Config) { c.BulkActions = 3 })
	putSample(t, e)
	we := writeError(t, e.Flush(context.Background()))
	if len(we.Failures) != 1 || we.Failures[0].ID != "m1/attendance/1" {
		t.Errorf("failures %+v", we.Failures)
	}
	var got [][]string
	for _, r := range f.Find("POST", "/_bulk") {
		acts, _ := esfake.ParseBulk(r.Body)
		var ids []string
		for _, a := range acts {
			ids = append(ids, a.ID)
		}
		got = append(got, ids)
	}
	want := [][]string{
		{"m1", "m1/item/0", "m1/item/1"},
		{"m1/decision/0", "m1/decision/1", "m1/attendance/0"},
		{"m1/attendance/0"}, // the retry, before the next request
		{"m1/attendance/1", "m1/attendance/2", "/data/2022-11-15.pdf"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bulk requests\ngot  %q\nwant %q", got, want)
	}
}

func TestESBulkCancelled(t *testing.T) {
	f, ts := readyFake(t)
	e := openFakeES(t, ts.URL)
	putSample(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := e.Flush(ctx)
	we := writeError(t, err)
	if len(we.Failures) != len(sampleIDs)+1 || !strings.Contains(we.Failures[0].Reason, "not sent: context canceled") ||
		we.Failures[0].Attempts != 0 {
		t.Errorf("failures %+v", we.Failures)
	}
	if n := len(f.Find("POST", "/_bulk")); n != 0 {
		t.Errorf("%d bulk requests", n)
	}
	// and they are not sent later
	if err := e.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Find("POST", "/_bulk")); n != 0 {
		t.Errorf("%d bulk requests after the next Flush", n)
	}
}

func TestESBulkInvalidAction(t *testing.T) {
	f, ts := readyFake(t)
	e := openFakeES(t, ts.URL)
	out := e.bulk(context.Background(), []esAction{
		{Op: "index", ID: "", Source: []byte(`{"kind":"file"}`), File: "/x"},
		{Op: "index", ID: "ok", Source: []byte(`{"kind":"file","path":"/y"}`), File: "/y"},
		{Op: "index", ID: "bad-json", Source: []byte(`{"kind":`), File: "/z"},
		{Op: "update", ID: "u", File: "/u"},
	})
	if out[0] == nil || out[0].Type != "minutes_invalid_id" || out[0].File != "/x" {
		t.Errorf("empty ID: %+v", out[0])
	}
	if out[1] != nil {
		t.Errorf("valid action: %+v", out[1])
	}
	if out[2] == nil || out[2].Type != "minutes_encoding" {
		t.Errorf("invalid JSON: %+v", out[2])
	}
	if out[3] == nil || out[3].Type != "minutes_invalid_op" {
		t.Errorf("unknown op: %+v", out[3])
	}
	if ids := f.DocIDs(); !reflect.DeepEqual(ids, []string{"ok"}) {
		t.Errorf("index holds %q", ids)
	}
}

// TestESBulkResponseMismatch: a response whose items do not match the
// request confirms nothing.
func TestESBulkResponseMismatch(t *testing.T) {
	f, ts := readyFake(t)
	f.Bulk = func(n int, acts []esfake.Action) (int, string) {
		return 200, `{"took":1,"errors":false,"items":[{"index":{"_index":"minutes-v2","_id":"someone-else","status":201}}]}`
	}
	e := openFakeES(t, ts.URL)
	out := e.bulk(context.Background(), []esAction{
		{Op: "index", ID: "a", Source: []byte(`{"kind":"file"}`), File: "/a"},
		{Op: "index", ID: "b", Source: []byte(`{"kind":"file"}`), File: "/b"},
	})
	for i, fl := range out {
		if fl == nil || !strings.Contains(fl.Reason, "1 items for 2 actions") {
			t.Errorf("action %d: %+v", i, fl)
		}
	}
	out = e.bulk(context.Background(), []esAction{{Op: "index", ID: "a", Source: []byte(`{"kind":"file"}`), File: "/a"}})
	if out[0] == nil || !strings.Contains(out[0].Reason, `item is for document "someone-else"`) {
		t.Errorf("wrong item: %+v", out[0])
	}
}
