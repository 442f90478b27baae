// Package minutes defines the core types of the minutes tool: a Meeting and the
// attendees, agenda points and decisions extracted from its minutes. Every stage
// of the pipeline (ingest → extract → index → cmd) speaks these types.
package minutes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Position locates a fact in its source file. Page is 1-based and 0 for
// formats without pages; Line is the 1-based line number in the ingested text.
type Position struct {
	Page int `json:"page,omitempty"`
	Line int `json:"line,omitempty"`
}

// Source describes the file a meeting was extracted from.
type Source struct {
	Path     string    `json:"path"`
	Format   string    `json:"format"`           // "text", "pdf" or "docx"
	SHA256   string    `json:"sha256,omitempty"` // of the file's bytes
	Size     int64     `json:"size,omitempty"`
	Title    string    `json:"title,omitempty"` // from PDF Info or docProps
	Created  time.Time `json:"created,omitzero"`
	Modified time.Time `json:"modified,omitzero"`
	Pages    int       `json:"pages,omitempty"`
	// OCR says that pages were read by optical character recognition,
	// "read by OCR: check names (…)"; empty for a text layer.
	OCR string `json:"ocr,omitempty"`
}

// Meeting is the structure extracted from one set of minutes.
type Meeting struct {
	// ID identifies the meeting across formats and re-imports; see Fingerprint.
	ID string `json:"id,omitempty"`
	// Date is the meeting date (YYYY-MM-DD) stated in the document itself.
	Date string `json:"date,omitempty"`
	// FileDate is a date (YYYY-MM-DD) taken from the file name, used when the
	// document states none.
	FileDate string `json:"file_date,omitempty"`
	// Title is the document's own heading, Body the network or board that met.
	Title       string       `json:"title,omitempty"`
	Body        string       `json:"body,omitempty"`
	Attendees   []Attendee   `json:"attendees"`
	Items       []AgendaItem `json:"items"`
	Decisions   []Decision   `json:"decisions"`
	RecordedBy  []string     `json:"recorded_by"`
	NextMeeting string       `json:"next_meeting,omitempty"`
	Events      []Event      `json:"events,omitempty"`
	Sources     []Source     `json:"sources,omitempty"`
	// ContentFrom is the path of the source whose extraction is the meeting's
	// content (the most complete one; see index.Store); the other sources
	// are listed in Sources after it.
	ContentFrom string `json:"content_from,omitempty"`
}

// When returns the best known meeting date: the stated date, else the file
// name's date, else "".
func (m *Meeting) When() string {
	if m.Date != "" {
		return m.Date
	}
	return m.FileDate
}

// Attendee is a person listed as present at the meeting.
type Attendee struct {
	Name string `json:"name"`
	// Organisation is the organisation as written ("Göteborgs Stad", "GR").
	Organisation string `json:"organisation,omitempty"`
	// Municipality is the canonical municipality name, "" when the person
	// does not represent a municipality (encoded as JSON null).
	Municipality string `json:"-"`
	// Group is the heading of the list the person stood under.
	Group string `json:"group,omitempty"`
	// Items restricts the presence to these agenda points; empty means all.
	Items []int    `json:"items"`
	Pos   Position `json:"pos"`
}

type attendeeJSON Attendee

// MarshalJSON encodes an empty municipality as null.
func (a Attendee) MarshalJSON() ([]byte, error) {
	if a.Items == nil {
		a.Items = []int{}
	}
	return json.Marshal(struct {
		attendeeJSON
		Municipality *string `json:"municipality"`
	}{attendeeJSON(a), nullable(a.Municipality)})
}

// UnmarshalJSON is the inverse of MarshalJSON.
func (a *Attendee) UnmarshalJSON(b []byte) error {
	var v struct {
		attendeeJSON
		Municipality *string `json:"municipality"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = Attendee(v.attendeeJSON)
	if v.Municipality != nil {
		a.Municipality = *v.Municipality
	}
	return nil
}

// AgendaItem is a numbered agenda point. Text is the body under the point.
type AgendaItem struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	Text   string   `json:"text,omitempty"`
	Pos    Position `json:"pos"`
}

// Decision is a decision the minutes record as such. Item is the agenda point
// it stands under, 0 when none (encoded as JSON null).
type Decision struct {
	Item int      `json:"-"`
	Text string   `json:"text"`
	Pos  Position `json:"pos"`
}

type decisionJSON Decision

// MarshalJSON encodes a missing agenda point as null.
func (d Decision) MarshalJSON() ([]byte, error) {
	var item *int
	if d.Item != 0 {
		item = &d.Item
	}
	return json.Marshal(struct {
		Item *int `json:"item"`
		decisionJSON
	}{item, decisionJSON(d)})
}

// UnmarshalJSON is the inverse of MarshalJSON.
func (d *Decision) UnmarshalJSON(b []byte) error {
	var v struct {
		Item *int `json:"item"`
		decisionJSON
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Decision(v.decisionJSON)
	if v.Item != nil {
		d.Item = *v.Item
	}
	return nil
}

// Event is an upcoming event the minutes list ("15 april konferens Spelreklam").
type Event struct {
	Date string `json:"date,omitempty"` // as written
	Text string `json:"text"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Fingerprint identifies a meeting by its extracted structure, so that the
// same minutes saved as PDF, DOCX and text are one meeting whatever the files
// are called: the stated date (never a date from the file name), the sorted
// attendee names, the agenda numbers and titles, the decision texts and the
// numbering in the title ("Mötesprotokoll 8"), folded to lower case letters
// and digits. The decisions and the numbering keep apart minutes that merely
// share a template: the same people and headings week after week. The body and
// the rest of the title are left out: they may come from a running header or
// a folder name, which differ between copies of the same minutes. It returns
// "" when the structure is too thin to identify a meeting: without attendees
// and agenda points a date alone would merge different meetings of one day.
func Fingerprint(m *Meeting) string {
	if len(m.Attendees) == 0 && len(m.Items) == 0 {
		return ""
	}
	names := make([]string, 0, len(m.Attendees))
	for _, a := range m.Attendees {
		names = append(names, Fold(a.Name))
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(m.Date)
	b.WriteByte('\n')
	b.WriteString(strings.Join(TitleNumbers(m.Title), " "))
	b.WriteByte('\n')
	b.WriteString(strings.Join(names, "|"))
	for _, it := range m.Items {
		b.WriteByte('\n')
		b.WriteString(strconv.Itoa(it.Number))
		b.WriteByte(' ')
		b.WriteString(Fold(it.Title))
	}
	for _, d := range m.Decisions {
		b.WriteString("\n= ")
		b.WriteString(Fold(d.Text))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:10])
}

// TitleNumbers returns the numbering of a title: its runs of one to three
// digits that are not part of a date ("Mötesprotokoll 14" → ["14"];
// "Protokoll 2022-11-30" → none).
func TitleNumbers(title string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(title, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ':' || r == '(' || r == ')' || r == '#' || r == '§'
	}) {
		f = strings.TrimRight(f, ".")
		if f == "" || len(f) > 3 || strings.TrimFunc(f, unicode.IsDigit) != "" {
			continue
		}
		out = append(out, strings.TrimLeft(f, "0"))
	}
	return out
}

// Fold keeps the lower-cased letters and digits of s: the form in which
// Fingerprint, and the index when it matches twins, compare names and texts.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
