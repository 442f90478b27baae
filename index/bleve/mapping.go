package bleve

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

// The document kinds, the values of the "kind" field. (Attendances are no
// documents of their own: a meeting's document sums them up for Attendance.)
const (
	bleveKindMeeting  = "meeting"
	bleveKindItem     = "item"
	bleveKindDecision = "decision"
	bleveKindFile     = "file"
)

// The attendance summary fields of a meeting document: for each
// municipality (person) present at a dated meeting one term "YYYY-MM key"
// in the month field and one "YYYY-MM-DD key" in the day field. Attendance
// counts the month terms (few distinct terms, so counting stays cheap) and
// reads the day terms only in each key's first and last month.
const (
	bleveAttendedMunicipality      = "attended_municipality"
	bleveAttendedMunicipalityMonth = "attended_municipality_month"
	bleveAttendedPerson            = "attended_person"
	bleveAttendedPersonMonth       = "attended_person_month"
)

// bleveAttended returns the attendance summary term of key at a meeting in
// period (a day or a month).
func bleveAttended(period, key string) string { return period + " " + key }

// bleveSplitAttended splits an attendance summary term into its period (a
// day or a month) and key.
func bleveSplitAttended(term string) (period, key string, ok bool) {
	period, key, ok = strings.Cut(term, " ")
	if !ok || key == "" || (len(period) != len("2006-01") && len(period) != len(time.DateOnly)) {
		return "", "", false
	}
	return period, key, true
}

// Field constructors: each returns a fresh mapping, since Bleve records the
// field name in it.

// bleveTextField is Swedish full text, stored. It has no term vectors:
// no query needs positions (no phrases), and highlights are found by
// analysing the hits' texts (see Backend.marks); positions were a fifth of
// an import's indexing work.
func bleveTextField() *mapping.FieldMapping {
	f := blevesearch.NewTextFieldMapping()
	f.Analyzer = bleveSvAnalyzer
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}

// bleveKeywordField is an exact, stored, sortable string.
func bleveKeywordField() *mapping.FieldMapping {
	f := blevesearch.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	return f
}

// bleveFilterField is an exact, stored string that queries match but never
// sort or count by: no doc values.
func bleveFilterField() *mapping.FieldMapping {
	f := bleveKeywordField()
	f.DocValues = false
	return f
}

// bleveFacetField is an exact string kept for term facets only: indexed
// with doc values, not stored.
func bleveFacetField() *mapping.FieldMapping {
	f := bleveKeywordField()
	f.Store = false
	return f
}

// bleveNumberField is a stored number that is read, never searched or
// sorted by: Bleve would index a number as 16 terms of decreasing precision.
func bleveNumberField() *mapping.FieldMapping {
	f := blevesearch.NewNumericFieldMapping()
	f.Index = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// bleveDateField is a stored, sortable date.
func bleveDateField() *mapping.FieldMapping {
	f := blevesearch.NewDateTimeFieldMapping()
	f.IncludeInAll = false
	return f
}

// bleveStoredField is stored only: not searchable, not sortable.
func bleveStoredField() *mapping.FieldMapping {
	f := blevesearch.NewTextFieldMapping()
	f.Analyzer = keyword.Name
	f.Index = false
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}

// bleveDocMapping maps the named fields and ignores every other.
func bleveDocMapping(fields map[string]func() *mapping.FieldMapping) *mapping.DocumentMapping {
	dm := blevesearch.NewDocumentStaticMapping()
	for name, field := range fields {
		dm.AddFieldMappingsAt(name, field())
	}
	return dm
}

// bleveContextFields are the fields every agenda point, decision and attendance
// document carries from its meeting.
func bleveContextFields(more map[string]func() *mapping.FieldMapping) map[string]func() *mapping.FieldMapping {
	fields := map[string]func() *mapping.FieldMapping{
		"kind":               bleveFilterField,
		"meeting_id":         bleveKeywordField,
		"date":               bleveDateField,
		"body":               bleveKeywordField,
		"body_key":           bleveFilterField,
		"municipalities_key": bleveFilterField,
	}
	for k, v := range more {
		fields[k] = v
	}
	return fields
}

// bleveMapping is the index mapping: one document mapping per kind, chosen by
// the "kind" field; anything else is not indexed.
func bleveMapping() (*mapping.IndexMappingImpl, error) {
	im := blevesearch.NewIndexMapping()
	if err := bleveAddSvAnalyzer(im); err != nil {
		return nil, err
	}
	im.TypeField = "kind"
	im.DefaultAnalyzer = bleveSvAnalyzer
	im.DefaultMapping = blevesearch.NewDocumentDisabledMapping()
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.AddDocumentMapping(bleveKindMeeting, bleveDocMapping(bleveContextFields(map[string]func() *mapping.FieldMapping{
		"title":          bleveTextField,
		"municipalities": bleveFilterField,
		"persons":        bleveFilterField,
		"sources":        bleveFilterField,
		"attendee_count": bleveNumberField,
		"item_count":     bleveNumberField,
		"decision_count": bleveNumberField,
		"json":           bleveStoredField,
		// attendance summary (see Attendance)
		"day":                          bleveFacetField,
		bleveAttendedMunicipality:      bleveFacetField,
		bleveAttendedMunicipalityMonth: bleveFacetField,
		bleveAttendedPerson:            bleveFacetField,
		bleveAttendedPersonMonth:       bleveFacetField,
	})))
	im.AddDocumentMapping(bleveKindItem, bleveDocMapping(bleveContextFields(map[string]func() *mapping.FieldMapping{
		"order":  bleveFacetField,
		"number": bleveNumberField,
		"title":  bleveTextField,
		"text":   bleveTextField,
		"source": bleveFilterField,
		"page":   bleveNumberField,
	})))
	im.AddDocumentMapping(bleveKindDecision, bleveDocMapping(bleveContextFields(map[string]func() *mapping.FieldMapping{
		"order":      bleveFacetField,
		"item":       bleveNumberField,
		"item_title": bleveTextField,
		"text":       bleveTextField,
		"source":     bleveFilterField,
		"page":       bleveNumberField,
	})))
	im.AddDocumentMapping(bleveKindFile, bleveDocMapping(map[string]func() *mapping.FieldMapping{
		"kind":        bleveFilterField,
		"path":        bleveFilterField,
		"sha256":      bleveFilterField,
		"meeting_id":  bleveFilterField,
		"imported":    bleveStoredField, // RFC 3339, read only
		"fingerprint": bleveFilterField,
		"meta":        bleveStoredField, // JSON: stat and summary
		"extraction":  bleveStoredField, // JSON: the file's own meeting
	}))
	return im, nil
}

// bleveDoc is one document to index: its ID and fields.
type bleveDoc struct {
	id     string
	fields map[string]any
}

// bleveDate returns the date documents of m carry: m.When() when it is a
// valid date Bleve can store, else "" (the documents then have no date).
func bleveDate(m *minutes.Meeting) string {
	d := m.When()
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Year() < 1700 || t.Year() > 2200 {
		return ""
	}
	return d
}

// bleveMeetingDocs returns every document of m: the meeting (with its
// attendance summary), its agenda points and decisions.
func bleveMeetingDocs(m *minutes.Meeting) ([]bleveDoc, error) {
	js, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode meeting %s: %w", m.ID, err)
	}
	date := bleveDate(m)
	var munis, munisKey, persons, attendedMunis, attendedPersons, monthMunis, monthPersons []string
	seen, seenPerson := map[string]bool{}, map[string]bool{}
	for _, a := range m.Attendees {
		if a.Municipality != "" && !seen[a.Municipality] {
			seen[a.Municipality] = true
			munis = append(munis, a.Municipality)
			munisKey = append(munisKey, strings.ToLower(a.Municipality))
			if date != "" {
				attendedMunis = append(attendedMunis, bleveAttended(date, a.Municipality))
				monthMunis = append(monthMunis, bleveAttended(date[:len("2006-01")], a.Municipality))
			}
		}
		if a.Name != "" {
			persons = append(persons, a.Name)
			if date != "" && !seenPerson[a.Name] {
				seenPerson[a.Name] = true
				attendedPersons = append(attendedPersons, bleveAttended(date, a.Name))
				monthPersons = append(monthPersons, bleveAttended(date[:len("2006-01")], a.Name))
			}
		}
	}
	sources := make([]string, 0, len(m.Sources))
	for _, s := range m.Sources {
		sources = append(sources, s.Path)
	}
	source := ""
	if len(sources) > 0 {
		source = sources[0]
	}

	// context returns the fields shared by all documents of the meeting.
	context := func(kind string) map[string]any {
		f := map[string]any{
			"kind":       kind,
			"meeting_id": m.ID,
			"body":       m.Body,
			"body_key":   strings.ToLower(m.Body),
		}
		if date != "" {
			f["date"] = date
		}
		if len(munisKey) > 0 {
			f["municipalities_key"] = munisKey
		}
		return f
	}

	docs := make([]bleveDoc, 0, 1+len(m.Items)+len(m.Decisions))
	md := context(bleveKindMeeting)
	md["title"] = m.Title
	md["municipalities"] = munis
	md["persons"] = persons
	md["sources"] = sources
	md["attendee_count"] = len(m.Attendees)
	md["item_count"] = len(m.Items)
	md["decision_count"] = len(m.Decisions)
	md["json"] = string(js)
	if date != "" {
		md["day"] = date
		md[bleveAttendedMunicipality] = attendedMunis
		md[bleveAttendedMunicipalityMonth] = monthMunis
		md[bleveAttendedPerson] = attendedPersons
		md[bleveAttendedPersonMonth] = monthPersons
	}
	docs = append(docs, bleveDoc{m.ID, md})

	titles := map[int]string{}
	for k, it := range m.Items {
		if _, ok := titles[it.Number]; !ok {
			titles[it.Number] = it.Title
		}
		f := context(bleveKindItem)
		f["order"] = bleveOrderKey(date, m.ID, it.Number, k)
		f["number"] = it.Number
		f["title"] = it.Title
		f["text"] = it.Text
		f["source"] = source
		f["page"] = it.Pos.Page
		docs = append(docs, bleveDoc{m.ID + "/item/" + strconv.Itoa(k), f})
	}
	for k, d := range m.Decisions {
		f := context(bleveKindDecision)
		f["order"] = bleveOrderKey(date, m.ID, d.Item, k)
		f["item"] = d.Item
		if d.Item != 0 {
			f["item_title"] = titles[d.Item]
		}
		f["text"] = d.Text
		f["source"] = source
		f["page"] = d.Pos.Page
		docs = append(docs, bleveDoc{m.ID + "/decision/" + strconv.Itoa(k), f})
	}
	return docs, nil
}

// bleveOrderKey is the "order" of an agenda point or decision: a string
// whose byte order is newest date first (a date is stored as 99999999 minus
// YYYYMMDD; no date, "~", comes last), then meeting ID, agenda point number
// and position in the meeting.
func bleveOrderKey(date, meetingID string, number, seq int) string {
	day := "~~~~~~~~"
	if t, err := time.Parse(time.DateOnly, date); err == nil {
		day = fmt.Sprintf("%08d", 99999999-(t.Year()*10000+int(t.Month())*100+t.Day()))
	}
	return fmt.Sprintf("%s %s %010d %06d", day, meetingID, uint32(number), seq)
}

// bleveFileDoc returns the document of a file record.
func bleveFileDoc(rec index.FileRecord) (bleveDoc, error) {
	f := map[string]any{
		"kind":       bleveKindFile,
		"path":       rec.Path,
		"sha256":     rec.SHA256,
		"meeting_id": rec.MeetingID,
	}
	if !rec.Imported.IsZero() {
		f["imported"] = rec.Imported.UTC().Format(time.RFC3339Nano)
	}
	if rec.Fingerprint != "" {
		f["fingerprint"] = rec.Fingerprint
	}
	meta, err := json.Marshal(fileMeta{rec.Stat, rec.Summary})
	if err != nil {
		return bleveDoc{}, fmt.Errorf("encode file %s: %w", rec.Path, err)
	}
	f["meta"] = string(meta)
	if rec.Extraction != nil {
		ext, err := json.Marshal(rec.Extraction)
		if err != nil {
			return bleveDoc{}, fmt.Errorf("encode file %s: extraction: %w", rec.Path, err)
		}
		f["extraction"] = string(ext)
	}
	return bleveDoc{rec.Path, f}, nil
}

// fileMeta is the stored JSON of a file record's stat and summary.
type fileMeta struct {
	Stat    index.FileStat    `json:"stat"`
	Summary index.FileSummary `json:"summary"`
}
