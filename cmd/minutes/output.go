package main

// Output helpers shared by the query subcommands: choosing the output form
// (human table, --json, --csv), query filter flags, date flags, highlighting
// and a small table renderer that aligns columns by their visible width.

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// outputForm is how a command prints its answer on stdout.
type outputForm int

const (
	formHuman outputForm = iota
	formJSON
	formCSV
)

// formOf returns the output form the flags ask for: --json (global) or --csv.
func formOf(csvFlag bool) (outputForm, error) {
	switch {
	case global.json && csvFlag:
		return 0, errors.New("--json and --csv cannot be used together")
	case global.json:
		return formJSON, nil
	case csvFlag:
		return formCSV, nil
	}
	return formHuman, nil
}

// writeJSON prints v as indented JSON. HTML characters are not escaped so that
// the <mark> tags of highlights stay readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeCSV prints a header and rows as RFC 4180 CSV.
func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// fdWriter is implemented by *os.File.
type fdWriter interface{ Fd() uintptr }

// isTerminal tells whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(fdWriter)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth returns the width of the terminal w, or 0 when w is not one.
func terminalWidth(w io.Writer) int {
	f, ok := w.(fdWriter)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// Highlighting. The index marks matched words with <mark>…</mark>. On a
// terminal (and unless $NO_COLOR is set) they are shown in ANSI bold; when the
// output is piped or redirected they are shown between «guillemets», so that
// the matches survive in files and pipes without escape codes.
const (
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// highlighter turns <mark> tags into the form the output wants.
type highlighter struct{ open, close string }

func highlighterFor(w io.Writer) highlighter {
	if isTerminal(w) && os.Getenv("NO_COLOR") == "" {
		return highlighter{ansiBold, ansiReset}
	}
	return highlighter{"«", "»"}
}

func (h highlighter) apply(s string) string {
	if !strings.Contains(s, "<mark>") {
		return s
	}
	return strings.NewReplacer("<mark>", h.open, "</mark>", h.close).Replace(s)
}

// stripMarks removes <mark> tags.
func stripMarks(s string) string {
	return strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
}

// filterFlags are the flags that restrict a query to meetings.
type filterFlags struct {
	from, to     string
	body         string
	municipality string
	limit        int
}

func (f *filterFlags) register(fs *pflag.FlagSet, withMunicipality, withLimit bool) {
	fs.StringVar(&f.from, "from", "", "only meetings on or after `DATE` (YYYY-MM-DD, YYYY-MM or YYYY)")
	fs.StringVar(&f.to, "to", "", "only meetings on or before `DATE` (YYYY-MM-DD, YYYY-MM or YYYY)")
	fs.StringVar(&f.body, "body", "", "only meetings of the bodies (networks, boards) whose `NAME` or a word of it starts with this, any case")
	if withMunicipality {
		fs.StringVar(&f.municipality, "municipality", "", "only meetings at which this municipality `NAME` was present (\"Göteborgs Stad\", \"goteborg\")")
	}
	if withLimit {
		fs.IntVar(&f.limit, "limit", index.DefaultLimit, "at most `N` results; 0 for all")
	}
}

// filter returns the index filter of the flags, checking them.
func (f *filterFlags) filter() (index.Filter, error) {
	from, err := parseDateFlag("--from", f.from, false)
	if err != nil {
		return index.Filter{}, err
	}
	to, err := parseDateFlag("--to", f.to, true)
	if err != nil {
		return index.Filter{}, err
	}
	if from != "" && to != "" && from > to {
		return index.Filter{}, fmt.Errorf("--from %s is after --to %s", from, to)
	}
	if f.limit < 0 {
		return index.Filter{}, fmt.Errorf("--limit %d: give a number of results, or 0 for all", f.limit)
	}
	limit := f.limit
	if limit == 0 {
		limit = index.All
	}
	muni, err := resolveMunicipality(f.municipality)
	if err != nil {
		return index.Filter{}, err
	}
	return index.Filter{
		From:         from,
		To:           to,
		Body:         strings.TrimSpace(f.body),
		Municipality: muni,
		Limit:        limit,
	}, nil
}

// parseDateFlag reads a date flag: YYYY-MM-DD, or YYYY-MM or YYYY, which stand
// for the first (end false) or last (end true) day of that month or year. It
// returns "" for an empty value.
func parseDateFlag(name, s string, end bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	bad := fmt.Errorf("%s %q: not a date; use YYYY-MM-DD, YYYY-MM or YYYY", name, s)
	switch len(s) {
	case len("2006-01-02"):
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return "", bad
		}
		return t.Format("2006-01-02"), nil
	case len("2006-01"):
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return "", bad
		}
		if end {
			t = t.AddDate(0, 1, -1)
		}
		return t.Format("2006-01-02"), nil
	case len("2006"):
		t, err := time.Parse("2006", s)
		if err != nil {
			return "", bad
		}
		if end {
			t = t.AddDate(1, 0, -1)
		}
		return t.Format("2006-01-02"), nil
	}
	return "", bad
}

// table renders rows in aligned columns separated by two spaces. Widths are
// visible widths: ANSI escape sequences do not count. When wrap is positive
// the table fits in wrap columns with the last column word-wrapped; when fit
// is positive it fits in fit columns with every line on one line. Either
// way, cells are cut with "…" where they must be, the widest columns first;
// both are 0 when the output is piped, which then keeps whole cells.
type table struct {
	header []string
	rows   [][]string
	right  []bool // right-align these columns
	limit  []int  // cut cells of these columns (not the last) to this width; 0: no limit
	wrap   int    // wrap the last column so that lines fit in this width; 0: no wrapping
	fit    int    // cut cells so that lines fit in this width; 0: no cutting
	indent string // printed before every line
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

var ansiSeq = lazyregexp.New("\x1b\\[[0-9;]*m")

// visibleWidth is the number of runes of s outside ANSI escape sequences.
func visibleWidth(s string) int {
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansiSeq.ReplaceAllString(s, "")
	}
	return utf8.RuneCountInString(s)
}

// oneLine folds the white space of s, newlines included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Fitting a table: a cut column keeps at least tableMinCut runes, and a
// wrapped last column at least tableMinWrap.
const (
	tableMinCut  = 8
	tableMinWrap = 30
)

// cutCell shortens s to width visible runes, ending in "…".
func cutCell(s string, width int) string {
	if visibleWidth(s) <= width {
		return s
	}
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansiSeq.ReplaceAllString(s, "") // cutting inside an escape sequence would break it
	}
	return truncateRunes(s, max(width-1, 0)) + "…"
}

// shrink narrows the widest of the columns that may be cut until the
// widths sum to at most room (or none can be cut further).
func shrink(widths []int, cuttable func(i int) bool, room int) {
	sum := 0
	for _, w := range widths {
		sum += w
	}
	for sum > room {
		widest := -1
		for i, w := range widths {
			if cuttable(i) && w > tableMinCut && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
		sum--
	}
}

func (t *table) write(w io.Writer) error {
	n := len(t.header)
	for _, r := range t.rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return nil
	}
	widths := make([]int, n)
	all := make([][]string, 0, len(t.rows)+1)
	if t.header != nil {
		all = append(all, t.header)
	}
	all = append(all, t.rows...)
	for k, r := range all {
		r = append([]string(nil), r...)
		for len(r) < n {
			r = append(r, "")
		}
		for i := range r {
			r[i] = oneLine(r[i])
			if i < n-1 && i < len(t.limit) && t.limit[i] > 0 {
				r[i] = cutCell(r[i], t.limit[i])
			}
			widths[i] = max(widths[i], visibleWidth(r[i]))
		}
		all[k] = r
	}
	right := func(i int) bool { return i < len(t.right) && t.right[i] }
	gaps := visibleWidth(t.indent) + 2*(n-1)
	switch {
	case t.wrap > 0:
		room := t.wrap - gaps - min(widths[n-1], tableMinWrap)
		shrink(widths[:n-1], func(i int) bool { return !right(i) }, room)
	case t.fit > 0:
		shrink(widths, func(i int) bool { return !right(i) }, t.fit-gaps)
	}
	indent := visibleWidth(t.indent)
	for i := 0; i < n-1; i++ {
		indent += widths[i] + 2
	}
	lastWidth := 0
	if t.wrap > 0 && t.wrap-indent >= tableMinWrap {
		lastWidth = t.wrap - indent
	}
	var b strings.Builder
	for _, r := range all {
		b.Reset()
		b.WriteString(t.indent)
		for i := 0; i < n; i++ {
			c := r[i]
			if i < n-1 || t.fit > 0 {
				c = cutCell(c, widths[i])
			}
			if i == n-1 {
				lines := []string{c}
				if lastWidth > 0 {
					lines = wrapWords(c, lastWidth)
				}
				for k, l := range lines {
					if k > 0 {
						b.WriteString("\n")
						b.WriteString(strings.Repeat(" ", indent))
					}
					b.WriteString(l)
				}
				break
			}
			pad := strings.Repeat(" ", widths[i]-visibleWidth(c))
			if right(i) {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			b.WriteString("  ")
		}
		line := strings.TrimRight(b.String(), " ")
		if t.fit > 0 && !strings.Contains(line, "\n") {
			line = cutCell(line, t.fit) // columns that may not be cut (numbers) still too wide
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// wrapWords splits s into lines of at most width visible runes, breaking at
// spaces; a word longer than width stands alone on its line.
func wrapWords(s string, width int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur, curW := words[0], visibleWidth(words[0])
	for _, wd := range words[1:] {
		ww := visibleWidth(wd)
		if curW+1+ww > width {
			lines = append(lines, cur)
			cur, curW = wd, ww
			continue
		}
		cur += " " + wd
		curW += 1 + ww
	}
	return append(lines, cur)
}

// itemLabel is an agenda point as "§2 Title".
func itemLabel(number int, title string) string {
	switch {
	case number == 0 && title == "":
		return ""
	case number == 0:
		return title
	case title == "":
		return fmt.Sprintf("§%d", number)
	}
	return fmt.Sprintf("§%d %s", number, title)
}

// terminalLimits returns cell width limits for the columns before the last of
// a table on a terminal of the given width, each a share of the width (at
// least min), so that the last column keeps room; nil (no limits) when the
// output is not a terminal, so that piped output keeps whole cells.
func terminalLimits(width int, shares ...float64) []int {
	if width <= 0 {
		return nil
	}
	limits := make([]int, len(shares))
	for i, s := range shares {
		if s > 0 {
			limits[i] = max(12, int(s*float64(width)))
		}
	}
	return limits
}

// writeCount ends a human list: "192 decisions", or when the list was cut
// at --limit "100 of 192 decisions shown; --limit 0 for all".
func writeCount(w io.Writer, shown, total int, one, many string) error {
	var err error
	if total > shown {
		_, err = fmt.Fprintf(w, "\n%d of %d %s shown; --limit 0 for all\n", shown, total, many)
	} else {
		_, err = fmt.Fprintf(w, "\n%d %s\n", shown, plural(shown, one, many))
	}
	return err
}

// noteCut tells on stderr that a --json or --csv list was cut at --limit,
// so that machine output stays clean and the cut is still said.
func noteCut(cmd *cobra.Command, shown, total int, many string) {
	if total > shown {
		fmt.Fprintf(cmd.ErrOrStderr(), "minutes: %d of %d %s shown; --limit 0 for all\n", shown, total, many)
	}
}

// baseName is the last element of a path.
func baseName(path string) string { return filepath.Base(path) }

// stdout returns the command's standard output.
func stdout(cmd *cobra.Command) io.Writer { return cmd.OutOrStdout() }
