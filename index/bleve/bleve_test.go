package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
)

// openTest opens a Bleve index in a fresh temporary folder; the
// contract suite (contract_test.go, index/indextest) opens its backends with it.
func openTest(t testing.TB) *Backend {
	t.Helper()
	b, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

func TestBleveReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "deep", "er", "index") // parents are created
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Dir() != dir {
		t.Errorf("Dir() = %q", b.Dir())
	}
	if err := b.PutMeeting(ctx, fixture.B()); err != nil {
		t.Fatal(err)
	}
	rec := index.FileRecord{Path: "/minutes/2022-11-15.pdf", SHA256: "b1", MeetingID: "b2022", Imported: time.Now().UTC()}
	if err := b.PutFile(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	b, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Meeting(ctx, "b2022"); err != nil {
		t.Errorf("meeting lost on reopen: %v", err)
	}
	got, err := b.File(ctx, rec.Path)
	if err != nil || !got.Imported.Equal(rec.Imported) {
		t.Errorf("file record on reopen: %+v, %v", got, err)
	}
	hitsRes, err := b.Decisions(ctx, index.DecisionQuery{Text: "budgeten"})
	hits := hitsRes.Hits
	if err != nil || len(hits) != 1 {
		t.Errorf("search after reopen: %+v, %v", hits, err)
	}
}

func TestBleveSchemaMismatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	batch := b.idx.NewBatch()
	batch.SetInternal(bleveSchemaKey, []byte("0"))
	b.mu.Lock()
	err = b.apply(batch)
	b.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir)
	if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "version 0") {
		t.Fatalf("err %v, want ErrSchema naming the folder and version", err)
	}
	// The failed open released the index.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	b, err = Open(dir)
	if err != nil {
		t.Fatalf("recreate: %v", err)
	}
	b.Close()
}

func TestBleveInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	start := time.Now()
	_, err = Open(dir)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: err %v, want ErrInUse", err)
	}
	if want := "another import is writing to " + dir; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if d := time.Since(start); d > bleveLockTimeout+5*time.Second {
		t.Errorf("failing took %v", d)
	}
}

func TestBleveForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("err %v, want a refusal to create an index among other files", err)
	}
	empty := t.TempDir() // an existing empty folder is fine
	b, err := Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
}

// TestBlevePutMeetingPages re-puts a meeting with more documents than one
// page of the deletion search.
func TestBlevePutMeetingPages(t *testing.T) {
	ctx := context.Background()
	b := openTest(t)
	m := fixture.A()
	for i := range blevePageSize + 200 {
		m.Attendees = append(m.Attendees, fixture.Attendee(fmt.Sprintf("Person %04d", i), "Ale kommun", "Ale"))
	}
	if err := b.PutMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	att, err := b.Attendance(ctx, index.AttendanceQuery{By: "person"})
	if err != nil || len(att.Rows) != blevePageSize+200+4 {
		t.Fatalf("%d persons, %v", len(att.Rows), err)
	}
	if err := b.PutMeeting(ctx, fixture.A()); err != nil {
		t.Fatal(err)
	}
	att, err = b.Attendance(ctx, index.AttendanceQuery{By: "person"})
	if err != nil || len(att.Rows) != 4 {
		t.Errorf("%d persons after re-put, want 4 (%v)", len(att.Rows), err)
	}
	if err := b.DeleteMeeting(ctx, "a2021"); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := b.each(ctx, blevesearch.NewMatchAllQuery(), nil, func(bleveHit) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d documents left after DeleteMeeting", n)
	}
}

// TestBleveConcurrentReads reads from several goroutines while one writes;
// run with -race.
func TestBleveConcurrentReads(t *testing.T) {
	ctx := context.Background()
	b := openTest(t)
	const meetings = 12
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				var err error
				switch (r + i) % 5 {
				case 0:
					_, err = b.Decisions(ctx, index.DecisionQuery{Text: "budget socialtjänst"})
				case 1:
					_, err = b.Attendance(ctx, index.AttendanceQuery{Per: index.Quarter})
				case 2:
					_, err = b.Meetings(ctx, index.Filter{Municipality: "Göteborg"})
				case 3:
					_, err = b.Search(ctx, index.TextQuery{Text: "ekonomi"})
				case 4:
					var m *minutes.Meeting
					m, err = b.Meeting(ctx, fmt.Sprintf("bench-%d", i%meetings))
					if errors.Is(err, index.ErrNotFound) {
						err = nil
					} else if err == nil && len(m.Decisions) != 3 {
						err = fmt.Errorf("meeting %s read half written: %d decisions", m.ID, len(m.Decisions))
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range meetings {
		m := benchMeeting(i)
		if err := b.PutMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 { // re-put
			if err := b.PutMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.PutFile(ctx, index.FileRecord{Path: fmt.Sprintf("/m/%d.txt", i), MeetingID: m.ID}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	hitsRes, err := b.Decisions(ctx, index.DecisionQuery{Filter: index.Filter{Limit: 10000}})
	hits := hitsRes.Hits
	if err != nil || len(hits) != 3*meetings {
		t.Errorf("%d decisions, want %d (%v)", len(hits), 3*meetings, err)
	}
}

func TestBleveBadQueries(t *testing.T) {
	ctx := context.Background()
	b := openTest(t)
	if err := b.PutMeeting(ctx, &minutes.Meeting{}); err == nil {
		t.Error("PutMeeting without ID: no error")
	}
	if err := b.PutFile(ctx, index.FileRecord{}); err == nil {
		t.Error("PutFile without path: no error")
	}
	if _, err := b.Decisions(ctx, index.DecisionQuery{Filter: index.Filter{From: "1 maj"}}); err == nil || !strings.Contains(err.Error(), "1 maj") {
		t.Errorf("bad From: err %v", err)
	}
	if _, err := b.Decisions(ctx, index.DecisionQuery{Sort: "size"}); err == nil {
		t.Error("unknown sort: no error")
	}
	if _, err := b.Attendance(ctx, index.AttendanceQuery{Per: "week"}); err == nil {
		t.Error("unknown period: no error")
	}
	if _, err := b.Attendance(ctx, index.AttendanceQuery{By: "organisation"}); err == nil {
		t.Error("unknown grouping: no error")
	}
	if _, err := b.Meetings(ctx, index.Filter{To: "2022-02-30"}); err == nil {
		t.Error("impossible To: no error")
	}
}

// TestBleveUnreadableDate stores a meeting whose date is no date: it is kept
// whole but counts as undated.
func TestBleveUnreadableDate(t *testing.T) {
	ctx := context.Background()
	b := openTest(t)
	m := fixture.C()
	m.Date = "2023-13-45"
	if err := b.PutMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := b.Meeting(ctx, m.ID)
	if err != nil || got.Date != "2023-13-45" {
		t.Fatalf("Meeting: %+v, %v", got, err)
	}
	msRes, err := b.Meetings(ctx, index.Filter{})
	ms := msRes.Hits
	if err != nil || len(ms) != 1 || ms[0].Date != "" {
		t.Errorf("Meetings: %+v, %v", ms, err)
	}
	att, err := b.Attendance(ctx, index.AttendanceQuery{})
	if err != nil {
		t.Fatalf("Attendance: %v", err)
	}
	if len(att.Held) != 0 || len(att.Rows) != 0 {
		t.Errorf("undated meeting counted: %+v", att)
	}
}

func TestBleveMarkAndFragment(t *testing.T) {
	s := "Beslut om <b>budget</b> & plan"
	rs := []bleveRange{{13, 19}, {24, 25}} // "budget", "&"
	if got, want := bleveMark(s, rs, 0, len(s)), "Beslut om <b><mark>budget</mark></b> <mark>&</mark> plan"; got != want {
		t.Errorf("mark: got %q, want %q", got, want)
	}
	if got := bleveMark(s, nil, 0, len(s)); got != "" {
		t.Errorf("mark without ranges: %q", got)
	}

	long := strings.Repeat("förord och inledning ", 20) + "här står ordet socionomprogrammet mitt i " + strings.Repeat("en lång text om praktik ", 20)
	at := strings.Index(long, "socionomprogrammet")
	frag := bleveFragment(long, []bleveRange{{at, at + len("socionomprogrammet")}}, bleveFragmentSize)
	if !strings.Contains(frag, "<mark>socionomprogrammet</mark>") || !strings.HasPrefix(frag, "…") || !strings.HasSuffix(frag, "…") {
		t.Errorf("fragment %q", frag)
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(frag)
	if len(plain) > bleveFragmentSize || !strings.Contains(long, plain) || strings.HasPrefix(plain, " ") {
		t.Errorf("fragment text %q (%d bytes) is not a clean cut of the text", plain, len(plain))
	}
	short := "kort om socionomprogrammet"
	if got := bleveFragment(short, []bleveRange{{8, len(short)}}, bleveFragmentSize); got != "kort om <mark>socionomprogrammet</mark>" {
		t.Errorf("short fragment %q", got)
	}
}

func TestSvFilters(t *testing.T) {
	for in, want := range map[string]string{
		"socionomprogrammet": "socionomprogramm", "paketet": "pak", "beslutet": "beslut", "mötet": "möt",
		"bet": "bet", "betet": "bet", "vet": "vet", "budget": "budg",
	} {
		if got := SvDefinite(in); got != want {
			t.Errorf("SvDefinite(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"programm": "program", "samhäll": "samhäl", "hall": "hal", "möt": "möt", "ss": "s", "åå": "åå", "": ""} {
		if got := SvUndouble(in); got != want {
			t.Errorf("SvUndouble(%q) = %q, want %q", in, got, want)
		}
	}
	b := openTest(t)
	for text, want := range map[string]string{
		"Socionomprogrammet":  "socionomprogram",
		"socionomprogrammets": "socionomprogram",
		"socionomprogrammen":  "socionomprogram",
		"nätverket":           "nätverk",
		"i och att":           "",
	} {
		terms, err := b.terms(text)
		if err != nil || strings.Join(terms, " ") != want {
			t.Errorf("terms(%q) = %q, %v; want %q", text, terms, err, want)
		}
	}
}

var benchMunicipalities = []string{"Göteborg", "Ale", "Alingsås", "Härryda", "Kungälv", "Lerum", "Lilla Edet",
	"Mölndal", "Partille", "Stenungsund", "Tjörn", "Öckerö", "Kungsbacka"}

// benchMeeting is a realistic meeting: 20 attendees, 10 agenda points with
// some text, 3 decisions.
func benchMeeting(i int) *minutes.Meeting {
	m := &minutes.Meeting{
		ID:    fmt.Sprintf("bench-%d", i),
		Date:  time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i).Format(time.DateOnly),
		Body:  []string{fixture.BodySocial, fixture.BodyBarn}[i%2],
		Title: fmt.Sprintf("Minnesanteckningar möte %d", i),
		Sources: []minutes.Source{{Path: fmt.Sprintf("/minutes/bench-%d.pdf", i), Format: "pdf",
			SHA256: fmt.Sprintf("%064d", i), Pages: 4}},
	}
	for a := range 20 {
		muni := benchMunicipalities[(a+i)%len(benchMunicipalities)]
		if a == 19 {
			muni = ""
		}
		m.Attendees = append(m.Attendees, minutes.Attendee{Name: fmt.Sprintf("Person %d-%d", i%7, a),
			Organisation: muni + " kommun", Municipality: muni, Group: "Närvarande", Pos: minutes.Position{Page: 1, Line: a + 3}})
	}
	topics := []string{"Budget och ekonomi", "Socionomprogrammet", "Hedersrelaterat våld", "Missbruksvård",
		"Barn och unga", "Socialtjänstlagen", "Digitalisering", "Kompetensförsörjning", "Samverkan med regionen", "Övrigt"}
	for k, title := range topics {
		m.Items = append(m.Items, minutes.AgendaItem{Number: k + 1, Title: title, Pos: minutes.Position{Page: 1 + k/3, Line: 30 + 10*k},
			Text: title + " diskuterades. Nätverket gick igenom läget i kommunerna, där flera lyfte behovet av gemensamma " +
				"rutiner och uppföljning. Representanter från socialtjänsten redogjorde för arbetet under året och " +
				"för planerna inför nästa år. Frågan återkommer på ett kommande möte."})
	}
	m.Decisions = []minutes.Decision{
		{Item: 1, Text: "Nätverket beslutade att fastställa budgeten för socialtjänst och ekonomi.", Pos: minutes.Position{Page: 1}},
		{Item: 2, Text: "Nätverket ställer sig bakom samverkan kring socionomprogrammet.", Pos: minutes.Position{Page: 2}},
		{Text: "Nästa möte hålls digitalt.", Pos: minutes.Position{Page: 4}},
	}
	return m
}

func BenchmarkBlevePutMeeting(b *testing.B) {
	ctx := context.Background()
	be := openTest(b)
	ms := make([]*minutes.Meeting, 200)
	for i := range ms {
		ms[i] = benchMeeting(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := ms[i%len(ms)] // after the first round, a re-put replaces
		if err := be.PutMeeting(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBleveDecisions(b *testing.B) {
	ctx := context.Background()
	be := openTest(b)
	for i := range 500 {
		if err := be.PutMeeting(ctx, benchMeeting(i)); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		q    index.DecisionQuery
	}{
		{"text", index.DecisionQuery{Text: "budget socialtjänst"}},
		{"text-bydate-filtered", index.DecisionQuery{Text: "socionomprogram", Sort: index.ByDate, Filter: index.Filter{From: "2021-01-01", Municipality: "Ale"}}},
		{"all", index.DecisionQuery{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hitsRes, err := be.Decisions(ctx, bc.q)
				hits := hitsRes.Hits
				if err != nil || len(hits) == 0 {
					b.Fatal(len(hits), err)
				}
			}
		})
	}
}

func BenchmarkBleveAttendance(b *testing.B) {
	ctx := context.Background()
	be := openTest(b)
	for i := range 500 {
		if err := be.PutMeeting(ctx, benchMeeting(i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := be.Attendance(ctx, index.AttendanceQuery{Per: index.Quarter})
		if err != nil || len(c.Rows) != len(benchMunicipalities) {
			b.Fatal(c, err)
		}
	}
}
