package extract

import (
	"strings"
	"testing"
)

func TestRecorders(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{doc("Antecknat av Cecilia Axelsson, planeringsledare GR"), "Cecilia Axelsson"},
		{doc("Antecknat av", "", "Nicholas Singleton/EB"), "Nicholas Singleton"},
		{doc("Vid protokollet", "Helena Holm"), "Helena Holm"},
		{doc("Vid protokollet: Helena Holm, nämndsekreterare"), "Helena Holm"},
		{doc("Sekreterare Anna Berg"), "Anna Berg"},
		{doc("Protokollförare: Bo Ek (S)"), "Bo Ek"},
		{doc("Mötessekreterare: Cia Lind"), "Cia Lind"},
		{doc("Vid pennan Dan Ström och Eva Ros"), "Dan Ström|Eva Ros"},
		{doc("Antecknare: Anna Berg", "", "Antecknat av Anna Berg"), "Anna Berg"},
		{doc("Vid anteckningarna", "Fia Falk"), "Fia Falk"},
		{doc("Sekreterare   ……………………………", "", "Helena Holm"), "Helena Holm"},
		{doc("Underskrifter\tSekreterare ………", "\tHelena Holm", "\tOrdförande ………", "\tAnna Andersson"), "Helena Holm"},
		{doc("Anteckningar", "Text utan namn."), ""},
	}
	for _, tt := range tests {
		m := extractText(t, "x.txt", tt.text)
		if got := strings.Join(m.RecordedBy, "|"); got != tt.want {
			t.Errorf("%q: recorded by %q, want %q", tt.text, got, tt.want)
		}
	}
}
