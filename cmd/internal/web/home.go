package web

// /: the start page: a search box, the latest meetings and the quality
// report of the last import.

import (
	"net/http"

	"github.com/goteborgsregionen/minutes/index"
)

// homePage is the data of the start page.
type homePage struct {
	page
	Where    string
	Latest   []index.MeetingSummary
	Total    int // meetings in the index
	Report   *ImportReport
	ReportOK bool // false when the report could not be read
}

// latestCount is the number of meetings the start page lists.
const latestCount = 10

// homeFindings is the most failures and files to check the start page lists;
// the others are counted.
const homeFindings = 50

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := &homePage{page: page{Title: "Protokoll", Nav: "home"}, Where: s.opts.Where, ReportOK: true}
	if s.opts.LastImport != nil {
		rep, err := s.opts.LastImport()
		if err != nil {
			s.opts.Log.WithError(err).Warn("reading the last import's report")
			p.ReportOK = false
		}
		p.Report = rep
		if rep != nil && len(rep.QA.Findings) > homeFindings {
			rep.QA.Omitted += len(rep.QA.Findings) - homeFindings
			rep.QA.Findings = rep.QA.Findings[:homeFindings]
		}
		if rep != nil && len(rep.Failures) > homeFindings {
			rep.FailuresOmitted += len(rep.Failures) - homeFindings
			rep.Failures = rep.Failures[:homeFindings]
		}
	}
	s.withIndex(w, r, func(b index.Backend) error {
		res, err := b.Meetings(r.Context(), index.Filter{Limit: latestCount})
		if err != nil {
			return err
		}
		p.Latest, p.Total = res.Hits, res.Total
		s.render(w, r, http.StatusOK, "home", p)
		return nil
	})
}
