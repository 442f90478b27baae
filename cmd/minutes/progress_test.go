package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)} }
func captureLogs(t *testing.T, level logrus.Level) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	out, lvl, fmtr := logrus.StandardLogger().Out, logrus.GetLevel(), logrus.StandardLogger().Formatter
	logrus.SetOutput(&b)
	logrus.SetLevel(level)
	logrus.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true, DisableColors: true})
	t.Cleanup(func() {
		logrus.SetOutput(out)
		logrus.SetLevel(lvl)
		logrus.SetFormatter(fmtr)
	})
	return &b
}

func TestProgressPlainLines(t *testing.T) {
	logs := captureLogs(t, logrus.InfoLevel)
	clock := newFakeClock()
	p := newProgress(logs, false, 0, clock.now)
	p.SetTotal(3)
	p.Done("/m/a.txt", "imported", "abc123", nil)
	p.Done("/m/b.pdf", "merged", "abc123", nil)
	p.Done("/m/c.docx", "failed", "", errors.New("corrupt"))
	p.Finish()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	want := []string{
		`level=info msg=imported file=/m/a.txt meeting=abc123 outcome=imported`,
		`level=info msg=merged file=/m/b.pdf meeting=abc123 outcome=merged`,
		`level=error msg="import failed" err=corrupt file=/m/c.docx`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", logs, strings.Join(want, "\n"))
	}
	if strings.Contains(logs.String(), "\r") || strings.Contains(logs.String(), "files/s") {
		t.Errorf("a bar was drawn in plain mode:\n%q", logs)
	}
}

func TestProgressBar(t *testing.T) {
	logs := captureLogs(t, logrus.InfoLevel)
	clock := newFakeClock()
	p := newProgress(logs, true, 120, clock.now)
	p.SetTotal(10)
	for i := range 4 {
		clock.add(500 * time.Millisecond)
		p.Done("/m/file"+string(rune('a'+i))+".txt", "imported", "id", nil)
	}
	// 4 of 10 files in 2 s: 2 files/s, 6 files left: 3 s.
	last := logs.String()[strings.LastIndex(logs.String(), "\r"):]
	for _, want := range []string{"[========>           ] 4/10 files", "2.0 files/s", "ETA 0:03", "filed.txt"} {
		if !strings.Contains(last, want) {
			t.Errorf("bar %q lacks %q", last, want)
		}
	}
	if strings.Contains(logs.String(), "level=info") {
		t.Errorf("per-file info lines with a bar:\n%s", logs)
	}

	// A failure is logged above the bar: the bar is cleared, the line
	// written, the bar drawn again.
	logs.Reset()
	clock.add(time.Second)
	p.Done("/m/bad.pdf", "failed", "", errors.New("no text layer"))
	got := logs.String()
	i, j := strings.Index(got, "\r\x1b[K"), strings.Index(got, "level=error")
	if i < 0 || j < i || !strings.Contains(got[j:], "\r\x1b[K[") || !strings.Contains(got, "(1 failed)") {
		t.Errorf("failure output %q: want clear, log line, bar with the failure count", got)
	}

	// Updates within 100 ms are throttled, the last file is always drawn.
	logs.Reset()
	clock.add(10 * time.Millisecond)
	p.Done("/m/x.txt", "imported", "id", nil)
	if logs.Len() != 0 {
		t.Errorf("redrawn within 100 ms: %q", logs)
	}
	for range 4 {
		clock.add(time.Millisecond)
		p.Done("/m/y.txt", "imported", "id", nil)
	}
	if !strings.Contains(logs.String(), "10/10 files") {
		t.Errorf("the last file did not redraw: %q", logs)
	}
	p.Finish()
	if !strings.HasSuffix(logs.String(), "\r\x1b[K") {
		t.Errorf("Finish did not clear the bar: %q", logs)
	}
}

func TestProgressBarUnknownTotalAndNarrowTerminal(t *testing.T) {
	var b bytes.Buffer
	clock := newFakeClock()
	p := newProgress(&b, true, 30, clock.now)
	clock.add(time.Second)
	p.Done("/m/a-very-long-file-name-of-minutes.txt", "imported", "id", nil)
	line := b.String()[strings.LastIndex(b.String(), "\r")+len("\r\x1b[K"):]
	if !strings.HasPrefix(line, "1 files  1.0 files/s") || strings.Contains(line, "ETA") {
		t.Errorf("bar without total %q", line)
	}
	if n := len([]rune(line)); n > 29 {
		t.Errorf("bar %q has %d runes, wider than the terminal", line, n)
	}
	// More files than counted: the total follows.
	p.SetTotal(0)
	clock.add(time.Second)
	p.Done("/m/b.txt", "imported", "id", nil)
	if !strings.Contains(b.String(), "] 2/2 fi") {
		t.Errorf("total not raised: %q", b.String())
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 59 * time.Second: "0:59", 61 * time.Second: "1:01", 3725 * time.Second: "1:02:05",
	} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
}
