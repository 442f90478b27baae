package main

// Progress of an import: a one-line bar on a terminal, plain log lines when
// stderr is piped or redirected.

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

// progress reports files as they are done. In bar mode (stderr is a terminal)
// it keeps one line up to date — files done/total, files per second, ETA and
// the last file — and logs per-file lines at debug level only, clearing the bar
// before any log line and redrawing it after. In plain mode it logs one line
// per file at info level, failures at error level. Its methods may be called
// from several goroutines.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	bar     bool
	width   int // terminal width; 0: 80
	now     func() time.Time
	start   time.Time
	total   int // -1 while unknown
	done    int
	failed  int
	current string
	drawn   time.Time
	shown   bool // the bar is on screen
}

// newProgress returns a progress writing its bar to w (which must be where
// logrus writes too) when bar is true.
func newProgress(w io.Writer, bar bool, width int, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	return &progress{w: w, bar: bar, width: width, now: now, start: now(), total: -1}
}

// SetTotal sets the number of files expected.
func (p *progress) SetTotal(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = n
	p.redraw(false)
}

// Done records a processed file: its outcome and meeting ID, or err (for a
// skipped file, why).
func (p *progress) Done(file, outcome, meetingID string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.current = file
	failed := err != nil && outcome != "skipped"
	if failed {
		p.failed++
	}
	if p.total >= 0 && p.done > p.total {
		p.total = p.done // the first walk may have seen fewer files
	}
	fields := logrus.Fields{"file": file}
	logged := failed || !p.bar || logrus.IsLevelEnabled(logrus.DebugLevel)
	if logged {
		p.clear()
	}
	switch {
	case failed:
		logrus.WithFields(fields).WithField("err", importer.Cause(err)).Error("import failed")
	case err != nil:
		fields["outcome"], fields["reason"] = outcome, err.Error()
		if p.bar {
			logrus.WithFields(fields).Debug(outcome)
		} else {
			logrus.WithFields(fields).Info(outcome)
		}
	case p.bar:
		fields["outcome"], fields["meeting"] = outcome, meetingID
		logrus.WithFields(fields).Debug(outcome)
	default:
		fields["outcome"], fields["meeting"] = outcome, meetingID
		logrus.WithFields(fields).Info(outcome)
	}
	p.redraw(logged)
}

// Tick redraws the bar so that the rate and ETA stay current while a slow file
// is being read.
func (p *progress) Tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redraw(true)
}

// Finish removes the bar.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// Clear removes the bar until the next update, so that a message can be
// printed.
func (p *progress) Clear() { p.Finish() }

// clear erases the bar line.
func (p *progress) clear() {
	if p.bar && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// redraw draws the bar, at most ten times a second unless force.
func (p *progress) redraw(force bool) {
	if !p.bar {
		return
	}
	now := p.now()
	if !force && p.shown && now.Sub(p.drawn) < 100*time.Millisecond && p.done != p.total {
		return
	}
	p.drawn = now
	fmt.Fprint(p.w, "\r\x1b[K"+p.line(now))
	p.shown = true
}

// line renders the bar: "[=====>    ]  42/120 files  3.2 files/s  ETA 0:24  name".
func (p *progress) line(now time.Time) string {
	width := p.width
	if width <= 0 {
		width = 80
	}
	elapsed := now.Sub(p.start)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.done) / elapsed.Seconds()
	}
	var b strings.Builder
	if p.total > 0 {
		const barWidth = 20
		fill := p.done * barWidth / p.total
		b.WriteString("[")
		b.WriteString(strings.Repeat("=", fill))
		if fill < barWidth {
			b.WriteString(">")
			b.WriteString(strings.Repeat(" ", barWidth-fill-1))
		}
		b.WriteString("] ")
		fmt.Fprintf(&b, "%d/%d files", p.done, p.total)
	} else {
		fmt.Fprintf(&b, "%d files", p.done)
	}
	if p.failed > 0 {
		fmt.Fprintf(&b, " (%d failed)", p.failed)
	}
	fmt.Fprintf(&b, "  %.1f files/s", rate)
	if p.total > 0 {
		if rate > 0 {
			left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
			b.WriteString("  ETA " + clock(left))
		} else {
			b.WriteString("  ETA --:--")
		}
	}
	if p.current != "" {
		b.WriteString("  " + filepath.Base(p.current))
	}
	return truncateRunes(b.String(), width-1)
}

// clock formats d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
