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
		"/2021/protokoll.txt":                    "",
		"anteckningar.txt":                       "",
	}
	for in, want := range tests {
		if got := fileDate(in); got != want {
			t.Errorf("fileDate(%q) = %q, want %q", in, got, want)
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
