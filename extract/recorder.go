package extract

import (
	"regexp"
	"strings"
	"unicode"
)

// The recorder is named by "Antecknat av X", "Antecknare: X", "Vid
// anteckningarna X", "Vid protokollet X", "Sekreterare X", "Protokollförare X", "Mötessekreterare: X",
// "Vid pennan X", "Minnesanteckningar förda av X"; the name may stand on the
// next line. The name is kept without title ("X, planeringsledare GR") or an
// initials suffix ("X/EB").

var (
	recorderLabel = regexp.MustCompile(`(?i)^(?:antecknat av|antecknare|anteckningsförare|vid anteckningarna|antecknat|anteckningar förda av|minnesanteckningar förda av|förda av|vid protokollet|protokollet fördes av|sekreterare|mötessekreterare|protokollförare|vid pennan|nedtecknat av|dokumenterat av|sammanställt av)\s*:?\s*(.*)$`)
	initialsTail  = regexp.MustCompile(`\s*/\s*[\p{Lu}]{1,4}\s*$`)
)

// recorders returns the names of the people who recorded the minutes.
func recorders(lines []line) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		var m []string
		// The label may open any column: "Underskrifter⇥Sekreterare ……".
		for _, cell := range strings.Split(lines[i].text, "\t") {
			if m = recorderLabel.FindStringSubmatch(strings.TrimSpace(cell)); m != nil {
				break
			}
		}
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		if !hasLetter(rest) {
			// The label alone, or followed by a signature line of dots:
			// the name is on the next line that has letters.
			for j := i + 1; j < len(lines) && j <= i+3; j++ {
				if hasLetter(lines[j].text) {
					rest = flat(lines[j].text)
					break
				}
			}
		}
		for _, name := range recorderNames(rest) {
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
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
// title", "X och Y", "X/EB".
func recorderNames(s string) []string {
	s = partyMark.ReplaceAllString(s, "")
	var out []string
	for _, part := range regexp.MustCompile(`\s+(?:och|&)\s+`).Split(s, -1) {
		part = initialsTail.ReplaceAllString(part, "")
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
		if isName(part) {
			out = append(out, part)
		}
	}
	return out
}
