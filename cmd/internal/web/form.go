package web

// The query forms: reading the filter fields of a request, checking them with
// messages in Swedish, and writing them back into links.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes/index"
)

// form holds a page's query fields as typed, so that the form shows them
// again, with the problems found in them.
type form struct {
	Q            string
	From, To     string
	Body         string
	Municipality string
	Sort         string
	Per, By      string
	Page         int // 1-based
	Errors       []string
}

// readForm reads the query fields of r and returns them with the filter they
// ask for. Problems are listed in form.Errors; the filter then leaves the
// faulty field out.
func readForm(r *http.Request) (form, index.Filter) {
	q := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := form{
		Q: get("q"), From: get("from"), To: get("to"), Body: get("body"),
		Municipality: get("municipality"), Sort: get("sort"), Per: get("per"), By: get("by"),
		Page: 1,
	}
	if p := get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPage {
			f.Errors = append(f.Errors, fmt.Sprintf("Sidan %q finns inte.", p))
		} else {
			f.Page = n
		}
	}
	from, err := parseDate("Från", f.From, false)
	if err != nil {
		f.Errors = append(f.Errors, err.Error())
	}
	to, err := parseDate("Till", f.To, true)
	if err != nil {
		f.Errors = append(f.Errors, err.Error())
	}
	if from != "" && to != "" && from > to {
		f.Errors = append(f.Errors, fmt.Sprintf("Från-datumet %s ligger efter till-datumet %s.", from, to))
		from, to = "", ""
	}
	return f, index.Filter{From: from, To: to, Body: f.Body, Municipality: f.Municipality}
}

// maxPage is the highest page number accepted.
const maxPage = 10000

// parseDate reads a date field: ÅÅÅÅ-MM-DD, or ÅÅÅÅ-MM or ÅÅÅÅ, which stand for
// the first (end false) or last (end true) day of that month or year. It
// returns "" for an empty field.
func parseDate(label, s string, end bool) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := fmt.Errorf("%s: %q är inget datum. Skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ.", label, s)
	var layout string
	switch len(s) {
	case len("2006-01-02"):
		layout = "2006-01-02"
	case len("2006-01"):
		layout = "2006-01"
	case len("2006"):
		layout = "2006"
	default:
		return "", bad
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", bad
	}
	if end {
		switch layout {
		case "2006-01":
			t = t.AddDate(0, 1, -1)
		case "2006":
			t = t.AddDate(1, 0, -1)
		}
	}
	return t.Format("2006-01-02"), nil
}

// values returns the non-empty fields of f as URL query values.
func (f form) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Q)
	set("from", f.From)
	set("to", f.To)
	set("body", f.Body)
	set("municipality", f.Municipality)
	set("sort", f.Sort)
	set("per", f.Per)
	set("by", f.By)
	return v
}

// link returns path with f's fields and the extra key/value pairs as query.
func (f form) link(path string, extra ...string) string {
	v := f.values()
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			v.Del(extra[i])
		} else {
			v.Set(extra[i], extra[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// pager is the paging of a list: which entries of the answer one page shows.
type pager struct {
	Page       int
	First      int // 1-based number of the first entry shown; 0 when none
	Last       int
	Total      int    // entries in the whole answer
	Prev, Next string // links; "" when there is none
}

// pageSize is the number of entries on one page of a list.
const pageSize = 25

// limitFor is the number of entries to ask the index for to show page p.
func limitFor(p int) int { return p * pageSize }

// paginate cuts the n entries the index returned (of total matches) to page
// f.Page and returns the range shown with links to the neighbouring pages.
func paginate(f form, path string, n, total int) (from, to int, p pager) {
	p.Page, p.Total = f.Page, total
	from = min((f.Page-1)*pageSize, n)
	to = min(from+pageSize, n)
	if to > from {
		p.First, p.Last = from+1, to
	}
	if f.Page > 1 {
		p.Prev = f.link(path, "page", pageParam(f.Page-1))
	}
	if total > to && f.Page < maxPage {
		p.Next = f.link(path, "page", pageParam(f.Page+1))
	}
	return from, to, p
}

// pageParam is the page query value: "" for the first page.
func pageParam(p int) string {
	if p <= 1 {
		return ""
	}
	return strconv.Itoa(p)
}
