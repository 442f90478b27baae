package odt

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

const ns = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
	`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"`

// odtZip builds an .odt with the body and automatic styles given, and
// styles.xml's styles.
func odtZip(t testing.TB, body, autoStyles, styles string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string, method uint16) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	add("mimetype", mediaType, zip.Store)
	add("content.xml", `<?xml version="1.0"?><office:document-content `+ns+`><office:automatic-styles>`+
		autoStyles+`</office:automatic-styles><office:body><office:text>`+body+
		`</office:text></office:body></office:document-content>`, zip.Deflate)
	add("styles.xml", `<?xml version="1.0"?><office:document-styles `+ns+`><office:styles>`+styles+
		`</office:styles></office:document-styles>`, zip.Deflate)
	add("meta.xml", `<?xml version="1.0"?><office:document-meta `+ns+`><office:meta><dc:title>Protokoll</dc:title>`+
		`<meta:initial-creator>Eva</meta:initial-creator><meta:creation-date>2021-03-04T10:00:00</meta:creation-date>`+
		`</office:meta></office:document-meta>`, zip.Deflate)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var readNamed = testfiles.Named("odt", Read)

func texts(doc *textdoc.Document) []string {
	var out []string
	for _, l := range doc.Lines {
		out = append(out, l.Text)
	}
	return out
}

const numbered = `<text:list-style style:name="L1">` +
	`<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>` +
	`<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/>` +
	`<text:list-level-style-number text:level="3" style:num-format="1" text:display-levels="3"/>` +
	`</text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>`

func TestRead(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"paragraphs", `<text:p>Första</text:p><text:p>Andra<text:line-break/>raden</text:p>`,
			[]string{"Första", "", "Andra", "raden", ""}},
		{"spaces and tabs", `<text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p>`, []string{"a   b\tc", ""}},
		{"list", `<text:list text:style-name="L1"><text:list-item><text:p>Inledning</text:p></text:list-item>` +
			`<text:list-item><text:p>Beslut</text:p><text:p>Mer text</text:p></text:list-item></text:list>`,
			[]string{"1. Inledning", "", "2. Beslut", "", "Mer text", ""}},
		{"nested list", `<text:list text:style-name="L1"><text:list-item><text:p>A</text:p>` +
			`<text:list><text:list-item><text:p>B</text:p></text:list-item><text:list-item><text:p>C</text:p>` +
			`<text:list><text:list-item><text:p>D</text:p></text:list-item></text:list></text:list-item></text:list>` +
			`</text:list-item><text:list-item><text:p>E</text:p></text:list-item></text:list>`,
			[]string{"1. A", "", "a) B", "", "b) C", "", "1.b.1 D", "", "2. E", ""}},
		{"start value and continued list", `<text:list text:style-name="L1"><text:list-item text:start-value="4"><text:p>Fyra</text:p></text:list-item></text:list>` +
			`<text:p>Mellan</text:p><text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p>Fem</text:p></text:list-item></text:list>` +
			`<text:list text:style-name="L1"><text:list-item><text:p>Ny</text:p></text:list-item></text:list>`,
			[]string{"4. Fyra", "", "Mellan", "", "5. Fem", "", "1. Ny", ""}},
		{"list header and bullets", `<text:list text:style-name="B"><text:list-header><text:p>Rubrik</text:p></text:list-header>` +
			`<text:list-item><text:p>Punkt</text:p></text:list-item></text:list>`,
			[]string{"Rubrik", "", "• Punkt", ""}},
		{"tracked changes accepted", `<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>` +
			`<text:p>borttaget</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
			`<text:p>Ja<text:change text:change-id="c1"/><text:change-start text:change-id="c2"/> tillagt<text:change-end text:change-id="c2"/></text:p>`,
			[]string{"Ja tillagt", ""}},
		{"table", `<table:table><table:table-row><table:table-cell><text:p>Anna</text:p></table:table-cell>` +
			`<table:table-cell><text:p>Lerum</text:p><text:p>kommun</text:p></table:table-cell><table:covered-table-cell/></table:table-row>` +
			`<table:table-row><table:table-cell/><table:table-cell/></table:table-row></table:table><text:p>Efter</text:p>`,
			[]string{"| Anna | Lerum kommun |", "", "Efter", ""}},
		{"notes, annotations, drawings skipped", `<text:p>Text<text:note><text:note-body><text:p>fot</text:p></text:note-body></text:note>` +
			`<office:annotation><text:p>kommentar</text:p></office:annotation><draw:frame><draw:image/></draw:frame>.</text:p>`,
			[]string{"Text.", ""}},
		{"line ends in the XML are spaces", "<text:p>ett\ntvå</text:p>", []string{"ett två", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(odtZip(t, tt.body, numbered, ""))
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
	styles := `<style:style style:name="Heading_20_1" style:family="paragraph" style:default-outline-level="1"/>` +
		`<style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>` +
		`<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/></text:outline-style>`
	auto := `<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_1"/>` +
		`<style:style style:name="P2" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>` +
		`<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>`
	body := `<text:h text:outline-level="1">Första</text:h><text:h text:outline-level="1">Andra</text:h>` +
		`<text:p text:style-name="P1">Stil</text:p><text:p text:style-name="P2">Fet</text:p>` +
		`<text:p text:style-name="P2">Fet <text:span text:style-name="T1">inte</text:span></text:p>` +
		`<text:p><text:span text:style-name="Strong">Beslut:</text:span></text:p>`
	doc, err := readNamed("s.odt", odtZip(t, body, auto, styles))
	if err != nil {
		t.Fatal(err)
	}
	want := []textdoc.Line{
		{Text: "1. Första", Heading: 1}, {}, {Text: "2. Andra", Heading: 1}, {}, {Text: "Stil", Heading: 1}, {},
		{Text: "Fet", Bold: true}, {}, {Text: "Fet inte"}, {}, {Text: "Beslut:", Bold: true}, {},
	}
	if len(doc.Lines) != len(want) {
		t.Fatalf("lines %q", texts(doc))
	}
	for i, l := range doc.Lines {
		l.No = 0
		if l != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, l, want[i])
		}
	}
	if doc.Title != "Protokoll" || doc.Author != "Eva" || doc.Created.Year() != 2021 {
		t.Errorf("metadata %q %q %v", doc.Title, doc.Author, doc.Created)
	}
}

func TestReadErrors(t *testing.T) {
	deep := odtZip(t, strings.Repeat("<text:span>", 2*MaxDepth), "", "")
	var enc bytes.Buffer
	zw := zip.NewWriter(&enc)
	for name, content := range map[string]string{
		"content.xml":           "<x/>",
		"META-INF/manifest.xml": `<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"not a zip", []byte("PK\x03\x04 broken"), textdoc.ErrCorrupt},
		{"deep", deep, textdoc.ErrTooLarge},
		{"password", enc.Bytes(), textdoc.ErrEncrypted},
		{"bad xml", odtZip(t, "<text:p>a</text:q>", "", ""), textdoc.ErrCorrupt},
	}
	for _, tt := range tests {
		if _, err := readNamed(tt.name+".odt", tt.data); !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
}

// TestReadBomb: a content.xml that inflates past MaxPart is refused.
func TestReadBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("content.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i <= MaxPart>>20; i++ {
		w.Write(chunk)
	}
	zw.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	if _, err := Read(buf.Bytes()); !errors.Is(err, textdoc.ErrTooLarge) {
		t.Errorf("err %v, want ErrTooLarge", err)
	}
}

func TestIs(t *testing.T) {
	if !Is(odtZip(t, "", "", "")) {
		t.Error("an .odt is not recognised")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	zw.Close()
	if Is(buf.Bytes()) || Is([]byte("plain")) {
		t.Error("a spreadsheet or text is taken for an .odt")
	}
}

// TestReadTestdata reads the example minutes saved as .odt by LibreOffice:
// the auto-numbered agenda keeps its numbers.
func TestReadTestdata(t *testing.T) {
	for _, file := range testfiles.Glob(t, "*.odt") {
		doc, err := readNamed.File(file)
		if err != nil {
			t.Fatal(err)
		}
		all := "\n" + strings.Join(texts(doc), "\n")
		for _, want := range []string{"\n1. ", "\n2. ", "\n3. "} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: no agenda line starting %q", file, want)
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(odtZip(f, `<text:list text:style-name="L1"><text:list-item><text:p>A<text:s/></text:p></text:list-item></text:list>`+
		`<table:table><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`, numbered, ""))
	testfiles.Fuzz(f, "*.odt", readNamed)
}

func BenchmarkRead(b *testing.B) { testfiles.Benchmark(b, "*.odt", readNamed) }
