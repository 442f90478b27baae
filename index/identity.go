package index

// Identity: which files are one meeting, and which file's extraction is the
// meeting's content.

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/goteborgsregionen/minutes"
)

// closeEnough is the least similarity (Similarity) at which two extractions
// of one stated date are the same meeting although their fingerprints differ:
// a typo fixed in one copy, a decision reworded, a PDF's artefact.
const closeEnough = 0.8

// identityKey returns the identity of the extraction m from the file with
// hash sha: m.ID when the extractor set it, else minutes.Fingerprint(m),
// else "file-" and the first 20 hex digits of sha; "" when there is none.
func identityKey(m *minutes.Meeting, sha string) string {
	if m.ID != "" {
		return m.ID
	}
	if fp := minutes.Fingerprint(m); fp != "" {
		return fp
	}
	if len(sha) >= 20 {
		return "file-" + sha[:20]
	}
	return ""
}

// Similarity returns how alike two extractions are, from 0 to 1: the share
// of their attendee names, agenda points (number and title) and decision
// texts, folded, that they have in common (Jaccard).
func Similarity(a, b *minutes.Meeting) float64 {
	return identOf(a).similarity(identOf(b))
}

// tokens returns the set of folded attendee names, agenda points and
// decision texts of m.
func tokens(m *minutes.Meeting) map[string]bool {
	set := make(map[string]bool, len(m.Attendees)+len(m.Items)+len(m.Decisions))
	for _, a := range m.Attendees {
		set["a "+minutes.Fold(a.Name)] = true
	}
	for _, it := range m.Items {
		set["i "+strconv.Itoa(it.Number)+" "+minutes.Fold(it.Title)] = true
	}
	for _, d := range m.Decisions {
		set["d "+minutes.Fold(d.Text)] = true
	}
	return set
}

// sameMeeting reports whether extraction b, whose fingerprint differs from
// a's, is still the same meeting as a: both state the same date, their
// bodies agree (fold-equal, or one unknown), their titles' numbering agrees
// and their content is close (Similarity ≥ closeEnough). Undated minutes
// never match this way: without a date, a template's weekly minutes (the
// same people and headings) would run together.
func sameMeeting(a, b *minutes.Meeting) bool {
	return identOf(a).same(identOf(b))
}

// meetingIdent is what sameMeeting and Similarity compare of a meeting,
// compact: its stated date, its folded body and title numbers, and its
// tokens, hashed. The Store keeps one for each meeting it wrote or fetched,
// so that it matches a file against a busy date without fetching meetings. (64-bit hashes: a collision, which could only raise a similarity
// by one token, is not to be expected in any archive.)
type meetingIdent struct {
	date    string
	body    uint64 // 0: no body
	numbers uint64
	tokens  []uint64 // sorted, distinct
}

// identOf returns m's meetingIdent.
func identOf(m *minutes.Meeting) meetingIdent {
	id := meetingIdent{date: m.Date}
	hash := func(parts ...string) uint64 {
		h := fnv.New64a()
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		return h.Sum64()
	}
	if b := minutes.Fold(m.Body); b != "" {
		id.body = hash(b) | 1
	}
	id.numbers = hash(minutes.TitleNumbers(m.Title)...)
	for t := range tokens(m) {
		id.tokens = append(id.tokens, hash(t))
	}
	slices.Sort(id.tokens)
	id.tokens = slices.Compact(id.tokens)
	return id
}

// same reports whether a and b are the same meeting (see sameMeeting).
func (a meetingIdent) same(b meetingIdent) bool {
	if a.date == "" || a.date != b.date {
		return false
	}
	if a.body != 0 && b.body != 0 && a.body != b.body {
		return false
	}
	return a.numbers == b.numbers && a.similarity(b) >= closeEnough
}

// similarity is the share of a's and b's tokens they have in common
// (see Similarity).
func (a meetingIdent) similarity(b meetingIdent) float64 {
	if len(a.tokens) == 0 && len(b.tokens) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a.tokens) && j < len(b.tokens); {
		switch {
		case a.tokens[i] == b.tokens[j]:
			common++
			i++
			j++
		case a.tokens[i] < b.tokens[j]:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a.tokens)+len(b.tokens)-common)
}

// completeness measures how much an extraction found: its attendees, agenda
// points, decisions, events and recorders, and a stated date, next meeting,
// title and body. Text lengths do not count: a PDF's artefacts would win.
func completeness(m *minutes.Meeting) int {
	n := len(m.Attendees) + len(m.Items) + len(m.Decisions) + len(m.Events) + len(m.RecordedBy)
	for _, s := range []string{m.Date, m.NextMeeting, m.Title, m.Body} {
		if s != "" {
			n++
		}
	}
	return n
}

// formatRank orders formats for the content choice: text first, DOCX, PDF,
// anything else last.
func formatRank(format string) int {
	switch format {
	case "text":
		return 0
	case "docx":
		return 1
	case "pdf":
		return 2
	}
	return 3
}

// better reports whether extraction a (from file pa) is to be a meeting's
// content rather than b (from pb): the more complete one, ties broken by
// format (text, DOCX, PDF) and then by path. The order is total, so the
// content is the same on every run whatever order the files come in.
func better(a *minutes.Meeting, pa string, b *minutes.Meeting, pb string) bool {
	if ca, cb := completeness(a), completeness(b); ca != cb {
		return ca > cb
	}
	if ra, rb := formatRank(sourceFormat(a)), formatRank(sourceFormat(b)); ra != rb {
		return ra < rb
	}
	return pa < pb
}

// sourceFormat returns the format of an extraction's file.
func sourceFormat(m *minutes.Meeting) string {
	if len(m.Sources) == 0 {
		return ""
	}
	return m.Sources[0].Format
}

// buildMeeting returns the meeting of the files recs (each with its
// Extraction): the best extraction's content (see better), named by its
// identity key, with that file as ContentFrom and first source, then the
// other files' sources in path order.
func buildMeeting(recs []FileRecord) *minutes.Meeting {
	if len(recs) == 0 {
		return nil
	}
	best := 0
	for i := 1; i < len(recs); i++ {
		if better(recs[i].Extraction, recs[i].Path, recs[best].Extraction, recs[best].Path) {
			best = i
		}
	}
	c := *recs[best].Extraction
	m := &c
	m.ID = recs[best].Fingerprint
	m.ContentFrom = recs[best].Path
	m.Sources = []minutes.Source{sourceOf(recs[best])}
	others := make([]FileRecord, 0, len(recs)-1)
	for i, r := range recs {
		if i != best {
			others = append(others, r)
		}
	}
	sort.Slice(others, func(i, j int) bool { return others[i].Path < others[j].Path })
	for _, r := range others {
		m.Sources = append(m.Sources, sourceOf(r))
	}
	return m
}

// sourceOf returns the source a file record describes.
func sourceOf(rec FileRecord) minutes.Source {
	if rec.Extraction != nil && len(rec.Extraction.Sources) > 0 {
		return rec.Extraction.Sources[0]
	}
	return minutes.Source{Path: rec.Path, SHA256: rec.SHA256, Size: rec.Stat.Size}
}

// Disagreement is a meeting whose files do not say the same: what each file
// that differs from the meeting's content says otherwise.
type Disagreement struct {
	MeetingID   string     `json:"meeting_id"`
	Date        string     `json:"date,omitempty"`
	Body        string     `json:"body,omitempty"`
	ContentFrom string     `json:"content_from"`
	Files       []FileDiff `json:"files"`
}

// FileDiff is how one file's extraction differs from its meeting's content.
type FileDiff struct {
	File    string   `json:"file"`
	Differs []string `json:"differs"` // e.g. `attendees: lacks "Anna Berg"; has "Anna Berj"`
}

// differences lists how extraction o differs from content c: date, body,
// attendees, agenda titles, decisions, events and recorders. Layout (agenda
// point text, positions, title) is not compared: it differs between formats
// of the very same minutes.
func differences(c, o *minutes.Meeting) []string {
	var out []string
	if c.Date != o.Date {
		out = append(out, fmt.Sprintf("date: %q, not %q", o.Date, c.Date))
	}
	if minutes.Fold(c.Body) != minutes.Fold(o.Body) {
		out = append(out, fmt.Sprintf("body: %q, not %q", o.Body, c.Body))
	}
	list := func(what string, of func(*minutes.Meeting) []string) {
		a, b := of(c), of(o)
		lacks, has := setDiff(a, b), setDiff(b, a)
		if len(lacks) == 0 && len(has) == 0 {
			return
		}
		var parts []string
		if len(lacks) > 0 {
			parts = append(parts, "lacks "+quoteList(lacks))
		}
		if len(has) > 0 {
			parts = append(parts, "has "+quoteList(has))
		}
		out = append(out, what+": "+strings.Join(parts, "; "))
	}
	list("attendees", func(m *minutes.Meeting) []string {
		var s []string
		for _, a := range m.Attendees {
			s = append(s, a.Name)
		}
		return s
	})
	list("agenda", func(m *minutes.Meeting) []string {
		var s []string
		for _, it := range m.Items {
			s = append(s, strconv.Itoa(it.Number)+" "+it.Title)
		}
		return s
	})
	list("decisions", func(m *minutes.Meeting) []string {
		var s []string
		for _, d := range m.Decisions {
			s = append(s, d.Text)
		}
		return s
	})
	list("events", func(m *minutes.Meeting) []string {
		var s []string
		for _, e := range m.Events {
			s = append(s, strings.TrimSpace(e.Date+" "+e.Text))
		}
		return s
	})
	list("recorded by", func(m *minutes.Meeting) []string { return m.RecordedBy })
	return out
}

// setDiff returns the values of a whose folded form is not among b's, in
// a's order.
func setDiff(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[minutes.Fold(s)] = true
	}
	var out []string
	for _, s := range a {
		if !in[minutes.Fold(s)] {
			out = append(out, s)
		}
	}
	return out
}

// quoteList quotes up to three values and counts the rest.
func quoteList(vs []string) string {
	var b strings.Builder
	for i, v := range vs {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(vs)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if r := []rune(v); len(r) > 80 {
			v = string(r[:77]) + "…"
		}
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}
