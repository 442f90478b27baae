package es

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

// The engines minutes runs on, told apart by the root endpoint (GET /):
//
//   - Elasticsearch 7.2 to 7.17, spoken to as is;
//   - Elasticsearch 8.x, spoken to with the REST compatibility headers
//     (esCompatTransport), so that it answers as 7.x does for the olivere v7
//     client;
//   - OpenSearch 2.x ("distribution": "opensearch"), whose API is that of
//     Elasticsearch 7.10.
//
// Refused: Elasticsearch before 7.2 (attendance uses the calendar_interval of
// date histograms, added in 7.2), Elasticsearch 9 and later (REST
// compatibility reaches back one major version only: 9 speaks 8, not 7),
// OpenSearch 1.x (end of life, untested).

// Engine distributions.
const (
	esDistElasticsearch = "elasticsearch"
	esDistOpenSearch    = "opensearch"
)

// esServer is what the root endpoint says about the server.
type esServer struct {
	Distribution string // esDistElasticsearch or esDistOpenSearch
	Version      string // "7.17.18"
	Major, Minor int
	Lucene       string // Lucene version, "" when not given
}

func (s esServer) String() string {
	name := "Elasticsearch"
	if s.Distribution == esDistOpenSearch {
		name = "OpenSearch"
	}
	return name + " " + s.Version
}

// compat reports whether requests need the REST compatibility headers.
func (s esServer) compat() bool {
	return s.Distribution == esDistElasticsearch && s.Major == 8
}

// esParseRoot reads the answer to GET /; product is its X-Elastic-Product
// header.
func esParseRoot(body []byte, product string) (esServer, error) {
	var info struct {
		Version struct {
			Number       string `json:"number"`
			Distribution string `json:"distribution"`
			Lucene       string `json:"lucene_version"`
		} `json:"version"`
	}
	if err := json.Unmarshal(body, &info); err != nil || info.Version.Number == "" {
		return esServer{}, errors.New("not an Elasticsearch or OpenSearch server (no version in GET /)")
	}
	if product != "" && product != "Elasticsearch" {
		return esServer{}, fmt.Errorf("the server says it is %q, not Elasticsearch", product)
	}
	s := esServer{Version: info.Version.Number, Lucene: info.Version.Lucene}
	switch d := strings.ToLower(info.Version.Distribution); d {
	case "", "default", "oss", esDistElasticsearch:
		// Elasticsearch gives no distribution (its build_flavor says
		// "default" or "oss")
		s.Distribution = esDistElasticsearch
	case esDistOpenSearch:
		s.Distribution = esDistOpenSearch
	default:
		return esServer{}, fmt.Errorf("unknown distribution %q (version %s)", info.Version.Distribution, s.Version)
	}
	parts := strings.SplitN(s.Version, ".", 3)
	var err error
	if s.Major, err = strconv.Atoi(parts[0]); err == nil && len(parts) > 1 {
		s.Minor, err = strconv.Atoi(parts[1])
	}
	if err != nil || len(parts) < 2 {
		return esServer{}, fmt.Errorf("%s: cannot read the version", s)
	}
	return s, nil
}

// supported returns nil when minutes works with s, else why not.
func (s esServer) supported() error {
	switch s.Distribution {
	case esDistOpenSearch:
		if s.Major != 2 {
			return fmt.Errorf("%s is not supported: minutes supports OpenSearch 2.x, Elasticsearch 7.2-7.17 and 8.x", s)
		}
	default:
		switch {
		case s.Major < 7 || s.Major == 7 && s.Minor < 2:
			return fmt.Errorf("%s is not supported: minutes needs Elasticsearch 7.2 or later "+
				"(attendance uses the calendar_interval of date histograms, added in 7.2); upgrade to 7.17 or 8.x", s)
		case s.Major > 8:
			return fmt.Errorf("%s is not supported: minutes speaks the Elasticsearch 7 API, "+
				"which Elasticsearch answers up to 8.x (REST compatibility); use 8.x or 7.17", s)
		}
	}
	return nil
}

// The media types of the REST compatibility mode: the 7.x API on
// Elasticsearch 8.
const (
	esCompatJSON   = "application/vnd.elasticsearch+json;compatible-with=7"
	esCompatNDJSON = "application/vnd.elasticsearch+x-ndjson;compatible-with=7"
)

// esCompatTransport sends Accept and Content-Type in Elasticsearch's REST
// compatibility form once on is set (after the root endpoint said
// Elasticsearch 8): olivere v7 sends application/json and
// application/x-ndjson, which Elasticsearch 8 answers in its own, 8.x form.
type esCompatTransport struct {
	base http.RoundTripper
	on   atomic.Bool
}

func (t *esCompatTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.on.Load() {
		return t.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Accept", esCompatJSON)
	switch ct := req.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/x-ndjson"):
		req.Header.Set("Content-Type", esCompatNDJSON)
	case strings.HasPrefix(ct, "application/json"):
		req.Header.Set("Content-Type", esCompatJSON)
	}
	return t.base.RoundTrip(req)
}
