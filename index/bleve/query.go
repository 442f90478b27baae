package bleve

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/goteborgsregionen/minutes/index"
)

// bleveMaxLimit is the result size asked for every match (Filter.Limit All).
const bleveMaxLimit = 1 << 30

// bleveLimit returns the number of hits f asks for.
func bleveLimit(f index.Filter) int {
	switch {
	case f.Limit == 0:
		return index.DefaultLimit
	case f.Limit < 0:
		return bleveMaxLimit
	}
	return f.Limit
}

// filter returns the restriction of documents of kind to f. With dated,
// documents without a date are left out even when f has no From or To.
func (b *Backend) filter(ctx context.Context, kind string, f index.Filter, dated bool) (query.Query, error) {
	qs := []query.Query{bleveTerm("kind", kind)}
	if f.From != "" || f.To != "" || dated {
		start, end := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
		var err error
		if f.From != "" {
			if start, err = time.Parse(time.DateOnly, f.From); err != nil {
				return nil, fmt.Errorf("from date %q: want YYYY-MM-DD", f.From)
			}
		}
		if f.To != "" {
			if end, err = time.Parse(time.DateOnly, f.To); err != nil {
				return nil, fmt.Errorf("to date %q: want YYYY-MM-DD", f.To)
			}
		}
		yes := true
		dr := blevesearch.NewDateRangeInclusiveQuery(start, end, &yes, &yes)
		dr.SetField("date")
		qs = append(qs, dr)
	}
	if strings.TrimSpace(f.Body) != "" {
		bodies, err := b.Bodies(ctx)
		if err != nil {
			return nil, err
		}
		var any []query.Query
		for _, body := range bodies {
			if index.BodyMatches(body, f.Body) {
				any = append(any, bleveTerm("body", body))
			}
		}
		if len(any) == 0 {
			return blevesearch.NewMatchNoneQuery(), nil
		}
		qs = append(qs, blevesearch.NewDisjunctionQuery(any...))
	}
	if f.Municipality != "" {
		qs = append(qs, bleveTerm("municipalities_key", strings.ToLower(f.Municipality)))
	}
	if f.IDPrefix != "" {
		p := blevesearch.NewPrefixQuery(f.IDPrefix)
		p.SetField("meeting_id")
		qs = append(qs, p)
	}
	return blevesearch.NewConjunctionQuery(qs...), nil
}

// Bodies lists the distinct bodies of the stored meetings, sorted: a term
// facet over the meeting documents. (The body field's term dictionary
// would be cheaper, but it may keep the terms of deleted documents.)
func (b *Backend) Bodies(ctx context.Context) ([]string, error) {
	req := blevesearch.NewSearchRequestOptions(bleveTerm("kind", bleveKindMeeting), 0, 0, false)
	req.Score = "none"
	req.AddFacet("bodies", blevesearch.NewFacetRequest("body", bleveMaxLimit))
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	out := []string{}
	if f := res.Facets["bodies"]; f != nil {
		for _, t := range f.Terms.Terms() {
			if t.Term != "" {
				out = append(out, t.Term)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// bleveField is a field searched by a text query, with its weight.
type bleveField struct {
	name  string
	boost float64
}

// terms returns the distinct terms of text after Swedish analysis (lower
// case, stop words removed, stemmed: see minutes_sv), in order of appearance.
func (b *Backend) terms(text string) ([]string, error) {
	a := b.idx.Mapping().AnalyzerNamed(bleveSvAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("analyzer %q not in the index mapping", bleveSvAnalyzer)
	}
	var terms []string
	seen := map[string]bool{}
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, nil
}

// bleveEvery matches documents containing every term, each in any of fields.
func bleveEvery(terms []string, fields ...bleveField) query.Query {
	conj := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		disj := make([]query.Query, 0, len(fields))
		for _, f := range fields {
			q := bleveTerm(f.name, t)
			q.SetBoost(f.boost)
			disj = append(disj, q)
		}
		conj = append(conj, blevesearch.NewDisjunctionQuery(disj...))
	}
	return blevesearch.NewConjunctionQuery(conj...)
}

// textSearch builds the request for documents of kind matching every term of
// text in fields and passing f; an empty text matches every document. It
// returns the analysed terms of text too (for highlighting), and a nil
// request when text has no searchable term (only stop words).
//
// The request asks for no term locations: they would be read for every
// matching document, not only for the hits returned. Highlights are found
// by analysing the hits' texts instead (see marks).
func (b *Backend) textSearch(ctx context.Context, kind, text string, f index.Filter, fields ...bleveField) (*blevesearch.SearchRequest, map[string]bool, error) {
	filter, err := b.filter(ctx, kind, f, false)
	if err != nil {
		return nil, nil, err
	}
	q := blevesearch.NewBooleanQuery()
	q.AddFilter(filter)
	set := map[string]bool{}
	if strings.TrimSpace(text) != "" {
		terms, err := b.terms(text)
		if err != nil {
			return nil, nil, err
		}
		if len(terms) == 0 {
			return nil, nil, nil
		}
		q.AddMust(bleveEvery(terms, fields...))
		for _, t := range terms {
			set[t] = true
		}
	}
	return blevesearch.NewSearchRequestOptions(q, bleveLimit(f), 0, false), set, nil
}

// bleveOrder is the sort on the "order" field: newest first (no date last),
// then by meeting ID, agenda point and position in the meeting (see
// bleveOrderKey). One field instead of four keeps sorting cheap: Bleve
// reads the sort fields of every matching document.
func bleveOrder() search.SearchSort {
	return &search.SortField{Field: "order", Type: search.SortFieldAsString}
}

// bleveByDate is the sort on meeting date, newest first, no date last.
func bleveByDate() search.SearchSort {
	return &search.SortField{Field: "date", Type: search.SortFieldAsDate, Desc: true, Missing: search.SortFieldMissingLast}
}

// bleveScoreWindowMax is the largest limit searchByScore reads a window
// for; larger lists are sorted by Bleve whole.
const bleveScoreWindowMax = 1000

// searchByScore runs req, sorted by score and then by "order", without
// reading the order of every match: Bleve reads the sort fields of every
// matching document, one compressed doc value chunk per document when the
// matches are sparse. It first asks for a window of twice the limit by score
// alone; when the hits tied at the limit's score all lie inside the window,
// the top hits are exactly those above that score and the best by order of
// those tied at it, and only these candidates' order and stored fields are
// read (one search by ID). Otherwise, or for long lists, it runs req whole.
func (b *Backend) searchByScore(ctx context.Context, req *blevesearch.SearchRequest) (*blevesearch.SearchResult, error) {
	n := req.Size
	if n > bleveScoreWindowMax {
		return b.idx.SearchInContext(ctx, req)
	}
	window := 2*n + 10
	probe := blevesearch.NewSearchRequestOptions(req.Query, window, 0, false)
	probe.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
	res, err := b.idx.SearchInContext(ctx, probe)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) > n {
		cut := hits[n-1].Score
		if len(hits) == window && hits[len(hits)-1].Score == cut {
			return b.idx.SearchInContext(ctx, req) // the ties at the limit go past the window
		}
		k := n
		for k < len(hits) && hits[k].Score == cut {
			k++
		}
		hits = hits[:k]
	}
	if len(hits) == 0 {
		return res, nil
	}
	ids := make([]string, len(hits))
	scores := make(map[string]float64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
		scores[h.ID] = h.Score
	}
	fetch := blevesearch.NewSearchRequestOptions(blevesearch.NewDocIDQuery(ids), len(ids), 0, false)
	fetch.Score = "none"
	fetch.SortByCustom(search.SortOrder{bleveOrder()})
	fetch.Fields = req.Fields
	got, err := b.idx.SearchInContext(ctx, fetch)
	if err != nil {
		return nil, err
	}
	for _, h := range got.Hits {
		h.Score = scores[h.ID]
	}
	sort.SliceStable(got.Hits, func(i, j int) bool { return got.Hits[i].Score > got.Hits[j].Score })
	res.Hits = got.Hits[:min(n, len(got.Hits))]
	return res, nil
}

// marks returns the byte ranges of the words of s whose analysed terms are
// in terms: what Bleve's term locations would give for a field holding s.
func (b *Backend) marks(s string, terms map[string]bool) []bleveRange {
	if len(terms) == 0 || s == "" {
		return nil
	}
	a := b.idx.Mapping().AnalyzerNamed(bleveSvAnalyzer)
	if a == nil {
		return nil
	}
	var rs []bleveRange
	for _, tok := range a.Analyze([]byte(s)) {
		if terms[string(tok.Term)] && tok.Start < tok.End && tok.End <= len(s) {
			rs = append(rs, bleveRange{tok.Start, tok.End})
		}
	}
	return mergeRanges(rs)
}

// Decisions returns the decisions matching q.
func (b *Backend) Decisions(ctx context.Context, q index.DecisionQuery) (index.Hits[index.DecisionHit], error) {
	out := index.Hits[index.DecisionHit]{Hits: []index.DecisionHit{}}
	var order search.SortOrder
	switch q.Sort {
	case index.ByRelevance:
		order = search.SortOrder{&search.SortScore{Desc: true}, bleveOrder()}
	case index.ByDate:
		order = search.SortOrder{bleveOrder()}
	default:
		return out, fmt.Errorf("decisions %q: unknown sort %q", q.Text, q.Sort)
	}
	req, terms, err := b.textSearch(ctx, bleveKindDecision, q.Text, q.Filter,
		bleveField{"text", 2}, bleveField{"item_title", 1})
	if err != nil {
		return out, fmt.Errorf("decisions %q: %w", q.Text, err)
	}
	if req == nil {
		return out, nil
	}
	req.SortByCustom(order)
	req.Fields = []string{"meeting_id", "date", "body", "item", "item_title", "text", "source", "page"}
	var res *blevesearch.SearchResult
	if q.Sort == index.ByRelevance && len(terms) > 0 {
		res, err = b.searchByScore(ctx, req)
	} else {
		res, err = b.idx.SearchInContext(ctx, req)
	}
	if err != nil {
		return out, fmt.Errorf("decisions %q: %w", q.Text, err)
	}
	out.Total = int(res.Total)
	for _, dm := range res.Hits {
		h := bleveHit{dm}
		text := h.str("text")
		out.Hits = append(out.Hits, index.DecisionHit{
			MeetingID: h.str("meeting_id"),
			Date:      h.date("date"),
			Body:      h.str("body"),
			Item:      h.num("item"),
			ItemTitle: h.str("item_title"),
			Text:      text,
			Highlight: bleveMark(text, b.marks(text, terms), 0, len(text)),
			Source:    h.str("source"),
			Page:      h.num("page"),
			Score:     dm.Score,
		})
	}
	return out, nil
}

// Search runs a free-text query over agenda points (title and text). An
// empty text lists every agenda point passing the filter.
func (b *Backend) Search(ctx context.Context, q index.TextQuery) (index.Hits[index.ItemHit], error) {
	out := index.Hits[index.ItemHit]{Hits: []index.ItemHit{}}
	req, terms, err := b.textSearch(ctx, bleveKindItem, q.Text, q.Filter,
		bleveField{"title", 2}, bleveField{"text", 1})
	if err != nil {
		return out, fmt.Errorf("search %q: %w", q.Text, err)
	}
	if req == nil {
		return out, nil
	}
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, bleveOrder()})
	req.Fields = []string{"meeting_id", "date", "body", "number", "title", "text", "source"}
	res, err := b.searchByScore(ctx, req)
	if err != nil {
		return out, fmt.Errorf("search %q: %w", q.Text, err)
	}
	out.Total = int(res.Total)
	for _, dm := range res.Hits {
		h := bleveHit{dm}
		title, text := h.str("title"), h.str("text")
		var hl string // a fragment of the text, else the title
		if r := b.marks(text, terms); len(r) > 0 {
			hl = bleveFragment(text, r, bleveFragmentSize)
		} else if r := b.marks(title, terms); len(r) > 0 {
			hl = bleveMark(title, r, 0, len(title))
		}
		out.Hits = append(out.Hits, index.ItemHit{
			MeetingID: h.str("meeting_id"),
			Date:      h.date("date"),
			Body:      h.str("body"),
			Number:    h.num("number"),
			Title:     title,
			Highlight: hl,
			Source:    h.str("source"),
			Score:     dm.Score,
		})
	}
	return out, nil
}

// Meetings lists stored meetings matching f, newest first (no date last),
// then by ID.
func (b *Backend) Meetings(ctx context.Context, f index.Filter) (index.Hits[index.MeetingSummary], error) {
	out := index.Hits[index.MeetingSummary]{Hits: []index.MeetingSummary{}}
	filter, err := b.filter(ctx, bleveKindMeeting, f, false)
	if err != nil {
		return out, fmt.Errorf("meetings: %w", err)
	}
	q := blevesearch.NewBooleanQuery()
	q.AddFilter(filter)
	req := blevesearch.NewSearchRequestOptions(q, bleveLimit(f), 0, false)
	req.Score = "none"
	req.SortByCustom(search.SortOrder{bleveByDate(), &search.SortField{Field: "meeting_id", Type: search.SortFieldAsString}})
	req.Fields = []string{"meeting_id", "date", "body", "title", "attendee_count", "item_count", "decision_count", "sources"}
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return out, fmt.Errorf("meetings: %w", err)
	}
	out.Total = int(res.Total)
	for _, dm := range res.Hits {
		h := bleveHit{dm}
		out.Hits = append(out.Hits, index.MeetingSummary{
			ID:        h.str("meeting_id"),
			Date:      h.date("date"),
			Body:      h.str("body"),
			Title:     h.str("title"),
			Attendees: h.num("attendee_count"),
			Items:     h.num("item_count"),
			Decisions: h.num("decision_count"),
			Sources:   h.strs("sources"),
		})
	}
	return out, nil
}

// Attendance counts meetings attended per key and period. It reads no
// attendance record: every meeting document carries its day and, for each
// municipality and person present, a month term and a day term "PERIOD key"
// (see bleveMeetingDocs). A term facet over the meetings that pass the
// filter counts meetings per day (held) and per month and key (attended);
// a second one, over the meetings of the months in which some key attended
// first or last, gives the first and last days.
func (b *Backend) Attendance(ctx context.Context, q index.AttendanceQuery) (*index.AttendanceCounts, error) {
	per := q.Per
	switch per {
	case "":
		per = index.Year
	case index.Year, index.Quarter, index.Month:
	default:
		return nil, fmt.Errorf("attendance: unknown period %q", q.Per)
	}
	monthField, dayField := bleveAttendedMunicipalityMonth, bleveAttendedMunicipality
	switch q.By {
	case "", "municipality":
	case "person":
		monthField, dayField = bleveAttendedPersonMonth, bleveAttendedPerson
	default:
		return nil, fmt.Errorf("attendance: unknown grouping %q", q.By)
	}
	meetings, err := b.filter(ctx, bleveKindMeeting, q.Filter, true)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	req := blevesearch.NewSearchRequestOptions(meetings, 0, 0, false)
	req.Score = "none"
	req.AddFacet("held", blevesearch.NewFacetRequest("day", bleveMaxLimit))
	req.AddFacet("attended", blevesearch.NewFacetRequest(monthField, bleveMaxLimit))
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	counts := &index.AttendanceCounts{Held: map[string]int{}, Rows: []index.AttendanceRow{}}
	for _, t := range res.Facets["held"].Terms.Terms() {
		if p := index.PeriodKey(t.Term, per); p != "" {
			counts.Held[p] += t.Count
		}
	}
	// Count per key and period; First and Last hold months for now.
	rows := map[string]*index.AttendanceRow{}
	for _, t := range res.Facets["attended"].Terms.Terms() {
		month, key, ok := bleveSplitAttended(t.Term)
		p := index.PeriodKey(month, per)
		if !ok || p == "" {
			continue
		}
		r := rows[key]
		if r == nil {
			r = &index.AttendanceRow{Key: key, Attended: map[string]int{}, First: month, Last: month}
			rows[key] = r
		}
		r.Attended[p] += t.Count
		r.First, r.Last = min(r.First, month), max(r.Last, month)
	}
	if len(rows) > 0 {
		if err := b.attendedDays(ctx, meetings, dayField, rows); err != nil {
			return nil, fmt.Errorf("attendance: %w", err)
		}
	}
	for _, r := range rows {
		counts.Rows = append(counts.Rows, *r)
	}
	sort.Slice(counts.Rows, func(i, j int) bool { return counts.Rows[i].Key < counts.Rows[j].Key })
	index.SortRows(counts.Rows)
	return counts, nil
}

// attendedDays replaces the first and last months of rows by the first and
// last days: a facet on the day terms of field over the meetings passing
// filter in those months only.
func (b *Backend) attendedDays(ctx context.Context, filter query.Query, field string, rows map[string]*index.AttendanceRow) error {
	months := map[string]bool{}
	for _, r := range rows {
		months[r.First], months[r.Last] = true, true
	}
	in := make([]query.Query, 0, len(months))
	for m := range months {
		p := blevesearch.NewPrefixQuery(m + "-")
		p.SetField("day")
		in = append(in, p)
	}
	req := blevesearch.NewSearchRequestOptions(blevesearch.NewConjunctionQuery(filter, blevesearch.NewDisjunctionQuery(in...)), 0, 0, false)
	req.Score = "none"
	req.AddFacet("days", blevesearch.NewFacetRequest(field, bleveMaxLimit))
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	first, last := map[string]string{}, map[string]string{}
	for _, t := range res.Facets["days"].Terms.Terms() {
		day, key, ok := bleveSplitAttended(t.Term)
		r := rows[key]
		if !ok || r == nil {
			continue
		}
		if strings.HasPrefix(day, r.First+"-") && (first[key] == "" || day < first[key]) {
			first[key] = day
		}
		if strings.HasPrefix(day, r.Last+"-") && day > last[key] {
			last[key] = day
		}
	}
	for key, r := range rows {
		if first[key] == "" || last[key] == "" {
			return fmt.Errorf("first and last day of %s not found", key)
		}
		r.First, r.Last = first[key], last[key]
	}
	return nil
}

// bleveFragmentSize is the longest agenda text fragment in a highlight.
const bleveFragmentSize = 200

// bleveRange is a byte range [start, end) of a matched term in a field.
type bleveRange struct{ start, end int }

// mergeRanges sorts rs and merges the ranges that overlap or touch.
func mergeRanges(rs []bleveRange) []bleveRange {
	sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	merged := rs[:0]
	for _, r := range rs {
		if k := len(merged) - 1; k >= 0 && r.start <= merged[k].end {
			merged[k].end = max(merged[k].end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// bleveMark returns s[from:to] with the ranges inside it wrapped in
// <mark></mark>, without any escaping; "" when no range lies inside.
func bleveMark(s string, rs []bleveRange, from, to int) string {
	var b strings.Builder
	at := from
	for _, r := range rs {
		if r.start < from || r.end > to {
			continue
		}
		b.WriteString(s[at:r.start])
		b.WriteString("<mark>")
		b.WriteString(s[r.start:r.end])
		b.WriteString("</mark>")
		at = r.end
	}
	if at == from {
		return ""
	}
	b.WriteString(s[at:to])
	return b.String()
}

// bleveFragment returns about size bytes of s around its first range, cut
// at spaces, with the ranges inside marked and "…" where s was cut.
func bleveFragment(s string, rs []bleveRange, size int) string {
	first := rs[0]
	from := first.start - size/4
	if from <= 0 {
		from = 0
	} else if i := strings.IndexAny(s[from:first.start], " \t\n"); i >= 0 {
		from += i + 1
	} else {
		from = first.start
	}
	to := from + size
	if to >= len(s) {
		to = len(s)
	} else if to <= first.end {
		to = first.end
	} else if i := strings.LastIndexAny(s[first.end:to], " \t\n"); i >= 0 {
		to = first.end + i
	} else {
		to = first.end
	}
	frag := bleveMark(s, rs, from, to)
	if from > 0 {
		frag = "…" + frag
	}
	if to < len(s) {
		frag += "…"
	}
	return frag
}
