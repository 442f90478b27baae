package extract

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// The meeting date is read from the heading or opening lines of the minutes
// (before the first agenda point): "2022-11-30", "30 november 2022", "onsdag
// den 30 nov. 2022", "27:e februari 2020", "30/11 2022", "30/11/2022",
// "30.11.2022", "30-11-2022", "2022.11.30", "24.12.06" and "221130" (YY-MM-DD,
// the Swedish short form). A date may wrap onto the next line, and a day and
// month without a year ("torsdagen den 7:de mars") take the year the same
// paragraph states. Failing that, a date in the file name ("2022-11-30
// Socialchefsnätverket.txt", "Meeting2017-03-20", "20221130", "300919", "2022-11"
// → the first of the month) is kept apart as the file date. A date after today
// or before 1900 is never a meeting date.

var monthNames = map[string]int{
	"januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
	"maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

const monthPattern = `(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)`

var (
	// Digit boundaries rather than \b: "Meeting2017-03-20", "2020-03-06_möte".
	isoDate     = lazyregexp.New(`(?:^|[^\d])((?:19|20)\d\d)[-./ ](0?[1-9]|1[0-2])[-./ ](0?[1-9]|[12]\d|3[01])(?:[^\d]|$)`)
	textDate    = lazyregexp.New(`(?i)\b(0?[1-9]|[12]\d|3[01])(?::[a-z]{1,2})?\s+` + monthPattern + `\.?,?\s+((?:19|20)\d\d)\b`)
	dayMonth    = lazyregexp.New(`(?i)\b(0?[1-9]|[12]\d|3[01])(?::[a-z]{1,2})?\s+` + monthPattern + `\b`)
	yearWord    = lazyregexp.New(`(?:^|[^\d-])((?:19|20)\d\d)(?:[^\d-]|$)`)
	slashDate   = lazyregexp.New(`\b(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])[ /-]((?:19|20)?\d\d)\b`)
	dmyDate     = lazyregexp.New(`(?:^|[^\d])(0?[1-9]|[12]\d|3[01])([.-])(0?[1-9]|1[0-2])[.-]((?:19|20)\d\d)(?:[^\d]|$)`)
	shortDate   = lazyregexp.New(`\b(\d\d)[.-](0[1-9]|1[0-2])[.-](0[1-9]|[12]\d|3[01])\b`)
	compactDate = lazyregexp.New(`(?:^|[^\d])(\d\d)(\d\d)(\d\d)(?:[^\d-]|$)`)
	longCompact = lazyregexp.New(`(?:^|[^\d])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[^\d]|$)`)
	monthOnly   = lazyregexp.New(`(?:^|[^\d])((?:19|20)\d\d)[-_.](0[1-9]|1[0-2])(?:[^\d]|$)`)
)

// now is the clock the date rules compare with; tests may set it.
var now = time.Now

// dateIn returns the first date stated in s as "YYYY-MM-DD", or "".
func dateIn(s string) string {
	d, _ := dateAt(s)
	return d
}

// dateAt returns the first date stated in s and the offset it starts at;
// "" and -1 when s states none.
func dateAt(s string) (string, int) {
	best, at := "", -1
	if !strings.ContainsAny(s, "0123456789") {
		return best, at
	}
	try := func(re *lazyregexp.Regexp, build func(m []string) string) {
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
		if at < 0 || m[2] < at {
			best, at = d, m[2]
		}
	}
	try(isoDate, func(m []string) string { return ymd(m[1], m[2], m[3]) })
	try(textDate, func(m []string) string {
		return ymd(m[3], strconv.Itoa(monthNames[strings.ToLower(m[2])]), m[1])
	})
	try(slashDate, func(m []string) string { return ymd(century(m[3]), m[2], m[1]) })
	try(dmyDate, func(m []string) string { return ymd(m[4], m[3], m[1]) })
	try(shortDate, func(m []string) string {
		if d := ymd(century(m[1]), m[2], m[3]); d != "" {
			return d
		}
		return ymd(century(m[3]), m[2], m[1]) // DD.MM.YY
	})
	return best, at
}

// dayMonthIn returns the first day and month without a year in s ("den 7:de
// mars") dated in year; "" when there is none.
func dayMonthIn(s, year string) string {
	m := dayMonth.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return ymd(year, strconv.Itoa(monthNames[strings.ToLower(m[2])]), m[1])
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
	if t.Year() != yi || int(t.Month()) != mi || t.Day() != di || t.After(now()) {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// notMeetingDate matches opening lines whose date is another one: the next
// meeting, the signing of the minutes, a deadline.
var notMeetingDate = lazyregexp.New(`(?i)^(nästa\s+\p{L}*\s*(möte|sammanträde|träff)|justering|justerat|justeras|anslag|anslaget|sista dag|senast|utskriftsdatum|utskrivet|dnr|diarienummer|reviderad|uppdaterad|publicerad|publicerat|skapad|skapat|ändrad|ändrat|version|doc id|dokument-?id|signerat|signerad)`)

// openingDate returns the date stated in the opening lines: the lines before
// the first agenda point, at most the first 25 that carry text. A date may
// wrap onto the next line; a day and month without a year take the year of
// their paragraph.
func openingDate(lines []line, firstItem int) string {
	n := 0
	end := firstItem
	if end > len(lines) {
		end = len(lines)
	}
	for i := 0; i < end && n < 25; i++ {
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
		if !strings.ContainsAny(t, "0123456789") {
			continue
		}
		if j := i + 1; j < end && !lines[j].blank() {
			// "… vårmöte, 14" / "mars 2018 i rum B12"
			if d, at := dateAt(t + " " + flat(lines[j].text)); d != "" && at < len(t) {
				return d
			}
		}
		if dayMonth.MatchString(t) {
			if year := paragraphYear(lines, i, end); year != "" {
				if d := dayMonthIn(t, year); d != "" {
					return d
				}
			}
		}
	}
	return ""
}

// paragraphYear returns the year (19xx, 20xx) the paragraph holding line i
// states, looking back to the paragraph's first line and forward to its last;
// "" when it states none or more than one.
func paragraphYear(lines []line, i, end int) string {
	from, to := i, i
	for from > 0 && !lines[from-1].blank() {
		from--
	}
	for to+1 < end && !lines[to+1].blank() {
		to++
	}
	year := ""
	for k := from; k <= to; k++ {
		for _, m := range yearWord.FindAllStringSubmatch(flat(lines[k].text), -1) {
			if year != "" && year != m[1] {
				return ""
			}
			year = m[1]
		}
	}
	return year
}

// fileDate returns the date in a file's name ("2022-11-30 x.txt",
// "20221130_x.pdf", "Meeting2017-03-20.md"); six digits are read as YYMMDD
// and, when that is no possible meeting date, as DDMMYY ("300919" is
// 2019-09-30, not 2030); a year and month alone ("2022-11 x") give the first
// of the month.
func fileDate(name string) string {
	base := filepath.Base(name)
	if d := dateIn(base); d != "" {
		return d
	}
	if m := longCompact.FindStringSubmatch(base); m != nil {
		if d := ymd(m[1], m[2], m[3]); d != "" {
			return d
		}
	}
	if m := compactDate.FindStringSubmatch(base); m != nil {
		if d := ymd(century(m[1]), m[2], m[3]); d != "" {
			return d
		}
		if d := ymd(century(m[3]), m[2], m[1]); d != "" {
			return d
		}
	}
	if m := monthOnly.FindStringSubmatch(base); m != nil {
		return ymd(m[1], m[2], "1")
	}
	return ""
}
