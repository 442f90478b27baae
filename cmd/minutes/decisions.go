package main

// minutes decisions: every decision on a topic.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newDecisionsCmd) }

type decisionsOptions struct {
	filterFlags
	sort string
	csv  bool
}

func newDecisionsCmd() *cobra.Command {
	var opts decisionsOptions
	cmd := &cobra.Command{
		Use:   "decisions [QUERY...]",
		Short: "Find decisions on a topic",
		Long: `Decisions lists the decisions whose text or agenda point title contains every
word of QUERY, with Swedish stemming ("socionomprogram" finds
"socionomprogrammet"). Without QUERY it lists all decisions the filters keep.

The table shows the date, body, agenda point, decision text and source file. The
matched words are shown in bold on a terminal and between «guillemets» when the
output is piped or redirected (or $NO_COLOR is set). --json prints the hits as a
JSON array (the highlight with <mark></mark> tags); --csv prints them as CSV.`,
		Example: `  minutes decisions socionomprogram
  minutes decisions hedersrelaterat våld --from 2019 --to 2022-06 --sort date
  minutes decisions --body Socialchefsnätverket --csv > beslut.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDecisions(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	opts.register(f, true, true)
	f.StringVar(&opts.sort, "sort", "relevance", "order: relevance (best match first) or date (newest first)")
	f.BoolVar(&opts.csv, "csv", false, "print CSV")
	registerCompletions(cmd)
	return cmd
}

func runDecisions(cmd *cobra.Command, opts decisionsOptions, args []string) error {
	form, err := formOf(opts.csv)
	if err != nil {
		return err
	}
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	q := index.DecisionQuery{Text: strings.Join(args, " "), Filter: filter}
	switch opts.sort {
	case "relevance", "":
		q.Sort = index.ByRelevance
	case "date":
		q.Sort = index.ByDate
	default:
		return fmt.Errorf("--sort %q: use relevance or date", opts.sort)
	}
	res, err := query(cmd, "search decisions", func(ctx context.Context, b index.Backend) (index.Hits[index.DecisionHit], error) {
		return b.Decisions(ctx, q)
	})
	if err != nil {
		return err
	}
	hits := res.Hits
	if hits == nil {
		hits = []index.DecisionHit{}
	}
	out := stdout(cmd)
	if form != formHuman {
		noteCut(cmd, len(hits), res.Total, "decisions")
	}
	switch form {
	case formJSON:
		return writeJSON(out, hits)
	case formCSV:
		rows := make([][]string, 0, len(hits))
		for _, h := range hits {
			rows = append(rows, []string{
				h.Date, h.Body, itemNumber(h.Item), h.ItemTitle, h.Text, h.Source,
				itemNumber(h.Page), h.MeetingID, strconv.FormatFloat(h.Score, 'g', 6, 64),
			})
		}
		return writeCSV(out, []string{"date", "body", "item", "item_title", "text", "source", "page", "meeting_id", "score"}, rows)
	}
	if len(hits) == 0 {
		_, err := fmt.Fprintln(out, "No decisions found.")
		return err
	}
	hl := highlighterFor(out)
	width := terminalWidth(out)
	t := table{
		header: []string{"DATE", "BODY", "POINT", "SOURCE", "DECISION"},
		limit:  terminalLimits(width, 0, 0.15, 0.18, 0.15),
		wrap:   width,
	}
	for _, h := range hits {
		text := h.Text
		if h.Highlight != "" {
			text = hl.apply(h.Highlight)
		}
		t.add(h.Date, h.Body, itemLabel(h.Item, h.ItemTitle), sourceLabel(h.Source, h.Page), text)
	}
	if err := t.write(out); err != nil {
		return err
	}
	return writeCount(out, len(hits), res.Total, "decision", "decisions")
}

// itemNumber is n as text, "" for 0.
func itemNumber(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// sourceLabel names a source file by its base name, with the page if known.
func sourceLabel(path string, page int) string {
	if path == "" {
		return ""
	}
	name := baseName(path)
	if page > 0 {
		return fmt.Sprintf("%s p.%d", name, page)
	}
	return name
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
