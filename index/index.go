// Package index stores extracted meetings and answers the product's questions
// about them: every decision on a topic, attendance over time, meetings, and
// free text over agenda points. Two backends implement Backend and give the
// same answers: an embedded Bleve index (the default, no server needed) and
// Elasticsearch 7.2-8.x or OpenSearch 2.x (for users who outgrow one machine).
//
// What is stored: one document per meeting (holding the whole Meeting and
// the municipalities and persons present, which attendance counts), one per
// agenda point and one per decision, each carrying its meeting's date, body
// and ID, plus one record per imported file (its path, content hash and
// meeting ID) so that re-imports are cheap. (Elasticsearch also keeps one
// document per attendance; queries do not read them.)
package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/goteborgsregionen/minutes"
)

// ErrNotFound is returned when a meeting or file is not in the index.
var ErrNotFound = errors.New("not found")

// ErrNoIndex is returned when a folder holds no index to read.
var ErrNoIndex = errors.New("no index")

// FolderPrefix is the prefix of the paths of the files in folder dir, at
// any depth: dir cleaned, with one trailing separator.
func FolderPrefix(dir string) string {
	return strings.TrimSuffix(filepath.Clean(dir), string(filepath.Separator)) + string(filepath.Separator)
}

// FileRecord is what the index remembers of an imported file.
type FileRecord struct {
	Path      string    `json:"path"`       // as given on import, cleaned and absolute
	SHA256    string    `json:"sha256"`     // of the file's bytes
	MeetingID string    `json:"meeting_id"` // the meeting it was extracted into
	Imported  time.Time `json:"imported"`
	// Stat is what stat said of the file when it was read, so that a
	// re-import can skip it unread (FileStat.Same).
	Stat FileStat `json:"stat"`
	// Fingerprint is the identity of the file's own extraction (its
	// minutes.Fingerprint, or "file-" and its hash when too thin).
	Fingerprint string `json:"fingerprint,omitempty"`
	// Summary is what the QA report needs of the file's extraction.
	Summary FileSummary `json:"summary"`
	// Extraction is the meeting as extracted from this file alone, with the
	// file as its one source: what the meeting is rebuilt from when its other
	// files change or go. Backend.File fills it; Backend.Files leaves it nil.
	Extraction *minutes.Meeting `json:"extraction,omitempty"`
}

// FileStat is what stat(2) tells of a file: enough to see, as restic does,
// that it has not changed without reading it.
type FileStat struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime,omitzero"`
	Inode   uint64    `json:"inode,omitempty"`
	Device  uint64    `json:"device,omitempty"`
}

// Same reports whether a file with stat o is unchanged since it had s: same
// size, modification time, inode and device. A zero ModTime (not recorded)
// is never the same.
func (s FileStat) Same(o FileStat) bool {
	return !s.ModTime.IsZero() && s.Size == o.Size && s.ModTime.Equal(o.ModTime) &&
		s.Inode == o.Inode && s.Device == o.Device
}

// FileSummary is the part of a file's extraction the QA report checks.
type FileSummary struct {
	Date      string `json:"date,omitempty"` // Meeting.When
	Body      string `json:"body,omitempty"`
	Attendees int    `json:"attendees"`
	Items     int    `json:"items"`
	Decisions int    `json:"decisions"`
	// Organisations are the distinct organisations of attendees without a
	// municipality, sorted.
	Organisations []string `json:"organisations,omitempty"`
	// ContentFrom is the file the content of the file's meeting comes from,
	// and Differs how this file's extraction differs from that content:
	// twins that disagree, for a person to look at.
	ContentFrom string   `json:"content_from,omitempty"`
	Differs     []string `json:"differs,omitempty"`
}

// Summarize returns the QA summary of m.
func Summarize(m *minutes.Meeting) FileSummary {
	s := FileSummary{Date: m.When(), Body: m.Body, Attendees: len(m.Attendees), Items: len(m.Items), Decisions: len(m.Decisions)}
	seen := map[string]bool{}
	for _, a := range m.Attendees {
		org := strings.TrimSpace(a.Organisation)
		if org != "" && a.Municipality == "" && !seen[org] {
			seen[org] = true
			s.Organisations = append(s.Organisations, org)
		}
	}
	sort.Strings(s.Organisations)
	return s
}

// Batch is a set of writes a Backend applies together (Backend.Write):
// meetings first, then the file records whose meetings were written.
type Batch struct {
	// Meetings are stored with their agenda point, decision and attendance
	// documents, each replacing every earlier document of its ID.
	Meetings []*minutes.Meeting
	// DeleteMeetings are the IDs of meetings to remove with all their
	// documents.
	DeleteMeetings []string
	// Files are the file records to store or forget.
	Files []FileWrite
}

// FileWrite stores (Record set) or forgets (Record nil) the record of the
// file at Path, once every meeting write in Needs (IDs among the batch's
// Meetings and DeleteMeetings) is confirmed. When one is not, the record is
// left as it was and the file is reported failed, so that the next import
// tries it again.
type FileWrite struct {
	Path   string
	Record *FileRecord
	Needs  []string
}

// Len returns the number of writes in the batch.
func (b *Batch) Len() int { return len(b.Meetings) + len(b.DeleteMeetings) + len(b.Files) }

// WriteError reports the files of a batch whose writes were not confirmed,
// each with its own cause. Their records are not written.
type WriteError struct {
	Files map[string]error // by path
}

func (e *WriteError) Error() string {
	paths := make([]string, 0, len(e.Files))
	for p := range e.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	fmt.Fprintf(&b, "%d files not written", len(paths))
	for i, p := range paths {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(paths)-3)
			break
		}
		fmt.Fprintf(&b, "; %s: %v", p, e.Files[p])
	}
	return b.String()
}

// Backend is a store of meetings. Implementations: Bleve (index/bleve) and
// Elasticsearch (index/es). Writes are visible to reads after Flush.
type Backend interface {
	// File returns the record of an imported file, or ErrNotFound.
	File(ctx context.Context, path string) (FileRecord, error)
	// PutFile stores or replaces the record of an imported file.
	PutFile(ctx context.Context, rec FileRecord) error
	// DeleteFile forgets an imported file.
	DeleteFile(ctx context.Context, path string) error
	// Files lists the records of the imported files in folder dir, at any
	// depth, in path order, without their Extraction.
	Files(ctx context.Context, dir string) ([]FileRecord, error)

	// Meeting returns a stored meeting whole, or ErrNotFound.
	Meeting(ctx context.Context, id string) (*minutes.Meeting, error)
	// PutMeeting stores m (m.ID must be set) with its agenda point, decision
	// and attendance documents, replacing every earlier document of m.ID.
	PutMeeting(ctx context.Context, m *minutes.Meeting) error
	// DeleteMeeting removes a meeting and all its documents.
	DeleteMeeting(ctx context.Context, id string) error

	// Write applies a batch of writes: the meetings first, then the file
	// records whose meetings were confirmed written, all visible to reads
	// when it returns. It returns nil when every write was confirmed, a
	// *WriteError naming the files whose writes were not (each with its own
	// cause; their records untouched), or another error when the batch
	// failed as a whole and no file of it counts as written.
	Write(ctx context.Context, b *Batch) error
	// Candidates returns what a newly extracted meeting may join: the paths
	// of the files whose Fingerprint is fp, and, when date is not "", the IDs
	// of the meetings of that date (Meeting.When).
	Candidates(ctx context.Context, fp, date string) (paths, ids []string, err error)

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
