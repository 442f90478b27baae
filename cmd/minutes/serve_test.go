package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// server is a `minutes serve` running in the test.
type server struct {
	url    string // http://127.0.0.1:PORT
	stop   func()
	mu     sync.Mutex
	stderr bytes.Buffer
}

// lockedWriter is a writer safe for the server's goroutines.
type lockedWriter struct{ s *server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.stderr.Write(p)
}

// startServe runs `minutes serve --addr 127.0.0.1:0 args...` until the test
// ends and returns it once it listens.
func startServe(t testing.TB, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{}
	global = globalFlags{}
	root := newRootCmd()
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	root.SetOut(pw)
	root.SetErr(lockedWriter{s})
	done := make(chan error, 1)
	go func() {
		err := root.ExecuteContext(ctx)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve did not start: %v (%v)\nstderr: %s", err, <-done, s.stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("serve printed %q", line)
	}
	s.url = strings.TrimSuffix(strings.Fields(line[i:])[0], "/")
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(s.stop)
	return s
}

// get fetches path from the server and returns the status and body.
func (s *server) get(t testing.TB, path string) (int, string) {
	t.Helper()
	res, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func TestServeNoIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nothing")
	s := startServe(t, "--index", dir)
	code, body := s.get(t, "/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Inget index ännu") {
		t.Errorf("status %d\n%s", code, body)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("serve created the index folder")
	}
}

func TestServeLoopbackByDefault(t *testing.T) {
	cmd := newServeCmd()
	if got := cmd.Flags().Lookup("addr").DefValue; got != "127.0.0.1:8080" {
		t.Errorf("default --addr %s", got)
	}
	if !isLoopback(&net.TCPAddr{IP: net.ParseIP("127.0.0.1")}) || !isLoopback(&net.TCPAddr{IP: net.ParseIP("::1")}) ||
		isLoopback(&net.TCPAddr{IP: net.ParseIP("0.0.0.0")}) || isLoopback(&net.TCPAddr{IP: net.ParseIP("192.168.1.2")}) {
		t.Error("isLoopback")
	}
}

// TestServeBesideImport imports the example minutes, serves them, and runs
// another import while the server runs: neither locks the other out, and
// the new meeting shows without a restart.
func TestServeBesideImport(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "index")
	mustRun(t, "import", "--index", idx, filepath.Join("..", "..", "testdata", "minutes"))
	s := startServe(t, "--index", idx)

	code, body := s.get(t, "/decisions?q=socionomprogrammet")
	if code != http.StatusOK || !strings.Contains(body, "<mark>socionomprogrammet</mark>") {
		t.Fatalf("decisions: status %d\n%s", code, body)
	}
	_, body = s.get(t, "/")
	if !strings.Contains(body, "26 filer kontrollerade") {
		t.Errorf("start page lacks the last import's report:\n%s", body)
	}

	extra := writeFile(t, filepath.Join(t.TempDir(), "2024-05-06 möte.txt"), minutesText(7))
	// Keep the server busy with requests while the import runs.
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var bad []int
	var mu sync.Mutex
	wg.Go(func() {
		for ctx.Err() == nil {
			res, err := http.Get(s.url + "/meetings")
			if err != nil {
				continue
			}
			res.Body.Close()
			// Readers of the live generation answer all through the import.
			if res.StatusCode != http.StatusOK {
				mu.Lock()
				bad = append(bad, res.StatusCode)
				mu.Unlock()
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	_, errOut, code := runCLI(t, "import", "--index", idx, extra)
	cancel()
	wg.Wait()
	if code != 0 {
		t.Fatalf("import beside serve: exit %d\n%s", code, errOut)
	}
	if len(bad) > 0 {
		t.Errorf("statuses during the import: %v", bad)
	}
	_, body = s.get(t, "/meetings")
	if !strings.Contains(body, "Möten 1–3") {
		t.Errorf("the new meeting does not show:\n%s", body)
	}
}

// waitFor fetches path until its body contains want.
func (s *server) waitFor(t testing.TB, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body := s.get(t, path)
		if strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never showed %q; last:\n%s", path, want, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeWatch starts with an empty watched folder and no index, drops
// minutes into the folder and sees them on the pages.
func TestServeWatch(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "index")
	drop := t.TempDir()
	s := startServe(t, "--index", idx, "--watch", drop, "--watch-every", "50ms")
	writeFile(t, filepath.Join(drop, "2024-05-06 möte.txt"), minutesText(3))
	s.waitFor(t, "/meetings", "Möten 1–1")
	body := s.waitFor(t, "/", "1 filer kontrollerade")
	if !strings.Contains(body, "Senaste mötena") {
		t.Errorf("start page:\n%s", body)
	}
	writeFile(t, filepath.Join(drop, "sub", "2024-06-07 möte.txt"), minutesText(4))
	s.waitFor(t, "/meetings", "Möten 1–2")
}

func TestServeWatchNotAFolder(t *testing.T) {
	file := writeFile(t, filepath.Join(t.TempDir(), "a.txt"), "x")
	_, errOut, code := runCLI(t, "serve", "--index", t.TempDir(), "--watch", file)
	if code != 1 || !strings.Contains(errOut, "not a folder") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// TestServeLoopbackHosts: on loopback, requests naming another host (a DNS
// name rebound to 127.0.0.1 by a page elsewhere) are refused.
func TestServeLoopbackHosts(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "protokoll") })
	h := loopbackHosts(ok, []string{"Protokoll.Example.se"})
	for host, want := range map[string]int{
		"127.0.0.1:8080": 200, "localhost:8080": 200, "LOCALHOST": 200, "[::1]:8080": 200,
		"protokoll.example.se": 200, "protokoll.example.se:443": 200,
		"evil.example.com:8080": http.StatusMisdirectedRequest, "127.0.0.2": http.StatusMisdirectedRequest, "": http.StatusMisdirectedRequest,
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q: status %d, want %d", host, rec.Code, want)
		}
		if want != 200 && rec.Body.String() == "protokoll" {
			t.Errorf("Host %q: answered", host)
		}
	}
}
