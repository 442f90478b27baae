package bleve

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
)

// TestBleveScoreWindowMatchesFullSort: a relevance list read through the
// score window (searchByScore) is the head of the list Bleve sorts whole,
// also when many hits tie at the limit's score (identical decisions) and
// when the ties run past the window.
func TestBleveScoreWindowMatchesFullSort(t *testing.T) {
	b := openTest(t)
	ctx := context.Background()
	for i := range 60 {
		m := benchMeeting(i)
		if i%3 == 0 { // a third of the meetings share a rarer wording: other scores
			m.Decisions = append(m.Decisions, minutes.Decision{Item: 4, Text: fmt.Sprintf("Budgeten för missbruksvård %d beslutades efter en lång och grundlig diskussion om budget.", i)})
		}
		if err := b.PutMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"budget", "socionomprogrammet", "nästa möte", "missbruksvård budget"} {
		all, err := b.Decisions(ctx, index.DecisionQuery{Text: text, Filter: index.Filter{Limit: index.All}})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 3, 7, 20, 59, 200} {
			got, err := b.Decisions(ctx, index.DecisionQuery{Text: text, Filter: index.Filter{Limit: limit}})
			if err != nil {
				t.Fatal(err)
			}
			want := all.Hits[:min(limit, len(all.Hits))]
			if !reflect.DeepEqual(got.Hits, want) || got.Total != all.Total {
				t.Errorf("%q limit %d: %d hits of %d differ from the head of the whole list (%d of %d)",
					text, limit, len(got.Hits), got.Total, len(want), all.Total)
			}
		}
		allItems, err := b.Search(ctx, index.TextQuery{Text: text, Filter: index.Filter{Limit: index.All}})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 5, 30} {
			got, err := b.Search(ctx, index.TextQuery{Text: text, Filter: index.Filter{Limit: limit}})
			if err != nil {
				t.Fatal(err)
			}
			if want := allItems.Hits[:min(limit, len(allItems.Hits))]; !reflect.DeepEqual(got.Hits, want) {
				t.Errorf("search %q limit %d differs from the head of the whole list", text, limit)
			}
		}
	}
}

// TestBleveAttendanceFirstLastDay: municipalities are counted per month;
// their first and last days are the exact days, also with several meetings
// in the first and last month, and follow the filter.
func TestBleveAttendanceFirstLastDay(t *testing.T) {
	b := openTest(t)
	ctx := context.Background()
	for i, day := range []string{"2022-03-09", "2022-03-02", "2022-03-30", "2022-07-14", "2022-07-05", "2022-07-21"} {
		m := &minutes.Meeting{ID: fmt.Sprintf("m%d", i), Date: day, Body: []string{fixture.BodySocial, fixture.BodyBarn}[i%2],
			Attendees: []minutes.Attendee{fixture.Attendee("Anna Andersson", "Ale kommun", "Ale")}}
		if err := b.PutMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		f           index.Filter
		first, last string
		n           int
	}{
		{index.Filter{}, "2022-03-02", "2022-07-21", 6},
		{index.Filter{Body: fixture.BodySocial}, "2022-03-09", "2022-07-05", 3}, // m0, m2, m4
		{index.Filter{To: "2022-07-10"}, "2022-03-02", "2022-07-05", 4},
	} {
		got, err := b.Attendance(ctx, index.AttendanceQuery{Filter: c.f})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != 1 || got.Rows[0].First != c.first || got.Rows[0].Last != c.last || got.Rows[0].Attended["2022"] != c.n {
			t.Errorf("filter %+v: %+v; want first %s, last %s, %d attended", c.f, got.Rows, c.first, c.last, c.n)
		}
	}
}
