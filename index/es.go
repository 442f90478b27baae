package index

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

	"github.com/goteborgsregionen/minutes"
	"github.com/olivere/elastic/v7"
	"github.com/sirupsen/logrus"
)

// The Elasticsearch backend keeps every document kind (meeting, item,
// decision, attendance, file) in ONE physical index with a "kind" field. The
// physical index is versioned ("minutes-v1") and always reached through an
// alias ("minutes"), so that a mapping change can be rolled out by creating
// "minutes-v2", reindexing into it and moving the alias. See
// docs/elasticsearch.md.

// ESMappingVersion is the version of the index mapping this build writes and
// reads; the physical index is named IndexPrefix + "-v" + ESMappingVersion.
const ESMappingVersion = 1

// Defaults of ESConfig.
const (
	DefaultESIndexPrefix   = "minutes"
	DefaultESBulkActions   = 1000
	DefaultESBulkSize      = 5 << 20 // bytes
	DefaultESFlushInterval = time.Second
	DefaultESRetryInitial  = 100 * time.Millisecond
	DefaultESRetryMax      = 8 * time.Second
)

// ESConfig configures the Elasticsearch backend. Only URL is required.
type ESConfig struct {
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
	// ("minutes-v1"). Default DefaultESIndexPrefix.
	IndexPrefix string
	// Sniff discovers the cluster's other nodes (off by default: behind a
	// load balancer or in a container the published addresses are often
	// unreachable).
	Sniff bool
	// Insecure skips TLS certificate verification (a warning is logged).
	Insecure bool

	// BulkWorkers is the number of concurrent bulk workers, 1 (default) or 2.
	BulkWorkers int
	// BulkActions and BulkSize (bytes) make a worker commit; FlushInterval
	// commits periodically (negative: never; Flush always does). Defaults:
	// DefaultESBulkActions, DefaultESBulkSize, DefaultESFlushInterval.
	BulkActions   int
	BulkSize      int
	FlushInterval time.Duration
	// RetryInitial and RetryMax shape the exponential backoff used for
	// retried requests (HTTP 429/502/503/504, connection errors) and bulk
	// items (408/429/502/503/504/507). Defaults DefaultESRetryInitial,
	// DefaultESRetryMax: about five retries over ten seconds.
	RetryInitial, RetryMax time.Duration
	// HealthcheckTimeout bounds the startup health check (default 5s).
	HealthcheckTimeout time.Duration
}

// ESConfigFromEnv returns the configuration given by the environment:
// MINUTES_ES_URL (used when url is ""), MINUTES_ES_USERNAME,
// MINUTES_ES_PASSWORD, MINUTES_ES_API_KEY, MINUTES_ES_CA_CERT,
// MINUTES_ES_INSECURE=1, MINUTES_ES_INDEX (the index prefix, default
// "minutes") and MINUTES_ES_SNIFF=1.
func ESConfigFromEnv(url string) ESConfig {
	if url == "" {
		url = os.Getenv("MINUTES_ES_URL")
	}
	cfg := ESConfig{
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
		cfg.IndexPrefix = DefaultESIndexPrefix
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

func (cfg *ESConfig) defaults() {
	if cfg.IndexPrefix == "" {
		cfg.IndexPrefix = DefaultESIndexPrefix
	}
	if cfg.BulkWorkers <= 0 {
		cfg.BulkWorkers = 1
	}
	if cfg.BulkWorkers > 2 {
		cfg.BulkWorkers = 2
	}
	if cfg.BulkActions <= 0 {
		cfg.BulkActions = DefaultESBulkActions
	}
	if cfg.BulkSize <= 0 {
		cfg.BulkSize = DefaultESBulkSize
	}
	if cfg.FlushInterval == 0 {
		cfg.FlushInterval = DefaultESFlushInterval
	}
	if cfg.RetryInitial <= 0 {
		cfg.RetryInitial = DefaultESRetryInitial
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = DefaultESRetryMax
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

// ES is the Elasticsearch backend. It is safe for concurrent use; writes are
// serialised and go through one elastic.BulkProcessor.
type ES struct {
	cfg    ESConfig
	client *elastic.Client
	alias  string // what every request names
	index  string // the physical index the alias must point to
	proc   *elastic.BulkProcessor

	itemBackoff elastic.Backoff

	wmu    sync.Mutex          // serialises writes, Flush and Close
	dirty  map[string]struct{} // meetings and files written since the last drain
	closed bool

	mu       sync.Mutex // guards the fields below; taken by the bulk callback
	failures []ESItemFailure
	omitted  int                             // failures beyond esMaxRecordedFailures
	retry    []esRetry                       // items to send again
	attempts map[elastic.BulkableRequest]int // item retries so far
}

var _ Backend = (*ES)(nil)

// esRetry is a bulk item rejected with a retryable status.
type esRetry struct {
	req elastic.BulkableRequest
	f   ESItemFailure
}

const (
	esMaxRecordedFailures = 100
	esMaxItemRetries      = 5
)

// esRetryableItemStatus reports whether a bulk item with this status is sent
// again: timeouts, back pressure and unavailable shards.
func esRetryableItemStatus(status int) bool {
	switch status {
	case 408, 429, 502, 503, 504, 507:
		return true
	}
	return false
}

// esRetryStatusCodes are the HTTP statuses on which the client retries a
// whole request. 500 is left out: Elasticsearch answers it for requests that
// fail the same way every time.
var esRetryStatusCodes = []int{429, 502, 503, 504}

// OpenES connects to Elasticsearch, checks its version, creates the
// versioned index and its alias when absent (or checks that the alias points
// to the index this build expects) and starts the bulk processor.
func OpenES(ctx context.Context, cfg ESConfig) (*ES, error) {
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
	client, err := esNewClient(ctx, cfg)
	if err != nil {
		return nil, err
	}
	e := &ES{
		cfg:         cfg,
		client:      client,
		alias:       cfg.IndexPrefix,
		index:       cfg.IndexPrefix + "-v" + strconv.Itoa(ESMappingVersion),
		itemBackoff: elastic.NewExponentialBackoff(cfg.RetryInitial, cfg.RetryMax),
		dirty:       map[string]struct{}{},
		attempts:    map[elastic.BulkableRequest]int{},
	}
	if err := e.checkVersion(ctx); err != nil {
		client.Stop()
		return nil, err
	}
	if err := e.ensureIndex(ctx); err != nil {
		client.Stop()
		return nil, err
	}
	e.proc, err = client.BulkProcessor().
		Name("minutes").
		Workers(cfg.BulkWorkers).
		BulkActions(cfg.BulkActions).
		BulkSize(cfg.BulkSize).
		FlushInterval(cfg.FlushInterval).
		Backoff(elastic.NewExponentialBackoff(cfg.RetryInitial, cfg.RetryMax)).
		// Items are retried here (ES.after queues, ES.drain resends): olivere's
		// own re-enqueueing hands the After callback only the response of the
		// last attempt and so loses the items that failed for good.
		RetryItemStatusCodes().
		After(e.after).
		Do(context.Background())
	if err != nil {
		client.Stop()
		return nil, fmt.Errorf("elasticsearch: starting the bulk processor: %w", err)
	}
	return e, nil
}

// esNewClient dials the cluster: sniffing as configured (off by default),
// health checks on, exponential backoff on 429/502/503/504 and connection
// errors, basic or API-key authentication, TLS with an optional extra CA.
func esNewClient(ctx context.Context, cfg ESConfig) (*elastic.Client, error) {
	httpClient, err := esHTTPClient(cfg)
	if err != nil {
		return nil, err
	}
	var urls []string
	for _, u := range strings.Split(cfg.URL, ",") {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return nil, errors.New("elasticsearch: no URL (give --es or set MINUTES_ES_URL)")
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
			return nil, fmt.Errorf("elasticsearch at %s: authentication failed (check MINUTES_ES_USERNAME/PASSWORD or MINUTES_ES_API_KEY): %w", shown, err)
		}
		return nil, fmt.Errorf("elasticsearch at %s: %w", shown, err)
	}
	return client, nil
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
// verification, and API-key authentication.
func esHTTPClient(cfg ESConfig) (*http.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("elasticsearch: CA certificate: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("elasticsearch: CA certificate %s: no PEM certificate found", cfg.CACertFile)
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
	return &http.Client{Transport: rt}, nil
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

// checkVersion asks the first node for its version: 7.x is supported, older
// is refused, newer is warned about.
func (e *ES) checkVersion(ctx context.Context) error {
	res, err := e.client.PerformRequest(ctx, elastic.PerformRequestOptions{Method: "GET", Path: "/"})
	if err != nil {
		return fmt.Errorf("elasticsearch at %s: %w", RedactURL(e.cfg.URL), err)
	}
	var info struct {
		Version struct {
			Number       string `json:"number"`
			Distribution string `json:"distribution"`
		} `json:"version"`
	}
	if err := json.Unmarshal(res.Body, &info); err != nil || info.Version.Number == "" {
		return fmt.Errorf("elasticsearch at %s: not an Elasticsearch server (no version in GET /)", RedactURL(e.cfg.URL))
	}
	if p := res.Header.Get("X-Elastic-Product"); p != "" && p != "Elasticsearch" {
		return fmt.Errorf("elasticsearch at %s: server says it is %q", RedactURL(e.cfg.URL), p)
	}
	major, _ := strconv.Atoi(strings.SplitN(info.Version.Number, ".", 2)[0])
	switch {
	case major < 7:
		return fmt.Errorf("elasticsearch at %s: version %s is not supported (need 7.x)", RedactURL(e.cfg.URL), info.Version.Number)
	case major > 7:
		logrus.Warnf("elasticsearch: version %s is untested (minutes is built for 7.x)", info.Version.Number)
	}
	return nil
}

// ensureIndex makes sure the alias exists and points to exactly e.index,
// creating the index (with its mapping) and the alias when absent.
func (e *ES) ensureIndex(ctx context.Context) error {
	for attempt := 0; attempt < 2; attempt++ {
		targets, err := e.aliasTargets(ctx)
		if err != nil {
			return err
		}
		suffix := "-v" + strconv.Itoa(ESMappingVersion)
		switch {
		case len(targets) == 1 && strings.HasSuffix(targets[0], suffix):
			// e.g. "minutes-v1", or "minutes-rebuild-v1" after a rebuild
			// side by side and an alias swap
			e.index = targets[0]
			return nil
		case len(targets) > 1:
			return fmt.Errorf("elasticsearch: alias %q points to several indices (%s); it must point to one index %q",
				e.alias, strings.Join(targets, ", "), e.index)
		case len(targets) == 1:
			return fmt.Errorf("elasticsearch: alias %q points to %s, but this version of minutes expects mapping version %d (an index named %q); "+
				"use the minutes release that wrote it, or rebuild the index and move the alias (see docs/elasticsearch.md)",
				e.alias, targets[0], ESMappingVersion, "…"+suffix)
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
func (e *ES) aliasTargets(ctx context.Context) ([]string, error) {
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
func (e *ES) Alias() string { return e.alias }

// Index returns the physical (versioned) index behind the alias.
func (e *ES) Index() string { return e.index }

// ---- bulk writes ----

// ESItemFailure is a document Elasticsearch did not write.
type ESItemFailure struct {
	ID     string // document ID ("<meeting>/item/3", a file path, …)
	Index  string
	Op     string // "index" or "delete"
	Status int    // HTTP status of the item, 0 when the whole request failed
	Type   string // Elasticsearch error type, e.g. "mapper_parsing_exception"
	Reason string
}

func (f ESItemFailure) String() string {
	var b strings.Builder
	b.WriteString(f.ID)
	if f.Status != 0 {
		fmt.Fprintf(&b, " (%s, status %d)", f.Op, f.Status)
	}
	b.WriteString(": ")
	if f.Type != "" {
		b.WriteString(f.Type)
		b.WriteString(": ")
	}
	b.WriteString(f.Reason)
	return b.String()
}

// ESWriteError reports documents that asynchronous bulk writes failed to
// store. It is returned by the next write or Flush after the failure.
type ESWriteError struct {
	Failures []ESItemFailure
	Omitted  int // further failures not recorded
}

func (e *ESWriteError) Error() string {
	n := len(e.Failures) + e.Omitted
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

// esBulkRequestID returns the document ID and operation of a bulk request.
func esBulkRequestID(r elastic.BulkableRequest) (id, op string) {
	switch r.(type) {
	case *elastic.BulkIndexRequest:
		op = "index"
	case *elastic.BulkDeleteRequest:
		op = "delete"
	default:
		op = "?"
	}
	lines, err := r.Source()
	if err != nil || len(lines) == 0 {
		return "", op
	}
	var action map[string]struct {
		ID string `json:"_id"`
	}
	if json.Unmarshal([]byte(lines[0]), &action) == nil {
		for _, a := range action {
			id = a.ID
		}
	}
	return id, op
}

func (e *ES) recordLocked(f ESItemFailure) {
	if len(e.failures) < esMaxRecordedFailures {
		e.failures = append(e.failures, f)
	} else {
		e.omitted++
	}
}

// after is the bulk processor's After callback. It inspects every item of
// the response: retryable rejections are queued for drain, other failures are
// recorded for the next write or Flush to return.
func (e *ES) after(_ int64, reqs []elastic.BulkableRequest, res *elastic.BulkResponse, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		// The request failed as a whole, after the client's retries and the
		// processor's backoff. olivere keeps the actions and sends them again
		// with the next bulk; report them now.
		reason := err.Error()
		var ee *elastic.Error
		status := 0
		typ := ""
		if errors.As(err, &ee) {
			status = ee.Status
			if ee.Details != nil {
				typ, reason = ee.Details.Type, ee.Details.Reason
			}
		}
		for _, r := range reqs {
			id, op := esBulkRequestID(r)
			e.recordLocked(ESItemFailure{ID: id, Index: e.alias, Op: op, Status: status, Type: typ,
				Reason: "bulk request failed: " + reason})
		}
		return
	}
	if res == nil {
		return
	}
	if len(res.Items) != len(reqs) {
		e.recordLocked(ESItemFailure{ID: "(bulk)", Index: e.alias, Type: "minutes_bulk_mismatch",
			Reason: fmt.Sprintf("bulk response has %d items for %d actions", len(res.Items), len(reqs))})
		return
	}
	for i, item := range res.Items {
		req := reqs[i]
		for op, r := range item {
			if r == nil {
				continue
			}
			failed := r.Error != nil || r.Status >= 300
			if op == "delete" && r.Status == http.StatusNotFound && r.Error == nil {
				failed = false // deleting what is not there
			}
			if !failed {
				if len(e.attempts) > 0 {
					delete(e.attempts, req)
				}
				continue
			}
			f := ESItemFailure{ID: r.Id, Index: r.Index, Op: op, Status: r.Status}
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
			if f.ID == "" {
				f.ID, _ = esBulkRequestID(req)
			}
			if esRetryableItemStatus(r.Status) && e.attempts[req] < esMaxItemRetries {
				e.attempts[req]++
				e.retry = append(e.retry, esRetry{req: req, f: f})
				continue
			}
			if e.attempts[req] > 0 {
				f.Reason += fmt.Sprintf(" (after %d retries)", e.attempts[req])
				delete(e.attempts, req)
			}
			e.recordLocked(f)
		}
	}
}

// drain commits everything added so far, sending rejected retryable items
// again with exponential backoff until they are written or given up.
// The caller holds wmu.
func (e *ES) drain(ctx context.Context) error {
	for round := 1; ; round++ {
		if err := e.proc.Flush(); err != nil {
			return err
		}
		e.mu.Lock()
		retry := e.retry
		e.retry = nil
		e.mu.Unlock()
		if len(retry) == 0 {
			break
		}
		wait, ok := e.itemBackoff.Next(round)
		if !ok {
			e.mu.Lock()
			for _, r := range retry {
				f := r.f
				f.Reason += fmt.Sprintf(" (after %d retries)", e.attempts[r.req])
				delete(e.attempts, r.req)
				e.recordLocked(f)
			}
			e.mu.Unlock()
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			e.mu.Lock()
			e.retry = append(retry, e.retry...)
			e.mu.Unlock()
			return ctx.Err()
		case <-t.C:
		}
		for _, r := range retry {
			e.proc.Add(r.req)
		}
	}
	clear(e.dirty)
	return nil
}

// takeFailures returns (and forgets) the failures recorded so far.
func (e *ES) takeFailures() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.failures) == 0 && e.omitted == 0 {
		return nil
	}
	err := &ESWriteError{Failures: e.failures, Omitted: e.omitted}
	e.failures, e.omitted = nil, 0
	return err
}

var errESClosed = errors.New("elasticsearch: backend is closed")

// beginWrite locks writes and returns the failures of earlier asynchronous
// writes, if any: a write method that gets them returns them without doing
// its own work, so that an import stops at the first failure.
func (e *ES) beginWrite() error {
	e.wmu.Lock()
	if e.closed {
		e.wmu.Unlock()
		return errESClosed
	}
	if err := e.takeFailures(); err != nil {
		e.wmu.Unlock()
		return err
	}
	return nil
}

// touch orders writes of one key: when key was written since the last
// drain, drain first, so that its earlier actions (and their retries) reach
// Elasticsearch before the new ones whatever worker they land in.
func (e *ES) touch(ctx context.Context, key string) error {
	if _, ok := e.dirty[key]; ok {
		if err := e.drain(ctx); err != nil {
			return err
		}
		if err := e.takeFailures(); err != nil {
			return err
		}
	}
	e.dirty[key] = struct{}{}
	return nil
}

// PutMeeting queues m's documents and the deletion of the documents an
// earlier version of m had beyond them (deterministic IDs: the earlier counts
// come from the stored meeting document, read in real time).
func (e *ES) PutMeeting(ctx context.Context, m *minutes.Meeting) error {
	if m == nil || m.ID == "" {
		return errors.New("elasticsearch: PutMeeting: meeting without ID")
	}
	docs, err := esMeetingDocs(m)
	if err != nil {
		return err
	}
	reqs, err := e.indexRequests(docs)
	if err != nil {
		return err
	}
	if err := e.beginWrite(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if err := e.touch(ctx, "meeting\x00"+m.ID); err != nil {
		return err
	}
	old, err := e.storedCounts(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, r := range reqs {
		e.proc.Add(r)
	}
	for _, id := range esSurplusIDs(m, old) {
		r := elastic.NewBulkDeleteRequest().Index(e.alias).Id(id)
		if _, err := r.Source(); err != nil {
			return err
		}
		e.proc.Add(r)
	}
	return nil
}

// indexRequests turns documents into bulk index requests, serialised here so
// that encoding errors surface to the caller (olivere's worker drops a
// request whose Source fails).
func (e *ES) indexRequests(docs []esDoc) ([]elastic.BulkableRequest, error) {
	reqs := make([]elastic.BulkableRequest, len(docs))
	for i, d := range docs {
		if len(d.ID) > 512 {
			return nil, fmt.Errorf("elasticsearch: document ID longer than 512 bytes: %.60q…", d.ID)
		}
		r := elastic.NewBulkIndexRequest().Index(e.alias).Id(d.ID).Doc(d.Source)
		if _, err := r.Source(); err != nil {
			return nil, fmt.Errorf("elasticsearch: encoding %s: %w", d.ID, err)
		}
		reqs[i] = r
	}
	return reqs, nil
}

// storedCounts reads the counts of the stored version of a meeting; zero
// counts when there is none.
func (e *ES) storedCounts(ctx context.Context, id string) (esCounts, error) {
	res, err := e.client.Get().Index(e.alias).Id(id).
		FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "attendee_count", "item_count", "decision_count")).
		Do(ctx)
	if elastic.IsNotFound(err) {
		return esCounts{}, nil
	}
	if err != nil {
		return esCounts{}, fmt.Errorf("elasticsearch: reading meeting %s: %w", id, err)
	}
	var c esCounts
	if res.Found && len(res.Source) > 0 {
		var src struct {
			Kind string `json:"kind"`
			esCounts
		}
		if err := json.Unmarshal(res.Source, &src); err != nil {
			return esCounts{}, fmt.Errorf("elasticsearch: reading meeting %s: %w", id, err)
		}
		if src.Kind == esKindMeeting {
			c = src.esCounts
		}
	}
	return c, nil
}

// DeleteMeeting removes a meeting and its agenda point, decision and
// attendance documents (delete_by_query); file records stay.
func (e *ES) DeleteMeeting(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("elasticsearch: DeleteMeeting: empty ID")
	}
	if err := e.beginWrite(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	// delete_by_query sees only refreshed documents: commit and refresh first.
	if err := e.drain(ctx); err != nil {
		return err
	}
	if err := e.takeFailures(); err != nil {
		return err
	}
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
	return nil
}

// PutFile queues the record of an imported file.
func (e *ES) PutFile(ctx context.Context, rec FileRecord) error {
	if rec.Path == "" {
		return errors.New("elasticsearch: PutFile: empty path")
	}
	src, err := json.Marshal(esFileDoc{Kind: esKindFile, Path: rec.Path, SHA256: rec.SHA256,
		MeetingID: rec.MeetingID, Imported: esTime(rec.Imported)})
	if err != nil {
		return err
	}
	reqs, err := e.indexRequests([]esDoc{{ID: esFileID(rec.Path), Source: src}})
	if err != nil {
		return err
	}
	if err := e.beginWrite(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if err := e.touch(ctx, "file\x00"+rec.Path); err != nil {
		return err
	}
	e.proc.Add(reqs[0])
	return nil
}

// DeleteFile queues the deletion of a file record.
func (e *ES) DeleteFile(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("elasticsearch: DeleteFile: empty path")
	}
	r := elastic.NewBulkDeleteRequest().Index(e.alias).Id(esFileID(path))
	if _, err := r.Source(); err != nil {
		return err
	}
	if err := e.beginWrite(); err != nil {
		return err
	}
	defer e.wmu.Unlock()
	if err := e.touch(ctx, "file\x00"+path); err != nil {
		return err
	}
	e.proc.Add(r)
	return nil
}

// Flush commits all queued writes (retrying rejected items), refreshes the
// index and returns the failures of asynchronous writes since the last call.
func (e *ES) Flush(ctx context.Context) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return errESClosed
	}
	return e.flushLocked(ctx)
}

func (e *ES) flushLocked(ctx context.Context) error {
	derr := e.drain(ctx)
	var rerr error
	if _, err := e.client.Refresh(e.alias).Do(ctx); err != nil {
		rerr = fmt.Errorf("elasticsearch: refresh: %w", err)
	}
	if err := e.takeFailures(); err != nil {
		return err
	}
	if derr != nil {
		return derr
	}
	return rerr
}

// Close flushes, stops the bulk processor and the client.
func (e *ES) Close() error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if e.closed {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := e.flushLocked(ctx)
	e.closed = true
	if cerr := e.proc.Close(); cerr != nil && err == nil {
		err = cerr
	}
	e.client.Stop()
	if ferr := e.takeFailures(); ferr != nil && err == nil {
		err = ferr
	}
	return err
}
