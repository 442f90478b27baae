package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

// runCLI runs the command line args like run does, with stdout and stderr
// captured, and returns them with the exit status. Tests using it must not
// run in parallel: the global flags and logrus are process-wide.
func runCLI(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// mustRun runs args and fails the test unless the exit status is 0.
func mustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, errOut, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("minutes %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// fixture is a small index written directly through the Store, so that the
// query commands are tested independently of the extraction rules.
var fixture = []*minutes.Meeting{
	{
		ID: "aaaaaa0001", Date: "2021-03-10", Body: "Socialchefsnätverket", Title: "Minnesanteckningar",
		Attendees: []minutes.Attendee{
			{Name: "Anna Ek", Organisation: "Göteborgs Stad", Municipality: "Göteborg"},
			{Name: "Bo Strand", Organisation: "Öckerö", Municipality: "Öckerö", Items: []int{2, 3, 4, 7}},
			{Name: "Cia Berg", Organisation: "GR"},
		},
		Items: []minutes.AgendaItem{
			{Number: 1, Title: "Socionomprogrammet", Text: "Samverkan med Göteborgs universitet om socionomprogrammet."},
			{Number: 2, Title: "Kvinnofrid", Text: "Information om satsningen på kvinnofrid och hedersrelaterat våld."},
		},
		Decisions: []minutes.Decision{
			{Item: 1, Text: "Nätverket ställer sig bakom samverkan om socionomprogrammet.", Pos: minutes.Position{Page: 2}},
			{Item: 2, Text: "Beslut om stödcentrum för hedersrelaterat våld i nära relationer tas i Göteborg."},
		},
		RecordedBy: []string{"Cia Berg"},
	},
	{
		ID: "aaaaaa0002", Date: "2022-05-04", Body: "Socialchefsnätverket",
		Attendees: []minutes.Attendee{
			{Name: "Anna Ek", Organisation: "Göteborgs Stad", Municipality: "Göteborg"},
			{Name: "Cia Berg", Organisation: "GR"},
		},
		Items: []minutes.AgendaItem{
			{Number: 1, Title: "Praktikplatser", Text: "Fler praktikplatser inom socionomprogrammet behövs."},
		},
		Decisions: []minutes.Decision{
			{Item: 1, Text: "Nätverket beslutar att socionomprogrammet ska få fler praktikplatser."},
		},
		RecordedBy: []string{},
	},
	{
		ID: "bbbbbb0003", Date: "2022-11-30", Body: "IFO-chefsnätverket",
		Attendees: []minutes.Attendee{
			{Name: "Anna Ek", Organisation: "Göteborgs Stad", Municipality: "Göteborg"},
			{Name: "Dan Holm", Organisation: "Partille kommun", Municipality: "Partille"},
		},
		Items: []minutes.AgendaItem{
			{Number: 3, Title: "Ekonomi", Text: "Budgeten för nästa år."},
		},
		Decisions:  []minutes.Decision{{Item: 3, Text: "Budgeten fastställs."}},
		RecordedBy: []string{},
	},
}

// fixtureIndex writes the fixture into a new Bleve index and returns its
// folder. Meeting i's source is /protokoll/meeting-<i>.txt.
func fixtureIndex(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	b, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	store := index.NewStore(b)
	ctx := context.Background()
	for i, m := range fixture {
		c := *m
		src := minutes.Source{
			Path:   fmt.Sprintf("/protokoll/meeting-%d.txt", i+1),
			Format: "text",
			SHA256: strings.Repeat(fmt.Sprint(i+1), 64),
			Size:   1000,
		}
		if _, err := store.Import(ctx, src, index.FileStat{}, &c); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestParseDateFlag(t *testing.T) {
	for _, tc := range []struct {
		in        string
		end       bool
		want, err string
	}{
		{"", false, "", ""},
		{"2022-11-30", false, "2022-11-30", ""},
		{"2022-11-30", true, "2022-11-30", ""},
		{"2022", false, "2022-01-01", ""},
		{"2022", true, "2022-12-31", ""},
		{"2022-02", false, "2022-02-01", ""},
		{"2024-02", true, "2024-02-29", ""},
		{"2023-02", true, "2023-02-28", ""},
		{" 2022-12 ", true, "2022-12-31", ""},
		{"2022-13", false, "", "not a date"},
		{"2022-02-30", false, "", "not a date"},
		{"30/11/2022", false, "", "not a date"},
		{"22", false, "", "not a date"},
		{"igår", false, "", "not a date"},
	} {
		got, err := parseDateFlag("--from", tc.in, tc.end)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "--from") {
				t.Errorf("parseDateFlag(%q): err %v, want one containing %q and the flag", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseDateFlag(%q, %v) = %q, %v; want %q", tc.in, tc.end, got, err, tc.want)
		}
	}
}

func TestFilterFlags(t *testing.T) {
	f := filterFlags{from: "2022", to: "2022-06", body: " Socialchefsnätverket ", limit: 5}
	got, err := f.filter()
	if err != nil {
		t.Fatal(err)
	}
	want := index.Filter{From: "2022-01-01", To: "2022-06-30", Body: "Socialchefsnätverket", Limit: 5}
	if got != want {
		t.Errorf("filter = %+v, want %+v", got, want)
	}
	if got, err := (&filterFlags{limit: 0}).filter(); err != nil || got.Limit != index.All {
		t.Errorf("--limit 0: %+v, %v; want Limit All", got, err)
	}
	for _, bad := range []filterFlags{
		{from: "2023", to: "2022"},
		{limit: -1},
		{to: "2022-99"},
	} {
		if _, err := bad.filter(); err == nil {
			t.Errorf("filter(%+v): no error", bad)
		}
	}
}

func TestTable(t *testing.T) {
	tb := table{header: []string{"A", "NUM", "TEXT"}, right: []bool{false, true}}
	tb.add("åäö", "7", "first\nline")
	tb.add("x", "123", "")
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "A    NUM  TEXT\n" +
		"åäö    7  first line\n" +
		"x    123\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTableWrapAndLimit(t *testing.T) {
	tb := table{limit: []int{5}, wrap: 40, indent: "  "}
	tb.add("abcdefghij", "one two three four five six seven eight nine ten eleven twelve")
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("not wrapped:\n%s", b.String())
	}
	if !strings.HasPrefix(lines[0], "  abcd…  one two") {
		t.Errorf("first line %q: want the cut cell and the indent", lines[0])
	}
	for _, l := range lines {
		if visibleWidth(l) > 40 {
			t.Errorf("line %q is wider than 40", l)
		}
	}
	if !strings.HasPrefix(lines[1], strings.Repeat(" ", 9)) {
		t.Errorf("continuation %q not aligned under the last column", lines[1])
	}
}

func TestVisibleWidthIgnoresANSI(t *testing.T) {
	if got := visibleWidth("a" + ansiBold + "bö" + ansiReset); got != 3 {
		t.Errorf("visibleWidth = %d, want 3", got)
	}
}

func TestHighlighter(t *testing.T) {
	var b bytes.Buffer // not a terminal
	h := highlighterFor(&b)
	if got := h.apply("om <mark>socionomprogrammet</mark> och <mark>våld</mark>"); got != "om «socionomprogrammet» och «våld»" {
		t.Errorf("apply = %q", got)
	}
	if got := (highlighter{ansiBold, ansiReset}).apply("<mark>x</mark>"); got != "\x1b[1mx\x1b[0m" {
		t.Errorf("ANSI apply = %q", got)
	}
}

func TestItemLabel(t *testing.T) {
	for _, tc := range []struct {
		n     int
		title string
		want  string
	}{
		{2, "Kvinnofrid", "§2 Kvinnofrid"}, {0, "Övrigt", "Övrigt"}, {3, "", "§3"}, {0, "", ""},
	} {
		if got := itemLabel(tc.n, tc.title); got != tc.want {
			t.Errorf("itemLabel(%d, %q) = %q, want %q", tc.n, tc.title, got, tc.want)
		}
	}
}

func TestJSONAndCSVExclusive(t *testing.T) {
	dir := fixtureIndex(t)
	_, errOut, code := runCLI(t, "meetings", "--index", dir, "--json", "--csv")
	if code == 0 || !strings.Contains(errOut, "--json and --csv") {
		t.Errorf("exit %d, stderr %q: want an error naming both flags", code, errOut)
	}
}

func TestTableFit(t *testing.T) {
	build := func() table {
		tb := table{header: []string{"NAME", "ORGANISATION", "N"}, right: []bool{false, false, true}}
		tb.add("Anna-Karin Abrahamsson-Lindqvist", "Socialförvaltningen Nordost, Göteborgs Stad", "12")
		tb.add("Bo Ek", "GR", "3")
		return tb
	}
	tb := build()
	tb.fit = 40
	var b bytes.Buffer
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, l := range lines {
		if visibleWidth(l) > 40 {
			t.Errorf("line %q is wider than 40", l)
		}
	}
	if !strings.Contains(lines[1], "…") || !strings.HasSuffix(lines[1], "12") || !strings.HasPrefix(lines[2], "Bo Ek ") {
		t.Errorf("cut cells with …, numbers kept whole:\n%s", b.String())
	}

	// Piped (fit 0): whole cells.
	tb = build()
	b.Reset()
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Socialförvaltningen Nordost, Göteborgs Stad") || strings.Contains(b.String(), "…") {
		t.Errorf("piped table was cut:\n%s", b.String())
	}

	// Too narrow for the columns that may not be cut: each line is cut.
	tb = table{header: []string{"K", "2019", "2020", "2021", "2022"}, right: []bool{false, true, true, true, true}, fit: 12}
	tb.add("Ale", "1", "2", "3", "4")
	b.Reset()
	tb.write(&b)
	for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		if visibleWidth(l) > 12 || !strings.HasSuffix(l, "…") {
			t.Errorf("line %q: want at most 12 runes ending in …", l)
		}
	}
}
