// Package index stores extracted meetings and answers the product's questions
// about them: every decision on a topic, attendance over time, meetings, and
// free text over agenda points. Two backends implement Backend and give the
// same answers: an embedded Bleve index (the default, no server needed) and
// Elasticsearch 7 (for users who outgrow one machine).
//
// What is stored: one document per meeting (holding the whole Meeting), one per
// agenda point, one per decision and one per attendance (person at meeting),
// each carrying its meeting's date, body and ID, plus one record per imported
// file (its path, content hash and meeting ID) so that re-imports are cheap.
package index

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/goteborgsregionen/minutes"
)

// ErrNotFound is returned when a meeting or file is not in the index.
var ErrNotFound = errors.New("not found")

// folderPrefix is the prefix of the paths of the files in folder dir.
func folderPrefix(dir string) string {
	return strings.TrimSuffix(filepath.Clean(dir), string(filepath.Separator)) + string(filepath.Separator)
}

// FileRecord is what the index remembers of an imported file.
type FileRecord struct {
	Path      string    `json:"path"`       // as given on import, cleaned and absolute
	SHA256    string    `json:"sha256"`     // of the file's bytes
	MeetingID string    `json:"meeting_id"` // the meeting it was extracted into
	Imported  time.Time `json:"imported"`
}

// Backend is a store of meetings. Implementations: Bleve (OpenBleve) and
// Elasticsearch (OpenES). Writes are visible to reads after Flush.
type Backend interface {
	// File returns the record of an imported file, or ErrNotFound.
	File(ctx context.Context, path string) (FileRecord, error)
	// PutFile stores or replaces the record of an imported file.
	PutFile(ctx context.Context, rec FileRecord) error
	// DeleteFile forgets an imported file.
	DeleteFile(ctx context.Context, path string) error
	// Files lists the records of the imported files in folder dir, at any
	// depth, in path order.
	Files(ctx context.Context, dir string) ([]FileRecord, error)

	// Meeting returns a stored meeting whole, or ErrNotFound.
	Meeting(ctx context.Context, id string) (*minutes.Meeting, error)
	// PutMeeting stores m (m.ID must be set) with its agenda point, decision
	// and attendance documents, replacing every earlier document of m.ID.
	PutMeeting(ctx context.Context, m *minutes.Meeting) error
	// DeleteMeeting removes a meeting and all its documents.
	DeleteMeeting(ctx context.Context, id string) error

	// Decisions returns the decisions matching q, at most q.Limit of them,
	// and how many match in all.
	Decisions(ctx context.Context, q DecisionQuery) (Hits[DecisionHit], error)
	// Attendance counts meetings attended per key and period.
	Attendance(ctx context.Context, q AttendanceQuery) (*AttendanceCounts, error)
	// Meetings lists stored meetings matching f, newest first, at most
	// f.Limit of them, and how many match in all.
	Meetings(ctx context.Context, f Filter) (Hits[MeetingSummary], error)
	// Search runs a free-text query over agenda points (title and text), at
	// most q.Limit hits, and says how many match in all.
	Search(ctx context.Context, q TextQuery) (Hits[ItemHit], error)
	// Bodies lists the distinct bodies of the stored meetings, sorted.
	Bodies(ctx context.Context) ([]string, error)

	// Flush makes all writes so far visible to reads and durable.
	Flush(ctx context.Context) error
	// Close flushes and releases the backend.
	Close() error
}

// Filter restricts a query to meetings. Empty fields do not restrict.
// From and To are inclusive dates "YYYY-MM-DD" compared with the meeting's
// date (Meeting.When); a meeting without a date never passes a From or To.
// Body keeps the meetings whose body starts with it or has a word starting
// with it, case-insensitively (see BodyMatches); Municipality keeps meetings
// at which that municipality (a canonical name, any case) was present.
type Filter struct {
	From, To     string
	Body         string
	Municipality string
	// IDPrefix keeps the meetings whose ID starts with it (exactly).
	IDPrefix string
	// Limit is the most hits a list returns: 0 means DefaultLimit, All (or
	// any negative number) every match.
	Limit int
}

// The limits of Filter.Limit.
const (
	DefaultLimit = 100
	All          = -1
)

// Hits is one page of a query's answer: the first hits in order, and how
// many matched in all (Total > len(Hits) when the list was cut at the limit).
type Hits[T any] struct {
	Hits  []T `json:"hits"`
	Total int `json:"total"`
}

// Cut tells whether the hits are fewer than the matches.
func (h Hits[T]) Cut() bool { return h.Total > len(h.Hits) }

// BodyMatches tells whether body passes the body filter q: q is, case
// aside, a prefix of body or of one of its words ("socialchef" passes
// "Socialchefsnätverket", "nätverk" passes "Nätverket för
// verksamhetsutvecklare", "ifo-chefs" passes "IFO-chefsnätverket").
func BodyMatches(body, q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return true
	}
	body = strings.ToLower(body)
	if strings.HasPrefix(body, q) {
		return true
	}
	for _, w := range strings.FieldsFunc(body, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// Sort orders decision hits.
type Sort string

// The sort orders.
const (
	ByRelevance Sort = ""     // best match first, ties newest first
	ByDate      Sort = "date" // newest first, meetings without date last
)

// DecisionQuery finds decisions on a topic. Text is matched with Swedish
// analysis (stemming and stop words) against the decision text and its agenda
// point's title; an empty Text matches every decision.
type DecisionQuery struct {
	Text string
	Filter
	Sort Sort
}

// DecisionHit is a decision with its meeting's context.
type DecisionHit struct {
	MeetingID string  `json:"meeting_id"`
	Date      string  `json:"date,omitempty"`
	Body      string  `json:"body,omitempty"`
	Item      int     `json:"item,omitempty"`
	ItemTitle string  `json:"item_title,omitempty"`
	Text      string  `json:"text"`
	Highlight string  `json:"highlight,omitempty"` // Text with matches wrapped in <mark></mark>
	Source    string  `json:"source,omitempty"`    // file path
	Page      int     `json:"page,omitempty"`
	Score     float64 `json:"score,omitempty"`
}

// Period is the bucket size of an attendance report.
type Period string

// The periods. Keys: "2022", "2022-Q4", "2022-11".
const (
	Year    Period = "year"
	Quarter Period = "quarter"
	Month   Period = "month"
)

// AttendanceQuery asks how often each municipality (or person) attended.
// Only meetings with a date are counted. By is "municipality" (default;
// attendees without a municipality are not counted) or "person" (by name).
type AttendanceQuery struct {
	Per Period
	By  string
	Filter
}

// AttendanceCounts is the raw answer to an AttendanceQuery.
type AttendanceCounts struct {
	// Held is the number of meetings (matching the filter) per period key.
	Held map[string]int `json:"held"`
	// Rows has one row per municipality or person, sorted by Key.
	Rows []AttendanceRow `json:"rows"`
}

// AttendanceRow is one municipality's or person's attendance.
type AttendanceRow struct {
	Key string `json:"key"`
	// Attended is the number of distinct meetings attended per period key.
	Attended map[string]int `json:"attended"`
	// First and Last are the dates of the first and last meeting attended.
	First string `json:"first"`
	Last  string `json:"last"`
}

// MeetingSummary is one line of a meeting list.
type MeetingSummary struct {
	ID        string   `json:"id"`
	Date      string   `json:"date,omitempty"`
	Body      string   `json:"body,omitempty"`
	Title     string   `json:"title,omitempty"`
	Attendees int      `json:"attendees"`
	Items     int      `json:"items"`
	Decisions int      `json:"decisions"`
	Sources   []string `json:"sources"`
}

// TextQuery is a free-text query over agenda points.
type TextQuery struct {
	Text string
	Filter
}

// ItemHit is an agenda point matching a TextQuery.
type ItemHit struct {
	MeetingID string  `json:"meeting_id"`
	Date      string  `json:"date,omitempty"`
	Body      string  `json:"body,omitempty"`
	Number    int     `json:"number"`
	Title     string  `json:"title"`
	Highlight string  `json:"highlight,omitempty"` // title or text fragment, matches in <mark></mark>
	Source    string  `json:"source,omitempty"`
	Score     float64 `json:"score,omitempty"`
}
