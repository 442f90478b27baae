package main

// minutes search: free text over agenda points.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newSearchCmd) }

type searchOptions struct {
	filterFlags
	csv bool
}

func newSearchCmd() *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the agenda points' titles and texts",
		Long: `Search finds the agenda points whose title or text contains every word of
QUERY, with Swedish stemming, best match first. It shows the date, body, agenda
point, a fragment with the matches highlighted (bold on a terminal, «guillemets»
otherwise) and the source file. --json prints the hits as a JSON array, --csv
as CSV.`,
		Example: `  minutes search kvinnofrid
  minutes search "våld i nära relationer" --from 2020 --json
  minutes search kvinnofrid --limit 0 --csv > punkter.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd, opts, args)
		},
	}
	opts.register(cmd.Flags(), true, true)
	cmd.Flags().BoolVar(&opts.csv, "csv", false, "print CSV")
	registerCompletions(cmd)
	return cmd
}

func runSearch(cmd *cobra.Command, opts searchOptions, args []string) error {
	text := strings.TrimSpace(strings.Join(args, " "))
	if text == "" {
		return errors.New("empty query")
	}
	form, err := formOf(opts.csv)
	if err != nil {
		return err
	}
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	res, err := query(cmd, "search", func(ctx context.Context, b index.Backend) (index.Hits[index.ItemHit], error) {
		return b.Search(ctx, index.TextQuery{Text: text, Filter: filter})
	})
	if err != nil {
		return err
	}
	hits := res.Hits
	if hits == nil {
		hits = []index.ItemHit{}
	}
	out := stdout(cmd)
	if form != formHuman {
		noteCut(cmd, len(hits), res.Total, "agenda points")
	}
	switch form {
	case formJSON:
		return writeJSON(out, hits)
	case formCSV:
		rows := make([][]string, 0, len(hits))
		for _, h := range hits {
			rows = append(rows, []string{h.Date, h.Body, itemNumber(h.Number), h.Title, stripMarks(h.Highlight),
				h.Source, h.MeetingID, strconv.FormatFloat(h.Score, 'g', 6, 64)})
		}
		return writeCSV(out, []string{"date", "body", "item", "title", "match", "source", "meeting_id", "score"}, rows)
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintln(out, "No agenda points found.")
		return err
	}
	hl := highlighterFor(out)
	width := terminalWidth(out)
	t := table{
		header: []string{"DATE", "BODY", "POINT", "SOURCE", "MATCH"},
		limit:  terminalLimits(width, 0, 0.15, 0.18, 0.15),
		wrap:   width,
	}
	for _, h := range hits {
		frag := h.Highlight
		if frag == "" {
			frag = h.Title
		}
		t.add(h.Date, h.Body, itemLabel(h.Number, h.Title), sourceLabel(h.Source, 0), hl.apply(frag))
	}
	if err := t.write(out); err != nil {
		return err
	}
	return writeCount(out, len(hits), res.Total, "agenda point", "agenda points")
}
