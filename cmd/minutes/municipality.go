package main

// The --municipality filter: a name as users write it, resolved through the
// extraction's gazetteer to the canonical municipality the index stores.

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/goteborgsregionen/minutes/extract"
)

// resolveMunicipality returns the canonical name of the municipality s
// names: as the gazetteer reads an organisation ("Göteborgs Stad",
// "Härryda kommun", "Gbg" → Göteborg, Härryda, Göteborg), else by the name
// with case and diacritics folded ("goteborg", "OCKERO kommun"). An unknown
// name is an error listing the closest known names.
func resolveMunicipality(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if c := extract.Municipality(s); c != "" {
		return c, nil
	}
	names := extract.MunicipalityNames()
	want := foldName(s)
	for _, suffix := range []string{" kommun", " stad"} {
		if base, ok := strings.CutSuffix(want, suffix); ok {
			want = base
			break
		}
	}
	for _, n := range names {
		if f := foldName(n); f == want || f+"s" == want {
			return n, nil
		}
	}
	return "", fmt.Errorf("--municipality %q: no such municipality; closest: %s",
		s, strings.Join(closestNames(want, names, 3), ", "))
}

// foldName is s in lower case without diacritics, its spaces folded:
// "Öckerö  Kommun" → "ockero kommun".
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsSpace(r) || r == '-':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// closestNames returns the n names nearest to the folded want by edit
// distance between folded names, nearest first (ties in name order).
func closestNames(want string, names []string, n int) []string {
	type scored struct {
		name string
		d    int
	}
	all := make([]scored, 0, len(names))
	for _, name := range names {
		f := foldName(name)
		d := editDistance(want, f)
		if strings.HasPrefix(f, want) && want != "" {
			d = 0 // a prefix of the name: the user stopped typing
		}
		all = append(all, scored{name, d})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	out := make([]string, 0, n)
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
