package extract

import (
	"fmt"
	"strings"
	"testing"
)

func TestAgenda(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "N title"
	}{
		{"plain numbered", doc("1. Mötet öppnas", "", "Text.", "", "2. Val av justerare", "", "Text.", "", "3. Avslutning"),
			[]string{"1 Mötet öppnas", "2 Val av justerare", "3 Avslutning"}},
		{"markdown bold and headings", doc("**1. Kvinnofrid**", "Text.", "### 2. Yrkesresan", "Text.", "## **3. Stöd till föräldrar**", "Text.", "## 4. Året som gått"),
			[]string{"1 Kvinnofrid", "2 Yrkesresan", "3 Stöd till föräldrar", "4 Året som gått"}},
		{"paren numbers", doc("1) Inledning", "Text.", "2) Aktuellt", "Text."),
			[]string{"1 Inledning", "2 Aktuellt"}},
		{"paragraph sign from 115", doc("§ 115 Val av justerare", "Text.", "§ 116 Budget 2023", "Text.", "§117. Övrigt", "Text."),
			[]string{"115 Val av justerare", "116 Budget 2023", "117 Övrigt"}},
		{"title and body on one line", doc("1. Mötet inleds. Lena hälsar välkomna.", "2. Rapporter från t.ex. GR. Inga frågor."),
			[]string{"1 Mötet inleds", "2 Rapporter från t.ex. GR"}},
		{"question title keeps its mark", doc("1. Vad händer nu? Vi diskuterar.", "Text.", "2. Nästa steg", "Text."),
			[]string{"1 Vad händer nu?", "2 Nästa steg"}},
		{"sub-list after a colon is not the agenda", doc("1) Inledning", "Eva hälsar välkomna.", "2) Aktuellt", "Två sätt att arbeta:", "1) Distribution", "2) Pekare", "3) Avslutning", "Tack."),
			[]string{"1 Inledning", "2 Aktuellt", "3 Avslutning"}},
		{"sub-list restarting at 1 inside a point", doc("1. Öppnande", "Text.", "2. Rapporter", "Punkterna:", "1. Ekonomi", "2. Personal", "3. Lokaler", "", "3. Övrigt", "Text."),
			[]string{"1 Öppnande", "2 Rapporter", "3 Övrigt"}},
		{"dates and times are not points", doc("1. Inledning", "Text.", "2. Kalender", "12 april kl 13-15 om SPINK", "15 april konferens", "3. Slut", "Text."),
			[]string{"1 Inledning", "2 Kalender", "3 Slut"}},
		{"table of contents counts once", doc("Dagordning", "1. Öppnande", "2. Budget", "3. Avslut", "", "1. Öppnande", "Mötet öppnades.", "2. Budget", "Budgeten gicks igenom.", "3. Avslut", "Mötet avslutades."),
			[]string{"1 Öppnande", "2 Budget", "3 Avslut"}},
		{"unnumbered headings are no items", doc("# Protokoll", "## Inledning", "Text.", "## Beslut", "Text."), nil},
		{"decimal sub-points are not points", doc("1. Ekonomi", "1.1 Budget", "1.2 Utfall", "2. Personal", "Text."),
			[]string{"1 Ekonomi", "2 Personal"}},
		{"lower-case continuation is a motion, not a point", doc("1. Ärendet", "Text.", "2. att godkänna", "2. Övrigt", "Text."),
			[]string{"1 Ärendet", "2 Övrigt"}},
		{"heading number without punctuation", doc("## 1 Inledning", "Text.", "## 2 Budget", "Text."),
			[]string{"1 Inledning", "2 Budget"}},
		{"number alone, title on the next line", doc("§ 12", "Val av justerare", "Text.", "", "§ 13", "", "Budget", "Text."),
			[]string{"12 Val av justerare", "13 Budget"}},
		{"ärende numbers", doc("Ärende 1. Öppnande", "Text.", "Ärende 2. Budget", "Text."),
			[]string{"1 Öppnande", "2 Budget"}},
		{"agenda as a table", doc("| § 1 | Mötets öppnande |", "| § 2 | Val av justerare |", "", "Text.", "", "| 3 | Budget |", "", "Text."),
			[]string{"1 Mötets öppnande", "2 Val av justerare", "3 Budget"}},
		{"a numbered attendee list is not the agenda", doc("Närvarande:", "1. Anna Andersson, Lerum", "2. Bo Berg, Ale", "3. Cia Carlsson (GR)", "", "1. Inledning", "Text.", "2. Avslut", "Text."),
			[]string{"1 Inledning", "2 Avslut"}},
		{"number and dash", doc("1 – Mötets öppnande", "Text.", "2 - Budget", "Text.", "3 – 4 april", "3 – Avslut", "Text."),
			[]string{"1 Mötets öppnande", "2 Budget", "3 Avslut"}},
		{"a lone numbered line is no agenda", doc("Anteckningar", "", "3. Se bilaga", "Inget mer."), nil},
		{"register letters and a case number, title below", doc("BN § 7\tDnr: BN/2019.12", "", "**Detaljplan för Ekbacken**", "", "Text.", "", "BN § 8\tDnr BN/2019.40", "", "**Bygglov Storgatan 3**", "Text."),
			[]string{"7 Detaljplan för Ekbacken", "8 Bygglov Storgatan 3"}},
		{"lettered paragraph points", doc("§ 4 Ekonomi", "Text.", "§ 5 a Rapport A", "Text.", "§ 5 b Rapport B", "Text.", "§ 6 Avslut", "Text."),
			[]string{"4 Ekonomi", "5 Rapport A", "5 Rapport B", "6 Avslut"}},
		{"paragraph sign without space", doc("§1 Öppnande", "Text.", "§2 Val", "Text.", "§3 Avslut", "Text."),
			[]string{"1 Öppnande", "2 Val", "3 Avslut"}},
		{"numbers as typed: repeats and gaps", doc("1. Start", "Text.", "2. Lokal", "Text.", "2. Ekonomi", "Text.", "5. Övrigt", "Text.", "5. Slut"),
			[]string{"1 Start", "2 Lokal", "2 Ekonomi", "5 Övrigt", "5 Slut"}},
		{"a slip of the number between its neighbours", doc("## 1. Start", "Text.", "## 2. Val", "Text.", "## 3. Ekonomi", "Text.", "## 37. Budget", "Text.", "## 5. Slut", "Text."),
			[]string{"1 Start", "2 Val", "3 Ekonomi", "37 Budget", "5 Slut"}},
		{"a numbered list after a colon is no agenda", doc("Styrelsen informerar", "Inkomna förslag:", "", "1) Ny grind är beställd.", "", "2) Cykelstället lagas.", "", "3) Fler bänkar utreds."), nil},
		{"the agenda after a lead naming it", doc("Dagordning:", "1. Öppnande", "2. Budget", "3. Avslut"),
			[]string{"1 Öppnande", "2 Budget", "3 Avslut"}},
		{"a numbered decision list inside a § point", doc("§ 21 Taxa", "Nämndens beslut", "1. Nämnden antar taxan", "enligt bilaga 1.", "2. Taxan gäller från 1 juli.", "", "§ 22 Slut"),
			[]string{"21 Taxa", "22 Slut"}},
		{"case numbers to the end of the § line", doc("§ 12 Dnr MHN 2020/44", "Tillsyn av avlopp", "Text.", "", "§ 13 Taxa 2021  Dnr MHN 2020/51", "Text."),
			[]string{"12 Tillsyn av avlopp", "13 Taxa 2021"}},
		{"markdown heading without a space", doc("####1. Öppnande", "Text.", "####2. Budget", "Text."),
			[]string{"1 Öppnande", "2 Budget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := extractText(t, "x.txt", tt.text)
			var got []string
			for _, it := range m.Items {
				got = append(got, fmt.Sprintf("%d %s", it.Number, it.Title))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("items:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAgendaItemText(t *testing.T) {
	m := extractText(t, "x.txt", doc("1. Inledning", "", "Första stycket.", "", "Andra stycket.", "2. Slut"))
	if len(m.Items) != 2 {
		t.Fatalf("items = %d, want 2", len(m.Items))
	}
	if got, want := m.Items[0].Text, "Första stycket.\n\nAndra stycket."; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if m.Items[1].Pos.Line != 6 {
		t.Errorf("line of item 2 = %d, want 6", m.Items[1].Pos.Line)
	}
}

func TestAgendaHeadingWithBody(t *testing.T) {
	m := extractText(t, "x.txt", doc("1. Mötet inleds. Lena hälsar välkomna.", "", "Mer text.", "2. Slut"))
	if got, want := m.Items[0].Text, "Lena hälsar välkomna.\n\nMer text."; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestFirstSentence(t *testing.T) {
	tests := map[string]string{
		"Mötet inleds. Lena hälsar välkomna": "Mötet inleds",
		"Mötet avslutas.":                    "Mötet avslutas",
		"Information om bl.a. Budget":        "Information om bl.a. Budget",
		"Rapport från A. Svensson. Mer text": "Rapport från A. Svensson",
		"Budget: Utfall":                     "Budget: Utfall",
		"Nästa möte 24 maj":                  "Nästa möte 24 maj",
	}
	for in, want := range tests {
		if got := firstSentence(in); got != want {
			t.Errorf("firstSentence(%q) = %q, want %q", in, got, want)
		}
	}
}
