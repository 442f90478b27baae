package main

// minutes meetings: list the meetings in the index.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newMeetingsCmd) }

type meetingsOptions struct {
	filterFlags
	csv bool
}

func newMeetingsCmd() *cobra.Command {
	var opts meetingsOptions
	cmd := &cobra.Command{
		Use:   "meetings",
		Short: "List the meetings in the index",
		Long: `Meetings lists the meetings in the index, newest first: ID, date, body, title,
and the number of attendees, agenda points and decisions, and the source files
(the first, and how many more; --json and --csv list them all).
'minutes show ID' prints one whole; a unique prefix of the ID (6 characters or
more) will do.`,
		Example: `  minutes meetings --from 2022 --body Socialchefsnätverket
  minutes meetings --municipality Öckerö --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMeetings(cmd, opts)
		},
	}
	f := cmd.Flags()
	opts.register(f, true, true)
	f.BoolVar(&opts.csv, "csv", false, "print CSV (sources separated by \"; \")")
	registerCompletions(cmd)
	return cmd
}

func runMeetings(cmd *cobra.Command, opts meetingsOptions) error {
	form, err := formOf(opts.csv)
	if err != nil {
		return err
	}
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	res, err := query(cmd, "list meetings", func(ctx context.Context, b index.Backend) (index.Hits[index.MeetingSummary], error) {
		return b.Meetings(ctx, filter)
	})
	if err != nil {
		return err
	}
	list := res.Hits
	if list == nil {
		list = []index.MeetingSummary{}
	}
	out := stdout(cmd)
	if form != formHuman {
		noteCut(cmd, len(list), res.Total, "meetings")
	}
	switch form {
	case formJSON:
		for i := range list {
			if list[i].Sources == nil {
				list[i].Sources = []string{}
			}
		}
		return writeJSON(out, list)
	case formCSV:
		rows := make([][]string, 0, len(list))
		for _, m := range list {
			rows = append(rows, []string{m.ID, m.Date, m.Body, m.Title,
				strconv.Itoa(m.Attendees), strconv.Itoa(m.Items), strconv.Itoa(m.Decisions),
				strings.Join(m.Sources, "; ")})
		}
		return writeCSV(out, []string{"id", "date", "body", "title", "attendees", "items", "decisions", "sources"}, rows)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(out, "No meetings found.")
		return err
	}
	t := table{
		header: []string{"ID", "DATE", "BODY", "TITLE", "ATT", "ITEMS", "DEC", "SOURCES"},
		right:  []bool{false, false, false, false, true, true, true},
		limit:  terminalLimits(terminalWidth(out), 0, 0, 0.15, 0.2),
		wrap:   terminalWidth(out),
	}
	for _, m := range list {
		t.add(m.ID, m.Date, m.Body, m.Title, strconv.Itoa(m.Attendees), strconv.Itoa(m.Items),
			strconv.Itoa(m.Decisions), sourcesLabel(m.Sources))
	}
	if err := t.write(out); err != nil {
		return err
	}
	return writeCount(out, len(list), res.Total, "meeting", "meetings")
}

// sourcesLabel names the first source file by its base name and counts the
// others: "möte.txt +2".
func sourcesLabel(paths []string) string {
	switch len(paths) {
	case 0:
		return ""
	case 1:
		return baseName(paths[0])
	}
	return fmt.Sprintf("%s +%d", baseName(paths[0]), len(paths)-1)
}
