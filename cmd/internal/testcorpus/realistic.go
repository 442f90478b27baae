package testcorpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes"
)

// Want is what Realistic put into a document: the facts an extraction of it
// should find.
type Want struct {
	Date string // YYYY-MM-DD
	Body string // the network that met
	// Attendees hold Name, Organisation as written and the canonical
	// Municipality ("" for an organisation that is none).
	Attendees  []minutes.Attendee
	Items      []minutes.AgendaItem // Number and Title
	Decisions  []minutes.Decision   // Item and Text
	RecordedBy []string
}

// RealisticText returns the text of Realistic(n).
func RealisticText(n int) string {
	text, _ := Realistic(n)
	return text
}

// Realistic returns minutes numbered n of the size and shape of a regional
// network's minutes (about 5–7 KB): a heading naming the network, a date,
// 12–22 attendees from Göteborgsregionen's municipalities and a few
// organisations, 7–10 numbered agenda points with paragraphs under each,
// 1–3 "Beslut:" lines under the points and the recorder; and the facts it
// wrote. The same n gives the same minutes; every n another meeting (the
// date, the attendees and the decisions differ). Many meetings share a
// date, as in a real archive where several networks meet on the same days.
func Realistic(n int) (string, Want) {
	g := &realGen{r: rand.New(rand.NewPCG(uint64(n), 0x6d696e75746573))}
	return g.meeting()
}

// realGen draws one meeting.
type realGen struct {
	r      *rand.Rand
	b      strings.Builder
	want   Want
	names  map[string]bool
	deck   []int // indexes into realSentences not yet used in this meeting
	year   int
	people []string
}

// The 13 municipalities of Göteborgsregionen, each with the organisation
// name a list may write instead of the municipality.
var realMunicipalities = [][2]string{
	{"Ale", "Ale kommun"}, {"Alingsås", "Alingsås kommun"}, {"Göteborg", "Göteborgs Stad"},
	{"Härryda", "Härryda kommun"}, {"Kungsbacka", "Kungsbacka kommun"}, {"Kungälv", "Kungälvs kommun"},
	{"Lerum", "Lerums kommun"}, {"Lilla Edet", "Lilla Edets kommun"}, {"Mölndal", "Mölndals stad"},
	{"Partille", "Partille kommun"}, {"Stenungsund", "Stenungsunds kommun"}, {"Tjörn", "Tjörns kommun"},
	{"Öckerö", "Öckerö kommun"},
}

// realOrganisations are organisations that are no municipality.
var realOrganisations = []string{"Västra Götalandsregionen", "Försäkringskassan", "Arbetsförmedlingen", "Länsstyrelsen"}

var (
	realFirst = strings.Fields(`Agnes Albin Alice Alma Axel Bengt Berit Cecilia David Edvin Elias Elsa Erik
		Felicia Gabriel Greta Hampus Helena Hugo Ingrid Isak Jessica Jörgen Karin Klara Leif Linda Ludvig
		Marie Martin Mira Moa Nadia Nora Olof Omar Petra Rut Samuel Sara Sigrid Teodor Therese Ture Vera
		Wilma Ylva Yusuf Åsa`)
	realLast = strings.Fields(`Axelsson Backman Berg Blom Boman Dahlberg Edlund Ekberg Ekholm Fors Frisk
		Granath Granqvist Hedberg Hedlund Holmberg Jansson Jonasson Krantz Lagerqvist Larsson Lind Lundin
		Mohammadi Nord Persson Sandström Sjödin Stark Sundqvist Törnqvist Wahlberg Wiklund Yilmaz
		Åkerlund Öst`)
	realNetworks = []string{"Skolchefsnätverket", "Kulturchefsnätverket", "Miljöchefsnätverket", "HR-nätverket",
		"Ekonominätverket", "Planeringsnätverket", "Gymnasiechefsnätverket", "Arbetsmarknadsnätverket",
		"Digitaliseringsnätverket"}
	realMonths = strings.Fields("januari februari mars april maj juni juli augusti september oktober november december")
	realOpen   = []string{"Mötets öppnande", "Inledning och presentation", "Välkomna"}
	realClose  = []string{"Övriga frågor", "Avslutning"}
	realTitles = []string{"Aktuellt från kommunerna", "Lägesrapport från GR", "Budgetförutsättningar för kommande år",
		"Gemensam kompetensutveckling", "Regional lokalförsörjningsplan", "Statistik och nyckeltal",
		"Klimatanpassning i planeringen", "Elevhälsans uppdrag", "Vuxenutbildning i samverkan",
		"Upphandling av livsmedel", "Digital arkivering", "Arbetsmiljö och sjukfrånvaro", "Chefsförsörjning",
		"Feriearbeten sommartid", "Remissvar om nya föreskrifter", "Omvärldsspaning", "Erfarenhetsutbyte",
		"Planering av höstens konferens", "Nätverkets verksamhetsplan", "Uppföljning av samverkansavtalet",
		"Integration och etablering", "Energi och fastigheter"}
	realTopics = []string{"skolskjutsar", "elevhälsan", "lokalförsörjningen", "vuxenutbildningen",
		"klimatanpassningen", "livsmedelskontrollen", "bibliotekens digitala tjänster", "chefsförsörjningen",
		"sjukfrånvaron", "upphandlingen av livsmedel", "översiktsplaneringen", "feriearbeten för unga",
		"energieffektiviseringen", "arkivhanteringen", "friskvårdsbidraget", "nyanländas etablering",
		"fritidsgårdarna"}
	// realSentences are paragraph sentences: {p} a person present, {m} and
	// {m2} municipalities, {t} a topic, {y} the year. None records or
	// mentions a decision.
	realSentences = []string{
		"{p} presenterar läget för {t} i {m}.",
		"Gruppen resonerar om hur {t} kan följas upp på ett likartat sätt i kommunerna.",
		"{m} och {m2} har gemensamt tagit fram en modell för {t}.",
		"Det råder enighet om att frågan behöver lyftas till förbundsstyrelsen.",
		"Erfarenheterna från {m} visar att en tidig dialog med verksamheterna lönar sig.",
		"{p} efterfrågar ett gemensamt underlag inför budgetarbetet {y}.",
		"Kostnadsläget för {t} är ansträngt i flera kommuner.",
		"Ett utkast till handlingsplan skickas ut tillsammans med anteckningarna.",
		"Frågan om {t} återkommer på ett senare möte.",
		"Deltagarna delar erfarenheter av rekrytering till bristyrken.",
		"{m} har infört en ny rutin för {t} under hösten.",
		"En extern föreläsare från högskolan medverkar digitalt under punkten.",
		"Bilderna från dragningen finns på nätverkets samarbetsyta.",
		"Flera kommuner efterlyser tydligare riktlinjer från staten.",
		"{p} sammanfattar diskussionen och lyfter tre utvecklingsområden.",
		"Samarbetet med regionen kring {t} fungerar allt bättre.",
		"Det saknas i dag jämförbara siffror mellan kommunerna.",
		"{m2} redovisar resultatet av en enkät bland medarbetarna.",
		"Några deltagare lyfter risken för undanträngning av andra verksamheter.",
		"Arbetet med {t} har försenats på grund av vakanser.",
		"En referensgrupp bildas med deltagare från {m} och {m2}.",
		"{p} informerar om en kommande lagändring som rör {t}.",
		"Frågan diskuteras i smågrupper och sammanfattas gemensamt.",
		"Nätverket ser gärna att GR samordnar en gemensam upphandling.",
		"Uppföljningen visar på en positiv utveckling sedan {y}.",
		"{m} berättar om sitt arbete med {t} och vilka lärdomar som dragits.",
		"Det finns ett intresse av studiebesök i grannkommunerna.",
		"{p} påpekar att de små kommunerna har andra förutsättningar än de stora.",
		"En sammanställning av kommunernas svar visas på mötet.",
		"Tidplanen för {t} ser ut att hålla trots vissa förseningar.",
	}
	// realDecisions are decision texts, filled like realSentences ({y1} the
	// next year, {mon} a month).
	realDecisions = []string{
		"Nätverket godkänner förslaget till verksamhetsplan för {y1}.",
		"Nätverket ställer sig bakom remissvaret om {t}.",
		"{p} utses till sammankallande i arbetsgruppen för {t}.",
		"GR får i uppdrag att sammanställa kommunernas underlag om {t}.",
		"{m} och {m2} tar fram ett förslag till gemensam rutin för {t}.",
		"Föregående minnesanteckningar läggs till handlingarna.",
		"Nätverket avsätter en heldag i {mon} för {t}.",
		"Nätverket rekommenderar kommunerna att använda den gemensamma mallen för {t}.",
	}
)

// meeting writes the whole document.
func (g *realGen) meeting() (string, Want) {
	r := g.r
	g.names = map[string]bool{}
	day := g.date()
	g.year = day.Year()
	g.want.Date = day.Format(time.DateOnly)
	g.want.Body = realNetworks[r.IntN(len(realNetworks))]

	switch r.IntN(3) {
	case 0:
		g.linef("Minnesanteckningar %s %s", g.want.Body, g.want.Date)
	case 1:
		g.linef("Minnesanteckningar %s\n\nDatum: %d %s %d", g.want.Body, day.Day(), realMonths[day.Month()-1], day.Year())
	default:
		g.linef("Minnesanteckningar %s\n\nDatum: %s", g.want.Body, g.want.Date)
	}
	g.attendees()

	nItems := 7 + r.IntN(4)
	titles := []string{realOpen[r.IntN(len(realOpen))]}
	for _, k := range r.Perm(len(realTitles))[:nItems-2] {
		titles = append(titles, realTitles[k])
	}
	titles = append(titles, realClose[r.IntN(len(realClose))])
	decided := make([]int, nItems+1) // decisions per agenda point
	for range 1 + r.IntN(3) {
		decided[2+r.IntN(nItems-2)]++ // never under the opening or closing
	}
	// Every point gets a paragraph (two sentences under the topics, one
	// under the opening and closing); sentences are then added to the
	// topics until the document reaches its drawn size.
	paras := make([][][]string, nItems)
	for k := range paras {
		paras[k] = [][]string{g.sentenceList(2 - btoi(k == 0 || k == nItems-1))}
	}
	decisions := make([][]string, nItems)
	size := g.b.Len() + len("Vid anteckningarna: ") + 20
	for k, title := range titles {
		size += len(title) + 12 + len(strings.Join(paras[k][0], " "))
		for range decided[k+1] {
			text := g.fill(realDecisions[r.IntN(len(realDecisions))])
			decisions[k] = append(decisions[k], text)
			size += len("Beslut: ") + len(text) + 2
		}
	}
	for target := 5000 + r.IntN(2000); size < target; {
		k := 1 + r.IntN(nItems-2)
		last := &paras[k][len(paras[k])-1]
		s := g.sentenceList(1)[0]
		if len(*last) >= 2+r.IntN(3) && len(paras[k]) < 4 {
			paras[k] = append(paras[k], []string{s})
			size += len(s) + 2
		} else {
			*last = append(*last, s)
			size += len(s) + 1
		}
	}
	heading := []string{"%d. %s", "**%d. %s**", "## %d. %s"}[r.IntN(3)]
	for k, title := range titles {
		num := k + 1
		g.want.Items = append(g.want.Items, minutes.AgendaItem{Number: num, Title: title})
		g.linef(heading, num, title)
		for _, p := range paras[k] {
			g.linef("%s", strings.Join(p, " "))
		}
		for _, text := range decisions[k] {
			g.want.Decisions = append(g.want.Decisions, minutes.Decision{Item: num, Text: text})
			g.linef("Beslut: %s", text)
		}
	}
	rec := g.people[len(g.people)-1] // the GR officer listed last
	g.want.RecordedBy = []string{rec}
	g.linef("Vid anteckningarna: %s", rec)
	return g.b.String(), g.want
}

// date returns a meeting day: a Tuesday, Wednesday or Thursday of a working
// week (no summer weeks) between 2012 and 2025. There are about 1,800 such
// days, so a large archive has several meetings on most of them.
func (g *realGen) date() time.Time {
	r := g.r
	for {
		week := 1 + r.IntN(50)
		if week >= 26 && week <= 32 {
			continue
		}
		d := time.Date(2012+r.IntN(14), 1, 2+7*(week-1), 0, 0, 0, 0, time.UTC)
		for d.Weekday() != time.Monday {
			d = d.AddDate(0, 0, -1)
		}
		return d.AddDate(0, 0, 1+r.IntN(3))
	}
}

// attendees writes the list of those present: people from the
// municipalities (the municipality or its organisation name), now and then
// someone from another organisation, and one or two GR officers last.
func (g *realGen) attendees() {
	r := g.r
	g.linef("%s", []string{"Närvarande:", "Deltagare:", "NÄRVARANDE:"}[r.IntN(3)])
	total := 12 + r.IntN(11)
	gr := 1 + r.IntN(2)
	var lines []string
	for i := range total {
		a := minutes.Attendee{Name: g.name()}
		switch {
		case i >= total-gr:
			a.Organisation = "GR"
		case r.IntN(10) == 0:
			a.Organisation = realOrganisations[r.IntN(len(realOrganisations))]
		default:
			m := realMunicipalities[r.IntN(len(realMunicipalities))]
			a.Municipality, a.Organisation = m[0], m[r.IntN(2)]
		}
		g.want.Attendees = append(g.want.Attendees, a)
		g.people = append(g.people, a.Name)
		lines = append(lines, a.Name+", "+a.Organisation)
	}
	g.linef("%s", strings.Join(lines, "\n"))
}

// name returns a name not yet used in this meeting; one in ten has a double
// surname.
func (g *realGen) name() string {
	r := g.r
	for {
		n := realFirst[r.IntN(len(realFirst))] + " " + realLast[r.IntN(len(realLast))]
		if r.IntN(10) == 0 {
			n += " " + realLast[r.IntN(len(realLast))]
		}
		if !g.names[n] {
			g.names[n] = true
			return n
		}
	}
}

// sentenceList returns k filled sentences, none repeated until every
// sentence has been used in this meeting.
func (g *realGen) sentenceList(k int) []string {
	out := make([]string, k)
	for i := range out {
		if len(g.deck) == 0 {
			g.deck = g.r.Perm(len(realSentences))
		}
		out[i] = g.fill(realSentences[g.deck[0]])
		g.deck = g.deck[1:]
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fill replaces the placeholders of s with drawn values.
func (g *realGen) fill(s string) string {
	r := g.r
	i, j := r.IntN(len(realMunicipalities)), r.IntN(len(realMunicipalities)-1)
	if j >= i {
		j++
	}
	return strings.NewReplacer(
		"{p}", g.people[r.IntN(len(g.people))],
		"{m}", realMunicipalities[i][0],
		"{m2}", realMunicipalities[j][0],
		"{t}", realTopics[r.IntN(len(realTopics))],
		"{y1}", fmt.Sprint(g.year+1),
		"{y}", fmt.Sprint(g.year),
		"{mon}", realMonths[r.IntN(len(realMonths))],
	).Replace(s)
}

// linef writes a paragraph: the formatted text and a blank line.
func (g *realGen) linef(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteString("\n\n")
}
