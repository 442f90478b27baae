package web

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/bleve"
)

// fixedIndex hands every request the same backend.
type fixedIndex struct {
	b   index.Backend
	err error
}

func (f fixedIndex) Acquire(context.Context) (index.Backend, func(), error) {
	return f.b, func() {}, f.err
}

// testSite is a Server over a Bleve index holding invented meetings, with
// source files in a temporary folder.
type testSite struct {
	t      *testing.T
	srv    *Server
	b      *bleve.Backend
	dir    string // source files
	report string // path of the last import's report
}

func newSite(t *testing.T, ms ...*minutes.Meeting) *testSite {
	t.Helper()
	ctx := context.Background()
	b, err := bleve.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	s := &testSite{t: t, b: b, dir: t.TempDir()}
	s.report = filepath.Join(s.dir, "last-import.json")
	for _, m := range ms {
		for i := range m.Sources {
			// Sources named "unrecorded…" are in the meeting but were never
			// recorded as imported files.
			p := filepath.Join(s.dir, m.Sources[i].Path)
			m.Sources[i].Path = p
			if err := os.WriteFile(p, []byte("innehåll i "+filepath.Base(p)), 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(filepath.Base(p), "unrecorded") {
				continue
			}
			if err := b.PutFile(ctx, index.FileRecord{Path: p, SHA256: "x", MeetingID: m.ID, Imported: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.PutMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	srv, err := New(Options{Index: fixedIndex{b: b}, Log: log, Where: "/test/index",
		LastImport: func() (*ImportReport, error) { return ReadImportReport(s.report) }})
	if err != nil {
		t.Fatal(err)
	}
	s.srv = srv
	return s
}

// get requests path and returns the status and body.
func (s *testSite) get(path string) (int, string) {
	s.t.Helper()
	return s.do(http.MethodGet, path)
}

func (s *testSite) do(method, path string) (int, string) {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Body.String()
}

// meeting returns an invented meeting of body on date with attendees given
// as "Name/Municipality" and one decision per text.
func meeting(id, date, body string, attendees []string, decisions ...string) *minutes.Meeting {
	m := &minutes.Meeting{ID: id, Date: date, Body: body, Title: "Protokoll " + date,
		Sources: []minutes.Source{{Path: id + ".txt", Format: "text"}}}
	for _, a := range attendees {
		k := strings.LastIndex(a, "/")
		name, muni := a[:k], a[k+1:]
		m.Attendees = append(m.Attendees, minutes.Attendee{Name: name, Organisation: muni + " kommun", Municipality: muni})
	}
	for i, d := range decisions {
		n := i + 1
		m.Items = append(m.Items, minutes.AgendaItem{Number: n, Title: fmt.Sprintf("Punkt %d", n), Text: "Diskussion om " + d})
		m.Decisions = append(m.Decisions, minutes.Decision{Item: n, Text: d})
	}
	return m
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

func TestHome(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Kulturnätverket", []string{"Ada Berg/Ale"}, "Nätverket beslutar att anta planen."),
		meeting("m2", "2022-05-06", "Kulturnätverket", []string{"Ada Berg/Ale"}))
	code, body := s.get("/")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	mustContain(t, body, `action="/decisions"`, `href="/meetings/m2"`, `href="/meetings/m1"`,
		"Ingen rapport från en import finns sparad")
	if strings.Index(body, "/meetings/m2") > strings.Index(body, "/meetings/m1") {
		t.Error("latest meetings are not newest first")
	}

	report := `{"generated":"2024-02-03T10:11:00Z","failed":1,"failures":[{"file":"/a/trasig.pdf","error":"pdf: no text"}],
	"qa":{"checked":7,"counts":{"no_date":1},"findings":[{"file":"/a/utan-datum.txt","meeting_id":"m1","problems":["no_date","unknown_organisation"],"unknown_organisations":["Okänd förening"]}]}}`
	if err := os.WriteFile(s.report, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	_, body = s.get("/")
	mustContain(t, body, "7 filer kontrollerade, 1 kunde inte läsas, 1 bör kontrolleras för hand",
		"/a/trasig.pdf", "pdf: no text", `<a href="/meetings/m1">utan-datum.txt</a>`, "inget datum hittades",
		"Okänd förening")

	// A long report is cut on the start page, and the rest counted.
	var many []string
	for i := range 60 {
		many = append(many, fmt.Sprintf(`{"file":"/a/f%02d.txt","problems":["no_date"]}`, i))
	}
	long := `{"qa":{"checked":60,"findings":[` + strings.Join(many, ",") + `],"omitted":5}}`
	if err := os.WriteFile(s.report, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	_, body = s.get("/")
	mustContain(t, body, "f49.txt", "… och 15 till", "65 bör kontrolleras för hand")
	mustNotContain(t, body, "f50.txt")

	if err := os.WriteFile(s.report, []byte("{trasig"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, body = s.get("/")
	if code != http.StatusOK {
		t.Fatalf("unreadable report: status %d", code)
	}
	mustContain(t, body, "Rapporten från senaste importen kunde inte läsas")
}

func TestDecisions(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Kulturnätverket", []string{"Ada Berg/Ale"}, "Nätverket beslutar att anta handlingsplanen för bibliotek."),
		meeting("m2", "2022-05-06", "Skolnätverket", []string{"Bo Ek/Lerum"}, "Nätverket beslutar om skolskjuts.", "=HYPERLINK(\"x\") godkänns för bibliotek."))

	code, body := s.get("/decisions?q=bibliotek")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	mustContain(t, body, "<mark>bibliotek</mark>", `href="/meetings/m1#punkt-1"`, "2021-03-04", "Kulturnätverket",
		"§1 Punkt 1", `href="/decisions.csv?q=bibliotek"`)
	mustNotContain(t, body, "skolskjuts")

	_, body = s.get("/decisions?q=bibliotek&body=skolnätverket")
	mustContain(t, body, "HYPERLINK")
	mustNotContain(t, body, "handlingsplanen")

	_, body = s.get("/decisions?q=bibliotek&from=2022")
	mustNotContain(t, body, "handlingsplanen")
	_, body = s.get("/decisions?municipality=Ale")
	mustContain(t, body, "handlingsplanen")
	mustNotContain(t, body, "skolskjuts")

	_, body = s.get("/decisions?q=ingenting")
	mustContain(t, body, "Inga beslut hittades om ”ingenting”")

	code, body = s.get("/decisions?q=bibliotek&from=2022-13")
	if code != http.StatusBadRequest {
		t.Errorf("bad date: status %d", code)
	}
	mustContain(t, body, "Från: &#34;2022-13&#34; är inget datum")
	code, body = s.get("/decisions?from=2023&to=2022")
	if code != http.StatusBadRequest {
		t.Errorf("from after to: status %d", code)
	}
	mustContain(t, body, "ligger efter")
}

func TestDecisionsPaging(t *testing.T) {
	var ms []*minutes.Meeting
	for i := range 30 {
		ms = append(ms, meeting(fmt.Sprintf("m%02d", i), fmt.Sprintf("2020-01-%02d", i+1), "Nätverket",
			nil, fmt.Sprintf("Beslut nummer %d om budget.", i)))
	}
	s := newSite(t, ms...)
	_, body := s.get("/decisions?q=budget&sort=date")
	mustContain(t, body, "Beslut 1–25 av 30", "Beslut nummer 29 ", `href="/decisions?page=2&amp;q=budget&amp;sort=date"`)
	mustNotContain(t, body, "Beslut nummer 4 ", "Föregående")
	_, body = s.get("/decisions?q=budget&sort=date&page=2")
	mustContain(t, body, "Beslut 26–30", "Beslut nummer 4 ", "Beslut nummer 0 ", "Föregående")
	mustNotContain(t, body, "Beslut nummer 5 ", "Nästa")
	code, _ := s.get("/decisions?page=0")
	if code != http.StatusBadRequest {
		t.Errorf("page 0: status %d", code)
	}

	// The CSV holds the whole answer.
	code, body = s.get("/decisions.csv?q=budget")
	if code != http.StatusOK {
		t.Fatalf("csv: status %d", code)
	}
	rows := readCSV(t, body)
	if len(rows) != 31 {
		t.Errorf("csv has %d rows, want header + 30", len(rows))
	}
}

// readCSV reads a CSV download: BOM, semicolons.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\uFEFF") {
		t.Error("CSV without byte order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestDecisionsCSV(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Kulturnätverket", nil, "Nätverket beslutar att anta handlingsplanen för bibliotek."),
		meeting("m2", "2022-05-06", "=Skolnätverket", nil, "=HYPERLINK(\"x\") godkänns för bibliotek."))
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/decisions.csv?q=bibliotek&sort=date", nil))
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows := readCSV(t, rec.Body.String())
	want := [][]string{
		{"datum", "organ", "punkt", "rubrik", "beslut", "möte", "källfil", "sida"},
		{"2022-05-06", "'=Skolnätverket", "1", "Punkt 1", "'=HYPERLINK(\"x\") godkänns för bibliotek.", "m2", filepath.Join(s.dir, "m2.txt"), ""},
		{"2021-03-04", "Kulturnätverket", "1", "Punkt 1", "Nätverket beslutar att anta handlingsplanen för bibliotek.", "m1", filepath.Join(s.dir, "m1.txt"), ""},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("csv\n got %q\nwant %q", rows, want)
	}
	code, _ := s.get("/decisions.csv?to=x")
	if code != http.StatusBadRequest {
		t.Errorf("bad date: status %d", code)
	}
}

// TestEscaped checks that document text reaches the page as text: tags in
// it are escaped everywhere, in highlighted decisions too.
func TestEscaped(t *testing.T) {
	m := meeting("m1", "2021-03-04", "<b>Nätverket</b>", []string{"<script>alert(1)</script>/Ale"},
		"Beslut om <b>fet</b> budget <script>alert(2)</script>.")
	m.Items[0].Title = "<script>alert(3)</script> rubrik"
	m.Items[0].Text = "Text med <b>taggar</b> och <img src=x onerror=alert(4)>."
	m.Title = "<i>titel</i>"
	s := newSite(t, m)
	for _, path := range []string{"/", "/decisions?q=budget", "/decisions?q=fet", "/meetings", "/meetings/m1",
		"/attendance", "/attendance/detail?key=Ale"} {
		code, body := s.get(path)
		if code != http.StatusOK {
			t.Errorf("%s: status %d", path, code)
			continue
		}
		mustNotContain(t, body, "<script>alert", "<b>", "<img", "<i>")
		if strings.Count(body, "<script") != 1 { // the page's own script tag
			t.Errorf("%s: %d script tags", path, strings.Count(body, "<script"))
		}
	}
	_, body := s.get("/decisions?q=budget")
	mustContain(t, body, "Beslut om &lt;b&gt;fet&lt;/b&gt; <mark>budget</mark> &lt;script&gt;alert(2)&lt;/script&gt;.",
		"&lt;b&gt;Nätverket&lt;/b&gt;")
	_, body = s.get("/meetings/m1")
	mustContain(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "Text med &lt;b&gt;taggar&lt;/b&gt;",
		"&lt;img src=x onerror=alert(4)&gt;", "&lt;script&gt;alert(3)&lt;/script&gt; rubrik")
}

func TestMarked(t *testing.T) {
	for _, c := range []struct{ text, hl, want string }{
		{"a budget b", "a <mark>budget</mark> b", "a <mark>budget</mark> b"},
		{"<b>x</b> y", "<b>x</b> <mark>y</mark>", "&lt;b&gt;x&lt;/b&gt; <mark>y</mark>"},
		// A mark tag in the text itself stays text.
		{"<mark>x</mark> y", "<mark>x</mark> <mark>y</mark>", "&lt;mark&gt;x&lt;/mark&gt; <mark>y</mark>"},
		{"x & y", "<mark>x</mark> &amp; y", "x &amp; y"}, // not text with marks: no highlight
		{"x y", "<mark>x y", "x y"},          // unclosed
		{"x y", "<mark>x</mark> y z", "x y"}, // longer than the text
		{"x y", "", "x y"},                   // no highlight
		{"å <ä>", "<mark>å</mark> <ä>", "<mark>å</mark> &lt;ä&gt;"},       // multi-byte
		{"a<mark>", "a<mark><mark></mark>", "a&lt;mark&gt;<mark></mark>"}, // the literal first
		{"ab", "<mark></mark>ab", "<mark></mark>ab"},                      // empty mark
		{`"q" 'a'`, `<mark>"q"</mark> 'a'`, "<mark>&#34;q&#34;</mark> &#39;a&#39;"},
	} {
		if got := string(marked(c.text, c.hl)); got != c.want {
			t.Errorf("marked(%q, %q) = %q, want %q", c.text, c.hl, got, c.want)
		}
	}
}

func TestAttendance(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Nätverket", []string{"Ada Berg/Ale", "Bo Ek/Lerum"}),
		meeting("m2", "2021-09-01", "Nätverket", []string{"Ada Berg/Ale", "Cia Ås/Lerum"}),
		meeting("m3", "2022-05-06", "Nätverket", []string{"Bo Ek/Lerum"}),
		meeting("m4", "2022-06-07", "Annat", []string{"Ada Berg/Ale"}))
	code, body := s.get("/attendance?body=N%C3%A4tverket")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	// Ale missed 2022 and comes first; Lerum attended every meeting.
	mustContain(t, body,
		`<tr class="held"><th scope="row">Möten hållna</th><td>2</td><td>1</td><td>3</td>`,
		`aria-label="Ale 2021: 2 av 2 möten">2/2</a>`,
		`<td class="cell c0" data-period="2022"><a href="/attendance/detail?body=N%C3%A4tverket&amp;by=municipality&amp;key=Ale&amp;per=year&amp;period=2022" aria-label="Ale 2022: 0 av 1 möten">0/1</a>`,
		`aria-label="Lerum 2022: 1 av 1 möten">1/1</a>`, "67 %", "100 %")
	if strings.Index(body, `data-key="Ale"`) > strings.Index(body, `data-key="Lerum"`) {
		t.Error("the row with a gap is not first")
	}
	_, body = s.get("/attendance?body=N%C3%A4tverket&sort=name&per=quarter")
	mustContain(t, body, ">2021-Q1<", ">2021-Q3<", ">2022-Q2<", `class="stopped"`)

	_, body = s.get("/attendance?by=person&body=N%C3%A4tverket")
	mustContain(t, body, `data-key="Cia Ås"`, `aria-label="Bo Ek 2021: 1 av 2 möten"`)

	code, body = s.get("/attendance.csv?body=N%C3%A4tverket")
	if code != http.StatusOK {
		t.Fatalf("csv: status %d", code)
	}
	want := [][]string{
		{"kommun", "2021", "2022", "närvarat", "andel", "första", "senaste"},
		{"(möten hållna)", "2", "1", "3", "", "", ""},
		{"Ale", "2", "0", "2", "0.667", "2021-03-04", "2021-09-01"},
		{"Lerum", "1", "1", "2", "0.667", "2021-03-04", "2022-05-06"},
	}
	// Lerum attended both 2021 meetings? No: m2 had Cia Ås of Lerum too.
	want[3] = []string{"Lerum", "2", "1", "3", "1.000", "2021-03-04", "2022-05-06"}
	if got := readCSV(t, body); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("csv\n got %q\nwant %q", got, want)
	}
	code, _ = s.get("/attendance?from=nej")
	if code != http.StatusBadRequest {
		t.Errorf("bad date: status %d", code)
	}
}

func TestAttendanceDetail(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Nätverket", []string{"Ada Berg/Ale", "Bo Ek/Lerum"}),
		meeting("m2", "2021-09-01", "Nätverket", []string{"Cia Ås/Lerum"}),
		meeting("m3", "2022-05-06", "Nätverket", []string{"Ada Berg/Ale", "Dan Ro/Ale"}))
	_, body := s.get("/attendance/detail?key=Ale&by=municipality")
	mustContain(t, body, "Närvarade vid 2 av 3 möten", "Ada Berg", "Dan Ro", "Saknades", `href="/meetings/m2"`)
	mustNotContain(t, body, "Bo Ek", "Cia Ås")

	_, body = s.get("/attendance/detail?key=Ale&period=2022")
	mustContain(t, body, "Närvarade vid 1 av 1 möten", "Dan Ro")
	mustNotContain(t, body, "Saknades")
	_, body = s.get("/attendance/detail?key=Lerum&period=2021-Q3")
	mustContain(t, body, "Närvarade vid 1 av 1 möten", "Cia Ås")

	_, body = s.get("/attendance/detail?key=Ada+Berg&by=person")
	mustContain(t, body, "Närvarade vid 2 av 3 möten")

	for _, bad := range []string{"/attendance/detail", "/attendance/detail?key=Ale&period=2022-Q5"} {
		if code, _ := s.get(bad); code != http.StatusBadRequest {
			t.Errorf("%s: status %d", bad, code)
		}
	}
}

func TestPeriodRange(t *testing.T) {
	for _, c := range []struct{ key, from, to string }{
		{"2022", "2022-01-01", "2022-12-31"},
		{"2022-Q1", "2022-01-01", "2022-03-31"},
		{"2022-Q4", "2022-10-01", "2022-12-31"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2023-02", "2023-02-01", "2023-02-28"},
		{"1900-02", "1900-02-01", "1900-02-28"},
		{"2022-11", "2022-11-01", "2022-11-30"},
		{"2022-Q0", "", ""},
		{"2022-13", "", ""},
		{"20x2", "", ""},
		{"+022", "", ""},
		{"", "", ""},
	} {
		from, to, ok := periodRange(c.key)
		if from != c.from || to != c.to || ok != (c.from != "") {
			t.Errorf("periodRange(%q) = %q, %q, %v", c.key, from, to, ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		end  bool
		want string
	}{
		{"2022", false, "2022-01-01"},
		{"2022", true, "2022-12-31"},
		{"2022-02", true, "2022-02-28"},
		{"2022-02-03", true, "2022-02-03"},
		{"", false, ""},
		{"2022-2-3", false, "error"},
		{"22", false, "error"},
		{"2022-02-30", false, "error"},
	} {
		got, err := parseDate("Från", c.in, c.end)
		if err != nil {
			got = "error"
		}
		if got != c.want {
			t.Errorf("parseDate(%q, %v) = %q, want %q", c.in, c.end, got, c.want)
		}
	}
}

func TestItemsLabel(t *testing.T) {
	for _, c := range []struct {
		in   []int
		want string
	}{
		{nil, "alla"},
		{[]int{3}, "§3"},
		{[]int{2, 3, 4, 7}, "§2–4, §7"},
		{[]int{1, 3, 5}, "§1, §3, §5"},
	} {
		if got := itemsLabel(c.in); got != c.want {
			t.Errorf("itemsLabel(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMeetings(t *testing.T) {
	s := newSite(t,
		meeting("m1", "2021-03-04", "Kulturnätverket", []string{"Ada Berg/Ale"}),
		meeting("m2", "2022-05-06", "Skolnätverket", []string{"Bo Ek/Lerum"}))
	_, body := s.get("/meetings")
	mustContain(t, body, `href="/meetings/m1"`, `href="/meetings/m2"`, "Möten 1–2 av 2",
		`<datalist id="bodies"><option value="Kulturnätverket"><option value="Skolnätverket"></datalist>`,
		`<option value="Öckerö">`)
	_, body = s.get("/meetings?municipality=Lerum")
	mustContain(t, body, `href="/meetings/m2"`)
	mustNotContain(t, body, `href="/meetings/m1"`)
	_, body = s.get("/meetings?to=2021")
	mustContain(t, body, `href="/meetings/m1"`)
	mustNotContain(t, body, `href="/meetings/m2"`)
}

func TestMeeting(t *testing.T) {
	m := meeting("m1", "2021-03-04", "Kulturnätverket", []string{"Ada Berg/Ale", "Bo Ek/Lerum"},
		"Planen antas.", "Budgeten godkänns.")
	m.Attendees[1].Items = []int{2, 3, 4}
	m.Attendees[1].Group = "Adjungerade"
	m.Attendees = append(m.Attendees, minutes.Attendee{Name: "Gunnel Gäst", Organisation: "Blåbärsgruppen"})
	m.Decisions = append(m.Decisions, minutes.Decision{Text: "Ett beslut utan punkt."})
	m.RecordedBy = []string{"Eva Sekreterare"}
	m.Sources = append(m.Sources, minutes.Source{Path: "m1.pdf", Format: "pdf", Pages: 3})
	s := newSite(t, m)
	code, body := s.get("/meetings/m1")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	mustContain(t, body, "<h1>Kulturnätverket", "2021-03-04", "Eva Sekreterare",
		"<td>Ada Berg</td><td>Ale kommun</td><td>Ale</td><td>alla</td>",
		"Bo Ek<br><span class=\"muted small\">Adjungerade</span></td><td>Lerum kommun</td><td>Lerum</td><td>§2–4</td>",
		`id="punkt-2"`, "§2 Punkt 2", "Diskussion om Budgeten godkänns.", "<strong>Beslut:</strong> Budgeten godkänns.",
		"Beslut utan punkt", "Ett beslut utan punkt.",
		`href="/meetings/m1/source/0" download>m1.txt</a>`, `href="/meetings/m1/source/1" download>m1.pdf</a>`, "3 sidor",
		"Att kontrollera för hand", "<li>organisation som varken är kommun eller känd: Blåbärsgruppen</li>")
	mustNotContain(t, body, "inget datum hittades", "inga deltagare hittades")

	clean := newSite(t, meeting("m2", "2021-03-04", "Nätverket", []string{"Ada Berg/Ale"}, "Planen antas."))
	_, body = clean.get("/meetings/m2")
	mustNotContain(t, body, "Att kontrollera för hand")

	code, body = s.get("/meetings/nosuch")
	if code != http.StatusNotFound {
		t.Errorf("unknown meeting: status %d", code)
	}
	mustContain(t, body, "Finns inte")
}

func TestSource(t *testing.T) {
	m := meeting("m1", "2021-03-04", "Nätverket", nil)
	m.Sources = append(m.Sources, minutes.Source{Path: "unrecorded.txt", Format: "text"},
		minutes.Source{Path: "m1.pdf", Format: "pdf"})
	s := newSite(t, m)

	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/meetings/m1/source/0", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "innehåll i m1.txt" {
		t.Fatalf("source 0: %d %q", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=m1.txt` {
		t.Errorf("Content-Disposition %q", cd)
	}
	code, _ := s.get("/meetings/m1/source/2")
	if code != http.StatusOK {
		t.Errorf("pdf source: status %d", code)
	}

	// Nothing but the recorded imported files can be had, whatever the URL.
	secret := filepath.Join(s.dir, "secret.txt")
	if err := os.WriteFile(secret, []byte("hemligt"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/meetings/m1/source/1", // in the meeting, not recorded as imported
		"/meetings/m1/source/3",
		"/meetings/m1/source/-1",
		"/meetings/m1/source/x",
		"/meetings/m1/source/..%2f..%2f..%2fetc%2fpasswd",
		"/meetings/m1/source/0%2f..%2fsecret.txt",
		"/meetings/..%2f..%2fetc%2fpasswd/source/0",
		"/meetings/m1/source/../../../etc/passwd",
		"/static/../../../../etc/passwd",
		"/static/..%2f..%2fserver.go",
		"/meetings/nosuch/source/0",
		"/" + secret,
	} {
		code, body := s.get(path)
		if code == http.StatusOK || strings.Contains(body, "hemligt") || strings.Contains(body, "root:") || strings.Contains(body, "innehåll i") {
			t.Errorf("%s: status %d, body %.60q", path, code, body)
		}
	}

	// The file moved away after the import.
	if err := os.Remove(filepath.Join(s.dir, "m1.pdf")); err != nil {
		t.Fatal(err)
	}
	code, body := s.get("/meetings/m1/source/2")
	if code != http.StatusNotFound {
		t.Errorf("removed file: status %d", code)
	}
	mustContain(t, body, "Källfilen saknas")
}

func TestReadOnly(t *testing.T) {
	s := newSite(t, meeting("m1", "2021-03-04", "Nätverket", nil))
	for _, path := range []string{"/", "/decisions", "/meetings/m1", "/attendance", "/decisions.csv"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			if code, _ := s.do(method, path); code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d", method, path, code)
			}
		}
		if code, body := s.do("HEAD", path); code != http.StatusOK || (body != "" && !strings.HasSuffix(path, ".csv")) {
			t.Errorf("HEAD %s: status %d, %d bytes", path, code, len(body))
		}
	}
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if code, _ := s.get("/nosuch"); code != http.StatusNotFound {
		t.Errorf("unknown page: status %d", code)
	}
}

func TestStatic(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/static/style.css", "/static/app.js"} {
		code, body := s.get(path)
		if code != http.StatusOK || len(body) < 100 {
			t.Errorf("%s: status %d, %d bytes", path, code, len(body))
		}
		// Nothing from elsewhere: no URL with a host in the assets.
		mustNotContain(t, body, "http://", "https://", "//fonts", "@import")
	}
}

func TestIndexUnavailable(t *testing.T) {
	log := logrus.New()
	log.SetOutput(io.Discard)
	for _, c := range []struct {
		err    error
		status int
		text   string
	}{
		{ErrNoIndex, http.StatusServiceUnavailable, "Inget index ännu"},
		{errors.New("disk on fire"), http.StatusInternalServerError, "Frågan misslyckades"},
	} {
		srv, err := New(Options{Index: fixedIndex{err: c.err}, Log: log})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/decisions?q=x", "/attendance", "/meetings/m1", "/decisions.csv"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.text) {
				t.Errorf("%v %s: status %d, want %d with %q", c.err, path, rec.Code, c.status, c.text)
			}
			if strings.Contains(rec.Body.String(), "disk on fire") {
				t.Errorf("%s: internal error shown to the user", path)
			}
		}
	}
}
