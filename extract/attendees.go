package extract

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// Attendees are read from present lists: a heading (Närvarande, Deltagare,
// Beslutande, Tjänstgörande ersättare, Inbjudna gäster, Övriga närvarande,
// Medverkande, Adjungerade, Sekreterare, "NÄRVARANDE NÄTVERKET" …) followed by
// entries, or a list of "Name, Organisation" lines before the first agenda
// point. Absent lists (Frånvarande, Förhinder, Anmält förhinder, Afbud, Ej
// närvarande) and a "Kallade" list are skipped.
//
// Entry shapes: "Name, Organisation", "Name (Organisation)", "Name – Org",
// "Name⇥Org", several names sharing one organisation ("Anna A, Bo B, Digg"),
// grouped paragraphs "Org: Name, Name, Org: Name" (wrapped over lines), bullet
// lists, Markdown tables, run-on municipal lists with party letters "(M)" and
// "ersättare för X". Agenda restrictions ("punkt 3", "punkt 4–5", "p 10",
// "§§ 115-128") become item numbers; a time range is dropped.

var (
	presentHeading = lazyregexp.New(`(?i)^(närvarande|närvarolista|närvaro|röstlängd|ej beslutande|deltagare|deltagande|deltog|beslutande|tjänstgörande ersättare|ej tjänstgörande ersättare|närvarande ersättare|övriga närvarande|övriga deltagare|övriga deltagande|inbjudna gäster|inbjudna|inbjuden|gäster|medverkande|adjungerade|adjungerad|ledamöter|närvarande ledamöter|ordinarie ledamöter|styrelseledamöter|deltagande ledamöter|föredragande|tjänstemän|tjänstepersoner|närvarande tjänstemän|övriga|sekreterare|mötessekreterare|protokollförare|ordförande|vice ordförande|mötesordförande|justerare|justeringsperson|justeringspersoner|justeringsman|justeringsmän|protokolljusterare|rösträknare)\b`)
	absentHeading  = lazyregexp.New(`(?i)^(frånvarande|frånvaro|icke närvarande|inte närvarande|ej deltagande|anmäld frånvaro|förhinder|anmält förhinder|anmälda förhinder|anmält frånvaro|afbud|avbud|återbud|ej närvarande|ej närvarande ledamöter|kallade|kallad|sändlista|för kännedom|justeras|underskrifter?)\b`)
	// officialHeading are headings of single officials, listed as present.
	officialHeading = lazyregexp.New(`(?i)^(sekreterare|mötessekreterare|protokollförare|ordförande|vice ordförande|mötesordförande|justerare|justeringsperson|justeringspersoner|justeringsman|justeringsmän|protokolljusterare|rösträknare)$`)

	timeRange      = lazyregexp.New(`(?i)\(?\s*(?:kl\.?|klockan|från kl\.?|till kl\.?)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–—]\s*\d{1,2}(?:[.:]\d{2})?)?\s*\)?`)
	itemRef        = lazyregexp.New(`(?i)[,(]?\s*(?:(?:närvarande|deltar|deltog|med|endast|under|del av)\s+)?(?:punkt(?:erna)?|p\.?|§§?|ärende(?:na)?|ärendepunkt(?:erna)?)\s*(\d{1,4}(?:\s*(?:[-–—]|till)\s*\d{1,4})?(?:\s*(?:,|och|&|samt|\+)\s*(?:§\s*)?\d{1,4}(?:\s*(?:[-–—]|till)\s*\d{1,4})?)*)\s*\)?`)
	partyMark      = lazyregexp.New(`(?i)\(\s*(?:M|S|C|L|V|KD|MP|SD|FP|NYD|PP|Fi|-|Obunden)\s*\)`)
	substituteWord = lazyregexp.New(`(?i)ersättare\s+för|ersätter|tjänstgör\p{L}*\s+för|i\s*stället\s+för`)
	substitute     = lazyregexp.New(`(?i)\b(?:(?:tjänstgörande\s+)?ersättare\s+för|ersätter|tjänstgör(?:ande)?\s+för|i\s*stället\s+för)\s+[\p{Lu}][\p{L}'’\-]*(?:\s+[\p{Lu}][\p{L}'’\-]*){0,3}(?:\s*\([^)]*\))?`)
	numberList     = lazyregexp.New(`\d{1,4}(?:\s*(?:[-–—]|till)\s*\d{1,4})?`)
)

// roleWords are titles and roles that may stand in an entry but are neither a
// name nor an organisation: isRole reads them with an optional rank ("1:e
// vice ordförande", "v. ordf.").
var roleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ordförande ordf ordf. sekr sekr. kassör revisor suppleant suppl suppl. adj adj. ers ers. ledamot ersättare tjänstgörande_ersättare sekreterare nämndsekreterare mötessekreterare protokollförare justerare adjungerad gäst föredragande kommunchef stadsdirektör socialchef förvaltningschef sektorchef sektorschef enhetschef avdelningschef verksamhetschef chef direktör handläggare utvecklingsledare planeringsledare processledare samordnare strateg utredare forskare projektledare nätverksledare koordinator representant`) {
		roleWords[strings.ReplaceAll(w, "_", " ")] = true
	}
}

// rolePrefixes may open a role: a rank or "vice".
var rolePrefixes = []string{"1:e ", "2:e ", "förste ", "andre ", "vice ", "v. ", "v.", "v "}

// isRole reports whether the lower-case s is a role.
func isRole(s string) bool {
	if roleWords[s] {
		return true
	}
	for _, p := range rolePrefixes {
		if strings.HasPrefix(s, p) {
			return isRole(s[len(p):])
		}
	}
	return false
}

// trimRoles takes role words off the ends of a part, so that "Socialchef Anna
// Berg" and "Anna Berg ordförande" are names. A part that is only a role is
// kept for classify to drop.
func trimRoles(p string) string {
	words := strings.Fields(p)
	for len(words) > 2 && titleWord(words[0]) {
		words = words[1:]
	}
	for len(words) > 2 {
		if len(words) > 3 && isRole(strings.ToLower(strings.Join(words[len(words)-2:], " "))) {
			words = words[:len(words)-2]
			continue
		}
		if !titleWord(words[len(words)-1]) {
			break
		}
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// orgStems are word parts that make a part of an entry an organisation, and
// orgTokens are whole words (case as written) that do.
var (
	orgStems = []string{"kommun", "staden", "region", "förvaltning", "nämnd", "förbund", "universitet", "högskola",
		"institution", "enhet", "avdelning", "sektor", "myndighet", "verk", "styrelse", "polis", "länsstyrelse",
		"landsting", "bolag", "stiftelse", "förening", "råd", "centrum", "center", "resurs", "socialtjänst",
		"omsorg", "skola", "gymnasi", "gymnasium", "sjukhus", "vård", "hälsa", "nätverk", "sekretariat", "kansli", "västkom",
		"jour", "hus", "grupp", "mottagning", "boende", "klinik", "central", "akademi", "institut",
		"projekt", "byrå", "församling", "kooperativ", "koncern", "företag", "partner", "kontor", "byalag",
		"samfällighet", "klubb", "sällskap", "brf", "fastighet", "fastigheter", "distrikt"}
	orgTokens = map[string]bool{"stad": true, "Stad": true, "råd": true, "AB": true, "GR": true, "SKR": true, "SKL": true,
		"VGR": true, "FoU": true, "FOU": true}
)

// hasOrgWord reports whether s names an organisation by one of its words: a
// word that is an organisation stem, maybe inflected ("Kommunen",
// "Förvaltningen"), or a compound ending in one ("Kvinnojouren",
// "Socialförvaltningen"). A stem that only opens a longer word is no
// organisation: "Centerwall" is a surname.
func hasOrgWord(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if orgTokens[w] {
			return true
		}
		low := strings.ToLower(w)
		for _, stem := range orgStems {
			if orgWordHas(low, stem) {
				return true
			}
		}
	}
	return false
}

// inflections are the Swedish endings an organisation stem may take.
var inflections = []string{"", "n", "en", "et", "s", "ns", "ens", "ets", "er", "ar", "na", "erna", "arna", "t", "e"}

// orgWordHas reports whether the lower-case word w is stem, or a compound
// ending in stem, with an inflection.
func orgWordHas(w, stem string) bool {
	k := strings.LastIndex(w, stem)
	if k < 0 {
		return false
	}
	rest := w[k+len(stem):]
	for _, e := range inflections {
		if rest == e {
			return true
		}
	}
	return false
}

// notNameWords are capitalised words that open lines which are not names.
var notNameWords = map[string]bool{
	"anteckningar": true, "minnesanteckningar": true, "mötesanteckningar": true, "protokoll": true,
	"datum": true, "tid": true, "plats": true, "lokal": true, "dagordning": true, "möte": true, "mötet": true,
	"närvarande": true, "deltagare": true, "sida": true, "bilaga": true, "bilagor": true, "ärende": true,
	"information": true, "nätverket": true, "nätverksmöte": true, "sammanträde": true, "sammanträdet": true,
	"kommun": true, "stad": true, "region": true, "inbjudna": true, "gäster": true, "frånvarande": true,
	"välkommen": true, "välkomna": true, "ordförande": true, "sekreterare": true, "justerare": true,
	"agenda": true, "ärenden": true, "föredragningslista": true, "övrigt": true, "protokollet": true,
	"telefon": true, "e-post": true, "teams": true, "digitalt": true, "via": true, "och": true, "samt": true,
}

// docWords name a kind of document: a letterhead's "PROTOKOLL" is no
// organisation.
var docWords = map[string]bool{"protokoll": true, "minnesanteckningar": true, "anteckningar": true, "kallelse": true,
	"dagordning": true, "föredragningslista": true, "mötesanteckningar": true, "justerat": true, "utdrag": true, "sida": true}

// orgNumber is an organisation or personal number: "716000-0000".
var orgNumber = lazyregexp.New(`^\d{6}(?:\d{2})?-?\d{4}$`)

// nameParticles may stand in lower case inside a name.
var nameParticles = map[string]bool{"von": true, "van": true, "af": true, "de": true, "der": true, "den": true, "la": true, "le": true, "da": true, "di": true, "du": true, "al": true, "el": true, "bin": true}

// attendeeState is the state of the attendee scan.
type attendeeState struct {
	mode      int    // modeNone, modeImplicit, modePresent, modeAbsent
	group     string // heading of the present list
	groupMuni string // municipality named by the group heading
	groupOrg  string // organisation named by a sub-heading "Org:"
	loose     bool   // the list gives single words: first names, handles
	full      bool   // the list has given a full name
}

const (
	modeNone = iota
	modeImplicit
	modePresent
	modeAbsent
)

// attendees reads the present lists. firstItem is the index of the first
// agenda point's heading (len(lines) when none); explicit headings after it
// are still read, implicit lists only before it.
func attendees(lines []line, firstItem int, isItem func(int) bool) []minutes.Attendee {
	var out []minutes.Attendee
	seen := map[string]int{}
	add := func(a minutes.Attendee) {
		key := strings.ToLower(strings.Join(strings.Fields(a.Name), " "))
		if j, ok := seen[key]; ok {
			prev := &out[j]
			switch {
			case len(prev.Items) == 0:
			case len(a.Items) == 0:
				prev.Items = nil
			default:
				prev.Items = mergeInts(prev.Items, a.Items)
			}
			if prev.Municipality == "" && a.Municipality != "" {
				prev.Municipality, prev.Organisation = a.Municipality, a.Organisation
			}
			return
		}
		seen[key] = len(out)
		out = append(out, a)
	}

	code := codeLines(lines)
	opening := openingLines(lines, firstItem)
	st := attendeeState{mode: modeImplicit}
	for i := 0; i < len(lines); i++ {
		if isItem(i) {
			st = attendeeState{mode: modeNone}
			// An agenda point may itself be the list: "## 1. Närvarande".
			if title := itemNumber.ReplaceAllString(flat(lines[i].text), ""); presentTitle.MatchString(title) {
				st = attendeeState{mode: modePresent, group: title}
			}
			continue
		}
		l := lines[i]
		if l.blank() {
			continue
		}
		t := flat(l.text)
		if code[i] {
			// A code block is a list only under a present list's lead:
			// one name or handle a line.
			if st.mode == modePresent && !strings.HasPrefix(strings.TrimSpace(l.raw), "```") && !strings.HasPrefix(strings.TrimSpace(l.raw), "~~~") {
				sub := st
				sub.loose = true
				for _, a := range parseEntries(t, l.pos, sub) {
					add(a)
				}
			}
			continue
		}
		if isTableRow(t) {
			if st.mode == modePresent || st.mode == modeImplicit && i < firstItem {
				j, rows := tableAttendees(lines, i, st)
				for _, a := range rows {
					add(a)
				}
				i = j - 1
			}
			continue
		}
		// An absent list: Frånvarande, Förhinder, Kallade …
		if _, _, ok := headingOf(l, t, absentHeading); ok && !presentHeading.MatchString(t) {
			st = attendeeState{mode: modeAbsent}
			continue
		}
		// "Dessutom närvarade Anna utan rösträtt."
		if as := presenceSentence(t, l.pos); as != nil {
			for _, a := range as {
				add(a)
			}
			continue
		}
		h, rest, ok := headingOf(l, t, presentHeading)
		if !ok {
			h, rest, ok = presenceLead(l.text)
		}
		if ok && boardHeading.MatchString(h) && i >= firstItem {
			// "Ledamöter" inside a point lists an election, not attendance
			st = attendeeState{mode: modeNone}
			continue
		}
		if ok {
			st = attendeeState{mode: modePresent, group: h, groupMuni: Municipality(strings.TrimSpace(strings.TrimPrefix(strings.ToLower(h), strings.ToLower(presentHeading.FindString(h)))))}
			if officialHeading.MatchString(h) && (i >= firstItem || i >= opening || rest == "" && electionHeading(lines, i)) {
				st.mode = modeNone
			}
			if rest != "" && st.mode != modeNone {
				text, next := paragraph(lines, i, rest)
				sub := st
				// "Adjungerad: Eva": one word is all the list gives
				sub.loose = !strings.ContainsAny(strings.TrimSpace(text), " ,")
				for _, a := range parseEntries(text, l.pos, sub) {
					add(a)
				}
				i = next - 1
			}
			if officialHeading.MatchString(h) && rest != "" {
				// "Sekreterare: Anna A" is one official; the list before it goes on.
				st = attendeeState{mode: modeImplicit}
				if i >= firstItem {
					st.mode = modeNone
				}
			}
			continue
		}
		if l.heading > 0 && st.mode == modePresent {
			// another heading ends the list
			st = attendeeState{mode: modeImplicit}
			if i >= firstItem {
				st.mode = modeNone
			}
		}
		switch st.mode {
		case modeNone, modeAbsent:
			continue
		case modeImplicit:
			if i >= firstItem {
				st.mode = modeNone
				continue
			}
		}
		// A sub-heading naming an organisation: "Lerums kommun:".
		if org, ok := orgHeading(t); ok && st.mode == modePresent {
			st.groupOrg = org
			continue
		}
		// A sub-heading of a group of people: "Medlemmar:".
		if st.mode == modePresent && subgroupHeading.MatchString(t) {
			st.groupOrg = ""
			continue
		}
		if st.mode == modeImplicit && strings.Count(t, " ") >= 11 && strings.Count(t, ",") < 2 {
			continue // prose before the first point
		}
		text, next := paragraph(lines, i, l.text)
		sub := st
		// single words one a line are names only where the list starts so
		sub.loose = st.loose || !st.full && singleWordList(lines, i, next)
		as := parseEntries(text, l.pos, sub)
		if st.mode == modeImplicit {
			as = keepWithOrg(as)
		}
		if len(as) > 0 && strings.Contains(as[0].Name, " ") {
			st.full = true
		}
		if len(as) == 0 {
			// prose, or the lead of another list ("Dagordning:", "Agenda"), ends it
			if st.mode == modePresent && (isProse(t) || strings.HasSuffix(t, ":") || notNameWords[strings.ToLower(t)] || docWords[strings.ToLower(t)]) {
				st = attendeeState{mode: modeImplicit}
				if i >= firstItem {
					st.mode = modeNone
				}
			}
			continue
		}
		for _, a := range as {
			add(a)
		}
		i = next - 1
	}
	return out
}

// unrestricted clears the agenda points of attendees whose points cover every
// point of the meeting: "§§ 115-128" on a protocol of §§ 115-128 restricts
// nothing.
func unrestricted(as []minutes.Attendee, items []minutes.AgendaItem) []minutes.Attendee {
	if len(items) < 2 {
		return as
	}
	for k := range as {
		a := &as[k]
		if len(a.Items) == 0 {
			continue
		}
		all := true
		for _, it := range items {
			if _, ok := slices.BinarySearch(a.Items, it.Number); !ok {
				all = false
				break
			}
		}
		if all {
			a.Items = []int{}
		}
	}
	return as
}

// headingOf reports whether line l (text t) is a list heading matching re:
// a short line ending in a colon, emphasised or in capitals, or "Heading:
// entries". It returns the heading and the entries after its colon.
func headingOf(l line, t string, re *lazyregexp.Regexp) (heading, rest string, ok bool) {
	if !headingWords[re][firstWord(t)] || !re.MatchString(t) {
		return "", "", false
	}
	if head, rest, ok := runOnHeading(t, re); ok {
		return head, rest, true
	}
	head, rest := t, ""
	if k := strings.IndexAny(l.text, ":\t"); k >= 0 {
		// "Beslutande: …" or, in a two-column layout, "Beslutande⇥…"
		head, rest = strings.TrimSpace(l.text[:k]), strings.TrimSpace(l.text[k+1:])
		if !re.MatchString(head) {
			return "", "", false
		}
	}
	words := len(strings.Fields(head))
	if words > 6 {
		return "", "", false
	}
	colon := strings.ContainsAny(l.text, ":\t")
	marked := l.heading > 0 || l.bold || isUpper(head)
	if !colon && !marked && words > 3 {
		return "", "", false
	}
	if !colon && !marked && !re.MatchString(head) {
		return "", "", false
	}
	if !colon && !marked && words > 1 && !isUpper(head) {
		// "Inbjudna och deltar under punkten …" is prose.
		if strings.Contains(strings.ToLower(head), " och ") || strings.HasSuffix(head, ".") {
			return "", "", false
		}
	}
	return head, rest, true
}

// headingWords are the first words of each list heading expression's
// alternatives: headingOf tries the expression only on a line that opens with
// one of them.
var headingWords = map[*lazyregexp.Regexp]map[string]bool{
	presentHeading: firstWords(presentHeading),
	absentHeading:  firstWords(absentHeading),
}

// firstWords reads the first words of the alternatives of an expression of
// the form (?i)^(a b|c|…)\b.
func firstWords(re *lazyregexp.Regexp) map[string]bool {
	src := re.String()
	src = src[strings.Index(src, "(")+1:]
	src = src[strings.Index(src, "(")+1 : strings.LastIndex(src, ")")]
	set := map[string]bool{}
	for _, alt := range strings.Split(src, "|") {
		set[firstWord(alt)] = true
		if k := strings.Index(alt, "?"); k > 0 {
			set[firstWord(alt[:k-1])] = true // "underskrifter?" also matches "underskrifte"
		}
	}
	return set
}

// firstWord returns the lower-case first word of s.
func firstWord(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if end < 0 {
		end = len(s)
	}
	return strings.ToLower(s[:end])
}

// runOnHeading splits a municipal protocol's run-on line, the heading
// followed by its entries without a colon: "Beslutande Anna Berg (M)
// ordförande, Per Ek (S) ersätter Lars Holm (S), …".
func runOnHeading(t string, re *lazyregexp.Regexp) (head, rest string, ok bool) {
	loc := re.FindStringIndex(t)
	if loc == nil || loc[1] >= len(t) || t[loc[1]] != ' ' {
		return "", "", false
	}
	head, rest = t[:loc[1]], strings.TrimSpace(t[loc[1]:])
	words := strings.Fields(rest)
	if len(words) < 3 || !isName(strings.Join(words[:2], " ")) || !strings.Contains(rest, ",") && !partyMark.MatchString(rest) {
		return "", "", false
	}
	// The line may run on into the cover page's other labels: present
	// lists go on, the others end it.
	if loc := runOnStop.FindStringIndex(rest); loc != nil {
		rest = rest[:loc[0]]
	}
	rest = runOnList.ReplaceAllString(rest, ", ")
	return head, rest, true
}

var (
	// runOnStop are the labels that end a run-on list.
	runOnStop = lazyregexp.New(`\s(?:Utses att justera|Justerare|Justeringens|Justering|Underskrifter|Frånvarande|Paragrafer|Plats och tid|Sekreterare|Ordförande|Anslag|ANSLAG|Protokollet)\b`)
	// runOnList are the labels of present lists inside a run-on list.
	runOnList = lazyregexp.New(`,?\s(?:Ej tjänstgörande ersättare|Tjänstgörande ersättare|Närvarande ersättare|Övriga (?:deltagare|deltagande|närvarande)|Ersättare|Ej beslutande|Insynsplats)\b:?`)
)

// orgHeading recognises "Lerums kommun:" and "Göteborgs Stad" standing alone as
// the organisation of the names under it.
func orgHeading(t string) (string, bool) {
	if !strings.HasSuffix(t, ":") {
		return "", false
	}
	org := strings.TrimSpace(strings.TrimSuffix(t, ":"))
	if org == "" || len(strings.Fields(org)) > 6 || strings.ContainsAny(org, ":,") {
		return "", false
	}
	if Municipality(org) != "" || OrgKind(org) != "" || hasOrgWord(org) {
		return org, true
	}
	return "", false
}

// paragraph joins the entry text of line i with the lines that continue it:
// when a line ends with a comma, or the paragraph is a grouped "Org: Name,
// Name" paragraph, the next non-blank line belongs to it.
func paragraph(lines []line, i int, text string) (string, int) {
	j := i + 1
	grouped := groupedPrefix.MatchString(text)
	for j < len(lines) {
		n := lines[j]
		if n.blank() || n.bullet || isTableRow(n.text) {
			break
		}
		nt := flat(n.text)
		cont := strings.HasSuffix(strings.TrimSpace(text), ",") || strings.HasSuffix(strings.TrimSpace(text), " och") ||
			grouped && strings.HasSuffix(strings.TrimSpace(text), ":")
		if grouped && !cont && !groupedPrefix.MatchString(nt) && !strings.HasSuffix(text, ".") {
			// a grouped paragraph wraps: continue while the next line does not
			// look like an entry of its own
			cont = !looksLikeEntry(nt)
		}
		if !cont && brokenName(text, nt) {
			cont = true
		}
		if !cont {
			break
		}
		if _, _, ok := headingOf(n, nt, presentHeading); ok {
			break
		}
		text = strings.TrimSpace(text) + " " + nt
		j++
	}
	return text, j
}

// groupedPrefix matches the start of a grouped paragraph "Org: Name".
var groupedPrefix = lazyregexp.New(`^[^,:]{2,60}:\s*\S`)

// looksLikeEntry reports whether t reads as an entry of its own: a name
// followed by a comma or parenthesis.
func looksLikeEntry(t string) bool {
	parts := splitParts(t)
	return len(parts) >= 2 && isName(parts[0])
}

// presentTitle is an agenda point that is itself the present list.
var presentTitle = lazyregexp.New(`(?i)^(?:närvarande|närvarolista|närvaro|deltagare|deltagande)(?:\s+(?:ledamöter|medlemmar|personer))?:?$`)

// itemNumber is the number before an agenda point's title.
var itemNumber = lazyregexp.New(`^(?:§\s*)?\d{1,3}(?:\.\d{1,2})*[.):]?\s*`)

// keepWithOrg keeps implicit-list entries that name an organisation: a
// letterhead "Föreningen Eken⇥PROTOKOLL" or "Brf Eken, 716000-0000" names none.
func keepWithOrg(as []minutes.Attendee) []minutes.Attendee {
	var out []minutes.Attendee
	for _, a := range as {
		if org := a.Organisation; org != "" && (Municipality(org) != "" || OrgKind(org) != "" || hasOrgWord(org) || isAbbreviation(org)) && !docWords[strings.ToLower(org)] {
			out = append(out, a)
		}
	}
	return out
}

// parseEntries reads the attendees of one entry text.
func parseEntries(text string, pos minutes.Position, st attendeeState) []minutes.Attendee {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	// Grouped paragraph: "Org: Name, Name, Org: Name".
	if segs := groupedSegments(text); segs != nil {
		var out []minutes.Attendee
		for _, s := range segs {
			sub := st
			sub.groupOrg = s.org
			out = append(out, parseEntries(s.text, pos, sub)...)
		}
		return out
	}
	text = listNumber.ReplaceAllString(text, "")
	sentence := strings.HasSuffix(text, ".") && len(strings.Fields(text)) > 6
	text, refs := markItems(text)
	if strings.ContainsAny(text, "0123456789") {
		text = timeRange.ReplaceAllString(text, " ")
	}
	if strings.Contains(text, "(") {
		text = partyMark.ReplaceAllString(text, "")
	}
	if substituteWord.MatchString(text) {
		text = substitute.ReplaceAllString(text, "")
	}
	parts := splitTail(splitParts(text))
	if len(parts) == 0 {
		return nil
	}
	if st.mode == modePresent && (len(parts) > 1 || st.loose || strings.Contains(parts[0], " ")) && hasSingleWord(parts) {
		if names := looseNames(splitParts(looseText(text))); names != nil {
			out := make([]minutes.Attendee, 0, len(names))
			for _, n := range names {
				out = append(out, minutes.Attendee{Name: n, Group: st.group, Pos: pos, Items: []int{}})
			}
			return out
		}
	}
	if sentence && countNames(parts) < 2 {
		return nil // a sentence that names someone, not a list entry
	}
	var out []minutes.Attendee
	var pending []int // indexes in out of names still waiting for an organisation
	var orgParts []string
	flush := func() {
		if len(orgParts) > 0 {
			org := strings.Join(orgParts, ", ")
			for _, k := range pending {
				out[k].Organisation = org
			}
			pending, orgParts = nil, nil
		}
	}
	var lead []int // points named before any name
	for k, p := range parts {
		if n, ok := itemMark(p); ok {
			// The points restrict the last name, or the names that share
			// the organisation before them ("Anna A, Bo B, Ale, punkt 3").
			switch {
			case len(out) == 0:
				lead = mergeInts(lead, refs[n])
			case len(orgParts) > 0:
				for _, j := range pending {
					out[j].Items = mergeInts(out[j].Items, refs[n])
				}
			default:
				out[len(out)-1].Items = mergeInts(out[len(out)-1].Items, refs[n])
			}
			continue
		}
		p = trimRoles(strings.TrimSpace(strings.Trim(p, ".;:")))
		if p == "" {
			continue
		}
		if len(strings.Fields(p)) > 7 {
			return nil // a sentence, not a list entry
		}
		switch classify(p, k == 0 || len(orgParts) > 0) {
		case partName:
			flush()
			out = append(out, minutes.Attendee{Name: p, Group: st.group, Pos: pos})
			pending = append(pending, len(out)-1)
		case partOrg:
			if len(out) == 0 {
				return nil // an entry starts with its name
			}
			orgParts = append(orgParts, p)
		case partRole:
		default:
			if len(out) == 0 {
				return nil
			}
		}
	}
	flush()
	for k := range out {
		a := &out[k]
		if a.Organisation == "" && st.groupOrg != "" {
			a.Organisation = st.groupOrg
		}
		a.Municipality = Municipality(a.Organisation)
		if a.Municipality == "" && a.Organisation == "" {
			a.Municipality = st.groupMuni
		}
		a.Items = mergeInts(a.Items, lead)
	}
	return out
}

// markItems replaces each agenda restriction in text ("punkt 3", "§§
// 115-118") with a mark of its own part (see itemMark) and returns the
// points of each mark.
func markItems(text string) (string, [][]int) {
	if !strings.ContainsAny(text, "0123456789") || !mayReferItems(text) {
		return text, nil
	}
	var refs [][]int
	text = itemRef.ReplaceAllStringFunc(text, func(m string) string {
		sub := itemRef.FindStringSubmatch(m)
		var items []int
		for _, r := range numberList.FindAllString(sub[1], -1) {
			items = append(items, expandRange(r)...)
		}
		sort.Ints(items)
		refs = append(refs, dedupInts(items))
		return ",\x00" + strconv.Itoa(len(refs)-1) + ","
	})
	return text, refs
}

// mayReferItems reports whether text has a word that itemRef opens with.
func mayReferItems(text string) bool {
	if strings.Contains(text, "§") {
		return true
	}
	low := strings.ToLower(text)
	return strings.Contains(low, "punkt") || strings.Contains(low, "ärende") || strings.Contains(low, "p.") || strings.Contains(low, "p ")
}

// itemMark reads a mark that markItems left as a part.
func itemMark(p string) (int, bool) {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "\x00") {
		return 0, false
	}
	n, err := strconv.Atoi(p[1:])
	return n, err == nil
}

type segment struct{ org, text string }

// groupedSegments splits "Org: Name, Name, Org2: Name" into segments, or
// returns nil when text is not such a paragraph.
func groupedSegments(text string) []segment {
	if !groupedPrefix.MatchString(text) {
		return nil
	}
	var segs []segment
	rest := text
	for rest != "" {
		k := strings.Index(rest, ":")
		if k < 0 {
			break
		}
		org := strings.TrimSpace(rest[:k])
		// The organisation is the last comma part before the colon.
		if c := strings.LastIndex(org, ","); c >= 0 {
			if len(segs) == 0 {
				return nil
			}
			segs[len(segs)-1].text += ", " + org[:c]
			org = strings.TrimSpace(org[c+1:])
		}
		if Municipality(org) == "" && OrgKind(org) == "" && !hasOrgWord(org) && !isAbbreviation(org) &&
			(len(segs) == 0 || len(strings.Fields(org)) > 3 || !startsUpper(org) || isName(org)) {
			// after the first group a short capitalised label is the next
			// group's ("Skolverket: Anna A, Sunet: Bo B")
			return nil
		}
		rest = rest[k+1:]
		next := strings.Index(rest, ":")
		body := rest
		if next >= 0 {
			body = rest[:next]
			if c := strings.LastIndex(body, ","); c >= 0 {
				body = body[:c]
			} else {
				body = ""
			}
		}
		segs = append(segs, segment{org: org, text: strings.TrimSpace(body)})
		rest = strings.TrimSpace(rest[len(body):])
		rest = strings.TrimPrefix(rest, ",")
	}
	if len(segs) == 0 {
		return nil
	}
	return segs
}

// takeItems removes agenda restrictions from text and returns them as a
// sorted list of point numbers.
func takeItems(text string) (string, []int) {
	if !strings.ContainsAny(text, "0123456789") {
		return text, []int{}
	}
	var items []int
	text = itemRef.ReplaceAllStringFunc(text, func(m string) string {
		sub := itemRef.FindStringSubmatch(m)
		for _, r := range numberList.FindAllString(sub[1], -1) {
			items = append(items, expandRange(r)...)
		}
		return " "
	})
	if len(items) == 0 {
		return text, []int{}
	}
	sort.Ints(items)
	return text, dedupInts(items)
}

// expandRange turns "4-5" into [4 5] and "3" into [3]; a range of more than
// 200 points is taken as its two ends.
func expandRange(r string) []int {
	r = strings.NewReplacer("–", "-", "—", "-", "till", "-", " ", "").Replace(r)
	a, b, ok := strings.Cut(r, "-")
	lo, err := strconv.Atoi(a)
	if err != nil {
		return nil
	}
	if !ok {
		return []int{lo}
	}
	hi, err := strconv.Atoi(b)
	if err != nil || hi < lo {
		return []int{lo}
	}
	if hi-lo > 200 {
		return []int{lo, hi}
	}
	out := make([]int, 0, hi-lo+1)
	for n := lo; n <= hi; n++ {
		out = append(out, n)
	}
	return out
}

// partSeparators separate the parts of an entry.
var partSeparators = strings.NewReplacer("\t", ",", ";", ",", " – ", ",", " — ", ",", " - ", ",", "(", ",", ")", ",", " / ", ",", " • ", ",", " · ", ",")

// splitParts splits an entry at commas, tabs, semicolons, parentheses and
// dashes between words.
func splitParts(text string) []string {
	text = partSeparators.Replace(text)
	var parts []string
	for _, p := range strings.Split(text, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		// "Cia Carlsson och Dan Dahl": names joined by a conjunction.
		// "Anna Berg från Lerums kommun": a name, then its organisation
		if m := fromOrg.FindStringSubmatch(p); m != nil && isName(m[1]) && orgPhrase(m[2]) {
			parts = append(parts, m[1], m[2])
			continue
		}
		if !hasConjunction(p) {
			parts = append(parts, p)
			continue
		}
		if pieces := conjunction.Split(p, -1); len(pieces) > 1 && allNames(pieces) {
			parts = append(parts, pieces...)
			continue
		}
		parts = append(parts, p)
	}
	return parts
}

// fromOrg is a name followed by "från", "på" or "vid" and an organisation.
var fromOrg = lazyregexp.New(`^(\p{Lu}[\p{L}'’.-]*(?:\s+[\p{L}'’.-]+){1,4}?)\s+(?:från|på|vid)\s+(\p{Lu}.*)$`)

// orgPhrase reports whether s reads as an organisation's name: its words in
// lower case are connectors or organisation words ("Göteborgs universitet",
// "Socialförvaltningen i Ale"), not verbs of a sentence.
func orgPhrase(s string) bool {
	words := strings.Fields(s)
	if len(words) > 6 {
		return false
	}
	for _, w := range words {
		if startsUpper(w) {
			continue
		}
		switch w {
		case "i", "och", "för", "av", "de", "den", "det", "&":
			continue
		}
		if !hasOrgWord(w) {
			return false
		}
	}
	return true
}

// hasConjunction reports whether p may join names: "och", "samt", "&".
func hasConjunction(p string) bool {
	return strings.Contains(p, " och ") || strings.Contains(p, " samt ") || strings.Contains(p, " & ") ||
		strings.Contains(p, "\toch") || strings.Contains(p, "och\t")
}

// listNumber is the number of a numbered list entry: "1. Anna Andersson".
var listNumber = lazyregexp.New(`^\d{1,3}[.)]\s+`)

// conjunction joins the last names of a list.
var conjunction = lazyregexp.New(`\s+(?:och|samt|&)\s+`)

func countNames(ps []string) int {
	n := 0
	for _, p := range ps {
		if isName(trimRoles(strings.TrimSpace(strings.Trim(p, ".;:")))) {
			n++
		}
	}
	return n
}

func allNames(ps []string) bool {
	for _, p := range ps {
		if !isName(trimRoles(strings.TrimSpace(p))) {
			return false
		}
	}
	return true
}

// splitTail splits the first part of an entry where a name is followed by its
// organisation without a separator: "Cristina Dahlberg GR", "Anna Berg Lerums
// kommun", "Bo Ek Kungsbacka". A bare town is split off only where the
// gazetteer recognises it in the whole part: surnames such as Berg or Mora
// are towns only with context.
func splitTail(parts []string) []string {
	if len(parts) == 0 {
		return parts
	}
	words := strings.Fields(parts[0])
	n := len(words)
	if n < 3 {
		return parts
	}
	cut := 0
	switch last := words[n-1]; {
	case isAbbreviation(last) && isName(strings.Join(words[:n-1], " ")):
		cut = n - 1
	case n >= 4 && (strings.EqualFold(last, "kommun") || strings.EqualFold(last, "stad")) &&
		Municipality(strings.Join(words[n-2:], " ")) != "" && isName(strings.Join(words[:n-2], " ")):
		cut = n - 2
	default:
		// A bare town the gazetteer recognises in the whole part (it does
		// not take surnames such as Berg or Mora for towns without context).
		whole := Municipality(parts[0])
		for k := 1; k <= 2 && n-k >= 2; k++ {
			tail := strings.Join(words[n-k:], " ")
			if whole != "" && wholeMunicipality(tail) && Municipality(tail) == whole && isName(strings.Join(words[:n-k], " ")) {
				cut = n - k
			}
		}
	}
	if cut == 0 {
		return parts
	}
	out := []string{strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")}
	return append(out, parts[1:]...)
}

const (
	partOther = iota
	partName
	partOrg
	partRole
)

// classify tells what a part of an entry is. first is true for the part
// that opens an entry, which is a name when it can be one.
func classify(p string, first bool) int {
	low := strings.ToLower(p)
	if isRole(low) {
		return partRole
	}
	kind := OrgKind(p)
	orgish := Municipality(p) != "" || kind != "" || hasOrgWord(p) || isAbbreviation(p)
	if isName(p) {
		// A name whose surname is a municipality's ("Mats Mora") is still a
		// name where an entry begins.
		if first && !hasOrgWord(p) && !isAbbreviation(p) && !wholeMunicipality(p) && (kind == "" || kind == "municipality") {
			return partName
		}
		if !orgish {
			return partName
		}
	}
	if orgNumber.MatchString(p) {
		return partOther // an organisation number: "716000-0000"
	}
	r, _ := utf8.DecodeRuneInString(p)
	if unicode.IsLower(r) && !orgish && !hasUpperWord(p) {
		return partRole
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return partOrg
	}
	return partOther
}

// wholeMunicipality reports whether p is nothing but a municipality's name.
func wholeMunicipality(p string) bool {
	m := Municipality(p)
	return m != "" && strings.EqualFold(strings.Join(strings.Fields(p), " "), m)
}

// isName reports whether s has the shape of a person's name: two to five
// capitalised words of letters (particles and initials allowed).
func isName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	caps := 0
	for k, w := range words {
		if nameParticles[w] && k > 0 && k < len(words)-1 {
			continue
		}
		if notNameWords[strings.ToLower(w)] {
			return false
		}
		r, size := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		if len(w) <= 3 && strings.HasSuffix(w, ".") { // an initial "A."
			caps++
			continue
		}
		lower := false
		for _, c := range w[size:] {
			switch {
			case unicode.IsLower(c):
				lower = true
			case c == '-' || c == '\'' || c == '’' || unicode.IsUpper(c):
			default:
				return false
			}
		}
		if !lower {
			return false
		}
		caps++
	}
	return caps >= 2
}

// isAbbreviation reports whether s is an all-capitals abbreviation such as
// "GR", "GU", "VGR", "IFO".
func isAbbreviation(s string) bool {
	if utf8.RuneCountInString(s) < 2 || utf8.RuneCountInString(s) > 8 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '-' && r != '&' {
			return false
		}
	}
	return true
}

func hasUpperWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if isAbbreviation(strings.Trim(w, ".,")) {
			return true
		}
	}
	return false
}

// isUpper reports whether s has letters and all of them are capitals.
func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 1
}

// isProse reports whether t reads as a sentence rather than a list entry.
func isProse(t string) bool {
	words := strings.Fields(t)
	if len(words) >= 12 {
		return true
	}
	return len(words) >= 5 && (strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")) && !strings.Contains(t, ",")
}

// tableAttendees reads a Markdown table of participants starting at line i.
func tableAttendees(lines []line, i int, st attendeeState) (int, []minutes.Attendee) {
	var header []string
	nameCol, orgCol, itemCol := 0, -1, -1
	named := false
	var out []minutes.Attendee
	j := i
	for ; j < len(lines) && isTableRow(flat(lines[j].text)); j++ {
		t := flat(lines[j].text)
		if mdTableSep.MatchString(t) {
			continue
		}
		cells := tableCells(t)
		if header == nil && len(cells) >= 2 && !isTableHeader(cells[1:]) {
			// A cover page as a table: "| Beslutande | Anna Berg (M)<br>Bo Ek (S) |".
			label := strings.TrimRight(cells[0], ": ")
			if absentHeading.MatchString(label) && !presentHeading.MatchString(label) {
				continue
			}
			if h, _, ok := headingOf(line{text: label + ":"}, label+":", presentHeading); ok && len(strings.Fields(h)) <= 4 && !officialHeading.MatchString(h) {
				sub := st
				sub.mode, sub.group = modePresent, h
				for _, entry := range cellBreak.Split(strings.Join(cells[1:], "<br>"), -1) {
					if h2, rest, ok := runOnHeading(entry, presentHeading); ok {
						sub.group, entry = h2, rest
					}
					out = append(out, parseEntries(entry, lines[j].pos, sub)...)
				}
				continue
			}
		}
		if header == nil && j == i && isTableHeader(cells) {
			header = cells
			for k, c := range cells {
				c = strings.ToLower(c)
				switch {
				case (strings.Contains(c, "namn") || strings.Contains(c, "name") || strings.Contains(c, "deltagare")) && !named:
					nameCol, named = k, true
				case strings.Contains(c, "organisation") || strings.Contains(c, "kommun") || strings.Contains(c, "förvaltning") || c == "org" || strings.Contains(c, "myndighet") || strings.Contains(c, "representerar"):
					orgCol = k
				case strings.Contains(c, "punkt") || strings.Contains(c, "§") || strings.Contains(c, "ärende") || strings.Contains(c, "närvar"):
					itemCol = k
				}
			}
			if !named && itemCol >= 0 && presentTitle.MatchString(cells[itemCol]) {
				// "| Närvarande | Organisation | Mötesroll |": the present
				// column holds the names
				nameCol, itemCol = itemCol, -1
			}
			continue
		}
		if nameCol >= len(cells) {
			continue
		}
		name := strings.TrimSpace(partyMark.ReplaceAllString(cells[nameCol], ""))
		name, items := takeItems(name)
		name = strings.TrimSpace(strings.Trim(name, ",;"))
		if !isName(name) {
			// a cell may hold "Name, Org"
			if as := parseEntries(cells[nameCol], lines[j].pos, st); len(as) > 0 {
				out = append(out, as...)
			}
			continue
		}
		a := minutes.Attendee{Name: name, Group: st.group, Pos: lines[j].pos, Items: items}
		if orgCol < 0 && len(cells) > 1 && header == nil {
			orgCol = 1
		}
		if orgCol >= 0 && orgCol < len(cells) {
			org, more := takeItems(cells[orgCol])
			a.Organisation = strings.TrimSpace(strings.Trim(org, ", "))
			if len(more) > 0 {
				a.Items = mergeInts(a.Items, more)
			}
		}
		if itemCol >= 0 && itemCol < len(cells) && absentMark.MatchString(cells[itemCol]) {
			continue // "| Anna Berg | Nej |": marked absent
		}
		if itemCol >= 0 && itemCol < len(cells) {
			_, more := takeItems("punkt " + cells[itemCol])
			if len(more) > 0 {
				a.Items = mergeInts(a.Items, more)
			}
		}
		if a.Organisation == "" {
			a.Organisation = st.groupOrg
		}
		a.Municipality = Municipality(a.Organisation)
		if a.Municipality == "" && a.Organisation == "" {
			a.Municipality = st.groupMuni
		}
		out = append(out, a)
	}
	return j, out
}

// absentMark is a presence column's cell that marks the person absent.
var absentMark = lazyregexp.New(`(?i)^(?:nej|ej|ej närvarande|frånvarande|förhinder|anmält förhinder|avbud|återbud|0)$`)

// cellBreak is a line break inside a Markdown table cell.
var cellBreak = lazyregexp.New(`(?i)<br\s*/?>`)

// isTableHeader reports whether the cells name columns rather than a person.
func isTableHeader(cells []string) bool {
	for _, c := range cells {
		c = strings.ToLower(c)
		for _, w := range []string{"namn", "name", "organisation", "kommun", "deltagare", "närvarande", "funktion", "roll", "titel", "förvaltning"} {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

func mergeInts(a, b []int) []int {
	out := append(append([]int{}, a...), b...)
	sort.Ints(out)
	return dedupInts(out)
}

func dedupInts(a []int) []int {
	out := a[:0]
	for k, n := range a {
		if k == 0 || n != a[k-1] {
			out = append(out, n)
		}
	}
	return out
}

// titleRole are the endings of compound titles: "Ekonomichef",
// "Stämmoordförande", "Nämndsekreterare".
var titleRole = []string{"ordförande", "chef", "direktör", "sekreterare", "ledare", "samordnare", "strateg", "handläggare",
	"ansvarig", "controller", "ekonom", "revisor", "kassör", "ledamot", "ersättare", "föredragande"}

// titleWord reports whether w is a title or role, not a part of a name.
func titleWord(w string) bool {
	low := strings.ToLower(strings.Trim(w, ".,:;"))
	if isRole(low) || isRole(low+".") {
		return true
	}
	for _, t := range titleRole {
		if strings.HasSuffix(low, t) {
			return true
		}
	}
	return false
}

// codeLines marks the lines inside Markdown code fences (``` or ~~~), the
// fences included.
func codeLines(lines []line) []bool {
	code := make([]bool, len(lines))
	in := false
	for i, l := range lines {
		t := strings.TrimSpace(l.raw)
		fence := strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
		if fence || in {
			code[i] = true
		}
		if fence {
			in = !in
		}
	}
	return code
}

// subgroupHeading heads a group of people inside a present list.
var subgroupHeading = lazyregexp.New(`(?i)^(?:medlemmar|förtroendevalda|personal|anställda|representanter|elever|studenter|föräldrar|funktionärer|från [\p{L} ]{2,30}):$`)

// boardHeading are headings of a board's members, which inside an agenda
// point list an election rather than attendance.
var boardHeading = lazyregexp.New(`(?i)^(?:ledamöter|ordinarie ledamöter|styrelseledamöter|styrelsen|suppleanter|ersättare)$`)

var (
	// presenceWord marks a lead that introduces the present: "Följande
	// medlemmar närvarade med rösträtt:", "Elva närvarande personer:".
	presenceWord = lazyregexp.New(`(?i)(?:^|\s)(?:närvar\p{L}*|deltog|deltar|deltagit|rösträtt|röstberättigade)(?:\s|$|[:,.])`)
	// absenceWord marks a lead of the absent.
	absenceWord = lazyregexp.New(`(?i)frånvar|\b(?:ej|inte|icke)\s+närvar|förhinder|avbud|afbud|återbud|anmält|saknade`)
	// presenceVerb opens a sentence that names the present: "Dessutom
	// närvarade Anna Berg och bo utan rösträtt."
	presenceVerb = lazyregexp.New(`(?i)^(?:(?:dessutom|även|också|vidare|därtill)\s+)?(?:närvarade|deltog)\s+(?:(?:även|också|dessutom)\s+)?(.+?)(?:\s+(?:med|utan)\s+rösträtt)?\s*\.?$`)
)

// presenceLead recognises a lead ending in a colon that introduces the
// present, with the entries after its colon.
func presenceLead(text string) (head, rest string, ok bool) {
	k := strings.Index(text, ":")
	if k < 0 {
		return "", "", false
	}
	head, rest = strings.TrimSpace(flat(text[:k])), strings.TrimSpace(text[k+1:])
	if n := len(strings.Fields(head)); n == 0 || n > 12 || !presenceWord.MatchString(head) || absenceWord.MatchString(head) {
		return "", "", false
	}
	return head, rest, true
}

// presenceSentence reads a sentence whose verb names the present.
func presenceSentence(t string, pos minutes.Position) []minutes.Attendee {
	m := presenceVerb.FindStringSubmatch(t)
	if m == nil {
		return nil
	}
	names := looseNames(splitParts(m[1]))
	if names == nil {
		return nil
	}
	out := make([]minutes.Attendee, 0, len(names))
	for _, n := range names {
		out = append(out, minutes.Attendee{Name: n, Pos: pos, Items: []int{}})
	}
	return out
}

// hasSingleWord reports whether a part is one word, as in a list of first
// names or handles.
func hasSingleWord(parts []string) bool {
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if _, mark := itemMark(p); p != "" && !mark && (!strings.Contains(p, " ") || hasConjunction(p)) {
			return true
		}
	}
	return false
}

// looseText prepares a list of single names: a parenthesis that holds a
// full name replaces the handle before it ("ebo (Eva Borg)" gives
// "Stefan Berg"), any other parenthesis is a role or a handle and goes
// ("Anna (ordf)", "Bo Ek (bo)").
func looseText(text string) string {
	if !strings.Contains(text, "(") {
		return text
	}
	return parenthetical.ReplaceAllStringFunc(text, func(m string) string {
		sub := parenthetical.FindStringSubmatch(m)
		if inner := strings.TrimSpace(sub[2]); isName(inner) && !startsUpper(sub[1]) {
			return inner
		}
		return sub[1]
	})
}

// parenthetical is a word with a parenthesis after it.
var parenthetical = lazyregexp.New(`(\S+)\s*\(([^)]*)\)`)

// looseNames reads a list that gives names alone: first names or login
// handles ("William, Jonathan och Hugo", "ebo, annl, moa"). It returns
// nil unless every part is one of these; an entry that also holds a full
// name ("Anna Berg, Sunet", "Anna Berg (anna)") is read as usual.
func looseNames(parts []string) []string {
	var out []string
	full, capital, single := false, false, false
	for _, p := range parts {
		p = strings.TrimSpace(strings.Trim(p, ".;:"))
		if _, mark := itemMark(p); p == "" || mark {
			continue
		}
		qs := []string{p}
		if hasConjunction(p) {
			qs = conjunction.Split(p, -1)
		}
		for _, q := range qs {
			q = strings.TrimSpace(q)
			if single := !strings.Contains(q, " "); single && startsUpper(q) && full || !single && capital {
				return nil // "Anna Berg, Sunet": a full name with its organisation
			}
			switch {
			case isLooseName(q):
				single, capital = true, capital || startsUpper(q)
			case isName(q) && !hasOrgWord(q) && Municipality(q) == "":
				full = true
			default:
				return nil
			}
			out = append(out, q)
		}
	}
	if !single || full && (capital || len(out) < 2) {
		// "Anna Berg, Sunet": a full name with its organisation
		return nil
	}
	return out
}

// isLooseName reports whether w is a first name or a login handle standing
// alone: one word of letters (a handle may hold digits, "_", "." or "-"),
// not an organisation, a title or a common word.
func isLooseName(w string) bool {
	if n := utf8.RuneCountInString(w); n < 2 || n > 16 {
		return false
	}
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsLetter(r) {
		return false
	}
	upper := unicode.IsUpper(r)
	for _, c := range w[size:] {
		switch {
		case unicode.IsLower(c) || c == '-':
		case upper:
			return false // a first name: a capital, then small letters
		case unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '.':
		default:
			return false
		}
	}
	low := strings.ToLower(w)
	if notNameWords[low] || docWords[low] || commonWords[low] || titleWord(w) || presentHeading.MatchString(w) || absentHeading.MatchString(w) {
		return false
	}
	return !hasOrgWord(w) && Municipality(w) == "" && OrgKind(w) == ""
}

// commonWords are lower-case words that stand alone in lists but name nobody.
var commonWords = map[string]bool{"och": true, "samt": true, "med": true, "utan": true, "för": true, "av": true, "i": true,
	"på": true, "till": true, "är": true, "var": true, "alla": true, "inga": true, "ingen": true, "övriga": true, "flera": true,
	"många": true, "några": true, "medlemmar": true, "personer": true, "st": true, "stycken": true, "totalt": true,
	"rösträtt": true, "ja": true, "nej": true, "inget": true, "inte": true, "ej": true, "som": true, "den": true, "det": true,
	"de": true, "dem": true, "vi": true, "han": true, "hon": true, "hen": true, "man": true, "se": true, "bilaga": true, "ovan": true,
	"nedan": true, "enligt": true, "mfl": true, "m.fl": true, "etc": true, "osv": true, "fler": true, "också": true, "även": true}

// singleWordList reports whether the line before i or the line at next (the
// neighbours of an entry) is also a single first name or handle: a list of
// single words, one a line.
func singleWordList(lines []line, i, next int) bool {
	if strings.Contains(lines[i].text, " ") {
		return false
	}
	for _, j := range []int{textAbove(lines, i), textFrom(lines, next)} {
		if j < 0 || !isLooseName(strings.Trim(flat(lines[j].text), ".,;")) {
			continue
		}
		// one a line, or bullets (which may stand apart)
		if j == i-1 || j == next || lines[i].bullet && lines[j].bullet {
			return true
		}
	}
	return false
}

// openingLines returns the index of the line that ends the opening of the
// document: the first agenda point, or, in minutes without numbered points,
// the 25th line with text. Officials named after it sign the minutes.
func openingLines(lines []line, firstItem int) int {
	if firstItem < len(lines) {
		return firstItem
	}
	n := 0
	for i, l := range lines {
		if !l.blank() {
			if n++; n > 25 {
				return i
			}
		}
	}
	return len(lines)
}

// textAbove returns the closest line with text within two lines above i, or -1.
func textAbove(lines []line, i int) int {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if !lines[j].blank() {
			return j
		}
	}
	return -1
}

// textFrom returns the first line with text from j on, or -1.
func textFrom(lines []line, j int) int {
	for ; j < len(lines); j++ {
		if !lines[j].blank() {
			return j
		}
	}
	return -1
}

// brokenName reports whether a list's line ends in the first half of a name
// that the next line completes: "Anna Berg, Stellan" + "Lagerström, Bo Ek".
func brokenName(text, next string) bool {
	k := strings.LastIndex(text, ",")
	if k < 0 {
		return false
	}
	last := strings.TrimSpace(text[k+1:])
	first, _, _ := strings.Cut(next, ",")
	first = strings.TrimSpace(first)
	if strings.Contains(last, " ") || strings.Contains(first, " ") || !startsUpper(last) || !startsUpper(first) {
		return false
	}
	return isName(last+" "+first) && !hasOrgWord(last) && Municipality(last) == "" && !isAbbreviation(last)
}

// electionHeading reports whether the official's heading at line i heads an
// election ("### Ordförande" then "Nominerar Anna Berg.") rather than the
// name of the meeting's official: a Markdown heading, or a sentence under it.
func electionHeading(lines []line, i int) bool {
	if lines[i].heading > 0 {
		return true
	}
	j := textFrom(lines, i+1)
	return j >= 0 && strings.HasSuffix(lines[j].text, ".")
}
