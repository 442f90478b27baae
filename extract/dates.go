package extract

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The meeting date is read from the heading or opening lines of the minutes
// (before the first agenda point): "2022-11-30", "30 november 2022", "onsdag
// den 30 nov. 2022", "30/11 2022", "30/11/2022", "30.11.2022", "2022.11.30",
// "24.12.06" and "221130" (YY-MM-DD, the Swedish short form). Failing that, a
// date in the file name ("2022-11-30 Socialchefsnätverket.txt", "20221130",
// "2022-11" → the first of the month) is kept apart as the file date. Never
// today's date.

var monthNames = map[string]int{
	"januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
	"maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var (
	isoDate     = regexp.MustCompile(`\b((?:19|20)\d\d)[-./ ](0?[1-9]|1[0-2])[-./ ](0?[1-9]|[12]\d|3[01])\b`)
	textDate    = regexp.MustCompile(`(?i)\b(0?[1-9]|[12]\d|3[01])(?::e|:a)?\s+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?\s+((?:19|20)\d\d)\b`)
	slashDate   = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])[ /-]((?:19|20)?\d\d)\b`)
	dmyDotDate  = regexp.MustCompile(`\b(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)\b`)
	shortDate   = regexp.MustCompile(`\b(\d\d)[.-](0[1-9]|1[0-2])[.-](0[1-9]|[12]\d|3[01])\b`)
	compactDate = regexp.MustCompile(`(?:^|[^\d])((?:19|20)?\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[^\d]|$)`)
	monthOnly   = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d\d)[-_.](0[1-9]|1[0-2])(?:[^\d]|$)`)
)

// dateIn returns the first date stated in s as "YYYY-MM-DD", or "".
func dateIn(s string) string {
	type hit struct {
		at   int
		date string
	}
	var best *hit
	try := func(re *regexp.Regexp, build func(m []string) string) {
		m := re.FindStringSubmatchIndex(s)
		if m == nil {
			return
		}
		sub := make([]string, len(m)/2)
		for k := range sub {
			if m[2*k] >= 0 {
				sub[k] = s[m[2*k]:m[2*k+1]]
			}
		}
		d := build(sub)
		if d == "" {
			return
		}
		if best == nil || m[0] < best.at {
			best = &hit{m[0], d}
		}
	}
	try(isoDate, func(m []string) string { return ymd(m[1], m[2], m[3]) })
	try(textDate, func(m []string) string {
		return ymd(m[3], strconv.Itoa(monthNames[strings.ToLower(m[2])]), m[1])
	})
	try(slashDate, func(m []string) string { return ymd(century(m[3]), m[2], m[1]) })
	try(dmyDotDate, func(m []string) string { return ymd(m[3], m[2], m[1]) })
	try(shortDate, func(m []string) string { return ymd(century(m[1]), m[2], m[3]) })
	if best == nil {
		return ""
	}
	return best.date
}

// century turns a two-digit year into a four-digit one (00-69 → 20xx).
func century(y string) string {
	if len(y) == 4 {
		return y
	}
	n, _ := strconv.Atoi(y)
	if n < 70 {
		return strconv.Itoa(2000 + n)
	}
	return strconv.Itoa(1900 + n)
}

// ymd validates and formats a date; "" when it does not exist.
func ymd(y, m, d string) string {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || yi < 1900 || yi > 2100 {
		return ""
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// notMeetingDate matches opening lines whose date is another one: the next
// meeting, the signing of the minutes, a deadline.
var notMeetingDate = regexp.MustCompile(`(?i)^(nästa\s+\p{L}*\s*(möte|sammanträde|träff)|justering|justerat|justeras|anslag|anslaget|sista dag|senast|utskriftsdatum|utskrivet|dnr|diarienummer|reviderad|uppdaterad)`)

// openingDate returns the date stated in the opening lines: the lines before
// the first agenda point, at most the first 25 that carry text.
func openingDate(lines []line, firstItem int) string {
	n := 0
	for i := 0; i < firstItem && i < len(lines) && n < 25; i++ {
		if lines[i].blank() {
			continue
		}
		n++
		t := flat(lines[i].text)
		if notMeetingDate.MatchString(t) {
			continue
		}
		if d := dateIn(t); d != "" {
			return d
		}
	}
	return ""
}

// fileDate returns the date in a file's name ("2022-11-30 x.txt",
// "20221130_x.pdf"); a year and month alone ("2022-11 x") give the first of
// the month.
func fileDate(name string) string {
	base := filepath.Base(name)
	if d := dateIn(base); d != "" {
		return d
	}
	if m := compactDate.FindStringSubmatch(base); m != nil {
		if d := ymd(century(m[1]), m[2], m[3]); d != "" {
			return d
		}
	}
	if m := monthOnly.FindStringSubmatch(base); m != nil {
		return ymd(m[1], m[2], "1")
	}
	return ""
}
