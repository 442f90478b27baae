package es

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/olivere/elastic/v7"
)

// esWindow is the most hits one search request returns (Elasticsearch's
// default index.max_result_window); longer lists are paged with search_after.
var esWindow = 10000

// esCompositePage is the number of buckets per composite aggregation page,
// well under the default search.max_buckets of 65,536.
var esCompositePage = 1000

// esLimit returns the number of hits a Filter asks for, -1 for all.
func esLimit(f index.Filter) int {
	switch {
	case f.Limit == 0:
		return index.DefaultLimit
	case f.Limit < 0:
		return -1
	}
	return f.Limit
}

// filters returns the filter clauses of a Filter for documents of kind. A
// body filter is resolved against the stored bodies (see BodyMatches).
func (e *Backend) filters(ctx context.Context, f index.Filter, kind string) ([]elastic.Query, error) {
	qs := []elastic.Query{elastic.NewTermQuery("kind", kind)}
	if f.From != "" || f.To != "" {
		qs = append(qs, esDateRange{gte: f.From, lte: f.To})
	}
	if strings.TrimSpace(f.Body) != "" {
		bodies, err := e.Bodies(ctx)
		if err != nil {
			return nil, err
		}
		match := []any{}
		for _, b := range bodies {
			if index.BodyMatches(b, f.Body) {
				match = append(match, b)
			}
		}
		qs = append(qs, elastic.NewTermsQuery("body", match...))
	}
	if f.Municipality != "" {
		qs = append(qs, elastic.NewTermQuery("municipalities_key", strings.ToLower(f.Municipality)))
	}
	if f.IDPrefix != "" {
		qs = append(qs, elastic.NewPrefixQuery("meeting_id", f.IDPrefix))
	}
	return qs, nil
}

// esComposite pages through the composite aggregation "pages" of query
// (built by agg for each page, given the previous page's after_key), calling
// page with each response. Every page asks for esCompositePage buckets, so
// no archive exceeds the cluster's bucket limit.
func (e *Backend) composite(ctx context.Context, what string, query elastic.Query,
	agg func(after map[string]any) *elastic.CompositeAggregation,
	page func(res *elastic.SearchResult, items *elastic.AggregationBucketCompositeItems) error) error {
	var after map[string]any
	for {
		src := elastic.NewSearchSource().Query(query).Size(0).
			Aggregation("pages", agg(after).Size(esCompositePage))
		res, err := e.client.Search(e.alias).SearchSource(src).Do(ctx)
		if err != nil {
			return esSearchError(what, err)
		}
		items, ok := res.Aggregations.Composite("pages")
		if !ok {
			items = &elastic.AggregationBucketCompositeItems{}
		}
		if err := page(res, items); err != nil {
			return err
		}
		if len(items.Buckets) < esCompositePage || len(items.AfterKey) == 0 {
			return nil
		}
		after = items.AfterKey
	}
}

// Bodies lists the distinct bodies of the stored meetings, sorted.
func (e *Backend) Bodies(ctx context.Context) ([]string, error) {
	out := []string{}
	q := elastic.NewBoolQuery().Filter(elastic.NewTermQuery("kind", esKindMeeting))
	err := e.composite(ctx, "bodies", q, func(after map[string]any) *elastic.CompositeAggregation {
		a := elastic.NewCompositeAggregation().Sources(elastic.NewCompositeAggregationTermsValuesSource("body").Field("body"))
		if after != nil {
			a = a.AggregateAfter(after)
		}
		return a
	}, func(_ *elastic.SearchResult, items *elastic.AggregationBucketCompositeItems) error {
		for _, b := range items.Buckets {
			if s, ok := b.Key["body"].(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(out)
	return out, nil
}

// searchHits runs the search built by src for up to limit hits (-1: all),
// paging with search_after past esWindow (the sort must end in a unique
// tie-break), and returns them with the number of matches.
func (e *Backend) searchHits(ctx context.Context, what string, src func() *elastic.SearchSource, limit int) ([]*elastic.SearchHit, int, error) {
	var hits []*elastic.SearchHit
	var after []any
	for {
		size := esWindow
		if limit >= 0 {
			size = min(size, limit-len(hits))
		}
		req := src().TrackTotalHits(true).Size(size)
		if after != nil {
			req = req.SearchAfter(after...) // (olivere appends to earlier values)
		}
		res, err := e.client.Search(e.alias).SearchSource(req).Do(ctx)
		if err != nil {
			return nil, 0, esSearchError(what, err)
		}
		total := int(res.TotalHits())
		if res.Hits == nil {
			return hits, total, nil
		}
		hits = append(hits, res.Hits.Hits...)
		if len(res.Hits.Hits) < size || len(hits) >= total || (limit >= 0 && len(hits) >= limit) {
			return hits, total, nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}

// esDateRange is a range query on the date field in the current syntax
// (olivere's RangeQuery writes the legacy from/to/include_lower form).
type esDateRange struct{ gte, lte string }

func (q esDateRange) Source() (any, error) {
	p := map[string]any{"format": esAggDateFormat}
	if q.gte != "" {
		p["gte"] = q.gte
	}
	if q.lte != "" {
		p["lte"] = q.lte
	}
	return map[string]any{"range": map[string]any{"date": p}}, nil
}

// esTextQuery is the query of a free text: every term (Swedish analysis)
// must match in one of the fields; an empty text matches everything.
func esTextQuery(text string, filters []elastic.Query, fields ...string) *elastic.BoolQuery {
	q := elastic.NewBoolQuery()
	if strings.TrimSpace(text) == "" {
		q = q.Must(elastic.NewMatchAllQuery())
	} else {
		q = q.Must(elastic.NewMultiMatchQuery(text, fields...).Type("cross_fields").Operator("and"))
	}
	return q.Filter(filters...)
}

// esDateSort sorts newest first, documents without a date last.
func esDateSort() elastic.Sorter {
	return elastic.NewFieldSort("date").Desc().Missing("_last")
}

// esSearchError names the operation in a search error.
func esSearchError(what string, err error) error {
	return fmt.Errorf("elasticsearch: %s: %w", what, err)
}

// Decisions returns the decisions matching q.
func (e *Backend) Decisions(ctx context.Context, q index.DecisionQuery) (index.Hits[index.DecisionHit], error) {
	out := index.Hits[index.DecisionHit]{Hits: []index.DecisionHit{}}
	if q.Sort != index.ByRelevance && q.Sort != index.ByDate {
		return out, fmt.Errorf("elasticsearch: unknown sort %q", q.Sort)
	}
	filters, err := e.filters(ctx, q.Filter, esKindDecision)
	if err != nil {
		return out, err
	}
	hits, total, err := e.searchHits(ctx, "decisions", func() *elastic.SearchSource {
		return esDecisionsSource(q, filters)
	}, esLimit(q.Filter))
	if err != nil {
		return out, err
	}
	out.Total = total
	for _, h := range hits {
		var d struct {
			MeetingID string `json:"meeting_id"`
			Date      string `json:"date"`
			Body      string `json:"body"`
			Item      int    `json:"item"`
			ItemTitle string `json:"item_title"`
			Text      string `json:"text"`
			Source    string `json:"source"`
			Page      int    `json:"page"`
		}
		if err := json.Unmarshal(h.Source, &d); err != nil {
			return out, esSearchError("decisions: hit "+h.Id, err)
		}
		hit := index.DecisionHit{
			MeetingID: d.MeetingID, Date: d.Date, Body: d.Body, Item: d.Item,
			ItemTitle: d.ItemTitle, Text: d.Text, Source: d.Source, Page: d.Page,
			Score: esScore(h.Score),
		}
		if frags := h.Highlight["text"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func esDecisionsSource(q index.DecisionQuery, filters []elastic.Query) *elastic.SearchSource {
	query := esTextQuery(q.Text, filters, "text^2", "item_title")
	src := elastic.NewSearchSource().
		Query(query).
		FetchSourceContext(elastic.NewFetchSourceContext(true).
			Include("meeting_id", "date", "body", "item", "item_title", "text", "source", "page"))
	if q.Sort == index.ByDate {
		src = src.SortBy(esDateSort())
		if strings.TrimSpace(q.Text) != "" {
			src = src.TrackScores(true)
		}
	} else {
		src = src.SortBy(elastic.NewScoreSort().Desc(), esDateSort())
	}
	src = src.SortBy(
		elastic.NewFieldSort("meeting_id").Asc(),
		elastic.NewFieldSort("item").Asc(),
		elastic.NewFieldSort("seq").Asc(),
	)
	if strings.TrimSpace(q.Text) != "" {
		src = src.Highlight(elastic.NewHighlight().
			Fields(elastic.NewHighlighterField("text").NumOfFragments(0)).
			PreTags("<mark>").PostTags("</mark>").
			RequireFieldMatch(true))
	}
	return src
}

func esScore(s *float64) float64 {
	if s == nil || math.IsNaN(*s) {
		return 0
	}
	return *s
}

// Search runs a free-text query over agenda points.
func (e *Backend) Search(ctx context.Context, q index.TextQuery) (index.Hits[index.ItemHit], error) {
	out := index.Hits[index.ItemHit]{Hits: []index.ItemHit{}}
	filters, err := e.filters(ctx, q.Filter, esKindItem)
	if err != nil {
		return out, err
	}
	hits, total, err := e.searchHits(ctx, "search", func() *elastic.SearchSource {
		return esSearchSource(q, filters)
	}, esLimit(q.Filter))
	if err != nil {
		return out, err
	}
	out.Total = total
	for _, h := range hits {
		var d struct {
			MeetingID string `json:"meeting_id"`
			Date      string `json:"date"`
			Body      string `json:"body"`
			Number    int    `json:"number"`
			Title     string `json:"title"`
			Source    string `json:"source"`
		}
		if err := json.Unmarshal(h.Source, &d); err != nil {
			return out, esSearchError("search: hit "+h.Id, err)
		}
		hit := index.ItemHit{
			MeetingID: d.MeetingID, Date: d.Date, Body: d.Body, Number: d.Number,
			Title: d.Title, Source: d.Source, Score: esScore(h.Score),
		}
		if frags := h.Highlight["text"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		} else if frags := h.Highlight["title"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func esSearchSource(q index.TextQuery, filters []elastic.Query) *elastic.SearchSource {
	query := esTextQuery(q.Text, filters, "title^2", "text")
	src := elastic.NewSearchSource().
		Query(query).
		FetchSourceContext(elastic.NewFetchSourceContext(true).
			Include("meeting_id", "date", "body", "number", "title", "source")).
		SortBy(
			elastic.NewScoreSort().Desc(),
			esDateSort(),
			elastic.NewFieldSort("meeting_id").Asc(),
			elastic.NewFieldSort("number").Asc(),
			elastic.NewFieldSort("seq").Asc(),
		)
	if strings.TrimSpace(q.Text) != "" {
		src = src.Highlight(elastic.NewHighlight().
			Fields(
				elastic.NewHighlighterField("title").NumOfFragments(0),
				elastic.NewHighlighterField("text").FragmentSize(200).NumOfFragments(1),
			).
			PreTags("<mark>").PostTags("</mark>").
			RequireFieldMatch(true))
	}
	return src
}

// Meetings lists stored meetings matching f, newest first.
func (e *Backend) Meetings(ctx context.Context, f index.Filter) (index.Hits[index.MeetingSummary], error) {
	out := index.Hits[index.MeetingSummary]{Hits: []index.MeetingSummary{}}
	filters, err := e.filters(ctx, f, esKindMeeting)
	if err != nil {
		return out, err
	}
	hits, total, err := e.searchHits(ctx, "meetings", func() *elastic.SearchSource {
		return esMeetingsSource(filters)
	}, esLimit(f))
	if err != nil {
		return out, err
	}
	out.Total = total
	for _, h := range hits {
		var d struct {
			MeetingID string   `json:"meeting_id"`
			Date      string   `json:"date"`
			Body      string   `json:"body"`
			Title     string   `json:"title"`
			Sources   []string `json:"sources"`
			esCounts
		}
		if err := json.Unmarshal(h.Source, &d); err != nil {
			return out, esSearchError("meetings: hit "+h.Id, err)
		}
		if d.Sources == nil {
			d.Sources = []string{}
		}
		out.Hits = append(out.Hits, index.MeetingSummary{
			ID: d.MeetingID, Date: d.Date, Body: d.Body, Title: d.Title,
			Attendees: d.Attendees, Items: d.Items, Decisions: d.Decisions,
			Sources: d.Sources,
		})
	}
	return out, nil
}

func esMeetingsSource(filters []elastic.Query) *elastic.SearchSource {
	return elastic.NewSearchSource().
		Query(elastic.NewBoolQuery().Filter(filters...)).
		FetchSourceContext(elastic.NewFetchSourceContext(true).
			Include("meeting_id", "date", "body", "title", "sources", "attendee_count", "item_count", "decision_count")).
		SortBy(esDateSort(), elastic.NewFieldSort("meeting_id").Asc())
}

// esInterval returns the date_histogram calendar interval of a period.
func esInterval(p index.Period) (index.Period, string, error) {
	switch p {
	case "", index.Year:
		return index.Year, "year", nil
	case index.Quarter:
		return index.Quarter, "quarter", nil
	case index.Month:
		return index.Month, "month", nil
	}
	return "", "", fmt.Errorf("elasticsearch: unknown period %q (year, quarter or month)", p)
}

// esAttendanceKey returns the meeting field an attendance query groups by.
func esAttendanceKey(by string) (string, error) {
	switch by {
	case "", "municipality":
		return "municipalities", nil
	case "person":
		return "persons", nil
	}
	return "", fmt.Errorf("elasticsearch: unknown attendance grouping %q (municipality or person)", by)
}

// attendanceAgg is the composite aggregation of one page of an attendance
// query: meeting documents per (key, period), with the first and last date
// in each bucket.
func attendanceAgg(field, interval string, after map[string]any) *elastic.CompositeAggregation {
	a := elastic.NewCompositeAggregation().
		Sources(
			elastic.NewCompositeAggregationTermsValuesSource("key").Field(field),
			elastic.NewCompositeAggregationDateHistogramValuesSource("period").
				Field("date").CalendarInterval(interval).Format(esAggDateFormat),
		).
		SubAggregation("first", elastic.NewMinAggregation().Field("date").Format(esAggDateFormat)).
		SubAggregation("last", elastic.NewMaxAggregation().Field("date").Format(esAggDateFormat))
	if after != nil {
		a = a.AggregateAfter(after)
	}
	return a
}

// heldAgg counts the meeting documents per period.
func heldAgg(interval string, after map[string]any) *elastic.CompositeAggregation {
	a := elastic.NewCompositeAggregation().Sources(
		elastic.NewCompositeAggregationDateHistogramValuesSource("period").
			Field("date").CalendarInterval(interval).Format(esAggDateFormat))
	if after != nil {
		a = a.AggregateAfter(after)
	}
	return a
}

// esDateMetric is a min or max aggregation on a date.
type esDateMetric struct {
	Value         *float64 `json:"value"`
	ValueAsString string   `json:"value_as_string"`
}

// esDateString returns the date of a min or max aggregation ("" for none).
func esDateString(aggs elastic.Aggregations, name string) (string, error) {
	raw, ok := aggs[name]
	if !ok {
		return "", nil
	}
	var m esDateMetric
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", err
	}
	if m.Value == nil {
		return "", nil
	}
	return m.ValueAsString, nil
}

// Attendance counts meetings attended per key and period. Every meeting
// document lists the municipalities and persons present, so meetings
// attended are meeting documents per (key, period): a composite
// aggregation, paged with after_key so that no archive is too large.
func (e *Backend) Attendance(ctx context.Context, q index.AttendanceQuery) (*index.AttendanceCounts, error) {
	per, interval, err := esInterval(q.Per)
	if err != nil {
		return nil, err
	}
	field, err := esAttendanceKey(q.By)
	if err != nil {
		return nil, err
	}
	filters, err := e.filters(ctx, q.Filter, esKindMeeting)
	if err != nil {
		return nil, err
	}
	query := elastic.NewBoolQuery().Filter(append(filters, elastic.NewExistsQuery("date"))...)
	out := &index.AttendanceCounts{Held: map[string]int{}, Rows: []index.AttendanceRow{}}
	err = e.composite(ctx, "attendance: meetings held", query, func(after map[string]any) *elastic.CompositeAggregation {
		return heldAgg(interval, after)
	}, func(_ *elastic.SearchResult, items *elastic.AggregationBucketCompositeItems) error {
		for _, b := range items.Buckets {
			day, _ := b.Key["period"].(string)
			if k := index.PeriodKey(day, per); k != "" {
				out.Held[k] += int(b.DocCount)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows := map[string]*index.AttendanceRow{}
	err = e.composite(ctx, "attendance", query, func(after map[string]any) *elastic.CompositeAggregation {
		return attendanceAgg(field, interval, after)
	}, func(_ *elastic.SearchResult, items *elastic.AggregationBucketCompositeItems) error {
		for _, b := range items.Buckets {
			key := fmt.Sprint(b.Key["key"])
			day, _ := b.Key["period"].(string)
			p := index.PeriodKey(day, per)
			if key == "" || p == "" {
				continue
			}
			first, err := esDateString(b.Aggregations, "first")
			if err != nil {
				return esSearchError("attendance: reading aggregations", err)
			}
			last, err := esDateString(b.Aggregations, "last")
			if err != nil {
				return esSearchError("attendance: reading aggregations", err)
			}
			r := rows[key]
			if r == nil {
				r = &index.AttendanceRow{Key: key, Attended: map[string]int{}, First: first, Last: last}
				rows[key] = r
			}
			r.Attended[p] += int(b.DocCount)
			if first != "" && (r.First == "" || first < r.First) {
				r.First = first
			}
			r.Last = max(r.Last, last)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
	}
	sort.Slice(out.Rows, func(i, j int) bool { return out.Rows[i].Key < out.Rows[j].Key })
	index.SortRows(out.Rows)
	return out, nil
}

// Meeting returns a stored meeting whole.
func (e *Backend) Meeting(ctx context.Context, id string) (*minutes.Meeting, error) {
	if id == "" {
		return nil, fmt.Errorf("meeting %q: %w", id, index.ErrNotFound)
	}
	res, err := e.client.Get().Index(e.alias).Id(id).
		FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "json")).
		Do(ctx)
	if elastic.IsNotFound(err) {
		return nil, fmt.Errorf("meeting %q: %w", id, index.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("elasticsearch: meeting %s: %w", id, err)
	}
	var d struct {
		Kind string          `json:"kind"`
		JSON json.RawMessage `json:"json"`
	}
	if !res.Found || json.Unmarshal(res.Source, &d) != nil || d.Kind != esKindMeeting || len(d.JSON) == 0 {
		return nil, fmt.Errorf("meeting %q: %w", id, index.ErrNotFound)
	}
	m := new(minutes.Meeting)
	if err := json.Unmarshal(d.JSON, m); err != nil {
		return nil, fmt.Errorf("elasticsearch: meeting %s: %w", id, err)
	}
	return m, nil
}

// File returns the record of an imported file.
func (e *Backend) File(ctx context.Context, path string) (index.FileRecord, error) {
	if path == "" {
		return index.FileRecord{}, fmt.Errorf("file %q: %w", path, index.ErrNotFound)
	}
	res, err := e.client.Get().Index(e.alias).Id(esFileID(path)).Do(ctx)
	if elastic.IsNotFound(err) {
		return index.FileRecord{}, fmt.Errorf("file %q: %w", path, index.ErrNotFound)
	}
	if err != nil {
		return index.FileRecord{}, fmt.Errorf("elasticsearch: file %s: %w", path, err)
	}
	var d esFileDoc
	if !res.Found || json.Unmarshal(res.Source, &d) != nil || d.Kind != esKindFile || d.Path != path {
		return index.FileRecord{}, fmt.Errorf("file %q: %w", path, index.ErrNotFound)
	}
	return esFileRecord(d)
}

// esFileRecord turns a file document into a file record.
func esFileRecord(d esFileDoc) (index.FileRecord, error) {
	rec := index.FileRecord{Path: d.Path, SHA256: d.SHA256, MeetingID: d.MeetingID, Fingerprint: d.Fingerprint,
		Extraction: d.Extraction}
	if d.Meta != nil {
		rec.Stat, rec.Summary = d.Meta.Stat, d.Meta.Summary
	}
	if d.Imported != "" {
		if err := rec.Imported.UnmarshalText([]byte(d.Imported)); err != nil {
			return index.FileRecord{}, fmt.Errorf("elasticsearch: file %s: imported: %w", d.Path, err)
		}
	}
	return rec, nil
}

// esFilesPage is the number of file records Files fetches a request.
const esFilesPage = 1000

// Files lists the records of the imported files in folder dir, at any depth,
// in path order, paging with search_after.
func (e *Backend) Files(ctx context.Context, dir string) ([]index.FileRecord, error) {
	q := elastic.NewBoolQuery().Filter(
		elastic.NewTermQuery("kind", esKindFile),
		elastic.NewPrefixQuery("path", index.FolderPrefix(dir)),
	)
	out := []index.FileRecord{}
	var after []interface{}
	for {
		src := elastic.NewSearchSource().Query(q).Size(esFilesPage).
			FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "path", "sha256", "meeting_id", "imported", "fingerprint", "meta")).
			SortBy(elastic.NewFieldSort("path").Asc())
		if after != nil {
			src = src.SearchAfter(after...)
		}
		res, err := e.client.Search(e.alias).SearchSource(src).Do(ctx)
		if err != nil {
			return nil, esSearchError("files", err)
		}
		if res.Hits == nil || len(res.Hits.Hits) == 0 {
			return out, nil
		}
		for _, h := range res.Hits.Hits {
			var d esFileDoc
			if err := json.Unmarshal(h.Source, &d); err != nil {
				return nil, esSearchError("files: hit "+h.Id, err)
			}
			rec, err := esFileRecord(d)
			if err != nil {
				return nil, err
			}
			out = append(out, rec)
		}
		if len(res.Hits.Hits) < esFilesPage {
			return out, nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}
