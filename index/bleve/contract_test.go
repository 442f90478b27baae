package bleve

import (
	"testing"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/indextest"
)

// TestContract runs the contract suite (index/indextest) on Bleve, each case
// on a fresh index in a temporary folder.
func TestContract(t *testing.T) {
	indextest.Contract(t, func(t *testing.T) index.Backend { return openTest(t) })
}
