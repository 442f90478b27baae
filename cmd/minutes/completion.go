package main

// Shell completion of flag values and meeting IDs (cobra's "completion"
// command writes the shell scripts; these functions give the values).

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/index"
)

// completeLimit is the most meeting IDs offered at once.
const completeLimit = 50

// fixedValues are the values of the flags that take one of a few words.
var fixedValues = map[string][]string{
	"per":  {"year\tper calendar year", "quarter\tper quarter (2022-Q4)", "month\tper month (2022-11)"},
	"by":   {"municipality\tcount per municipality", "person\tcount per person"},
	"sort": {"relevance\tbest match first", "date\tnewest first"},
}

// registerCompletions offers completions for the flags of cmd that have
// them: --per, --by, --sort, --municipality (the gazetteer's names) and
// --body (the bodies in the index).
func registerCompletions(cmd *cobra.Command) {
	for name, values := range fixedValues {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
		}
	}
	if cmd.Flags().Lookup("municipality") != nil {
		_ = cmd.RegisterFlagCompletionFunc("municipality", completeMunicipality)
	}
	if cmd.Flags().Lookup("body") != nil {
		_ = cmd.RegisterFlagCompletionFunc("body", completeBody)
	}
}

// completeMunicipality offers the municipalities whose folded name starts
// with the folded word typed ("gote" → Göteborg).
func completeMunicipality(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	want := foldName(toComplete)
	var out []string
	for _, n := range extract.MunicipalityNames() {
		if strings.HasPrefix(foldName(n), want) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeBody offers the bodies in the index that the typed word matches
// as --body would.
func completeBody(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	bodies, err := query(cmd, "", func(ctx context.Context, b index.Backend) ([]string, error) {
		return b.Bodies(ctx)
	})
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []string
	for _, body := range bodies {
		if index.BodyMatches(body, toComplete) {
			out = append(out, body)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeMeetingID offers the IDs of the meetings starting with the typed
// prefix, each described by its date and body.
func completeMeetingID(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	list, err := query(cmd, "", func(ctx context.Context, b index.Backend) (index.Hits[index.MeetingSummary], error) {
		return b.Meetings(ctx, index.Filter{IDPrefix: strings.ToLower(toComplete), Limit: completeLimit})
	})
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	out := make([]string, 0, len(list.Hits))
	for _, m := range list.Hits {
		out = append(out, m.ID+"\t"+strings.TrimSpace(m.Date+" "+m.Body))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
