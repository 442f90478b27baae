package extract

import (
	"fmt"
	"strings"
	"testing"
)

// fmtAttendee renders an attendee as "Name|Municipality|items".
func fmtAttendee(name, muni string, items []int) string {
	return fmt.Sprintf("%s|%s|%v", name, muni, items)
}

func TestAttendees(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"name, municipality lines under Närvarande",
			doc("**Närvarande:**", "", "Juan Navas, Öckerö", "Therese Sammels, Social Resurs Göteborg", "Pernilla Sundemar, Lilla Edet", "", "1. Inledning", "Text."),
			[]string{"Juan Navas|Öckerö|[]", "Therese Sammels|Göteborg|[]", "Pernilla Sundemar|Lilla Edet|[]"}},
		{"organisation forms and agencies",
			doc("Deltagare:", "Anna Berg, Göteborgs Stad", "Bo Ek, Töreboda kommun", "Cia Lind, Kungälvs kommun", "Dan Ström, VGR", "Eva Ros, GR", "Fia Falk, Göteborgs universitet", "Gun Gren, SKR", "Hans Hed"),
			[]string{"Anna Berg|Göteborg|[]", "Bo Ek|Töreboda|[]", "Cia Lind|Kungälv|[]", "Dan Ström||[]", "Eva Ros||[]", "Fia Falk||[]", "Gun Gren||[]", "Hans Hed||[]"}},
		{"agenda restrictions and time ranges",
			doc("Närvarande", "Cristina Dahlberg, GR punkt 3", "Anna Melke, GR punkt 4–5", "Tove Corneliusson, VästKom, punkt 2", "Sara Berg, Lerum, p 10", "Per Pil, Ale (§§ 115-117)", "Kim Kula, Alingsås, kl. 08:15-11:15", "Lo Lund, Mark, punkterna 2 och 4"),
			[]string{"Cristina Dahlberg||[3]", "Anna Melke||[4 5]", "Tove Corneliusson||[2]", "Sara Berg|Lerum|[10]", "Per Pil|Ale|[115 116 117]", "Kim Kula|Alingsås|[]", "Lo Lund|Mark|[2 4]"}},
		{"several names share one organisation",
			doc("Närvarande:", "Anna Andersson, Bo Berg, Partille", "Cia Ceder (Härryda)", "Dag Dal – Kungsbacka", "Eva Ek\tLerum"),
			[]string{"Anna Andersson|Partille|[]", "Bo Berg|Partille|[]", "Cia Ceder|Härryda|[]", "Dag Dal|Kungsbacka|[]", "Eva Ek|Lerum|[]"}},
		{"grouped paragraph wrapped over lines",
			doc("Deltagare:", "Göteborgs Stad: Anna Berg, Bo Ek, Mölndals stad: Cia Lind,", "Dan Ström, Region Halland: Eva Ros", "", "1. Inledning", "Text."),
			[]string{"Anna Berg|Göteborg|[]", "Bo Ek|Göteborg|[]", "Cia Lind|Mölndal|[]", "Dan Ström|Mölndal|[]", "Eva Ros||[]"}},
		{"run-on municipal list with party letters and substitutes",
			doc("Beslutande", "Anna Andersson (S), ordförande", "Bo Berg (M), vice ordförande", "David Dahl (S) tjänstgörande ersättare för Erik Ek (S)", "Fatima Farah (V), §§ 12-14", "", "Tjänstgörande ersättare: Gia Gran (KD)"),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "David Dahl||[]", "Fatima Farah||[12 13 14]", "Gia Gran||[]"}},
		{"inline run-on list",
			doc("Närvarande: Anna Andersson (S), Bo Berg (M), Cilla Carlsson (L) ersättare för Dan Dahl (L)."),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cilla Carlsson||[]"}},
		{"absent lists are skipped",
			doc("Närvarande:", "Anna Berg, Ale", "", "Frånvarande:", "Bo Ek, Lerum", "", "Anmält förhinder: Cia Lind, Mölndal", "", "Övriga närvarande:", "Dan Dal, GR"),
			[]string{"Anna Berg|Ale|[]", "Dan Dal||[]"}},
		{"a Kallade list on its own is not attendance",
			doc("Kallade:", "Anna Berg, Ale", "Bo Ek, Lerum", "", "1. Inledning", "Text."), nil},
		{"bullets and group headings naming a municipality",
			doc("NÄRVARANDE NÄTVERKET:", "- Karin Alvermalm, Alingsås", "- Yvonne Pontén, Göteborgs Stad", "", "NÄRVARANDE GÖTEBORGSREGIONEN:", "• Lena Holmlund", "• Sara Nordenhielm, punkt 4", "", "Närvarande från Lerums kommun:", "Mia Mård"),
			[]string{"Karin Alvermalm|Alingsås|[]", "Yvonne Pontén|Göteborg|[]", "Lena Holmlund||[]", "Sara Nordenhielm||[4]", "Mia Mård|Lerum|[]"}},
		{"organisation sub-heading",
			doc("Deltagare", "Kungsbacka kommun:", "Ivan Stipic", "Lisa Lo", "Göteborgsregionen:", "Cecilia Axelsson"),
			[]string{"Ivan Stipic|Kungsbacka|[]", "Lisa Lo|Kungsbacka|[]", "Cecilia Axelsson||[]"}},
		{"markdown table of participants",
			doc("| Namn | Organisation | Närvarande |", "|---|---|---|", "| Karin Kvist | Kungälvs kommun | |", "| Lars Lund | Västra Götalandsregionen | punkt 2 |", "| Maja Moberg (S) | Töreboda kommun | p 1-2 |"),
			[]string{"Karin Kvist|Kungälv|[]", "Lars Lund||[2]", "Maja Moberg|Töreboda|[1 2]"}},
		{"a person in two present lists appears once",
			doc("Närvarande:", "Anna Berg, Ale, punkt 2", "Inbjudna:", "Anna Berg, Ale", "Bo Ek, Lerum, punkt 1", "Adjungerade:", "Bo Ek, Lerum, punkt 3"),
			[]string{"Anna Berg|Ale|[]", "Bo Ek|Lerum|[1 3]"}},
		{"implicit list before the first point needs organisations",
			doc("Minnesanteckningar Socialchefsnätverket", "Anna Berg, Ale", "Bo Ek, Lerum", "", "1. Inledning", "Anna Berg, Ale hälsar välkomna."),
			[]string{"Anna Berg|Ale|[]", "Bo Ek|Lerum|[]"}},
		{"titles and roles are dropped",
			doc("Närvarande:", "Gustav Gran, socialchef, Lerums kommun", "Helena Holm, nämndsekreterare", "Therese Wissö, institutionen för socialt arbete, GU, punkt 1"),
			[]string{"Gustav Gran|Lerum|[]", "Helena Holm||[]", "Therese Wissö||[1]"}},
		{"officials listed as present",
			doc("Ordförande: Anna Berg, Ale", "Sekreterare: Bo Ek", "Närvarande:", "Cia Lind, Lerum", "", "1. Inledning", "Text."),
			[]string{"Anna Berg|Ale|[]", "Bo Ek||[]", "Cia Lind|Lerum|[]"}},
		{"sentences after a list heading inside a point",
			doc("1. Inledning", "Deltagare: alla kommuner utom Ale", "Anna Berg, Ale hälsar alla välkomna till mötet.", "2. Slut", "Text."), nil},
		{"prose mentioning people is not a list",
			doc("1. Inledning", "Inbjudna och deltar under punkten för Therése Wissö och Monica Nordenfors, Göteborgs universitet.", "Anna Berg, Ale hälsar välkomna."), nil},
		{"role words around names",
			doc("Beslutande:", "Anna Andersson (S) ordförande", "Socialchef Bo Berg, Lerum", "Cia Ceder (M) vice ordförande"),
			[]string{"Anna Andersson||[]", "Bo Berg|Lerum|[]", "Cia Ceder||[]"}},
		{"an organisation shaped like a name after the person",
			doc("Närvarande:", "Dan Holm, Kvinnojouren Frida", "Eva Ek, Barnahuset Göteborg", "Fia Fors, Ungdomsmottagningen Lerum"),
			[]string{"Dan Holm||[]", "Eva Ek||[]", "Fia Fors|Lerum|[]"}},
		{"protocol front page in two columns",
			doc("Plats och tid\tKommunhuset, klockan 13.00–15.30", "Beslutande\tAnna Andersson (S), ordförande", "\tBo Berg (M)", "Övriga deltagare   Gustav Gran, förvaltningschef", "Utses att justera\tBo Berg", "Underskrifter\tSekreterare ………", "\tHelena Holm", "", "§ 12 Val av justerare", "Text."),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Gustav Gran||[]"}},
		{"organisation after the name without a separator",
			doc("Närvarande:", "Cristina Dahlberg GR", "Anna Berg Lerums kommun", "Bo Ek Kungsbacka", "Pia Pihl Lilla Edet", "Eva Klang Vänerklint", "Anna Karin Berg"),
			[]string{"Cristina Dahlberg||[]", "Anna Berg|Lerum|[]", "Bo Ek|Kungsbacka|[]", "Pia Pihl|Lilla Edet|[]", "Eva Klang Vänerklint||[]", "Anna Karin Berg||[]"}},
		{"association board with roles in parentheses and a conjunction",
			doc("Närvarande: Anna Andersson (ordf), Bo Berg (sekr), Cia Carlsson och Dan Dahl", "Frånvarande: Eva Ek", "", "§1 Mötets öppnande", "Text."),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cia Carlsson||[]", "Dan Dahl||[]"}},
		{"a conjunction inside an organisation stays",
			doc("Närvarande:", "Anna Berg, Individ- och familjeomsorgen, Lerums kommun"),
			[]string{"Anna Berg|Lerum|[]"}},
		{"numbered list of attendees before the agenda",
			doc("Närvarande:", "1. Anna Andersson, Lerum", "2. Bo Berg, Ale", "3. Cia Carlsson, GR", "4. Dan Dahl, Mölndal", "", "1. Inledning", "Text.", "2. Avslut", "Text."),
			[]string{"Anna Andersson|Lerum|[]", "Bo Berg|Ale|[]", "Cia Carlsson||[]", "Dan Dahl|Mölndal|[]"}},
		{"board headings",
			doc("Ordinarie ledamöter:", "Anna Andersson (S)", "Bo Berg (M)", "Föredragande: Cia Carlsson, förvaltningschef"),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cia Carlsson||[]"}},
		{"surnames that are municipality names",
			doc("Närvarande:", "Anna Berg", "Mats Mora, Borås", "Lisa Sala, GR"),
			[]string{"Anna Berg||[]", "Mats Mora|Borås|[]", "Lisa Sala||[]"}},
		{"organisation words match whole words or word endings, not a surname's start",
			doc("Närvarande:", "Klara Centerlund, Ale", "Lars Vårdsten", "Mia Holm, Kvinnojouren Tranan", "Nils Nord, Socialförvaltningen"),
			[]string{"Klara Centerlund|Ale|[]", "Lars Vårdsten||[]", "Mia Holm||[]", "Nils Nord||[]"}},
		{"an agenda point that is itself the present list",
			doc("## 1. Närvarande", "", "- Ada Ask, Skolverket", "- Bert Bo, Sunet", "", "## 2. Övriga frågor", "A. Parkeringen", "", "Text om parkeringen."),
			[]string{"Ada Ask||[]", "Bert Bo||[]"}},
		{"letterheads and organisation numbers are no attendees",
			doc("Doc ID: 3fa2c9e0b1", "Föreningen Ekbacken\tPROTOKOLL", "Brf Ekbacken, 769600-1234", "", "Närvarande", "Cia Ceder, ordförande", "", "samt ytterligare 12 medlemmar", "", "§1 Mötet öppnas", "Text."),
			[]string{"Cia Ceder||[]"}},
		{"cover page in two columns with titles before names",
			doc("Beslutande\tAnna Andersson (c), ordförande", "Bo Berg (s)", "", "Ej beslutande\tCilla Carlsson (kd)", "Dora Dahl (m)", "", "Övriga deltagande\tEkonomichef Dan Dahl", "Kulturstrateg Eva Ek", "", "Utses att justera\tBo Berg", "", "§ 1 Dagordning", "Text."),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cilla Carlsson||[]", "Dora Dahl||[]", "Dan Dahl||[]", "Eva Ek||[]"}},
		{"voting roll of handles in a lead, wrapped, and a sentence naming one more",
			doc("## 7. Tillkännagivande av röstlängd", "", "Följande medlemmar närvarade med rösträtt: abc, defg, hij,", "klm, nop.", "", "Dessutom närvarade qrs utan rösträtt.", "", "Kaffe serverades.", "## 8. Nästa möte", "Text."),
			[]string{"abc||[]", "defg||[]", "hij||[]", "klm||[]", "nop||[]", "qrs||[]"}},
		{"voting roll of names with handles; board lists inside a point are elections",
			doc("5. Röstlängd", "Följande personer befanns närvara och ha rösträtt:", "", "* Anna Andersson (anna)", "* Bo Berg (bob)", "", "Följande personer närvarade utan rösträtt:", "", "* Cia Ceder (cc)", "", "6. Val av styrelse", "* Ledamöter", " * Dan Dahl (dd)", "* Sekreterare", " * Eva Ek (ee)"),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cia Ceder||[]"}},
		{"a list in a code block under a lead; other code blocks are no lists",
			doc("3. Röstlängd", "", "Följande var närvarande och röstberättigade:", "", "```", "abc", "Anna Andersson", "def", "```", "", "4. Budget", "", "```", "ghi, porto 500", "Kassa 1000", "```"),
			[]string{"abc||[]", "Anna Andersson||[]", "def||[]"}},
		{"first names alone, in a line or one a line",
			doc("Närvarande: William, Jonathan och Hugo", "", "Deltagare:", "Wilma", "Jonna", "", "1. Öppnande", "Text."),
			[]string{"William||[]", "Jonathan||[]", "Hugo||[]", "Wilma||[]", "Jonna||[]"}},
		{"names broken over lines in a run-on list",
			doc("Närvarande medlemmar med rösträtt var: Anna Andersson, Stellan", "Lagerberg, Bo Berg, Zofia", "Zielinska, Cia Ceder."),
			[]string{"Anna Andersson||[]", "Stellan Lagerberg||[]", "Bo Berg||[]", "Zofia Zielinska||[]", "Cia Ceder||[]"}},
		{"leads of the absent and sentences about voting name nobody present",
			doc("1. Röstlängd", "Alla närvarande har rösträtt.", "Följande medlemmar var inte närvarande: abc, def", "2. Slut", "Text."), nil},
		{"A, B och C are three people",
			doc("Närvarande: Anna Andersson, Bo Berg och Cia Ceder-Lund"),
			[]string{"Anna Andersson||[]", "Bo Berg||[]", "Cia Ceder-Lund||[]"}},
		{"election sub-headings with nominations",
			doc("Årsmöte", "", "### Ordförande", "Nominerar Olle Ohlsson.", "### Kassör", "Nominerar Pia Pil.", "### Sekreterare", "Rut Ros"), nil},
		{"run-on municipal header line without a colon",
			doc("Beslutande Anna Berg (M) ordförande, Per Ek (S) ersätter Lars Holm (S), Eva Lind (C) tjänstgör för Bo Sten (C), Olle Ohm (L) ersättare för Pia Pil (L), §§ 12-13 Övriga deltagare Gun Gran, nämndsekreterare Utses att justera Per Ek", "", "§ 12 Val av justerare", "Text."),
			[]string{"Anna Berg||[]", "Per Ek||[]", "Eva Lind||[]", "Olle Ohm||[12 13]", "Gun Gran||[]"}},
		{"cover page as a table with line breaks in a cell",
			doc("| Plats och tid | Stadshuset kl. 13.00-15.00 |", "|---|---|", "| Beslutande | Anna Berg (M) ordförande<br>Per Ek (S) ersätter Lars Holm (S)<br>Eva Lind (C) |", "| Övriga närvarande | Gun Gran, sekreterare |", "| Frånvarande | Ivar Ivarsson (S) |", "", "§ 1 Val av justerare", "Text."),
			[]string{"Anna Berg||[]", "Per Ek||[]", "Eva Lind||[]", "Gun Gran||[]"}},
		{"a table whose present column holds the names",
			doc("| Närvarande | Organisation | Mötesroll |", "|---|---|---|", "| Anna Berg | Skolverket | Ordförande |", "| Bo Ek | Lerums kommun | Ledamot |"),
			[]string{"Anna Berg||[]", "Bo Ek|Lerum|[]"}},
		{"a table of functions, names and e-mail addresses",
			doc("| Funktion | Namn | E-mail |", "|---|---|---|", "| Ordförande | Anna Berg | anna@exempel.se |", "| Sekreterare | Bo Ek | bo@exempel.se |"),
			[]string{"Anna Berg||[]", "Bo Ek||[]"}},
		{"grouped paragraph wrapped after a group's label",
			doc("Närvarande", "Skolverket: Anna Berg, Bo Ek, Internetstiftelsen:", "Cia Lind, Sunet: Dan Ström,", "Eva Ros", "", "1. Öppnande", "Text."),
			[]string{"Anna Berg||[]", "Bo Ek||[]", "Cia Lind||[]", "Dan Ström||[]", "Eva Ros||[]"}},
		{"points restrict the name they follow",
			doc("Närvarande: Anna Berg (S), Bo Ek (M) punkt 2, Cia Lind (C) §§ 3-4, Dan Dahl (L)", "Deltagare:", "Eva Ek, Fia Fors, Ale, punkt 5"),
			[]string{"Anna Berg||[]", "Bo Ek||[2]", "Cia Lind||[3 4]", "Dan Dahl||[]", "Eva Ek|Ale|[5]", "Fia Fors|Ale|[5]"}},
		{"first names with roles in parentheses; handles with full names",
			doc("Närvarande: Anna (ordf), Bo, Cia (sekr.)", "Deltagare: abc (Ada Berg), def, ghi (kassör)"),
			[]string{"Anna||[]", "Bo||[]", "Cia||[]", "Ada Berg||[]", "def||[]", "ghi||[]"}},
		{"single words one a line must stand together",
			doc("Närvarande:", "Anna", "Bo", "", "Ekonomi", "Budgeten gicks igenom och godkändes av alla närvarande."), []string{"Anna||[]", "Bo||[]"}},
		{"officials at the top are present, a signature block at the end is not",
			doc("Protokoll styrelsemöte", "Mötesordförande: Anna Berg", "Justerare: Bo Ek", "", "Vi gick igenom läget.", "", "Ekonomin är god.", "", "Lokalen ska målas.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Text.", "", "Ordförande: Cia Lind", "Justerare: Dan Dahl"),
			[]string{"Anna Berg||[]", "Bo Ek||[]"}},
		{"a presence column marks the absent",
			doc("| Namn | Närvarande |", "|---|---|", "| Anna Berg | Ja |", "| Bo Ek | Nej |", "| Cia Lind | x |"),
			[]string{"Anna Berg||[]", "Cia Lind||[]"}},
		{"the lead of another list ends a list of first names",
			doc("Närvarande: Anna, Bo, Cia", "Dagordning:", "- Ekonomi", "- Lokaler", "", "Icke närvarande:", "- Dan", "- Eva", "", "Deltagare:", "Medlemmar:", "Fia Fors", "Från kansliet:", "Gun Gran"),
			[]string{"Anna||[]", "Bo||[]", "Cia||[]", "Fia Fors||[]", "Gun Gran||[]"}},
		{"names separated by slashes or dots",
			doc("Deltagare: Anna Berg / Bo Ek / Cia Lind", "Närvarande: Dan Dahl • Eva Ek"),
			[]string{"Anna Berg||[]", "Bo Ek||[]", "Cia Lind||[]", "Dan Dahl||[]", "Eva Ek||[]"}},
		{"one first name is all the list gives",
			doc("Närvarande: Anna, Bo", "Adjungerad: Eva", "", "1. Öppnande", "Text."),
			[]string{"Anna||[]", "Bo||[]", "Eva||[]"}},
		{"a list of full names ends at an agenda heading; topics are no first names",
			doc("Närvarande", "Anna Berg", "Bo Ek", "", "Dagordning", "Budget", "Lokaler", "", "Budget", "Vi gick igenom budgeten och den ser bra ut för året som helhet."),
			[]string{"Anna Berg||[]", "Bo Ek||[]"}},
		{"points that cover the whole meeting restrict nothing",
			doc("Beslutande Anna Berg (M) ordförande, Bo Ek (S) §§ 1-2, Cia Lind (C) § 1", "", "§ 1 Val av justerare", "Text.", "§ 2 Budget", "Text."),
			[]string{"Anna Berg||[]", "Bo Ek||[]", "Cia Lind||[1]"}},
		{"a name, then 'från' and the organisation",
			doc("Närvarande:", "Anna Berg från Lerums kommun", "Bo Ek vid Göteborgs universitet", "Cia Lind på Socialförvaltningen i Ale", "", "Dan Dahl från Skolverket inledde"),
			[]string{"Anna Berg|Lerum|[]", "Bo Ek||[]", "Cia Lind|Ale|[]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := extractText(t, "x.txt", tt.text)
			var got []string
			for _, a := range m.Attendees {
				got = append(got, fmtAttendee(a.Name, a.Municipality, a.Items))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("attendees:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTakeItems(t *testing.T) {
	tests := []struct {
		in   string
		rest string
		want []int
	}{
		{"GR punkt 3", "GR", []int{3}},
		{"GR punkt 4–5", "GR", []int{4, 5}},
		{"Ale, p 10", "Ale", []int{10}},
		{"Ale (§§ 115-117)", "Ale", []int{115, 116, 117}},
		{"Ale, punkterna 2, 4 och 6", "Ale", []int{2, 4, 6}},
		{"Ale, § 3 och § 5", "Ale", []int{3, 5}},
		{"Ale, närvarande punkt 1-2", "Ale", []int{1, 2}},
		{"Ale", "Ale", []int{}},
	}
	for _, tt := range tests {
		rest, got := takeItems(tt.in)
		rest = strings.Trim(strings.TrimSpace(rest), ",")
		if rest != tt.rest || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("takeItems(%q) = %q, %v; want %q, %v", tt.in, rest, got, tt.rest, tt.want)
		}
	}
}

func TestIsName(t *testing.T) {
	yes := []string{"Anna Berg", "Eva Klang Vänerklint", "Anna-Karin Ek", "Ulla von Platen", "A. Svensson Berg", "Therése Wissö", "Rickard O'Neill"}
	no := []string{"Anteckningar", "Minnesanteckningar IFO-chefsnätverket", "GR", "Göteborgs Stad och", "anna berg", "Plats Stadshuset", "Anna 2022", "ANNA BERG"}
	for _, s := range yes {
		if !isName(s) {
			t.Errorf("isName(%q) = false", s)
		}
	}
	for _, s := range no {
		if isName(s) {
			t.Errorf("isName(%q) = true", s)
		}
	}
}
