package extract

import "testing"

func TestDateIn(t *testing.T) {
	tests := map[string]string{
		"Datum: 2022-11-30":                      "2022-11-30",
		"Sammanträdesdatum 2023-03-15 kl 13":     "2023-03-15",
		"Onsdag den 30 november 2022":            "2022-11-30",
		"30 nov. 2022, Gårda":                    "2022-11-30",
		"1:a mars 2021":                          "2021-03-01",
		"30/11 2022":                             "2022-11-30",
		"30/11/2022":                             "2022-11-30",
		"30.11.2022":                             "2022-11-30",
		"2022.11.30":                             "2022-11-30",
		"Protokoll 24.12.06":                     "2024-12-06",
		"Möte 2022-02-30":                        "",
		"Nästa möte 24 maj":                      "",
		"Tid: 13.00-16.00":                       "",
		"Kostnadsfördelningen 75/25":             "",
		"Mötet 14 november 2019 och 2020-01-01.": "2019-11-14",
		"onsdagen den 12:e oktober 2016":         "2016-10-12",
		"Möte 5:te maj, 2015":                    "2015-05-05",
		"Datum 03-04-2019":                       "2019-04-03",
		"Protokoll 30.09.19":                     "2019-09-30",
		"Möte 2099-01-01":                        "",
		"Möte 1850-06-01":                        "",
		"Org.nr 716406-9671":                     "",
	}
	for in, want := range tests {
		if got := dateIn(in); got != want {
			t.Errorf("dateIn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileDate(t *testing.T) {
	tests := map[string]string{
		"/a/2022-11-30 Socialchefsnätverket.txt": "2022-11-30",
		"20221130_protokoll.pdf":                 "2022-11-30",
		"protokoll-221130.docx":                  "2022-11-30",
		"2019-03 ifo.txt":                        "2019-03-01",
		"2016-05-09_styrelsemote.md":             "2016-05-09",
		"Styrelse2015-11-02.pdf":                 "2015-11-02",
		"protokoll_120914.pdf":                   "2012-09-14",
		"protokoll 140812.pdf":                   "2014-08-12",
		"arsmote-290919.pdf":                     "2019-09-29",
		"2099-01-01 plan.txt":                    "",
		"/2021/protokoll.txt":                    "",
		"anteckningar.txt":                       "",
	}
	for in, want := range tests {
		if got := fileDate(in); got != want {
			t.Errorf("fileDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpeningDate(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"wrapped date", doc("Protokoll fört vid föreningens årsmöte, 14", "mars 2018 i lokalen.", "", "1. Inledning", "Text."), "2018-03-14"},
		{"year earlier in the sentence", doc("Protokoll från klubbens vårmöte 2016, onsdagen den 9:e mars kl 18.", "", "1. Inledning", "Text."), "2016-03-09"},
		{"year on the line before", doc("Anteckningar från styrelsens möte 2015, måndagen", "den 2:a februari i klubbstugan.", "", "1. Inledning", "Text."), "2015-02-02"},
		{"day and month of another paragraph's year", doc("Höstmöte 2015", "", "tisdag den 3 november", "", "1. Inledning", "Text."), ""},
		{"publication and version lines are no meeting date", doc("Publicerad 2019-06-01", "Version 2 2019-05-30", "Protokoll styrelsen 2019-05-14", "", "1. Inledning", "Text."), "2019-05-14"},
		{"front matter is no date", doc("---", "title: Protokoll", "date: 2019-05-20", "---", "", "Protokoll 2019-05-14", "", "1. Inledning", "Text."), "2019-05-14"},
		{"comment front matter is no date", doc("<!--", ".. date: 2019-05-20 19:00", "-->", "", "Protokoll 14 maj 2019", "", "1. Inledning", "Text."), "2019-05-14"},
	}
	for _, tt := range tests {
		if got := extractText(t, "/x/möte.md", tt.text).Date; got != tt.want {
			t.Errorf("%s: date %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMeetingDate(t *testing.T) {
	m := extractText(t, "/x/2021-01-01 möte.txt", doc("Minnesanteckningar", "Datum: 30 november 2022", "", "1. Inledning", "Nästa möte 14 december 2022."))
	if m.Date != "2022-11-30" || m.FileDate != "2021-01-01" || m.When() != "2022-11-30" {
		t.Errorf("date %q file date %q", m.Date, m.FileDate)
	}
	m = extractText(t, "/x/möte.txt", doc("Nästa möte: 2022-12-14", "Justering 2022-12-01", "Protokoll 2022-11-30", "", "1. Inledning", "Text."))
	if m.Date != "2022-11-30" {
		t.Errorf("date %q, want the meeting's, not the next meeting's or the signing's", m.Date)
	}
	m = extractText(t, "/x/möte.txt", doc("1. Inledning", "Mötesplats den 14 november 2019."))
	if m.Date != "" || m.When() != "" {
		t.Errorf("a date in the body is no meeting date: %q", m.Date)
	}
}
