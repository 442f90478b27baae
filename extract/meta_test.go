package extract

import (
	"path/filepath"
	"testing"
)

func TestTitleAndBody(t *testing.T) {
	tests := []struct {
		name, text, title, body string
	}{
		{"/x/a.txt", doc("Minnesanteckningar IFO-chefsnätverket 2019-03-15", "", "1. Inledning"), "Minnesanteckningar IFO-chefsnätverket 2019-03-15", "IFO-chefsnätverket"},
		{"/x/a.txt", doc("PROTOKOLL", "Socialnämnden", "", "1. Inledning"), "PROTOKOLL", "Socialnämnden"},
		{"/x/Socialchefsnätverket/2022/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", "Socialchefsnätverket"},
		{"/home/anna/Hämtade filer/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", ""},
		{"/arkiv/Protokoll 2019/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", ""},
		{"/x/Scans/VT19/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", ""},
		{"/x/Styrelsen/Protokoll/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", "Styrelsen"},
		{"/home/bo/Desktop/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", ""},
		{"/x/Bostadsföreningen Eken/2019/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", "Bostadsföreningen Eken"},
		{"/x/minutes/a.txt", doc("Anteckningar", "", "1. Inledning"), "Anteckningar", "minutes"},
		{"/tmp/a.pdf", doc("Doc ID: 9f8e7d6c5b4a", "", "Ekbackens Samfällighet\tPROTOKOLL", "2021-05-02\t1 (2)", "", "§1 Öppnande", "Text.", "§2 Avslut", "Text."), "Ekbackens Samfällighet PROTOKOLL", ""},
		{"/tmp/a.txt", doc("SAMMANTRÄDESPROTOKOLL 1(4)", "Byggnadsnämnden", "", "§ 1 Öppnande", "Text."), "SAMMANTRÄDESPROTOKOLL", "Byggnadsnämnden"},
		{"/tmp/a.md", doc("Protokoll fört vid klubbens höstmöte 2020, tisdagen den 3 november", "klockan 19 i sal B2 på", "Campus Norr.", "", "## 1. Öppnande", "Text.", "## 2. Avslut", "Text."), "", "klubbens höstmöte"},
		{"/tmp/a.md", doc("* * *", "", "# Årsmöte i Ekbackens båtklubb", "", "## 1. Öppnande", "Text.", "## 2. Avslut", "Text."), "Årsmöte i Ekbackens båtklubb", ""},
		{"/x/a.md", doc("---", "title: Styrelsemöte", "layout: post", "---", "", "Protokoll Styrelsen", "", "1. Inledning"), "Protokoll Styrelsen", "Styrelsen"},
		{"/tmp/a.md", doc("<!--", ".. title: Höstmöte", "-->", "", "<p><br></p>", "# Protokoll", "", "1. Inledning"), "Protokoll", ""},
		{"/testdata/a.txt", doc("Minnesanteckningar", "Nätverket för FH-chefer", "Plats: Teams", "", "1. Inledning", "Text."), "Minnesanteckningar", "Nätverket för FH-chefer"},
		{"/testdata/a.txt", doc("Göteborgsregionen – Minnesanteckningar IFO-chefsnätverket", "", "1. Inledning", "Text."), "Göteborgsregionen – Minnesanteckningar IFO-chefsnätverket", "IFO-chefsnätverket"},
		{"/testdata/a.txt", doc("Protokoll | Socialnämnden | 2023-03-15", "", "§ 1 Inledning", "Text."), "Protokoll | Socialnämnden | 2023-03-15", "Socialnämnden"},
		{"/tmp/a.txt", doc("| Namn | Kommun |", "| Anna Berg | Ale |", "", "1. Inledning", "Text."), "", ""},
		{"/tmp/a.txt", doc("**Närvarande:**", "Anna Berg, Ale", "", "1. Inledning", "Text."), "", ""},
	}
	for _, tt := range tests {
		m := extractText(t, filepath.FromSlash(tt.name), tt.text)
		if m.Title != tt.title || m.Body != tt.body {
			t.Errorf("%s %q: title %q body %q; want %q %q", tt.name, tt.text, m.Title, m.Body, tt.title, tt.body)
		}
	}
}

func TestUpcoming(t *testing.T) {
	m := extractText(t, "x.txt", doc("1. Inledning", "Text.", "2. Nästa nätverksmöte 24 maj", "Text.", "", "## Några kommande sammanhang", "", "1 april konferens Ungdomsmottagningarna", "", "12 april kl 13-15 om SPINK", "", "Antecknat av", "Anna Berg"))
	if m.NextMeeting != "24 maj" {
		t.Errorf("next meeting %q", m.NextMeeting)
	}
	if len(m.Events) != 2 || m.Events[0].Date != "1 april" || m.Events[1].Text != "kl 13-15 om SPINK" {
		t.Errorf("events %+v", m.Events)
	}
}
