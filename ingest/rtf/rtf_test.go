package rtf

import (
	"errors"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

var readNamed = testfiles.Named("rtf", Read)

func texts(doc *textdoc.Document) []string {
	var out []string
	for _, l := range doc.Lines {
		out = append(out, l.Text)
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		rtf  string
		want []string
	}{
		{"paragraphs", `{\rtf1\ansi Första stycket\par Andra\line raden\par}`,
			[]string{"Första stycket", "", "Andra", "raden", ""}},
		{"code page", `{\rtf1\ansi\ansicpg1252 Sm\'e5land \'f6\'e4\par}`, []string{"Småland öä", ""}},
		{"other code page", `{\rtf1\ansi\ansicpg1250 \'8a\'e8\par}`, []string{"Šč", ""}},
		{"unicode with fallback", `{\rtf1\uc1 G\u246?teborg \u8211\'96 Lerum\par}`, []string{"Göteborg – Lerum", ""}},
		{"uc0", `{\rtf1\uc0 \u229 r\par}`, []string{"år", ""}},
		{"surrogates", `{\rtf1\uc1 \u-10179?\u-8704?\par}`, []string{"😀", ""}},
		{"tables skipped", `{\rtf1{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator X;}Text\par}`,
			[]string{"Text", ""}},
		{"unknown ignorable destination", `{\rtf1 A{\*\unknownthing hidden}B\par}`, []string{"AB", ""}},
		{"headers and pictures", `{\rtf1{\header Sida 1}{\pict\pngblip 89504e}{\footer Fot}Kropp\par}`,
			[]string{"Kropp", ""}},
		{"field result kept, code dropped", `{\rtf1{\field{\*\fldinst HYPERLINK "x"}{\fldrslt Länk}}\par}`,
			[]string{"Länk", ""}},
		{"tab", `{\rtf1 Namn\tab Ort\par}`, []string{"Namn\tOrt", ""}},
		{"symbols", `{\rtf1 a\~b\-c\_d \{x\} \\ \emdash\par}`, []string{"a bc-d {x} \\ —", ""}},
		{"list text", `{\rtf1{\listtext\pard\plain 1.\tab}\ls1 Inledning\par{\listtext 2.\tab}Beslut\par}`,
			[]string{"1. Inledning", "", "2. Beslut", ""}},
		{"symbol bullet", `{\rtf1{\listtext\f1\u61623\'3f\tab}Punkt\par}`, []string{"• Punkt", ""}},
		{"old list text", `{\rtf1{\pntext\f1 a)\tab}{\*\pn\pnlvlbody\pnlcltr}Punkt\par}`,
			[]string{"a) Punkt", ""}},
		{"deleted text", `{\rtf1 Ja{\deleted  Nej}\par}`, []string{"Ja", ""}},
		{"hidden text", `{\rtf1 Synlig{\v  dold}\par}`, []string{"Synlig", ""}},
		{"table", `{\rtf1 Före\par\trowd\cellx1000\cellx2000\pard\intbl Anna\cell Lerum\cell\row` +
			`\trowd\intbl Bo\cell Alingsås\cell\row\pard Efter\par}`,
			[]string{"Före", "", "| Anna | Lerum |", "| Bo | Alingsås |", "", "Efter", ""}},
		{"cell paragraphs", `{\rtf1\trowd\pard\intbl Rad ett\par Rad två\cell X\cell\row}`,
			[]string{"| Rad ett Rad två | X |", ""}},
		{"text after the end", `{\rtf1 Slut\par}junk{`, []string{"Slut", ""}},
		{"unclosed", `{\rtf1 Öppen`, []string{"Öppen", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read([]byte(tt.rtf))
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(doc); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReadStyles(t *testing.T) {
	doc, err := Read([]byte(`{\rtf1{\stylesheet{\s0 Normal;}{\s1\b Heading 1;}{\s5\outlinelevel1 Egen;}}` +
		`{\info{\title Protokoll}{\author Eva}}` +
		`\pard\s1 Rubrik\par\pard\s5 Under\par\pard\outlinelevel2 Nivå\par\pard {\b Fet}\par\pard {\b Halv}fet\par}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []textdoc.Line{
		{Text: "Rubrik", Heading: 1}, {}, {Text: "Under", Heading: 2}, {}, {Text: "Nivå", Heading: 3}, {},
		{Text: "Fet", Bold: true}, {}, {Text: "Halvfet"}, {},
	}
	if len(doc.Lines) != len(want) {
		t.Fatalf("lines %q", texts(doc))
	}
	for i, l := range doc.Lines {
		if l != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, l, want[i])
		}
	}
	if doc.Title != "Protokoll" || doc.Author != "Eva" {
		t.Errorf("title %q, author %q", doc.Title, doc.Author)
	}
}

// TestReadBomb: groups nested without end are refused with a limit.
func TestReadBomb(t *testing.T) {
	data := `{\rtf1 ` + strings.Repeat("{", 10*MaxDepth)
	_, err := readNamed("bomb.rtf", []byte(data))
	if !errors.Is(err, textdoc.ErrTooLarge) {
		t.Errorf("err %v, want ErrTooLarge", err)
	}
	if _, err := Read([]byte("{\\rt")); !errors.Is(err, textdoc.ErrCorrupt) {
		t.Errorf("not RTF: %v", err)
	}
}

// TestReadTestdata reads the example minutes saved as RTF by LibreOffice:
// the agenda keeps its numbers and every line of the original's agenda is
// there.
func TestReadTestdata(t *testing.T) {
	for _, file := range testfiles.Glob(t, "*.rtf") {
		doc, err := readNamed.File(file)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(texts(doc), "\n")
		for _, want := range []string{"\n1. ", "\n2. ", "\n3. "} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: no agenda line starting %q", file, want)
			}
		}
		if strings.ContainsAny(all, "{}\\") {
			t.Errorf("%s: RTF syntax left in the text", file)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\listtext 1.\tab}Sm\'e5\u246?\par\trowd\intbl A\cell B\cell\row}`))
	f.Add([]byte(`{\rtf1{\stylesheet{\s1 Heading 1;}}\s1 R\par{\field{\*\fldinst X}{\fldrslt Y}}\uc2\u-10179??\u-8704??}`))
	testfiles.Fuzz(f, "*.rtf", readNamed)
}

func BenchmarkRead(b *testing.B) { testfiles.Benchmark(b, "*.rtf", readNamed) }
