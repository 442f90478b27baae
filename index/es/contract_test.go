package es

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/indextest"
)

// TestContract runs the contract suite (index/indextest) against a real
// Elasticsearch when MINUTES_ES_URL is set, e.g. the one of
// docker-compose.yml:
//
//	docker compose up -d
//	MINUTES_ES_URL=http://localhost:9200 go test ./index/es -run Contract
//
// Each test gets its own index ("minutes-test-<random>-v2" behind the alias
// "minutes-test-<random>"), deleted when the test ends.
func TestContract(t *testing.T) {
	if os.Getenv("MINUTES_ES_URL") == "" {
		t.Skip("MINUTES_ES_URL not set: no Elasticsearch server to run the contract suite on")
	}
	indextest.Contract(t, openContractES)
}

// openContractES opens a fresh, empty index on the server of MINUTES_ES_URL
// (with the credentials and TLS settings of the other MINUTES_ES_ variables).
func openContractES(t *testing.T) index.Backend {
	t.Helper()
	cfg := ConfigFromEnv("")
	var rnd [6]byte
	rand.Read(rnd[:])
	cfg.IndexPrefix = "minutes-test-" + hex.EncodeToString(rnd[:])
	cfg.defaults()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("Open(%s): %v", cfg.URL, err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		// Close stopped e's client; delete the index with a new one.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, _, err := esNewClient(ctx, cfg)
		if err != nil {
			t.Errorf("deleting %s: %v", e.Index(), err)
			return
		}
		defer c.Stop()
		if _, err := c.DeleteIndex(e.Index()).Do(ctx); err != nil {
			t.Errorf("deleting %s: %v", e.Index(), err)
		}
	})
	return e
}
