package extract

import (
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest"
)

func TestHidden(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string // the lines left visible, joined with "|"
	}{
		{"yaml front matter", doc("---", "title: Möte", "tags:", "  - styrelse", "---", "Protokoll"), "Protokoll"},
		{"toml front matter", doc("+++", "title = \"Möte\"", "+++", "Protokoll"), "Protokoll"},
		{"a rule is no front matter", doc("Protokoll", "---", "Text", "---"), "Protokoll|---|Text|---"},
		{"unclosed fence is kept", doc("---", "Protokoll fört vid mötet.", "1. Inledning"), "---|Protokoll fört vid mötet.|1. Inledning"},
		{"html comment", doc("<!--", ".. date: 2020-01-01", "-->", "Protokoll", "<!-- TEASER_END -->", "Text"), "Protokoll|Text"},
		{"html only lines", doc("Text", "<p><br></p>", "<p>&#xa0;</p>", "<sup>1</sup> Not"), "Text|<sup>1</sup> Not"},
		{"style block", doc("<style>", "td { color: red }", "</style>", "Text"), "Text"},
	}
	for _, tt := range tests {
		var in []ingest.Line
		for i, s := range strings.Split(strings.TrimSuffix(tt.text, "\n"), "\n") {
			in = append(in, ingest.Line{Text: s, No: i + 1})
		}
		var got []string
		for _, l := range prepare(in) {
			if l.raw != "" {
				got = append(got, l.raw)
			}
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%s: visible %q, want %q", tt.name, g, tt.want)
		}
	}
}
