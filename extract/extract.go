// Package extract finds the structure of a meeting in the lines of its
// minutes: attendees, numbered agenda points, decisions, date, body and
// recorder. Each rule family lives in its own file and is composed here.
package extract

import (
	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

// Extract returns the meeting that doc records. It never fails: a document
// in which no rule finds anything yields an empty Meeting.
func Extract(doc *ingest.Document) *minutes.Meeting {
	m := &minutes.Meeting{
		Attendees:  []minutes.Attendee{},
		Items:      []minutes.AgendaItem{},
		Decisions:  []minutes.Decision{},
		RecordedBy: []string{},
	}
	return m
}
