package main

// minutes search: free text over agenda points.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/index"
)

func init() { commands = append(commands, newSearchCmd) }

type searchOptions struct{ filterFlags }

func newSearchCmd() *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the agenda points' titles and texts",
		Long: `Search finds the agenda points whose title or text contains every word of
QUERY, with Swedish stemming, best match first. It shows the date, body, agenda
point, a fragment with the matches highlighted (bold on a terminal, «guillemets»
otherwise) and the source file. --json prints the hits as a JSON array.`,
		Example: `  minutes search kvinnofrid
  minutes search "våld i nära relationer" --from 2020 --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd, opts, args)
		},
	}
	opts.register(cmd.Flags(), true, true)
	return cmd
}

func runSearch(cmd *cobra.Command, opts searchOptions, args []string) error {
	text := strings.TrimSpace(strings.Join(args, " "))
	if text == "" {
		return errors.New("empty query")
	}
	filter, err := opts.filter()
	if err != nil {
		return err
	}
	hits, err := query(cmd, "search", func(ctx context.Context, b index.Backend) ([]index.ItemHit, error) {
		return b.Search(ctx, index.TextQuery{Text: text, Filter: filter})
	})
	if err != nil {
		return err
	}
	if hits == nil {
		hits = []index.ItemHit{}
	}
	out := stdout(cmd)
	if global.json {
		return writeJSON(out, hits)
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
	_, err = fmt.Fprintf(out, "\n%d agenda %s\n", len(hits), plural(len(hits), "point", "points"))
	return err
}
