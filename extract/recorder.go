package extract

import (
	"strings"
	"unicode"

	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// The recorder is named by a label before the name ("Antecknat av X",
// "Antecknare: X", "Vid anteckningarna /X", "Vid protokollet, X", "Sekreterare
// X", "Protokollförare X", "Mötessekreterare: X", "Vid pennan X",
// "Minnesanteckningar förda av X"), where the name may stand on the next line
// or, in a signature block laid out in columns, in the same column of the next
// (or the previous) line; or by a signature line that puts the role after the
// name ("X, mötessekreterare", "X (handle), protokollförare"). Where no such
// line names anyone, the recorder is the secretary the meeting elects ("Mötet
// valde X till mötessekreterare", "Till protokollförare valdes X", "X valdes
// till sekreterare för mötet", an agenda point "Val av mötessekreterare" whose
// text names one person). The name is kept without title ("X, planeringsledare
// GR"), an initials suffix ("X/EB") or a handle in parentheses.

var (
	recorderLabel = lazyregexp.New(`(?i)^(?:antecknat av|antecknare|anteckningsförare|vid anteckningarna|antecknat|anteckningar förda av|minnesanteckningar förda av|förda av|vid protokollet|protokollet fördes av|protokoll(?:et)? fört av|mötets sekreterare|sekreterare|sekr(?:\.|\b)|mötessekreterare|protokollförare|vid pennan|nedtecknat av|dokumenterat av|sammanställt av)\s*:?\s*(.*)$`)
	initialsTail  = lazyregexp.New(`\s*/\s*[\p{Lu}]{1,4}\s*$`)
	// recorderRole is a signature line's role after the name.
	recorderRole = lazyregexp.New(`(?i)^(?:mötessekreterare|protokollförare|sekreterare|antecknare)(?:\s+(?:för|vid)\s+(?:mötet|dagen|stämman|årsmötet|sammanträdet))?$`)
	// boardRole are roles of a board list ("Kassör: X", "Ledamot: Y"), in
	// which "Sekreterare: Z" is the board's secretary, not the recorder.
	boardRole    = lazyregexp.New(`(?i)^(?:vice ordförande|kassör|ledamot|ledamöter|suppleant|suppleanter|revisor|revisorer|valberedning)\b`)
	andSplit     = lazyregexp.New(`\s+(?:och|&)\s+`)
	handleOrWord = lazyregexp.New(`^[\p{L}][\p{L}\d_.-]{1,19}$`)
)

// recorders returns the names of the people who recorded the minutes.
func recorders(lines []line) []string {
	code := codeLines(lines)
	var out []string
	seen := map[string]bool{}
	add := func(names []string) {
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	for i := range lines {
		add(labelledRecorder(lines, i, code))
	}
	if len(out) == 0 {
		add(electedRecorder(lines))
	}
	return out
}

// labelledRecorder reads the recorder that line i names by a label or a
// signature role, or nil.
func labelledRecorder(lines []line, i int, code []bool) []string {
	l := lines[i]
	if l.blank() {
		return nil
	}
	cells := rowCells(l.text)
	for col, cell := range cells {
		cell = strings.TrimSpace(cell)
		m := recorderLabel.FindStringSubmatch(cell)
		if m == nil {
			continue
		}
		plain := strings.HasPrefix(strings.ToLower(cell), "sekr")
		if plain && (l.bullet || code[i] || inBoardList(lines, i)) {
			return nil // a board or an election list
		}
		rest := strings.TrimLeft(strings.TrimSpace(m[1]), ",/:;–- ")
		// "Sekreterare för mötet: X", "Sekreterare var X"
		if low := strings.ToLower(rest); strings.HasPrefix(low, "för ") || strings.HasPrefix(low, "vid ") {
			if k := strings.Index(rest, ":"); k >= 0 && k < 30 {
				rest = strings.TrimSpace(rest[k+1:])
			} else {
				rest = ""
			}
		}
		if strings.HasPrefix(strings.ToLower(rest), "var ") {
			rest = rest[4:]
		}
		if hasLetter(rest) {
			if rest == m[1] && len(cells) > 1 && col < len(cells)-1 {
				// "Sekreterare⇥Ordförande": a row of labels, names below
				rest = ""
			} else {
				return recorderNames(rest, true)
			}
		}
		if rest == "" && col+1 < len(cells) && hasLetter(cells[col+1]) && !isLabelRow(cells) {
			return recorderNames(cells[col+1], true)
		}
		// The label alone, or followed by a signature line of dots: the name
		// is in the same column of the next line that has letters, or of the
		// line above (a name signed above its role).
		if plain && l.heading > 0 {
			return nil // "### Sekreterare" over an election's nominations
		}
		if names := nearbyName(lines, i, col, len(cells), 1); len(names) > 0 {
			return names
		}
		return nearbyName(lines, i, col, len(cells), -1)
	}
	// "Lisa Holm (lho), mötessekreterare": the role after the name.
	parts := strings.Split(flat(l.text), ",")
	if len(parts) == 2 && recorderRole.MatchString(strings.TrimSpace(strings.Trim(parts[1], ". "))) {
		role := strings.ToLower(strings.TrimSpace(parts[1]))
		if l.bullet && strings.HasPrefix(role, "sekreterare") {
			return nil
		}
		return recorderNames(parts[0], false)
	}
	return nil
}

// nearbyName reads the name in column col of the first line with letters
// below line i (dir 1) or above it (dir -1), within three lines.
func nearbyName(lines []line, i, col, n, dir int) []string {
	for j := i + dir; j >= 0 && j < len(lines) && j != i+4*dir; j += dir {
		if !hasLetter(lines[j].text) {
			continue
		}
		return recorderNames(columnOf(lines[j].text, col, n), false)
	}
	return nil
}

// isLabelRow reports whether every cell of a row is a signature label, as in
// "Ordförande⇥Sekreterare".
func isLabelRow(cells []string) bool {
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !recorderLabel.MatchString(c) && !signatureLabel.MatchString(c) {
			return false
		}
	}
	return true
}

// signatureLabel are the other labels of a signature block.
var signatureLabel = lazyregexp.New(`(?i)^(?:ordförande|stämmoordförande|mötesordförande|justerare|justeras|justerande|justeringsman|justeringsperson|underskrifter|underskrift)\b`)

// columnOf returns the cell of s in column col when s has as many columns as
// the label row, else s as a whole.
func columnOf(s string, col, n int) string {
	cells := rowCells(s)
	if n > 1 && len(cells) == n {
		return cells[col]
	}
	return flat(s)
}

// rowCells splits a line into its columns: a Markdown table row's cells or
// the columns of a layout.
func rowCells(s string) []string {
	if t := flat(s); isTableRow(t) {
		return tableCells(t)
	}
	return strings.Split(s, "\t")
}

// inBoardList reports whether line i stands among the roles of a board list.
func inBoardList(lines []line, i int) bool {
	for j := max(0, i-4); j < len(lines) && j <= i+4; j++ {
		if j != i && boardRole.MatchString(lines[j].text) {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// recorderNames reads the names in the text after a recorder label: "X", "X,
// title", "X och Y", "X/EB", "Name (handle)", "handle (Name)". A single word
// (a login handle or a first name) is a name only where it is all that follows
// the label on its line (one is true).
func recorderNames(s string, one bool) []string {
	s = partyMark.ReplaceAllString(s, "")
	s = strings.TrimLeft(strings.TrimSpace(s), "/,:;– ")
	// "Protokollförare/sekreterare: X": a second label before the name
	if m := recorderLabel.FindStringSubmatch(s); m != nil && strings.Contains(s[:len(s)-len(m[1])], ":") {
		s = m[1]
	}
	var out []string
	for _, part := range andSplit.Split(s, -1) {
		part = initialsTail.ReplaceAllString(part, "")
		if k := strings.Index(part, "("); k >= 0 {
			// "handle (Full Name)" gives the full name
			inner := part[k+1:]
			if e := strings.Index(inner, ")"); e >= 0 {
				inner = inner[:e]
			}
			if isName(strings.TrimSpace(inner)) && !isName(strings.TrimSpace(part[:k])) {
				part = inner
			}
		}
		if k := strings.IndexAny(part, ",(–"); k >= 0 {
			part = part[:k]
		}
		part = strings.TrimSpace(strings.Trim(part, ".:;"))
		// drop a title that follows the name without a comma
		words := strings.Fields(part)
		for len(words) > 2 && !isName(strings.Join(words, " ")) {
			words = words[:len(words)-1]
		}
		part = strings.Join(words, " ")
		switch {
		case isName(part):
			out = append(out, part)
		case one && len(words) == 1 && handleOrWord.MatchString(part) && !notNameWords[strings.ToLower(part)] && !recorderLabel.MatchString(part) && !signatureLabel.MatchString(part):
			out = append(out, part)
		}
	}
	return out
}

// The meeting elects its secretary: "Mötet valde X till mötessekreterare",
// "X valdes till protokollförare", "Till mötessekreterare valdes X".
var (
	electRole     = lazyregexp.New(`(?i)\b(?:(?:till|som)\s+(mötessekreterare|protokollförare|sekreterare|mötets sekreterare)|att\s+föra\s+(?:dagens\s+|mötets\s+)?(protokoll)(?:et)?)\b(\s+(?:för|vid)\s+\S+)?`)
	afterRole     = lazyregexp.New(`(?i)^\s*(?:valdes|utsågs|valde mötet|väljs|utses)?\s*`)
	electRoleLead = lazyregexp.New(`(?i)^(?:till|som)\s+(?:mötessekreterare|protokollförare|sekreterare)(?:\s+(?:för|vid)\s+\S+)?\s+(?:valdes|utsågs|valde mötet|väljs|utses)\s+(.+)$`)
	electVerb     = lazyregexp.New(`(?i)\b(?:val(?:de|des|s|t|da)?|väljer|väljs|välja|vald|valda|utsåg|utsågs|utses|utse|blev vald)\b`)
	electTitle    = lazyregexp.New(`(?i)\bval av\s+(?:mötes)?(?:sekreterare|protokollförare)\b|\b(?:mötessekreterare|protokollförare)\b`)
	sentenceEnd   = lazyregexp.New(`[.!?](?:\s|$)`)
)

// electedRecorder returns the secretary the meeting elected, or nil. A
// meeting secretary or recorder ("mötessekreterare", "protokollförare",
// "sekreterare för mötet") wins over a plain "sekreterare", who may be the
// board's.
func electedRecorder(lines []line) []string {
	var plain []string
	for i := 0; i < len(lines); i++ {
		if lines[i].blank() {
			continue
		}
		text := flat(lines[i].text)
		// the sentence may wrap over the next lines
		for j := i + 1; j < len(lines) && j <= i+3 && !lines[j].blank() && lines[j].heading == 0 && !sentenceEnd.MatchString(text); j++ {
			text += " " + flat(lines[j].text)
		}
		low := strings.ToLower(text)
		if !strings.Contains(low, "sekreterare") && !strings.Contains(low, "protokoll") {
			continue
		}
		if titleLine(lines[i]) && electTitle.MatchString(low) {
			// "Val av mötessekreterare: Anna Berg" names one person.
			if k := strings.IndexAny(text, ":–"); k >= 0 {
				if names := leadingNames(strings.TrimSpace(strings.TrimLeft(text[k:], ":– "))); len(names) == 1 {
					return names
				}
			}
			// An agenda point "Val av mötessekreterare" whose text names
			// one person: "Lisa Holm föreslogs och valdes."
			for j := i + 1; j < len(lines) && j <= i+4 && !titleLine(lines[j]); j++ {
				if t := flat(lines[j].text); electVerb.MatchString(t) {
					if names := leadingNames(t); len(names) == 1 {
						return names
					}
				}
			}
			continue
		}
		for _, sent := range splitSentences(text) {
			names, specific := electedIn(sent)
			if len(names) == 0 {
				continue
			}
			if specific {
				return names
			}
			if plain == nil {
				plain = names
			}
		}
	}
	return plain
}

// titleLine reports whether l reads as a heading or a numbered point's title.
func titleLine(l line) bool {
	return l.heading > 0 || l.bold || pointNumber.MatchString(l.text)
}

// pointNumber opens a numbered point: "5.", "5)", "5 ", "§ 5", "§5".
var pointNumber = lazyregexp.New(`^(?:§\s*\d{1,3}|\d{1,3}(?:[.)]|\s))\s*\p{L}`)

func splitSentences(s string) []string {
	var out []string
	for {
		loc := sentenceEnd.FindStringIndex(s)
		if loc == nil {
			break
		}
		out = append(out, s[:loc[0]])
		s = s[loc[1]:]
	}
	if strings.TrimSpace(s) != "" {
		out = append(out, s)
	}
	return out
}

// electedIn reads the secretary a sentence elects; specific is true when the
// role is the meeting's secretary or recorder.
func electedIn(sent string) (names []string, specific bool) {
	sent = strings.TrimSpace(sent)
	if m := electRoleLead.FindStringSubmatch(sent); m != nil {
		role := strings.ToLower(sent)
		return leadingNames(m[1]), !strings.HasPrefix(role, "till sekreterare ") && !strings.HasPrefix(role, "som sekreterare ") || strings.Contains(role, " för ")
	}
	if !electVerb.MatchString(sent) {
		return nil, false
	}
	loc := electRole.FindStringSubmatchIndex(sent)
	if loc == nil {
		return nil, false
	}
	role := "protokoll"
	if loc[2] >= 0 {
		role = strings.ToLower(sent[loc[2]:loc[3]])
	}
	specific = role != "sekreterare" || loc[6] >= 0
	// "… och till sekreterare Bo Ek": the name after the role
	if after := afterRole.ReplaceAllString(sent[loc[1]:], ""); after != "" {
		if names := leadingNames(after); len(names) == 1 {
			return names, specific
		}
	}
	before := sent[:loc[0]]
	if n := trailingName(before); n != "" {
		return []string{n}, specific
	}
	return nil, false
}

// trailingName returns the person named last in s: "Mötet valde Anna Berg",
// "välja Carl Ek till ordförande och Ingrid Ek", "valde lho (Lisa
// Holm)", "Mötet valde lho". Names of organisations ("från Solgläntan
// Förvaltning") are passed over.
func trailingName(s string) string {
	words := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ", ",", " , ").Replace(s))
	for end := len(words); end > 0; {
		k := end
		for k > 0 && startsUpper(words[k-1]) {
			k--
		}
		if k == end {
			end--
			continue
		}
		if run := words[k:end]; !hasOrgWord(strings.Join(run, " ")) {
			if n := lastName(run); n != "" {
				return n
			}
		}
		end = k
	}
	// A handle right after the verb: "Mötet valde lho".
	if n := len(words); n >= 2 && electVerb.MatchString(words[n-2]) && handleOrWord.MatchString(words[n-1]) &&
		!startsUpper(words[n-1]) && !notNameWords[words[n-1]] && !pronouns[words[n-1]] {
		return words[n-1]
	}
	return ""
}

// pronouns stand where an election names nobody: "utse någon som sekreterare".
var pronouns = map[string]bool{"någon": true, "ingen": true, "en": true, "ett": true, "denne": true, "denna": true,
	"honom": true, "henne": true, "hen": true, "dem": true, "sig": true, "mig": true, "oss": true, "själv": true, "också": true, "även": true}

// lastName returns the name at the end of a run of capitalised words
// ("Stämmoordförande Kristian Martinsson" gives "Kristian Martinsson"), or "".
func lastName(run []string) string {
	for k := max(0, len(run)-5); k < len(run)-1; k++ {
		if n := strings.Join(run[k:], " "); isName(n) && !isRole(strings.ToLower(run[k])) && !titleWord(run[k]) {
			return n
		}
	}
	return ""
}

// leadingNames returns the names at the start of s: "Anna Berg och Bo Ek
// föreslogs", "Lisa Holm föreslogs och valdes".
func leadingNames(s string) []string {
	words := strings.Fields(strings.Trim(s, ". "))
	k := 0
	for k < len(words) && startsUpper(words[k]) {
		k++
	}
	if n := strings.Trim(strings.Join(words[:k], " "), ",."); isName(n) {
		return []string{n}
	}
	return nil
}

func startsUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}
