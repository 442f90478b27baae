package es

import (
	"context"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/internal/esfake"
)

// Root endpoint answers (GET /) of the engines, as they send them.
const (
	rootES71 = `{
  "name" : "es01",
  "cluster_name" : "docker-cluster",
  "cluster_uuid" : "Yx2aZs1qRquWq0GZl1Zs1Q",
  "version" : {
    "number" : "7.1.1",
    "build_flavor" : "default",
    "build_type" : "docker",
    "build_hash" : "7a013de",
    "build_date" : "2019-05-23T14:04:00.380842Z",
    "build_snapshot" : false,
    "lucene_version" : "8.0.0",
    "minimum_wire_compatibility_version" : "6.8.0",
    "minimum_index_compatibility_version" : "6.0.0-beta1"
  },
  "tagline" : "You Know, for Search"
}`
	rootES717 = `{
  "name" : "es01",
  "cluster_name" : "docker-cluster",
  "cluster_uuid" : "tkq3cyq8TEmTXcLoJ3sQxw",
  "version" : {
    "number" : "7.17.25",
    "build_flavor" : "default",
    "build_type" : "docker",
    "build_hash" : "f9b6b57d1d0f76e2d14291c04fb50abeb642cfbf",
    "build_date" : "2024-10-16T22:06:36.904732810Z",
    "build_snapshot" : false,
    "lucene_version" : "8.11.3",
    "minimum_wire_compatibility_version" : "6.8.0",
    "minimum_index_compatibility_version" : "6.0.0-beta1"
  },
  "tagline" : "You Know, for Search"
}`
	rootES8 = `{
  "name" : "es01",
  "cluster_name" : "docker-cluster",
  "cluster_uuid" : "b3eXoUWUQPa9tZt0Q0Cz9g",
  "version" : {
    "number" : "8.15.3",
    "build_flavor" : "default",
    "build_type" : "docker",
    "build_hash" : "f97532e680b555c3a05e73a74c28afb666923018",
    "build_date" : "2024-10-09T22:08:00.328917561Z",
    "build_snapshot" : false,
    "lucene_version" : "9.11.1",
    "minimum_wire_compatibility_version" : "7.17.0",
    "minimum_index_compatibility_version" : "7.0.0"
  },
  "tagline" : "You Know, for Search"
}`
	rootES9 = `{
  "name" : "es01",
  "cluster_name" : "docker-cluster",
  "cluster_uuid" : "0xWm3cG7T4yZ3m8aH8i1YQ",
  "version" : {
    "number" : "9.0.0",
    "build_flavor" : "default",
    "build_type" : "docker",
    "build_hash" : "112859b85d50de2a7e63f73c8fc70b99eea24291",
    "build_date" : "2025-04-08T15:13:46.049795831Z",
    "build_snapshot" : false,
    "lucene_version" : "10.1.0",
    "minimum_wire_compatibility_version" : "8.18.0",
    "minimum_index_compatibility_version" : "8.0.0"
  },
  "tagline" : "You Know, for Search"
}`
	rootOpenSearch2 = `{
  "name" : "opensearch-node1",
  "cluster_name" : "opensearch-cluster",
  "cluster_uuid" : "5eXWtZHVQSq2nHkKX8WkRw",
  "version" : {
    "distribution" : "opensearch",
    "number" : "2.17.1",
    "build_type" : "tar",
    "build_hash" : "1893d20797e30110e5877170e44d42275ce5951e",
    "build_date" : "2024-09-26T21:59:52.691008096Z",
    "build_snapshot" : false,
    "lucene_version" : "9.11.1",
    "minimum_wire_compatibility_version" : "7.10.0",
    "minimum_index_compatibility_version" : "7.0.0"
  },
  "tagline" : "The OpenSearch Project: https://opensearch.org/"
}`
	rootOpenSearch1 = `{
  "name" : "opensearch-node1",
  "cluster_name" : "opensearch-cluster",
  "cluster_uuid" : "cJ0Zq9h3RGWd8p0p2aNq8A",
  "version" : {
    "distribution" : "opensearch",
    "number" : "1.3.19",
    "build_type" : "tar",
    "build_hash" : "3dd0a5a7b29a6b1a6f4b2c3c1c1a3b3d8c2e6f0a",
    "build_date" : "2024-08-01T20:33:15.049049Z",
    "build_snapshot" : false,
    "lucene_version" : "8.10.1",
    "minimum_wire_compatibility_version" : "6.8.0",
    "minimum_index_compatibility_version" : "6.0.0-beta1"
  },
  "tagline" : "The OpenSearch Project: https://opensearch.org/"
}`
)

// TestESServers opens the backend on each engine's root answer: supported
// engines open (and, for Elasticsearch 8, every request after GET / carries
// the compatibility headers); the others are refused with the reason.
func TestESServers(t *testing.T) {
	for _, tc := range []struct {
		name, root, product string
		server              string // Backend.Server(); "" when refused
		compat              bool
		err                 string
	}{
		{name: "es7.1", root: rootES71, err: "Elasticsearch 7.1.1 is not supported: minutes needs Elasticsearch 7.2 or later (attendance uses the calendar_interval"},
		{name: "es7.17", root: rootES717, product: "Elasticsearch", server: "Elasticsearch 7.17.25"},
		{name: "es8", root: rootES8, product: "Elasticsearch", server: "Elasticsearch 8.15.3", compat: true},
		{name: "es9", root: rootES9, product: "Elasticsearch", err: "Elasticsearch 9.0.0 is not supported: minutes speaks the Elasticsearch 7 API"},
		{name: "opensearch2", root: rootOpenSearch2, server: "OpenSearch 2.17.1"},
		{name: "opensearch1", root: rootOpenSearch1, err: "OpenSearch 1.3.19 is not supported: minutes supports OpenSearch 2.x"},
		{name: "es8-foreign-product", root: rootES8, product: "Elasticsaurus", err: `the server says it is "Elasticsaurus"`},
		{name: "no-version", root: `{"name":"x","tagline":"hello"}`, err: "not an Elasticsearch or OpenSearch server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := esfake.New(t)
			f.Root, f.Product = tc.root, tc.product
			ts := f.Start()
			e, err := Open(context.Background(), Config{URL: ts.URL})
			if tc.err != "" {
				if err == nil {
					e.Close()
					t.Fatalf("opened")
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if n := len(f.Find("PUT", "/minutes-v2")); n != 0 {
					t.Errorf("index created on a refused server")
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			ctx := context.Background()
			if err := e.PutMeeting(ctx, esSampleMeeting()); err != nil {
				t.Fatal(err)
			}
			if err := e.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := e.Meetings(ctx, index.Filter{}); err != nil {
				t.Fatal(err)
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			if got := e.Server(); got != tc.server {
				t.Errorf("Server() = %q, want %q", got, tc.server)
			}
			reqs := f.Requests()
			rootSeen := false
			for _, r := range reqs {
				accept, ct := r.Header.Get("Accept"), r.Header.Get("Content-Type")
				if !rootSeen {
					if strings.Contains(accept, "compatible-with") {
						t.Errorf("%s %s before GET /: Accept %q", r.Method, r.Path, accept)
					}
					rootSeen = r.Method == "GET" && r.Path == "/"
					continue
				}
				wantAccept, wantCT := "application/json", "application/json"
				if r.Path == "/_bulk" {
					wantCT = "application/x-ndjson"
				}
				if tc.compat {
					wantAccept, wantCT = esCompatJSON, esCompatJSON
					if r.Path == "/_bulk" {
						wantCT = esCompatNDJSON
					}
				}
				if accept != wantAccept {
					t.Errorf("%s %s: Accept %q, want %q", r.Method, r.Path, accept, wantAccept)
				}
				if len(r.Body) > 0 && ct != wantCT {
					t.Errorf("%s %s: Content-Type %q, want %q", r.Method, r.Path, ct, wantCT)
				}
			}
			if !rootSeen {
				t.Errorf("GET / never sent")
			}
			if ids := f.DocIDs(); len(ids) != len(sampleIDs) {
				t.Errorf("index holds %q", ids)
			}
		})
	}
}

func TestESParseRoot(t *testing.T) {
	for _, tc := range []struct {
		body, product string
		want          esServer
		err           string
	}{
		{body: rootES717, want: esServer{Distribution: "elasticsearch", Version: "7.17.25", Major: 7, Minor: 17, Lucene: "8.11.3"}},
		{body: rootOpenSearch2, want: esServer{Distribution: "opensearch", Version: "2.17.1", Major: 2, Minor: 17, Lucene: "9.11.1"}},
		{body: `{"version":{"number":"8.0.0-SNAPSHOT"}}`, want: esServer{Distribution: "elasticsearch", Version: "8.0.0-SNAPSHOT", Major: 8, Minor: 0}},
		{body: `{"version":{"number":"seven"}}`, err: "cannot read the version"},
		{body: `{"version":{"number":"7"}}`, err: "cannot read the version"},
		{body: `{"version":{"number":"2.1.0","distribution":"solr"}}`, err: `unknown distribution "solr"`},
		{body: `<html>`, err: "not an Elasticsearch or OpenSearch server"},
	} {
		got, err := esParseRoot([]byte(tc.body), tc.product)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%.40q: err = %v, want %q", tc.body, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%.40q: %+v, %v; want %+v", tc.body, got, err, tc.want)
		}
	}
}
