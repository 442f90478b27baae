package main

// The import summary and its quality report: which files failed, and which
// meetings lack what a person should check by hand.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/ingest"
)

// maxKept is how many failures and QA findings an import keeps in memory;
// beyond it only the count grows.
const maxKept = 10000

// capped is a list that keeps at most max entries and counts the others.
type capped[T any] struct {
	max     int
	items   []T
	omitted int
}

func (c *capped[T]) add(v T) {
	limit := c.max
	if limit <= 0 {
		limit = maxKept
	}
	if len(c.items) >= limit {
		c.omitted++
		return
	}
	c.items = append(c.items, v)
}

// list returns the kept entries, never nil.
func (c *capped[T]) list() []T {
	if c.items == nil {
		return []T{}
	}
	return c.items
}

// failure is a file that could not be imported.
type failure struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// The problems the QA report names.
const (
	qaNoAttendees = "no_attendees"
	qaNoItems     = "no_items"
	qaNoDate      = "no_date"
	qaUnknownOrg  = "unknown_organisation"
)

var qaText = map[string]string{
	qaNoAttendees: "no attendees",
	qaNoItems:     "no agenda points",
	qaNoDate:      "no date",
	qaUnknownOrg:  "organisation neither municipality nor known",
}

// finding is a file whose meeting a person should check.
type finding struct {
	File      string   `json:"file"`
	MeetingID string   `json:"meeting_id,omitempty"`
	Date      string   `json:"date,omitempty"`
	Body      string   `json:"body,omitempty"`
	Problems  []string `json:"problems"`
	// UnknownOrganisations are organisations of attendees without a
	// municipality that the gazetteer does not know.
	UnknownOrganisations []string `json:"unknown_organisations,omitempty"`
}

// orgKind tells what kind of organisation org is, "" when unknown: the
// gazetteer's extract.OrgKind. It is a variable so that tests can stand in for
// the gazetteer.
var orgKind = extract.OrgKind

// check returns the finding of the meeting m extracted from file, or nil when
// nothing needs checking.
func check(file string, m *minutes.Meeting) *finding {
	if m == nil {
		return nil
	}
	f := &finding{File: file, MeetingID: m.ID, Date: m.When(), Body: m.Body}
	if len(m.Attendees) == 0 {
		f.Problems = append(f.Problems, qaNoAttendees)
	}
	if len(m.Items) == 0 {
		f.Problems = append(f.Problems, qaNoItems)
	}
	if m.When() == "" {
		f.Problems = append(f.Problems, qaNoDate)
	}
	seen := map[string]bool{}
	for _, a := range m.Attendees {
		org := strings.TrimSpace(a.Organisation)
		if org == "" || a.Municipality != "" || seen[org] {
			continue
		}
		seen[org] = true
		if orgKind(org) == "" {
			f.UnknownOrganisations = append(f.UnknownOrganisations, org)
		}
	}
	if len(f.UnknownOrganisations) > 0 {
		sort.Strings(f.UnknownOrganisations)
		f.Problems = append(f.Problems, qaUnknownOrg)
	}
	if len(f.Problems) == 0 {
		return nil
	}
	return f
}

// qaReport is the quality report of an import.
type qaReport struct {
	// Checked is the number of files whose meeting was checked.
	Checked int `json:"checked"`
	// Counts is the number of files per problem.
	Counts   map[string]int `json:"counts"`
	Findings []finding      `json:"findings"`
	// Omitted is the number of findings not kept in Findings.
	Omitted int `json:"omitted,omitempty"`
}

// summary is the outcome of an import.
type summary struct {
	Imported    int       `json:"imported"`
	Merged      int       `json:"merged"`
	Updated     int       `json:"updated"`
	Unchanged   int       `json:"unchanged"`
	Failed      int       `json:"failed"`
	Removed     int       `json:"removed"` // forgotten by --prune
	Interrupted bool      `json:"interrupted,omitempty"`
	Index       string    `json:"index,omitempty"`
	Started     time.Time `json:"started"`
	Seconds     float64   `json:"seconds"`
	FilesPerSec float64   `json:"files_per_second"`
	Failures    []failure `json:"failures"`
	// FailuresOmitted is the number of failures not kept in Failures.
	FailuresOmitted int      `json:"failures_omitted,omitempty"`
	QA              qaReport `json:"qa"`
}

// tally collects the outcome of an import as it goes, in bounded memory.
type tally struct {
	counts   map[string]int // by outcome
	failed   int
	failures capped[failure]
	findings capped[finding]
	checked  int
	problems map[string]int
}

func newTally() *tally {
	return &tally{counts: map[string]int{}, problems: map[string]int{}}
}

func (t *tally) fail(file string, err error) {
	t.failed++
	t.failures.add(failure{File: file, Error: causeOf(err)})
}

func (t *tally) ok(file, outcome string, m *minutes.Meeting) {
	t.counts[outcome]++
	if m == nil {
		return
	}
	t.checked++
	if f := check(file, m); f != nil {
		for _, p := range f.Problems {
			t.problems[p]++
		}
		t.findings.add(*f)
	}
}

func (t *tally) summary(start, end time.Time) summary {
	sort.Slice(t.failures.items, func(i, j int) bool { return t.failures.items[i].File < t.failures.items[j].File })
	sort.Slice(t.findings.items, func(i, j int) bool { return t.findings.items[i].File < t.findings.items[j].File })
	s := summary{
		Imported:        t.counts["imported"],
		Merged:          t.counts["merged"],
		Updated:         t.counts["updated"],
		Unchanged:       t.counts["unchanged"],
		Failed:          t.failed,
		Started:         start,
		Seconds:         end.Sub(start).Seconds(),
		Failures:        t.failures.list(),
		FailuresOmitted: t.failures.omitted,
		QA: qaReport{
			Checked:  t.checked,
			Counts:   t.problems,
			Findings: t.findings.list(),
			Omitted:  t.findings.omitted,
		},
	}
	if s.Seconds > 0 {
		s.FilesPerSec = float64(s.total()) / s.Seconds
	}
	return s
}

func (s *summary) total() int {
	return s.Imported + s.Merged + s.Updated + s.Unchanged + s.Failed
}

// writeHuman prints the summary for a person.
func (s *summary) writeHuman(w io.Writer) error {
	var b strings.Builder
	verb := "Processed"
	if s.Interrupted {
		verb = "Interrupted after"
	}
	fmt.Fprintf(&b, "%s %d files in %s (%.1f files/s)\n", verb, s.total(),
		time.Duration(s.Seconds*float64(time.Second)).Round(time.Millisecond), s.FilesPerSec)
	t := table{right: []bool{false, true}, indent: "  "}
	t.add("imported", fmt.Sprint(s.Imported), "new meetings")
	t.add("merged", fmt.Sprint(s.Merged), "another file of a meeting already imported")
	t.add("updated", fmt.Sprint(s.Updated), "changed files, meeting replaced")
	t.add("unchanged", fmt.Sprint(s.Unchanged), "already imported, skipped")
	t.add("failed", fmt.Sprint(s.Failed), "")
	if s.Removed > 0 {
		t.add("removed", fmt.Sprint(s.Removed), "no longer on disk, forgotten (--prune)")
	}
	if err := t.write(&b); err != nil {
		return err
	}
	if s.Failed > 0 {
		fmt.Fprintf(&b, "\nFailed files (%d):\n", s.Failed)
		for _, f := range s.Failures {
			fmt.Fprintf(&b, "  %s: %s\n", f.File, f.Error)
		}
		if s.FailuresOmitted > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", s.FailuresOmitted)
		}
	}
	if n := len(s.QA.Findings) + s.QA.Omitted; n > 0 {
		fmt.Fprintf(&b, "\nTo check by hand (%d of %d files):", n, s.QA.Checked)
		var parts []string
		for _, p := range []string{qaNoAttendees, qaNoItems, qaNoDate, qaUnknownOrg} {
			if c := s.QA.Counts[p]; c > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", qaText[p], c))
			}
		}
		fmt.Fprintf(&b, " %s\n", strings.Join(parts, ", "))
		for _, f := range s.QA.Findings {
			fmt.Fprintf(&b, "  %s", f.File)
			if ctx := strings.TrimSpace(f.Date + " " + f.Body); ctx != "" {
				fmt.Fprintf(&b, " (%s)", ctx)
			}
			b.WriteString(": ")
			var ps []string
			for _, p := range f.Problems {
				if p == qaUnknownOrg {
					ps = append(ps, "unknown organisations "+strings.Join(f.UnknownOrganisations, ", "))
					continue
				}
				ps = append(ps, qaText[p])
			}
			b.WriteString(strings.Join(ps, "; "))
			b.WriteString("\n")
		}
		if s.QA.Omitted > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", s.QA.Omitted)
		}
	} else if s.QA.Checked > 0 {
		fmt.Fprintf(&b, "\nNothing to check by hand in the %d %s read.\n", s.QA.Checked, plural(s.QA.Checked, "file", "files"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// reportFile is what --report writes: the files to check by hand.
type reportFile struct {
	Generated       time.Time `json:"generated"`
	Index           string    `json:"index,omitempty"`
	Failed          int       `json:"failed"`
	Failures        []failure `json:"failures"`
	FailuresOmitted int       `json:"failures_omitted,omitempty"`
	QA              qaReport  `json:"qa"`
}

// writeReport writes the QA report of s as JSON to name.
func writeReport(name string, s *summary, now time.Time) error {
	r := reportFile{
		Generated:       now,
		Index:           s.Index,
		Failed:          s.Failed,
		Failures:        s.Failures,
		FailuresOmitted: s.FailuresOmitted,
		QA:              s.QA,
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".report-*.json")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := writeJSON(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// causeOf describes why a file failed without repeating its name, which the
// failure list prints already.
func causeOf(err error) string {
	if err == nil {
		return ""
	}
	var ie *ingest.Error
	if errors.As(err, &ie) {
		var parts []string
		if ie.Page > 0 {
			parts = append(parts, fmt.Sprintf("page %d", ie.Page))
		}
		if ie.Line > 0 {
			parts = append(parts, fmt.Sprintf("line %d", ie.Line))
		}
		if ie.Format != "" {
			parts = append(parts, string(ie.Format))
		}
		parts = append(parts, causeOf(ie.Err))
		return strings.Join(parts, ": ")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return strings.Replace(err.Error(), pe.Error(), pe.Op+": "+pe.Err.Error(), 1)
	}
	return err.Error()
}
