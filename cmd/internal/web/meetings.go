package web

// /meetings: the list; /meetings/{id}: one meeting whole; and its source
// files, served only when the index recorded them as imported.

import (
	"errors"
	"mime"
	"net/http"
	"os"
	"strconv"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/index"
)

// meetingsPage is the data of /meetings.
type meetingsPage struct {
	page
	Form  form
	List  []index.MeetingSummary
	Pager pager
}

func (s *Server) meetings(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	p := &meetingsPage{page: page{Title: "Möten", Nav: "meetings"}, Form: f}
	if len(f.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "meetings", p)
		return
	}
	filter.Limit = limitFor(f.Page)
	s.withIndex(w, r, func(b index.Backend) error {
		s.suggest(r.Context(), b, &p.page)
		res, err := b.Meetings(r.Context(), filter)
		if err != nil {
			return err
		}
		from, to, pg := paginate(f, "/meetings", len(res.Hits), res.Total)
		p.List, p.Pager = res.Hits[from:to], pg
		s.render(w, r, http.StatusOK, "meetings", p)
		return nil
	})
}

// meetingPage is the data of /meetings/{id}.
type meetingPage struct {
	page
	M *minutes.Meeting
	// Points are the agenda points with their decisions; Loose the
	// decisions under no point.
	Points []point
	Loose  []minutes.Decision
	// Finding is what a person should check in the meeting, by the
	// import's rules; nil when nothing.
	Finding *importer.Finding
}

// point is an agenda point with its decisions.
type point struct {
	minutes.AgendaItem
	Decisions []minutes.Decision
}

func (s *Server) meeting(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.withIndex(w, r, func(b index.Backend) error {
		m, err := b.Meeting(r.Context(), id)
		if err != nil {
			return err
		}
		title := "Möte " + m.When()
		if m.Body != "" {
			title = m.Body + " " + m.When()
		}
		p := &meetingPage{page: page{Title: title, Nav: "meetings"}, M: m}
		at := map[int]int{}
		for _, it := range m.Items {
			at[it.Number] = len(p.Points)
			p.Points = append(p.Points, point{AgendaItem: it})
		}
		for _, d := range m.Decisions {
			if k, ok := at[d.Item]; ok && d.Item != 0 {
				p.Points[k].Decisions = append(p.Points[k].Decisions, d)
			} else {
				p.Loose = append(p.Loose, d)
			}
		}
		file := ""
		if len(m.Sources) > 0 {
			file = m.Sources[0].Path
		}
		p.Finding = importer.Check(file, m)
		s.render(w, r, http.StatusOK, "meeting", p)
		return nil
	})
}

// contentTypes are the media types of the source formats.
var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"text": "text/plain; charset=utf-8",
}

// source sends source file n of a meeting. The path comes from the stored
// meeting, never from the request, and is served only when the index has a
// record of that file as imported: nothing outside the imported files can be
// reached, whatever the URL.
func (s *Server) source(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		s.fail(w, r, http.StatusNotFound, "Finns inte", "Källfilen finns inte.")
		return
	}
	s.withIndex(w, r, func(b index.Backend) error {
		m, err := b.Meeting(r.Context(), id)
		if err != nil {
			return err
		}
		if n >= len(m.Sources) {
			return index.ErrNotFound
		}
		src := m.Sources[n]
		if _, err := b.File(r.Context(), src.Path); err != nil {
			if errors.Is(err, index.ErrNotFound) {
				s.opts.Log.WithFields(logrus.Fields{"meeting": id, "file": src.Path}).Warn("source not recorded as imported; refused")
			}
			return err
		}
		f, err := os.Open(src.Path)
		if err != nil {
			s.fail(w, r, http.StatusNotFound, "Källfilen saknas", "Filen finns inte längre där den importerades från.")
			return nil
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			s.fail(w, r, http.StatusNotFound, "Källfilen saknas", "Filen finns inte längre där den importerades från.")
			return nil
		}
		h := w.Header()
		ct := contentTypes[src.Format]
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": baseName(src.Path)}))
		h.Set("Content-Security-Policy", "sandbox")
		http.ServeContent(w, r, "", st.ModTime(), f)
		return nil
	})
}
