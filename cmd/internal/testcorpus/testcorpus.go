// Package testcorpus writes invented minutes for the tests and benchmarks of
// the import pipeline and the commands.
package testcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// MinutesText returns the text of small minutes numbered n: a date, four
// attendees from municipalities, three agenda points and a decision, all
// differing with n so that every n is another meeting.
func MinutesText(n int) string {
	date := fmt.Sprintf("20%02d-%02d-%02d", 10+n/300%80, 1+n/28%12, 1+n%28)
	return fmt.Sprintf(`Minnesanteckningar Socialchefsnätverket %s

NÄRVARANDE:

Anna Ek%d, Göteborg
Bo Strand, Öckerö
Cia Berg, Partille
Dan Holm, Lerum

1. Välkommen

Ordföranden hälsar välkomna till möte %d.

2. Socionomprogrammet %d

Samverkan med universitetet om praktikplatser inom socionomprogrammet.

Beslut: Nätverket ställer sig bakom överenskommelsen om socionomprogrammet.

3. Övrigt

Inget.
`, date, n, n, n)
}

// WriteFile writes content to path, creating its folders, and returns path.
func WriteFile(t testing.TB, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
