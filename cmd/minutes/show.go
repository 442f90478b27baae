package main

// minutes show: print one meeting whole.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newShowCmd) }

// minPrefix is the shortest ID prefix show accepts.
const minPrefix = 6

func newShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Print one meeting whole",
		Long: `Show prints one meeting: date, body, sources, attendees (organisation,
municipality and the agenda points they attended, "all" when not restricted),
the agenda with each point's text and decisions, and upcoming events. ID is a
meeting ID as 'minutes meetings' lists it, or a unique prefix of at least 6
characters. --json prints the meeting as JSON.`,
		Example: `  minutes show 3f9a2c41d0e5b6a7c8d9
  minutes show 3f9a2c --json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeMeetingID,
		RunE:              runShow,
	}
}

func runShow(cmd *cobra.Command, args []string) error {
	m, err := query(cmd, "", func(ctx context.Context, b index.Backend) (*minutes.Meeting, error) {
		return findMeeting(ctx, b, strings.TrimSpace(args[0]))
	})
	if err != nil {
		return err
	}
	out := stdout(cmd)
	if global.json {
		return writeJSON(out, m)
	}
	return writeMeeting(out, m, terminalWidth(out))
}

// findMeeting returns the meeting with the given ID or unique ID prefix.
func findMeeting(ctx context.Context, b index.Backend, id string) (*minutes.Meeting, error) {
	if id == "" {
		return nil, errors.New("no meeting ID given")
	}
	m, err := b.Meeting(ctx, id)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, index.ErrNotFound) {
		return nil, fmt.Errorf("meeting %s: %w", id, err)
	}
	if len(id) < minPrefix {
		return nil, fmt.Errorf("no meeting with ID %q (an ID prefix needs at least %d characters)", id, minPrefix)
	}
	list, err := b.Meetings(ctx, index.Filter{IDPrefix: strings.ToLower(id), Limit: 6})
	if err != nil {
		return nil, fmt.Errorf("look up meeting %s: %w", id, err)
	}
	var found []string
	for _, s := range list.Hits {
		found = append(found, s.ID)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no meeting with ID %q", id)
	case 1:
		m, err := b.Meeting(ctx, found[0])
		if err != nil {
			return nil, fmt.Errorf("meeting %s: %w", found[0], err)
		}
		return m, nil
	}
	sort.Strings(found)
	if len(found) > 5 {
		found = append(found[:5], "…")
	}
	return nil, fmt.Errorf("ID prefix %q is ambiguous: %s", id, strings.Join(found, ", "))
}

// writeMeeting prints m for a person; width > 0 wraps long texts.
func writeMeeting(w io.Writer, m *minutes.Meeting, width int) error {
	var b strings.Builder
	head := table{}
	head.add("Meeting", m.ID)
	switch {
	case m.Date != "":
		head.add("Date", m.Date)
	case m.FileDate != "":
		head.add("Date", m.FileDate+" (from the file name)")
	default:
		head.add("Date", "unknown")
	}
	if m.Body != "" {
		head.add("Body", m.Body)
	}
	if m.Title != "" {
		head.add("Title", m.Title)
	}
	if len(m.RecordedBy) > 0 {
		head.add("Recorded by", strings.Join(m.RecordedBy, ", "))
	}
	if m.NextMeeting != "" {
		head.add("Next meeting", m.NextMeeting)
	}
	if err := head.write(&b); err != nil {
		return err
	}

	fmt.Fprintf(&b, "\nSources (%d)\n", len(m.Sources))
	for _, s := range m.Sources {
		var facts []string
		if s.Path == m.ContentFrom && len(m.Sources) > 1 {
			facts = append(facts, "content from here")
		}
		if s.Format != "" {
			facts = append(facts, s.Format)
		}
		if s.Size > 0 {
			facts = append(facts, byteSize(s.Size))
		}
		if s.Pages > 0 {
			facts = append(facts, fmt.Sprintf("%d %s", s.Pages, plural(s.Pages, "page", "pages")))
		}
		if s.Title != "" {
			facts = append(facts, fmt.Sprintf("title %q", s.Title))
		}
		if len(s.SHA256) >= 12 {
			facts = append(facts, "sha256 "+s.SHA256[:12])
		}
		fmt.Fprintf(&b, "  %s", s.Path)
		if len(facts) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(facts, ", "))
		}
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "\nAttendees (%d)\n", len(m.Attendees))
	if len(m.Attendees) > 0 {
		t := table{header: []string{"NAME", "ORGANISATION", "MUNICIPALITY", "GROUP", "POINTS"}, indent: "  ", fit: width}
		for _, a := range m.Attendees {
			t.add(a.Name, a.Organisation, a.Municipality, a.Group, formatItems(a.Items))
		}
		if err := t.write(&b); err != nil {
			return err
		}
	}

	byItem := map[int][]minutes.Decision{}
	for _, d := range m.Decisions {
		byItem[d.Item] = append(byItem[d.Item], d)
	}
	numbers := map[int]bool{}
	fmt.Fprintf(&b, "\nAgenda (%d %s)\n", len(m.Items), plural(len(m.Items), "point", "points"))
	for _, it := range m.Items {
		numbers[it.Number] = true
		fmt.Fprintf(&b, "  %s\n", itemLabel(it.Number, it.Title))
		writeIndented(&b, it.Text, "      ", width)
		for _, d := range byItem[it.Number] {
			writeIndented(&b, "Decision: "+d.Text, "      ", width)
		}
	}
	var loose []minutes.Decision
	for _, d := range m.Decisions {
		if !numbers[d.Item] {
			loose = append(loose, d)
		}
	}
	if len(loose) > 0 {
		fmt.Fprintf(&b, "\nDecisions outside the agenda (%d)\n", len(loose))
		for _, d := range loose {
			text := d.Text
			if d.Item != 0 {
				text = fmt.Sprintf("(§%d) %s", d.Item, text)
			}
			writeIndented(&b, "- "+text, "  ", width)
		}
	}
	fmt.Fprintf(&b, "\nDecisions: %d\n", len(m.Decisions))
	if len(m.Events) > 0 {
		fmt.Fprintf(&b, "\nEvents (%d)\n", len(m.Events))
		for _, e := range m.Events {
			fmt.Fprintf(&b, "  %s\n", strings.TrimSpace(e.Date+" "+e.Text))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeIndented writes text line by line after indent, wrapping lines to width
// when it is positive.
func writeIndented(b *strings.Builder, text, indent string, width int) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n "), "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			if text != "" {
				b.WriteString("\n")
			}
			continue
		}
		parts := []string{line}
		if width-len(indent) >= 30 {
			parts = wrapWords(line, width-len(indent))
		}
		for _, p := range parts {
			b.WriteString(indent + p + "\n")
		}
	}
}

// formatItems shows agenda point numbers with runs as ranges: "2, 4–6";
// "all" when there are none.
func formatItems(items []int) string {
	if len(items) == 0 {
		return "all"
	}
	s := append([]int(nil), items...)
	sort.Ints(s)
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] <= s[j]+1 {
			j++
		}
		if s[j] == s[i] {
			parts = append(parts, strconv.Itoa(s[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", s[i], s[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// byteSize formats n bytes for a person.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
