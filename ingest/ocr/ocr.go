// Package ocr reads the pages of a scanned PDF by optical character
// recognition: each page is rendered with pdftoppm (poppler-utils) and read
// by tesseract with the Swedish model, one page per worker slot, each within
// a time limit. The words' positions from tesseract's TSV output give the
// lines and paragraphs; their confidences the page's mean confidence.
package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Settings of the recognition.
var (
	// Language is tesseract's model: Swedish.
	Language = "swe"
	// DPI is the resolution pages are rendered at.
	DPI = 300
	// PageTimeout is the time one page may take.
	PageTimeout = 3 * time.Minute
	// Workers is the number of pages read at once.
	Workers = runtime.GOMAXPROCS(0)
)

// ErrUnavailable is the cause when tesseract, its Swedish model or pdftoppm
// is missing.
var ErrUnavailable = errors.New("OCR is not installed: install tesseract with the Swedish model and poppler's pdftoppm " +
	"(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-swe poppler-utils)")

var (
	availOnce sync.Once
	availErr  error
)

// Available reports whether OCR can run: nil, or an error wrapping
// ErrUnavailable that says what is missing.
func Available() error {
	availOnce.Do(func() {
		for _, tool := range []string{"tesseract", "pdftoppm"} {
			if _, err := exec.LookPath(tool); err != nil {
				availErr = fmt.Errorf("%w (%s not found)", ErrUnavailable, tool)
				return
			}
		}
		out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
		if err != nil {
			availErr = fmt.Errorf("%w (tesseract --list-langs: %v)", ErrUnavailable, err)
			return
		}
		for _, l := range strings.Fields(string(out)) {
			if l == Language {
				return
			}
		}
		availErr = fmt.Errorf("%w (no %q model)", ErrUnavailable, Language)
	})
	return availErr
}

// Page is the text of one page read by OCR.
type Page struct {
	No         int            // 1-based page number
	Lines      []textdoc.Line // the page's lines, an empty line between paragraphs
	Confidence float64        // mean word confidence, 0-100
	Words      int
	Err        error // why the page could not be read
}

// Pages reads the given pages (1-based) of a PDF file by OCR, Workers pages
// at a time, and returns them in the order asked.
func Pages(ctx context.Context, pdf []byte, pages []int) ([]Page, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "minutes-ocr-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		return nil, err
	}
	out := make([]Page, len(pages))
	slots := make(chan struct{}, max(Workers, 1))
	var wg sync.WaitGroup
	for i, p := range pages {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			defer func() {
				if r := recover(); r != nil {
					out[i] = Page{No: p, Err: fmt.Errorf("%w: OCR: %v", textdoc.ErrCorrupt, r)}
				}
			}()
			out[i] = readPage(ctx, dir, file, p)
		}()
	}
	wg.Wait()
	return out, nil
}

// readPage renders page p and reads it.
func readPage(ctx context.Context, dir, file string, p int) Page {
	ctx, cancel := context.WithTimeout(ctx, PageTimeout)
	defer cancel()
	page := Page{No: p}
	prefix := filepath.Join(dir, "p"+strconv.Itoa(p))
	n := strconv.Itoa(p)
	render := exec.CommandContext(ctx, "pdftoppm", "-r", strconv.Itoa(DPI), "-f", n, "-l", n, "-gray",
		"-png", "-singlefile", file, prefix)
	if msg, err := render.CombinedOutput(); err != nil {
		page.Err = toolError(ctx, "pdftoppm", err, msg)
		return page
	}
	img := prefix + ".png"
	defer os.Remove(img)
	cmd := exec.CommandContext(ctx, "tesseract", img, "stdout", "-l", Language, "--psm", "3", "tsv")
	// One thread per process: the pages run in parallel instead.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	tsv, err := cmd.Output()
	if err != nil {
		page.Err = toolError(ctx, "tesseract", err, stderr.Bytes())
		return page
	}
	page.Lines, page.Confidence, page.Words = ParseTSV(tsv)
	return page
}

func toolError(ctx context.Context, tool string, err error, msg []byte) error {
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("OCR: %s took longer than %v", tool, PageTimeout)
	}
	m := strings.TrimSpace(string(msg))
	if len(m) > 200 {
		m = m[:200]
	}
	return fmt.Errorf("OCR: %s: %v: %s", tool, err, m)
}

// word is one word of tesseract's TSV output.
type word struct {
	block, par, line int
	left, top        int
	conf             float64
	text             string
}

// ParseTSV turns tesseract's TSV output into lines: the words of a line in
// reading order, an empty line after each paragraph. It returns the mean
// confidence of the words and their number.
func ParseTSV(tsv []byte) (lines []textdoc.Line, conf float64, words int) {
	var ws []word
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue // not a word (the header, a page, block, paragraph or line)
		}
		text := strings.TrimSpace(f[11])
		c, err := strconv.ParseFloat(f[10], 64)
		if text == "" || err != nil || c < 0 {
			continue
		}
		w := word{conf: c, text: text}
		w.block, _ = strconv.Atoi(f[2])
		w.par, _ = strconv.Atoi(f[3])
		w.line, _ = strconv.Atoi(f[4])
		w.left, _ = strconv.Atoi(f[6])
		w.top, _ = strconv.Atoi(f[7])
		ws = append(ws, w)
	}
	if len(ws) == 0 {
		return nil, 0, 0
	}
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.block != b.block {
			return a.block < b.block
		}
		if a.par != b.par {
			return a.par < b.par
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.left < b.left
	})
	var sum float64
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			lines = append(lines, textdoc.Line{Text: textdoc.Clean(b.String())})
			b.Reset()
		}
	}
	for i, w := range ws {
		sum += w.conf
		if i > 0 {
			prev := ws[i-1]
			switch {
			case w.block != prev.block || w.par != prev.par:
				flush()
				lines = append(lines, textdoc.Line{})
			case w.line != prev.line:
				flush()
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.text)
	}
	flush()
	lines = append(lines, textdoc.Line{})
	return lines, sum / float64(len(ws)), len(ws)
}
