package main

// The import summary and its quality report as printed and written by
// `minutes import`.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/index"
)

// qaText describes the problems of the QA report for a person.
var qaText = map[string]string{
	importer.QANoAttendees: "no attendees",
	importer.QANoItems:     "no agenda points",
	importer.QANoDate:      "no date",
	importer.QAUnknownOrg:  "organisation neither municipality nor known",
	importer.QAReadByOCR:   "read by OCR: check names",
}

// writeSummary prints the summary of an import for a person; verbose lists
// the skipped files too.
func writeSummary(w io.Writer, s *importer.Summary, verbose bool) error {
	var b strings.Builder
	verb := "Processed"
	if s.Interrupted {
		verb = "Interrupted after"
	}
	fmt.Fprintf(&b, "%s %d files in %s (%.1f files/s)\n", verb, s.Total(),
		time.Duration(s.Seconds*float64(time.Second)).Round(time.Millisecond), s.FilesPerSec)
	t := table{right: []bool{false, true}, indent: "  "}
	t.add("imported", fmt.Sprint(s.Imported), "new meetings")
	t.add("merged", fmt.Sprint(s.Merged), "another file of a meeting already imported")
	t.add("updated", fmt.Sprint(s.Updated), "changed files, meeting replaced")
	t.add("unchanged", fmt.Sprint(s.Unchanged), "already imported, not read again")
	t.add("failed", fmt.Sprint(s.Failed), "")
	if s.Skipped > 0 {
		t.add("skipped", fmt.Sprint(s.Skipped), skippedTypes(s.SkippedTypes))
	}
	if s.Removed > 0 {
		t.add("removed", fmt.Sprint(s.Removed), "no longer on disk, forgotten (--prune)")
	}
	if err := t.write(&b); err != nil {
		return err
	}
	if s.Skipped > 0 && verbose {
		fmt.Fprintf(&b, "\nSkipped files (%d):\n", s.Skipped)
		for _, f := range s.SkippedFiles {
			fmt.Fprintf(&b, "  %s: %s\n", f.File, f.Reason)
		}
		if s.SkippedOmitted > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", s.SkippedOmitted)
		}
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
	if n := len(s.Warnings) + s.WarningsOmitted; n > 0 {
		fmt.Fprintf(&b, "\nParts not read, the rest imported (%d):\n", n)
		for _, x := range s.Warnings {
			fmt.Fprintf(&b, "  %s: %s\n", x.File, x.Warning)
		}
		if s.WarningsOmitted > 0 {
			fmt.Fprintf(&b, "  … and %d more\n", s.WarningsOmitted)
		}
	}
	if n := len(s.QA.Findings) + s.QA.Omitted; n > 0 {
		fmt.Fprintf(&b, "\nTo check by hand (%d of %d files):", n, s.QA.Checked)
		var parts []string
		for _, p := range []string{importer.QANoAttendees, importer.QANoItems, importer.QANoDate, importer.QAUnknownOrg, importer.QAReadByOCR} {
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
				if p == importer.QAUnknownOrg {
					ps = append(ps, "unknown organisations "+strings.Join(f.UnknownOrganisations, ", "))
					continue
				}
				if p == importer.QAReadByOCR && f.OCR != "" {
					ps = append(ps, f.OCR)
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
	} else if s.QA.Checked > 0 && len(s.QA.Disagreements) == 0 {
		fmt.Fprintf(&b, "\nNothing to check by hand in the %d %s read.\n", s.QA.Checked, plural(s.QA.Checked, "file", "files"))
	}
	writeDisagreements(&b, s.QA.Disagreements)
	_, err := io.WriteString(w, b.String())
	return err
}

// skippedTypes describes the skipped files by type: "unsupported .pptx 2,
// .xls" (a count when more than one).
func skippedTypes(types map[string]int) string {
	exts := make([]string, 0, len(types))
	for ext := range types {
		exts = append(exts, ext)
	}
	sort.Strings(exts)
	for i, ext := range exts {
		if ext == "" {
			ext = "without extension"
		}
		if n := types[exts[i]]; n > 1 {
			ext += fmt.Sprintf(" %d", n)
		}
		exts[i] = ext
	}
	return "unsupported " + strings.Join(exts, ", ")
}

// writeDisagreements lists the meetings whose files do not say the same:
// for each, the file its content comes from and how each other file differs.
func writeDisagreements(b *strings.Builder, ds []index.Disagreement) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(b, "\nMeetings whose files disagree (%d); the content comes from the first file:\n", len(ds))
	for _, d := range ds {
		fmt.Fprintf(b, "  %s", d.MeetingID)
		if ctx := strings.TrimSpace(d.Date + " " + d.Body); ctx != "" {
			fmt.Fprintf(b, " (%s)", ctx)
		}
		fmt.Fprintf(b, ": %s\n", d.ContentFrom)
		for _, f := range d.Files {
			fmt.Fprintf(b, "    %s: %s\n", f.File, strings.Join(f.Differs, "; "))
		}
	}
}

// reportFile is what --report writes: the files to check by hand.
type reportFile struct {
	Generated       time.Time          `json:"generated"`
	Index           string             `json:"index,omitempty"`
	Failed          int                `json:"failed"`
	Failures        []importer.Failure `json:"failures"`
	FailuresOmitted int                `json:"failures_omitted,omitempty"`
	Skipped         int                `json:"skipped"`
	SkippedFiles    []importer.Skip    `json:"skipped_files"`
	SkippedOmitted  int                `json:"skipped_omitted,omitempty"`
	Warnings        []importer.Warning `json:"warnings"`
	WarningsOmitted int                `json:"warnings_omitted,omitempty"`
	QA              importer.QAReport  `json:"qa"`
}

// writeReport writes the QA report of s as JSON to name.
func writeReport(name string, s *importer.Summary, now time.Time) error {
	r := reportFile{
		Generated:       now,
		Index:           s.Index,
		Failed:          s.Failed,
		Failures:        s.Failures,
		FailuresOmitted: s.FailuresOmitted,
		Skipped:         s.Skipped,
		SkippedFiles:    s.SkippedFiles,
		SkippedOmitted:  s.SkippedOmitted,
		Warnings:        s.Warnings,
		WarningsOmitted: s.WarningsOmitted,
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
