package extract

import (
	"fmt"
	"strings"
	"testing"
)

func TestAppendix(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		items     []string // "N title"
		decisions []string // "item|text"
	}{
		{"an attached kallelse's agenda and another meeting's decisions",
			doc("## 1. Öppnande", "Text.", "## 2. Avgift", "Mötet beslutade att höja avgiften.", "## 3. Avslut", "Text.", "",
				"# Bilaga 1: Protokoll från styrelsemötet 3 mars", "", "## 1. Öppnande", "## 2. Val", "## 3. Lokal", "## 4. Ekonomi", "Styrelsen beslutade att köpa stolar.", "## 5. Avslut"),
			[]string{"1 Öppnande", "2 Avgift", "3 Avslut"}, []string{"2|Mötet beslutade att höja avgiften."}},
		{"a kallelse standing alone",
			doc("§ 1 Öppnande", "Text.", "§ 2 Avslut", "Text.", "", "KALLELSE", "", "1. Öppnande", "2. Val", "3. Budget", "4. Motioner", "5. Avslut"),
			[]string{"1 Öppnande", "2 Avslut"}, nil},
		{"a point titled after a kallelse is no appendix",
			doc("§ 1 Öppnande", "Text.", "", "**Kallelse till extrastämma**", "", "§ 2", "", "**Kallelse till extrastämma**", "Styrelsen beslutade att kalla till extrastämma.", "§ 3 Avslut", "Text."),
			[]string{"1 Öppnande", "2 Kallelse till extrastämma", "3 Avslut"}, []string{"2|Styrelsen beslutade att kalla till extrastämma."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := extractText(t, "x.md", tt.text)
			var items, decs []string
			for _, it := range m.Items {
				items = append(items, fmt.Sprintf("%d %s", it.Number, it.Title))
			}
			for _, d := range m.Decisions {
				decs = append(decs, fmt.Sprintf("%d|%s", d.Item, d.Text))
			}
			if strings.Join(items, "\n") != strings.Join(tt.items, "\n") {
				t.Errorf("items:\n got %q\nwant %q", items, tt.items)
			}
			if strings.Join(decs, "\n") != strings.Join(tt.decisions, "\n") {
				t.Errorf("decisions:\n got %q\nwant %q", decs, tt.decisions)
			}
		})
	}
}
