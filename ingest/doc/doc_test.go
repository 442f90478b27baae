package doc

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

var readNamed = testfiles.Named("doc", Read)

func texts(lines []textdoc.Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Text)
	}
	return out
}

// para is a paragraph of a hand-made document: its text up to and with its
// mark, and its properties.
type para struct {
	text string
	pp   paraProps
}

// handmade builds a reader over paragraphs stored as one compressed piece
// (or, with wide, one UTF-16 piece), each paragraph with its properties,
// and character runs marked bold or deleted by the characters '*' and '~'
// around them (the markers are not text).
func handmade(paras []para, wide bool) *reader {
	r := &reader{fib: &fib{}}
	var runes []rune
	for _, p := range paras {
		start := len(runes)
		bold, del := false, false
		for _, c := range p.text {
			switch c {
			case '*':
				bold = !bold
				continue
			case '~':
				del = !del
				continue
			}
			if bold || del {
				fc := len(runes)
				if wide {
					fc *= 2
				}
				r.chpx = append(r.chpx, run{start: fc, end: fc + 1 + btoi(wide), bold: bold, del: del})
			}
			runes = append(runes, c)
		}
		pp := p.pp
		pp.start, pp.end = start, len(runes)
		if wide {
			pp.start, pp.end = 2*start, 2*len(runes)
		}
		r.papx = append(r.papx, pp)
	}
	if wide {
		for _, u := range utf16.Encode(runes) {
			r.wd = binary.LittleEndian.AppendUint16(r.wd, u)
		}
	} else {
		for _, c := range runes {
			r.wd = append(r.wd, byte(c))
		}
	}
	r.pieces = []piece{{cp: 0, n: len(runes), fc: 0, compressed: !wide}}
	r.fib.ccpText = len(runes)
	return r
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestWalk(t *testing.T) {
	inTable := paraProps{inTable: true}
	row := paraProps{inTable: true, ttp: true}
	tests := []struct {
		name  string
		paras []para
		want  []string
	}{
		{"paragraphs and breaks", []para{{text: "Första\r"}, {text: "Andra\vrad\r"}},
			[]string{"Första", "", "Andra", "rad", ""}},
		{"field result kept, code dropped", []para{{text: "Se \x13 HYPERLINK \"x\" \x14länken\x15 här\r"}},
			[]string{"Se länken här", ""}},
		{"field without result", []para{{text: "Sida \x13 PAGE \x15av\r"}}, []string{"Sida av", ""}},
		{"nested fields", []para{{text: "\x13 IF \x13 DATE \x14igår\x15 \x14idag\x15.\r"}}, []string{"idag.", ""}},
		{"special characters", []para{{text: "a\tb\x1ec\x1fd\x01\x08e\u00a0f\r"}}, []string{"a\tb-cde f", ""}},
		{"deleted text", []para{{text: "Ja~ Nej~\r"}}, []string{"Ja", ""}},
		{"page break ends a paragraph", []para{{text: "Ett\x0c"}, {text: "Två\r"}}, []string{"Ett", "", "Två", ""}},
		{"table", []para{{text: "Före\r"}, {text: "Anna\a", pp: inTable}, {text: "Lerum\a", pp: inTable},
			{text: "\a", pp: row}, {text: "Bo\a", pp: inTable}, {text: "\a", pp: inTable}, {text: "\a", pp: row},
			{text: "Efter\r"}},
			[]string{"Före", "", "| Anna | Lerum |", "| Bo |  |", "", "Efter", ""}},
		{"cell with paragraphs", []para{{text: "Rad ett\r", pp: inTable}, {text: "två\a", pp: inTable},
			{text: "X\a", pp: inTable}, {text: "\a", pp: row}},
			[]string{"| Rad ett två | X |", ""}},
	}
	for _, tt := range tests {
		for _, wide := range []bool{false, true} {
			r := handmade(tt.paras, wide)
			if err := r.walk(); err != nil {
				t.Fatal(err)
			}
			if got := texts(r.b.Lines()); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%s (wide %v):\ngot  %q\nwant %q", tt.name, wide, got, tt.want)
			}
		}
	}
}

func TestWalkStyles(t *testing.T) {
	r := handmade([]para{{text: "Rubrik\r", pp: paraProps{istd: 1}}, {text: "Nivå\r", pp: paraProps{hasOutline: true, outline: 2}},
		{text: "*Beslut:*\r"}, {text: "*Halv*fet\r"}}, false)
	r.styles = []style{{}, {heading: 1}}
	if err := r.walk(); err != nil {
		t.Fatal(err)
	}
	want := []textdoc.Line{{Text: "Rubrik", Heading: 1}, {}, {Text: "Nivå", Heading: 2}, {}, {Text: "Beslut:", Bold: true}, {}, {Text: "Halvfet"}, {}}
	got := r.b.Lines()
	if len(got) != len(want) {
		t.Fatalf("lines %q", texts(got))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// lvl encodes an LVL: start, number format, number text (levels as 0-8).
func lvl(start, nfc int, text ...uint16) []byte {
	b := make([]byte, 28)
	binary.LittleEndian.PutUint32(b, uint32(start))
	b[4] = byte(nfc)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(text)))
	for _, c := range text {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

func TestLists(t *testing.T) {
	// Two lists: lsid 10 with levels "1." and "1.a)" (9 levels, the rest
	// decimal), lsid 20 simple, a bullet.
	var table []byte
	table = binary.LittleEndian.AppendUint16(table, 2)
	lstf := func(lsid int32, simple bool) []byte {
		b := make([]byte, 28)
		binary.LittleEndian.PutUint32(b, uint32(lsid))
		if simple {
			b[26] = 1
		}
		return b
	}
	table = append(table, lstf(10, false)...)
	table = append(table, lstf(20, true)...)
	lst := fcLcb{0, uint32(len(table))}
	table = append(table, lvl(1, 0, 0, '.')...)
	table = append(table, lvl(1, 4, 0, '.', 1, ')')...)
	for i := 2; i < 9; i++ {
		table = append(table, lvl(1, 0, uint16(i))...)
	}
	table = append(table, lvl(1, 23, 0xf0b7)...)
	// Three overrides: 1 and 2 of list 10 (2 restarting level 0 at 5), 3 of list 20.
	lfoStart := len(table)
	table = binary.LittleEndian.AppendUint32(table, 3)
	for _, lsid := range []uint32{10, 10, 20} {
		e := make([]byte, 16)
		binary.LittleEndian.PutUint32(e, lsid)
		if len(table) == lfoStart+4+16 {
			e[12] = 1 // one LFOLVL
		}
		table = append(table, e...)
	}
	table = binary.LittleEndian.AppendUint32(table, 0) // LFOData 1
	table = binary.LittleEndian.AppendUint32(table, 0) // LFOData 2: cp
	table = binary.LittleEndian.AppendUint32(table, 5) // iStartAt
	table = binary.LittleEndian.AppendUint32(table, 0x10)
	table = binary.LittleEndian.AppendUint32(table, 0) // LFOData 3
	l := parseLists(table, lst, fcLcb{uint32(lfoStart), uint32(len(table) - lfoStart)})
	steps := []struct{ ilfo, ilvl int }{{1, 0}, {1, 1}, {1, 1}, {1, 0}, {1, 1}, {3, 0}, {2, 0}, {1, 0}, {9, 0}}
	want := []string{"1.", "1.a)", "1.b)", "2.", "2.a)", "•", "5.", "6.", ""}
	for i, s := range steps {
		if got := l.label(s.ilfo, s.ilvl); got != want[i] {
			t.Errorf("step %d (ilfo %d, ilvl %d): %q, want %q", i, s.ilfo, s.ilvl, got, want[i])
		}
	}
}

func TestEachSprm(t *testing.T) {
	grpprl := []byte{
		0x00, 0x46, 0x02, 0x00, // sprmPIstd 2
		0x16, 0x24, 0x01, // sprmPFInTable
		0x08, 0xd6, 0x03, 0x00, 0xaa, 0xbb, // sprmTDefTable, 2 bytes after the size
		0x0b, 0x46, 0x04, 0x00, // sprmPIlfo 4
		0x0a, 0x26, 0x01, // sprmPIlvl 1
		0x40, 0x26, 0x00, // sprmPOutLvl 0
		0x0b, 0x46, // cut short
	}
	var pp paraProps
	pp.apply(grpprl)
	if pp.istd != 2 || !pp.inTable || pp.ilfo != 4 || pp.ilvl != 1 || pp.outline != 1 {
		t.Errorf("%+v", pp)
	}
}

func TestReadErrors(t *testing.T) {
	data, err := os.ReadFile(testfiles.Glob(t, "*.doc")[0])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"not ole", []byte("plain text"), textdoc.ErrCorrupt},
		{"cut", data[:600], textdoc.ErrCorrupt},
		{"bomb", withHeader(data, 0x2c, 1<<30), textdoc.ErrTooLarge},
		{"mini bomb", withHeader(data, 0x40, 1<<31), textdoc.ErrTooLarge},
	}
	for _, tt := range tests {
		if _, err := readNamed(tt.name+".doc", tt.data); !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
	// An encrypted document: the FIB's fEncrypted flag.
	if _, err := parseFIB(withFlags(t, data, 0x0100)); !errors.Is(err, textdoc.ErrEncrypted) {
		t.Errorf("encrypted: %v", err)
	}
}

func withHeader(data []byte, off int, v uint32) []byte {
	b := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(b[off:], v)
	return b
}

// withFlags returns the WordDocument stream of data with its FIB flags set.
func withFlags(t *testing.T, data []byte, flags uint16) []byte {
	s, err := openStreams(data, func(n string) bool { return n == "WordDocument" })
	if err != nil {
		t.Fatal(err)
	}
	wd := append([]byte(nil), s.data["WordDocument"]...)
	binary.LittleEndian.PutUint16(wd[0x0a:], binary.LittleEndian.Uint16(wd[0x0a:])|flags)
	return wd
}

// TestReadTestdata reads the example minutes saved as .doc by LibreOffice.
func TestReadTestdata(t *testing.T) {
	for _, file := range testfiles.Glob(t, "*.doc") {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if Kind(data) != "doc" {
			t.Errorf("%s: Kind %q", file, Kind(data))
		}
		doc, err := readNamed(file, data)
		if err != nil {
			t.Fatal(err)
		}
		all := "\n" + strings.Join(texts(doc.Lines), "\n")
		for _, want := range []string{"\n1. ", "\n3. ", "Närvarande"} {
			if !strings.Contains(strings.ToLower(all), strings.ToLower(want)) {
				t.Errorf("%s: no %q", file, want)
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	testfiles.Fuzz(f, "*.doc", readNamed)
}

func BenchmarkRead(b *testing.B) { testfiles.Benchmark(b, "*.doc", readNamed) }
