package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// A decision is text the minutes record as decided:
//   - a line "Beslut: text" (the label may be bold, the text may wrap), or the
//     label "Beslut" in the margin (a column of its own) beside the text;
//   - a line "Beslut att text", "Beslut om att text", "Beslutades att text",
//     "Beslöts att text", "Beslutet är att text";
//   - a paragraph or bullet that begins with a decision formula: "<the meeting
//     or a body> beslutar/beslutade/beslöt …" ("Mötet beslutade att …",
//     "Årsmötet beslutade omval av …"), "Det beslutades att …";
//   - a heading "Beslut", "Beslutades", "Nämndens beslut", "X:s beslut" (alone
//     on its line, a colon allowed, or the bold end of a longer heading line)
//     followed by the decision: each bullet or paragraph under it is one.
//
// A lead ending in ":" and the list it introduces are one decision. Prose that
// mentions a decision ("Beslut om stödcentrum tas inom kort") is not one, nor
// is anything under a proposal heading ("Förslag till beslut", "Yrkande").

// bodyGenitive is the name of a body in the genitive: "Nämndens", "GR:s",
// "Kultur- och fritidsnämndens".
const bodyGenitive = `(?:[\p{L}\-]+\s+och\s+)?[\p{L}\-]+(?::s|s)`

var (
	// decisionInline matches "Beslut: …" and "Nämndens beslut: …".
	decisionInline = lazyregexp.New(`(?i)^(?:(?:` + bodyGenitive + `\s+)?beslut|beslutades|beslöts|beslutet)\s*(?::|\s[–-])\s*(.*)$`)
	// decisionAtt matches "Beslut att …", "Beslut om att …", "Beslutades att
	// …", "Beslutet är att …".
	decisionAtt = lazyregexp.New(`(?i)^(?:beslut(?:\s+om)?|beslutades|beslöts|beslutet är|beslutet blev)\s+(att\s.+)$`)
	// decisionHeading matches a line that is only a decision label.
	decisionHeading = lazyregexp.New(`(?i)^(?:(?:` + bodyGenitive + `\s+)?beslut|beslutades|beslöts|beslut\s+i\s+korthet)\s*:?$`)
	// notDecisionLabel are words before "beslut" that make it no decision label.
	notDecisionLabel = lazyregexp.New(`(?i)^(förslag|förslag till|underlag|underlag för|inför|utan|om|tidigare|kommande|väntar|fattat|fattade|fattades|ett|inget|inga|något|eventuellt|preliminärt|tas|tagna|tog)\s`)
	// decisionFormula matches the opening of a paragraph that records a
	// decision: a body or the meeting and "beslutar", "beslutade", "beslöt"
	// ("Styrelsen beslutade att …"), or "Det beslutades att …".
	decisionFormula = lazyregexp.New(`^(?:[Dd]et\s+(?:beslutades|beslöts|har\s+beslutats)\b|(\p{L}[\p{L}\-]*(?:\s+och\s+\p{L}[\p{L}\-]*)?)\s+(?:beslutar|beslutade|beslöt|har\s+beslutat|hade\s+beslutat)\b)`)
	// bodySubject are the meeting and bodies as the subject of a formula,
	// written in lower case at the start of a bullet ("- mötet beslutar …").
	bodySubject = lazyregexp.New(`(?i)^(?:\p{L}*(?:mötet|mötena|stämman|styrelsen|nämnden|nätverket|gruppen|rådet|utskottet|fullmäktige|presidiet|beredningen|kommittén|församlingen|kongressen|konferensen|förbundet|föreningen))$`)
	// notSubject are capitalised words that begin a sentence but name no body.
	notSubject = lazyregexp.New(`(?i)^(?:jag|du|han|hon|vi|ni|de|den|man|någon|ingen|alla|som|och|men|sedan|därefter|då|här|där)$`)
	// proposalHeading begins a part of a point that records proposals, not
	// decisions, up to the next heading.
	proposalHeading = lazyregexp.New(`(?i)^(?:förslag(?:\s+till\s+beslut)?|\p{L}+s\s+förslag(?:\s+till\s+beslut)?|yrkanden?|motion(?:en)?|beslutsunderlag|underlag)\s*:?$`)
	// trailingBold is a bold part that ends a heading line:
	// "SOCIALNÄMNDENS BEHANDLING **Socialnämndens beslut**".
	trailingBold = lazyregexp.New(`(?:\*\*|__)([^*_]+)(?:\*\*|__)\s*:?\s*$`)
)

// mentionsDecision reports cheaply whether s may hold a decision word
// ("beslut", "Beslutades", "beslöt"): the rules' regular expressions run only
// on such lines.
func mentionsDecision(s string) bool {
	return strings.Contains(s, "esl") || strings.Contains(s, "ESL")
}

// pastDecision is what follows a formula that cites an earlier decision:
// "Kommunfullmäktige beslutade 2019-05-12, § 45, att …".
var pastDecision = lazyregexp.New(`(?i)^\s*(?:den\s+|i\s+|vid\s+|på\s+)?(?:\d|§|januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|förra|tidigare|redan)`)

// isFormula reports whether a paragraph begins with a decision formula.
func isFormula(t string) bool {
	if !mentionsDecision(t) {
		return false
	}
	m := decisionFormula.FindStringSubmatchIndex(t)
	if m == nil {
		return false
	}
	if pastDecision.MatchString(t[m[1]:]) {
		return false
	}
	if m[2] < 0 {
		return true // "Det beslutades att"
	}
	subj := t[m[2]:m[3]]
	if notSubject.MatchString(subj) {
		return false
	}
	if bodySubject.MatchString(subj) || strings.ToUpper(subj) == subj {
		return true // "mötet", "KS"
	}
	// A body or the meeting is named in the definite form ("Styrelsen",
	// "Årsmötet", "Stämman", "Deltagarna") or is "Fullmäktige"; a person
	// ("Anna beslutade") is not.
	r, _ := utf8.DecodeRuneInString(subj)
	return unicode.IsUpper(r) && definiteForm.MatchString(subj)
}

// definiteForm is a noun's definite ending, or the indeclinable "fullmäktige".
var definiteForm = lazyregexp.New(`(?i)(?:et|en|an|na|ne|fullmäktige)$`)

// decisions finds the decisions; itemAt gives the agenda point a line stands
// under (0 for none), stop reports the lines that begin an agenda point.
//
// In text and DOCX sources a line is a paragraph unless it breaks off mid-
// sentence (hard-wrapped text); in PDF the reader marks paragraphs with blank
// lines, and lines wrap anywhere.
func decisions(lines []line, pdf bool, itemAt func(int) int, stop func(int) bool) []minutes.Decision {
	d := decider{lines: lines, stop: stop, pdf: pdf}
	var out []minutes.Decision
	add := func(i int, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		out = append(out, minutes.Decision{Item: itemAt(i), Text: text, Pos: lines[i].pos})
	}
	first := 0
	for first < len(lines) && !stop(first) {
		first++
	}
	end := len(lines)
	if first < len(lines) {
		end = appendixStart(lines, first)
	}
	proposal := false
	for i := 0; i < end; i++ {
		l := lines[i]
		if l.blank() {
			continue
		}
		t := flat(l.text)
		if l.heading > 0 || stop(i) || (l.bold && !l.bullet) {
			proposal = false
		}
		if proposalHeading.MatchString(t) || sectionLine.MatchString(t) && !d.isHeading(i) {
			// Proposals and the background of a case recount decisions,
			// they record none.
			if strings.HasSuffix(t, ":") {
				// "Valberedningens förslag:" and the list it introduces.
				_, next := d.list(i + 1)
				i = next - 1
				continue
			}
			proposal = true
			continue
		}
		if !mentionsDecision(l.raw) {
			continue
		}
		if isTableRow(t) {
			// "| Beslut | Nätverket ställer sig bakom … |"
			if cells := tableCells(t); len(cells) >= 2 && decisionHeading.MatchString(cells[0]) && !notDecisionLabel.MatchString(cells[0]) {
				add(i, strings.Join(cells[1:], " "))
			}
			continue
		}
		if cells := strings.SplitN(l.text, "\t", 2); len(cells) == 2 && decisionHeading.MatchString(strings.TrimSpace(cells[0])) && !notDecisionLabel.MatchString(cells[0]) {
			// "Beslut	Nätverket godkänner …": the label in the margin.
			text, next := d.paragraph(i, flat(cells[1]))
			add(i, text)
			i = next - 1
			continue
		}
		if notDecisionLabel.MatchString(t) {
			continue
		}
		if m := decisionAtt.FindStringSubmatch(t); m != nil {
			text, next := d.paragraph(i, m[1])
			add(i, text)
			i = next - 1
			continue
		}
		if d.isHeading(i) {
			texts, next := d.block(i + 1)
			for _, dec := range texts {
				add(dec.idx, dec.text)
			}
			i = next - 1
			proposal = false
			continue
		}
		if m := decisionInline.FindStringSubmatch(t); m != nil && m[1] != "" {
			text, next := d.paragraph(i, m[1])
			add(i, text)
			i = next - 1
			continue
		}
		if et := d.entryText(i); !proposal && d.startsParagraph(i) && isFormula(et) {
			// "Mötet beslutade att …", also as a bullet or a numbered entry
			text, next := d.paragraph(i, et)
			add(i, text)
			i = next - 1
		}
	}
	return out
}

// decider reads the paragraphs and lists decisions are made of.
type decider struct {
	lines []line
	stop  func(int) bool
	pdf   bool
}

// isHeading reports whether line i is a decision heading: the label alone,
// or the bold end of a longer heading line.
func (d decider) isHeading(i int) bool {
	l := d.lines[i]
	t := flat(l.text)
	if !mentionsDecision(l.raw) {
		return false
	}
	if decisionHeading.MatchString(t) {
		return true
	}
	if m := trailingBold.FindStringSubmatch(l.raw); m != nil && m[0] != strings.TrimSpace(l.raw) {
		return decisionHeading.MatchString(strings.TrimSpace(m[1])) && !notDecisionLabel.MatchString(m[1])
	}
	return false
}

// brk reports whether a paragraph ending in prev ends before next in a source
// whose lines are paragraphs unless they break off mid-sentence.
func (d decider) brk(prev string, next line) bool { return !d.pdf && endsParagraph(prev, next) }

// listMarker is the number or letter of a numbered list entry: "1. ", "b) ".
var listMarker = lazyregexp.New(`^(?:\d{1,2}|[a-zåäö])[.)]\s+`)

// entry reports whether line j begins a list entry: a bullet, or a numbered
// or lettered line that is no agenda point.
func (d decider) entry(j int) bool {
	return d.lines[j].bullet || listMarker.MatchString(d.lines[j].text) && !d.stop(j)
}

// entryText returns the text of line j without its list number.
func (d decider) entryText(j int) string {
	t := flat(d.lines[j].text)
	if !d.lines[j].bullet && !d.stop(j) {
		t = strings.TrimPrefix(t, listMarker.FindString(t))
	}
	return t
}

// startsParagraph reports whether line i begins a paragraph or bullet.
func (d decider) startsParagraph(i int) bool {
	l := d.lines[i]
	if i == 0 || d.entry(i) || l.heading > 0 || d.stop(i) {
		return true
	}
	p := d.lines[i-1]
	return p.blank() || p.heading > 0 || p.bold != l.bold || d.stop(i-1) || d.brk(flat(p.text), l)
}

// paragraph joins the lines that continue a paragraph begun at line i with
// text first: the following non-blank lines up to a blank line, a bullet, a
// heading or an agenda point. A paragraph ending in ":" takes the list that
// follows it.
func (d decider) paragraph(i int, first string) (string, int) {
	lines := d.lines
	parts := []string{first}
	j := i + 1
	for ; j < len(lines); j++ {
		l := lines[j]
		if l.blank() || d.entry(j) || l.heading > 0 || d.stop(j) || isLabelLine(flat(l.text)) || d.brk(parts[len(parts)-1], l) {
			break
		}
		if lines[i].bold != l.bold && l.bold {
			break
		}
		parts = append(parts, flat(l.text))
	}
	text := joinParts(parts)
	if isLead(text) {
		list, next := d.list(j)
		if len(list) > 0 || strings.HasSuffix(text, ":") {
			text = joinParts(append([]string{text}, list...))
			j = next
		}
	}
	return text, j
}

// leadEnd is the end of a formula that introduces a list without a colon:
// "Styrelsen beslutar", "Mötet beslutade att", "… beslutade följande".
var leadEnd = lazyregexp.New(`(?i)\b(?:beslutar|beslutade|beslöt|beslutades|att|följande)$`)

// isLead reports whether a decision's first paragraph introduces a list.
func isLead(text string) bool {
	return strings.HasSuffix(text, ":") || leadEnd.MatchString(text)
}

// list reads the list a lead ending in ":" introduces, from line from: bullets
// with their wrapped lines, table and column rows, short lines (names) and
// their short labels ("Ledamöter"), across blank lines; it ends at a heading,
// an agenda point, a label or a paragraph of prose.
func (d decider) list(from int) ([]string, int) {
	lines := d.lines
	var parts []string
	j := from
	end := from
	for j < len(lines) {
		l := lines[j]
		if l.blank() {
			j++
			continue
		}
		t := flat(l.text)
		entry := d.entry(j)
		if l.heading > 0 || d.stop(j) || isLabelLine(t) || d.isHeading(j) || isFormula(t) && !entry {
			break
		}
		if !entry && !isTableRow(t) && !listLine(l) && !attClause.MatchString(t) {
			break
		}
		parts = append(parts, d.entryText(j))
		j++
		if entry {
			for j < len(lines) && !lines[j].blank() && !d.entry(j) && lines[j].heading == 0 && !d.stop(j) && !listLine(lines[j]) {
				parts = append(parts, flat(lines[j].text))
				j++
			}
		}
		end = j
	}
	var out []string
	for _, p := range parts {
		if isTableRow(p) {
			if mdTableSep.MatchString(p) {
				continue
			}
			p = strings.Join(tableCells(p), " ")
		}
		out = append(out, p)
	}
	return out, end
}

// attClause is a clause of a Swedish decision list: "att välja Anna Ek till
// ordförande".
var attClause = lazyregexp.New(`^att\s`)

// listLine reports whether a line reads as an entry of a list rather than as
// prose: short, without a sentence's final period, or a row of columns.
func listLine(l line) bool {
	t := l.text
	if strings.Contains(t, "\t") && len(strings.Fields(flat(t))) <= 10 {
		return true
	}
	n := len(strings.Fields(t))
	return n > 0 && n <= 6 && !strings.HasSuffix(t, ".") || l.bold && n <= 4
}

// endsParagraph reports whether a line ending in prev closes its paragraph
// before next: prev ends a sentence and next begins a new one.
func endsParagraph(prev string, next line) bool {
	prev = strings.TrimSpace(prev)
	if prev == "" || !strings.ContainsAny(prev[len(prev)-1:], ".!?") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next.text)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// joinParts joins wrapped lines with one space.
func joinParts(parts []string) string {
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

type located struct {
	idx  int
	text string
}

// block reads the decisions under a decision heading: each bullet or
// paragraph is one, up to the next heading, label or agenda point; a lead
// ending in ":" or a short bold label ("Ledamöter", a table's head) takes the
// list that follows it.
func (d decider) block(from int) ([]located, int) {
	lines := d.lines
	var out []located
	i := from
	for i < len(lines) {
		l := lines[i]
		if l.blank() {
			i++
			continue
		}
		t := flat(l.text)
		if l.heading > 0 || d.stop(i) || isLabelLine(t) || d.isHeading(i) || proposalHeading.MatchString(t) {
			break
		}
		label := l.bold && !d.entry(i) && listLine(l) && len(out) == 0
		if l.bold && !label && len(out) > 0 {
			break
		}
		start := i
		parts := []string{d.entryText(i)}
		i++
		for i < len(lines) {
			n := lines[i]
			if n.blank() || d.entry(i) || n.heading > 0 || d.stop(i) || isLabelLine(flat(n.text)) || d.brk(parts[len(parts)-1], n) {
				break
			}
			parts = append(parts, flat(n.text))
			i++
		}
		text := joinParts(parts)
		if isLead(text) || label {
			list, next := d.list(i)
			if len(list) > 0 {
				text = joinParts(append([]string{text}, list...))
				i = next
			}
		}
		out = append(out, located{start, text})
	}
	return out, i
}

// labelLine matches lines that begin another labelled part of a point:
// "Fråga:", "Förslag:", "Att:", "Yrkande:", "Information:", "Diskussion:".
var labelLine = lazyregexp.New(`(?i)^(fråga|frågor|förslag|förslag till beslut|att|yrkande|yrkanden|information|diskussion|bakgrund|ärendet|sammanfattning|reservation|protokollsanteckning|antecknat av|vid protokollet|justeras|ordförande|sekreterare)\s*:`)

// sectionLine matches the section headings of a protocol that end a decision
// when they stand alone on a line: "Beslutsunderlag", "Expedieras till" …
var sectionLine = lazyregexp.New(`(?i)^(beslutsunderlag|underlag|handlingar|sammanfattning(?: av ärendet)?|ärendebeskrivning|ärendet|bakgrund|yrkanden?|propositionsordning|omröstning(?:sresultat)?|reservationer?|protokollsanteckningar?|jäv|expedieras(?: till)?|expediering|(?:beslutet )?skickas till|för kännedom|förslag till beslut|(?:förvaltningens|arbetsutskottets|ordförandens) förslag(?: till beslut)?|antecknat av|vid protokollet|justeras|justerandes signatur|utdragsbestyrkande)\s*:?$`)

func isLabelLine(s string) bool { return labelLine.MatchString(s) || sectionLine.MatchString(s) }
