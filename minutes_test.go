package minutes

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func meeting() *Meeting {
	return &Meeting{
		Date:      "2022-11-30",
		Body:      "Socialchefsnätverket",
		Attendees: []Attendee{{Name: "Anna Berg", Municipality: "Lerum"}, {Name: "Bo Ek"}},
		Items:     []AgendaItem{{Number: 1, Title: "Mötet inleds"}, {Number: 2, Title: "Avtal"}},
		Title:     "Mötesprotokoll 14",
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint(meeting())
	if len(a) != 20 {
		t.Fatalf("fingerprint %q", a)
	}
	// The same minutes read from another format: other order of attendees,
	// other punctuation and case, another body, positions and text.
	twin := meeting()
	twin.Body = "IFO-chefsnätverket"
	twin.Attendees[0], twin.Attendees[1] = twin.Attendees[1], twin.Attendees[0]
	twin.Items[0].Title = "MÖTET INLEDS."
	twin.Items[1].Text = "Text som PDF:en bröt annorlunda."
	twin.Title = "Göteborgsregionen – mötesprotokoll 14"
	twin.FileDate = "2022-12-01"
	if b := Fingerprint(twin); b != a {
		t.Errorf("twin fingerprint %q, want %q", b, a)
	}
	for name, change := range map[string]func(*Meeting){
		"date":      func(m *Meeting) { m.Date = "2022-12-01" },
		"attendee":  func(m *Meeting) { m.Attendees = m.Attendees[:1] },
		"item":      func(m *Meeting) { m.Items[1].Title = "Budget" },
		"number":    func(m *Meeting) { m.Items[1].Number = 3 },
		"decision":  func(m *Meeting) { m.Decisions = append(m.Decisions, Decision{Text: "Budgeten antogs."}) },
		"numbering": func(m *Meeting) { m.Title = "Mötesprotokoll 15" },
	} {
		m := meeting()
		change(m)
		if Fingerprint(m) == a {
			t.Errorf("changing the %s keeps the fingerprint", name)
		}
	}
	thin := &Meeting{Date: "2022-11-30"}
	if got := Fingerprint(thin); got != "" {
		t.Errorf("a date alone gives fingerprint %q, want none", got)
	}
	// The date in a file name is no part of identity: the same text saved
	// under two names is one meeting, a stated date is.
	fileDated := &Meeting{FileDate: "2022-11-30", Items: []AgendaItem{{Number: 1, Title: "Mötet inleds"}}}
	otherName := &Meeting{FileDate: "2019-03-01", Items: []AgendaItem{{Number: 1, Title: "Mötet inleds"}}}
	stated := &Meeting{Date: "2022-11-30", Items: []AgendaItem{{Number: 1, Title: "Mötet inleds"}}}
	if Fingerprint(fileDated) != Fingerprint(otherName) {
		t.Error("file names' dates change the fingerprint")
	}
	if Fingerprint(fileDated) == Fingerprint(stated) {
		t.Error("a stated date does not change the fingerprint")
	}
}

func TestTitleNumbers(t *testing.T) {
	for _, c := range []struct {
		title string
		want  string
	}{
		{"Mötesprotokoll 8", "8"},
		{"Mötesprotokoll nr 014.", "14"},
		{"Protokoll 2022-11-30", ""},
		{"Möte 3 (av 12), § 7", "3 12 7"},
		{"Minnesanteckningar IFO-chefsnätverket", ""},
		{"Styrelsemöte 2023", ""},
		{"", ""},
	} {
		if got := strings.Join(TitleNumbers(c.title), " "); got != c.want {
			t.Errorf("TitleNumbers(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func TestWhen(t *testing.T) {
	if got := (&Meeting{Date: "2022-11-30", FileDate: "2022-01-01"}).When(); got != "2022-11-30" {
		t.Errorf("When = %q", got)
	}
	if got := (&Meeting{FileDate: "2022-01-01"}).When(); got != "2022-01-01" {
		t.Errorf("When = %q", got)
	}
}

func TestJSONContract(t *testing.T) {
	m := &Meeting{
		Attendees:  []Attendee{{Name: "Anna Berg", Organisation: "Lerums kommun", Municipality: "Lerum", Items: []int{2, 3}}, {Name: "Bo Ek", Organisation: "GR"}},
		Items:      []AgendaItem{{Number: 1, Title: "Inledning"}},
		Decisions:  []Decision{{Item: 1, Text: "Ja."}, {Text: "Utan punkt."}},
		RecordedBy: []string{"Bo Ek"},
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`"municipality":"Lerum"`, `"municipality":null`, `"items":[2,3]`, `"items":[]`,
		`{"item":1,"text":"Ja."`, `{"item":null,"text":"Utan punkt."`, `"recorded_by":["Bo Ek"]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, `"date"`) {
		t.Errorf("no date stated, yet the key is there:\n%s", s)
	}
	var back Meeting
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	m.Attendees[1].Items = []int{} // encoded as [], decoded as []
	if !reflect.DeepEqual(&back, m) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, *m)
	}
}
