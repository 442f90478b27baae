package extract

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goteborgsregionen/minutes"
)

// Meta rules: the document's title and the body (network, board, committee)
// that met, the next meeting and the upcoming events the minutes list.

var (
	// bodyTitle reads "Minnesanteckningar IFO-chefsnätverket", "Protokoll
	// Socialnämnden 2022-11-30", "Anteckningar från Socialchefsnätverket".
	bodyTitle = regexp.MustCompile(`(?i)^(?:minnesanteckningar|mötesanteckningar|anteckningar|sammanträdesprotokoll|protokoll|justerat protokoll|dagordning)\s*[:,–-]?\s*(?:från\s+|för\s+|vid\s+|fört vid\s+)?(.+)$`)
	// bodyWord ends the name of a body: "Socialchefsnätverket", "Socialnämnden".
	bodyWord     = regexp.MustCompile(`(?i)(nätverk|nätverket|nämnd|nämnden|styrelse|styrelsen|råd|rådet|utskott|utskottet|grupp|gruppen|beredning|beredningen|fullmäktige|presidium|presidiet|forum|kommitté|kommittén)$`)
	trailingDate = regexp.MustCompile(`(?i)[\s,–-]*(?:den\s+)?(?:\d{1,4}[-./ ]\d{1,2}[-./ ]\d{1,4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|\d{4}).*$`)
	nextMeeting  = regexp.MustCompile(`(?i)^nästa\s+(?:\p{L}+\s+)?(?:möte|nätverksmöte|sammanträde|träff|mötestillfälle)\s*(?:är|blir|äger rum)?\s*:?\s*(.*)$`)
	eventsHead   = regexp.MustCompile(`(?i)^(?:några\s+)?(?:kommande\s+(?:sammanhang|möten|händelser|aktiviteter|datum|träffar)|kalendarium|viktiga datum|datum framåt|kommande)\s*:?$`)
	eventLine    = regexp.MustCompile(`(?i)^((?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?(?:\s+\d{4})?)|(?:\d{4}-\d{2}-\d{2}))\s*[:,–-]?\s*(.+)$`)
	genericDirs  = map[string]bool{"": true, ".": true, "/": true, "testdata": true, "minutes": true, "docs": true, "doc": true,
		"documents": true, "dokument": true, "protokoll": true, "anteckningar": true, "minnesanteckningar": true, "tmp": true,
		"temp": true, "in": true, "inbox": true, "files": true, "filer": true, "import": true, "data": true, "pdf": true, "word": true, "txt": true}
	headingParts = regexp.MustCompile(`\s+[–—|-]\s+|\t`)
	yearDir      = regexp.MustCompile(`^(?:19|20)\d\d(?:[-_ ].*)?$`)
)

// titleAndBody returns the document's heading and the body that met: from a
// heading line such as "Minnesanteckningar IFO-chefsnätverket", else a short
// opening line naming a network or board, else the folder the file is in.
func titleAndBody(lines []line, firstItem int, name, metaTitle string) (title, body string) {
	n := 0
	for i := 0; i < firstItem && i < len(lines) && n < 12; i++ {
		l := lines[i]
		if l.blank() {
			continue
		}
		n++
		t := strings.TrimSpace(flat(l.text))
		if presentHeading.MatchString(t) || absentHeading.MatchString(t) || isTableRow(t) {
			continue
		}
		if title == "" && len(t) <= 120 && !strings.Contains(t, ",") {
			title = strings.TrimRight(t, ":")
		}
		if body != "" {
			continue
		}
		// A heading may hold several parts: "Göteborgsregionen –
		// Minnesanteckningar IFO-chefsnätverket", "Protokoll | Socialnämnden".
		for _, seg := range headingParts.Split(t, -1) {
			seg = strings.TrimSpace(seg)
			if m := bodyTitle.FindStringSubmatch(seg); m != nil {
				if b := cleanBody(m[1]); b != "" {
					body = b
					break
				}
			}
			if isBodyName(seg) {
				body = cleanBody(seg)
				break
			}
		}
	}
	if title == "" {
		title = metaTitle
	}
	if body == "" {
		body = folderBody(name)
	}
	return title, body
}

// isBodyName reports whether a short opening line names a body: one of its
// words is "nätverket", "nämnden", "styrelsen" … ("Socialchefsnätverket",
// "Nätverket för FH-chefer", "Socialnämnden i Lerum"); a label line
// ("Plats: …") is not.
func isBodyName(t string) bool {
	if strings.Contains(t, ":") || strings.Contains(t, ",") {
		return false
	}
	words := strings.Fields(strings.TrimRight(cleanBody(t), ".:"))
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		if bodyWord.MatchString(strings.Trim(w, "()")) {
			return true
		}
	}
	return false
}

// cleanBody trims a date and punctuation off a body's name.
func cleanBody(s string) string {
	s = trailingDate.ReplaceAllString(s, "")
	return strings.TrimSpace(strings.Trim(s, " :,–-"))
}

// folderBody names the body after the folder holding the file, unless the
// folder's name says nothing (a year, "testdata", "protokoll" …).
func folderBody(name string) string {
	dir := filepath.Dir(name)
	for k := 0; k < 3; k++ {
		base := filepath.Base(dir)
		switch {
		case genericDirs[strings.ToLower(base)]:
			return ""
		case yearDir.MatchString(base):
			dir = filepath.Dir(dir)
			continue
		}
		return base
	}
	return ""
}

// upcoming returns the next meeting and the listed upcoming events.
func upcoming(lines []line, items []minutes.AgendaItem) (string, []minutes.Event) {
	next := ""
	for _, it := range items {
		if m := nextMeeting.FindStringSubmatch(it.Title); m != nil && m[1] != "" {
			next = m[1]
		}
	}
	var events []minutes.Event
	in := false
	for _, l := range lines {
		t := flat(l.text)
		if next == "" {
			if m := nextMeeting.FindStringSubmatch(t); m != nil && m[1] != "" && len(m[1]) < 120 {
				next = strings.TrimRight(m[1], ".")
			}
		}
		if eventsHead.MatchString(t) {
			in = true
			continue
		}
		if !in || l.blank() {
			continue
		}
		m := eventLine.FindStringSubmatch(t)
		if m == nil {
			in = false
			continue
		}
		events = append(events, minutes.Event{Date: m[1], Text: m[2]})
	}
	return next, events
}
