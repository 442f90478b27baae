// Package es is the Elasticsearch (and OpenSearch) backend of the index: an
// index.Backend that keeps the meetings, their items, decisions and
// attendance and the records of the imported files in one versioned index
// behind an alias, writes in explicit, confirmed bulk requests and answers
// the queries with searches and aggregations. Open connects to a server;
// ConfigFromEnv reads the MINUTES_ES_ settings. The contract suite
// (index/indextest) holds it to the same answers as the Bleve index.
package es

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/olivere/elastic/v7"
	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

// The Elasticsearch backend keeps every document kind (meeting, item,
// decision, attendance, file) in ONE physical index with a "kind" field. The
// physical index is versioned ("minutes-v2") and always reached through an
// alias ("minutes"), so that a mapping change can be rolled out by creating
// "minutes-v2", reindexing into it and moving the alias. See
// docs/elasticsearch.md.

// MappingVersion is the version of the index mapping this build writes and
// reads; the physical index is named IndexPrefix + "-v" + MappingVersion.
const MappingVersion = 2

// Defaults of Config.
const (
	DefaultIndexPrefix  = "minutes"
	DefaultBulkActions  = 1000
	DefaultBulkSize     = 5 << 20 // bytes
	DefaultRetryInitial = 100 * time.Millisecond
	DefaultRetryMax     = 8 * time.Second
)

// Config configures the Elasticsearch backend. Only URL is required.
type Config struct {
	// URL of one or more nodes, comma-separated
	// ("http://localhost:9200", "https://es1:9200,https://es2:9200").
	URL string
	// Username and Password enable HTTP basic authentication.
	Username, Password string
	// APIKey is sent as "Authorization: ApiKey <APIKey>". Give the "encoded"
	// value of the create-API-key response, or "id:api_key" (encoded here).
	APIKey string
	// CACertFile is a PEM file of CA certificates to trust for TLS, in
	// addition to the system's.
	CACertFile string
	// IndexPrefix names the alias ("minutes") and the physical index
	// ("minutes-v2"). Default DefaultIndexPrefix.
	IndexPrefix string
	// Sniff discovers the cluster's other nodes (off by default: behind a
	// load balancer or in a container the published addresses are often
	// unreachable).
	Sniff bool
	// Insecure skips TLS certificate verification (a warning is logged).
	Insecure bool

	// BulkActions and BulkSize (bytes) bound one bulk request; Flush sends
	// the writes since the last Flush in as many as needed. Defaults:
	// DefaultBulkActions, DefaultBulkSize.
	BulkActions int
	BulkSize    int
	// RetryInitial and RetryMax shape the exponential backoff used for
	// retried requests and bulk items (HTTP 429 and 5xx, connection errors;
	// see bulk.go). Defaults DefaultRetryInitial, DefaultRetryMax:
	// at most five retries over about ten seconds.
	RetryInitial, RetryMax time.Duration
	// HealthcheckTimeout bounds the startup health check (default 5s).
	HealthcheckTimeout time.Duration
}

// ConfigFromEnv returns the configuration given by the environment:
// MINUTES_ES_URL (used when url is ""), MINUTES_ES_USERNAME,
// MINUTES_ES_PASSWORD, MINUTES_ES_API_KEY, MINUTES_ES_CA_CERT,
// MINUTES_ES_INSECURE=1, MINUTES_ES_INDEX (the index prefix, default
// "minutes") and MINUTES_ES_SNIFF=1.
func ConfigFromEnv(url string) Config {
	if url == "" {
		url = os.Getenv("MINUTES_ES_URL")
	}
	cfg := Config{
		URL:         url,
		Username:    os.Getenv("MINUTES_ES_USERNAME"),
		Password:    os.Getenv("MINUTES_ES_PASSWORD"),
		APIKey:      os.Getenv("MINUTES_ES_API_KEY"),
		CACertFile:  os.Getenv("MINUTES_ES_CA_CERT"),
		IndexPrefix: os.Getenv("MINUTES_ES_INDEX"),
		Sniff:       esEnvBool("MINUTES_ES_SNIFF"),
		Insecure:    esEnvBool("MINUTES_ES_INSECURE"),
	}
	if cfg.IndexPrefix == "" {
		cfg.IndexPrefix = DefaultIndexPrefix
	}
	return cfg
}

func esEnvBool(name string) bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv(name))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func (cfg *Config) defaults() {
	if cfg.IndexPrefix == "" {
		cfg.IndexPrefix = DefaultIndexPrefix
	}
	if cfg.BulkActions <= 0 {
		cfg.BulkActions = DefaultBulkActions
	}
	if cfg.BulkSize <= 0 {
		cfg.BulkSize = DefaultBulkSize
	}
	if cfg.RetryInitial <= 0 {
		cfg.RetryInitial = DefaultRetryInitial
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = DefaultRetryMax
	}
	if cfg.RetryMax < 4*cfg.RetryInitial {
		cfg.RetryMax = 4 * cfg.RetryInitial
	}
	if cfg.HealthcheckTimeout <= 0 {
		cfg.HealthcheckTimeout = elastic.DefaultHealthcheckTimeoutStartup
	}
}

// esValidIndexPrefix reports whether p may start an Elasticsearch index name.
func esValidIndexPrefix(p string) error {
	if p == "" || len(p) > 200 {
		return fmt.Errorf("index prefix %q: must be 1-200 characters", p)
	}
	if p != strings.ToLower(p) {
		return fmt.Errorf("index prefix %q: must be lower case", p)
	}
	if strings.ContainsAny(p, "\\/*?\"<>| ,#:") || strings.HasPrefix(p, "-") ||
		strings.HasPrefix(p, "_") || strings.HasPrefix(p, "+") || p == "." || p == ".." {
		return fmt.Errorf("index prefix %q: not a valid Elasticsearch index name", p)
	}
	return nil
}

// Backend is the Elasticsearch (or OpenSearch) backend, an index.Backend.
// It is safe for concurrent use. Writes (PutMeeting, PutFile, DeleteFile) are kept in order
// until Flush sends them in explicit bulk requests (bulk.go) and reports
// every document that was not written.
type Backend struct {
	cfg    Config
	client *elastic.Client
	server esServer
	alias  string // what every request names
	index  string // the physical index the alias must point to

	backoff elastic.Backoff // of bulk retries

	wmu     sync.Mutex // guards the fields below; serialises writes, Flush and Close
	pending []esAction // writes since the last Flush, in order
	// pendingCounts are, per meeting with pending writes, the largest
	// document counts among its pending versions: a later version deletes
	// the documents of all of them beyond its own.
	pendingCounts map[string]esCounts
	closed        bool
}

var _ index.Backend = (*Backend)(nil)

// esRetryStatusCodes are the HTTP statuses on which the client retries a
// request other than a bulk request (searches, reads, index management).
var esRetryStatusCodes = []int{429, 502, 503, 504}

// Open connects to Elasticsearch or OpenSearch, checks the distribution
// and version (server.go), creates the versioned index and its alias when
// absent, or checks that the alias points to the index this build expects.
func Open(ctx context.Context, cfg Config) (*Backend, error) {
	cfg.defaults()
	if strings.TrimSpace(cfg.URL) == "" {
		return nil, errors.New("elasticsearch: no URL (give --es or set MINUTES_ES_URL)")
	}
	if err := esValidIndexPrefix(cfg.IndexPrefix); err != nil {
		return nil, fmt.Errorf("elasticsearch: %w", err)
	}
	if cfg.APIKey != "" && (cfg.Username != "" || cfg.Password != "") {
		return nil, errors.New("elasticsearch: set either an API key or a username and password, not both")
	}
	client, compat, err := esNewClient(ctx, cfg)
	if err != nil {
		return nil, err
	}
	e := &Backend{
		cfg:     cfg,
		client:  client,
		alias:   cfg.IndexPrefix,
		index:   cfg.IndexPrefix + "-v" + strconv.Itoa(MappingVersion),
		backoff: elastic.NewExponentialBackoff(cfg.RetryInitial, cfg.RetryMax),
	}
	if err := e.checkServer(ctx); err != nil {
		client.Stop()
		return nil, err
	}
	compat.on.Store(e.server.compat())
	if err := e.ensureIndex(ctx); err != nil {
		client.Stop()
		return nil, err
	}
	return e, nil
}

// esNewClient dials the cluster: sniffing as configured (off by default),
// health checks on, exponential backoff on 429/502/503/504 and connection
// errors, basic or API-key authentication, TLS with an optional extra CA.
// The compatibility headers of Elasticsearch 8 are off until turned on in
// the returned transport.
func esNewClient(ctx context.Context, cfg Config) (*elastic.Client, *esCompatTransport, error) {
	httpClient, compat, err := esHTTPClient(cfg)
	if err != nil {
		return nil, nil, err
	}
	var urls []string
	for _, u := range strings.Split(cfg.URL, ",") {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return nil, nil, errors.New("elasticsearch: no URL (give --es or set MINUTES_ES_URL)")
	}
	backoff := elastic.NewExponentialBackoff(cfg.RetryInitial, cfg.RetryMax)
	opts := []elastic.ClientOptionFunc{
		elastic.SetURL(urls...),
		elastic.SetHttpClient(httpClient),
		elastic.SetSniff(cfg.Sniff),
		elastic.SetHealthcheck(true),
		elastic.SetHealthcheckTimeoutStartup(cfg.HealthcheckTimeout),
		elastic.SetRetrier(elastic.NewBackoffRetrier(backoff)),
		elastic.SetRetryStatusCodes(esRetryStatusCodes...),
		elastic.SetErrorLog(esLogger{logrus.DebugLevel}),
	}
	if cfg.Username != "" || cfg.Password != "" {
		opts = append(opts, elastic.SetBasicAuth(cfg.Username, cfg.Password))
	}
	shown := RedactURL(cfg.URL)
	if strings.HasPrefix(strings.ToLower(urls[0]), "https://") {
		opts = append(opts, elastic.SetScheme("https")) // for the sniffed nodes' addresses
	}
	client, err := elastic.DialContext(ctx, opts...)
	if err != nil {
		if elastic.IsUnauthorized(err) {
			return nil, nil, fmt.Errorf("elasticsearch at %s: authentication failed (check MINUTES_ES_USERNAME/PASSWORD or MINUTES_ES_API_KEY): %w", shown, err)
		}
		return nil, nil, fmt.Errorf("elasticsearch at %s: %w", shown, err)
	}
	return client, compat, nil
}

// RedactURL hides the passwords of one URL or several separated by commas,
// for logs and error messages.
func RedactURL(u string) string {
	parts := strings.Split(u, ",")
	for i, s := range parts {
		p, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			parts[i] = "(unparsable URL)"
			continue
		}
		parts[i] = p.Redacted()
	}
	return strings.Join(parts, ",")
}

// esHTTPClient builds the HTTP client: TLS with an optional extra CA or no
// verification, API-key authentication, and the compatibility headers of
// Elasticsearch 8 (off until turned on).
func esHTTPClient(cfg Config) (*http.Client, *esCompatTransport, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, nil, fmt.Errorf("elasticsearch: CA certificate: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("elasticsearch: CA certificate %s: no PEM certificate found", cfg.CACertFile)
		}
		tlsCfg.RootCAs = pool
	}
	if cfg.Insecure {
		logrus.Warn("elasticsearch: TLS certificate verification is OFF (MINUTES_ES_INSECURE); use MINUTES_ES_CA_CERT instead")
		tlsCfg.InsecureSkipVerify = true
	}
	tr.TLSClientConfig = tlsCfg
	var rt http.RoundTripper = tr
	if cfg.APIKey != "" {
		key := cfg.APIKey
		if strings.Contains(key, ":") { // "id:api_key" rather than the encoded form
			key = base64.StdEncoding.EncodeToString([]byte(key))
		}
		rt = &esAuthTransport{base: tr, authorization: "ApiKey " + key}
	}
	compat := &esCompatTransport{base: rt}
	return &http.Client{Transport: compat}, compat, nil
}

// esAuthTransport adds an Authorization header to every request, the
// client's health checks and sniffing included.
type esAuthTransport struct {
	base          http.RoundTripper
	authorization string
}

func (t *esAuthTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", t.authorization)
	}
	return t.base.RoundTrip(req)
}

// esLogger passes olivere's log lines to logrus.
type esLogger struct{ level logrus.Level }

func (l esLogger) Printf(format string, v ...interface{}) {
	logrus.StandardLogger().Logf(l.level, format, v...)
}

// checkServer asks the first node what it is (esParseRoot) and refuses what
// minutes does not support.
func (e *Backend) checkServer(ctx context.Context) error {
	res, err := e.client.PerformRequest(ctx, elastic.PerformRequestOptions{Method: "GET", Path: "/"})
	if err != nil {
		return fmt.Errorf("elasticsearch at %s: %w", RedactURL(e.cfg.URL), err)
	}
	s, err := esParseRoot(res.Body, res.Header.Get("X-Elastic-Product"))
	if err == nil {
		err = s.supported()
	}
	if err != nil {
		return fmt.Errorf("elasticsearch at %s: %w", RedactURL(e.cfg.URL), err)
	}
	e.server = s
	logrus.WithFields(logrus.Fields{"server": s.String(), "compat": s.compat()}).Debug("elasticsearch: connected")
	return nil
}

// ensureIndex makes sure the alias exists and points to exactly e.index,
// creating the index (with its mapping) and the alias when absent.
func (e *Backend) ensureIndex(ctx context.Context) error {
	for attempt := 0; attempt < 2; attempt++ {
		targets, err := e.aliasTargets(ctx)
		if err != nil {
			return err
		}
		suffix := "-v" + strconv.Itoa(MappingVersion)
		switch {
		case len(targets) == 1 && strings.HasSuffix(targets[0], suffix):
			// e.g. "minutes-v2", or "minutes-rebuild-v2" after a rebuild
			// side by side and an alias swap
			e.index = targets[0]
			return nil
		case len(targets) > 1:
			return fmt.Errorf("elasticsearch: alias %q points to several indices (%s); it must point to one index %q",
				e.alias, strings.Join(targets, ", "), e.index)
		case len(targets) == 1:
			return fmt.Errorf("elasticsearch: alias %q points to %s, but this version of minutes expects mapping version %d (an index named %q); "+
				"use the minutes release that wrote it, or rebuild the index and move the alias (see docs/elasticsearch.md)",
				e.alias, targets[0], MappingVersion, "…"+suffix)
		}
		// No alias. An index of the alias's own name would shadow it.
		exists, err := e.client.IndexExists(e.alias).Do(ctx)
		if err != nil {
			return fmt.Errorf("elasticsearch: checking index %q: %w", e.alias, err)
		}
		if exists {
			return fmt.Errorf("elasticsearch: %q is an index, not an alias; minutes needs it as an alias of %q "+
				"(delete or rename that index, or choose another MINUTES_ES_INDEX)", e.alias, e.index)
		}
		exists, err = e.client.IndexExists(e.index).Do(ctx)
		if err != nil {
			return fmt.Errorf("elasticsearch: checking index %q: %w", e.index, err)
		}
		if exists {
			_, err = e.client.Alias().Action(
				elastic.NewAliasAddAction(e.alias).Index(e.index).IsWriteIndex(true),
			).Do(ctx)
			if err != nil {
				return fmt.Errorf("elasticsearch: adding alias %q to %q: %w", e.alias, e.index, err)
			}
			return nil
		}
		_, err = e.client.CreateIndex(e.index).BodyJson(esIndexBody(e.alias)).Do(ctx)
		if err == nil {
			return nil
		}
		if !esIsAlreadyExists(err) {
			return fmt.Errorf("elasticsearch: creating index %q: %w", e.index, err)
		}
		// Someone else created it in the meantime: look again.
	}
	return fmt.Errorf("elasticsearch: index %q and alias %q keep changing", e.index, e.alias)
}

func esIsAlreadyExists(err error) bool {
	var ee *elastic.Error
	return errors.As(err, &ee) && ee.Details != nil && ee.Details.Type == "resource_already_exists_exception"
}

// aliasTargets returns the indices the alias points to (none when absent).
func (e *Backend) aliasTargets(ctx context.Context) ([]string, error) {
	res, err := e.client.PerformRequest(ctx, elastic.PerformRequestOptions{
		Method:       "GET",
		Path:         "/_alias/" + e.alias,
		IgnoreErrors: []int{http.StatusNotFound},
	})
	if err != nil {
		return nil, fmt.Errorf("elasticsearch: reading alias %q: %w", e.alias, err)
	}
	if res.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	var body map[string]struct {
		Aliases map[string]json.RawMessage `json:"aliases"`
	}
	if err := json.Unmarshal(res.Body, &body); err != nil {
		return nil, fmt.Errorf("elasticsearch: reading alias %q: %w", e.alias, err)
	}
	var targets []string
	for idx, v := range body {
		if _, ok := v.Aliases[e.alias]; ok {
			targets = append(targets, idx)
		}
	}
	sort.Strings(targets)
	return targets, nil
}

// Alias returns the alias every request names; Index the physical index.
func (e *Backend) Alias() string { return e.alias }

// Index returns the physical (versioned) index behind the alias.
func (e *Backend) Index() string { return e.index }

// Server returns the distribution and version the server reported, e.g.
// "Elasticsearch 7.17.18" or "OpenSearch 2.11.1".
func (e *Backend) Server() string { return e.server.String() }

// ---- writes ----

var errESClosed = errors.New("elasticsearch: backend is closed")

// meetingActions returns the bulk actions that store m: its documents, and
// the deletion of the documents an earlier version had beyond them
// (deterministic IDs; the earlier counts are those of the stored meeting
// document, read in real time, and of the versions in also). It also
// reports whether a version of m is stored.
func (e *Backend) meetingActions(ctx context.Context, m *minutes.Meeting, also esCounts) (acts []esAction, stored bool, err error) {
	if m == nil || m.ID == "" {
		return nil, false, errors.New("elasticsearch: meeting without ID")
	}
	docs, err := esMeetingDocs(m)
	if err != nil {
		return nil, false, fmt.Errorf("elasticsearch: encoding meeting %s: %w", m.ID, err)
	}
	for _, d := range docs {
		if len(d.ID) > 512 {
			return nil, false, fmt.Errorf("elasticsearch: document ID longer than 512 bytes: %.60q…", d.ID)
		}
	}
	old, stored, err := e.storedCounts(ctx, m.ID)
	if err != nil {
		return nil, false, err
	}
	old = old.max(also)
	acts = make([]esAction, 0, len(docs))
	for _, d := range docs {
		acts = append(acts, esAction{Op: "index", ID: d.ID, Source: d.Source, Meeting: m.ID})
	}
	for _, id := range esSurplusIDs(m, old) {
		acts = append(acts, esAction{Op: "delete", ID: id, Meeting: m.ID})
	}
	return acts, stored, nil
}

// esFileAction returns the bulk action that stores a file record.
func esFileAction(rec index.FileRecord) (esAction, error) {
	if rec.Path == "" {
		return esAction{}, errors.New("elasticsearch: file record without path")
	}
	src, err := esFileSource(rec)
	if err != nil {
		return esAction{}, fmt.Errorf("elasticsearch: encoding the record of %s: %w", rec.Path, err)
	}
	return esAction{Op: "index", ID: esFileID(rec.Path), Source: src, File: rec.Path}, nil
}

// esDeleteFileAction returns the bulk action that forgets a file record.
func esDeleteFileAction(path string) esAction {
	return esAction{Op: "delete", ID: esFileID(path), File: path}
}

// storedCounts reads the counts of the stored version of a meeting and
// reports whether there is one (zero counts when not).
func (e *Backend) storedCounts(ctx context.Context, id string) (esCounts, bool, error) {
	res, err := e.client.Get().Index(e.alias).Id(id).
		FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "attendee_count", "item_count", "decision_count")).
		Do(ctx)
	if elastic.IsNotFound(err) {
		return esCounts{}, false, nil
	}
	if err != nil {
		return esCounts{}, false, fmt.Errorf("elasticsearch: reading meeting %s: %w", id, err)
	}
	if !res.Found || len(res.Source) == 0 {
		return esCounts{}, false, nil
	}
	var src struct {
		Kind string `json:"kind"`
		esCounts
	}
	if err := json.Unmarshal(res.Source, &src); err != nil {
		return esCounts{}, false, fmt.Errorf("elasticsearch: reading meeting %s: %w", id, err)
	}
	if src.Kind != esKindMeeting {
		return esCounts{}, false, nil
	}
	return src.esCounts, true, nil
}

// PutMeeting queues the writes that store m (meetingActions) for the next
// Flush.
func (e *Backend) PutMeeting(ctx context.Context, m *minutes.Meeting) error {
	if m == nil || m.ID == "" {
		return errors.New("elasticsearch: PutMeeting: meeting without ID")
	}
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	acts, _, err := e.meetingActions(ctx, m, e.pendingCounts[m.ID])
	if err != nil {
		return err
	}
	e.pending = append(e.pending, acts...)
	if e.pendingCounts == nil {
		e.pendingCounts = map[string]esCounts{}
	}
	e.pendingCounts[m.ID] = e.pendingCounts[m.ID].max(esCountsOf(m))
	return nil
}

// DeleteMeeting removes a meeting and its agenda point, decision and
// attendance documents at once (delete_by_query, which also drops the
// meeting's writes queued since the last Flush); file records stay.
func (e *Backend) DeleteMeeting(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("elasticsearch: DeleteMeeting: empty ID")
	}
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	// delete_by_query sees only refreshed documents.
	if _, err := e.client.Refresh(e.alias).Do(ctx); err != nil {
		return fmt.Errorf("elasticsearch: refresh: %w", err)
	}
	res, err := e.client.DeleteByQuery(e.alias).
		// not the file records, which carry the meeting's ID too
		Query(elastic.NewBoolQuery().Filter(
			elastic.NewTermQuery("meeting_id", id),
			elastic.NewTermsQuery("kind", esKindMeeting, esKindItem, esKindDecision, esKindAttendance),
		)).
		Refresh("true").
		Do(ctx)
	if err != nil {
		return fmt.Errorf("elasticsearch: deleting meeting %s: %w", id, err)
	}
	if len(res.Failures) > 0 {
		b, _ := json.Marshal(res.Failures[0])
		return fmt.Errorf("elasticsearch: deleting meeting %s: %d failures, first: %s", id, len(res.Failures), b)
	}
	kept := e.pending[:0]
	for _, a := range e.pending {
		if a.Meeting != id {
			kept = append(kept, a)
		}
	}
	clear(e.pending[len(kept):])
	e.pending = kept
	delete(e.pendingCounts, id)
	return nil
}

// PutFile queues the record of an imported file for the next Flush.
func (e *Backend) PutFile(ctx context.Context, rec index.FileRecord) error {
	a, err := esFileAction(rec)
	if err != nil {
		return err
	}
	return e.queue(a)
}

// DeleteFile queues the deletion of a file record for the next Flush.
func (e *Backend) DeleteFile(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("elasticsearch: DeleteFile: empty path")
	}
	return e.queue(esDeleteFileAction(path))
}

func (e *Backend) queue(a esAction) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	e.pending = append(e.pending, a)
	return nil
}

// Flush sends the writes queued since the last Flush (bulk.go) and
// refreshes the index. Every write not confirmed is reported in an
// *WriteError, naming its document, meeting and file; it is not sent
// again later (write it again to retry).
func (e *Backend) Flush(ctx context.Context) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	return e.flushLocked(ctx)
}

func (e *Backend) flushLocked(ctx context.Context) error {
	acts := e.pending
	e.pending, e.pendingCounts = nil, nil
	var werr error
	if len(acts) > 0 {
		var fails []ItemFailure
		for _, f := range e.bulk(ctx, acts) {
			if f != nil {
				fails = append(fails, *f)
			}
		}
		if len(fails) > 0 {
			werr = &WriteError{Failures: fails}
		}
	}
	var rerr error
	if _, err := e.client.Refresh(e.alias).Do(ctx); err != nil {
		rerr = fmt.Errorf("elasticsearch: refresh: %w", err)
	}
	return errors.Join(werr, rerr)
}

// Close flushes and stops the client.
func (e *Backend) Close() error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := e.flushLocked(ctx)
	e.closed = true
	e.client.Stop()
	return err
}
