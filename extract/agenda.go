package extract

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// Agenda points are numbered headings: "1. Titel", "1) Titel", "§ 12 Titel",
// "§12. Titel", "Punkt 3. Titel", "3 Titel" when the line is a heading. The
// numbers of a meeting's points form one rising sequence, so the rule collects
// every numbered line as a candidate and keeps the best chain of consecutive
// numbers: sub-lists inside a point, dates and page numbers fall out, and a
// table of contents (a chain with no text under its points) loses to the
// real sequence.

var (
	// agendaNum matches the number of a candidate: an optional "§"/"Punkt",
	// the number, and its punctuation.
	// A register's letters may stand before the "§" ("KS § 12").
	agendaNum = lazyregexp.New(`^(?:(?:\p{Lu}{1,5}\s+)?(§{1,2})\s*|(?i:punkt|ärende|p\.)\s*)?(\d{1,3})(?:\s*([.):]|\s[–-]))?(?:\s+|$)`)
	// subLetter is the letter of a lettered "§" point: "§ 3 a", "§ 3 b".
	subLetter = lazyregexp.New(`^[a-zåäö](?:[\s.)]+|$)`)
	// caseRef is a case reference on a "§" line, to its end ("KS § 12  DNR:
	// KS/2021.3", "§ 4 Budget  Dnr KS 2021/3").
	caseRef = lazyregexp.New(`(?i)(?:^|\s)(?:dnr|diarienr|diarienummer|ärendenr)\b.*$`)
	// tableNumber is the first cell of an agenda table row.
	tableNumber = lazyregexp.New(`^(?:§{1,2}\s*)?\d{1,3}[.)]?$`)
	// monthWord keeps "12 april konferens" from being agenda point 12.
	monthWord = lazyregexp.New(`(?i)^(jan(uari)?|feb(ruari)?|mars?|apr(il)?|maj|juni?|juli?|aug(usti)?|sep(t(ember)?)?|okt(ober)?|nov(ember)?|dec(ember)?|kl\.?|st\.?|tim|min|%|kr|procent|år|dagar|veckor)(?:[\s.,:]|$)`)
)

// candidate is a line that may be an agenda point heading.
type candidate struct {
	idx    int    // index into the lines
	number int    // the point's number
	title  string // the rest of the line
	shape  string // formatting signature: punctuation, heading level, bold
	weight float64
	inList bool // part of a numbered list inside a point (see markLists)
	body   bool // text follows before the next numbered line
}

// agendaCandidate returns the candidate a line would be, if any.
func agendaCandidate(lines []line, i int) (candidate, bool) {
	l := lines[i]
	if l.blank() || l.bullet {
		return candidate{}, false
	}
	text := flat(l.text)
	if isTableRow(text) {
		// An agenda laid out as a table: "| § 1 | Mötets öppnande |".
		cells := tableCells(text)
		if len(cells) < 2 || !tableNumber.MatchString(cells[0]) || cells[1] == "" {
			return candidate{}, false
		}
		text = cells[0] + " " + cells[1]
		if !strings.ContainsAny(cells[0], ".)§") {
			text = cells[0] + ". " + cells[1]
		}
	}
	m := agendaNum.FindStringSubmatch(text)
	if m == nil {
		return candidate{}, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n == 0 && m[1] == "" {
		return candidate{}, false
	}
	rest := strings.TrimSpace(text[len(m[0]):])
	punct := m[3]
	if m[1] != "" {
		if l := subLetter.FindString(rest); l != "" && (punct == "" || punct == ".") {
			rest = strings.TrimSpace(rest[len(l):])
		}
		rest = strings.TrimSpace(caseRef.ReplaceAllString(rest, ""))
	}
	titleAt := i
	if rest == "" {
		// "§ 12" alone, the title on the next line.
		if j := nextText(lines, i); j > 0 && j <= i+2 && !agendaNum.MatchString(flat(lines[j].text)) && utf8.RuneCountInString(lines[j].text) <= 120 {
			rest, titleAt = flat(lines[j].text), j
		}
	}
	section := m[1] != "" || strings.HasPrefix(strings.ToLower(text), "p")
	marked := l.heading > 0 || l.bold
	switch {
	case rest == "":
		return candidate{}, false
	case punct == "" && !section && !marked:
		// "3 Titel" only as a heading line.
		return candidate{}, false
	case punct == ":" && !section:
		return candidate{}, false
	}
	punct = strings.TrimSpace(punct)
	r, _ := utf8.DecodeRuneInString(rest)
	if (punct == "-" || punct == "–") && !unicode.IsUpper(r) {
		return candidate{}, false // "12 - 15 april", a range
	}
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '”' && r != '«' {
		// Titles start with a capital; "3. att ..." is a motion or a sub-list.
		return candidate{}, false
	}
	if monthWord.MatchString(rest) || strings.HasPrefix(rest, "/") {
		return candidate{}, false
	}
	if looksLikeEntry(rest) {
		// "1. Anna Andersson, Lerum": a numbered list of attendees.
		return candidate{}, false
	}
	c := candidate{idx: i, number: n, title: rest}
	i = titleAt
	c.shape = punct + "|" + strconv.Itoa(l.heading) + "|" + strconv.FormatBool(l.bold) + "|" + m[1]
	c.weight = 1
	if marked || m[1] != "" {
		// a heading, or a "§": the protocol's own mark of a point
		c.weight += 0.5
	}
	if hasBody(lines, i) {
		c.weight += 0.5
		c.body = true
	}
	if utf8.RuneCountInString(rest) > 160 && !strings.Contains(rest, ". ") {
		c.weight -= 0.5
	}
	return c, true
}

// hasBody reports whether non-numbered text follows line i before the next
// numbered line: a table of contents has none.
func hasBody(lines []line, i int) bool {
	for j := i + 1; j < len(lines) && j < i+60; j++ {
		t := lines[j].text
		if t == "" {
			continue
		}
		if agendaNum.MatchString(flat(t)) && !lines[j].bullet {
			return false
		}
		return true
	}
	return false
}

// agenda finds the agenda points of a meeting. It returns the points and, for
// each, the index of its heading line.
func agenda(lines []line, pdf bool) ([]minutes.AgendaItem, []int) {
	var cands []candidate
	for i := range lines {
		if c, ok := agendaCandidate(lines, i); ok {
			cands = append(cands, c)
		}
	}
	if len(cands) > 0 {
		// an appended kallelse's agenda or another meeting's points are
		// not this meeting's
		end := appendixStart(lines, cands[0].idx)
		k := 0
		for k < len(cands) && cands[k].idx < end {
			k++
		}
		cands = cands[:k]
	}
	markLists(lines, cands)
	chain := fillIn(bestChain(cands), cands)
	items := make([]minutes.AgendaItem, 0, len(chain))
	starts := make([]int, 0, len(chain))
	width := 0
	if pdf {
		width = textWidth(lines)
	}
	for k, c := range chain {
		title := c.title
		if pdf {
			title = joinWrapped(lines, c.idx, title, width)
		}
		full := title
		title = firstSentence(title)
		end := len(lines)
		if k+1 < len(chain) {
			end = chain[k+1].idx
		}
		text := bodyText(lines, c.idx+1, end)
		if rest := strings.TrimSpace(strings.TrimPrefix(full, title)); len(full) > len(title) && strings.HasPrefix(full, title) {
			// The heading line goes on with body text: keep it.
			rest = strings.TrimSpace(strings.TrimLeft(rest, ".:"))
			if rest != "" {
				text = strings.TrimSpace(rest + "\n\n" + text)
			}
		}
		items = append(items, minutes.AgendaItem{
			Number: c.number,
			Title:  title,
			Text:   text,
			Pos:    lines[c.idx].pos,
		})
		starts = append(starts, c.idx)
	}
	return items, starts
}

// markLists lowers the weight of candidates that belong to a numbered list
// inside a point rather than to the agenda: a list introduced by a line ending
// in a colon ("Två sätt att arbeta:"), a list that restarts at 1 after a
// higher number, and the items that follow such a list item directly with the
// same shape and the next number.
func markLists(lines []line, cands []candidate) {
	inList := make([]bool, len(cands))
	maxSeen := 0
	for k := range cands {
		c := &cands[k]
		prevIdx, prev := prevText(lines, c.idx)
		switch {
		case strings.HasSuffix(prev, ":") && !agendaLead.MatchString(prev):
			inList[k] = true
		case c.number == 1 && maxSeen > 1:
			inList[k] = true
		case k > 0 && inList[k-1] && (cands[k-1].idx == prevIdx || sameBlock(lines, cands[k-1].idx, c.idx)) &&
			cands[k-1].shape == c.shape && cands[k-1].number == c.number-1:
			inList[k] = true
		}
		if inList[k] {
			c.weight -= 0.6
			c.inList = true
		}
		if c.number > maxSeen {
			maxSeen = c.number
		}
	}
}

// sameBlock reports whether lines a to b form one block: no blank line
// between them.
func sameBlock(lines []line, a, b int) bool {
	for j := a; j <= b && j < len(lines); j++ {
		if lines[j].blank() {
			return false
		}
	}
	return true
}

// agendaLead is a line that introduces the agenda itself: "Dagordning:".
var agendaLead = lazyregexp.New(`(?i)\b(?:dagordning|agenda|föredragningslista|ärendelista)\p{L}*\s*:$`)

// nextText returns the index of the closest line after i that has text, or
// -1.
func nextText(lines []line, i int) int {
	for j := i + 1; j < len(lines); j++ {
		if !lines[j].blank() {
			return j
		}
	}
	return -1
}

// prevText returns the index and text of the closest line before i that has
// text; -1 and "" when there is none.
func prevText(lines []line, i int) (int, string) {
	for j := i - 1; j >= 0; j-- {
		if !lines[j].blank() {
			return j, flat(lines[j].text)
		}
	}
	return -1, ""
}

// bestChain returns the highest-weighted chain of candidates, in document
// order, whose numbers rise by one. Minutes also number their points as typed,
// with a number repeated or a few skipped; such a step is allowed between
// candidates of the same shape outside a sub-list, at a cost. Changes of shape
// between neighbours in the chain cost a little, so that a sub-list's "1." "2."
// lose to the headings.
func bestChain(cands []candidate) []candidate {
	n := len(cands)
	if n == 0 {
		return nil
	}
	score := make([]float64, n)
	prev := make([]int, n)
	best := -1
	for i := range cands {
		score[i] = cands[i].weight
		prev[i] = -1
		if cands[i].number != 1 {
			// a chain may start anywhere (§ 115), but starting at 1 is usual
			score[i] -= 0.25
		}
		for j := i - 1; j >= 0; j-- {
			cost, ok := step(cands[j], cands[i])
			if !ok {
				continue
			}
			s := score[j] + cands[i].weight - cost
			if s > score[i] || s == score[i] && prev[i] >= 0 && j > prev[i] {
				score[i] = s
				prev[i] = j
			}
		}
		if best < 0 || score[i] > score[best] {
			best = i
		}
	}
	var chain []candidate
	for i := best; i >= 0; i = prev[i] {
		chain = append(chain, cands[i])
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	// A lone numbered line is no agenda, unless it is a "§" point (an extract
	// of a protocol holds one) or a marked first point with text under it.
	if len(chain) == 1 && !strings.HasSuffix(chain[0].shape, "§") && (chain[0].number != 1 || score[best] < 1.5) {
		return nil
	}
	// A numbered list inside a point is no agenda, even when it is all the
	// numbering a document has ("Motioner: 1) … 2) … 3) …").
	lists := 0
	for _, c := range chain {
		if c.inList {
			lists++
		}
	}
	if lists == len(chain) {
		return nil
	}
	return chain
}

// step returns the cost of following candidate a by b in a chain, and false
// when b cannot follow a: the next number costs nothing (a change of shape a
// little), a repeated number (after a point with text) or a gap of up to
// three only between candidates of one shape outside sub-lists.
func step(a, b candidate) (float64, bool) {
	if b.number == a.number+1 {
		if a.shape != b.shape {
			return 0.3, true
		}
		return 0, true
	}
	if a.shape != b.shape || a.inList || b.inList {
		return 0, false
	}
	switch gap := b.number - a.number; {
	case gap == 0 && a.body:
		// a table of contents repeats its numbers without text between
		return 0.6, true
	case gap > 1 && gap <= 4:
		return 0.3 * float64(gap-1), true
	}
	return 0, false
}

// fillIn adds to a chain the candidates of its shape that stand between two
// of its points whose numbers skip: a point numbered out of order by a typing
// slip ("3.", "37.", "5.") is still a point.
func fillIn(chain, cands []candidate) []candidate {
	if len(chain) < 3 {
		return chain
	}
	var out []candidate
	k := 0
	for c := 0; c < len(chain); c++ {
		out = append(out, chain[c])
		if c+1 == len(chain) || chain[c+1].number-chain[c].number < 2 || chain[c].shape != chain[c+1].shape {
			continue
		}
		for k < len(cands) && cands[k].idx <= chain[c].idx {
			k++
		}
		var between []candidate
		for ; k < len(cands) && cands[k].idx < chain[c+1].idx; k++ {
			if cands[k].shape == chain[c].shape && !cands[k].inList {
				between = append(between, cands[k])
			}
		}
		if len(between) == 1 {
			out = append(out, between[0])
		}
	}
	return out
}

// textWidth returns the width of the document's full lines in characters:
// the length that nine in ten of its lines do not exceed.
func textWidth(lines []line) int {
	var n []int
	for _, l := range lines {
		if !l.blank() {
			n = append(n, utf8.RuneCountInString(l.text))
		}
	}
	if len(n) == 0 {
		return 0
	}
	sort.Ints(n)
	return n[len(n)*9/10]
}

// joinWrapped appends the lines that continue a wrapped PDF heading: the same
// paragraph (no blank line between), the same emphasis, and no new candidate.
// A plain heading line that does not fill the width of the text continues
// only with a short lower-case tail (a larger font wrapped it); otherwise body
// text follows it.
func joinWrapped(lines []line, i int, title string, width int) string {
	head := lines[i]
	if !head.bold && head.heading == 0 && utf8.RuneCountInString(head.text)*4 < width*3 {
		j := i + 1
		if j >= len(lines) || lines[j].blank() || utf8.RuneCountInString(lines[j].text)*4 >= width*3 {
			return title
		}
		if r, _ := utf8.DecodeRuneInString(lines[j].text); unicode.IsUpper(r) {
			return title
		}
	}
	for j := i + 1; j < len(lines) && j < i+4; j++ {
		l := lines[j]
		if l.blank() || l.bullet || l.bold != head.bold || l.heading != head.heading || l.pos.Page != head.pos.Page {
			break
		}
		if r, _ := utf8.DecodeRuneInString(l.text); unicode.IsUpper(r) && strings.HasSuffix(l.text, ".") {
			break // a sentence of its own: body text
		}
		if agendaNum.MatchString(flat(l.text)) {
			break
		}
		if strings.HasSuffix(title, ".") && !head.bold && head.heading == 0 {
			break
		}
		title += " " + flat(l.text)
	}
	return title
}

// firstSentence returns the title part of a heading line that goes on with body
// text ("Mötet inleds. Lena hälsar välkomna" → "Mötet inleds"), without a final
// period or colon.
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '.' && s[i] != '!' && s[i] != '?' {
			continue
		}
		if s[i+1] != ' ' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i+2:])
		if !unicode.IsUpper(r) {
			continue
		}
		if isAbbrev(s[:i]) {
			continue
		}
		if s[i] == '.' {
			return strings.TrimSpace(s[:i])
		}
		return strings.TrimSpace(s[:i+1])
	}
	return strings.TrimRight(strings.TrimSpace(s), ".:")
}

// isAbbrev reports whether text ends with a common abbreviation or an initial
// ("t.ex", "bl.a", "S", "ca", "nr").
func isAbbrev(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 {
		return true
	}
	w := strings.ToLower(f[len(f)-1])
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	switch w {
	case "t.ex", "bl.a", "m.m", "ca", "nr", "resp", "kl", "jfr", "s.k", "d.v.s", "dvs", "osv", "fr.o.m", "t.o.m", "o.s.v", "p", "st", "tel":
		return true
	}
	return false
}

// bodyText joins the non-blank lines from..to (exclusive) as the text of a
// point: paragraphs separated by a blank line.
func bodyText(lines []line, from, to int) string {
	var b strings.Builder
	para := false
	for i := from; i < to && i < len(lines); i++ {
		t := flat(lines[i].text)
		if t == "" {
			para = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if para {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		para = false
		b.WriteString(t)
	}
	return b.String()
}
