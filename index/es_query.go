package index

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/goteborgsregionen/minutes"
	"github.com/olivere/elastic/v7"
)

const (
	esDefaultLimit = 100
	esMaxLimit     = 10000
	// esMaxKeys is the size of the attendance terms aggregation.
	esMaxKeys = 10000
)

// esLimit returns the number of hits a Filter asks for.
func esLimit(f Filter) int {
	switch {
	case f.Limit <= 0:
		return esDefaultLimit
	case f.Limit > esMaxLimit:
		return esMaxLimit
	}
	return f.Limit
}

// esFilters returns the filter clauses of a Filter for documents of kind
// (one kind, or several).
func esFilters(f Filter, kinds ...string) []elastic.Query {
	var qs []elastic.Query
	if len(kinds) == 1 {
		qs = append(qs, elastic.NewTermQuery("kind", kinds[0]))
	} else {
		vals := make([]any, len(kinds))
		for i, k := range kinds {
			vals[i] = k
		}
		qs = append(qs, elastic.NewTermsQuery("kind", vals...))
	}
	if f.From != "" || f.To != "" {
		qs = append(qs, esDateRange{gte: f.From, lte: f.To})
	}
	if f.Body != "" {
		qs = append(qs, elastic.NewTermQuery("body_key", strings.ToLower(f.Body)))
	}
	if f.Municipality != "" {
		qs = append(qs, elastic.NewTermQuery("municipalities_key", strings.ToLower(f.Municipality)))
	}
	return qs
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
func (e *ES) Decisions(ctx context.Context, q DecisionQuery) ([]DecisionHit, error) {
	if q.Sort != ByRelevance && q.Sort != ByDate {
		return nil, fmt.Errorf("elasticsearch: unknown sort %q", q.Sort)
	}
	src := e.decisionsSource(q)
	res, err := e.client.Search(e.alias).SearchSource(src).Do(ctx)
	if err != nil {
		return nil, esSearchError("decisions", err)
	}
	hits := []DecisionHit{}
	if res.Hits == nil {
		return hits, nil
	}
	for _, h := range res.Hits.Hits {
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
			return nil, esSearchError("decisions: hit "+h.Id, err)
		}
		hit := DecisionHit{
			MeetingID: d.MeetingID, Date: d.Date, Body: d.Body, Item: d.Item,
			ItemTitle: d.ItemTitle, Text: d.Text, Source: d.Source, Page: d.Page,
			Score: esScore(h.Score),
		}
		if frags := h.Highlight["text"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

func (e *ES) decisionsSource(q DecisionQuery) *elastic.SearchSource {
	query := esTextQuery(q.Text, esFilters(q.Filter, esKindDecision), "text^2", "item_title")
	src := elastic.NewSearchSource().
		Query(query).
		Size(esLimit(q.Filter)).
		FetchSourceContext(elastic.NewFetchSourceContext(true).
			Include("meeting_id", "date", "body", "item", "item_title", "text", "source", "page"))
	if q.Sort == ByDate {
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
func (e *ES) Search(ctx context.Context, q TextQuery) ([]ItemHit, error) {
	res, err := e.client.Search(e.alias).SearchSource(e.searchSource(q)).Do(ctx)
	if err != nil {
		return nil, esSearchError("search", err)
	}
	hits := []ItemHit{}
	if res.Hits == nil {
		return hits, nil
	}
	for _, h := range res.Hits.Hits {
		var d struct {
			MeetingID string `json:"meeting_id"`
			Date      string `json:"date"`
			Body      string `json:"body"`
			Number    int    `json:"number"`
			Title     string `json:"title"`
			Source    string `json:"source"`
		}
		if err := json.Unmarshal(h.Source, &d); err != nil {
			return nil, esSearchError("search: hit "+h.Id, err)
		}
		hit := ItemHit{
			MeetingID: d.MeetingID, Date: d.Date, Body: d.Body, Number: d.Number,
			Title: d.Title, Source: d.Source, Score: esScore(h.Score),
		}
		if frags := h.Highlight["text"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		} else if frags := h.Highlight["title"]; len(frags) > 0 {
			hit.Highlight = frags[0]
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

func (e *ES) searchSource(q TextQuery) *elastic.SearchSource {
	query := esTextQuery(q.Text, esFilters(q.Filter, esKindItem), "title^2", "text")
	src := elastic.NewSearchSource().
		Query(query).
		Size(esLimit(q.Filter)).
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
func (e *ES) Meetings(ctx context.Context, f Filter) ([]MeetingSummary, error) {
	res, err := e.client.Search(e.alias).SearchSource(e.meetingsSource(f)).Do(ctx)
	if err != nil {
		return nil, esSearchError("meetings", err)
	}
	out := []MeetingSummary{}
	if res.Hits == nil {
		return out, nil
	}
	for _, h := range res.Hits.Hits {
		var d struct {
			MeetingID string   `json:"meeting_id"`
			Date      string   `json:"date"`
			Body      string   `json:"body"`
			Title     string   `json:"title"`
			Sources   []string `json:"sources"`
			esCounts
		}
		if err := json.Unmarshal(h.Source, &d); err != nil {
			return nil, esSearchError("meetings: hit "+h.Id, err)
		}
		if d.Sources == nil {
			d.Sources = []string{}
		}
		out = append(out, MeetingSummary{
			ID: d.MeetingID, Date: d.Date, Body: d.Body, Title: d.Title,
			Attendees: d.Attendees, Items: d.Items, Decisions: d.Decisions,
			Sources: d.Sources,
		})
	}
	return out, nil
}

func (e *ES) meetingsSource(f Filter) *elastic.SearchSource {
	return elastic.NewSearchSource().
		Query(elastic.NewBoolQuery().Filter(esFilters(f, esKindMeeting)...)).
		Size(esLimit(f)).
		FetchSourceContext(elastic.NewFetchSourceContext(true).
			Include("meeting_id", "date", "body", "title", "sources", "attendee_count", "item_count", "decision_count")).
		SortBy(esDateSort(), elastic.NewFieldSort("meeting_id").Asc())
}

// esInterval returns the date_histogram calendar interval of a period.
func esInterval(p Period) (Period, string, error) {
	switch p {
	case "", Year:
		return Year, "year", nil
	case Quarter:
		return Quarter, "quarter", nil
	case Month:
		return Month, "month", nil
	}
	return "", "", fmt.Errorf("elasticsearch: unknown period %q (year, quarter or month)", p)
}

// esAttendanceKey returns the field an attendance query groups by.
func esAttendanceKey(by string) (string, error) {
	switch by {
	case "", "municipality":
		return "municipality", nil
	case "person":
		return "name", nil
	}
	return "", fmt.Errorf("elasticsearch: unknown attendance grouping %q (municipality or person)", by)
}

// attendanceSource is one request answering an attendance query: attendance
// documents grouped by key → period → distinct meetings (+ first and last
// date), and meeting documents per period for Held.
func (e *ES) attendanceSource(q AttendanceQuery) (*elastic.SearchSource, Period, error) {
	per, interval, err := esInterval(q.Per)
	if err != nil {
		return nil, "", err
	}
	key, err := esAttendanceKey(q.By)
	if err != nil {
		return nil, "", err
	}
	filters := esFilters(q.Filter, esKindAttendance, esKindMeeting)
	filters = append(filters, elastic.NewExistsQuery("date"))
	periods := func() *elastic.DateHistogramAggregation {
		return elastic.NewDateHistogramAggregation().
			Field("date").
			CalendarInterval(interval).
			Format(esAggDateFormat).
			MinDocCount(1)
	}
	keys := elastic.NewTermsAggregation().Field(key).Size(esMaxKeys).
		SubAggregation("periods", periods().
			SubAggregation("meetings", elastic.NewCardinalityAggregation().Field("meeting_id").PrecisionThreshold(40000))).
		SubAggregation("first", elastic.NewMinAggregation().Field("date").Format(esAggDateFormat)).
		SubAggregation("last", elastic.NewMaxAggregation().Field("date").Format(esAggDateFormat))
	src := elastic.NewSearchSource().
		Query(elastic.NewBoolQuery().Filter(filters...)).
		Size(0).
		Aggregation("attendance", elastic.NewFilterAggregation().
			Filter(elastic.NewTermQuery("kind", esKindAttendance)).
			SubAggregation("keys", keys)).
		Aggregation("held", elastic.NewFilterAggregation().
			Filter(elastic.NewTermQuery("kind", esKindMeeting)).
			SubAggregation("periods", periods()))
	return src, per, nil
}

// The parts of the attendance response read here (Elasticsearch 7 format).
type esHistogram struct {
	Buckets []struct {
		KeyAsString string  `json:"key_as_string"`
		Key         float64 `json:"key"`
		DocCount    int64   `json:"doc_count"`
		Meetings    struct {
			Value float64 `json:"value"`
		} `json:"meetings"`
	} `json:"buckets"`
}

type esDateMetric struct {
	Value         *float64 `json:"value"`
	ValueAsString string   `json:"value_as_string"`
}

type esAttendanceAggs struct {
	Keys struct {
		SumOtherDocCount int64 `json:"sum_other_doc_count"`
		Buckets          []struct {
			Key      any          `json:"key"`
			DocCount int64        `json:"doc_count"`
			Periods  esHistogram  `json:"periods"`
			First    esDateMetric `json:"first"`
			Last     esDateMetric `json:"last"`
		} `json:"buckets"`
	} `json:"keys"`
}

type esHeldAggs struct {
	Periods esHistogram `json:"periods"`
}

// Attendance counts meetings attended per key and period.
func (e *ES) Attendance(ctx context.Context, q AttendanceQuery) (*AttendanceCounts, error) {
	src, per, err := e.attendanceSource(q)
	if err != nil {
		return nil, err
	}
	res, err := e.client.Search(e.alias).SearchSource(src).Do(ctx)
	if err != nil {
		return nil, esSearchError("attendance", err)
	}
	return parseAttendance(res.Aggregations, per)
}

// parseAttendance reads the aggregations of an attendance response.
func parseAttendance(aggs elastic.Aggregations, per Period) (*AttendanceCounts, error) {
	out := &AttendanceCounts{Held: map[string]int{}, Rows: []AttendanceRow{}}
	var att esAttendanceAggs
	var held esHeldAggs
	if raw, ok := aggs["attendance"]; ok {
		if err := json.Unmarshal(raw, &att); err != nil {
			return nil, esSearchError("attendance: reading aggregations", err)
		}
	}
	if raw, ok := aggs["held"]; ok {
		if err := json.Unmarshal(raw, &held); err != nil {
			return nil, esSearchError("attendance: reading aggregations", err)
		}
	}
	if att.Keys.SumOtherDocCount > 0 {
		return nil, fmt.Errorf("elasticsearch: attendance: more than %d distinct keys; narrow the filter", esMaxKeys)
	}
	for _, b := range held.Periods.Buckets {
		if k := PeriodKey(b.KeyAsString, per); k != "" {
			out.Held[k] += int(b.DocCount)
		}
	}
	for _, b := range att.Keys.Buckets {
		row := AttendanceRow{Key: fmt.Sprint(b.Key), Attended: map[string]int{},
			First: esDateString(b.First), Last: esDateString(b.Last)}
		for _, p := range b.Periods.Buckets {
			if k := PeriodKey(p.KeyAsString, per); k != "" {
				row.Attended[k] += int(math.Round(p.Meetings.Value))
			}
		}
		out.Rows = append(out.Rows, row)
	}
	SortRows(out.Rows)
	return out, nil
}

// esDateString returns a date metric as YYYY-MM-DD.
func esDateString(m esDateMetric) string {
	if m.Value == nil {
		return ""
	}
	return m.ValueAsString
}

// Meeting returns a stored meeting whole.
func (e *ES) Meeting(ctx context.Context, id string) (*minutes.Meeting, error) {
	if id == "" {
		return nil, fmt.Errorf("meeting %q: %w", id, ErrNotFound)
	}
	res, err := e.client.Get().Index(e.alias).Id(id).
		FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "json")).
		Do(ctx)
	if elastic.IsNotFound(err) {
		return nil, fmt.Errorf("meeting %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("elasticsearch: meeting %s: %w", id, err)
	}
	var d struct {
		Kind string          `json:"kind"`
		JSON json.RawMessage `json:"json"`
	}
	if !res.Found || json.Unmarshal(res.Source, &d) != nil || d.Kind != esKindMeeting || len(d.JSON) == 0 {
		return nil, fmt.Errorf("meeting %q: %w", id, ErrNotFound)
	}
	m := new(minutes.Meeting)
	if err := json.Unmarshal(d.JSON, m); err != nil {
		return nil, fmt.Errorf("elasticsearch: meeting %s: %w", id, err)
	}
	return m, nil
}

// File returns the record of an imported file.
func (e *ES) File(ctx context.Context, path string) (FileRecord, error) {
	if path == "" {
		return FileRecord{}, fmt.Errorf("file %q: %w", path, ErrNotFound)
	}
	res, err := e.client.Get().Index(e.alias).Id(esFileID(path)).Do(ctx)
	if elastic.IsNotFound(err) {
		return FileRecord{}, fmt.Errorf("file %q: %w", path, ErrNotFound)
	}
	if err != nil {
		return FileRecord{}, fmt.Errorf("elasticsearch: file %s: %w", path, err)
	}
	var d esFileDoc
	if !res.Found || json.Unmarshal(res.Source, &d) != nil || d.Kind != esKindFile || d.Path != path {
		return FileRecord{}, fmt.Errorf("file %q: %w", path, ErrNotFound)
	}
	return esFileRecord(d)
}

// esFileRecord turns a file document into a file record.
func esFileRecord(d esFileDoc) (FileRecord, error) {
	rec := FileRecord{Path: d.Path, SHA256: d.SHA256, MeetingID: d.MeetingID}
	if d.Imported != "" {
		if err := rec.Imported.UnmarshalText([]byte(d.Imported)); err != nil {
			return FileRecord{}, fmt.Errorf("elasticsearch: file %s: imported: %w", d.Path, err)
		}
	}
	return rec, nil
}

// esFilesPage is the number of file records Files fetches a request.
const esFilesPage = 1000

// Files lists the records of the imported files in folder dir, at any depth,
// in path order, paging with search_after.
func (e *ES) Files(ctx context.Context, dir string) ([]FileRecord, error) {
	q := elastic.NewBoolQuery().Filter(
		elastic.NewTermQuery("kind", esKindFile),
		elastic.NewPrefixQuery("path", folderPrefix(dir)),
	)
	out := []FileRecord{}
	var after []interface{}
	for {
		src := elastic.NewSearchSource().Query(q).Size(esFilesPage).
			FetchSourceContext(elastic.NewFetchSourceContext(true).Include("kind", "path", "sha256", "meeting_id", "imported")).
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
