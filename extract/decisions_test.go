package extract

import (
	"fmt"
	"strings"
	"testing"
)

func TestDecisions(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "item|text"
	}{
		{"inline label", doc("1. Inledning", "Text.", "2. Avtal", "Beslut: Nätverket ställer sig bakom avtalet.", "", "Avtalet skickas ut."),
			[]string{"2|Nätverket ställer sig bakom avtalet."}},
		{"bold label and wrapped text", doc("1. Avtal", "**Beslut:** Nätverket ställer sig bakom", "avtalet med fokus på", "socionomprogrammet.", "", "Mer text."),
			[]string{"1|Nätverket ställer sig bakom avtalet med fokus på socionomprogrammet."}},
		{"label alone on its line", doc("1. Avtal", "Beslut:", "Nätverket godkänner avtalet."),
			[]string{"1|Nätverket godkänner avtalet."}},
		{"beslut att", doc("§ 14 Riktlinjer", "Beslut att anta riktlinjerna enligt förslaget."),
			[]string{"14|att anta riktlinjerna enligt förslaget."}},
		{"beslöts att", doc("§ 3 Ekonomi", "Beslöts att godkänna budgeten."),
			[]string{"3|att godkänna budgeten."}},
		{"beslutet är att", doc("§ 15 Delegation", "Beslutet är att delegationsbesluten läggs till handlingarna."),
			[]string{"15|att delegationsbesluten läggs till handlingarna."}},
		{"heading with paragraphs", doc("§ 13 Budget", "Förvaltningen redovisar.", "", "Nämndens beslut", "Nämnden godkänner budgetuppföljningen.", "Nämnden lägger informationen till handlingarna.", "", "§ 14 Nästa"),
			[]string{"13|Nämnden godkänner budgetuppföljningen.", "13|Nämnden lägger informationen till handlingarna."}},
		{"heading with bullets", doc("2) Aktuellt", "Beslut:", "- att uppdra åt GR att ta fram en plan", "- att återkomma i maj", "", "3) Slut"),
			[]string{"2|att uppdra åt GR att ta fram en plan", "2|att återkomma i maj"}},
		{"genitive heading", doc("## 4. Stöd", "### Styrelsens beslut", "Styrelsen beviljar stödet.", "## 5. Övrigt"),
			[]string{"4|Styrelsen beviljar stödet."}},
		{"x:s beslut", doc("1. Val", "GR:s beslut: Val förrättas i maj."),
			[]string{"1|Val förrättas i maj."}},
		{"decision before any point", doc("Beslut: Mötet godkänner dagordningen.", "", "1. Inledning", "Text."),
			[]string{"0|Mötet godkänner dagordningen."}},
		{"prose mentioning a decision is none", doc("1. Heder", "Beslut om stödcentrum tas i Göteborg inom kort.", "Frågan diskuteras innan beslut.", "Vi diskuterade och mötet beslutade att vänta."), nil},
		{"motions are not decisions", doc("1. Budget", "Förslag till beslut: Nämnden godkänner.", "Att: godkänna budgeten", "Yrkande: avslag"), nil},
		{"protocol sections end the decision", doc("§ 5 Budget", "Ärendebeskrivning", "Förvaltningen har tagit fram en budget.", "", "Socialnämndens beslut", "Socialnämnden godkänner budgeten.", "", "Beslutsunderlag", "Tjänsteskrivelse 2023-02-01.", "", "Expedieras till", "Ekonomienheten"),
			[]string{"5|Socialnämnden godkänner budgeten."}},
		{"decision in a table row", doc("1. Avtal", "| Ärende | Avtal om samverkan |", "| Beslut | Nätverket godkänner avtalet. |", "| Förslag till beslut | Att godkänna. |"),
			[]string{"1|Nätverket godkänner avtalet."}},
		{"formula paragraph", doc("§ 4 Val", "Föreningsstämman beslutade att välja Eva Ek", "till ordförande för ett år.", "", "Eva tackade."),
			[]string{"4|Föreningsstämman beslutade att välja Eva Ek till ordförande för ett år."}},
		{"formula in markdown, the whole paragraph", doc("## 2. Lokal", "", "Klubben beslutar att hyra lokalen. Samtidigt beslutar klubben", "att se över avtalet.", "", "Inget mer.", "## 3. Slut"),
			[]string{"2|Klubben beslutar att hyra lokalen. Samtidigt beslutar klubben att se över avtalet."}},
		{"formula forms", doc("1. Val", "Årsmötet beslutade omval av Per Ek.", "", "2. Avgift", "Stämman beslöt enligt styrelsens förslag.", "", "3. Övrigt", "Det beslutades att träffas igen i maj.", "", "- mötet beslutar att städa i april"),
			[]string{"1|Årsmötet beslutade omval av Per Ek.", "2|Stämman beslöt enligt styrelsens förslag.", "3|Det beslutades att träffas igen i maj.", "3|mötet beslutar att städa i april"}},
		{"beslut om att", doc("§ 2 Avgift", "Beslut om att höja avgiften med 5 %."),
			[]string{"2|att höja avgiften med 5 %."}},
		{"a formula inside a sentence or inverted is none", doc("1. Rapport", "Rapporten föredras och mötet beslutar att lägga den till handlingarna.", "", "Därefter beslutade mötet att ajournera sig.", "", "Hon beslutade att avgå.", "", "Lotta beslutade att stanna."), nil},
		{"bodies in the definite form and abbreviations", doc("1. Val", "Kommunfullmäktige beslutar att anta planen.", "", "KS beslutade att återremittera ärendet.", "", "Deltagarna beslöt att ses igen i maj.", "2. Slut", "Text."),
			[]string{"1|Kommunfullmäktige beslutar att anta planen.", "1|KS beslutade att återremittera ärendet.", "1|Deltagarna beslöt att ses igen i maj."}},
		{"lead and its list are one decision", doc("## 3. Plan", "Mötet beslutar om följande plan:", "", "- Måla om lokalen.", "", "- Köpa en ny", "  skrivare.", "", "## 4. Slut"),
			[]string{"3|Mötet beslutar om följande plan: Måla om lokalen. Köpa en ny skrivare."}},
		{"lead with nothing after it", doc("§ 9 Arvoden", "Stämman beslutade arvoden enligt nedan:", "", "§ 10 Slut", "Text."),
			[]string{"9|Stämman beslutade arvoden enligt nedan:"}},
		{"heading block with a lead, labels and names", doc("§ 5 Val av utskott", "", "**Nämndens beslut**", "", "Till utskott utses:", "", "**Ledamöter**", "", "(A) Per Ek", "(B) Eva Al", "", "**Ersättare**", "", "(C) Bo Ström", "", "Till ordförande utses Per Ek och till vice ordförande Eva Al.", "", "§ 6 Slut"),
			[]string{"5|Till utskott utses: Ledamöter (A) Per Ek (B) Eva Al Ersättare (C) Bo Ström", "5|Till ordförande utses Per Ek och till vice ordförande Eva Al."}},
		{"heading block with a table", doc("§ 7 Nominering", "**Styrelsens beslut**", "", "**Ledamot\tErsättare**", "", "Per Ek\tEva Al", "Bo Ström\tIda Berg", "", "Styrelsen ställer sig bakom nomineringen.", "", "§ 8 Slut"),
			[]string{"7|Ledamot Ersättare Per Ek Eva Al Bo Ström Ida Berg", "7|Styrelsen ställer sig bakom nomineringen."}},
		{"decision heading at the end of a longer heading line", doc("## 3. Bidrag", "NÄMNDENS BEHANDLING 2020-02-03 **Nämndens beslut**", "", "Nämnden beviljar bidraget.", "", "## 4. Slut"),
			[]string{"3|Nämnden beviljar bidraget."}},
		{"proposals are not decisions", doc("## 2. Ändring", "#### Förslag till beslut", "Styrelsen beslutar att ändra stadgarna.", "#### Beslutsunderlag", "- Bilaga 1", "#### Beslut", "Styrelsen godkände förslaget.", "## 3. Slut"),
			[]string{"2|Styrelsen godkände förslaget."}},
		{"a proposal list with a lead ends at the list", doc("§ 4 Val", "Valberedningens förslag:", "", "Per Ek (omval)", "Eva Al (nyval)", "", "Årsmötet beslutade enligt förslaget."),
			[]string{"4|Årsmötet beslutade enligt förslaget."}},
		{"not decisions: titles and notes about a decision", doc("1. Beslut om årsavgift", "Text.", "2. Beslutsunderlag", "Text.", "3. Övrigt", "Beslutet tas med omedelbar justering.", "", "Lista över beslut", "- Avgiften höjs."), nil},
		{"margin label in a pdf column", doc("§ 3 Budget", "Beslut\tNämnden godkänner", "budgeten för 2021.", "", "Text."),
			[]string{"3|Nämnden godkänner budgeten för 2021."}},
		{"numbered decisions under a heading", doc("§ 21 Taxa", "Nämndens beslut", "1. Nämnden antar taxan", "enligt bilaga 1.", "2. Taxan gäller från 1 juli.", "", "Sammanfattning av ärendet", "Nämnden beslutade den 3 maj att se över taxan.", "", "§ 22 Slut"),
			[]string{"21|Nämnden antar taxan enligt bilaga 1.", "21|Taxan gäller från 1 juli."}},
		{"a formula lead without a colon takes its att list", doc("## 1. Budget", "Styrelsen beslutar", "- att anta budgeten", "- att höja avgiften", "", "Text.", "## 2. Slut"),
			[]string{"1|Styrelsen beslutar att anta budgeten att höja avgiften"}},
		{"background recounts decisions", doc("§ 3 Avtal", "Bakgrund", "Fullmäktige beslutade att teckna avtalet.", "", "**Styrelsens beslut**", "Styrelsen godkänner avtalet.", "", "§ 4 Slut"),
			[]string{"3|Styrelsen godkänner avtalet."}},
		{"a formula citing an earlier decision is none", doc("§ 3 Avtal", "Fullmäktige beslutade 2019-05-12, § 45, att teckna avtalet.", "", "Styrelsen beslöt den 3 mars att vänta.", "", "§ 4 Slut"), nil},
		{"beslut dash", doc("1. Budget", "Beslut - budgeten godkänns.", "2. Slut", "Text."),
			[]string{"1|budgeten godkänns."}},
		{"a formula lead and its att paragraphs", doc("§ 2 Val av ordförande", "", "Mötet beslutade", "", "att välja Lisa Holm till mötesordförande för dagens möte och", "", "att välja Omar Said till sekreterare", "", "§ 3 Slut", "Text."),
			[]string{"2|Mötet beslutade att välja Lisa Holm till mötesordförande för dagens möte och att välja Omar Said till sekreterare"}},
		{"a formula in a lettered entry", doc("1. Lokal", "a) Styrelsen beslutade att säga upp förrådet.", "b) Nycklar lämnas in.", "2. Slut", "Text."),
			[]string{"1|Styrelsen beslutade att säga upp förrådet."}},
		{"a two-part body's heading and formula", doc("§ 5 Bidrag", "Miljö- och hälsonämndens beslut", "Bidraget beviljas.", "", "§ 6 Taxa", "Miljö- och hälsonämnden beslutar att höja taxan.", "", "§ 7 Slut"),
			[]string{"5|Bidraget beviljas.", "6|Miljö- och hälsonämnden beslutar att höja taxan."}},
		{"label stops at the next label", doc("1. Frågor", "Beslut: Nätverket svarar i maj.", "Fråga: Vad gäller?"),
			[]string{"1|Nätverket svarar i maj."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := extractText(t, "x.txt", tt.text)
			var got []string
			for _, d := range m.Decisions {
				got = append(got, fmt.Sprintf("%d|%s", d.Item, d.Text))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("decisions:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
