package importer

// The import summary and its quality report: which files failed, and which
// meetings lack what a person should check by hand.

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
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

// Failure is a file that could not be imported.
type Failure struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// Skip is a file in a folder that was not imported, and why.
type Skip struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Warning is a part of an imported file that could not be read (a PDF page):
// the rest of the file was used.
type Warning struct {
	File    string `json:"file"`
	Page    int    `json:"page,omitempty"`
	Warning string `json:"warning"`
}

// The problems the QA report names.
const (
	QANoAttendees = "no_attendees"
	QANoItems     = "no_items"
	QANoDate      = "no_date"
	QAUnknownOrg  = "unknown_organisation"
	QAReadByOCR   = "read_by_ocr"
)

// Finding is a file whose meeting a person should check.
type Finding struct {
	File      string   `json:"file"`
	MeetingID string   `json:"meeting_id,omitempty"`
	Date      string   `json:"date,omitempty"`
	Body      string   `json:"body,omitempty"`
	Problems  []string `json:"problems"`
	// UnknownOrganisations are organisations of attendees without a
	// municipality that the gazetteer does not know.
	UnknownOrganisations []string `json:"unknown_organisations,omitempty"`
	// OCR is the note of a file read by OCR (minutes.Source.OCR).
	OCR string `json:"ocr,omitempty"`
}

// orgKind tells what kind of organisation org is, "" when unknown: the
// gazetteer's extract.OrgKind. It is a variable so that tests can stand in for
// the gazetteer.
var orgKind = extract.OrgKind

// Check returns the finding of the meeting m extracted from file, or nil when
// nothing needs checking.
func Check(file string, m *minutes.Meeting) *Finding {
	if m == nil {
		return nil
	}
	f := checkSummary(file, m.ID, index.Summarize(m))
	for _, src := range m.Sources {
		if src.Path == file && src.OCR != "" {
			if f == nil {
				s := index.Summarize(m)
				f = &Finding{File: file, MeetingID: m.ID, Date: s.Date, Body: s.Body}
			}
			f.Problems = append(f.Problems, QAReadByOCR)
			f.OCR = src.OCR
		}
	}
	return f
}

// checkSummary returns the finding of a file of meeting id whose extraction
// sums up as s, or nil when nothing needs checking.
func checkSummary(file, id string, s index.FileSummary) *Finding {
	f := &Finding{File: file, MeetingID: id, Date: s.Date, Body: s.Body}
	if s.Attendees == 0 {
		f.Problems = append(f.Problems, QANoAttendees)
	}
	if s.Items == 0 {
		f.Problems = append(f.Problems, QANoItems)
	}
	if s.Date == "" {
		f.Problems = append(f.Problems, QANoDate)
	}
	for _, org := range s.Organisations {
		if orgKind(org) == "" {
			f.UnknownOrganisations = append(f.UnknownOrganisations, org)
		}
	}
	if len(f.UnknownOrganisations) > 0 {
		sort.Strings(f.UnknownOrganisations)
		f.Problems = append(f.Problems, QAUnknownOrg)
	}
	if len(f.Problems) == 0 {
		return nil
	}
	return f
}

// QAReport is the quality report of an import.
type QAReport struct {
	// Checked is the number of files whose meeting was checked.
	Checked int `json:"checked"`
	// Counts is the number of files per problem.
	Counts   map[string]int `json:"counts"`
	Findings []Finding      `json:"findings"`
	// Omitted is the number of findings not kept in Findings.
	Omitted int `json:"omitted,omitempty"`
	// Disagreements are the meetings whose files (twins) do not say the
	// same: what each file says otherwise than the one the meeting's content
	// comes from.
	Disagreements []index.Disagreement `json:"disagreements"`
}

// Summary is the outcome of an import.
type Summary struct {
	Imported  int `json:"imported"`
	Merged    int `json:"merged"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	// Skipped is the number of files in the folders whose type minutes does
	// not read; SkippedTypes counts them per extension (".pptx": 2).
	Skipped      int            `json:"skipped"`
	SkippedTypes map[string]int `json:"skipped_types,omitempty"`
	Removed      int            `json:"removed"` // forgotten by Options.Prune
	Interrupted  bool           `json:"interrupted,omitempty"`
	Index        string         `json:"index,omitempty"` // set by the caller
	Started      time.Time      `json:"started"`
	Seconds      float64        `json:"seconds"`
	FilesPerSec  float64        `json:"files_per_second"`
	Failures     []Failure      `json:"failures"`
	// FailuresOmitted is the number of failures not kept in Failures.
	FailuresOmitted int    `json:"failures_omitted,omitempty"`
	SkippedFiles    []Skip `json:"skipped_files"`
	// SkippedOmitted is the number of skipped files not kept in SkippedFiles.
	SkippedOmitted int `json:"skipped_omitted,omitempty"`
	// Warnings are the parts of files that could not be read (file and
	// page) while the rest was imported.
	Warnings        []Warning `json:"warnings"`
	WarningsOmitted int       `json:"warnings_omitted,omitempty"`
	QA              QAReport  `json:"qa"`
}

// Total is the number of files processed (read, or known unchanged), the
// skipped ones not counted.
func (s *Summary) Total() int {
	return s.Imported + s.Merged + s.Updated + s.Unchanged + s.Failed
}

// tally collects the outcome of an import as it goes, in bounded memory.
type tally struct {
	counts   map[string]int // by outcome
	failed   int
	failures capped[Failure]
	findings capped[Finding]
	checked  int
	problems map[string]int
	skipped  int
	skipExt  map[string]int
	skips    capped[Skip]
	warnings capped[Warning]
	// differ are the disagreements read from unchanged files' records, by
	// meeting ID.
	differ map[string]*index.Disagreement
}

func newTally() *tally {
	return &tally{counts: map[string]int{}, problems: map[string]int{}, skipExt: map[string]int{}}
}

func (t *tally) skip(file string, e *Skipped) {
	t.skipped++
	t.skipExt[e.Ext]++
	t.skips.add(Skip{File: file, Reason: e.Error()})
}

func (t *tally) warn(file string, warnings []error) {
	for _, w := range warnings {
		x := Warning{File: file, Warning: Cause(w)}
		var ie *ingest.Error
		if errors.As(w, &ie) {
			x.Page = ie.Page
		}
		t.warnings.add(x)
	}
}

func (t *tally) fail(file string, err error) {
	t.failed++
	t.failures.add(Failure{File: file, Error: Cause(err)})
}

func (t *tally) ok(file, outcome string, m *minutes.Meeting) {
	t.counts[outcome]++
	if m == nil {
		return
	}
	t.checked++
	if f := Check(file, m); f != nil {
		for _, p := range f.Problems {
			t.problems[p]++
		}
		t.findings.add(*f)
	}
}

// okStored records a file that was not read again: its QA comes from its
// stored record.
func (t *tally) okStored(file, outcome string, rec index.FileRecord) {
	t.counts[outcome]++
	t.checked++
	if f := checkSummary(file, rec.MeetingID, rec.Summary); f != nil {
		for _, p := range f.Problems {
			t.problems[p]++
		}
		t.findings.add(*f)
	}
	if len(rec.Summary.Differs) == 0 {
		return
	}
	if t.differ == nil {
		t.differ = map[string]*index.Disagreement{}
	}
	d := t.differ[rec.MeetingID]
	if d == nil {
		// Date and body are left out: this file's may be what differs.
		d = &index.Disagreement{MeetingID: rec.MeetingID, ContentFrom: rec.Summary.ContentFrom}
		t.differ[rec.MeetingID] = d
	}
	d.Files = append(d.Files, index.FileDiff{File: file, Differs: rec.Summary.Differs})
}

// disagreements returns the meetings whose files disagree: those store
// wrote in this run, and those known from unchanged files' records (unless
// the store rewrote the meeting since, making the records' word stale).
func (t *tally) disagreements(store *index.Store) []index.Disagreement {
	var out []index.Disagreement
	for id, d := range t.differ {
		if !store.Rewritten(id) {
			sort.Slice(d.Files, func(i, j int) bool { return d.Files[i].File < d.Files[j].File })
			out = append(out, *d)
		}
	}
	out = append(out, store.Disagreements()...)
	sort.Slice(out, func(i, j int) bool { return out[i].MeetingID < out[j].MeetingID })
	if out == nil {
		out = []index.Disagreement{}
	}
	return out
}

func (t *tally) summary(start, end time.Time) Summary {
	sort.Slice(t.failures.items, func(i, j int) bool { return t.failures.items[i].File < t.failures.items[j].File })
	sort.Slice(t.findings.items, func(i, j int) bool { return t.findings.items[i].File < t.findings.items[j].File })
	sort.Slice(t.skips.items, func(i, j int) bool { return t.skips.items[i].File < t.skips.items[j].File })
	sort.SliceStable(t.warnings.items, func(i, j int) bool {
		a, b := t.warnings.items[i], t.warnings.items[j]
		return a.File < b.File || a.File == b.File && a.Page < b.Page
	})
	s := Summary{
		Imported:        t.counts["imported"],
		Merged:          t.counts["merged"],
		Updated:         t.counts["updated"],
		Unchanged:       t.counts["unchanged"],
		Failed:          t.failed,
		Started:         start,
		Seconds:         end.Sub(start).Seconds(),
		Failures:        t.failures.list(),
		FailuresOmitted: t.failures.omitted,
		Skipped:         t.skipped,
		SkippedFiles:    t.skips.list(),
		SkippedOmitted:  t.skips.omitted,
		Warnings:        t.warnings.list(),
		WarningsOmitted: t.warnings.omitted,
		QA: QAReport{
			Checked:  t.checked,
			Counts:   t.problems,
			Findings: t.findings.list(),
			Omitted:  t.findings.omitted,
		},
	}
	if len(t.skipExt) > 0 {
		s.SkippedTypes = t.skipExt
	}
	if s.Seconds > 0 {
		s.FilesPerSec = float64(s.Total()) / s.Seconds
	}
	return s
}

// Cause describes why a file failed without repeating its name, which the
// failure list prints already.
func Cause(err error) string {
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
		parts = append(parts, Cause(ie.Err))
		return strings.Join(parts, ": ")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return strings.Replace(err.Error(), pe.Error(), pe.Op+": "+pe.Err.Error(), 1)
	}
	return err.Error()
}
