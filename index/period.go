package index

import (
	"sort"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// PeriodKey returns the key of the period that date ("YYYY-MM-DD") falls in:
// "2022" per year, "2022-Q4" per quarter, "2022-11" per month. It returns ""
// for a date it cannot read.
func PeriodKey(date string, per Period) string {
	if len(date) < 7 || date[4] != '-' {
		return ""
	}
	year := date[:4]
	month, err := strconv.Atoi(date[5:7])
	if err != nil || month < 1 || month > 12 {
		return ""
	}
	switch per {
	case Quarter:
		return year + "-Q" + strconv.Itoa((month-1)/3+1)
	case Month:
		return date[:7]
	default:
		return year
	}
}

// SortRows orders attendance rows by key in Swedish alphabetical order
// (… Y Z Å Ä Ö), so that both backends list them alike.
func SortRows(rows []AttendanceRow) {
	c := collate.New(language.Swedish)
	sort.SliceStable(rows, func(i, j int) bool {
		return c.CompareString(rows[i].Key, rows[j].Key) < 0
	})
}

// Periods returns the period keys of c in time order: those in which
// meetings were held and any other in which someone attended.
func (c *AttendanceCounts) Periods() []string {
	set := map[string]bool{}
	for p := range c.Held {
		set[p] = true
	}
	for _, r := range c.Rows {
		for p := range r.Attended {
			set[p] = true
		}
	}
	periods := make([]string, 0, len(set))
	for p := range set {
		periods = append(periods, p)
	}
	sort.Strings(periods) // "2022", "2022-Q4", "2022-11" sort by time
	return periods
}
