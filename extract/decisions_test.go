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
		{"prose mentioning a decision is none", doc("1. Heder", "Beslut om stödcentrum tas i Göteborg inom kort.", "Frågan diskuteras innan beslut.", "Det beslutades gemensamt att vänta."), nil},
		{"motions are not decisions", doc("1. Budget", "Förslag till beslut: Nämnden godkänner.", "Att: godkänna budgeten", "Yrkande: avslag"), nil},
		{"protocol sections end the decision", doc("§ 5 Budget", "Ärendebeskrivning", "Förvaltningen har tagit fram en budget.", "", "Socialnämndens beslut", "Socialnämnden godkänner budgeten.", "", "Beslutsunderlag", "Tjänsteskrivelse 2023-02-01.", "", "Expedieras till", "Ekonomienheten"),
			[]string{"5|Socialnämnden godkänner budgeten."}},
		{"decision in a table row", doc("1. Avtal", "| Ärende | Avtal om samverkan |", "| Beslut | Nätverket godkänner avtalet. |", "| Förslag till beslut | Att godkänna. |"),
			[]string{"1|Nätverket godkänner avtalet."}},
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
