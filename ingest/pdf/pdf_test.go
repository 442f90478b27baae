package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"crypto/rc4"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
)

// pdfTestdata returns the example minutes rendered as PDF.
func pdfTestdata(t testing.TB) []string { return testfiles.Glob(t, "*.pdf") }

func readTestPDF(t *testing.T, name string) *textdoc.Document {
	t.Helper()
	doc, err := readFile(testfiles.Example(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func lineTexts(doc *textdoc.Document) []string {
	out := make([]string, len(doc.Lines))
	for i, l := range doc.Lines {
		out[i] = l.Text
	}
	return out
}

func findLine(doc *textdoc.Document, text string) (textdoc.Line, bool) {
	for _, l := range doc.Lines {
		if l.Text == text {
			return l, true
		}
	}
	return textdoc.Line{}, false
}

func TestReadPDFTestdataLines(t *testing.T) {
	const (
		beslut = "Beslut: Socialchefs nätverket ställer sig bakom"
		mote   = "1. Mötet inleds. Lena Holmlund hälsar välkomna. Särskilt välkommen till"
	)
	tests := []struct {
		file  string
		pages int
		want  map[string]int // line → page
	}{
		{"2019-03 ifo-chefsnatverket--footer.pdf", 4, map[string]int{
			"Närvarande:":             1,
			"Juan Navas, Öckerö":      1,
			"Maria Ljung, GR punkt 8": 1,
			"2. Kvinnofrid":           1,
			"Beslut om stödcentrum tas i Göteborg inom kort, beroende på det": 2,
			"FH-nätverket)": 3,
			"6. Mötesplats IFO den 14 november 2019":                                    3,
			"12 april kl 13-15 om SPINK tillsammans med socialcheferna och FH-cheferna": 4,
			"samt nätverket för verksamhetsutvecklare":                                  4,
			"Nicholas Singleton/EB":                                                     4,
		}},
		{"2019-03 ifo-chefsnatverket--autonum.pdf", 4, map[string]int{
			"Juan Navas, Öckerö": 1,
			"1. Välkommen till dagens möte, och kort runda om vad som upptar vår": 1,
			"10. Nästa nätverksmöte 24 maj":                                       4,
		}},
		{"2019-03 ifo-chefsnatverket--pandoc.pdf", 4, map[string]int{
			"Juan Navas, Öckerö": 1,
			"3. Yrkesresan":      2,
		}},
		{"2022-11-30 socialchefsnatverket--boldbeslut.pdf", 3, map[string]int{
			"Karin Alvermalm, Alingsås":       1,
			"NÄRVARANDE NÄTVERKET:":           1,
			mote:                              1,
			"• Verksamhetsförlagd utbildning": 1,
			beslut:                            2,
			"remissrundan gemensamt med för- och nackdelar samt ekonomisk": 2,
			"5. Mötet avslutas": 3,
		}},
		{"2022-11-30 socialchefsnatverket--footer.pdf", 3, map[string]int{
			"Karin Alvermalm, Alingsås": 1,
			"1. Mötet inleds. Lena Holmlund hälsar välkomna. Särskilt välkommen": 1,
			"Beslut: Socialchefs nätverket ställer sig bakom":                    2,
		}},
		{"2022-11-30 socialchefsnatverket--literal.pdf", 3, map[string]int{
			"Karin Alvermalm, Alingsås": 1,
			mote:                        1,
			beslut:                      2,
		}},
		{"2022-11-30 socialchefsnatverket--pandoc.pdf", 3, map[string]int{
			"Karin Alvermalm, Alingsås": 1,
			beslut:                      2,
		}},
		{"2022-11-30 socialchefsnatverket--wordisms.pdf", 3, map[string]int{
			"Karin Alvermalm, Alingsås": 1,
			// " Förslag att" is a tracked deletion, struck through.
			beslut: 2,
			// "kostnads-" at the end of the line, joined.
			"om arbetet hittills. Dialog kring innehåll i avtalet gällande kostnadsfördelning.": 2,
			"En av frågorna har varit om kostnader för":                                         2,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := readTestPDF(t, tt.file)
			if doc.Pages != tt.pages {
				t.Errorf("Pages = %d, want %d", doc.Pages, tt.pages)
			}
			for text, page := range tt.want {
				l, ok := findLine(doc, text)
				if !ok {
					t.Errorf("no line %q", text)
					continue
				}
				if l.Page != page {
					t.Errorf("line %q on page %d, want %d", text, l.Page, page)
				}
			}
		})
	}
}

func TestReadPDFTestdataBold(t *testing.T) {
	doc := readTestPDF(t, "2019-03 ifo-chefsnatverket--pandoc.pdf")
	for text, bold := range map[string]bool{
		"Närvarande:":        true,
		"2. Kvinnofrid":      true,
		"Juan Navas, Öckerö": false,
	} {
		if l, ok := findLine(doc, text); !ok || l.Bold != bold {
			t.Errorf("line %q: found %v, Bold %v, want %v", text, ok, l.Bold, bold)
		}
	}
	// "Beslut:" alone is bold: the line is not.
	doc = readTestPDF(t, "2022-11-30 socialchefsnatverket--boldbeslut.pdf")
	if l, _ := findLine(doc, "Beslut: Socialchefs nätverket ställer sig bakom"); l.Bold {
		t.Error("a line with a bold label only is Bold")
	}
}

// TestReadPDFTestdataInvariants checks what holds for every example PDF.
func TestReadPDFTestdataInvariants(t *testing.T) {
	for _, f := range pdfTestdata(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, err := readFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != format || doc.Pages < 1 {
				t.Fatalf("Format %q, Pages %d", doc.Format, doc.Pages)
			}
			if doc.Created.IsZero() {
				t.Error("no Created date")
			}
			blanks, page := 0, 1
			for i, l := range doc.Lines {
				switch {
				case l.Page < page || l.Page > doc.Pages:
					t.Errorf("line %d %q: page %d after page %d of %d", i, l.Text, l.Page, page, doc.Pages)
				case strings.Contains(l.Text, "Sida"):
					t.Errorf("page footer left: %q", l.Text)
				case strings.Contains(l.Text, "Minnesanteckningar") && l.Page > 1:
					// the running header stays only on its first page
					t.Errorf("page header left on page %d: %q", l.Page, l.Text)
				case strings.ContainsAny(l.Text, "\n\r"):
					t.Errorf("line break in %q", l.Text)
				case l.Text != textdoc.Clean(l.Text):
					t.Errorf("line not clean: %q", l.Text)
				case l.Heading != 0:
					t.Errorf("heading in a document set in one size: %q", l.Text)
				}
				page = l.Page
				if l.Text != "" {
					continue
				}
				blanks++
				switch {
				case i == 0 || i == len(doc.Lines)-1:
					t.Errorf("blank line %d at an end of the document", i)
				case doc.Lines[i-1].Text == "" || doc.Lines[i+1].Text == "":
					t.Errorf("two blank lines at %d", i)
				case doc.Lines[i-1].Page != l.Page || doc.Lines[i+1].Page != l.Page:
					t.Errorf("blank line %d at a page break", i)
				}
			}
			if blanks < 20 {
				t.Errorf("%d blank lines: paragraphs not separated", blanks)
			}
		})
	}
}

// TestReadPDFTestdataAgainstText compares each PDF with the original text of
// the minutes: every line of the attendance block is a line of the PDF, and
// every word of the PDF is a word of the original (no glyph lost, doubled or
// glued: "ÖckeröÖ", "IFO-chefsnätverketNärvarande:").
func TestReadPDFTestdataAgainstText(t *testing.T) {
	mdLink := regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	for _, f := range pdfTestdata(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			stem, _, _ := strings.Cut(filepath.Base(f), "--")
			orig, err := os.ReadFile(filepath.Join(filepath.Dir(f), stem+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := readFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := mdLink.ReplaceAllString(string(orig), "$1")
			text = strings.NewReplacer("**", "", "*", "", "#", "").Replace(text)

			// The attendance block: from the first "närvarande" line to
			// the first agenda item.
			var block []string
			in := false
			for _, l := range strings.Split(text, "\n") {
				l = strings.TrimSpace(l)
				if strings.Contains(strings.ToLower(l), "närvarande") {
					in = true
				}
				if regexp.MustCompile(`^1\.`).MatchString(l) {
					break
				}
				if in && l != "" {
					block = append(block, l)
				}
			}
			if len(block) < 15 {
				t.Fatalf("attendance block of %d lines", len(block))
			}
			for _, want := range block {
				if _, ok := findLine(doc, want); !ok {
					t.Errorf("attendance line %q missing", want)
				}
			}

			// Words, and pairs of words in a line: a pair of the PDF's
			// words is a pair of the original's ("Beslut: Förslag" of a
			// struck-through deletion is not).
			words, pairs := make(map[string]bool), make(map[[2]string]bool)
			prev := ""
			for _, w := range strings.Fields(text) {
				w = trimWord(w)
				words[w], pairs[[2]string{prev, w}] = true, true
				prev = w
			}
			for _, l := range doc.Lines {
				if l.Page == 1 && strings.HasPrefix(l.Text, "Göteborgsregionen – Minnesanteckningar") {
					// The renderings' running header, kept on page 1 as
					// the document's heading, is not in the original.
					continue
				}
				prev := ""
				for _, w := range strings.Fields(l.Text) {
					if w = trimWord(w); w != "" && !words[w] {
						t.Errorf("word %q of line %q not in the original", w, l.Text)
					}
					if prev != "" && !pairs[[2]string{prev, w}] {
						t.Errorf("words %q %q of line %q not in the original", prev, w, l.Text)
					}
					prev = w
				}
			}
		})
	}
}

func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
}

// Synthetic glyphs: each character 0.5 em wide.

func word(x, y, size float64, s string) []glyph {
	var gs []glyph
	for _, r := range s {
		w := 0.5 * size
		gs = append(gs, glyph{x: x, y: y, end: x + w, size: size, s: string(r), space: unicode.IsSpace(r)})
		x += w
	}
	return gs
}

func bold(gs []glyph) []glyph {
	for i := range gs {
		gs[i].bold = true
	}
	return gs
}

func cat(gss ...[]glyph) []glyph {
	var out []glyph
	for _, gs := range gss {
		out = append(out, gs...)
	}
	return out
}

func texts(lines []textLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return out
}

func TestBuildLines(t *testing.T) {
	const s = 10.0
	rotated := word(100, 100, s, "Dnr 2022")
	for i := range rotated {
		rotated[i].dir = 1
	}
	fakeBold := cat(word(72, 700, s, "Beslut:"), word(72.3, 700, s, "Beslut:"))
	glyphTwice := []glyph{}
	for _, g := range word(72, 700, s, "Ja") {
		g2 := g
		g2.x += 0.3
		glyphTwice = append(glyphTwice, g, g2)
	}
	tests := []struct {
		name   string
		glyphs []glyph
		want   []string
	}{
		{"baseline change", cat(word(72, 700, s, "Juan Navas, Öckerö"), word(72, 686, s, "Jörgen Larzon")),
			[]string{"Juan Navas, Öckerö", "Jörgen Larzon"}},
		{"space glyph", word(72, 700, s, "Anna  Berg"), []string{"Anna Berg"}},
		{"word gap without space glyph", cat(word(72, 700, s, "Anna"), word(72+20+3, 700, s, "Berg")), []string{"Anna Berg"}},
		{"kerning is no gap", cat(word(72, 700, s, "An"), word(72+10+0.3, 700, s, "na")), []string{"Anna"}},
		{"overlap is no gap", cat(word(72, 700, s, "An"), word(72+10-0.5, 700, s, "na")), []string{"Anna"}},
		{"column gap is a tab", cat(word(72, 700, s, "Anna Berg"), word(300, 700, s, "Lerum")), []string{"Anna Berg\tLerum"}},
		{"list number at a tab stop", cat(word(72, 700, s, "1."), word(108, 700, s, "Mötet inleds.")), []string{"1. Mötet inleds."}},
		{"wide list number gap", cat(word(72, 700, s, "12)"), word(150, 700, s, "Övrigt")), []string{"12) Övrigt"}},
		{"bullet at a tab stop", cat(word(90, 700, s, "•"), word(108, 700, s, "Verksamhetsförlagd utbildning")),
			[]string{"• Verksamhetsförlagd utbildning"}},
		{"label at a tab stop", cat(word(72, 700, s, "Närvarande:"), word(250, 700, s, "Anna Berg")), []string{"Närvarande: Anna Berg"}},
		{"bold label, same baseline", cat(bold(word(72, 700, s, "Beslut:")), word(72+35, 700, s, " Socialchefs")),
			[]string{"Beslut: Socialchefs"}},
		{"superscript stays", cat(word(72, 700, s, "GR"), word(82, 703.5, 6, "1"), word(86, 700, s, " text")), []string{"GR1 text"}},
		{"subscript stays", cat(word(72, 700, s, "CO"), word(82, 698, 6, "2")), []string{"CO2"}},
		{"lines sorted top down", cat(word(72, 50, s, "footer"), word(72, 700, s, "body")), []string{"body", "footer"}},
		{"runs on a baseline ordered by x", cat(word(200, 700, s, "Lerum"), word(72, 700, s, "Anna")), []string{"Anna\tLerum"}},
		{"fake bold run dropped", fakeBold, []string{"Beslut:"}},
		{"fake bold glyphs dropped", glyphTwice, []string{"Ja"}},
		{"rotated margin text dropped", cat(word(72, 700, s, "Protokoll"), rotated), []string{"Protokoll"}},
		{"space-only line dropped", cat(word(72, 700, s, "a"), word(72, 680, s, "   ")), []string{"a"}},
		{"ligature expanded", word(72, 700, s, "ﬁnns"), []string{"finns"}},
		{"soft hyphen at the end kept as hyphen", word(72, 700, s, "utveck\u00ad"), []string{"utveck-"}},
		{"no glyphs", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(buildLines(tt.glyphs))
			if !equalStrings(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBuildLinesStyle(t *testing.T) {
	lines := buildLines(cat(
		bold(word(72, 700, 14, "Rubrik")),
		cat(bold(word(72, 680, 10, "Beslut:")), word(110, 680, 10, " ja")),
		bold(word(72, 660, 10, "Allt fett")),
	))
	want := []textLine{
		{text: "Rubrik", size: 14, bold: true},
		{text: "Beslut: ja", size: 10, bold: false},
		{text: "Allt fett", size: 10, bold: true},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %q", texts(lines))
	}
	for i, w := range want {
		if l := lines[i]; l.text != w.text || l.size != w.size || l.bold != w.bold {
			t.Errorf("line %d = %+v, want %+v", i, l, w)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// page builds the lines of a page: body text at pitch 14 from y 786, with
// "" marking a paragraph gap (an extra 10 points), each character 6 points
// wide from x 72, in a text area 40 characters wide.
func page(texts ...string) pageText {
	var out []textLine
	y := 800.0
	for _, s := range texts {
		if s == "" {
			y -= 10
			continue
		}
		y -= 14
		n := utf8.RuneCountInString(s)
		first, _, _ := strings.Cut(s, " ")
		out = append(out, textLine{text: s, y: y, left: 72, right: 72 + 6*float64(n),
			first: 6 * float64(utf8.RuneCountInString(first)), size: 12, chars: n})
	}
	return pageText{lines: out, right: 72 + 6*40}
}

func TestAssemble(t *testing.T) {
	header := "Göteborgsregionen – Minnesanteckningar"
	tests := []struct {
		name  string
		pages []pageText
		want  []string // "2|text": page 2
	}{
		{"paragraphs", []pageText{page("a", "b", "", "c", "d", "e", "", "f")},
			[]string{"1|a", "1|b", "1|", "1|c", "1|d", "1|e", "1|", "1|f"}},
		{"no blank at a page break", []pageText{page("a", "b", "c"), page("", "d", "e", "f")},
			[]string{"1|a", "1|b", "1|c", "2|d", "2|e", "2|f"}},
		{"running header and footer", []pageText{
			page(header, "", "a1", "a2", "a3", "", "Sida 1 av 3"),
			page(header, "", "b1", "b2", "b3", "", "Sida 2 av 3"),
			page(header, "", "c1", "c2", "c3", "", "Sida 3 av 3"),
		}, []string{"1|Göteborgsregionen – Minnesanteckningar", "1|", "1|a1", "1|a2", "1|a3", "2|b1", "2|b2", "2|b3", "3|c1", "3|c2", "3|c3"}},
		{"header on most pages, first line of a page kept", []pageText{
			page("Protokoll", "a1", "a2", "a3"),
			page(header, "b1", "b2", "b3"),
			page(header, "c1", "c2", "c3"),
		}, []string{"1|Protokoll", "1|a1", "1|a2", "1|a3", "2|b1", "2|b2", "2|b3", "3|c1", "3|c2", "3|c3"}},
		{"line repeated in the body is kept", []pageText{
			page("a1", "Beslut: ja", "a3", "a4", "a5", "a6", "a7"),
			page("b1", "b2", "b3", "Beslut: ja", "b5", "b6", "b7"),
		}, []string{"1|a1", "1|Beslut: ja", "1|a3", "1|a4", "1|a5", "1|a6", "1|a7",
			"2|b1", "2|b2", "2|b3", "2|Beslut: ja", "2|b5", "2|b6", "2|b7"}},
		{"page numbers", []pageText{
			page("2 (3)", "a1", "a2", "a3", "1"),
			page("b1", "b2", "b3", "- 2 -"),
			page("Sida 3", "c1", "c2", "c3"),
		}, []string{"1|a1", "1|a2", "1|a3", "2|b1", "2|b2", "2|b3", "3|c1", "3|c2", "3|c3"}},
		{"single page number", []pageText{page("a1", "a2", "", "Sida 1 av 1")}, []string{"1|a1", "1|a2"}},
		{"number inside the body is kept", []pageText{page("a1", "a2", "a3", "a4", "7", "a6", "a7", "a8", "a9")},
			[]string{"1|a1", "1|a2", "1|a3", "1|a4", "1|7", "1|a6", "1|a7", "1|a8", "1|a9"}},
		{"lone number joined", []pageText{page("1.", "Mötet inleds.", "", "2.", "", "Kvinnofrid")},
			[]string{"1|1. Mötet inleds.", "1|", "1|2. Kvinnofrid"}},
		{"lone label joined", []pageText{page("Beslut:", "Socialchefs nätverket ställer sig bakom", "samverkan.")},
			[]string{"1|Beslut: Socialchefs nätverket ställer sig bakom", "1|samverkan."}},
		{"label before a blank kept alone", []pageText{page("Beslut:", "", "Socialchefs nätverket ställer sig bakom")},
			[]string{"1|Beslut:", "1|", "1|Socialchefs nätverket ställer sig bakom"}},
		{"label before a list of names kept alone", []pageText{page("Från GR:", "Lena Holmlund", "Cecilia Axelsson")},
			[]string{"1|Från GR:", "1|Lena Holmlund", "1|Cecilia Axelsson"}},
		{"label before a short last line joined", []pageText{page("Beslut:", "Rapporten godkänns.", "", "Nästa punkt")},
			[]string{"1|Beslut: Rapporten godkänns.", "1|", "1|Nästa punkt"}},
		{"attendance label kept alone", []pageText{page("Närvarande:", "Juan Navas, Öckerö", "Jörgen Larzon, Göteborg")},
			[]string{"1|Närvarande:", "1|Juan Navas, Öckerö", "1|Jörgen Larzon, Göteborg"}},
		{"label before a list kept alone", []pageText{page("Viktiga delar:", "• Verksamhetsförlagd utbildning")},
			[]string{"1|Viktiga delar:", "1|• Verksamhetsförlagd utbildning"}},
		{"sentence ending in a colon kept alone", []pageText{page("Viktiga delar för dialogen om samverkan har varit:", "Verksamhetsförlagd utbildning")},
			[]string{"1|Viktiga delar för dialogen om samverkan har varit:", "1|Verksamhetsförlagd utbildning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range assemble(tt.pages) {
				got = append(got, fmt.Sprintf("%d|%s", l.Page, l.Text))
			}
			if !equalStrings(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAssembleStyle(t *testing.T) {
	p := page("Rubrik", "", "brödtext", "mer brödtext", "och ännu mer", "slut")
	p.lines[0].size, p.lines[0].bold = 16, true
	lines := assemble([]pageText{p})
	if l := lines[0]; l.Text != "Rubrik" || l.Heading != 1 || !l.Bold {
		t.Errorf("heading line = %+v", l)
	}
	if l := lines[2]; l.Heading != 0 || l.Bold {
		t.Errorf("body line = %+v", l)
	}
	// A little larger is not a heading.
	p = page("Nästan", "brödtext", "mer brödtext", "slut")
	p.lines[0].size = 13
	if l := assemble([]pageText{p})[0]; l.Heading != 0 {
		t.Errorf("13 pt line among 12 pt = %+v", l)
	}
}

func TestJoinHyphens(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{[]string{"arbetet med utveck-", "ling av Yrkesresan"}, []string{"arbetet med utveckling", "av Yrkesresan"}},
		{[]string{"för FH-", "nätverket samt"}, []string{"för FH-nätverket", "samt"}},
		{[]string{"kl 13-15 med 2020-", "talet"}, []string{"kl 13-15 med 2020-talet"}},
		{[]string{"skicka e-", "post till"}, []string{"skicka e-post", "till"}},
		{[]string{"inom hälso-", "och sjukvård"}, []string{"inom hälso-", "och sjukvård"}},
		{[]string{"för-", "eller nackdelar"}, []string{"för-", "eller nackdelar"}},
		{[]string{"Göteborgs-", "Posten skriver"}, []string{"Göteborgs-", "Posten skriver"}},
		{[]string{"text -", "och mer"}, []string{"text -", "och mer"}},
		{[]string{"utveck-", "", "ling"}, []string{"utveck-", "", "ling"}},
		{[]string{"kostnads-", "fördelning.", "Nästa"}, []string{"kostnadsfördelning.", "Nästa"}},
	}
	for _, tt := range tests {
		var in []textdoc.Line
		for _, s := range tt.in {
			in = append(in, textdoc.Line{Text: s, Page: 1})
		}
		var got []string
		for _, l := range joinHyphens(in) {
			got = append(got, l.Text)
		}
		if !equalStrings(got, tt.want) {
			t.Errorf("joinHyphens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPDFDate(t *testing.T) {
	cet := time.FixedZone("", 3600)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"D:20221130101500+01'00'", time.Date(2022, 11, 30, 10, 15, 0, 0, cet)},
		{"D:20221130101500+01'00", time.Date(2022, 11, 30, 10, 15, 0, 0, cet)},
		{"D:20221130101500Z", time.Date(2022, 11, 30, 10, 15, 0, 0, time.UTC)},
		{"D:20261122152312Z'", time.Date(2026, 11, 22, 15, 23, 12, 0, time.UTC)},
		{"D:20221130101500-05'30'", time.Date(2022, 11, 30, 10, 15, 0, 0, time.FixedZone("", -(5*3600+30*60)))},
		{"D:2022", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"20221130", time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC)},
		{"D:20221340", time.Time{}},
		{"igår", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		if got := pdfDate(tt.in); !got.Equal(tt.want) {
			t.Errorf("pdfDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// pdfFile writes a small PDF by hand: objects numbered from 1, a correct
// cross-reference table, and optionally 128-bit RC4 encryption (the
// standard security handler, revision 3) with the given user password.
type pdfFile struct {
	objs     []string
	streams  map[int][2]string // object → dictionary, data (encrypted on writing)
	info     int
	encrypt  *string
	xobjects string // entries of the pages' /XObject resources
	compact  bool   // PDF 1.5: objects in an object stream, a cross-reference stream
	hybrid   bool   // with compact: a table for the other objects, the stream named by /XRefStm
}

func (f *pdfFile) add(obj string) int {
	f.objs = append(f.objs, obj)
	return len(f.objs)
}

func (f *pdfFile) stream(dict, data string) int {
	id := f.add("")
	if f.streams == nil {
		f.streams = make(map[int][2]string)
	}
	f.streams[id] = [2]string{dict, data}
	return id
}

var pdfPad = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

func padPassword(pw string) []byte { return append([]byte(pw), pdfPad...)[:32] }

func rc4Bytes(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// rc4Rounds encrypts data with key, then 19 times with key XOR i.
func rc4Rounds(key, data []byte) []byte {
	out := rc4Bytes(key, data)
	for i := 1; i <= 19; i++ {
		k := bytes.Clone(key)
		for j := range k {
			k[j] ^= byte(i)
		}
		out = rc4Bytes(k, out)
	}
	return out
}

func (f *pdfFile) bytes(root int) []byte {
	if f.compact {
		return f.compactBytes(root)
	}
	var key []byte
	var trailer string
	if f.encrypt != nil {
		id := "0123456789abcdef"
		// Algorithm 3: the owner key.
		h := md5.Sum(padPassword("owner"))
		for range 50 {
			h = md5.Sum(h[:])
		}
		o := rc4Rounds(h[:], padPassword(*f.encrypt))
		// Algorithm 2: the file key.
		m := md5.New()
		m.Write(padPassword(*f.encrypt))
		m.Write(o)
		m.Write([]byte{0xfc, 0xff, 0xff, 0xff}) // P = -4
		m.Write([]byte(id))
		k := m.Sum(nil)
		for range 50 {
			s := md5.Sum(k)
			k = s[:]
		}
		key = k
		// Algorithm 5: the user key.
		u := md5.Sum(append(bytes.Clone(pdfPad), id...))
		uu := append(rc4Rounds(key, u[:]), pdfPad[:16]...)
		enc := f.add(fmt.Sprintf("<< /Filter /Standard /V 2 /R 3 /Length 128 /O <%x> /U <%x> /P -4 >>", o, uu))
		trailer = fmt.Sprintf(" /Encrypt %d 0 R /ID [<%x> <%x>]", enc, id, id)
	}
	if f.info > 0 {
		trailer += fmt.Sprintf(" /Info %d 0 R", f.info)
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(f.objs)+1)
	for i, obj := range f.objs {
		id := i + 1
		offsets[id] = b.Len()
		if s, ok := f.streams[id]; ok {
			data := []byte(s[1])
			if key != nil {
				h := md5.New()
				h.Write(key)
				h.Write([]byte{byte(id), byte(id >> 8), byte(id >> 16), 0, 0})
				data = rc4Bytes(h.Sum(nil), data) // min(16, 5+16) bytes
			}
			obj = fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", s[0], len(data), data)
		}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", id, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(f.objs)+1)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(f.objs)+1, root, trailer, xref)
	return b.Bytes()
}

// compactBytes writes the file as PDF 1.5 writers do: every object that is
// not a stream inside one object stream, and a cross-reference stream
// instead of the table and trailer.
func (f *pdfFile) compactBytes(root int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	n := len(f.objs)
	objStm, xrefID := n+1, n+2
	type entry struct{ typ, a, b int }
	entries := make([]entry, n+3)
	entries[0] = entry{0, 0, 65535}
	var head, body strings.Builder
	idx := 0
	for i, obj := range f.objs {
		id := i + 1
		if s, ok := f.streams[id]; ok {
			entries[id] = entry{1, b.Len(), 0}
			fmt.Fprintf(&b, "%d 0 obj\n<< %s /Length %d >>\nstream\n%s\nendstream\nendobj\n", id, s[0], len(s[1]), s[1])
			continue
		}
		fmt.Fprintf(&head, "%d %d ", id, body.Len())
		body.WriteString(obj + "\n")
		entries[id] = entry{2, objStm, idx}
		idx++
	}
	var data bytes.Buffer
	zw := zlib.NewWriter(&data)
	zw.Write([]byte(head.String() + body.String()))
	zw.Close()
	entries[objStm] = entry{1, b.Len(), 0}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n",
		objStm, idx, head.Len(), data.Len(), data.Bytes())
	entries[xrefID] = entry{1, b.Len(), 0}
	// The rows PNG-predicted ("Up") and deflated, as Acrobat and Word
	// write them.
	var xs []byte
	prev := make([]byte, 7)
	for _, e := range entries {
		row := []byte{byte(e.typ), byte(e.a >> 24), byte(e.a >> 16), byte(e.a >> 8), byte(e.a), byte(e.b >> 8), byte(e.b)}
		xs = append(xs, 2)
		for i := range row {
			xs = append(xs, row[i]-prev[i])
		}
		prev = row
	}
	var z bytes.Buffer
	zw = zlib.NewWriter(&z)
	zw.Write(xs)
	zw.Close()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Filter /FlateDecode "+
		"/DecodeParms << /Columns 7 /Predictor 12 >> /Length %d >>\nstream\n%s\nendstream\nendobj\n",
		xrefID, len(entries), root, z.Len(), z.Bytes())
	if f.hybrid {
		// The table lists the objects outside the object stream, the
		// compressed ones as free; the trailer names the stream.
		table := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n", len(entries))
		for id, e := range entries {
			if e.typ == 1 {
				fmt.Fprintf(&b, "%010d 00000 n \n", e.a)
			} else {
				fmt.Fprintf(&b, "%010d 65535 f \n", 0*id)
			}
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n",
			len(entries), root, entries[xrefID].a, table)
		return b.Bytes()
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", entries[xrefID].a)
	return b.Bytes()
}

// simplePDF returns a PDF with one page per content stream, the fonts F1
// (Helvetica) and F2 (Helvetica-Bold), without widths, as the standard 14
// fonts may be.
func simplePDF(f *pdfFile, contents ...string) []byte {
	var streams []int
	for _, c := range contents {
		streams = append(streams, f.stream("", c))
	}
	return pagesPDF(f, streams...)
}

// pagesPDF returns a PDF with one page per content stream object.
func pagesPDF(f *pdfFile, streams ...int) []byte {
	f1 := f.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	f2 := f.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	pagesID := len(f.objs) + 1 + len(streams)
	var kids []string
	for _, strm := range streams {
		kids = append(kids, fmt.Sprintf("%d 0 R", f.add(fmt.Sprintf(
			"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>", pagesID, strm))))
	}
	f.add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << %s >> >> >>",
		strings.Join(kids, " "), len(kids), f1, f2, f.xobjects))
	root := f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesID))
	return f.bytes(root)
}

func TestReadPDFHandmade(t *testing.T) {
	f := &pdfFile{}
	f.info = f.add(`<< /Title (M\366tesanteckningar) /Author <FEFF00C5007300610020004200650072006700F6> ` +
		`/CreationDate (D:20221130101500+01'00') /ModDate (D:20221201090000Z) >>`)
	data := simplePDF(f,
		"BT /F2 12 Tf 72 760 Td (Beslut:) Tj /F1 12 Tf 48 0 Td (Ja) Tj ET\n"+
			"BT /F1 12 Tf 72 746 Td (Juan Navas, \326cker\366) Tj 0 -14 Td (J\366rgen Larzon) Tj ET\n"+
			"BT /F1 12 Tf 72 700 Td [(Word)-333(by)-333(word,)-20(kerned)] TJ ET\n"+
			"BT /F1 12 Tf 72 686 Td 14 TL (first) Tj T* (second) Tj 5 0 (third) \" ET\n"+
			"BT /F1 12 Tf 72 600 Td 3 Tr (invisible OCR layer) Tj ET\n"+
			"BT /F2 12 Tf 72 560 Td (Fr\345n GR:) Tj /F1 12 Tf 0 -14 Td (Lena Holmlund) Tj 0 -14 Td (Cecilia Axelsson) Tj ET\n"+
			"BT /F2 12 Tf 72 500 Td (Fr\345ga:) Tj /F1 12 Tf 0 -14 Td (Vad \344r VGR:s ansvar?) Tj ET\n"+
			"BT /F1 10 Tf 280 40 Td (Sida 1 av 1) Tj ET\n",
	)
	doc, err := readNamed("hand.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Beslut: Ja", "Juan Navas, Öckerö", "Jörgen Larzon", "",
		"Word by word,kerned", "first", "second", "third", "",
		"invisible OCR layer", "",
		"Från GR:", "Lena Holmlund", "Cecilia Axelsson", "",
		"Fråga: Vad är VGR:s ansvar?",
	}
	if got := lineTexts(doc); !equalStrings(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	if doc.Title != "Mötesanteckningar" || doc.Author != "Åsa Bergö" {
		t.Errorf("Title %q, Author %q", doc.Title, doc.Author)
	}
	if want := time.Date(2022, 11, 30, 9, 15, 0, 0, time.UTC); !doc.Created.Equal(want) {
		t.Errorf("Created %v, want %v", doc.Created, want)
	}
	if want := time.Date(2022, 12, 1, 9, 0, 0, 0, time.UTC); !doc.Modified.Equal(want) {
		t.Errorf("Modified %v, want %v", doc.Modified, want)
	}
	if doc.Pages != 1 || doc.Lines[0].Page != 1 {
		t.Errorf("Pages %d, first line on page %d", doc.Pages, doc.Lines[0].Page)
	}
}

// TestReadPDFCompositeFont reads a Type0 font with two-byte codes (Identity-H)
// whose widths come from the W array: gaps must be measured with them, not
// with widths looked up per byte.
func TestReadPDFCompositeFont(t *testing.T) {
	f := &pdfFile{}
	cmap := f.stream("", `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Test def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
6 beginbfchar
<0001> <0041>
<0002> <006E>
<0003> <0061>
<0004> <00F6>
<0005> <0042>
<0006> <FB01>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end`)
	desc := f.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test-Semibold " +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [1 [700 550 500] 4 6 520] >>")
	font := f.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /Test-Semibold /Encoding /Identity-H "+
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", desc, cmap))
	content := f.stream("", "BT /F1 10 Tf 72 700 Td [<0001000200020003>-300<0005000400060002>] TJ "+
		"0 -12 Td [<000100020002>-20<0003>] TJ ET")
	pg := f.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>",
		len(f.objs)+2, content, font))
	pages := f.add(fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", pg))
	root := f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pages))
	doc, err := readNamed("cid.pdf", f.bytes(root))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Anna Böfin", "Anna"}
	if got := lineTexts(doc); !equalStrings(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !doc.Lines[0].Bold {
		t.Error("Semibold font not bold")
	}
}

// helvWidth is the width of s set in simplePDF's Helvetica at 12 pt, as
// the reader estimates it (fallbackWidth: the font has no widths).
func helvWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += fallbackWidth(string(r), false) * 12
	}
	return w
}

// TestReadPDFStrikeOut reads tracked changes printed with markup: deleted
// text struck through is dropped, inserted text underlined is kept, and so
// is text crossed by lines that are not a strike-through.
func TestReadPDFStrikeOut(t *testing.T) {
	// "Beslut:" at 72, then " Förslag att" at x0 to x1, then " Ja"; the
	// baseline is at 700, a strike-through 3.3 pt above it.
	x0 := 72 + helvWidth("Beslut:")
	x1 := x0 + helvWidth(" Förslag att")
	text := "BT /F1 12 Tf 72 700 Td (Beslut:) Tj ( F\366rslag att) Tj ( Ja) Tj ET\n"
	line := func(y, a, b float64) string { return fmt.Sprintf("0.7 w %.2f %.2f m %.2f %.2f l S\n", a, y, b, y) }
	strike := line(703.3, x0, x1)
	// A table row: text in two cells, borders 14 pt above and 4 pt below
	// the baseline.
	row := "BT /F1 12 Tf 72 700 Td (Namn) Tj 218 0 Td (Kommun) Tj ET\n" +
		"0.5 w 60 714 m 500 714 l S 60 696 m 500 696 l S 60 696 m 60 714 l S 280 696 m 280 714 l S 500 696 m 500 714 l S\n"
	p0 := 72 + helvWidth("planer")
	p1 := p0 + helvWidth("ing")
	v0 := 72 + helvWidth("Vi ska")
	v1 := v0 + helvWidth(" absolut inte")
	// A cell as narrow as its text, the borders 11 pt above and 3 pt
	// below the baseline: only the height tells them from a strike-through.
	n1 := 72 + helvWidth("Namn")
	cell := "BT /F1 12 Tf 72 700 Td (Namn) Tj ET\n" +
		fmt.Sprintf("0.5 w 69 711 m %.2f 711 l S 69 697 m %.2f 697 l S\n", n1+3, n1+3)
	tests := []struct {
		name, content string
		want          []string
	}{
		{"struck", text + strike, []string{"Beslut: Ja"}},
		{"struck, line drawn first", strike + text, []string{"Beslut: Ja"}},
		{"struck, line in a translated frame (Word)",
			fmt.Sprintf("q 1 0 0 1 %.2f 700 cm 0.7 w 0 3.3 m %.2f 3.3 l S Q\n", x0, x1-x0) + text, []string{"Beslut: Ja"}},
		{"struck, thin filled bar (LibreOffice)", text + fmt.Sprintf("%.2f 702.9 %.2f 0.8 re f\n", x0, x1-x0), []string{"Beslut: Ja"}},
		{"struck, closed stroked path", text + fmt.Sprintf("0.5 w %.2f 703.3 m %.2f 703.3 l h S\n", x0, x1), []string{"Beslut: Ja"}},
		{"struck in two pieces", text + line(703.3, x0, (x0+x1)/2) + line(703.3, (x0+x1)/2, x1), []string{"Beslut: Ja"}},
		{"struck letters inside a word", "BT /F1 12 Tf 72 700 Td (planer) Tj (ing) Tj (na) Tj ET\n" + line(703.3, p0, p1), []string{"planerna"}},
		{"struck words mid-sentence", "BT /F1 12 Tf 72 700 Td (Vi ska) Tj ( absolut inte) Tj ( delta) Tj ET\n" + line(703.3, v0, v1),
			[]string{"Vi ska delta"}},
		{"struck whole line", text + "BT /F1 12 Tf 72 680 Td (Struken rad) Tj ET\n" + line(683.3, 72, 72+helvWidth("Struken rad")),
			[]string{"Beslut: Förslag att Ja"}},
		{"underlined", text + line(698.8, x0, x1), []string{"Beslut: Förslag att Ja"}},
		{"underlined and struck", text + line(698.8, 72, x1) + strike, []string{"Beslut: Ja"}},
		{"line beside the text", text + line(703.3, x1+helvWidth(" Ja")+20, 400), []string{"Beslut: Förslag att Ja"}},
		{"line too high", text + line(710, x0, x1), []string{"Beslut: Förslag att Ja"}},
		{"line too low", text + line(701.5, x0, x1), []string{"Beslut: Förslag att Ja"}},
		{"highlight bar", "1 1 0 rg " + fmt.Sprintf("%.2f 697 %.2f 14 re f\n", x0, x1-x0) + "0 g " + text, []string{"Beslut: Förslag att Ja"}},
		{"thick line", text + fmt.Sprintf("6 w %.2f 703.3 m %.2f 703.3 l S\n", x0, x1), []string{"Beslut: Förslag att Ja"}},
		{"clipping rectangle", fmt.Sprintf("q %.2f 702.9 %.2f 0.8 re W n ", x0, x1-x0) + text + "Q\n", []string{"Beslut: Förslag att Ja"}},
		{"table row", row, []string{"Namn\tKommun"}},
		{"table cell as narrow as its text", cell, []string{"Namn"}},
		// A rule across the row at strike height runs far past the text
		// on both sides: a border, not a strike-through.
		{"rule across a table row", row + line(703.3, 60, 500), []string{"Namn\tKommun"}},
		{"rotated page", "q 0 1 -1 0 300 100 cm " + text + strike + "Q\n", []string{"Beslut: Ja"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readNamed("strike.pdf", simplePDF(&pdfFile{}, tt.content))
			if err != nil {
				t.Fatal(err)
			}
			if got := lineTexts(doc); !equalStrings(got, tt.want) {
				t.Errorf("lines %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReadPDFForm reads text drawn inside a form XObject.
func TestReadPDFForm(t *testing.T) {
	f := &pdfFile{}
	font := f.add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
	form := f.stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 500 100] /Matrix [1 0 0 1 0 600] "+
		"/Resources << /Font << /C %d 0 R >> >>", font), "BT /C 10 Tf 72 50 Td (in a form) Tj ET")
	// A form without a font of its own uses the one set when it is drawn.
	bare := f.stream("/Type /XObject /Subtype /Form /BBox [0 0 500 100]", "BT 72 500 Td (inherited font) Tj ET")
	content := f.stream("", "BT /C 10 Tf 72 700 Td (on the page) Tj ET q /X1 Do Q /X1 Do /X2 Do")
	pg := f.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Contents %d 0 R "+
		"/Resources << /Font << /C %d 0 R >> /XObject << /X1 %d 0 R /X2 %d 0 R >> >> >>", len(f.objs)+2, content, font, form, bare))
	pages := f.add(fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", pg))
	root := f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pages))
	doc, err := readNamed("form.pdf", f.bytes(root))
	if err != nil {
		t.Fatal(err)
	}
	// The form is drawn twice at the same place: once is kept.
	want := []string{"on the page", "", "in a form", "", "inherited font"}
	if got := lineTexts(doc); !equalStrings(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadPDFNoTextLayer(t *testing.T) {
	f := &pdfFile{}
	img := f.stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x00\xff\xff\x00")
	content := f.stream("", "q 595 0 0 842 0 0 cm /Im1 Do Q 0 0 m 100 100 l S "+
		"BI /W 2 /H 1 /CS /G /BPC 8 ID (x) Tj EI")
	pg := f.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Contents %d 0 R /Resources << /XObject << /Im1 %d 0 R >> >> >>",
		len(f.objs)+2, content, img))
	pages := f.add(fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", pg))
	root := f.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pages))
	_, err := readNamed("scan.pdf", f.bytes(root))
	if !errors.Is(err, textdoc.ErrNoTextLayer) {
		t.Fatalf("err = %v, want textdoc.ErrNoTextLayer", err)
	}
	if !strings.Contains(err.Error(), "scan.pdf") {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestReadPDFCorrupt(t *testing.T) {
	good, err := os.ReadFile(testfiles.Example(t, "2022-11-30 socialchefsnatverket--footer.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	hand := simplePDF(&pdfFile{}, "BT /F1 12 Tf 72 700 Td (hello) Tj ET")
	tests := map[string][]byte{
		"truncated":          good[:len(good)/2],
		"truncated early":    good[:300],
		"header only":        []byte("%PDF-1.4\n"),
		"garbage":            append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("\x00garbage("), 100)...),
		"bad xref offset":    bytes.Replace(hand, []byte("startxref\n"), []byte("startxref\n9"), 1),
		"no root":            bytes.Replace(hand, []byte("/Root"), []byte("/Rot "), 1),
		"truncated handmade": hand[:len(hand)-40],
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			doc, err := readNamed("bad.pdf", data)
			if err == nil {
				t.Fatalf("no error; lines %q", lineTexts(doc))
			}
			var ie *textdoc.Error
			if !errors.As(err, &ie) || ie.File != "bad.pdf" || ie.Format != format {
				t.Fatalf("err = %#v", err)
			}
			if !errors.Is(err, textdoc.ErrCorrupt) {
				t.Errorf("err = %v, want textdoc.ErrCorrupt", err)
			}
			if strings.Contains(err.Error(), "parser panic") {
				t.Errorf("a panic reached Read: %v", err)
			}
		})
	}

	// A file cut before its end-of-file marker: the message names the
	// marker as it is written, with its two percent signs.
	_, err = readNamed("cut.pdf", good[:len(good)/2])
	if want := "cut.pdf: pdf: corrupt file: truncated: no end-of-file marker %%EOF"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestReadPDFBadPage reads a file whose second page cannot be decoded: the
// first page is kept and the fault reported with its page.
func TestReadPDFBadPage(t *testing.T) {
	f := &pdfFile{}
	good := f.stream("", "BT /F1 12 Tf 72 700 Td (good page) Tj ET")
	bad := f.stream("/Filter /JBIG2Decode", "BT /F1 12 Tf 72 700 Td (bad page) Tj ET")
	data := pagesPDF(f, good, bad)
	doc, faults, _, err := readPDFPages(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"good page"}) {
		t.Errorf("lines %q", got)
	}
	var ie *textdoc.Error
	if len(faults) != 1 || !errors.As(faults[0], &ie) || ie.Page != 2 || !errors.Is(ie, textdoc.ErrCorrupt) {
		t.Errorf("faults = %v", faults)
	}

	// Read keeps page 1 and reports page 2 in Warnings, naming the file.
	doc, err = readNamed("half.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"good page"}) || doc.Pages != 2 || doc.Lines[0].Page != 1 {
		t.Errorf("lines %q, Pages %d", got, doc.Pages)
	}
	ie = nil
	if len(doc.Warnings) != 1 || !errors.As(doc.Warnings[0], &ie) {
		t.Fatalf("Warnings = %v, want one *textdoc.Error", doc.Warnings)
	}
	if ie.Page != 2 || ie.File != "half.pdf" || ie.Format != format || !errors.Is(doc.Warnings[0], textdoc.ErrCorrupt) {
		t.Errorf("warning %#v (%v), want page 2 of half.pdf wrapping textdoc.ErrCorrupt", ie, ie)
	}
	if msg := doc.Warnings[0].Error(); !strings.HasPrefix(msg, "half.pdf: page 2: pdf: corrupt file") {
		t.Errorf("warning %q", msg)
	}

	// A file whose only page is bad is an error with the page.
	f = &pdfFile{}
	bad = f.stream("/Filter /JBIG2Decode", "BT /F1 12 Tf 72 700 Td (bad page) Tj ET")
	_, err = readNamed("bad.pdf", pagesPDF(f, bad))
	if !errors.As(err, &ie) || ie.Page != 1 || !errors.Is(err, textdoc.ErrCorrupt) || !strings.Contains(err.Error(), "JBIG2Decode") {
		t.Errorf("err = %v", err)
	}
}

// TestReadPDF15 reads a PDF 1.5 file whose objects, the page tree's
// included, are in an object stream indexed by a cross-reference stream.
func TestReadPDF15(t *testing.T) {
	f := &pdfFile{compact: true}
	data := simplePDF(f, "BT /F1 12 Tf 72 700 Td (Sida ett) Tj ET", "BT /F1 12 Tf 72 700 Td (Sida tv\xe5) Tj ET")
	if bytes.Contains(data, []byte("\ntrailer")) || !bytes.Contains(data, []byte("/ObjStm")) {
		t.Fatal("not a file with an object stream and a cross-reference stream")
	}
	doc, err := readNamed("pdf15.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"Sida ett", "Sida två"}) || doc.Pages != 2 {
		t.Errorf("lines %q, pages %d", got, doc.Pages)
	}
}

// TestReadPDFHybrid reads a hybrid-reference file, as Word saves "PDF 1.5":
// the page tree is in an object stream that only the cross-reference stream
// named by the trailer's /XRefStm indexes.
func TestReadPDFHybrid(t *testing.T) {
	f := &pdfFile{compact: true, hybrid: true}
	data := simplePDF(f, "BT /F1 12 Tf 72 700 Td (Hybrid) Tj ET")
	if !bytes.Contains(data, []byte("/XRefStm")) {
		t.Fatal("not a hybrid file")
	}
	doc, err := readNamed("hybrid.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"Hybrid"}) {
		t.Errorf("lines %q", got)
	}
	if got := fixHybrid(pdfFraming(simplePDF(&pdfFile{}, "BT ET"))); bytes.Contains(got, []byte("/XRef")) {
		t.Error("a file with a table only was rewritten")
	}
}

// TestReadPDFPagePanic: a panic in building a page's lines loses that
// page, with a warning naming it, and not the file.
func TestReadPDFPagePanic(t *testing.T) {
	f := &pdfFile{}
	one := f.stream("", "BT /F1 12 Tf 72 700 Td (first page) Tj ET")
	two := f.stream("", "BT /F1 12 Tf 72 700 Td (second page) Tj ET")
	data := pagesPDF(f, one, two)
	calls := 0
	lineBuilder = func(gs []glyph) []textLine {
		if calls++; calls == 2 {
			panic("index out of range")
		}
		return buildLines(gs)
	}
	defer func() { lineBuilder = buildLines }()
	doc, err := readNamed("panic.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"first page"}) {
		t.Errorf("lines %q", got)
	}
	var ie *textdoc.Error
	if len(doc.Warnings) != 1 || !errors.As(doc.Warnings[0], &ie) || ie.Page != 2 || ie.File != "panic.pdf" {
		t.Errorf("warnings %v", doc.Warnings)
	}
}

// TestReadPDFScanned: a page that draws an image and no text is a scanned
// page; pages with text, and blank pages, are not.
func TestReadPDFScanned(t *testing.T) {
	f := &pdfFile{}
	img := f.stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80")
	text := f.stream("", "BT /F1 12 Tf 72 700 Td (text) Tj ET")
	scan := f.stream("", "q 612 0 0 792 0 0 cm /Im1 Do Q")
	inline := f.stream("", "q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q")
	blank := f.stream("", "")
	f.xobjects = fmt.Sprintf("/Im1 %d 0 R", img)
	_, scans, err := ReadScanned(pagesPDF(f, text, scan, blank, inline))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(scans) != "[2 4]" {
		t.Errorf("scanned pages %v, want [2 4]", scans)
	}
}

// TestReadPDFOpenHexString reads content streams that end inside a hex
// string, on which the library's lexer loops forever: the page is a fault.
// Streams that end otherwise are read.
func TestReadPDFOpenHexString(t *testing.T) {
	const text = "BT /F1 12 Tf 72 700 Td (good) Tj ET\n"
	tests := []struct {
		name  string
		tails []string // the page's content streams after text
		hang  bool
	}{
		{"hex digits", []string{"<41 "}, true},
		{"one <", []string{"<"}, true},
		{"one other byte", []string{"(x) \x92O<\xc4"}, true},
		{"<< then <", []string{"<<<4"}, true},
		{"in an array", []string{"[<41> <4"}, true},
		{"split over streams", []string{"<4", "1 \n"}, true},
		{"dictionary", []string{"<<"}, false},
		{"closed", []string{"<41>", "<"}, true},
		{"closed string", []string{"<41> <4 1> "}, false},
		{"open literal", []string{"(<41"}, false},
		{"comment", []string{"% <41"}, false},
		{"escaped parenthesis", []string{"(\\)<41"}, false},
		{"bad pair", []string{"<4x"}, false},
		{"name", []string{"/A#3C <>"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &pdfFile{}
			var refs []string
			for i, tail := range tt.tails {
				if i == 0 {
					tail = text + tail
				}
				refs = append(refs, fmt.Sprintf("%d 0 R", f.stream("", tail)))
			}
			// The writer ends a stream's data with a newline: a space to
			// the lexer, like the white space it reads past the end.
			content := f.add("[" + strings.Join(refs, " ") + "]")
			data := pagesPDF(f, content)
			done := make(chan struct{})
			var doc *textdoc.Document
			var err error
			go func() {
				defer close(done)
				doc, err = readNamed("hex.pdf", data)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Read hangs")
			}
			if !tt.hang {
				if err != nil {
					t.Fatal(err)
				}
				if got := lineTexts(doc); !equalStrings(got, []string{"good"}) {
					t.Errorf("lines %q", got)
				}
				return
			}
			var ie *textdoc.Error
			if !errors.As(err, &ie) || ie.Page != 1 || !errors.Is(err, textdoc.ErrCorrupt) || !strings.Contains(err.Error(), "hex string") {
				t.Errorf("err = %v, want a fault of page 1 naming the hex string", err)
			}
		})
	}
}

func TestReadPDFEncrypted(t *testing.T) {
	empty := ""
	f := &pdfFile{encrypt: &empty}
	doc, err := readNamed("open.pdf", simplePDF(f, "BT /F1 12 Tf 72 700 Td (Sekretess saknas) Tj ET"))
	if err != nil {
		t.Fatalf("empty user password: %v", err)
	}
	if got := lineTexts(doc); !equalStrings(got, []string{"Sekretess saknas"}) {
		t.Errorf("lines %q", got)
	}

	secret := "hemligt"
	f = &pdfFile{encrypt: &secret}
	_, err = readNamed("locked.pdf", simplePDF(f, "BT /F1 12 Tf 72 700 Td (hemlig text) Tj ET"))
	if !errors.Is(err, textdoc.ErrEncrypted) || !strings.Contains(err.Error(), "locked.pdf") {
		t.Errorf("user password: err = %v, want textdoc.ErrEncrypted naming the file", err)
	}
}

func TestReadPDFFraming(t *testing.T) {
	data := simplePDF(&pdfFile{}, "BT /F1 12 Tf 72 700 Td (hello) Tj ET")
	tests := map[string][]byte{
		"leading junk":  append([]byte("HTTP/1.1 200 OK\r\n\r\n"), data...),
		"trailing junk": append(bytes.Clone(data), bytes.Repeat([]byte("\x00"), 500)...),
		"PDF 2.0":       append([]byte("%PDF-2.0"), data[8:]...),
	}
	for name, data := range tests {
		doc, err := readNamed(name, data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := lineTexts(doc); !equalStrings(got, []string{"hello"}) {
			t.Errorf("%s: lines %q", name, got)
		}
	}
}

func BenchmarkReadPDF(b *testing.B) { testfiles.Benchmark(b, "*.pdf", readNamed) }
