package extract

import "github.com/goteborgsregionen/minutes/internal/lazyregexp"

// An appendix is attached to the minutes and records nothing of the meeting
// (a kallelse with its agenda, bylaws, the protocol of another meeting): it
// begins at a heading "Bilaga", "Bilagor", "Bilaga 2: …", "Appendix",
// "Kallelse", "Stadgar" that stands after the meeting's first agenda point.

// appendixHeading is the title of an attached document.
// "Kallelse" and "Stadgar" only alone (a number or date allowed): "Kallelse
// till extrastämma" may be an agenda point's title.
var appendixHeading = lazyregexp.New(`(?i)^(?:(?:bilaga|bilagor|appendix)\b|(?:kallelse|stadgar)\s*:?[\d\s./-]*$)`)

// appendixStart returns the index of the first line after line after that
// heads an appendix, or len(lines). A heading is a Markdown or styled heading,
// a bold line, or a short line standing alone between blank lines.
func appendixStart(lines []line, after int) int {
	for i := after + 1; i < len(lines); i++ {
		l := lines[i]
		if l.blank() || l.bullet || !appendixHeading.MatchString(l.text) {
			continue
		}
		alone := lines[i-1].blank() && (i+1 == len(lines) || lines[i+1].blank()) && len(l.text) <= 80
		if l.heading > 0 || l.bold || alone {
			return i
		}
	}
	return len(lines)
}
