// Package indextest is the contract suite every index.Backend passes: the
// same meetings, queries and Store imports, run against each backend by its
// own tests (index for Bleve, index/es for Elasticsearch), so that both
// answer alike.
package indextest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
)

// contractCase is one behaviour every backend must show.
type contractCase struct {
	name string
	run  func(t *testing.T, b index.Backend)
}

// Contract runs every case of the contract suite against the backend open
// returns, each case as a parallel subtest on a fresh index. open returns a
// fresh, empty backend for one test and registers its own cleanup (closing
// it, deleting its index). Each backend's tests call it, e.g.
//
//	func TestContract(t *testing.T) {
//		indextest.Contract(t, func(t *testing.T) index.Backend { return openTestES(t) })
//	}
func Contract(t *testing.T, open func(t *testing.T) index.Backend) {
	for _, c := range contractCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

var contractCases = []contractCase{
	{"MeetingRoundTrip", testMeetingRoundTrip},
	{"PutMeetingReplaces", testPutMeetingReplaces},
	{"DeleteMeeting", testDeleteMeeting},
	{"Files", testFiles},
	{"FilesInFolder", testFilesInFolder},
	{"DecisionsStemming", testDecisionsStemming},
	{"DecisionsEveryTerm", testDecisionsEveryTerm},
	{"DecisionsItemTitleOnly", testDecisionsItemTitleOnly},
	{"DecisionsAll", testDecisionsAll},
	{"DecisionsFilters", testDecisionsFilters},
	{"DecisionsByDate", testDecisionsByDate},
	{"DecisionsByRelevance", testDecisionsByRelevance},
	{"DecisionsHighlight", testDecisionsHighlight},
	{"DecisionsContext", testDecisionsContext},
	{"AttendancePerYear", testAttendancePerYear},
	{"AttendancePerQuarterAndMonth", testAttendancePerQuarterAndMonth},
	{"AttendanceByPerson", testAttendanceByPerson},
	{"AttendanceFilters", testAttendanceFilters},
	{"Meetings", testMeetings},
	{"MeetingsFilters", testMeetingsFilters},
	{"Search", testSearch},
	{"ListTotals", testListTotals},
	{"Bodies", testBodies},
}

// ctPut stores meetings and flushes.
func ctPut(t *testing.T, b index.Backend, ms ...*minutes.Meeting) {
	t.Helper()
	ctx := context.Background()
	for _, m := range ms {
		if err := b.PutMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ctFlush(t, b)
}

func ctFlush(t *testing.T, b index.Backend) {
	t.Helper()
	if err := b.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// ctNormalized is m as its JSON encoding reads back: the stored form.
func ctNormalized(t *testing.T, m *minutes.Meeting) *minutes.Meeting {
	t.Helper()
	js, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out minutes.Meeting
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func ctDecisions(t *testing.T, b index.Backend, q index.DecisionQuery) []index.DecisionHit {
	t.Helper()
	hitsRes, err := b.Decisions(context.Background(), q)
	hits := hitsRes.Hits
	if err != nil {
		t.Fatalf("Decisions(%+v): %v", q, err)
	}
	return hits
}

// ctKey names a decision hit "meeting/item".
func ctKey(h index.DecisionHit) string { return h.MeetingID + "/" + strconv.Itoa(h.Item) }

func ctKeys(hits []index.DecisionHit) []string {
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		out = append(out, ctKey(h))
	}
	return out
}

// ctSameSet reports a difference between got and want as sets.
func ctSameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	sort.Strings(g)
	sort.Strings(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s: got %q, want %q (in any order)", what, got, want)
	}
}

func testMeetingRoundTrip(t *testing.T, b index.Backend) {
	ctx := context.Background()
	ctPut(t, b, fixture.All()...)
	for _, m := range fixture.All() {
		got, err := b.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := ctNormalized(t, m); !reflect.DeepEqual(got, want) {
			t.Errorf("Meeting(%s):\n got %+v\nwant %+v", m.ID, got, want)
		}
	}
	got, _ := b.Meeting(ctx, "a2021")
	if got.Attendees[3].Municipality != "" || got.Decisions[2].Item != 0 || got.Items[1].Pos.Line != 12 {
		t.Errorf("Meeting(a2021) lost detail: %+v", got)
	}
	if _, err := b.Meeting(ctx, "missing"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Meeting(missing): err %v, want ErrNotFound", err)
	}
}

func testPutMeetingReplaces(t *testing.T, b index.Backend) {
	ctx := context.Background()
	ctPut(t, b, fixture.A(), fixture.B())
	small := fixture.A()
	small.Attendees = small.Attendees[2:3] // Ale only
	small.Items = small.Items[:1]
	small.Decisions = small.Decisions[2:] // "Nästa möte"
	ctPut(t, b, small)

	if got := ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "socionomprogram"})); len(got) != 0 {
		t.Errorf("old decision found after re-put: %q", got)
	}
	all := ctDecisions(t, b, index.DecisionQuery{Filter: index.Filter{Body: fixture.BodySocial, To: "2021-12-31"}})
	ctSameSet(t, "decisions of a2021", ctKeys(all), []string{"a2021/0"})
	itemsRes, err := b.Search(ctx, index.TextQuery{Text: "socionomprogram"})
	items := itemsRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("old agenda point found after re-put: %+v", items)
	}
	att, err := b.Attendance(ctx, index.AttendanceQuery{By: "person", Filter: index.Filter{To: "2021-12-31"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(att.Rows) != 1 || att.Rows[0].Key != "Cilla Ceder" {
		t.Errorf("attendance after re-put: %+v", att.Rows)
	}
	msRes, err := b.Meetings(ctx, index.Filter{To: "2021-12-31"})
	ms := msRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Attendees != 1 || ms[0].Items != 1 || ms[0].Decisions != 1 {
		t.Errorf("summary after re-put: %+v", ms)
	}
	got, err := b.Meeting(ctx, "a2021")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ctNormalized(t, small)) {
		t.Errorf("Meeting after re-put: %+v", got)
	}
}

func testDeleteMeeting(t *testing.T, b index.Backend) {
	ctx := context.Background()
	ctPut(t, b, fixture.A(), fixture.B())
	rec := index.FileRecord{Path: "/minutes/2021-03-10.txt", SHA256: "a1", MeetingID: "a2021", Imported: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := b.PutFile(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteMeeting(ctx, "a2021"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteMeeting(ctx, "never-stored"); err != nil {
		t.Errorf("DeleteMeeting(never-stored): %v, want nil", err)
	}
	ctFlush(t, b)

	if _, err := b.Meeting(ctx, "a2021"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Meeting after delete: err %v, want ErrNotFound", err)
	}
	ctSameSet(t, "decisions", ctKeys(ctDecisions(t, b, index.DecisionQuery{})), []string{"b2022/1", "b2022/2"})
	itemsRes, err := b.Search(ctx, index.TextQuery{Text: "socionomprogram praktikplatser"})
	items := itemsRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("agenda point of deleted meeting found: %+v", items)
	}
	att, err := b.Attendance(ctx, index.AttendanceQuery{By: "person"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range att.Rows {
		if r.Key == "Gun Gustafsson" || r.Key == "Bo Berg" || r.Attended["2021"] != 0 {
			t.Errorf("attendance of deleted meeting counted: %+v", r)
		}
	}
	if att.Held["2021"] != 0 {
		t.Errorf("deleted meeting counted as held: %v", att.Held)
	}
	msRes, err := b.Meetings(ctx, index.Filter{})
	ms := msRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].ID != "b2022" {
		t.Errorf("Meetings after delete: %+v", ms)
	}
	if got, err := b.File(ctx, rec.Path); err != nil || got.MeetingID != "a2021" {
		t.Errorf("file record lost with its meeting: %+v, %v", got, err)
	}
}

func testFiles(t *testing.T, b index.Backend) {
	ctx := context.Background()
	path := "/minutes/2022-11-15.pdf"
	if _, err := b.File(ctx, path); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("File before PutFile: err %v, want ErrNotFound", err)
	}
	ctPut(t, b, fixture.B()) // a meeting document must not be mistaken for a file
	if _, err := b.File(ctx, "b2022"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("File(meeting ID): err %v, want ErrNotFound", err)
	}
	rec := index.FileRecord{Path: path, SHA256: "b1", MeetingID: "b2022", Imported: time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)}
	for _, r := range []index.FileRecord{rec, {Path: path, SHA256: "b2", MeetingID: "b2022x", Imported: rec.Imported.Add(time.Hour)}} {
		if err := b.PutFile(ctx, r); err != nil {
			t.Fatal(err)
		}
		ctFlush(t, b)
		got, err := b.File(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != r.Path || got.SHA256 != r.SHA256 || got.MeetingID != r.MeetingID || !got.Imported.Equal(r.Imported) {
			t.Errorf("File: got %+v, want %+v", got, r)
		}
	}
	if err := b.DeleteFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteFile(ctx, "/never/imported.txt"); err != nil {
		t.Errorf("DeleteFile(never imported): %v, want nil", err)
	}
	ctFlush(t, b)
	if _, err := b.File(ctx, path); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("File after DeleteFile: err %v, want ErrNotFound", err)
	}
	if _, err := b.Meeting(ctx, "b2022"); err != nil {
		t.Errorf("meeting lost with a file record: %v", err)
	}
}

func testFilesInFolder(t *testing.T, b index.Backend) {
	ctx := context.Background()
	sep := string(filepath.Separator)
	p := func(parts ...string) string { return sep + strings.Join(parts, sep) }
	ctPut(t, b, fixture.B()) // a meeting is no file
	for _, path := range []string{p("data", "a", "x.txt"), p("data", "a", "sub", "y.pdf"), p("data", "ab", "z.txt"), p("data", "a b", "v.txt"), p("other", "w.txt")} {
		if err := b.PutFile(ctx, index.FileRecord{Path: path, SHA256: "s", MeetingID: "b2022"}); err != nil {
			t.Fatal(err)
		}
	}
	ctFlush(t, b)
	for _, dir := range []string{p("data", "a"), p("data", "a") + sep} {
		got, err := b.Files(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, r := range got {
			paths = append(paths, r.Path)
		}
		if want := []string{p("data", "a", "sub", "y.pdf"), p("data", "a", "x.txt")}; !reflect.DeepEqual(paths, want) {
			t.Errorf("Files(%q) = %q, want %q", dir, paths, want)
		}
	}
	if got, err := b.Files(ctx, p("nothing")); err != nil || len(got) != 0 {
		t.Errorf("Files(empty folder) = %v, %v", got, err)
	}
}

func testDecisionsStemming(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	// "socionomprogrammet", "socionomprogrammets" and the item title "Socionomprogram och praktik".
	ctSameSet(t, "socionomprogram", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "socionomprogram"})),
		[]string{"a2021/2", "c2023/1", "d-nodate/1"})
	ctSameSet(t, "Socionomprogrammet", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "Socionomprogrammet"})),
		[]string{"a2021/2", "c2023/1", "d-nodate/1"})
	ctSameSet(t, "hedersrelaterat våld", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "hedersrelaterat våld"})),
		[]string{"a2021/3"})
	ctSameSet(t, "budgeten", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "budgeten"})),
		[]string{"b2022/1", "a2022/0"})
}

func testDecisionsEveryTerm(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	for _, text := range []string{"hedersrelaterat budget", "socionomprogram budget", "våld digitalt"} {
		if got := ctDecisions(t, b, index.DecisionQuery{Text: text}); len(got) != 0 {
			t.Errorf("%q: got %q, want none (every term must match)", text, ctKeys(got))
		}
	}
	// Terms may match in different fields: "budget" in the text, "2023" only in the item title.
	ctSameSet(t, "verksamhetsplan budget", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "verksamhetsplan budget"})), []string{"b2022/1"})
	ctSameSet(t, "budget 2023", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "budgeten 2023"})), []string{"b2022/1"})
	ctSameSet(t, "stödja socionomprogram", ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "stödja socionomprogram"})), []string{"a2021/2"})
	// Only stop words: nothing to search for.
	if got := ctDecisions(t, b, index.DecisionQuery{Text: "och i att"}); len(got) != 0 {
		t.Errorf("stop words only: got %q, want none", ctKeys(got))
	}
}

func testDecisionsItemTitleOnly(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	hits := ctDecisions(t, b, index.DecisionQuery{Text: "missbruksvård"})
	if len(hits) != 1 || ctKey(hits[0]) != "b2022/2" {
		t.Fatalf("missbruksvård: got %q, want [b2022/2]", ctKeys(hits))
	}
	h := hits[0]
	if h.ItemTitle != "Missbruksvård" || h.Text != "Ärendet bordlades till nästa möte." {
		t.Errorf("hit: %+v", h)
	}
	if h.Highlight != "" {
		t.Errorf("highlight %q, want none when only the item title matched", h.Highlight)
	}
}

func testDecisionsAll(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	all := []string{"a2021/2", "a2021/3", "a2021/0", "b2022/1", "b2022/2", "a2022/0", "c2023/1", "d-nodate/1"}
	for _, s := range []index.Sort{index.ByRelevance, index.ByDate} {
		hits := ctDecisions(t, b, index.DecisionQuery{Sort: s})
		ctSameSet(t, "empty text, sort "+string(s), ctKeys(hits), all)
		for _, h := range hits {
			if h.Highlight != "" {
				t.Errorf("empty text: highlight %q on %s", h.Highlight, ctKey(h))
			}
		}
	}
	if got := ctDecisions(t, b, index.DecisionQuery{Sort: index.ByDate, Filter: index.Filter{Limit: 3}}); !slices.Equal(ctKeys(got), []string{"c2023/1", "a2022/0", "b2022/1"}) {
		t.Errorf("limit 3 by date: got %q", ctKeys(got))
	}
}

func testDecisionsFilters(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	cases := []struct {
		q    index.DecisionQuery
		want []string
	}{
		{index.DecisionQuery{Filter: index.Filter{From: "2022-01-01"}}, []string{"c2023/1", "a2022/0", "b2022/1", "b2022/2"}},
		{index.DecisionQuery{Filter: index.Filter{To: "2021-12-31"}}, []string{"a2021/0", "a2021/2", "a2021/3"}},
		{index.DecisionQuery{Filter: index.Filter{From: "2022-11-15", To: "2022-11-15"}}, []string{"a2022/0", "b2022/1", "b2022/2"}},
		{index.DecisionQuery{Filter: index.Filter{From: "2021-03-11", To: "2022-11-14"}}, nil},
		{index.DecisionQuery{Filter: index.Filter{Body: "barn OCH unga"}}, []string{"c2023/1", "a2022/0", "d-nodate/1"}},
		{index.DecisionQuery{Filter: index.Filter{Body: "Barn"}}, []string{"c2023/1", "a2022/0", "d-nodate/1"}}, // a prefix
		{index.DecisionQuery{Filter: index.Filter{Body: "UNG"}}, []string{"c2023/1", "a2022/0", "d-nodate/1"}},  // a word's prefix
		{index.DecisionQuery{Filter: index.Filter{Body: "socialchef"}}, []string{"a2021/0", "a2021/2", "a2021/3", "b2022/1", "b2022/2"}},
		{index.DecisionQuery{Filter: index.Filter{Body: "nätverket"}}, nil}, // inside a word
		{index.DecisionQuery{Filter: index.Filter{Body: "och unga barn"}}, nil},
		{index.DecisionQuery{Filter: index.Filter{Municipality: "Åmål"}}, []string{"b2022/1", "b2022/2"}},
		{index.DecisionQuery{Filter: index.Filter{Municipality: "öckerö"}}, []string{"b2022/1", "b2022/2", "d-nodate/1"}},
		{index.DecisionQuery{Text: "socionomprogram", Filter: index.Filter{Municipality: "Göteborg"}}, []string{"a2021/2", "c2023/1", "d-nodate/1"}},
		{index.DecisionQuery{Text: "socionomprogram", Filter: index.Filter{Municipality: "Åmål"}}, nil},
		{index.DecisionQuery{Text: "socionomprogram", Filter: index.Filter{Body: fixture.BodyBarn, From: "2020-01-01"}}, []string{"c2023/1"}},
	}
	for _, c := range cases {
		ctSameSet(t, fmt.Sprintf("%+v", c.q), ctKeys(ctDecisions(t, b, c.q)), c.want)
	}
}

func testDecisionsByDate(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	// Newest first; same date by meeting ID, then agenda point; no date last.
	want := []string{"c2023/1", "a2022/0", "b2022/1", "b2022/2", "a2021/0", "a2021/2", "a2021/3", "d-nodate/1"}
	if got := ctKeys(ctDecisions(t, b, index.DecisionQuery{Sort: index.ByDate})); !slices.Equal(got, want) {
		t.Errorf("by date:\n got %q\nwant %q", got, want)
	}
	want = []string{"c2023/1", "a2021/2", "d-nodate/1"}
	if got := ctKeys(ctDecisions(t, b, index.DecisionQuery{Text: "socionomprogram", Sort: index.ByDate})); !slices.Equal(got, want) {
		t.Errorf("socionomprogram by date:\n got %q\nwant %q", got, want)
	}
	hits := ctDecisions(t, b, index.DecisionQuery{Sort: index.ByDate})
	wantDates := []string{"2023-02-01", "2022-11-15", "2022-11-15", "2022-11-15", "2021-03-10", "2021-03-10", "2021-03-10", ""}
	for i, h := range hits {
		if h.Date != wantDates[i] {
			t.Errorf("hit %d (%s): date %q, want %q", i, ctKey(h), h.Date, wantDates[i])
		}
	}

	// Decisions under one agenda point keep their order in the meeting
	// (beyond 10, so that "10" < "2" as strings would show), in both sorts.
	many := &minutes.Meeting{ID: "e2020", Date: "2020-01-01", Body: "Många beslut"}
	var texts []string
	for i := range 12 {
		texts = append(texts, fmt.Sprintf("Beslut nummer %d om budget.", i+1))
		many.Decisions = append(many.Decisions, minutes.Decision{Item: 1, Text: texts[i]})
	}
	ctPut(t, b, many)
	for _, q := range []index.DecisionQuery{{Sort: index.ByDate}, {Text: "budget", Sort: index.ByRelevance}} {
		q.Filter.Body = many.Body
		var got []string
		for _, h := range ctDecisions(t, b, q) {
			got = append(got, h.Text)
		}
		if !slices.Equal(got, texts) {
			t.Errorf("decisions of one agenda point, sort %q:\n got %q\nwant %q", q.Sort, got, texts)
		}
	}
}

func testDecisionsByRelevance(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	hits := ctDecisions(t, b, index.DecisionQuery{Text: "socionomprogram"})
	ctSameSet(t, "socionomprogram", ctKeys(hits), []string{"a2021/2", "c2023/1", "d-nodate/1"})
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hit %d scores %v above hit %d's %v", i, hits[i].Score, i-1, hits[i-1].Score)
		}
	}
	// Equal scores (identical decisions) fall back to date order.
	twin := fixture.C()
	twin.ID, twin.Date = "c2021", "2021-01-01"
	ctPut(t, b, twin)
	hits = ctDecisions(t, b, index.DecisionQuery{Text: "socionomprogrammets utveckling"})
	if got := ctKeys(hits); !slices.Equal(got, []string{"c2023/1", "c2021/1"}) {
		t.Errorf("equal scores: got %q, want newest first", got)
	}
}

func testDecisionsHighlight(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	cases := []struct {
		text, key, want string
	}{
		{"budget", "b2022/1", "Beslut om <mark>budget</mark> <2023> & verksamhetsplan: <mark>budgeten</mark> fastställdes."},
		{"budget", "a2022/0", "<mark>Budgeten</mark> för barn och unga godkändes."},
		{"hedersrelaterat våld", "a2021/3", "Nätverket ska ta fram en handlingsplan mot <mark>hedersrelaterat</mark> <mark>våld</mark> i nära relationer."},
		{"socionomprogram", "c2023/1", "Nätverket ställer sig bakom <mark>socionomprogrammets</mark> utveckling."},
		{"2023 verksamhetsplan", "b2022/1", "Beslut om budget <<mark>2023</mark>> & <mark>verksamhetsplan</mark>: budgeten fastställdes."},
	}
	for _, c := range cases {
		found := false
		for _, h := range ctDecisions(t, b, index.DecisionQuery{Text: c.text}) {
			if ctKey(h) == c.key {
				found = true
				if h.Highlight != c.want {
					t.Errorf("%q on %s:\n got %q\nwant %q", c.text, c.key, h.Highlight, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: %s not found", c.text, c.key)
		}
	}
}

func testDecisionsContext(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	hits := ctDecisions(t, b, index.DecisionQuery{Text: "stödja socionomprogram"})
	if len(hits) != 1 {
		t.Fatalf("got %q", ctKeys(hits))
	}
	h := hits[0]
	h.Score, h.Highlight = 0, ""
	want := index.DecisionHit{MeetingID: "a2021", Date: "2021-03-10", Body: fixture.BodySocial, Item: 2, ItemTitle: "Socionomprogrammet",
		Text: "Nätverket beslutade att stödja samverkan kring socionomprogrammet.", Source: "/minutes/2021-03-10.txt", Page: 1}
	if h != want {
		t.Errorf("hit:\n got %+v\nwant %+v", h, want)
	}
	hits = ctDecisions(t, b, index.DecisionQuery{Text: "digitalt"})
	if len(hits) != 1 || hits[0].Item != 0 || hits[0].ItemTitle != "" || hits[0].Page != 2 {
		t.Errorf("decision without agenda point: %+v", hits)
	}
	hits = ctDecisions(t, b, index.DecisionQuery{Text: "godkändes"})
	if len(hits) != 1 || hits[0].Date != "2022-11-15" || hits[0].Source != "/minutes/barn-2022-11-15.docx" {
		t.Errorf("decision of a meeting dated by its file name: %+v", hits)
	}
}

func ctAttendance(t *testing.T, b index.Backend, q index.AttendanceQuery) *index.AttendanceCounts {
	t.Helper()
	c, err := b.Attendance(context.Background(), q)
	if err != nil {
		t.Fatalf("Attendance(%+v): %v", q, err)
	}
	return c
}

func ctRowKeys(rows []index.AttendanceRow) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Key)
	}
	return out
}

func testAttendancePerYear(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	for _, by := range []string{"", "municipality"} {
		got := ctAttendance(t, b, index.AttendanceQuery{Per: index.Year, By: by})
		want := &index.AttendanceCounts{
			Held: map[string]int{"2021": 1, "2022": 2, "2023": 1},
			Rows: []index.AttendanceRow{
				// Two from Ale at a2022 and two from Göteborg at a2021 count once each.
				{Key: "Ale", Attended: map[string]int{"2021": 1, "2022": 2, "2023": 1}, First: "2021-03-10", Last: "2023-02-01"},
				{Key: "Göteborg", Attended: map[string]int{"2021": 1, "2022": 1, "2023": 1}, First: "2021-03-10", Last: "2023-02-01"},
				{Key: "Åmål", Attended: map[string]int{"2022": 1}, First: "2022-11-15", Last: "2022-11-15"},
				{Key: "Öckerö", Attended: map[string]int{"2022": 1}, First: "2022-11-15", Last: "2022-11-15"},
			},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("by %q:\n got %+v\nwant %+v", by, got, want)
		}
	}
	if got := ctAttendance(t, b, index.AttendanceQuery{}); !reflect.DeepEqual(got.Held, map[string]int{"2021": 1, "2022": 2, "2023": 1}) {
		t.Errorf("default period: held %v", got.Held)
	}
}

func testAttendancePerQuarterAndMonth(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	q := ctAttendance(t, b, index.AttendanceQuery{Per: index.Quarter})
	if want := map[string]int{"2021-Q1": 1, "2022-Q4": 2, "2023-Q1": 1}; !reflect.DeepEqual(q.Held, want) {
		t.Errorf("quarter held: got %v, want %v", q.Held, want)
	}
	if want := map[string]int{"2021-Q1": 1, "2022-Q4": 2, "2023-Q1": 1}; !reflect.DeepEqual(q.Rows[0].Attended, want) {
		t.Errorf("quarter Ale: got %v, want %v", q.Rows[0].Attended, want)
	}
	m := ctAttendance(t, b, index.AttendanceQuery{Per: index.Month})
	if want := map[string]int{"2021-03": 1, "2022-11": 2, "2023-02": 1}; !reflect.DeepEqual(m.Held, want) {
		t.Errorf("month held: got %v, want %v", m.Held, want)
	}
	if want := []string{"Ale", "Göteborg", "Åmål", "Öckerö"}; !slices.Equal(ctRowKeys(m.Rows), want) {
		t.Errorf("month rows: got %q, want %q", ctRowKeys(m.Rows), want)
	}
	if want := map[string]int{"2022-11": 1}; !reflect.DeepEqual(m.Rows[3].Attended, want) {
		t.Errorf("month Öckerö: got %v, want %v", m.Rows[3].Attended, want)
	}
}

func testAttendanceByPerson(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	got := ctAttendance(t, b, index.AttendanceQuery{By: "person"})
	want := []string{"Anna Andersson", "Bo Berg", "Cilla Ceder", "Dan Dahl", "Eva Ek", "Fia Falk", "Gun Gustafsson", "Gösta Grön"}
	if !slices.Equal(ctRowKeys(got.Rows), want) {
		t.Errorf("persons: got %q, want %q", ctRowKeys(got.Rows), want)
	}
	for _, r := range got.Rows {
		switch r.Key {
		case "Anna Andersson": // d-nodate has no date: not counted
			if w := (index.AttendanceRow{Key: r.Key, Attended: map[string]int{"2021": 1, "2022": 1}, First: "2021-03-10", Last: "2022-11-15"}); !reflect.DeepEqual(r, w) {
				t.Errorf("got %+v, want %+v", r, w)
			}
		case "Cilla Ceder":
			if w := map[string]int{"2021": 1, "2022": 2, "2023": 1}; !reflect.DeepEqual(r.Attended, w) {
				t.Errorf("Cilla: got %v, want %v", r.Attended, w)
			}
		}
	}
}

func testAttendanceFilters(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	got := ctAttendance(t, b, index.AttendanceQuery{Filter: index.Filter{Municipality: "öckerö", Limit: 1}})
	if want := map[string]int{"2022": 1}; !reflect.DeepEqual(got.Held, want) {
		t.Errorf("Öckerö held: got %v, want %v", got.Held, want)
	}
	if want := []string{"Ale", "Göteborg", "Åmål", "Öckerö"}; !slices.Equal(ctRowKeys(got.Rows), want) {
		t.Errorf("rows of meetings with Öckerö: got %q, want %q (Limit does not apply)", ctRowKeys(got.Rows), want)
	}
	got = ctAttendance(t, b, index.AttendanceQuery{Filter: index.Filter{Body: strings.ToUpper(fixture.BodySocial)}})
	if want := map[string]int{"2021": 1, "2022": 1}; !reflect.DeepEqual(got.Held, want) {
		t.Errorf("body held: got %v, want %v", got.Held, want)
	}
	if len(got.Rows) != 4 || got.Rows[0].Key != "Ale" || !reflect.DeepEqual(got.Rows[0].Attended, map[string]int{"2021": 1, "2022": 1}) {
		t.Errorf("body rows: %+v", got.Rows)
	}
	got = ctAttendance(t, b, index.AttendanceQuery{Filter: index.Filter{From: "2022-01-01", To: "2022-12-31"}})
	if want := map[string]int{"2022": 2}; !reflect.DeepEqual(got.Held, want) {
		t.Errorf("2022 held: got %v, want %v", got.Held, want)
	}
	if got.Rows[0].First != "2022-11-15" {
		t.Errorf("First within the filter: %+v", got.Rows[0])
	}
	got = ctAttendance(t, b, index.AttendanceQuery{Filter: index.Filter{From: "2030-01-01"}})
	if len(got.Held) != 0 || len(got.Rows) != 0 || got.Held == nil || got.Rows == nil {
		t.Errorf("nothing: got %+v, want empty, non-nil", got)
	}
}

func ctMeetingIDs(ms []index.MeetingSummary) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func testMeetings(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	msRes, err := b.Meetings(context.Background(), index.Filter{})
	ms := msRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"c2023", "a2022", "b2022", "a2021", "d-nodate"}; !slices.Equal(ctMeetingIDs(ms), want) {
		t.Errorf("order: got %q, want %q", ctMeetingIDs(ms), want)
	}
	want := index.MeetingSummary{ID: "a2021", Date: "2021-03-10", Body: fixture.BodySocial, Title: "Minnesanteckningar socialchefsnätverket 10 mars",
		Attendees: 4, Items: 3, Decisions: 3, Sources: []string{"/minutes/2021-03-10.txt"}}
	if !reflect.DeepEqual(ms[3], want) {
		t.Errorf("summary:\n got %+v\nwant %+v", ms[3], want)
	}
	if ms[1].Date != "2022-11-15" || ms[4].Date != "" || ms[1].Items != 0 {
		t.Errorf("dates: %+v", ms)
	}
	// Several sources keep their order.
	two := fixture.C()
	two.Sources = append(two.Sources, minutes.Source{Path: "/minutes/2023-02-01.pdf", Format: "pdf"})
	ctPut(t, b, two)
	msRes, err = b.Meetings(context.Background(), index.Filter{Limit: 1})
	ms = msRes.Hits
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || !slices.Equal(ms[0].Sources, []string{"/minutes/2023-02-01.txt", "/minutes/2023-02-01.pdf"}) {
		t.Errorf("sources: %+v", ms)
	}
}

func testMeetingsFilters(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	cases := []struct {
		f    index.Filter
		want []string
	}{
		{index.Filter{From: "2022-01-01", To: "2022-12-31"}, []string{"a2022", "b2022"}},
		{index.Filter{Body: "barn och unga"}, []string{"c2023", "a2022", "d-nodate"}},
		{index.Filter{Municipality: "Åmål"}, []string{"b2022"}},
		{index.Filter{Municipality: "ÖCKERÖ"}, []string{"b2022", "d-nodate"}},
		{index.Filter{Municipality: "Göteborg", Body: fixture.BodySocial}, []string{"b2022", "a2021"}},
		{index.Filter{Limit: 2}, []string{"c2023", "a2022"}},
		{index.Filter{To: "2000-01-01"}, []string{}},
	}
	for _, c := range cases {
		msRes, err := b.Meetings(context.Background(), c.f)
		ms := msRes.Hits
		if err != nil {
			t.Fatal(err)
		}
		if got := ctMeetingIDs(ms); !slices.Equal(got, c.want) {
			t.Errorf("%+v: got %q, want %q", c.f, got, c.want)
		}
	}
}

func testSearch(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	search := func(q index.TextQuery) []index.ItemHit {
		t.Helper()
		hitsRes, err := b.Search(context.Background(), q)
		hits := hitsRes.Hits
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		return hits
	}
	itemKeys := func(hits []index.ItemHit) []string {
		out := make([]string, 0, len(hits))
		for _, h := range hits {
			out = append(out, h.MeetingID+"/"+strconv.Itoa(h.Number))
		}
		return out
	}
	hits := search(index.TextQuery{Text: "praktikplatser"})
	if len(hits) != 1 {
		t.Fatalf("praktikplatser: got %q", itemKeys(hits))
	}
	h := hits[0]
	if h.MeetingID != "a2021" || h.Number != 2 || h.Title != "Socionomprogrammet" || h.Date != "2021-03-10" ||
		h.Body != fixture.BodySocial || h.Source != "/minutes/2021-03-10.txt" || !strings.Contains(h.Highlight, "<mark>praktikplatser</mark>") {
		t.Errorf("hit: %+v", h)
	}
	ctSameSet(t, "socionomprogram", itemKeys(search(index.TextQuery{Text: "socionomprogram"})), []string{"a2021/2", "c2023/1", "d-nodate/1"})
	for _, h := range search(index.TextQuery{Text: "socionomprogram"}) {
		if !strings.Contains(h.Highlight, "<mark>") {
			t.Errorf("no <mark> in highlight %q of %s/%d", h.Highlight, h.MeetingID, h.Number)
		}
	}
	ctSameSet(t, "every term", itemKeys(search(index.TextQuery{Text: "socionomprogram högskolan"})), []string{"a2021/2"})
	ctSameSet(t, "title and text", itemKeys(search(index.TextQuery{Text: "budget nätverket"})), []string{"b2022/1"})
	ctSameSet(t, "body", itemKeys(search(index.TextQuery{Text: "socionomprogram", Filter: index.Filter{Body: fixture.BodyBarn}})), []string{"c2023/1", "d-nodate/1"})
	ctSameSet(t, "from", itemKeys(search(index.TextQuery{Text: "socionomprogram", Filter: index.Filter{From: "2021-01-01"}})), []string{"a2021/2", "c2023/1"})
	ctSameSet(t, "municipality", itemKeys(search(index.TextQuery{Text: "missbruksvård", Filter: index.Filter{Municipality: "åmål"}})), []string{"b2022/2"})
	if got := search(index.TextQuery{Text: "missbruksvård socionomprogram"}); len(got) != 0 {
		t.Errorf("terms in different agenda points: got %q", itemKeys(got))
	}
	// An empty text lists every agenda point (7), a limit cuts the list.
	if got := search(index.TextQuery{}); len(got) != 7 {
		t.Errorf("empty text: got %q, want all 7", itemKeys(got))
	}
	if got := search(index.TextQuery{Filter: index.Filter{Limit: 2}}); len(got) != 2 {
		t.Errorf("limit 2: got %q", itemKeys(got))
	}
}

// testListTotals: a list cut at its limit says how many matched in all, and
// Limit All lists every match.
func testListTotals(t *testing.T, b index.Backend) {
	ctPut(t, b, fixture.All()...)
	ctx := context.Background()
	for _, c := range []struct {
		limit, want int
	}{{2, 2}, {0, 8}, {index.All, 8}, {8, 8}, {100, 8}} {
		d, err := b.Decisions(ctx, index.DecisionQuery{Filter: index.Filter{Limit: c.limit}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Hits) != c.want || d.Total != 8 || d.Cut() != (c.want < 8) {
			t.Errorf("decisions limit %d: %d hits of %d, cut %v; want %d of 8", c.limit, len(d.Hits), d.Total, d.Cut(), c.want)
		}
	}
	m, err := b.Meetings(ctx, index.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Hits) != 1 || m.Total != 5 || !m.Cut() {
		t.Errorf("meetings limit 1: %d of %d", len(m.Hits), m.Total)
	}
	m, err = b.Meetings(ctx, index.Filter{Limit: index.All, Body: "barn"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Hits) != 3 || m.Total != 3 || m.Cut() {
		t.Errorf("meetings of Barn och unga, all: %d of %d", len(m.Hits), m.Total)
	}
	m, err = b.Meetings(ctx, index.Filter{IDPrefix: "a20"})
	if err != nil {
		t.Fatal(err)
	}
	if ids := ctMeetingIDs(m.Hits); !slices.Equal(ids, []string{"a2022", "a2021"}) || m.Total != 2 {
		t.Errorf("meetings with ID prefix a20: %q of %d", ids, m.Total)
	}
	s, err := b.Search(ctx, index.TextQuery{Text: "socionomprogram", Filter: index.Filter{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Hits) != 1 || s.Total != 3 {
		t.Errorf("search limit 1: %d of %d, want 1 of 3", len(s.Hits), s.Total)
	}
}

// testBodies: the bodies of the stored meetings, a deleted meeting's gone.
func testBodies(t *testing.T, b index.Backend) {
	ctx := context.Background()
	got, err := b.Bodies(ctx)
	if err != nil || len(got) != 0 {
		t.Errorf("empty index: %q, %v", got, err)
	}
	ctPut(t, b, fixture.All()...)
	got, err = b.Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{fixture.BodyBarn, fixture.BodySocial}; !slices.Equal(got, want) {
		t.Errorf("bodies %q, want %q", got, want)
	}
	for _, id := range []string{"a2021", "b2022"} {
		if err := b.DeleteMeeting(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	ctFlush(t, b)
	got, err = b.Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{fixture.BodyBarn}; !slices.Equal(got, want) {
		t.Errorf("after deleting %s's meetings: bodies %q, want %q", fixture.BodySocial, got, want)
	}
}
