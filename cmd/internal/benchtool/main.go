// Command benchtool measures minutes end to end on generated corpora, as
// BENCHMARKS.md reports: import wall and CPU time and peak RSS, re-import,
// decisions p95 in one process and as a command, attendance as a command,
// 12 queries at once, and the extraction score on the generated truth.
//
//	go run ./cmd/internal/benchtool e2e -n 1000,10000 -out /tmp/minutes-bench
//	go run ./cmd/internal/benchtool query -index DIR        # in-process timings only
//
// The corpora come from ../shared/tools/perfcorpus.py (seeded, so every run
// measures the same documents); the binary measured is -bin (./minutes).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

// words are the decision queries timed: topics of the generated minutes,
// from very common ("nätverket", in most decisions) to rare.
var words = []string{
	"nätverket", "rutin", "underlag", "verksamhetsplanen", "anteckningarna",
	"arbetsgruppen", "utbildningssatsningen", "kontaktperson", "remiss", "kommunerna",
	"försörjningsstöd", "hemlöshet", "spelberoende", "hemtjänsten", "familjehemsvården",
	"placeringar", "anhörigstöd", "missbruksvården", "kompetensförsörjningen", "våld",
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtool e2e|query [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "e2e":
		err = runE2E(os.Args[2:])
	case "query":
		err = runQuery(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: use e2e or query", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

// runQuery times the queries in this process on an existing index.
func runQuery(args []string) error {
	fs := flag.NewFlagSet("query", flag.ExitOnError)
	dir := fs.String("index", "", "index folder")
	rounds := fs.Int("rounds", 5, "times each word is asked")
	cpu := fs.String("cpuprofile", "", "write a CPU profile of the timed queries to `FILE`")
	fs.Parse(args)
	if *dir == "" {
		return errors.New("query: -index DIR needed")
	}
	r, err := inProcess(*dir, *rounds, *cpu)
	if err != nil {
		return err
	}
	fmt.Printf("open %v, first query %v, decisions p50 %v p95 %v max %v, CPU %v a query (%d queries), attendance per year %v, RSS %d MiB\n",
		ms(r.open), ms(r.first), ms(r.p50), ms(r.p95), ms(r.max), ms(r.cpu), r.n, ms(r.attendance), r.rssMiB)
	return nil
}

// inProcessResult are the timings of queries asked in one process.
type inProcessResult struct {
	open, first, p50, p95, max, attendance time.Duration
	cpu                                    time.Duration // mean CPU time per decisions query
	n                                      int
	rssMiB                                 int
}

// openIndex opens the Bleve index in dir for reading.
func openIndex(dir string) (index.Backend, error) {
	return bleve.OpenReadOnly(dir)
}

// inProcess opens the index once and asks every word rounds times.
func inProcess(dir string, rounds int, cpuprofile string) (inProcessResult, error) {
	var r inProcessResult
	ctx := context.Background()
	start := time.Now()
	b, err := openIndex(dir)
	if err != nil {
		return r, err
	}
	defer b.Close()
	r.open = time.Since(start)
	ask := func(w string) (time.Duration, error) {
		t := time.Now()
		_, err := b.Decisions(ctx, index.DecisionQuery{Text: w})
		return time.Since(t), err
	}
	if r.first, err = ask(words[0]); err != nil {
		return r, err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return r, err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var times []time.Duration
	cpu0 := cpuTime()
	for range rounds {
		for _, w := range words {
			d, err := ask(w)
			if err != nil {
				return r, err
			}
			times = append(times, d)
		}
	}
	r.n = len(times)
	r.cpu = (cpuTime() - cpu0) / time.Duration(r.n)
	r.p50, r.p95, r.max = percentile(times, 50), percentile(times, 95), slices.Max(times)
	t := time.Now()
	if _, err := b.Attendance(ctx, index.AttendanceQuery{Per: index.Year}); err != nil {
		return r, err
	}
	r.attendance = time.Since(t)
	r.rssMiB = peakRSSMiB()
	return r, nil
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100
	return s[max(k-1, 0)]
}

// peakRSSMiB is this process's peak resident set size (VmHWM).
func peakRSSMiB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb / 1024
		}
	}
	return 0
}

// run is one finished child process: wall and CPU time, peak RSS.
type run struct {
	wall, cpu time.Duration
	rssMiB    int
	out       string
	err       error
}

// command runs bin with args and measures it.
func command(bin string, args ...string) run {
	cmd := exec.Command(bin, args...)
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), out: out.String(), err: err}
	if st := cmd.ProcessState; st != nil {
		r.cpu = st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			r.rssMiB = int(ru.Maxrss / 1024) // kB on Linux
		}
	}
	if err != nil {
		r.err = fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, tail(r.out, 10))
	}
	return r
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// sizeResult is everything measured at one corpus size.
type sizeResult struct {
	n                int
	imp, reimp       run
	indexMiB         int
	proc             inProcessResult
	cmdP50, cmdP95   time.Duration
	cmdCPU           time.Duration // mean CPU time of a decisions command
	cmdRSS           int
	attendance       run
	concurrentWall   time.Duration
	concurrentFailed int
	score            string
}

func runE2E(args []string) error {
	fs := flag.NewFlagSet("e2e", flag.ExitOnError)
	sizes := fs.String("n", "1000,10000", "corpus sizes, comma-separated")
	out := fs.String("out", filepath.Join(os.TempDir(), "minutes-bench"), "folder for corpora and indexes")
	bin := fs.String("bin", "./minutes", "the minutes binary measured")
	gen := fs.String("gen", "../shared/tools/perfcorpus.py", "the corpus generator")
	score := fs.String("score", "../shared/eval/score.py", "the extraction scorer ('' to skip)")
	scoreMax := fs.Int("score-max", 1000, "score corpora up to this size (the scorer runs one process per file)")
	rounds := fs.Int("rounds", 3, "times each word is asked as a command")
	fs.Parse(args)
	binAbs, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	var results []sizeResult
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-n %q: %w", s, err)
		}
		sc := *score
		if n > *scoreMax {
			sc = ""
		}
		r, err := measureSize(binAbs, *gen, sc, *out, n, *rounds)
		if err != nil {
			return err
		}
		results = append(results, r)
		report(os.Stdout, results)
	}
	return nil
}

// measureSize generates (once) and measures the corpus of n meetings.
func measureSize(bin, gen, score, out string, n, rounds int) (sizeResult, error) {
	r := sizeResult{n: n}
	corpus := filepath.Join(out, fmt.Sprintf("corpus-%d", n))
	docs := filepath.Join(corpus, "docs")
	if _, err := os.Stat(docs); err != nil {
		fmt.Fprintf(os.Stderr, "generating %d meetings in %s\n", n, corpus)
		if g := command("python3", gen, "--out", corpus, "-n", strconv.Itoa(n), "--seed", "1"); g.err != nil {
			return r, g.err
		}
	}
	idx := filepath.Join(out, fmt.Sprintf("index-%d", n))
	if err := os.RemoveAll(idx); err != nil {
		return r, err
	}
	fmt.Fprintf(os.Stderr, "importing %d meetings\n", n)
	if r.imp = command(bin, "import", "-q", "--index", idx, docs); r.imp.err != nil {
		return r, r.imp.err
	}
	if r.reimp = command(bin, "import", "-q", "--index", idx, docs); r.reimp.err != nil {
		return r, r.reimp.err
	}
	r.indexMiB = duMiB(idx)

	fmt.Fprintf(os.Stderr, "querying %d meetings\n", n)
	var err error
	if r.proc, err = inProcess(idx, 5, ""); err != nil {
		return r, err
	}
	var times []time.Duration
	var cpu time.Duration
	for range rounds {
		for _, w := range words {
			c := command(bin, "decisions", "--index", idx, w)
			if c.err != nil {
				return r, c.err
			}
			times = append(times, c.wall)
			cpu += c.cpu
			r.cmdRSS = max(r.cmdRSS, c.rssMiB)
		}
	}
	r.cmdP50, r.cmdP95 = percentile(times, 50), percentile(times, 95)
	r.cmdCPU = cpu / time.Duration(len(times))
	if r.attendance = command(bin, "attendance", "--per", "year", "--index", idx); r.attendance.err != nil {
		return r, r.attendance.err
	}
	r.concurrentWall, r.concurrentFailed = concurrent(bin, idx, 12)
	if score != "" {
		s := command("python3", score, "--bin", bin, "--truth", filepath.Join(corpus, "truth"), "--docs", docs)
		r.score = strings.TrimSpace(tail(s.out, 1))
	}
	return r, nil
}

// concurrent starts k decisions commands at once and returns the wall time
// until all ended and how many failed.
func concurrent(bin, idx string, k int) (time.Duration, int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	start := time.Now()
	for i := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c := command(bin, "decisions", "--index", idx, words[i%len(words)]); c.err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				fmt.Fprintln(os.Stderr, c.err)
			}
		}()
	}
	wg.Wait()
	return time.Since(start), failed
}

// duMiB is the disk size of the files under dir.
func duMiB(dir string) int {
	var total int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				total += fi.Size()
			}
		}
		return nil
	})
	return int(total >> 20)
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// report prints the figures as a Markdown table, one column per size.
func report(w io.Writer, rs []sizeResult) {
	head := "| what | target (10k) |"
	rule := "| --- | --- |"
	for _, r := range rs {
		head += fmt.Sprintf(" %d meetings |", r.n)
		rule += " --- |"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	row := func(what, target string, f func(r sizeResult) string) {
		line := "| " + what + " | " + target + " |"
		for _, r := range rs {
			line += " " + f(r) + " |"
		}
		fmt.Fprintln(w, line)
	}
	row("import wall", "≤ 30 s", func(r sizeResult) string {
		return fmt.Sprintf("%s (%.0f files/s)", ms(r.imp.wall), float64(r.n)/r.imp.wall.Seconds())
	})
	row("import CPU", "≤ 60 s", func(r sizeResult) string { return ms(r.imp.cpu) })
	row("import peak RSS", "≤ 300 MiB", func(r sizeResult) string { return fmt.Sprintf("%d MiB", r.imp.rssMiB) })
	row("re-import, unchanged", "≤ 1 s", func(r sizeResult) string {
		return fmt.Sprintf("%s (CPU %s)", ms(r.reimp.wall), ms(r.reimp.cpu))
	})
	row("index on disk", "—", func(r sizeResult) string { return fmt.Sprintf("%d MiB", r.indexMiB) })
	row("decisions p95, in process", "≤ 20 ms", func(r sizeResult) string {
		return fmt.Sprintf("%s (p50 %s, first %s, CPU %s a query)", ms(r.proc.p95), ms(r.proc.p50), ms(r.proc.first), ms(r.proc.cpu))
	})
	row("decisions p95, as a command", "≤ 100 ms", func(r sizeResult) string {
		return fmt.Sprintf("%s (p50 %s, CPU %s a command)", ms(r.cmdP95), ms(r.cmdP50), ms(r.cmdCPU))
	})
	row("attendance --per year, as a command", "≤ 100 ms", func(r sizeResult) string {
		return fmt.Sprintf("%s (CPU %s; in process %s)", ms(r.attendance.wall), ms(r.attendance.cpu), ms(r.proc.attendance))
	})
	row("12 decisions commands at once", "all answer", func(r sizeResult) string {
		return fmt.Sprintf("%d of 12 answer, all in %s", 12-r.concurrentFailed, ms(r.concurrentWall))
	})
	row("query RSS, as a command", "≤ 300 MiB", func(r sizeResult) string { return fmt.Sprintf("%d MiB", r.cmdRSS) })
	row("extraction score", "≥ 0.99", func(r sizeResult) string {
		if r.score == "" {
			return "not scored"
		}
		return r.score
	})
}
