package es

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

// The document kinds (the "kind" field).
const (
	esKindMeeting    = "meeting"
	esKindItem       = "item"
	esKindDecision   = "decision"
	esKindAttendance = "attendance"
	esKindFile       = "file"
)

// esDateFormat is the format of the date fields; esAggDateFormat the format
// aggregations return dates in.
const (
	esDateFormat    = "strict_date_optional_time||yyyy-MM-dd"
	esAggDateFormat = "yyyy-MM-dd"
)

// esAnalyzer is the analyzer of every text field (and so of the queries on
// them): Elasticsearch's built-in "swedish" analyzer rebuilt as a custom one
// (standard tokenizer, lowercase, Swedish stop words, Snowball Swedish
// stemmer) followed by the two filters of the Bleve backend's minutes_sv
// analyzer (index/bleve/sv.go), so that both backends find the same words. The
// Snowball stemmer leaves the definite ending -et alone: without them
// "socionomprogram" would not find "socionomprogrammet".
const esAnalyzer = "minutes_sv"

// esAnalysis returns the analysis settings defining esAnalyzer.
func esAnalysis() map[string]any {
	return map[string]any{
		"filter": map[string]any{
			"minutes_sv_stop":    map[string]any{"type": "stop", "stopwords": "_swedish_"},
			"minutes_sv_stemmer": map[string]any{"type": "stemmer", "language": "swedish"},
			// strip a final "et" up to twice while at least three
			// characters remain: "socionomprogrammet" → "socionomprogramm"
			"minutes_sv_definite": map[string]any{"type": "pattern_replace",
				"pattern": "^(.{3,}?)(?:et){1,2}$", "replacement": "$1"},
			// drop the last of two equal final consonants:
			// "socionomprogramm" → "socionomprogram"
			"minutes_sv_undouble": map[string]any{"type": "pattern_replace",
				"pattern": `^(.*)([bcdfghjklmnpqrstvwxz])\2$`, "replacement": "$1$2"},
		},
		"analyzer": map[string]any{
			esAnalyzer: map[string]any{
				"type":      "custom",
				"tokenizer": "standard",
				"filter": []string{"lowercase", "minutes_sv_stop", "minutes_sv_stemmer",
					"minutes_sv_definite", "minutes_sv_undouble"},
			},
		},
	}
}

// esIndexBody returns the body of the index creation request: settings with
// the analysis, the strict mapping of all document kinds and the alias.
func esIndexBody(alias string) map[string]any {
	text := map[string]any{"type": "text", "analyzer": esAnalyzer}
	keyword := map[string]any{"type": "keyword"}
	integer := map[string]any{"type": "integer"}
	date := map[string]any{"type": "date", "format": esDateFormat}
	return map[string]any{
		"settings": map[string]any{
			"number_of_shards":     1,
			"auto_expand_replicas": "0-1",
			"analysis":             esAnalysis(),
		},
		"mappings": map[string]any{
			"dynamic": "strict",
			"_meta":   map[string]any{"minutes_mapping_version": MappingVersion},
			"properties": map[string]any{
				// every kind
				"kind":               keyword,
				"meeting_id":         keyword,
				"date":               date,
				"body":               keyword,
				"body_key":           keyword,
				"municipalities_key": keyword,
				// meeting
				"title":          text,
				"municipalities": keyword,
				"persons":        keyword,
				"sources":        keyword,
				"attendee_count": integer,
				"item_count":     integer,
				"decision_count": integer,
				"json":           map[string]any{"type": "object", "enabled": false},
				// item and decision
				"number":     integer,
				"text":       text,
				"source":     keyword,
				"page":       integer,
				"item":       integer,
				"item_title": text,
				"seq":        integer,
				// attendance
				"name":         keyword,
				"organisation": keyword,
				"municipality": keyword,
				"group":        keyword,
				"items":        integer,
				// file
				"path":        keyword,
				"sha256":      keyword,
				"imported":    date,
				"fingerprint": keyword,
				"meta":        map[string]any{"type": "object", "enabled": false},
				"extraction":  map[string]any{"type": "object", "enabled": false},
			},
		},
		"aliases": map[string]any{
			alias: map[string]any{"is_write_index": true},
		},
	}
}

// esDoc is one document to index.
type esDoc struct {
	ID     string
	Source json.RawMessage
}

// esCounts are the numbers of documents of each kind a meeting has.
type esCounts struct {
	Attendees int `json:"attendee_count"`
	Items     int `json:"item_count"`
	Decisions int `json:"decision_count"`
}

// esCommon are the fields every meeting-derived document carries.
type esCommon struct {
	Kind              string   `json:"kind"`
	MeetingID         string   `json:"meeting_id"`
	Date              string   `json:"date,omitempty"`
	Body              string   `json:"body,omitempty"`
	BodyKey           string   `json:"body_key,omitempty"`
	MunicipalitiesKey []string `json:"municipalities_key,omitempty"`
}

type esMeetingDoc struct {
	esCommon
	Title          string   `json:"title,omitempty"`
	Municipalities []string `json:"municipalities,omitempty"`
	Persons        []string `json:"persons,omitempty"`
	Sources        []string `json:"sources,omitempty"`
	esCounts
	JSON json.RawMessage `json:"json"`
}

type esItemDoc struct {
	esCommon
	Seq    int    `json:"seq"`
	Number int    `json:"number"`
	Title  string `json:"title,omitempty"`
	Text   string `json:"text,omitempty"`
	Source string `json:"source,omitempty"`
	Page   int    `json:"page,omitempty"`
}

type esDecisionDoc struct {
	esCommon
	Seq       int    `json:"seq"`
	Item      int    `json:"item"`
	ItemTitle string `json:"item_title,omitempty"`
	Text      string `json:"text"`
	Source    string `json:"source,omitempty"`
	Page      int    `json:"page,omitempty"`
}

type esAttendanceDoc struct {
	esCommon
	Seq          int    `json:"seq"`
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
	Municipality string `json:"municipality,omitempty"`
	Group        string `json:"group,omitempty"`
	Items        []int  `json:"items,omitempty"`
}

type esFileDoc struct {
	Kind        string           `json:"kind"`
	Path        string           `json:"path"`
	SHA256      string           `json:"sha256,omitempty"`
	MeetingID   string           `json:"meeting_id,omitempty"`
	Imported    string           `json:"imported,omitempty"`
	Fingerprint string           `json:"fingerprint,omitempty"`
	Meta        *fileMeta        `json:"meta,omitempty"`
	Extraction  *minutes.Meeting `json:"extraction,omitempty"`
}

// fileMeta is the stored JSON of a file record's stat and summary, the same
// as in the Bleve index.
type fileMeta struct {
	Stat    index.FileStat    `json:"stat"`
	Summary index.FileSummary `json:"summary"`
}

// esFileSource returns the source of the document of a file record.
func esFileSource(rec index.FileRecord) (json.RawMessage, error) {
	return json.Marshal(esFileDoc{Kind: esKindFile, Path: rec.Path, SHA256: rec.SHA256,
		MeetingID: rec.MeetingID, Imported: esTime(rec.Imported), Fingerprint: rec.Fingerprint,
		Meta: &fileMeta{rec.Stat, rec.Summary}, Extraction: rec.Extraction})
}

// esMeetingDate returns the meeting's date when it is a valid YYYY-MM-DD
// date, else "" (the date field is then absent: Elasticsearch would reject
// the documents, and Filter treats the meeting as undated).
func esMeetingDate(m *minutes.Meeting) string {
	d := m.When()
	if _, err := time.Parse("2006-01-02", d); err != nil {
		return ""
	}
	return d
}

// esTime formats an import time for the "imported" field; "" for zero.
func esTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// esFileID returns the document ID of a file record: the path itself, or a
// hash of it when the path is longer than Elasticsearch's 512-byte ID limit.
func esFileID(path string) string {
	if len(path) <= 512 {
		return path
	}
	sum := sha256.Sum256([]byte(path))
	return "file-sha256:" + hex.EncodeToString(sum[:])
}

func esItemID(meetingID string, k int) string {
	return meetingID + "/item/" + strconv.Itoa(k)
}

func esDecisionID(meetingID string, k int) string {
	return meetingID + "/decision/" + strconv.Itoa(k)
}

func esAttendanceID(meetingID string, k int) string {
	return meetingID + "/attendance/" + strconv.Itoa(k)
}

// distinct returns the distinct non-empty values in first-seen order.
func esDistinct(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// esMeetingDocs returns every document of a meeting: the meeting, its agenda
// points, decisions and attendances, encoded.
func esMeetingDocs(m *minutes.Meeting) ([]esDoc, error) {
	whole, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var munis, persons, sources []string
	for _, a := range m.Attendees {
		munis = append(munis, a.Municipality)
		persons = append(persons, a.Name)
	}
	munis = esDistinct(munis)
	persons = esDistinct(persons)
	var munisKey []string
	for _, mu := range munis {
		munisKey = append(munisKey, strings.ToLower(mu))
	}
	munisKey = esDistinct(munisKey)
	for _, s := range m.Sources {
		sources = append(sources, s.Path)
	}
	source := ""
	if len(m.Sources) > 0 {
		source = m.Sources[0].Path
	}
	common := func(kind string) esCommon {
		return esCommon{
			Kind:              kind,
			MeetingID:         m.ID,
			Date:              esMeetingDate(m),
			Body:              m.Body,
			BodyKey:           strings.ToLower(m.Body),
			MunicipalitiesKey: munisKey,
		}
	}
	docs := make([]esDoc, 0, 1+len(m.Items)+len(m.Decisions)+len(m.Attendees))
	add := func(id string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		docs = append(docs, esDoc{ID: id, Source: b})
		return nil
	}
	if err := add(m.ID, esMeetingDoc{
		esCommon:       common(esKindMeeting),
		Title:          m.Title,
		Municipalities: munis,
		Persons:        persons,
		Sources:        sources,
		esCounts:       esCountsOf(m),
		JSON:           whole,
	}); err != nil {
		return nil, err
	}
	titles := map[int]string{}
	for k, it := range m.Items {
		if _, ok := titles[it.Number]; !ok {
			titles[it.Number] = it.Title
		}
		if err := add(esItemID(m.ID, k), esItemDoc{
			esCommon: common(esKindItem), Seq: k,
			Number: it.Number, Title: it.Title, Text: it.Text,
			Source: source, Page: it.Pos.Page,
		}); err != nil {
			return nil, err
		}
	}
	for k, d := range m.Decisions {
		title := ""
		if d.Item != 0 {
			title = titles[d.Item]
		}
		if err := add(esDecisionID(m.ID, k), esDecisionDoc{
			esCommon: common(esKindDecision), Seq: k,
			Item: d.Item, ItemTitle: title, Text: d.Text,
			Source: source, Page: d.Pos.Page,
		}); err != nil {
			return nil, err
		}
	}
	for k, a := range m.Attendees {
		if err := add(esAttendanceID(m.ID, k), esAttendanceDoc{
			esCommon: common(esKindAttendance), Seq: k,
			Name: a.Name, Organisation: a.Organisation, Municipality: a.Municipality,
			Group: a.Group, Items: a.Items,
		}); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// esSurplusIDs returns the IDs of documents an earlier version of m (with
// counts old) had beyond m's own.
func esSurplusIDs(m *minutes.Meeting, old esCounts) []string {
	var ids []string
	for k := len(m.Items); k < old.Items; k++ {
		ids = append(ids, esItemID(m.ID, k))
	}
	for k := len(m.Decisions); k < old.Decisions; k++ {
		ids = append(ids, esDecisionID(m.ID, k))
	}
	for k := len(m.Attendees); k < old.Attendees; k++ {
		ids = append(ids, esAttendanceID(m.ID, k))
	}
	return ids
}

// esCountsOf returns the numbers of documents of each kind m has.
func esCountsOf(m *minutes.Meeting) esCounts {
	return esCounts{Attendees: len(m.Attendees), Items: len(m.Items), Decisions: len(m.Decisions)}
}

// max returns the larger of each count of c and d.
func (c esCounts) max(d esCounts) esCounts {
	return esCounts{Attendees: max(c.Attendees, d.Attendees), Items: max(c.Items, d.Items), Decisions: max(c.Decisions, d.Decisions)}
}
