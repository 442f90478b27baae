package extract

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// Meta rules: the document's title and the body (network, board, committee)
// that met, the next meeting and the upcoming events the minutes list.

var (
	// bodyTitle reads "Minnesanteckningar IFO-chefsnätverket", "Protokoll
	// Socialnämnden 2022-11-30", "Anteckningar från Socialchefsnätverket".
	bodyTitle = lazyregexp.New(`(?i)^(?:minnesanteckningar|mötesanteckningar|anteckningar|sammanträdesprotokoll|protokoll|justerat protokoll|dagordning)\s*[:,–-]?\s*(?:från\s+|för\s+|vid\s+|fört vid\s+)?(.+)$`)
	// bodyWord ends the name of a body: "Socialchefsnätverket", "Socialnämnden".
	bodyWord     = lazyregexp.New(`(?i)(nätverk|nätverket|nämnd|nämnden|styrelse|styrelsen|råd|rådet|utskott|utskottet|grupp|gruppen|beredning|beredningen|fullmäktige|presidium|presidiet|forum|kommitté|kommittén)$`)
	trailingDate = lazyregexp.New(`(?i)[\s,–-]*(?:den\s+)?(?:\d{1,4}[-./ ]\d{1,2}[-./ ]\d{1,4}|\d{1,2}\s+\p{L}+\.?\s+\d{4}|\d{4}).*$`)
	nextMeeting  = lazyregexp.New(`(?i)^nästa\s+(?:\p{L}+\s+)?(?:möte|nätverksmöte|sammanträde|träff|mötestillfälle)\s*(?:är|blir|äger rum)?\s*:?\s*(.*)$`)
	eventsHead   = lazyregexp.New(`(?i)^(?:några\s+)?(?:kommande\s+(?:sammanhang|möten|händelser|aktiviteter|datum|träffar)|kalendarium|viktiga datum|datum framåt|kommande)\s*:?$`)
	eventLine    = lazyregexp.New(`(?i)^((?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?(?:\s+\d{4})?)|(?:\d{4}-\d{2}-\d{2}))\s*[:,–-]?\s*(.+)$`)
	// folderWord are the words of a folder name that say nothing about the body
	// that met: a kind of document, a file type, a place on a computer or a
	// term ("Protokoll 2019", "Hämtade filer", "Scans", "Arkiv VT18").
	folderWord = map[string]bool{"protokoll": true, "anteckningar": true, "minnesanteckningar": true,
		"mötesanteckningar": true, "mötesprotokoll": true, "dokument": true, "documents": true, "document": true,
		"docs": true, "doc": true, "arkiv": true, "archive": true, "archives": true, "downloads": true,
		"download": true, "hämtade": true, "filer": true, "files": true, "file": true, "desktop": true,
		"skrivbord": true, "skrivbordet": true, "pdf": true, "pdfs": true, "word": true, "docx": true, "txt": true,
		"text": true, "scans": true, "scan": true, "skannat": true, "skannade": true, "import": true,
		"export": true, "inbox": true, "in": true, "tmp": true, "temp": true, "data": true, "backup": true,
		"old": true, "gamla": true, "nya": true, "new": true, "alla": true, "all": true, "övrigt": true,
		"misc": true, "mail": true, "bilagor": true, "attachments": true, "home": true, "users": true,
		"och": true, "and": true, "från": true, "from": true, "vt": true, "ht": true, "år": true}
	// placeWord are folder words of a place on a computer, above which no
	// folder names the body ("Hämtade filer", "Desktop", "tmp").
	placeWord = map[string]bool{"downloads": true, "download": true, "hämtade": true, "desktop": true,
		"skrivbord": true, "skrivbordet": true, "home": true, "users": true, "tmp": true, "temp": true,
		"inbox": true, "mail": true, "documents": true, "dokument": true, "scans": true, "scan": true,
		"skannat": true, "skannade": true}
	folderNumber = lazyregexp.New(`^(?:(?:vt|ht)?\d{1,4}|q[1-4])$`)
	headingParts = lazyregexp.New(`\s+[–—|-]\s+|\t`)
	yearDir      = lazyregexp.New(`^(?:19|20)\d\d(?:[-_ ].*)?$`)
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
		if title == "" && isTitleLine(lines, i) {
			title = cleanTitle(t)
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

var (
	// signatureLine is a line an e-signature service or a page layout adds:
	// "Doc ID: 3f2a…", "Transaktion 0982…", "Sida 1 av 3".
	signatureLine = lazyregexp.New(`(?i)^(?:doc(?:ument)?\s*id|dokument-?id|transaktion(?:s-?id)?|verifikat|signerat|signed|sida\s+\d|page\s+\d|\d+\s*\(\s*\d+\s*\)$)`)
	// pageMark is a page number at the end of a letterhead: "1 (3)", "1(14 )",
	// "Sida 1 av 3".
	pageMark = lazyregexp.New(`(?i)\s*(?:\d+\s*\(\s*\d+\s*\)|sida\s+\d+(?:\s*(?:av|\()\s*\d+\)?)?)\s*$`)
)

// isTitleLine reports whether opening line i can be the document's title: a
// heading or the first line of a paragraph or letterhead, not a sentence (a
// comma, a final period, a lower-case start or continuation), an e-signature
// footer or a line of punctuation.
func isTitleLine(lines []line, i int) bool {
	l := lines[i]
	t := strings.TrimSpace(flat(l.text))
	if t == "" || len(t) > 120 || strings.Contains(t, ",") || signatureLine.MatchString(t) {
		return false
	}
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 3 {
		return false
	}
	if l.heading > 0 || l.bold {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) || strings.HasSuffix(t, ".") {
		return false
	}
	// The first line of a paragraph or letterhead; a line that goes on
	// with a lower-case word is the start of a sentence.
	if i > 0 && !lines[i-1].blank() && lines[i-1].heading == 0 {
		return false
	}
	if i+1 == len(lines) || lines[i+1].blank() || lines[i+1].heading > 0 || lines[i+1].bold {
		return true
	}
	r, _ := utf8.DecodeRuneInString(lines[i+1].text)
	return !unicode.IsLower(r)
}

// cleanTitle takes a page number and a trailing colon off a title line.
func cleanTitle(t string) string {
	t = pageMark.ReplaceAllString(t, "")
	return strings.TrimSpace(strings.TrimRight(t, ": "))
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
	if i := strings.Index(s, ","); i > 0 {
		s = s[:i] // "Föreningens vårmöte, 14 mars": the rest is when
	}
	s = pageMark.ReplaceAllString(s, "")
	s = trailingDate.ReplaceAllString(s, "")
	s = strings.TrimSpace(strings.Trim(s, " :,–-"))
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return ""
	}
	return s
}

// folderBody names the body after the folder holding the file, unless the
// folder's name says nothing (a year, "testdata", "protokoll" …).
func folderBody(name string) string {
	dir := filepath.Dir(name)
	for k := 0; k < 3; k++ {
		base := filepath.Base(dir)
		generic, place := genericFolder(base)
		switch {
		case place:
			return ""
		case generic || yearDir.MatchString(base):
			dir = filepath.Dir(dir)
			continue
		}
		return base
	}
	return ""
}

// genericFolder reports whether a folder's name says nothing about a body:
// all its words are folder words and numbers ("Protokoll 2019", "VT19"); place
// is true when it is a root or a place on a computer ("Hämtade filer").
func genericFolder(base string) (generic, place bool) {
	if base == "" || base == "." || base == "/" || base == string(filepath.Separator) {
		return true, true
	}
	words := strings.FieldsFunc(strings.ToLower(base), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.' || r == ','
	})
	for _, w := range words {
		if !folderWord[w] && !folderNumber.MatchString(w) {
			return false, false
		}
		place = place || placeWord[w]
	}
	return true, place
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
