package web

// /attendance: a heatmap of municipalities (or people) by period, meetings
// attended out of meetings held; the detail of one row; the matrix as CSV.

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/index"
)

// heatmap is the attendance matrix as the page shows it.
type heatmap struct {
	Periods  []string
	Held     []int // meetings held per period
	Total    int   // meetings held in all periods
	LastHeld string
	Rows     []heatRow
}

// heatRow is one municipality's or person's attendance.
type heatRow struct {
	Key      string
	Cells    []heatCell
	Attended int
	Share    float64 // Attended / Total
	Gaps     int     // periods with meetings held and none attended
	First    string
	Last     string
	Stopped  bool // attended nothing in the last period with meetings
	Detail   string
}

// heatCell is one period of a row.
type heatCell struct {
	Period   string
	Attended int
	Held     int
	// Level is the shade: 0 for a gap (meetings held, none attended), 1-4
	// by the share attended, -1 when no meeting was held.
	Level int
	Link  string
}

// attendanceQuery returns the attendance query of form f, normalising f's
// Per and By to the values used.
func attendanceQuery(f *form, filter index.Filter) index.AttendanceQuery {
	switch f.Per {
	case "quarter", "month":
	default:
		f.Per = "year"
	}
	if f.By != "person" {
		f.By = "municipality"
	}
	filter.Municipality = ""
	return index.AttendanceQuery{Per: index.Period(f.Per), By: f.By, Filter: filter}
}

// buildHeatmap turns the index's counts into the matrix of form f, its rows
// sorted so that gaps stand out: most periods missed first, then the lowest
// share (f.Sort "name": in the index's name order).
func buildHeatmap(c *index.AttendanceCounts, f form) heatmap {
	h := heatmap{Periods: c.Periods()}
	for _, p := range h.Periods {
		h.Held = append(h.Held, c.Held[p])
		h.Total += c.Held[p]
		if c.Held[p] > 0 {
			h.LastHeld = p
		}
	}
	per := index.Period(f.Per)
	for _, r := range c.Rows {
		row := heatRow{Key: r.Key, First: r.First, Last: r.Last,
			Detail: f.link("/attendance/detail", "key", r.Key, "sort", "", "q", "")}
		for i, p := range h.Periods {
			cell := heatCell{Period: p, Attended: r.Attended[p], Held: h.Held[i],
				Link: f.link("/attendance/detail", "key", r.Key, "period", p, "sort", "", "q", "")}
			switch {
			case cell.Held == 0:
				cell.Level = -1
			case cell.Attended == 0:
				cell.Level = 0
				row.Gaps++
			default:
				cell.Level = min(4, 1+3*cell.Attended/cell.Held)
			}
			row.Attended += cell.Attended
			row.Cells = append(row.Cells, cell)
		}
		if h.Total > 0 {
			row.Share = float64(row.Attended) / float64(h.Total)
		}
		if r.Last != "" && h.LastHeld != "" {
			row.Stopped = index.PeriodKey(r.Last, per) < h.LastHeld
		}
		h.Rows = append(h.Rows, row)
	}
	if f.Sort != "name" {
		sort.SliceStable(h.Rows, func(i, j int) bool {
			a, b := h.Rows[i], h.Rows[j]
			if a.Gaps != b.Gaps {
				return a.Gaps > b.Gaps
			}
			return a.Share < b.Share
		})
	}
	return h
}

// attendancePage is the data of /attendance.
type attendancePage struct {
	page
	Form form
	Map  heatmap
	CSV  string
}

func (s *Server) attendance(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	q := attendanceQuery(&f, filter)
	p := &attendancePage{page: page{Title: "Närvaro", Nav: "attendance"}, Form: f, CSV: f.link("/attendance.csv", "sort", "")}
	if len(f.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "attendance", p)
		return
	}
	s.withIndex(w, r, func(b index.Backend) error {
		s.suggest(r.Context(), b, &p.page)
		c, err := b.Attendance(r.Context(), q)
		if err != nil {
			return err
		}
		p.Map = buildHeatmap(c, f)
		s.render(w, r, http.StatusOK, "attendance", p)
		return nil
	})
}

func (s *Server) attendanceCSV(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	if len(f.Errors) > 0 {
		http.Error(w, f.Errors[0], http.StatusBadRequest)
		return
	}
	q := attendanceQuery(&f, filter)
	f.Sort = "name"
	s.withIndex(w, r, func(b index.Backend) error {
		c, err := b.Attendance(r.Context(), q)
		if err != nil {
			return err
		}
		h := buildHeatmap(c, f)
		cw := csvWriter(w, "narvaro.csv")
		key := "kommun"
		if f.By == "person" {
			key = "person"
		}
		header := append([]string{key}, h.Periods...)
		_ = cw.Write(append(header, "närvarat", "andel", "första", "senaste"))
		held := append([]string{"(möten hållna)"}, itoas(h.Held)...)
		_ = cw.Write(append(held, strconv.Itoa(h.Total), "", "", ""))
		for _, row := range h.Rows {
			rec := []string{cell(row.Key)}
			for _, c := range row.Cells {
				rec = append(rec, strconv.Itoa(c.Attended))
			}
			rec = append(rec, strconv.Itoa(row.Attended), strconv.FormatFloat(row.Share, 'f', 3, 64), row.First, row.Last)
			_ = cw.Write(rec)
		}
		cw.Flush()
		return nil
	})
}

func itoas(ns []int) []string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return s
}

// periodRange returns the first and last date of a period key ("2022",
// "2022-Q4", "2022-11"); ok is false for anything else.
func periodRange(key string) (from, to string, ok bool) {
	if len(key) != 4 && len(key) != 7 || len(key) == 7 && key[4] != '-' {
		return "", "", false
	}
	y, err := strconv.Atoi(key[:4])
	if err != nil || y < 1 || key[0] < '0' || key[0] > '9' {
		return "", "", false
	}
	if len(key) == 4 {
		return key + "-01-01", key + "-12-31", true
	}
	if key[5] == 'Q' {
		q, err := strconv.Atoi(key[6:])
		if err != nil || q < 1 || q > 4 {
			return "", "", false
		}
		return monthRange(y, 3*q-2, 3*q)
	}
	m, err := strconv.Atoi(key[5:])
	if err != nil || m < 1 || m > 12 {
		return "", "", false
	}
	return monthRange(y, m, m)
}

// monthRange returns the first day of month first and the last day of month
// last of year y.
func monthRange(y, first, last int) (string, string, bool) {
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	d := days[last]
	if last == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		d = 29
	}
	return fmt.Sprintf("%04d-%02d-01", y, first), fmt.Sprintf("%04d-%02d-%02d", y, last, d), true
}

// detailCap is the most meetings the detail page opens.
const detailCap = 500

// detailPage is the data of /attendance/detail.
type detailPage struct {
	page
	Form     form
	Key      string
	Period   string
	Back     string
	Rows     []detailRow
	Attended int
	Held     int
	Cut      int // meetings held but not shown (beyond detailCap)
}

// detailRow is one meeting held, with the people of the key present.
type detailRow struct {
	Meeting index.MeetingSummary
	People  []minutes.Attendee
}

func (s *Server) attendanceDetail(w http.ResponseWriter, r *http.Request) {
	f, filter := readForm(r)
	q := attendanceQuery(&f, filter)
	key := strings.TrimSpace(r.URL.Query().Get("key"))
	period := strings.TrimSpace(r.URL.Query().Get("period"))
	p := &detailPage{page: page{Title: "Närvaro: " + key, Nav: "attendance"}, Form: f, Key: key, Period: period,
		Back: f.link("/attendance")}
	if key == "" {
		f.Errors = append(f.Errors, "Ingen kommun eller person angiven.")
	}
	if period != "" {
		from, to, ok := periodRange(period)
		if !ok {
			f.Errors = append(f.Errors, fmt.Sprintf("Perioden %q finns inte.", period))
		}
		if q.Filter.From == "" || from > q.Filter.From {
			q.Filter.From = from
		}
		if q.Filter.To == "" || to < q.Filter.To {
			q.Filter.To = to
		}
	}
	p.Form = f
	if len(f.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "detail", p)
		return
	}
	s.withIndex(w, r, func(b index.Backend) error {
		filter := q.Filter
		filter.Limit = index.All
		res, err := b.Meetings(r.Context(), filter)
		if err != nil {
			return err
		}
		for _, m := range res.Hits {
			if m.Date == "" {
				continue // attendance counts dated meetings only
			}
			p.Held++
			if len(p.Rows) == detailCap {
				p.Cut++
				continue
			}
			whole, err := b.Meeting(r.Context(), m.ID)
			if err != nil {
				return err
			}
			row := detailRow{Meeting: m}
			for _, a := range whole.Attendees {
				if (f.By == "person" && a.Name == key) || (f.By != "person" && a.Municipality == key) {
					row.People = append(row.People, a)
				}
			}
			if len(row.People) > 0 {
				p.Attended++
			}
			p.Rows = append(p.Rows, row)
		}
		s.render(w, r, http.StatusOK, "detail", p)
		return nil
	})
}
