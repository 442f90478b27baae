package indextest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/index/internal/fixture"
)

// The Store's identity rules and the batched write API, on every backend.
func init() {
	contractCases = append(contractCases,
		contractCase{"WriteBatch", testWriteBatch},
		contractCase{"StoreImport", testStoreImport},
		contractCase{"StoreNoFingerprint", testStoreNoFingerprint},
		contractCase{"StoreSixOrders", testStoreSixOrders},
		contractCase{"StoreCorrectThenPrune", testStoreCorrectThenPrune},
		contractCase{"StoreTypoInOneTwin", testStoreTypoInOneTwin},
		contractCase{"StoreTemplatesStayApart", testStoreTemplatesStayApart},
		contractCase{"StoreNamesDoNotMatter", testStoreNamesDoNotMatter},
	)
}

// stImporter imports extractions through a Store over one backend.
type stImporter struct {
	t *testing.T
	b index.Backend
	s *index.Store
}

func newSTImporter(t *testing.T, b index.Backend) *stImporter {
	return &stImporter{t: t, b: b, s: index.NewStore(b)}
}

func (st *stImporter) imp(path, format, sha string, m *minutes.Meeting, want index.Outcome) string {
	st.t.Helper()
	src := minutes.Source{Path: path, Format: format, SHA256: sha}
	got, err := st.s.Import(context.Background(), src, index.FileStat{Size: int64(len(sha)), ModTime: time.Unix(1700000000, 0).UTC()}, m)
	if err != nil {
		st.t.Fatalf("Import(%s): %v", path, err)
	}
	if want != "" && got != want {
		st.t.Fatalf("Import(%s) = %s, want %s", path, got, want)
	}
	return m.ID
}

func (st *stImporter) forget(paths ...string) {
	st.t.Helper()
	for _, p := range paths {
		if err := st.s.Forget(context.Background(), p); err != nil {
			st.t.Fatalf("Forget(%s): %v", p, err)
		}
	}
}

func (st *stImporter) flush() {
	st.t.Helper()
	if err := st.s.Flush(context.Background()); err != nil {
		st.t.Fatal(err)
	}
}

func (st *stImporter) meeting(id string) *minutes.Meeting {
	st.t.Helper()
	m, err := st.b.Meeting(context.Background(), id)
	if err != nil {
		st.t.Fatalf("Meeting(%s): %v", id, err)
	}
	return m
}

func (st *stImporter) meetings() []index.MeetingSummary {
	st.t.Helper()
	ms, err := st.b.Meetings(context.Background(), index.Filter{Limit: index.All})
	if err != nil {
		st.t.Fatal(err)
	}
	return ms.Hits
}

func (st *stImporter) file(path string) index.FileRecord {
	st.t.Helper()
	rec, err := st.b.File(context.Background(), path)
	if err != nil {
		st.t.Fatalf("File(%s): %v", path, err)
	}
	return rec
}

func testWriteBatch(t *testing.T, b index.Backend) {
	ctx := context.Background()
	m1 := fixture.Meeting("2023-01-10", "Möte 1", "Budgeten antogs.")
	m1.ID = "w1"
	m1.Sources = []minutes.Source{{Path: "/w/1.txt", Format: "text"}}
	m2 := fixture.Meeting("2023-01-11", "Möte 2", "Inget beslut.")
	m2.ID = "w2"
	ext := ctNormalized(t, m1)
	rec := index.FileRecord{Path: "/w/1.txt", SHA256: "s1", MeetingID: "w1", Imported: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Stat:        index.FileStat{Size: 123, ModTime: time.Date(2023, 5, 6, 7, 8, 9, 123456789, time.UTC), Inode: 1 << 62, Device: 42},
		Fingerprint: "fp1", Summary: index.Summarize(m1), Extraction: ext}
	err := b.Write(ctx, &index.Batch{
		Meetings: []*minutes.Meeting{m1, m2},
		Files: []index.FileWrite{
			{Path: rec.Path, Record: &rec, Needs: []string{"w1"}},
			{Path: "/w/2.txt", Record: &index.FileRecord{Path: "/w/2.txt", SHA256: "s2", MeetingID: "w2", Fingerprint: "fp2"}, Needs: []string{"w2"}},
		},
	})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	// Visible at once, without Flush.
	got, err := b.File(ctx, rec.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("File round trip:\n got %+v\nwant %+v", got, rec)
	}
	if m, err := b.Meeting(ctx, "w2"); err != nil || m.Date != "2023-01-11" {
		t.Errorf("Meeting(w2) = %+v, %v", m, err)
	}
	paths, ids, err := b.Candidates(ctx, "fp1", "2023-01-11")
	if err != nil || !slices.Equal(paths, []string{"/w/1.txt"}) || !slices.Equal(ids, []string{"w2"}) {
		t.Errorf("Candidates = %q, %q, %v", paths, ids, err)
	}
	if paths, ids, err := b.Candidates(ctx, "none", ""); err != nil || len(paths)+len(ids) != 0 {
		t.Errorf("Candidates(none) = %q, %q, %v", paths, ids, err)
	}
	recs, err := b.Files(ctx, "/w")
	if err != nil || len(recs) != 2 {
		t.Fatalf("Files = %+v, %v", recs, err)
	}
	want := rec
	want.Extraction = nil
	if !reflect.DeepEqual(recs[0], want) {
		t.Errorf("Files lists\n %+v\nwant %+v", recs[0], want)
	}

	// A second batch deletes one meeting and its file, and replaces the other.
	m1b := fixture.Meeting("2023-01-10", "Möte 1", "Budgeten antogs inte.")
	m1b.ID = "w1"
	err = b.Write(ctx, &index.Batch{
		Meetings:       []*minutes.Meeting{m1b},
		DeleteMeetings: []string{"w2"},
		Files:          []index.FileWrite{{Path: "/w/2.txt", Needs: []string{"w2"}}},
	})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	ctFlush(t, b)
	if _, err := b.Meeting(ctx, "w2"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("deleted meeting: %v", err)
	}
	if _, err := b.File(ctx, "/w/2.txt"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("deleted file: %v", err)
	}
	hits := ctDecisions(t, b, index.DecisionQuery{})
	if len(hits) != 1 || hits[0].Text != "Budgeten antogs inte." {
		t.Errorf("decisions after replace: %+v", hits)
	}
}

func testStoreImport(t *testing.T, b index.Backend) {
	ctx := context.Background()
	st := newSTImporter(t, b)
	base := func() *minutes.Meeting { return fixture.Meeting("2022-05-01", "Möte", "Budgeten fastställdes.") }

	id := st.imp("/m/a.txt", "text", "t1", base(), index.Imported)
	if id != minutes.Fingerprint(base()) {
		t.Errorf("ID %s is not the fingerprint", id)
	}
	st.flush()
	rec := st.file("/m/a.txt")
	if rec.SHA256 != "t1" || rec.MeetingID != id || rec.Fingerprint != id || rec.Imported.IsZero() ||
		rec.Extraction == nil || rec.Summary.Attendees != 6 || rec.Stat.Size != 2 {
		t.Errorf("file record: %+v", rec)
	}
	if ok, err := st.s.Unchanged(ctx, "/m/a.txt", "t1"); !ok || err != nil {
		t.Errorf("Unchanged(same sha) = %v, %v", ok, err)
	}
	if _, same, err := st.s.UnchangedStat(ctx, "/m/a.txt", rec.Stat); !same || err != nil {
		t.Errorf("UnchangedStat(same stat) = %v, %v", same, err)
	}
	touched := rec.Stat
	touched.ModTime = touched.ModTime.Add(time.Second)
	if _, same, err := st.s.UnchangedStat(ctx, "/m/a.txt", touched); same || err != nil {
		t.Errorf("UnchangedStat(other mtime) = %v, %v", same, err)
	}
	if ok, err := st.s.Unchanged(ctx, "/m/new.txt", "t1"); ok || err != nil {
		t.Errorf("Unchanged(unknown file) = %v, %v", ok, err)
	}
	st.imp("/m/a.txt", "text", "t1", base(), index.Unchanged)

	// Twins join; the content is the text file's.
	st.imp("/m/a.pdf", "pdf", "p1", base(), index.Merged)
	st.flush()
	m := st.meeting(id)
	if m.ContentFrom != "/m/a.txt" || !slices.Equal(ctSourcePaths(m), []string{"/m/a.txt", "/m/a.pdf"}) {
		t.Errorf("after the PDF: content from %s, sources %q", m.ContentFrom, ctSourcePaths(m))
	}
	// A more complete twin (it found an event) becomes the content.
	docx := base()
	docx.Events = []minutes.Event{{Date: "15 maj", Text: "Konferens"}}
	st.imp("/m/a.docx", "docx", "d1", docx, index.Merged)
	st.flush()
	m = st.meeting(id)
	if m.ContentFrom != "/m/a.docx" || len(m.Events) != 1 ||
		!slices.Equal(ctSourcePaths(m), []string{"/m/a.docx", "/m/a.pdf", "/m/a.txt"}) {
		t.Errorf("after the DOCX: content from %s, sources %q", m.ContentFrom, ctSourcePaths(m))
	}
	if n := len(st.meetings()); n != 1 {
		t.Errorf("%d meetings, want 1", n)
	}

	// A corrected text file keeps its meeting, and being as complete as the
	// DOCX, gives it its content and ID.
	corrected := fixture.Meeting("2022-05-01", "Möte", "Budgeten fastställdes.", append(slices.Clone(fixture.Names), "Gösta Grön")...)
	newID := st.imp("/m/a.txt", "text", "t2", corrected, index.Updated)
	st.flush()
	if newID == id {
		t.Fatal("the meeting kept the ID of content it no longer has")
	}
	if _, err := b.Meeting(ctx, id); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("old ID still stored: %v", err)
	}
	m = st.meeting(newID)
	if m.ContentFrom != "/m/a.txt" || len(m.Attendees) != 7 || len(m.Sources) != 3 {
		t.Errorf("after the correction: content from %s, %d attendees, sources %q", m.ContentFrom, len(m.Attendees), ctSourcePaths(m))
	}
	for _, p := range []string{"/m/a.txt", "/m/a.pdf", "/m/a.docx"} {
		if r := st.file(p); r.MeetingID != newID {
			t.Errorf("%s: meeting %s, want %s", p, r.MeetingID, newID)
		}
	}
	if hits := ctDecisions(t, b, index.DecisionQuery{Text: "budget"}); len(hits) != 1 || hits[0].Source != "/m/a.txt" {
		t.Errorf("decisions: %+v", hits)
	}

	// The text file goes: the meeting is rebuilt from the DOCX and PDF.
	st.forget("/m/a.txt", "/m/never.txt")
	st.flush()
	if _, err := b.File(ctx, "/m/a.txt"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("File after Forget: %v", err)
	}
	m = st.meeting(id)
	if m.ContentFrom != "/m/a.docx" || len(m.Attendees) != 6 || len(m.Sources) != 2 {
		t.Errorf("after Forget: content from %s, %d attendees, sources %q", m.ContentFrom, len(m.Attendees), ctSourcePaths(m))
	}
	st.forget("/m/a.docx", "/m/a.pdf")
	st.flush()
	if n := len(st.meetings()); n != 0 {
		t.Errorf("%d meetings after the last file went, want 0", n)
	}
}

func testStoreNoFingerprint(t *testing.T, b index.Backend) {
	st := newSTImporter(t, b)
	m := &minutes.Meeting{Title: "Tomt"}
	if id := st.imp("/m/empty.txt", "text", "0123456789abcdef0123456789abcdef", m, index.Imported); id != "file-0123456789abcdef0123" {
		t.Errorf("ID %q", id)
	}
	if id := st.imp("/m/given.txt", "text", "g", &minutes.Meeting{ID: "given", Date: "2022-01-01"}, index.Imported); id != "given" {
		t.Errorf("given ID: %q", id)
	}
	_, err := st.s.Import(context.Background(), minutes.Source{Path: "/m/d.txt"}, index.FileStat{}, &minutes.Meeting{})
	if err == nil || !strings.Contains(err.Error(), "/m/d.txt") {
		t.Errorf("no fingerprint, no sha: err %v, want one naming the file", err)
	}
	if _, err := st.s.Import(context.Background(), minutes.Source{}, index.FileStat{}, fixture.Meeting("2022-01-01", "", "x")); err == nil {
		t.Error("source without path: no error")
	}
	st.flush()
	st.meeting("file-0123456789abcdef0123")
}

// stTwins are four copies of one meeting as different formats extract it.
func stTwins() map[string]func() *minutes.Meeting {
	base := func() *minutes.Meeting {
		return fixture.Meeting("2022-11-30", "Anteckningar", "Nätverket ställer sig bakom förslaget.")
	}
	return map[string]func() *minutes.Meeting{
		"/t/m.txt": base,
		"/t/m.docx": func() *minutes.Meeting {
			m := base()
			m.Items[1].Text = "Förslaget gicks  igenom."
			return m
		},
		"/t/m.pdf": func() *minutes.Meeting {
			m := base()
			m.Items[1].Text = "Försla- get gicks igenom. 3 (4)"
			m.Events = nil
			return m
		},
		"/t/m-footer.pdf": func() *minutes.Meeting {
			m := base()
			m.Title, m.Body = "Göteborgsregionen – Anteckningar", "IFO-chefsnätverket"
			return m
		},
	}
}

func stFormat(path string) string {
	switch {
	case strings.HasSuffix(path, ".pdf"):
		return "pdf"
	case strings.HasSuffix(path, ".docx"):
		return "docx"
	}
	return "text"
}

// testStoreSixOrders imports twins in six orders, each into an emptied
// index: the meeting is the same every time.
func testStoreSixOrders(t *testing.T, b index.Backend) {
	twins := stTwins()
	orders := [][]string{
		{"/t/m.txt", "/t/m.docx", "/t/m.pdf", "/t/m-footer.pdf"},
		{"/t/m-footer.pdf", "/t/m.pdf", "/t/m.docx", "/t/m.txt"},
		{"/t/m.pdf", "/t/m.txt", "/t/m-footer.pdf", "/t/m.docx"},
		{"/t/m.docx", "/t/m-footer.pdf", "/t/m.txt", "/t/m.pdf"},
		{"/t/m.pdf", "/t/m-footer.pdf", "/t/m.docx", "/t/m.txt"},
		{"/t/m.txt", "/t/m.pdf", "/t/m-footer.pdf", "/t/m.docx"},
	}
	var first []byte
	for i, order := range orders {
		st := newSTImporter(t, b)
		var id string
		for _, p := range order {
			id = st.imp(p, stFormat(p), "sha-"+p, twins[p](), "")
		}
		st.flush()
		ms := st.meetings()
		if len(ms) != 1 {
			t.Fatalf("order %d: %d meetings, want 1", i, len(ms))
		}
		js, err := json.Marshal(st.meeting(id))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = js
			m := st.meeting(id)
			if m.ContentFrom != "/t/m.txt" {
				t.Errorf("content from %s, want the text file", m.ContentFrom)
			}
		} else if string(js) != string(first) {
			t.Errorf("order %d gives\n%s\nwant\n%s", i, js, first)
		}
		st.forget(order...)
		st.flush()
	}
}

// testStoreCorrectThenPrune corrects the text twin, then removes it: the
// meeting says what the PDF says.
func testStoreCorrectThenPrune(t *testing.T, b index.Backend) {
	st := newSTImporter(t, b)
	said := "Nätverket ställer sig bakom förslaget."
	st.imp("/c/m.txt", "text", "t1", fixture.Meeting("2022-11-30", "Anteckningar", said), index.Imported)
	st.imp("/c/m.pdf", "pdf", "p1", fixture.Meeting("2022-11-30", "Anteckningar", said), index.Merged)
	st.flush()
	corrected := "Nätverket ställer sig INTE bakom förslaget."
	id := st.imp("/c/m.txt", "text", "t2", fixture.Meeting("2022-11-30", "Anteckningar", corrected), index.Updated)
	st.flush()
	if n := len(st.meetings()); n != 1 {
		t.Fatalf("%d meetings after the correction, want 1", n)
	}
	if hits := ctDecisions(t, b, index.DecisionQuery{Text: "bakom"}); len(hits) != 1 || hits[0].Text != corrected || hits[0].MeetingID != id {
		t.Errorf("after the correction: %+v", hits)
	}
	if d := st.s.Disagreements(); len(d) != 1 || d[0].MeetingID != id || d[0].Files[0].File != "/c/m.pdf" ||
		!strings.Contains(strings.Join(d[0].Files[0].Differs, " "), "decisions") {
		t.Errorf("disagreements: %+v", d)
	}

	st.forget("/c/m.txt")
	st.flush()
	hits := ctDecisions(t, b, index.DecisionQuery{Text: "bakom"})
	if len(hits) != 1 || hits[0].Text != said || hits[0].Source != "/c/m.pdf" {
		t.Errorf("after the prune: %+v, want the PDF's decision", hits)
	}
	ms := st.meetings()
	if len(ms) != 1 {
		t.Fatalf("%d meetings, want 1", len(ms))
	}
	if m := st.meeting(ms[0].ID); m.ContentFrom != "/c/m.pdf" || len(m.Sources) != 1 {
		t.Errorf("content from %s, sources %q", m.ContentFrom, ctSourcePaths(m))
	}
	if r := st.file("/c/m.pdf"); len(r.Summary.Differs) != 0 || r.Summary.ContentFrom != "/c/m.pdf" {
		t.Errorf("the PDF alone still differs: %+v", r.Summary)
	}
}

// testStoreTypoInOneTwin: a name misspelt in one copy keeps one meeting,
// and the QA data says what differs.
func testStoreTypoInOneTwin(t *testing.T, b index.Backend) {
	typo := slices.Clone(fixture.Names)
	typo[1] = "Bo Berj"
	for _, pdfFirst := range []bool{false, true} {
		st := newSTImporter(t, b)
		txt := func() {
			st.imp("/y/m.txt", "text", "t", fixture.Meeting("2022-11-30", "Anteckningar", "Beslut.", fixture.Names...), "")
		}
		pdf := func() {
			st.imp("/y/m.pdf", "pdf", "p", fixture.Meeting("2022-11-30", "Anteckningar", "Beslut.", typo...), "")
		}
		if pdfFirst {
			pdf()
			txt()
		} else {
			txt()
			pdf()
		}
		st.flush()
		ms := st.meetings()
		if len(ms) != 1 {
			t.Fatalf("pdf first %v: %d meetings, want 1", pdfFirst, len(ms))
		}
		if ms[0].ID != minutes.Fingerprint(fixture.Meeting("2022-11-30", "Anteckningar", "Beslut.")) {
			t.Errorf("pdf first %v: ID %s is not the text file's fingerprint", pdfFirst, ms[0].ID)
		}
		r := st.file("/y/m.pdf")
		want := []string{`attendees: lacks "Bo Berg"; has "Bo Berj"`}
		if r.Summary.ContentFrom != "/y/m.txt" || !slices.Equal(r.Summary.Differs, want) {
			t.Errorf("pdf first %v: summary %+v, want differs %q", pdfFirst, r.Summary, want)
		}
		if d := st.s.Disagreements(); len(d) != 1 || d[0].ContentFrom != "/y/m.txt" {
			t.Errorf("pdf first %v: disagreements %+v", pdfFirst, d)
		}
		st.forget("/y/m.txt", "/y/m.pdf")
		st.flush()
	}
}

// testStoreTemplatesStayApart: minutes of one template (same people, same
// headings) are different meetings when their numbering or decisions
// differ, dated or not.
func testStoreTemplatesStayApart(t *testing.T, b index.Backend) {
	st := newSTImporter(t, b)
	st.imp("/p/8.txt", "text", "8", fixture.Meeting("", "Mötesprotokoll 8", "Inga beslut."), index.Imported)
	st.imp("/p/14.txt", "text", "14", fixture.Meeting("", "Mötesprotokoll 14", "Inga beslut."), index.Imported)
	st.imp("/p/15.txt", "text", "15", fixture.Meeting("", "Mötesprotokoll", "Budgeten antogs."), index.Imported)
	st.imp("/p/16.txt", "text", "16", fixture.Meeting("", "Mötesprotokoll", "Budgeten antogs inte."), index.Imported)
	st.imp("/p/d1.txt", "text", "d1", fixture.Meeting("2023-02-01", "Protokoll 1", "Inga beslut."), index.Imported)
	st.imp("/p/d2.txt", "text", "d2", fixture.Meeting("2023-02-01", "Protokoll 2", "Inga beslut."), index.Imported)
	st.flush()
	if n := len(st.meetings()); n != 6 {
		t.Errorf("%d meetings, want 6", n)
	}
}

// testStoreNamesDoNotMatter: the same text under names with and without a
// date is one meeting.
func testStoreNamesDoNotMatter(t *testing.T, b index.Backend) {
	st := newSTImporter(t, b)
	a := fixture.Meeting("", "Minnesanteckningar", "Inga beslut.")
	a.FileDate = "2019-03-01"
	st.imp("/n/2019-03 ifo.txt", "text", "same", a, index.Imported)
	st.imp("/n/ifo-kopia.txt", "text", "same", fixture.Meeting("", "Minnesanteckningar", "Inga beslut."), index.Merged)
	st.flush()
	if ms := st.meetings(); len(ms) != 1 || len(ms[0].Sources) != 2 {
		t.Errorf("meetings %+v, want one with two sources", ms)
	}
}

func ctSourcePaths(m *minutes.Meeting) []string {
	var out []string
	for _, s := range m.Sources {
		out = append(out, s.Path)
	}
	return out
}
