package web

// /decisions: every decision on a topic, and the whole answer as CSV.

import (
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/goteborgsregionen/minutes/index"
)

// decisionsPage is the data of /decisions.
type decisionsPage struct {
	page
	Form  form
	Hits  []index.DecisionHit
	Pager pager
	CSV   string // link to the whole answer as CSV
}

// decisionQuery returns the query of the decision form f.
func decisionQuery(f form, filter index.Filter) index.DecisionQuery {
	q := index.DecisionQuery{Text: f.Q, Filter: filter, Sort: index.ByRelevance}
	if f.Sort == "date" || f.Q == "" {
		q.Sort = index.ByDate
	}
	return q
}

func (s *Server) decisions(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	p := &decisionsPage{page: page{Title: "Beslut", Nav: "decisions"}, Form: f, CSV: f.link("/decisions.csv")}
	if len(f.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "decisions", p)
		return
	}
	filter.Limit = limitFor(f.Page)
	s.withIndex(w, r, func(b index.Backend) error {
		s.suggest(r.Context(), b, &p.page)
		res, err := b.Decisions(r.Context(), decisionQuery(f, filter))
		if err != nil {
			return err
		}
		from, to, pg := paginate(f, "/decisions", len(res.Hits), res.Total)
		p.Hits, p.Pager = res.Hits[from:to], pg
		s.render(w, r, http.StatusOK, "decisions", p)
		return nil
	})
}

// csvWriter starts a CSV download named name: UTF-8 with a byte order mark and
// semicolons, as spreadsheet programs with Swedish settings expect.
func csvWriter(w http.ResponseWriter, name string) *csv.Writer {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	return cw
}

// cell makes document text safe in a spreadsheet: a cell starting with a
// formula character gets a leading apostrophe, so that it is not run.
func cell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

func (s *Server) decisionsCSV(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	if len(f.Errors) > 0 {
		http.Error(w, f.Errors[0], http.StatusBadRequest)
		return
	}
	filter.Limit = index.All
	s.withIndex(w, r, func(b index.Backend) error {
		res, err := b.Decisions(r.Context(), decisionQuery(f, filter))
		if err != nil {
			return err
		}
		hits := res.Hits
		cw := csvWriter(w, "beslut.csv")
		_ = cw.Write([]string{"datum", "organ", "punkt", "rubrik", "beslut", "möte", "källfil", "sida"})
		for _, h := range hits {
			item, page := "", ""
			if h.Item > 0 {
				item = strconv.Itoa(h.Item)
			}
			if h.Page > 0 {
				page = strconv.Itoa(h.Page)
			}
			_ = cw.Write([]string{h.Date, cell(h.Body), item, cell(h.ItemTitle), cell(h.Text), h.MeetingID, cell(h.Source), page})
		}
		cw.Flush()
		return nil
	})
}
