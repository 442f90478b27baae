package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

// TestCLIProcess is not a test: the tests below run the test binary with
// -test.run=^TestCLIProcess$ -- ARGS as the minutes command in a process of
// its own.
func TestCLIProcess(t *testing.T) {
	if os.Getenv("MINUTES_CLI_PROCESS") != "1" {
		t.Skip("runs as the minutes command for other tests")
	}
	os.Exit(run(flag.Args(), os.Stdout, os.Stderr))
}

// cliProcess returns the command that runs minutes args in a new process.
func cliProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestCLIProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "MINUTES_CLI_PROCESS=1")
	return cmd
}

// TestQueriesAtOnce runs 12 query processes at once beside a writer holding
// the index, as an import does: every one answers.
func TestQueriesAtOnce(t *testing.T) {
	dir := fixtureIndex(t)
	w, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			var out, errOut bytes.Buffer
			cmd := cliProcess("decisions", "--index", dir, "--json", "socionomprogrammet")
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				t.Errorf("query %d: %v\n%s", i, err, errOut.String())
				return
			}
			var hits []index.DecisionHit
			if err := json.Unmarshal(out.Bytes(), &hits); err != nil || len(hits) == 0 {
				t.Errorf("query %d: %d hits, %v\n%s", i, len(hits), err, out.String())
			}
		})
	}
	wg.Wait()
}

// TestQueryDuringImport asks for the meetings while an import is halfway:
// the query answers from the index as it was before the import, and the
// next one after the import sees everything.
func TestQueryDuringImport(t *testing.T) {
	src, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFile(t, filepath.Join(src, "first.txt"), minutesText(1))
	if s, errOut, code := importJSON(t, idx, src); code != 0 || s.Imported != 1 {
		t.Fatalf("first import: exit %d, %+v\n%s", code, s, errOut)
	}
	for i := range 6 {
		writeFile(t, filepath.Join(src, fmt.Sprintf("more-%d.txt", i)), minutesText(10+i))
	}
	b, err := bleve.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	written, during := 0, -1
	s, err := importer.Run(context.Background(), importer.Options{Store: index.NewStore(b), Workers: 2, OnWrite: func() {
		if written++; written == 4 {
			out, errOut, code := runCLI(t, "meetings", "--index", idx, "--json")
			if code != 0 {
				t.Errorf("query during the import: exit %d\n%s", code, errOut)
				return
			}
			var list []index.MeetingSummary
			if err := json.Unmarshal([]byte(out), &list); err != nil {
				t.Error(err)
			}
			during = len(list)
		}
	}}, importer.ResolveInputs([]string{src}))
	if err != nil || s.Imported != 6 {
		t.Fatalf("import: %+v, %v", s, err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if during != 1 {
		t.Errorf("the query during the import found %d meetings, want the 1 imported before", during)
	}
	if n := len(countMeetings(t, idx)); n != 7 {
		t.Errorf("%d meetings after the import, want 7", n)
	}
}

func TestImportWhileAnotherImports(t *testing.T) {
	src, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFile(t, filepath.Join(src, "a.txt"), minutesText(1))
	b, err := bleve.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_, errOut, code := runCLI(t, "import", "--index", idx, src)
	if want := "minutes: another import is writing to " + idx + "\n"; code != 1 || !strings.HasSuffix(errOut, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
}
