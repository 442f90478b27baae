// Package esfake is a fake Elasticsearch 7.17 node for tests: it answers the
// requests minutes sends (startup, alias and index management, bulk, refresh,
// real-time get, delete_by_query) in Elasticsearch's documented formats and
// keeps the documents, so that a test can assert what is in the index. _search
// answers come from the test. Every request is recorded with its body.
package esfake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Server plays an Elasticsearch 7.17 node closely enough for the client.
// Set its fields before Start; while it runs, hold Mu to read or change
// Indices and Docs.
type Server struct {
	tb testing.TB

	Mu   sync.Mutex
	reqs []Request
	// Version is the version number GET / reports (default 7.17.18).
	Version string
	// Product is the X-Elastic-Product header, "" for none.
	Product string
	// Root, when set, is the whole answer to GET / (another engine's).
	Root string
	// Indices maps a physical index name to its aliases.
	Indices map[string][]string
	// Docs are the documents by _id (all in one index).
	Docs map[string]json.RawMessage
	// Bulk, when set, answers the n-th bulk request (its actions parsed;
	// called with Mu held); a 200 answer's items under 300 are then applied.
	// The default writes every action and reports success.
	Bulk func(n int, actions []Action) (status int, body string)
	// Search answers the n-th POST /<index>/_search; body is the request
	// body. The default finds nothing.
	Search func(n int, body []byte) (status int, resp string)
	// Hook, when set and returning true, has answered the request itself
	// (called without Mu).
	Hook func(w http.ResponseWriter, r *http.Request, body []byte) bool
	// NBulk and NSearch count the bulk and search requests.
	NBulk, NSearch int
}

// Request is a request the server received.
type Request struct {
	Method, Path string // Path unescaped
	RawPath      string
	Query        url.Values
	Header       http.Header
	Body         []byte
}

// Action is one action of a bulk request.
type Action struct {
	Op    string // index, delete, …
	Index string
	ID    string
	Doc   json.RawMessage // nil for delete
}

// New returns a server with no index, reporting Elasticsearch 7.17.18.
func New(tb testing.TB) *Server {
	return &Server{tb: tb, Version: "7.17.18", Product: "Elasticsearch",
		Indices: map[string][]string{}, Docs: map[string]json.RawMessage{}}
}

// start serves f over plain HTTP.
func (f *Server) Start() *httptest.Server {
	ts := httptest.NewServer(f)
	f.tb.Cleanup(ts.Close)
	return ts
}

func (f *Server) Requests() []Request {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return append([]Request(nil), f.reqs...)
}

// find returns the recorded requests with this method whose path is p.
func (f *Server) Find(method, p string) []Request {
	var out []Request
	for _, r := range f.Requests() {
		if r.Method == method && r.Path == p {
			out = append(out, r)
		}
	}
	return out
}

// WriteJSON answers with a JSON body.
func WriteJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// AliasTargets returns the indices alias points to, sorted; Mu held.
func (f *Server) AliasTargets(alias string) []string {
	var out []string
	for idx, aliases := range f.Indices {
		for _, a := range aliases {
			if a == alias {
				out = append(out, idx)
			}
		}
	}
	sort.Strings(out)
	return out
}

// resolve returns the physical index a name (index or alias) stands for.
func (f *Server) resolve(name string) (string, bool) {
	if _, ok := f.Indices[name]; ok {
		return name, true
	}
	if t := f.AliasTargets(name); len(t) == 1 {
		return t[0], true
	}
	return "", false
}

func (f *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	raw := r.URL.EscapedPath()
	f.Mu.Lock()
	f.reqs = append(f.reqs, Request{Method: r.Method, Path: r.URL.Path, RawPath: raw,
		Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	hook := f.Hook
	f.Mu.Unlock()
	if f.Product != "" {
		w.Header().Set("X-Elastic-Product", f.Product)
	}
	if hook != nil && hook(w, r, body) {
		return
	}
	f.Mu.Lock()
	defer f.Mu.Unlock()
	parts := strings.Split(strings.TrimPrefix(raw, "/"), "/")
	for i := range parts {
		parts[i], _ = url.PathUnescape(parts[i])
	}
	switch {
	case r.URL.Path == "/" && r.Method == http.MethodHead:
		w.WriteHeader(http.StatusOK)
	case r.URL.Path == "/" && r.Method == http.MethodGet && f.Root != "":
		WriteJSON(w, 200, f.Root)
	case r.URL.Path == "/" && r.Method == http.MethodGet:
		WriteJSON(w, 200, fmt.Sprintf(`{
  "name" : "es01",
  "cluster_name" : "docker-cluster",
  "cluster_uuid" : "tkq3cyq8TEmTXcLoJ3sQxw",
  "version" : {
    "number" : %q,
    "build_flavor" : "default",
    "build_type" : "docker",
    "build_hash" : "25bb8a9d2dfb9fa0c87b3a7e08e6e88d9deb9e2c",
    "build_date" : "2024-01-31T18:13:19.224150346Z",
    "build_snapshot" : false,
    "lucene_version" : "8.11.1",
    "minimum_wire_compatibility_version" : "6.8.0",
    "minimum_index_compatibility_version" : "6.0.0-beta1"
  },
  "tagline" : "You Know, for Search"
}`, f.Version))
	case len(parts) == 2 && parts[0] == "_alias" && r.Method == http.MethodGet:
		targets := f.AliasTargets(parts[1])
		if len(targets) == 0 {
			WriteJSON(w, 404, fmt.Sprintf(`{"error":"alias [%s] missing","status":404}`, parts[1]))
			return
		}
		var b strings.Builder
		b.WriteString("{")
		for i, t := range targets {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `%q:{"aliases":{%q:{"is_write_index":true}}}`, t, parts[1])
		}
		b.WriteString("}")
		WriteJSON(w, 200, b.String())
	case r.URL.Path == "/_aliases" && r.Method == http.MethodPost:
		var req struct {
			Actions []map[string]struct {
				Index string `json:"index"`
				Alias string `json:"alias"`
			} `json:"actions"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			WriteJSON(w, 400, `{"error":{"type":"parse_exception","reason":"bad body"},"status":400}`)
			return
		}
		for _, a := range req.Actions {
			if add, ok := a["add"]; ok {
				f.Indices[add.Index] = append(f.Indices[add.Index], add.Alias)
			}
		}
		WriteJSON(w, 200, `{"acknowledged":true}`)
	case len(parts) == 1 && parts[0] != "" && r.Method == http.MethodHead:
		if _, ok := f.resolve(parts[0]); ok {
			w.WriteHeader(200)
		} else {
			w.WriteHeader(404)
		}
	case len(parts) == 1 && parts[0] != "" && !strings.HasPrefix(parts[0], "_") && r.Method == http.MethodPut:
		if _, ok := f.resolve(parts[0]); ok {
			WriteJSON(w, 400, fmt.Sprintf(`{"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"index [%[1]s/abc] already exists","index":%[1]q}],"type":"resource_already_exists_exception","reason":"index [%[1]s/abc] already exists","index":%[1]q},"status":400}`, parts[0]))
			return
		}
		var req struct {
			Aliases map[string]json.RawMessage `json:"aliases"`
		}
		json.Unmarshal(body, &req)
		f.Indices[parts[0]] = []string{}
		for a := range req.Aliases {
			f.Indices[parts[0]] = append(f.Indices[parts[0]], a)
		}
		WriteJSON(w, 200, fmt.Sprintf(`{"acknowledged":true,"shards_acknowledged":true,"index":%q}`, parts[0]))
	case r.URL.Path == "/_bulk" && r.Method == http.MethodPost:
		actions, err := ParseBulk(body)
		if err != nil {
			f.tb.Errorf("bulk body: %v", err)
			WriteJSON(w, 400, `{"error":{"type":"illegal_argument_exception","reason":"bad bulk"},"status":400}`)
			return
		}
		f.NBulk++
		if f.Bulk != nil {
			status, resp := f.Bulk(f.NBulk, actions)
			if status != 200 {
				WriteJSON(w, status, resp)
				return
			}
			// the test's response; apply the successful actions
			var res struct {
				Items []map[string]struct {
					Status int `json:"status"`
				} `json:"items"`
			}
			json.Unmarshal([]byte(resp), &res)
			for i, a := range actions {
				if i < len(res.Items) {
					for _, it := range res.Items[i] {
						if it.Status < 300 {
							f.Apply(a)
						}
					}
				}
			}
			WriteJSON(w, 200, resp)
			return
		}
		var items []string
		for _, a := range actions {
			items = append(items, f.Apply(a))
		}
		WriteJSON(w, 200, `{"took":3,"errors":false,"items":[`+strings.Join(items, ",")+`]}`)
	case len(parts) == 2 && parts[1] == "_refresh" && r.Method == http.MethodPost:
		WriteJSON(w, 200, `{"_shards":{"total":1,"successful":1,"failed":0}}`)
	case len(parts) == 2 && parts[1] == "_search" && (r.Method == http.MethodPost || r.Method == http.MethodGet):
		f.NSearch++
		if f.Search == nil {
			WriteJSON(w, 200, `{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}`)
			return
		}
		status, resp := f.Search(f.NSearch, body)
		WriteJSON(w, status, resp)
	case len(parts) == 2 && parts[1] == "_delete_by_query" && r.Method == http.MethodPost:
		// understands {"bool":{"filter":[{"term":{"meeting_id":ID}},{"terms":{"kind":[…]}}]}}
		var req struct {
			Query struct {
				Bool struct {
					Filter []struct {
						Term  map[string]string   `json:"term"`
						Terms map[string][]string `json:"terms"`
					} `json:"filter"`
				} `json:"bool"`
			} `json:"query"`
		}
		json.Unmarshal(body, &req)
		var id string
		kinds := map[string]bool{}
		for _, c := range req.Query.Bool.Filter {
			if v, ok := c.Term["meeting_id"]; ok {
				id = v
			}
			for _, k := range c.Terms["kind"] {
				kinds[k] = true
			}
		}
		deleted := 0
		for k, d := range f.Docs {
			var doc struct {
				Kind      string `json:"kind"`
				MeetingID string `json:"meeting_id"`
			}
			json.Unmarshal(d, &doc)
			if id != "" && doc.MeetingID == id && kinds[doc.Kind] {
				delete(f.Docs, k)
				deleted++
			}
		}
		WriteJSON(w, 200, fmt.Sprintf(`{"took":12,"timed_out":false,"total":%d,"deleted":%d,"batches":1,"version_conflicts":0,"noops":0,"retries":{"bulk":0,"search":0},"throttled_millis":0,"requests_per_second":-1.0,"throttled_until_millis":0,"failures":[]}`, deleted, deleted))
	case len(parts) == 3 && parts[1] == "_doc" && r.Method == http.MethodGet:
		idx, ok := f.resolve(parts[0])
		if !ok {
			WriteJSON(w, 404, fmt.Sprintf(`{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [%[1]s]"}],"type":"index_not_found_exception","reason":"no such index [%[1]s]"},"status":404}`, parts[0]))
			return
		}
		id := parts[2]
		doc, ok := f.Docs[id]
		if !ok {
			WriteJSON(w, 404, fmt.Sprintf(`{"_index":%q,"_type":"_doc","_id":%q,"found":false}`, idx, id))
			return
		}
		if inc := r.URL.Query().Get("_source_includes"); inc != "" {
			doc = filterSource(doc, strings.Split(inc, ","))
		}
		WriteJSON(w, 200, fmt.Sprintf(`{"_index":%q,"_type":"_doc","_id":%q,"_version":1,"_seq_no":0,"_primary_term":1,"found":true,"_source":%s}`, idx, id, doc))
	default:
		WriteJSON(w, 400, fmt.Sprintf(`{"error":{"type":"fake_es","reason":"unexpected %s %s"},"status":400}`, r.Method, raw))
		f.tb.Errorf("fake Elasticsearch: unexpected request %s %s", r.Method, raw)
	}
}

// apply writes or deletes a document and returns its response item.
func (f *Server) Apply(a Action) string {
	idx, _ := f.resolve(a.Index)
	switch a.Op {
	case "delete":
		if _, ok := f.Docs[a.ID]; !ok {
			return fmt.Sprintf(`{"delete":{"_index":%q,"_type":"_doc","_id":%q,"_version":1,"result":"not_found","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":5,"_primary_term":1,"status":404}}`, idx, a.ID)
		}
		delete(f.Docs, a.ID)
		return fmt.Sprintf(`{"delete":{"_index":%q,"_type":"_doc","_id":%q,"_version":2,"result":"deleted","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":6,"_primary_term":1,"status":200}}`, idx, a.ID)
	default:
		_, existed := f.Docs[a.ID]
		f.Docs[a.ID] = a.Doc
		if existed {
			return fmt.Sprintf(`{"index":{"_index":%q,"_type":"_doc","_id":%q,"_version":2,"result":"updated","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":1,"_primary_term":1,"status":200}}`, idx, a.ID)
		}
		return fmt.Sprintf(`{"index":{"_index":%q,"_type":"_doc","_id":%q,"_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}}`, idx, a.ID)
	}
}

// docIDs returns the IDs of the stored documents, sorted.
func (f *Server) DocIDs() []string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	var ids []string
	for id := range f.Docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// ParseBulk parses a bulk request body (NDJSON).
func ParseBulk(body []byte) ([]Action, error) {
	if len(body) == 0 || body[len(body)-1] != '\n' {
		return nil, fmt.Errorf("bulk body must end with a newline")
	}
	var out []Action
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var action map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(line, &action); err != nil || len(action) != 1 {
			return nil, fmt.Errorf("bad action line %q", line)
		}
		for op, a := range action {
			fa := Action{Op: op, Index: a.Index, ID: a.ID}
			if op != "delete" {
				if !sc.Scan() {
					return nil, fmt.Errorf("action %s without document", line)
				}
				fa.Doc = append(json.RawMessage(nil), sc.Bytes()...)
				if !json.Valid(fa.Doc) {
					return nil, fmt.Errorf("bad document line %q", fa.Doc)
				}
			}
			out = append(out, fa)
		}
	}
	return out, sc.Err()
}

// filterSource keeps the named top-level fields of a document.
func filterSource(doc json.RawMessage, fields []string) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(doc, &m) != nil {
		return doc
	}
	out := map[string]json.RawMessage{}
	for _, f := range fields {
		if v, ok := m[f]; ok {
			out[f] = v
		}
	}
	b, _ := json.Marshal(out)
	return b
}

// ApplyAll writes every action and returns the bulk response; for Bulk
// (Mu held).
func (f *Server) ApplyAll(acts []Action) string {
	var items []string
	for _, a := range acts {
		items = append(items, f.Apply(a))
	}
	return BulkAnswer(items)
}

// BulkAnswer is a bulk response with these items.
func BulkAnswer(items []string) string {
	return `{"took":7,"errors":true,"items":[` + strings.Join(items, ",") + `]}`
}

// ItemError is a failed bulk response item in Elasticsearch's format.
func ItemError(id string, status int, typ, reason string) string {
	return fmt.Sprintf(`{"index":{"_index":"minutes-v2","_type":"_doc","_id":%q,"status":%d,"error":{"type":%q,"reason":%q}}}`,
		id, status, typ, reason)
}

// ApplyAndHangUp applies the bulk request body and closes the connection
// without an answer: a request the server carried out but the client never
// heard back from. For Hook (Mu not held).
func (f *Server) ApplyAndHangUp(w http.ResponseWriter, body []byte) {
	acts, err := ParseBulk(body)
	if err != nil {
		f.tb.Errorf("bulk body: %v", err)
	}
	f.Mu.Lock()
	for _, a := range acts {
		f.Apply(a)
	}
	f.Mu.Unlock()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		f.tb.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

// Answer writes the actions and returns the bulk response, except for the
// actions reject answers with an item (an error item, see ItemError): those
// are not written. For Bulk (Mu held).
func (f *Server) Answer(acts []Action, reject func(Action) string) string {
	var items []string
	for _, a := range acts {
		if item := reject(a); item != "" {
			items = append(items, item)
			continue
		}
		items = append(items, f.Apply(a))
	}
	return BulkAnswer(items)
}
