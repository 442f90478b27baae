package main

// minutes attendance: who attended how often, per period.

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newAttendanceCmd) }

type attendanceOptions struct {
	filterFlags
	per string
	by  string
	csv bool
}

func newAttendanceCmd() *cobra.Command {
	var opts attendanceOptions
	cmd := &cobra.Command{
		Use:   "attendance",
		Short: "Show how often each municipality or person attended",
		Long: `Attendance counts, per municipality (or per person with --by person) and per
period, the meetings attended. The last row counts the meetings held. SHARE is the
meetings attended over the meetings held in the whole range; FIRST and LAST the
first and last meeting attended. Only meetings with a date count.

A key whose last meeting attended lies before the last period in which meetings
were held is marked "⚠ stopped" and listed below the table.

--json prints the matrix as JSON: the periods, the meetings held per period and
one row per key with its counts per period (in the order of the periods), its
share, first and last dates and whether it stopped. --csv prints the matrix as
CSV, the first row after the header being the meetings held.`,
		Example: `  minutes attendance --per year
  minutes attendance --per quarter --from 2021 --body Socialchefsnätverket
  minutes attendance --by person --csv > närvaro.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAttendance(cmd, opts)
		},
	}
	f := cmd.Flags()
	opts.register(f, false, false)
	f.StringVar(&opts.per, "per", "year", "period: year, quarter or month")
	f.StringVar(&opts.by, "by", "municipality", "count per municipality or person")
	f.BoolVar(&opts.csv, "csv", false, "print CSV")
	registerCompletions(cmd)
	return cmd
}

// attendanceMatrix is the answer of the attendance command.
type attendanceMatrix struct {
	Per     string   `json:"per"`
	By      string   `json:"by"`
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Periods []string `json:"periods"`
	Held    []int    `json:"held"`       // meetings held, per period
	Total   int      `json:"held_total"` // meetings held in all periods
	// LastHeld is the last period in which meetings were held.
	LastHeld string          `json:"last_held,omitempty"`
	Rows     []attendanceRow `json:"rows"`
}

type attendanceRow struct {
	Key      string  `json:"key"`
	Counts   []int   `json:"counts"`   // meetings attended, per period
	Attended int     `json:"attended"` // in all periods
	Share    float64 `json:"share"`    // Attended / Total
	First    string  `json:"first"`
	Last     string  `json:"last"`
	Stopped  bool    `json:"stopped"`
}

// buildMatrix turns the index's counts into a matrix over the periods in which
// meetings were held (and any other period someone attended in).
func buildMatrix(c *index.AttendanceCounts, per index.Period) attendanceMatrix {
	m := attendanceMatrix{Per: string(per), Periods: []string{}, Held: []int{}, Rows: []attendanceRow{}}
	set := map[string]bool{}
	for p := range c.Held {
		set[p] = true
	}
	for _, r := range c.Rows {
		for p := range r.Attended {
			set[p] = true
		}
	}
	for p := range set {
		m.Periods = append(m.Periods, p)
	}
	sort.Strings(m.Periods) // "2022", "2022-Q4", "2022-11" sort by time
	lastHeld := ""
	for _, p := range m.Periods {
		m.Held = append(m.Held, c.Held[p])
		m.Total += c.Held[p]
		if c.Held[p] > 0 {
			lastHeld = p
		}
	}
	m.LastHeld = lastHeld
	for _, r := range c.Rows {
		row := attendanceRow{Key: r.Key, Counts: make([]int, len(m.Periods)), First: r.First, Last: r.Last}
		for i, p := range m.Periods {
			row.Counts[i] = r.Attended[p]
			row.Attended += r.Attended[p]
		}
		if m.Total > 0 {
			row.Share = float64(row.Attended) / float64(m.Total)
		}
		if r.Last != "" && lastHeld != "" {
			row.Stopped = index.PeriodKey(r.Last, per) < lastHeld
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func runAttendance(cmd *cobra.Command, opts attendanceOptions) error {
	form, err := formOf(opts.csv)
	if err != nil {
		return err
	}
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	var per index.Period
	switch opts.per {
	case "year", "":
		per = index.Year
	case "quarter":
		per = index.Quarter
	case "month":
		per = index.Month
	default:
		return fmt.Errorf("--per %q: use year, quarter or month", opts.per)
	}
	switch opts.by {
	case "municipality", "", "person":
	default:
		return fmt.Errorf("--by %q: use municipality or person", opts.by)
	}
	counts, err := query(cmd, "count attendance", func(ctx context.Context, b index.Backend) (*index.AttendanceCounts, error) {
		return b.Attendance(ctx, index.AttendanceQuery{Per: per, By: opts.by, Filter: filter})
	})
	if err != nil {
		return err
	}
	m := buildMatrix(counts, per)
	m.By, m.From, m.To = opts.by, filter.From, filter.To
	if m.By == "" {
		m.By = "municipality"
	}

	out := stdout(cmd)
	switch form {
	case formJSON:
		return writeJSON(out, m)
	case formCSV:
		header := append([]string{m.By}, m.Periods...)
		header = append(header, "attended", "share", "first", "last", "stopped")
		held := append([]string{"(meetings held)"}, itoas(m.Held)...)
		held = append(held, strconv.Itoa(m.Total), "", "", "", "")
		rows := [][]string{held}
		for _, r := range m.Rows {
			row := append([]string{r.Key}, itoas(r.Counts)...)
			row = append(row, strconv.Itoa(r.Attended), strconv.FormatFloat(r.Share, 'f', 3, 64),
				r.First, r.Last, strconv.FormatBool(r.Stopped))
			rows = append(rows, row)
		}
		return writeCSV(out, header, rows)
	}
	if m.Total == 0 && len(m.Rows) == 0 {
		_, err := fmt.Fprintln(out, "No meetings with a date found.")
		return err
	}
	header := []string{upperKey(m.By)}
	header = append(header, m.Periods...)
	header = append(header, "SHARE", "FIRST", "LAST", "")
	right := make([]bool, len(header))
	for i := 1; i <= len(m.Periods)+1; i++ {
		right[i] = true
	}
	t := table{header: header, right: right, fit: terminalWidth(out)}
	var stopped []attendanceRow
	for _, r := range m.Rows {
		row := []string{r.Key}
		for _, n := range r.Counts {
			row = append(row, countCell(n))
		}
		mark := ""
		if r.Stopped {
			mark = "⚠ stopped"
			stopped = append(stopped, r)
		}
		row = append(row, fmt.Sprintf("%.0f%%", 100*r.Share), r.First, r.Last, mark)
		t.add(row...)
	}
	held := []string{"meetings held"}
	held = append(held, itoas(m.Held)...)
	held = append(held, strconv.Itoa(m.Total), "", "", "")
	t.add(held...)
	if err := t.write(out); err != nil {
		return err
	}
	if len(stopped) > 0 {
		fmt.Fprintf(out, "\nStopped attending (no meeting attended in %s or later):\n", m.LastHeld)
		for _, r := range stopped {
			fmt.Fprintf(out, "  ⚠ %s: last seen %s\n", r.Key, r.Last)
		}
	}
	return nil
}

// countCell shows a count, "·" for none so that gaps stand out.
func countCell(n int) string {
	if n == 0 {
		return "·"
	}
	return strconv.Itoa(n)
}

func itoas(ns []int) []string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return s
}

func upperKey(by string) string {
	if by == "person" {
		return "PERSON"
	}
	return "MUNICIPALITY"
}
