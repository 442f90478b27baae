// Package extract finds the structure of a meeting in the lines of its
// minutes: attendees, numbered agenda points, decisions, date, body and
// recorder. Each rule family lives in its own file (agenda.go, attendees.go,
// decisions.go, dates.go, municipalities.go, recorder.go, meta.go) and is
// composed here; lines.go prepares the lines all rules read.
package extract

import (
	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

// Extract returns the meeting that doc records. It never fails: a document
// in which no rule finds anything yields an empty Meeting.
func Extract(doc *ingest.Document) *minutes.Meeting {
	lines := prepare(doc.Lines)
	items, starts := agenda(lines, doc.Format == ingest.PDF)
	firstItem := len(lines)
	if len(starts) > 0 {
		firstItem = starts[0]
	}
	isStart := make(map[int]bool, len(starts))
	for _, s := range starts {
		isStart[s] = true
	}
	isItem := func(i int) bool { return isStart[i] }
	itemAt := func(i int) int {
		n := 0
		for k, s := range starts {
			if s <= i {
				n = items[k].Number
			}
		}
		return n
	}

	m := &minutes.Meeting{
		Items:      items,
		Attendees:  unrestricted(attendees(lines, firstItem, isItem), items),
		Decisions:  decisions(lines, doc.Format == ingest.PDF, itemAt, isItem),
		RecordedBy: recorders(lines),
		Date:       openingDate(lines, firstItem),
		FileDate:   fileDate(doc.Name),
	}
	if m.Attendees == nil {
		m.Attendees = []minutes.Attendee{}
	}
	if m.Decisions == nil {
		m.Decisions = []minutes.Decision{}
	}
	if m.RecordedBy == nil {
		m.RecordedBy = []string{}
	}
	m.Title, m.Body = titleAndBody(lines, firstItem, doc.Name, doc.Title)
	m.NextMeeting, m.Events = upcoming(lines, items)
	m.ID = minutes.Fingerprint(m)
	return m
}
