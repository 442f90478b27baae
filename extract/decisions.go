package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes"
)

// A decision is text the minutes mark with the word beslut as a label:
//   - a line "Beslut: text" (the label may be bold, the text may wrap);
//   - a line "Beslut att text", "Beslutades att text", "Beslöts att text",
//     "Beslutet är att text";
//   - a heading "Beslut", "Beslutades", "Nämndens beslut", "Styrelsens beslut",
//     "X:s beslut" (alone on its line, a colon allowed) followed by the
//     decision: each bullet or paragraph under it is one decision.
// Prose that mentions a decision ("Beslut om stödcentrum tas inom kort") is
// not one: the label must be followed by a colon, by "att", or stand alone.

var (
	// decisionInline matches "Beslut: …" and "Nämndens beslut: …".
	decisionInline = regexp.MustCompile(`(?i)^(?:(?:[\p{L}\-]+(?::s|s)?\s+)?beslut|beslutades|beslöts|beslutet)\s*:\s*(.*)$`)
	// decisionAtt matches "Beslut att …", "Beslutades att …", "Beslutet är att …".
	decisionAtt = regexp.MustCompile(`(?i)^(?:beslut|beslutades|beslöts|beslutet är|beslutet blev)\s+(att\s.+)$`)
	// decisionHeading matches a line that is only a decision label.
	decisionHeading = regexp.MustCompile(`(?i)^(?:(?:[\p{L}\-]+(?::s|s)?\s+)?beslut|beslutades|beslöts|beslut\s+i\s+korthet)\s*:?$`)
	// notDecisionLabel are words before "beslut" that make it no decision label.
	notDecisionLabel = regexp.MustCompile(`(?i)^(förslag|förslag till|underlag|underlag för|inför|utan|om|tidigare|kommande|väntar|fattat|fattade|ett|inget|något|eventuellt|preliminärt)\s`)
)

// decisions finds the decisions; itemAt gives the agenda point a line stands
// under (0 for none).
//
// In text and DOCX sources a line is a paragraph unless it breaks off mid-
// sentence (hard-wrapped text); in PDF the reader marks paragraphs with blank
// lines, and lines wrap anywhere.
func decisions(lines []line, pdf bool, itemAt func(int) int, stop func(int) bool) []minutes.Decision {
	brk := func(prev string, next line) bool { return !pdf && endsParagraph(prev, next) }
	var out []minutes.Decision
	add := func(i int, text string) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		out = append(out, minutes.Decision{Item: itemAt(i), Text: text, Pos: lines[i].pos})
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.blank() {
			continue
		}
		t := flat(l.text)
		if isTableRow(t) {
			// "| Beslut | Nätverket ställer sig bakom … |"
			if cells := tableCells(t); len(cells) >= 2 && decisionHeading.MatchString(cells[0]) && !notDecisionLabel.MatchString(cells[0]) {
				add(i, strings.Join(cells[1:], " "))
			}
			continue
		}
		if notDecisionLabel.MatchString(t) {
			continue
		}
		if m := decisionAtt.FindStringSubmatch(t); m != nil {
			text, next := continuation(lines, i, m[1], stop, brk)
			add(i, text)
			i = next - 1
			continue
		}
		if decisionHeading.MatchString(t) {
			texts, next := decisionBlock(lines, i+1, stop, brk)
			for _, d := range texts {
				add(d.idx, d.text)
			}
			i = next - 1
			continue
		}
		if m := decisionInline.FindStringSubmatch(t); m != nil && m[1] != "" {
			text, next := continuation(lines, i, m[1], stop, brk)
			add(i, text)
			i = next - 1
		}
	}
	return out
}

// continuation joins the lines that continue a paragraph begun at line i with
// text first: the following non-blank lines up to a blank line, a bullet, a
// heading or an agenda point.
func continuation(lines []line, i int, first string, stop func(int) bool, brk func(string, line) bool) (string, int) {
	parts := []string{first}
	j := i + 1
	for ; j < len(lines); j++ {
		l := lines[j]
		if l.blank() || l.bullet || l.heading > 0 || stop(j) || isLabelLine(flat(l.text)) || brk(parts[len(parts)-1], l) {
			break
		}
		if lines[i].bold != l.bold && l.bold {
			break
		}
		parts = append(parts, flat(l.text))
	}
	return joinParts(parts), j
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

// decisionBlock reads the decisions under a decision heading: each bullet or
// paragraph is one, up to the next heading, label or agenda point.
func decisionBlock(lines []line, from int, stop func(int) bool, brk func(string, line) bool) ([]located, int) {
	var out []located
	i := from
	for i < len(lines) {
		l := lines[i]
		if l.blank() {
			i++
			continue
		}
		if l.heading > 0 || stop(i) || isLabelLine(flat(l.text)) || decisionHeading.MatchString(flat(l.text)) {
			break
		}
		if (l.bold || l.heading > 0) && len(out) > 0 {
			break
		}
		start := i
		parts := []string{flat(l.text)}
		i++
		for i < len(lines) {
			n := lines[i]
			if n.blank() || n.bullet || n.heading > 0 || stop(i) || isLabelLine(flat(n.text)) || brk(parts[len(parts)-1], n) {
				break
			}
			parts = append(parts, flat(n.text))
			i++
		}
		out = append(out, located{start, joinParts(parts)})
	}
	return out, i
}

// labelLine matches lines that begin another labelled part of a point:
// "Fråga:", "Förslag:", "Att:", "Yrkande:", "Information:", "Diskussion:".
var labelLine = regexp.MustCompile(`(?i)^(fråga|frågor|förslag|förslag till beslut|att|yrkande|yrkanden|information|diskussion|bakgrund|ärendet|sammanfattning|reservation|protokollsanteckning|antecknat av|vid protokollet|justeras|ordförande|sekreterare)\s*:`)

// sectionLine matches the section headings of a protocol that end a decision
// when they stand alone on a line: "Beslutsunderlag", "Expedieras till" …
var sectionLine = regexp.MustCompile(`(?i)^(beslutsunderlag|underlag|handlingar|sammanfattning(?: av ärendet)?|ärendebeskrivning|ärendet|bakgrund|yrkanden?|propositionsordning|omröstning(?:sresultat)?|reservationer?|protokollsanteckningar?|jäv|expedieras(?: till)?|expediering|(?:beslutet )?skickas till|för kännedom|förslag till beslut|(?:förvaltningens|arbetsutskottets|ordförandens) förslag(?: till beslut)?|antecknat av|vid protokollet|justeras|justerandes signatur|utdragsbestyrkande)\s*:?$`)

func isLabelLine(s string) bool { return labelLine.MatchString(s) || sectionLine.MatchString(s) }
