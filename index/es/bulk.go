package es

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/olivere/elastic/v7"
	"github.com/sirupsen/logrus"
)

// Bulk writes to Elasticsearch. Every write goes through Backend.bulk, which sends
// a list of actions in explicit bulk requests and returns each action's own
// outcome: nothing is queued in the background, nothing is sent again after
// bulk returns, and a failure is never handed to a later call.
//
// Retries: a bulk request answered with 429 or 5xx, or that fails on the
// connection, is sent again whole (index and delete by ID are idempotent);
// within a successful request, the items rejected with 429 or 5xx are sent
// again, alone. Both with exponential backoff (Config.RetryInitial,
// RetryMax), at most esMaxRetries times. Anything else (a 4xx: mapping
// error, malformed request, too large, forbidden) fails at once.

// esMaxRetries is how often a request or an item is sent again at most.
const esMaxRetries = 5

// esAction is one action of a bulk request: "index" (Source is the
// document) or "delete". Meeting and File name what the document belongs to,
// so that its failure can be tied to the meeting and file it came from.
type esAction struct {
	Op      string // "index" or "delete"
	ID      string
	Source  json.RawMessage // for "index"
	Meeting string          // the meeting of a meeting's document
	File    string          // the path of a file record
}

// ItemFailure is a document Elasticsearch did not confirm as written.
type ItemFailure struct {
	ID      string // document ID ("<meeting>/item/3", a file path, …)
	Meeting string // the meeting the document belongs to ("" for a file record)
	File    string // the file of a file record ("" for a meeting's document)
	Index   string
	Op      string // "index" or "delete"
	// Status is the HTTP status of the item, or of the whole request when
	// Request is set; 0 when no answer came (connection, cancellation).
	Status   int
	Request  bool   // the whole bulk request failed, not this item alone
	Type     string // Elasticsearch error type, e.g. "mapper_parsing_exception"
	Reason   string
	Attempts int // how often it was sent (0: never)
}

func (f ItemFailure) String() string {
	var b strings.Builder
	b.WriteString(f.ID)
	var ctx []string
	if f.Op != "" {
		ctx = append(ctx, f.Op)
	}
	if f.Status != 0 {
		ctx = append(ctx, fmt.Sprintf("status %d", f.Status))
	}
	if f.Attempts > 1 {
		ctx = append(ctx, fmt.Sprintf("%d attempts", f.Attempts))
	}
	if len(ctx) > 0 {
		b.WriteString(" (" + strings.Join(ctx, ", ") + ")")
	}
	b.WriteString(": ")
	if f.Request {
		b.WriteString("bulk request failed: ")
	}
	if f.Type != "" {
		b.WriteString(f.Type)
		b.WriteString(": ")
	}
	b.WriteString(f.Reason)
	return b.String()
}

// WriteError reports the documents a Flush did not get written. Each
// failure names its document and the meeting or file it belongs to.
type WriteError struct {
	Failures []ItemFailure
}

func (e *WriteError) Error() string {
	n := len(e.Failures)
	var b strings.Builder
	if n == 1 {
		b.WriteString("elasticsearch: 1 document not written: ")
	} else {
		fmt.Fprintf(&b, "elasticsearch: %d documents not written: ", n)
	}
	for i, f := range e.Failures {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", n-5)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Meetings returns the IDs of the meetings with a document not written, in
// order.
func (e *WriteError) Meetings() []string {
	return esDistinctSorted(e.Failures, func(f ItemFailure) string { return f.Meeting })
}

// Files returns the paths of the file records not written, in order.
func (e *WriteError) Files() []string {
	return esDistinctSorted(e.Failures, func(f ItemFailure) string { return f.File })
}

func esDistinctSorted(fs []ItemFailure, key func(ItemFailure) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if k := key(f); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// esRetryableStatus reports whether a request or item answered with status
// is sent again: back pressure (429) and server errors (5xx).
func esRetryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// bulkRequest returns the olivere request of a, encoded, or the failure of
// an action that cannot be sent.
func (e *Backend) bulkRequest(a esAction) (elastic.BulkableRequest, *ItemFailure) {
	fail := func(typ, reason string) *ItemFailure {
		return &ItemFailure{ID: a.ID, Meeting: a.Meeting, File: a.File, Index: e.alias, Op: a.Op,
			Type: typ, Reason: reason}
	}
	if a.ID == "" || len(a.ID) > 512 {
		return nil, fail("minutes_invalid_id", fmt.Sprintf("document ID must be 1-512 bytes, is %d", len(a.ID)))
	}
	var r elastic.BulkableRequest
	switch a.Op {
	case "index":
		// olivere copies a json.RawMessage into the body as it is
		if !json.Valid(a.Source) || bytes.ContainsAny(a.Source, "\r\n") {
			return nil, fail("minutes_encoding", "document is not one line of valid JSON")
		}
		r = elastic.NewBulkIndexRequest().Index(e.alias).Id(a.ID).Doc(a.Source)
	case "delete":
		r = elastic.NewBulkDeleteRequest().Index(e.alias).Id(a.ID)
	default:
		return nil, fail("minutes_invalid_op", fmt.Sprintf("unknown bulk operation %q", a.Op))
	}
	if _, err := r.Source(); err != nil { // cached by olivere for the request body
		return nil, fail("minutes_encoding", err.Error())
	}
	return r, nil
}

// bulk sends acts in bulk requests of at most Config.BulkActions actions
// and about Config.BulkSize bytes, in order, one request at a time, and
// returns one result per action: nil when Elasticsearch confirmed it, else
// its failure. A request's retries end before the next request is sent, so
// that actions on one document keep their order. When ctx ends, the actions
// not yet confirmed fail with its error.
func (e *Backend) bulk(ctx context.Context, acts []esAction) []*ItemFailure {
	out := make([]*ItemFailure, len(acts))
	reqs := make([]elastic.BulkableRequest, len(acts))
	for i, a := range acts {
		reqs[i], out[i] = e.bulkRequest(a)
	}
	var chunk []int
	size := 0
	for i := range acts {
		if reqs[i] == nil {
			continue
		}
		n := esRequestSize(reqs[i])
		if len(chunk) > 0 && (len(chunk) >= e.cfg.BulkActions || size+n > e.cfg.BulkSize) {
			e.bulkChunk(ctx, chunk, acts, reqs, out)
			chunk, size = nil, 0
		}
		chunk = append(chunk, i)
		size += n
	}
	if len(chunk) > 0 {
		e.bulkChunk(ctx, chunk, acts, reqs, out)
	}
	return out
}

// esRequestSize is the size of a bulk action's lines in the request body.
func esRequestSize(r elastic.BulkableRequest) int {
	lines, _ := r.Source()
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	return n
}

// bulkChunk sends the actions acts[i], i in idx, in one bulk request,
// retrying as the package comment of bulk describes, and records each
// action's outcome in out.
func (e *Backend) bulkChunk(ctx context.Context, idx []int, acts []esAction, reqs []elastic.BulkableRequest, out []*ItemFailure) {
	attempts := make(map[int]int, len(idx))
	pending := idx
	for retry := 0; ; retry++ {
		if err := ctx.Err(); err != nil {
			if retry == 0 { // else out has the failures of the last attempt
				for _, i := range pending {
					out[i] = e.requestFailure(acts[i], 0, fmt.Errorf("not sent: %w", err))
				}
			}
			return
		}
		svc := e.client.Bulk().Retrier(elastic.NewStopRetrier())
		for _, i := range pending {
			svc.Add(reqs[i])
			attempts[i]++
		}
		res, err := svc.Do(ctx)
		var again []int
		switch {
		case err != nil:
			for _, i := range pending {
				out[i] = e.requestFailure(acts[i], attempts[i], err)
			}
			if esRetryableRequestError(ctx, err) {
				again = pending
			}
		case len(res.Items) != len(pending):
			err := fmt.Errorf("bulk response has %d items for %d actions", len(res.Items), len(pending))
			for _, i := range pending {
				out[i] = e.requestFailure(acts[i], attempts[i], err)
			}
		default:
			for k, item := range res.Items {
				i := pending[k]
				out[i] = esItemResult(acts[i], e.alias, item, attempts[i])
				if out[i] != nil && esRetryableStatus(out[i].Status) {
					again = append(again, i)
				}
			}
		}
		if len(again) == 0 {
			return
		}
		wait, ok := e.backoff.Next(retry + 1)
		if !ok || retry+1 > esMaxRetries {
			return
		}
		logrus.WithFields(logrus.Fields{"actions": len(again), "wait": wait, "retry": retry + 1,
			"first": out[again[0]].String()}).Debug("elasticsearch: bulk retry")
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		pending = again
	}
}

// esRetryableRequestError reports whether a bulk request that failed with
// err is sent again: 429, 5xx and connection failures, not a 4xx and not
// the end of ctx.
func esRetryableRequestError(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ee *elastic.Error
	if errors.As(err, &ee) {
		return esRetryableStatus(ee.Status)
	}
	return true // no HTTP answer: connection refused, reset, no node available
}

// requestFailure is the failure of action a when its whole bulk request
// failed with err.
func (e *Backend) requestFailure(a esAction, attempts int, err error) *ItemFailure {
	f := &ItemFailure{ID: a.ID, Meeting: a.Meeting, File: a.File, Index: e.alias, Op: a.Op,
		Request: true, Reason: err.Error(), Attempts: attempts}
	var ee *elastic.Error
	if errors.As(err, &ee) {
		f.Status = ee.Status
		if ee.Details != nil {
			f.Type, f.Reason = ee.Details.Type, ee.Details.Reason
		}
	}
	return f
}

// esItemResult returns the failure of action a reported by its bulk
// response item, nil when it was written (or, for a delete, when there was
// nothing to delete).
func esItemResult(a esAction, alias string, item map[string]*elastic.BulkResponseItem, attempts int) *ItemFailure {
	var r *elastic.BulkResponseItem
	op := a.Op
	for k, v := range item {
		if v != nil {
			op, r = k, v
		}
	}
	f := &ItemFailure{ID: a.ID, Meeting: a.Meeting, File: a.File, Index: alias, Op: op, Attempts: attempts}
	if r == nil {
		f.Type, f.Reason = "minutes_bulk_mismatch", "empty bulk response item"
		return f
	}
	failed := r.Error != nil || r.Status < 200 || r.Status >= 300
	if op == "delete" && r.Status == http.StatusNotFound && r.Error == nil {
		failed = false // deleting what is not there
	}
	if !failed {
		if r.Id != "" && r.Id != a.ID {
			f.Type, f.Reason = "minutes_bulk_mismatch", fmt.Sprintf("bulk response item is for document %q", r.Id)
			return f
		}
		return nil
	}
	if r.Index != "" {
		f.Index = r.Index
	}
	f.Status = r.Status
	if r.Error != nil {
		f.Type, f.Reason = r.Error.Type, r.Error.Reason
		if cb := r.Error.CausedBy; cb != nil {
			if s, _ := cb["reason"].(string); s != "" {
				f.Reason += " (caused by: " + s + ")"
			}
		}
	} else {
		f.Reason = http.StatusText(r.Status)
	}
	return f
}
