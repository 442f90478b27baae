package extract

import (
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

// examples holds the example minutes in every format.
const examples = "../testdata/minutes"

// extractText runs Extract on text as if it were a .txt file named name.
func extractText(t testing.TB, name, text string) *minutes.Meeting {
	t.Helper()
	doc, err := ingest.Read(name, []byte(text))
	if err != nil {
		t.Fatalf("ingest %s: %v", name, err)
	}
	return Extract(doc)
}

// doc joins lines with newlines: test documents read one line per element.
func doc(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
