package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestMunicipalityTable(t *testing.T) {
	tests := []struct {
		org, want, kind string
	}{
		// Bare names.
		{"Kungsbacka", "Kungsbacka", "municipality"},
		{"Lilla Edet", "Lilla Edet", "municipality"},
		{"lerum", "Lerum", "municipality"},
		{"  Öckerö  ", "Öckerö", "municipality"},
		{"(Härryda)", "Härryda", "municipality"},
		{"Partille.", "Partille", "municipality"},
		{"Stenungsund", "Stenungsund", "municipality"},
		{"Upplands Väsby", "Upplands Väsby", "municipality"},
		{"Upplands-Väsby", "Upplands Väsby", "municipality"},
		{"Upplands-Bro", "Upplands-Bro", "municipality"},
		{"Upplands Bro kommun", "Upplands-Bro", "municipality"},
		{"Malung-Sälen", "Malung-Sälen", "municipality"},
		{"Malung-Sälens kommun", "Malung-Sälen", "municipality"},
		{"Dals-Eds kommun", "Dals-Ed", "municipality"},
		{"Östra Göinge", "Östra Göinge", "municipality"},
		{"MÖLNDAL", "Mölndal", "municipality"},
		{"Go\u0308teborg", "Göteborg", "municipality"}, // decomposed ö
		{"Mark", "Mark", "municipality"},
		{"Mark.", "Mark", "municipality"},
		{"Vara", "Vara", "municipality"},
		{"Gotland", "Gotland", "municipality"},
		// Genitive and organisation word.
		{"Göteborgs Stad", "Göteborg", "municipality"},
		{"Göteborgs stad", "Göteborg", "municipality"},
		{"Göteborgs  Stad,", "Göteborg", "municipality"},
		{"GÖTEBORGS STAD", "Göteborg", "municipality"},
		{"Stockholms stad", "Stockholm", "municipality"},
		{"Töreboda kommun", "Töreboda", "municipality"},
		{"Kungälvs kommun", "Kungälv", "municipality"},
		{"Ale kommun", "Ale", "municipality"},
		{"Lilla Edets kommun", "Lilla Edet", "municipality"},
		{"Alingsås kommun", "Alingsås", "municipality"},
		{"Malmö stad", "Malmö", "municipality"},
		{"Mölndals stad", "Mölndal", "municipality"},
		{"Lidingö stad", "Lidingö", "municipality"},
		{"Gotlands kommun", "Gotland", "municipality"},
		{"Region Gotland", "Gotland", "municipality"},
		{"Falu kommun", "Falun", "municipality"},
		{"Marks kommun", "Mark", "municipality"},
		{"Bergs kommun", "Berg", "municipality"},
		{"Borås Stad", "Borås", "municipality"},
		{"Jönköpings kommun", "Jönköping", "municipality"},
		{"Orust kommun", "Orust", "municipality"},
		// Municipal bodies.
		{"Kommunstyrelsen i Mölndal", "Mölndal", "municipality"},
		{"Kommunstyrelsen i Mark", "Mark", "municipality"},
		{"Socialförvaltningen Kungsbacka", "Kungsbacka", "municipality"},
		{"Socialförvaltningen Mark", "Mark", "municipality"},
		{"Sociala resursförvaltningen Göteborg", "Göteborg", "municipality"},
		{"Social Resurs Göteborg", "Göteborg", "municipality"},
		{"Individ- och familjeomsorgen, Lerums kommun", "Lerum", "municipality"},
		{"Socialtjänsten Partille", "Partille", "municipality"},
		{"Stadsdelsförvaltningen Östra Göteborg", "Göteborg", "municipality"},
		{"Göteborgs Stad, Social resursförvaltning", "Göteborg", "municipality"},
		{"Enheten för mark och exploatering, Lerums kommun", "Lerum", "municipality"},
		{"Sektor Arbete och välfärd, Kungälvs kommun", "Kungälv", "municipality"},
		// Abbreviations.
		{"Gbg", "Göteborg", "municipality"},
		{"GBG", "Göteborg", "municipality"},
		{"Gbgs stad", "Göteborg", "municipality"},
		{"Sthlm", "Stockholm", "municipality"},
		{"City of Gothenburg", "Göteborg", "municipality"},
		// Ordinary words that are also names.
		{"Enheten för mark och exploatering", "", ""},
		{"mark och miljö", "", ""},
		{"Mark- och miljödomstolen", "", "agency"},
		{"Kommunstyrelsen", "", ""},
		{"", "", ""},
		{"  ,. ", "", ""},
		{"Väsby", "", ""},
		{"Edet", "", ""},
		// Regions.
		{"VGR", "", "region"},
		{"Västra Götalandsregionen", "", "region"},
		{"Region Skåne", "", "region"},
		{"Region Jönköpings län", "", "region"},
		{"Region Halland", "", "region"},
		{"Jönköpings läns landsting", "", "region"},
		{"Sahlgrenska universitetssjukhuset", "", "region"},
		// Associations.
		{"GR", "", "association"},
		{"Göteborgsregionen", "", "association"},
		{"VästKom", "", "association"},
		{"SKR", "", "association"},
		{"SKL", "", "association"},
		{"Sveriges Kommuner och Regioner", "", "association"},
		{"Sveriges Kommuner och Landsting", "", "association"},
		{"Kommunförbundet Skåne", "", "association"},
		{"Skaraborgs kommunalförbund", "", "association"},
		{"Fyrbodal", "", "association"},
		{"Sjuhärads kommunalförbund", "", "association"},
		{"FoU i Väst", "", "association"},
		{"FoU i Väst/GR", "", "association"},
		// Universities.
		{"Göteborgs universitet", "", "university"},
		{"GU", "", "university"},
		{"Jönköping University", "", "university"},
		{"Högskolan i Borås", "", "university"},
		{"Linköpings universitet", "", "university"},
		{"institutionen för socialt arbete, GU", "", "university"},
		{"Malmö högskola", "", "university"},
		// Agencies.
		{"Länsstyrelsen i Västra Götaland", "", "agency"},
		{"Länsstyrelsen i Jönköpings län", "", "agency"},
		{"Polisen", "", "agency"},
		{"Polismyndigheten Göteborg", "", "agency"},
		{"Polisregion Väst", "", "agency"},
		{"Socialstyrelsen", "", "agency"},
		{"Försäkringskassan", "", "agency"},
		{"Arbetsförmedlingen Göteborg", "", "agency"},
		{"Barnahus Göteborg", "", "agency"},
		{"Kriminalvården", "", "agency"},
		{"Migrationsverket", "", "agency"},
		{"Folkhälsomyndigheten", "", "agency"},
		// Companies.
		{"Göteborg Energi AB", "", "company"},
		{"Västtrafik AB", "", "company"},
		{"Göteborgs Stads Bostadsaktiebolag", "", "company"},
		// Unknown.
		{"Stiftelsen Allmänna Barnhuset", "", "association"},
		{"Röda korset", "", ""},
	}
	for _, tt := range tests {
		if got := Municipality(tt.org); got != tt.want {
			t.Errorf("Municipality(%q) = %q, want %q", tt.org, got, tt.want)
		}
		if got := OrgKind(tt.org); got != tt.kind {
			t.Errorf("OrgKind(%q) = %q, want %q", tt.org, got, tt.kind)
		}
	}
}

func TestMunicipalityNames(t *testing.T) {
	names := MunicipalityNames()
	if len(names) != 290 {
		t.Fatalf("%d municipalities, want 290", len(names))
	}
	if !slices.IsSorted(names) {
		t.Error("MunicipalityNames not sorted")
	}
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			t.Errorf("duplicate %q", names[i])
		}
	}
	names[0] = "changed"
	if MunicipalityNames()[0] == "changed" {
		t.Error("MunicipalityNames shares its slice")
	}
	if p := gazLex().problems; len(p) > 0 {
		t.Errorf("gazLexicon problems: %q", p)
	}
	for name := range gazAmbiguous {
		if !slices.Contains(gazNames, name) {
			t.Errorf("ambiguous %q is not a municipality", name)
		}
	}
}

func TestMunicipalityEveryName(t *testing.T) {
	for _, name := range MunicipalityNames() {
		if !norm.NFC.IsNormalString(name) {
			t.Errorf("%q not NFC", name)
		}
		if got := Municipality(name); got != name {
			t.Errorf("Municipality(%q) = %q", name, got)
		}
		if got := Municipality(strings.ToUpper(name)); got != name {
			t.Errorf("Municipality(%q) = %q", strings.ToUpper(name), got)
		}
		gen := gazGenitive(name)
		for _, org := range []string{
			gen + " kommun", name + " kommun", gen + " stad", "Kommunstyrelsen i " + name,
			"Socialförvaltningen " + name, "Individ- och familjeomsorgen, " + gen + " kommun",
		} {
			if got := Municipality(org); got != name {
				t.Errorf("Municipality(%q) = %q, want %q", org, got, name)
			}
			if got := OrgKind(org); got != "municipality" {
				t.Errorf("OrgKind(%q) = %q", org, got)
			}
		}
		for _, org := range []string{"Region " + name, gen + " universitet", name + " AB", "Polisen " + name} {
			if got := Municipality(org); got != "" && !(name == "Gotland" && strings.HasPrefix(org, "Region")) {
				t.Errorf("Municipality(%q) = %q, want none", org, got)
			}
		}
	}
}

// gazGenitive is the official gazGenitive of a municipality's name.
func gazGenitive(name string) string {
	switch {
	case name == "Falun":
		return "Falu"
	case strings.HasSuffix(name, "s"), strings.HasSuffix(name, "x"), strings.HasSuffix(name, "z"):
		return name
	}
	return name + "s"
}

func TestMunicipalityLongestName(t *testing.T) {
	// A name of two words must win over any one-word reading of its parts.
	for _, name := range gazNames {
		if !strings.ContainsAny(name, " -") {
			continue
		}
		org := "Socialförvaltningen " + name + ", enheten för vuxna"
		if got := Municipality(org); got != name {
			t.Errorf("Municipality(%q) = %q", org, got)
		}
	}
}

func FuzzMunicipality(f *testing.F) {
	for _, s := range []string{
		"Göteborgs Stad", "Lilla Edets kommun", "Region Gotland", "Mark", "Kommunstyrelsen i Mark",
		"Polismyndigheten Göteborg", "Go\u0308teborg", "\xff\xfe", "Upplands-Väsby", "", "i i i Vara kommun",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, org string) {
		got := Municipality(org)
		if got != "" && !slices.Contains(gazNames, got) {
			t.Fatalf("Municipality(%q) = %q, not a municipality", org, got)
		}
		kind := OrgKind(org)
		if (got != "") != (kind == "municipality") {
			t.Fatalf("Municipality(%q) = %q but OrgKind = %q", org, got, kind)
		}
		if !slices.Contains(gazKindNames[:], kind) && kind != "municipality" {
			t.Fatalf("OrgKind(%q) = %q", org, kind)
		}
		// Case does not matter, apart from the capitalisation that gives an
		// ambiguous name its context.
		upper := strings.ToUpper(org)
		if utf8.ValidString(org) && strings.ToLower(upper) == strings.ToLower(org) {
			up := Municipality(upper)
			if _, amb := gazAmbiguous[up]; up != got && !amb {
				t.Fatalf("Municipality(%q) = %q but %q in upper case", org, got, up)
			}
		}
	})
}

func BenchmarkMunicipality(b *testing.B) {
	orgs := []string{
		"Individ- och familjeomsorgen, Lerums kommun, enhet för vuxna",
		"Stadsdelsförvaltningen Östra Göteborg, Sociala resurser AB",
		"institutionen för socialt arbete, Göteborgs universitet GU",
	}
	for _, o := range orgs {
		b.Logf("%d bytes: %q", len(o), o)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Municipality(orgs[i%len(orgs)])
	}
}
