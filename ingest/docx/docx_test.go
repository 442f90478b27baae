package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
)

// Synthetic DOCX files: each test shows the XML of its document.

const docxNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex"`

// docxDocument wraps a body fragment as word/document.xml.
func docxDocument(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document ` + docxNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// docxNumberingXML wraps w:abstractNum and w:num elements as word/numbering.xml.
func docxNumberingXML(inner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + docxNS + `>` + inner + `</w:numbering>`
}

// docxStylesXML wraps w:style elements as word/styles.xml.
func docxStylesXML(inner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + docxNS + `>` + inner + `</w:styles>`
}

// docxZip zips the parts, in name order.
func docxZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxRead reads a DOCX made of a body fragment and optional numbering and
// styles parts (inner XML, "" for none) through Read.
func docxRead(t testing.TB, body, numbering, styles string) *textdoc.Document {
	t.Helper()
	parts := map[string]string{"word/document.xml": docxDocument(body)}
	if numbering != "" {
		parts["word/numbering.xml"] = docxNumberingXML(numbering)
	}
	if styles != "" {
		parts["word/styles.xml"] = docxStylesXML(styles)
	}
	doc, err := readNamed("test.docx", docxZip(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != format {
		t.Fatalf("format %q, want docx", doc.Format)
	}
	return doc
}

// docxTexts returns the non-empty line texts.
func docxTexts(doc *textdoc.Document) []string {
	var out []string
	for _, l := range doc.Lines {
		if l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return out
}

// docxLine returns the first line with the text.
func docxLine(t testing.TB, doc *textdoc.Document, text string) textdoc.Line {
	t.Helper()
	for _, l := range doc.Lines {
		if l.Text == text {
			return l
		}
	}
	t.Fatalf("no line %q in %q", text, docxTexts(doc))
	return textdoc.Line{}
}

func docxCheckTexts(t *testing.T, doc *textdoc.Document, want []string) {
	t.Helper()
	if got := docxTexts(doc); !slices.Equal(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
}

// docxNumP is a paragraph numbered with instance numID at level ilvl.
func docxNumP(numID, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>`+
		`<w:r><w:t>%s</w:t></w:r></w:p>`, ilvl, numID, text)
}

// docxLvl is a w:lvl.
func docxLvl(ilvl, start int, format, text string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/></w:lvl>`,
		ilvl, start, format, text)
}

func TestReadDOCXParagraphs(t *testing.T) {
	doc := docxRead(t, `
<w:p><w:r><w:t>Anteckningar</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Närvarande: </w:t></w:r><w:r><w:t>Karin Alvermalm</w:t></w:r></w:p>`, "", "")
	want := []textdoc.Line{
		{Text: "Anteckningar", No: 1},
		{Text: "", No: 2},
		{Text: "Närvarande: Karin Alvermalm", No: 3},
		{Text: "", No: 4},
	}
	if !slices.Equal(doc.Lines, want) {
		t.Errorf("lines\n got %+v\nwant %+v", doc.Lines, want)
	}
}

func TestReadDOCXRunContent(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"tab", `<w:p><w:r><w:t>Anna Berg</w:t><w:tab/><w:t>Lerum</w:t></w:r></w:p>`,
			[]string{"Anna Berg\tLerum"}},
		{"line break", `<w:p><w:r><w:t>Anna Berg, Lerum</w:t><w:br/><w:t>Per Ek, Ale</w:t></w:r></w:p>`,
			[]string{"Anna Berg, Lerum", "Per Ek, Ale"}},
		{"carriage return", `<w:p><w:r><w:t>a</w:t><w:cr/><w:t>b</w:t></w:r></w:p>`,
			[]string{"a", "b"}},
		{"page break", `<w:p><w:r><w:t>före</w:t><w:br w:type="page"/><w:t>efter</w:t></w:r></w:p>`,
			[]string{"före", "efter"}},
		{"last rendered page break is no break", `<w:p><w:r><w:t>sam</w:t><w:lastRenderedPageBreak/><w:t>man</w:t></w:r></w:p>`,
			[]string{"samman"}},
		{"hyphens", `<w:p><w:r><w:t>FoU</w:t><w:noBreakHyphen/><w:t>projekt kostnads</w:t><w:softHyphen/><w:t>fördelning</w:t></w:r></w:p>`,
			[]string{"FoU-projekt kostnadsfördelning"}},
		{"symbol", `<w:p><w:r><w:t>Se </w:t><w:sym w:font="Times New Roman" w:char="2192"/><w:t> bilaga</w:t><w:sym w:font="Wingdings" w:char="F0E0"/></w:r></w:p>`,
			[]string{"Se → bilaga"}},
		{"newline in text is a space", "<w:p><w:r><w:t>två\nrader</w:t></w:r></w:p>",
			[]string{"två rader"}},
		{"cleaned", "<w:p><w:r><w:t>e\u00a0post\u200b \ufb01l  </w:t></w:r></w:p>",
			[]string{"e post fil"}},
		{"hidden text", `<w:p><w:r><w:t>synlig</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t> dold</w:t></w:r></w:p>`,
			[]string{"synlig"}},
		{"ruby text", `<w:p><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かん</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:p>`,
			[]string{"漢"}},
		{"math and drawing text are not body text", `<w:p><w:r><w:t>x</w:t></w:r><w:r><w:drawing><a:graphic><a:t>diagram</a:t></a:graphic></w:drawing></w:r></w:p>`,
			[]string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docxCheckTexts(t, docxRead(t, tt.body, "", ""), tt.want)
		})
	}
}

func TestReadDOCXTrackedChanges(t *testing.T) {
	doc := docxRead(t, `
<w:p>
  <w:r><w:rPr><w:b/></w:rPr><w:t>Beslut:</w:t></w:r>
  <w:del w:id="1" w:author="CA"><w:r><w:delText xml:space="preserve"> Förslag att</w:delText></w:r></w:del>
  <w:ins w:id="2" w:author="CA"><w:r><w:t xml:space="preserve"> nätverket ställer sig bakom</w:t></w:r></w:ins>
</w:p>
<w:p>
  <w:moveFrom w:id="3"><w:r><w:t>flyttad härifrån</w:t></w:r></w:moveFrom>
  <w:r><w:t>kvar</w:t></w:r>
  <w:moveTo w:id="4"><w:r><w:t xml:space="preserve"> flyttad hit</w:t></w:r></w:moveTo>
</w:p>
<w:p>
  <w:r><w:rPr><w:b w:val="0"/><w:rPrChange w:id="5"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>var fet</w:t></w:r>
</w:p>
<w:p>
  <w:pPr><w:pPrChange w:id="6"><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr>
  <w:r><w:t>var rubrik</w:t></w:r>
</w:p>
<w:p>
  <w:r><w:t>Utan</w:t></w:r><w:del w:id="8"><w:r><w:tab/><w:br/><w:t>ogiltig</w:t></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t xml:space="preserve"> radbrytning</w:t></w:r>
</w:p>
<w:p>
  <w:r><w:t>Överstruken</w:t></w:r><w:del w:id="7"><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:delInstrText> PAGE </w:delInstrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:del><w:r><w:t xml:space="preserve"> text</w:t></w:r>
</w:p>`, docxLvlNumbering, docxHeadingStyles)
	docxCheckTexts(t, doc, []string{
		"Beslut: nätverket ställer sig bakom",
		"kvar flyttad hit",
		"var fet",
		"var rubrik",
		"Utan radbrytning",
		"Överstruken text",
	})
	if l := docxLine(t, doc, "var fet"); l.Bold {
		t.Error("the former formatting of a rPrChange was applied")
	}
	if l := docxLine(t, doc, "var rubrik"); l.Heading != 0 {
		t.Error("the former properties of a pPrChange were applied")
	}
}

// A deleted paragraph mark joins the paragraph to the next, whose properties
// apply; a wholly deleted agenda item does not take a number.
func TestReadDOCXDeletedParagraphMark(t *testing.T) {
	doc := docxRead(t, `
`+docxNumP(1, 0, "Mötet inleds")+`
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr>
  <w:del w:id="2"><w:r><w:delText>Struken punkt</w:delText></w:r></w:del></w:p>
`+docxNumP(1, 0, "Ekonomi")+`
<w:p><w:pPr><w:rPr><w:del w:id="3"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Första halvan, </w:t></w:r></w:p>
<w:p><w:r><w:t>andra halvan.</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="4"/></w:rPr></w:pPr><w:r><w:t>Sist före tabell</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, docxLvlNumbering, "")
	docxCheckTexts(t, doc, []string{
		"1. Mötet inleds",
		"2. Ekonomi",
		"Första halvan, andra halvan.",
		"Sist före tabell",
		"| cell |",
	})
}

func TestReadDOCXContainers(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"run-level content control", `<w:p><w:r><w:t xml:space="preserve">Ordförande: </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Ordförande"/></w:sdtPr><w:sdtContent><w:r><w:t>Lena Holmlund</w:t></w:r></w:sdtContent></w:sdt></w:p>`,
			[]string{"Ordförande: Lena Holmlund"}},
		{"block-level content control", `<w:sdt><w:sdtPr><w:alias w:val="Sekreterare"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Antecknat av Cecilia Axelsson</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
			[]string{"Antecknat av Cecilia Axelsson"}},
		{"content control placeholder", `<w:p><w:r><w:t xml:space="preserve">Datum: </w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>Klicka här för att ange datum.</w:t></w:r></w:sdtContent></w:sdt></w:p>`,
			[]string{"Datum:"}},
		{"content controls around rows and cells", `<w:tbl><w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>Anna Berg</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt><w:tc><w:p><w:r><w:t>Lerum</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>`,
			[]string{"| Anna Berg | Lerum |"}},
		{"hyperlink", `<w:p><w:r><w:t xml:space="preserve">Se </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>www.vardsamverkan.se</w:t></w:r></w:hyperlink></w:p>`,
			[]string{"Se www.vardsamverkan.se"}},
		{"smart tag and custom XML", `<w:p><w:smartTag w:element="place"><w:r><w:t>Göteborg</w:t></w:r></w:smartTag><w:customXml w:element="x"><w:r><w:t xml:space="preserve"> 30 november</w:t></w:r></w:customXml></w:p>`,
			[]string{"Göteborg 30 november"}},
		{"bidi containers", `<w:p><w:dir w:val="rtl"><w:r><w:t>a</w:t></w:r></w:dir><w:bdo w:val="ltr"><w:r><w:t>b</w:t></w:r></w:bdo></w:p>`,
			[]string{"ab"}},
		{"footnote and comment references", `<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Text</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>`,
			[]string{"Text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docxCheckTexts(t, docxRead(t, tt.body, "", ""), tt.want)
		})
	}
}

func TestReadDOCXFields(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"simple field keeps its result", `<w:p><w:r><w:t xml:space="preserve">Sida </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>`,
			[]string{"Sida 3"}},
		{"complex field", `<w:p><w:r><w:t xml:space="preserve">Se </w:t></w:r>` +
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://goteborgsregionen.se" </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>goteborgsregionen.se</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			[]string{"Se goteborgsregionen.se"}},
		{"nested fields", `<w:p>` +
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCPROPERTY Status </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Klar</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:r><w:instrText xml:space="preserve"> = "Klar" "Justerat" "Utkast" </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Justerat</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:r><w:t xml:space="preserve"> protokoll</w:t></w:r></w:p>`,
			[]string{"Justerat protokoll"}},
		{"field without result", `<w:p><w:r><w:t>Ekonomi</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> XE "Ekonomi" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			[]string{"Ekonomi"}},
		{"field across paragraphs", `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Inledning</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>` +
			`<w:p><w:r><w:t>Beslut</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
			`<w:p><w:r><w:t>Brödtext</w:t></w:r></w:p>`,
			[]string{"Inledning\t1", "Beslut\t2", "Brödtext"}},
		{"unbalanced field characters", `<w:p><w:r><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/><w:t>kvar</w:t></w:r></w:p>`,
			[]string{"kvar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docxCheckTexts(t, docxRead(t, tt.body, "", ""), tt.want)
		})
	}
}

func TestReadDOCXTables(t *testing.T) {
	doc := docxRead(t, `
<w:p><w:r><w:t>Närvarande:</w:t></w:r></w:p>
<w:tbl>
  <w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>
  <w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>
  <w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Namn</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Kommun</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:tc><w:p><w:r><w:t>Karin Alvermalm</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Alingsås</w:t></w:r></w:p><w:p><w:r><w:t>punkt 1</w:t></w:r></w:p></w:tc></w:tr>
  <w:tr><w:trPr><w:del w:id="1"/></w:trPr><w:tc><w:p><w:r><w:t>Struken</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
  <w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>
  <w:tr><w:tc><w:p><w:r><w:t>A|B</w:t><w:br/><w:t>C</w:t><w:tab/><w:t>D</w:t></w:r></w:p></w:tc>
    <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inre 1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>inre 2</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:p><w:r><w:t>inre 3</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
  <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>sammanfogad</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p><w:r><w:t>Efter tabellen</w:t></w:r></w:p>`, "", "")
	want := []textdoc.Line{
		{Text: "Närvarande:"},
		{},
		{Text: "| Namn | Kommun |", Bold: true},
		{Text: "| Karin Alvermalm | Alingsås punkt 1 |"},
		{Text: `| A\|B C D | inre 1 inre 2 inre 3 |`},
		{Text: "|  | sammanfogad |"},
		{},
		{Text: "Efter tabellen"},
		{},
	}
	for i := range doc.Lines {
		doc.Lines[i].No = 0
	}
	if !slices.Equal(doc.Lines, want) {
		t.Errorf("lines\n got %+v\nwant %+v", doc.Lines, want)
	}
}

func TestReadDOCXTextBoxes(t *testing.T) {
	textBox := `<w:txbxContent><w:p><w:r><w:t>Ruta</w:t></w:r></w:p></w:txbxContent>`
	doc := docxRead(t, `
<w:p><w:r><w:t xml:space="preserve">Före </w:t></w:r><w:r>
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>`+textBox+`</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox>`+textBox+`</v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent></w:r><w:r><w:t>efter</w:t></w:r></w:p>
<w:p><w:r><w:t>Smile </w:t></w:r><mc:AlternateContent><mc:Choice Requires="w16se"><w:r><w16se:symEx w16se:font="Segoe UI Emoji" w16se:char="1F642"/></w:r></mc:Choice><mc:Fallback><w:r><w:t>🙂</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
<w:p><w:r><mc:AlternateContent xmlns:x="urn:unknown"><mc:Choice Requires="x"><w:t>X</w:t></mc:Choice><mc:Choice Requires="wps"><w:t>wps</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><mc:AlternateContent xmlns:wps="urn:unknown"><mc:Choice Requires="wps"><w:t>omdefinierat prefix</w:t></mc:Choice><mc:Fallback><w:t>reserv</w:t></mc:Fallback></mc:AlternateContent></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t xml:space="preserve"> och wps igen</w:t></mc:Choice></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>VML-ruta</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`, "", "")
	docxCheckTexts(t, doc, []string{"Före efter", "Ruta", "Smile 🙂", "wps", "reserv och wps igen", "VML-ruta"})
}

func TestReadDOCXHeadings(t *testing.T) {
	styles := `
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="Rubrik 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="Mötespunkt"/><w:basedOn w:val="Rubrik2"/></w:style>
<w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Egen rubrik"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="EgenUnder"><w:name w:val="Egen underrubrik"/><w:basedOn w:val="Egen"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Brod"><w:name w:val="heading 4"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>`
	doc := docxRead(t, `
<w:p><w:pPr><w:pStyle w:val="Rubrik"/></w:pPr><w:r><w:t>Minnesanteckningar</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Rubrik ett</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Punkt"/></w:pPr><w:r><w:br w:type="page"/><w:t>Ärvd rubrik två</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="EgenUnder"/></w:pPr><w:r><w:t>Nivå tre</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>Nivå fyra</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Brödtext i rubrikstil</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Brod"/></w:pPr><w:r><w:t>Brödtext</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>Cykel</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Saknas"/></w:pPr><w:r><w:t>Okänd stil</w:t></w:r></w:p>`, "", styles)
	for text, want := range map[string]int{
		"Minnesanteckningar":    1,
		"Rubrik ett":            1,
		"Ärvd rubrik två":       2,
		"Nivå tre":              3,
		"Nivå fyra":             4,
		"Brödtext i rubrikstil": 0,
		"Brödtext":              0,
		"Cykel":                 0,
		"Okänd stil":            0,
	} {
		if got := docxLine(t, doc, text).Heading; got != want {
			t.Errorf("%q: heading %d, want %d", text, got, want)
		}
	}
	for _, l := range doc.Lines {
		if l.Text == "" && (l.Heading != 0 || l.Bold) {
			t.Errorf("empty line %d has heading %d, bold %v", l.No, l.Heading, l.Bold)
		}
	}
}

func TestReadDOCXBold(t *testing.T) {
	styles := `
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Fet"><w:name w:val="Fet"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="FetBarn"><w:name w:val="Fet barn"/><w:basedOn w:val="Fet"/></w:style>
<w:style w:type="paragraph" w:styleId="Tunn"><w:name w:val="Tunn"/><w:basedOn w:val="Fet"/><w:rPr><w:b w:val="false"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Tabell"><w:name w:val="Tabell"/><w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>`
	doc := docxRead(t, `
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Direkt fet</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:bCs/></w:rPr><w:t>Fet komplex skrift</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="FetBarn"/></w:pPr><w:r><w:t>Fet via stilkedja</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Tunn"/></w:pPr><w:r><w:t>Avstängd i härledd stil</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Fet"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Avstängd i run</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>Fet via teckenstil</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Beslut:</w:t></w:r><w:r><w:t xml:space="preserve"> Godkänt</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Tunn sedan </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>fet</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Fet</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>med tunt blanksteg</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>Fet bara på styckemärket</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Fet rad 2</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>tunn rad 2</w:t></w:r></w:p>`, "", styles)
	for text, want := range map[string]bool{
		"Direkt fet":               true,
		"Fet komplex skrift":       true,
		"Fet via stilkedja":        true,
		"Avstängd i härledd stil":  false,
		"Avstängd i run":           false,
		"Fet via teckenstil":       true,
		"Beslut: Godkänt":          false,
		"Tunn sedan fet":           false,
		"Fet  med tunt blanksteg":  true,
		"Fet bara på styckemärket": false,
		"Fet rad 2":                true,
		"tunn rad 2":               false,
	} {
		if got := docxLine(t, doc, text).Bold; got != want {
			t.Errorf("%q: bold %v, want %v", text, got, want)
		}
	}
}

// A paragraph without a style, or with an unknown one, has the default
// paragraph style; document defaults apply below the styles.
func TestReadDOCXDefaultStyle(t *testing.T) {
	doc := docxRead(t, `
<w:p><w:r><w:t>Utan stil</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Saknas"/></w:pPr><w:r><w:t>Okänd stil</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Brod"/></w:pPr><w:r><w:t>Brödtext</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Ingen"/></w:pPr><w:r><w:t>Ingen fetstil</w:t></w:r></w:p>`, "", `
<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="character" w:default="1" w:styleId="Standardstycketeckensnitt"><w:name w:val="Default Paragraph Font"/></w:style>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Brod"><w:name w:val="Body Text"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Ingen"><w:name w:val="Ingen"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:b w:val="off"/></w:rPr></w:style>
<w:style w:type="paragraph"><w:name w:val="Utan id"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>`)
	for _, want := range []textdoc.Line{
		{Text: "Utan stil", Heading: 2, Bold: true},
		{Text: "Okänd stil", Heading: 2, Bold: true},
		{Text: "Brödtext", Bold: true},
		{Text: "Ingen fetstil"},
	} {
		got := docxLine(t, doc, want.Text)
		if got.Heading != want.Heading || got.Bold != want.Bold {
			t.Errorf("%q: heading %d, bold %v; want %d, %v", want.Text, got.Heading, got.Bold, want.Heading, want.Bold)
		}
	}
}

// docxLvlNumbering is one decimal list, instance 1.
const docxLvlNumbering = `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`

// docxHeadingStyles has Heading1.
const docxHeadingStyles = `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>`

func TestReadDOCXNumbering(t *testing.T) {
	twoLevels := `<w:abstractNum w:abstractNumId="0">` +
		docxLvl(0, 1, "decimal", "%1.") + docxLvl(1, 1, "decimal", "%1.%2") + `</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`
	tests := []struct {
		name, numbering, styles, body string
		want                          []string
	}{
		{"start value",
			`<w:abstractNum w:abstractNumId="0">` + docxLvl(0, 3, "decimal", "%1.") + `</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "Mötet inleds") + docxNumP(1, 0, "Ekonomi"),
			[]string{"3. Mötet inleds", "4. Ekonomi"}},
		{"letters and parenthesis",
			`<w:abstractNum w:abstractNumId="0">` + docxLvl(0, 1, "lowerLetter", "%1)") + `</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "första") + docxNumP(1, 0, "andra"),
			[]string{"a) första", "b) andra"}},
		{"deeper level restarts after a shallower one", twoLevels, "",
			docxNumP(1, 0, "Ekonomi") + docxNumP(1, 1, "Budget") + docxNumP(1, 1, "Utfall") +
				docxNumP(1, 0, "Personal") + docxNumP(1, 1, "Rekrytering"),
			[]string{"1. Ekonomi", "1.1 Budget", "1.2 Utfall", "2. Personal", "2.1 Rekrytering"}},
		{"lvlRestart 0: never restarts",
			`<w:abstractNum w:abstractNumId="0">` + docxLvl(0, 1, "decimal", "%1.") +
				`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "A") + docxNumP(1, 1, "x") + docxNumP(1, 0, "B") + docxNumP(1, 1, "y"),
			[]string{"1. A", "a) x", "2. B", "b) y"}},
		{"body text between items does not restart", docxLvlNumbering, "",
			docxNumP(1, 0, "Mötet inleds") + `<w:p><w:r><w:t>Lena hälsar välkomna.</w:t></w:r></w:p>` + docxNumP(1, 0, "Mötet avslutas"),
			[]string{"1. Mötet inleds", "Lena hälsar välkomna.", "2. Mötet avslutas"}},
		{"instances of one definition continue one list",
			docxLvlNumbering + `<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "A") + docxNumP(1, 0, "B") + docxNumP(2, 0, "C"),
			[]string{"1. A", "2. B", "3. C"}},
		{"startOverride restarts the list; the first instance then continues it",
			docxLvlNumbering + `<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`, "",
			docxNumP(1, 0, "A") + docxNumP(1, 0, "B") + docxNumP(2, 0, "C") + docxNumP(2, 0, "D") + docxNumP(1, 0, "E"),
			[]string{"1. A", "2. B", "1. C", "2. D", "3. E"}},
		{"startOverride value",
			docxLvlNumbering + `<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>`, "",
			docxNumP(2, 0, "Sju") + docxNumP(2, 0, "Åtta"),
			[]string{"7. Sju", "8. Åtta"}},
		{"pandoc: one definition per item with startOverride",
			`<w:abstractNum w:abstractNumId="11">` + docxLvl(0, 1, "decimal", "%1.") + `</w:abstractNum>` +
				`<w:abstractNum w:abstractNumId="12">` + docxLvl(0, 2, "decimal", "%1.") + `</w:abstractNum>` +
				`<w:num w:numId="1001"><w:abstractNumId w:val="11"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
				`<w:num w:numId="1002"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="2"/></w:lvlOverride></w:num>`, "",
			docxNumP(1001, 0, "Mötet inleds") + docxNumP(1002, 0, "Överenskommelse"),
			[]string{"1. Mötet inleds", "2. Överenskommelse"}},
		{"level override replaces the level",
			docxLvlNumbering + `<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">` +
				docxLvl(0, 5, "upperRoman", "%1:") + `</w:lvlOverride></w:num>`, "",
			docxNumP(2, 0, "A") + docxNumP(2, 0, "B"),
			[]string{"V: A", "VI: B"}},
		{"numbering from the paragraph style; numId 0 removes it", docxLvlNumbering,
			`<w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="Punkt"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Underpunkt"><w:name w:val="Underpunkt"/><w:basedOn w:val="Punkt"/></w:style>`,
			`<w:p><w:pPr><w:pStyle w:val="Punkt"/></w:pPr><w:r><w:t>Mötet inleds</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Punkt"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Onumrerad</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Underpunkt"/></w:pPr><w:r><w:t>Ekonomi</w:t></w:r></w:p>`,
			[]string{"1. Mötet inleds", "Onumrerad", "2. Ekonomi"}},
		{"heading numbering linked to styles",
			`<w:abstractNum w:abstractNumId="0">` +
				`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/></w:lvl>` +
				`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>`,
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>`,
			`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Inledning</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Bakgrund</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Beslut</w:t></w:r></w:p>`,
			[]string{"1 Inledning", "1.1 Bakgrund", "2 Beslut"}},
		{"numbering style link",
			`<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="Agendalista"/></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="Agendalista"/>` + docxLvl(0, 1, "decimal", "§ %1") + `</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>`,
			`<w:style w:type="numbering" w:styleId="Agendalista"><w:name w:val="Agendalista"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
			docxNumP(2, 0, "Val av justerare") + docxNumP(2, 0, "Dagordning"),
			[]string{"§ 1 Val av justerare", "§ 2 Dagordning"}},
		{"legal numbering shows decimals",
			`<w:abstractNum w:abstractNumId="0">` + docxLvl(0, 1, "upperRoman", "%1.") +
				`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "Del") + docxNumP(1, 1, "Avsnitt"),
			[]string{"I. Del", "1.1 Avsnitt"}},
		{"bullets whatever the glyph",
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="` + "\uf0b7" + `"/><w:rPr><w:rFonts w:ascii="Symbol"/></w:rPr></w:lvl>` +
				`<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "Verksamhetsförlagd utbildning") + docxNumP(1, 1, "Handledare"),
			[]string{"• Verksamhetsförlagd utbildning", "• Handledare"}},
		{"custom format in markup compatibility falls back",
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>` +
				`<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>` +
				`<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "Inledning"),
			[]string{"01. Inledning"}},
		{"no number format, no level text",
			`<w:abstractNum w:abstractNumId="0">` + docxLvl(0, 1, "none", "%1") + `<w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`, "",
			docxNumP(1, 0, "Utan nummer") + docxNumP(1, 1, "Utan text"),
			[]string{"Utan nummer", "Utan text"}},
		{"missing definitions", docxLvlNumbering, "",
			docxNumP(7, 0, "Okänd lista") + docxNumP(1, 5, "Okänd nivå") + docxNumP(1, 0, "Känd"),
			[]string{"Okänd lista", "Okänd nivå", "1. Känd"}},
		{"numbered empty paragraph shows its number", docxLvlNumbering, "",
			docxNumP(1, 0, "") + docxNumP(1, 0, "Andra"),
			[]string{"1.", "2. Andra"}},
		{"no numbering part", "", "",
			docxNumP(1, 0, "Utan numrering"),
			[]string{"Utan numrering"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docxCheckTexts(t, docxRead(t, tt.body, tt.numbering, tt.styles), tt.want)
		})
	}
}

func TestReadDOCXMetadata(t *testing.T) {
	data := docxZip(t, map[string]string{
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="props/core.xml"/></Relationships>`,
		"word/_rels/main.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="lists.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`,
		"word/main.xml":     docxDocument(docxNumP(1, 0, "Huvuddokumentet")),
		"word/document.xml": docxDocument(`<w:p><w:r><w:t>Fel del</w:t></w:r></w:p>`),
		"word/lists.xml":    docxNumberingXML(docxLvlNumbering),
		"props/core.xml": `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>Minnes<!-- delad -->anteckningar
  Socialchefsnätverket</dc:title> skräp <dc:creator>Cecilia Axelsson</dc:creator><dc:subject>Ämne</dc:subject>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">2022-11-30T10:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2022-12-01</dcterms:modified></cp:coreProperties>`,
	})
	doc, err := readNamed("meta.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	docxCheckTexts(t, doc, []string{"1. Huvuddokumentet"})
	if doc.Title != "Minnesanteckningar Socialchefsnätverket" || doc.Author != "Cecilia Axelsson" {
		t.Errorf("title %q, author %q", doc.Title, doc.Author)
	}
	if want := time.Date(2022, 11, 30, 10, 0, 0, 0, time.UTC); !doc.Created.Equal(want) {
		t.Errorf("created %v, want %v", doc.Created, want)
	}
	if want := time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC); !doc.Modified.Equal(want) {
		t.Errorf("modified %v, want %v", doc.Modified, want)
	}
}

// Only the body is read: headers, footers, footnotes, endnotes and comments
// are other parts.
func TestReadDOCXOtherStories(t *testing.T) {
	story := func(root, inner string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><w:` + root + ` ` + docxNS + `>` + inner + `</w:` + root + `>`
	}
	data := docxZip(t, map[string]string{
		"word/document.xml": docxDocument(`<w:p><w:r><w:t>Brödtext</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>` +
			`<w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:footerReference w:type="default" r:id="rId2"/></w:sectPr>`),
		"word/header1.xml":   story("hdr", `<w:p><w:r><w:t>Sidhuvud</w:t></w:r></w:p>`),
		"word/footer1.xml":   story("ftr", `<w:p><w:r><w:t>Sidfot</w:t></w:r></w:p>`),
		"word/footnotes.xml": story("footnotes", `<w:footnote w:id="1"><w:p><w:r><w:t>Fotnot</w:t></w:r></w:p></w:footnote>`),
		"word/endnotes.xml":  story("endnotes", `<w:endnote w:id="1"><w:p><w:r><w:t>Slutnot</w:t></w:r></w:p></w:endnote>`),
		"word/comments.xml":  story("comments", `<w:comment w:id="0"><w:p><w:r><w:t>Kommentar</w:t></w:r></w:p></w:comment>`),
	})
	doc, err := readNamed("stories.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	docxCheckTexts(t, doc, []string{"Brödtext"})
}

func TestReadDOCXStrict(t *testing.T) {
	const strict = `xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"`
	data := docxZip(t, map[string]string{
		"word/document.xml": `<w:document ` + strict + `><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Strikt</w:t></w:r></w:p></w:body></w:document>`,
		"word/numbering.xml": `<w:numbering ` + strict + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
	})
	doc, err := readNamed("strict.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	docxCheckTexts(t, doc, []string{"1. Strikt"})
}

func TestReadDOCXErrors(t *testing.T) {
	big := strings.Repeat(" ", maxDOCXPart)
	deep := strings.Repeat("<w:customXml>", maxXMLDepth) + strings.Repeat("</w:customXml>", maxXMLDepth)
	many := map[string]string{"word/document.xml": docxDocument(`<w:p><w:r><w:t>x</w:t></w:r></w:p>`)}
	for i := range maxDOCXEntries {
		many[fmt.Sprintf("media/%d", i)] = ""
	}
	tests := []struct {
		name  string
		data  []byte
		want  error
		where string // in the message
	}{
		{"malformed document", docxZip(t, map[string]string{"word/document.xml": docxDocument(`<w:p><w:r><w:t>x</w:r></w:p>`)}),
			textdoc.ErrCorrupt, "word/document.xml: XML line 1"},
		{"truncated document", docxZip(t, map[string]string{"word/document.xml": docxDocument(`<w:p>`)[:80]}),
			textdoc.ErrCorrupt, "word/document.xml"},
		{"malformed styles", docxZip(t, map[string]string{"word/document.xml": docxDocument(""), "word/styles.xml": "<w:styles"}),
			textdoc.ErrCorrupt, "word/styles.xml"},
		{"malformed numbering", docxZip(t, map[string]string{"word/document.xml": docxDocument(""), "word/numbering.xml": "<a></b>"}),
			textdoc.ErrCorrupt, "word/numbering.xml"},
		{"malformed relationships", docxZip(t, map[string]string{"word/document.xml": docxDocument(""), "_rels/.rels": "<Relationships>&bad;</Relationships>"}),
			textdoc.ErrCorrupt, "_rels/.rels"},
		{"unknown encoding", docxZip(t, map[string]string{"word/document.xml": `<?xml version="1.0" encoding="EBCDIC"?><w:document/>`}),
			textdoc.ErrCorrupt, "EBCDIC"},
		{"nested too deep", docxZip(t, map[string]string{"word/document.xml": docxDocument(deep)}),
			textdoc.ErrCorrupt, "nested"},
		{"part too large", docxStoredZip(t, map[string]string{"word/document.xml": docxDocument(`<w:p><w:r><w:t>` + big + `</w:t></w:r></w:p>`)}),
			textdoc.ErrTooLarge, "word/document.xml"},
		{"too many entries", docxStoredZip(t, many), textdoc.ErrTooLarge, "zip entries"},
		{"empty body", docxZip(t, map[string]string{"word/document.xml": docxDocument("<w:p/>")}), textdoc.ErrNoText, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := readNamed("bad.docx", tt.data)
			if err == nil {
				t.Fatalf("no error, lines %q", docxTexts(doc))
			}
			var ie *textdoc.Error
			if !errors.As(err, &ie) || ie.File != "bad.docx" || ie.Format != format {
				t.Errorf("error %#v is not an *textdoc.Error naming the DOCX file", err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.where) {
				t.Errorf("error %q does not say %q", err, tt.where)
			}
		})
	}
}

// Read itself rejects what Detect would not call a DOCX.
func TestReadDOCXNotDOCX(t *testing.T) {
	for name, data := range map[string][]byte{
		"not a zip":     []byte("PK\x03\x04 not really"),
		"no document":   docxZip(t, map[string]string{"word/other.xml": "<a/>"}),
		"lying headers": docxLyingZip(t),
	} {
		if _, err := Read(data); !errors.Is(err, textdoc.ErrCorrupt) {
			t.Errorf("%s: error %v, want textdoc.ErrCorrupt", name, err)
		}
	}
}

// docxStoredZip zips the parts without compression: deflating large or many
// parts makes a test slow.
func docxStoredZip(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxLyingZip is a zip whose document.xml claims to be smaller than it is.
func docxLyingZip(t *testing.T) []byte {
	t.Helper()
	body := []byte(docxDocument(`<w:p><w:r><w:t>lögn</w:t></w:r></w:p>`))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store,
		CompressedSize64: uint64(len(body)), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	zw.Close()
	return buf.Bytes()
}

func TestCapReader(t *testing.T) {
	r := &capReader{r: strings.NewReader("0123456789"), left: 10, name: "p"}
	if b, err := io.ReadAll(r); err != nil || string(b) != "0123456789" {
		t.Errorf("at the cap: %q, %v", b, err)
	}
	r = &capReader{r: strings.NewReader("0123456789x"), left: 10, name: "p"}
	if _, err := io.ReadAll(r); !errors.Is(err, textdoc.ErrTooLarge) {
		t.Errorf("past the cap: %v, want textdoc.ErrTooLarge", err)
	}
}

// Test material: renderings of real minutes.

func docxTestdata(t testing.TB) []string { return testfiles.Glob(t, "*.docx") }

var (
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdHeading  = regexp.MustCompile(`^#+ `)
	mdEmphasis = regexp.MustCompile(`\*([^*]+)\*`)
	agendaItem = regexp.MustCompile(`^(\d+)\. `)
)

// docxExpected returns the non-empty lines of the original text of a
// rendering, its Markdown removed as the renderings show it.
func docxExpected(t *testing.T, file string) []string {
	stem, _, _ := strings.Cut(filepath.Base(file), "--")
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), stem+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, " ")
		l = mdLink.ReplaceAllString(l, "$1")
		l = strings.ReplaceAll(l, "**", "")
		l = mdHeading.ReplaceAllString(l, "")
		l = mdEmphasis.ReplaceAllString(l, "$1")
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			l = "• " + rest
		}
		if l != "" {
			out = append(out, docxPlainQuotes(l))
		}
	}
	return out
}

// docxPlainQuotes undoes the typographic quotes and ellipses pandoc puts in.
func docxPlainQuotes(s string) string {
	return strings.NewReplacer("“", `"`, "”", `"`, "…", "...").Replace(s)
}

func docxAgenda(lines []string) []string {
	var out []string
	for _, l := range lines {
		if agendaItem.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

func TestReadDOCXTestdata(t *testing.T) {
	for _, file := range docxTestdata(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := readNamed(file, data)
			if err != nil {
				t.Fatal(err)
			}
			got := docxTexts(doc)
			for i := range got {
				got[i] = docxPlainQuotes(got[i])
			}
			want := docxExpected(t, file)

			// The agenda is numbered 1..N, by Word's automatic numbering
			// in the --autonum and pandoc renderings.
			agenda := docxAgenda(got)
			if wantAgenda := docxAgenda(want); !slices.Equal(agenda, wantAgenda) || len(agenda) < 5 {
				t.Errorf("agenda\n got %q\nwant %q", agenda, wantAgenda)
			}
			for i, l := range agenda {
				if n := agendaItem.FindStringSubmatch(l)[1]; n != fmt.Sprint(i+1) {
					t.Errorf("agenda item %d is numbered %s: %q", i+1, n, l)
				}
			}
			// All of the text, nothing else, in order.
			if !slices.Equal(got, want) {
				t.Errorf("text differs from the original\n got %q\nwant %q", got, want)
			}
			for _, name := range []string{"Karin Alvermalm, Alingsås", "Juan Navas, Öckerö"} {
				if slices.Contains(want, name) && !slices.Contains(got, name) {
					t.Errorf("no attendee line %q", name)
				}
			}
			for _, l := range got {
				if strings.Contains(l, "Förslag att") {
					t.Errorf("deleted text in %q", l)
				}
			}
			for _, s := range docxOtherStories(t, data) {
				for _, l := range got {
					if strings.Contains(l, s) {
						t.Errorf("text %q of a header, footer, note or comment in %q", s, l)
					}
				}
			}
			if doc.Title != "" || doc.Created.IsZero() || doc.Modified.IsZero() {
				t.Errorf("metadata: title %q, created %v, modified %v", doc.Title, doc.Created, doc.Modified)
			}
			for _, l := range doc.Lines {
				if strings.ContainsAny(l.Text, "\n\r") || l.Page != 0 || l.Heading < 0 || l.Heading > 9 {
					t.Errorf("bad line %+v", l)
				}
			}
		})
	}
}

// docxOtherStories returns the texts of the headers, footers, notes and
// comments of a DOCX, words of four letters or more.
func docxOtherStories(t *testing.T, data []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	story := regexp.MustCompile(`^word/(header|footer|footnotes|endnotes|comments)\d*\.xml$`)
	text := regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]{4,})</w:t>`)
	var out []string
	for _, f := range zr.File {
		if !story.MatchString(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range text.FindAllSubmatch(b, -1) {
			if s := strings.TrimSpace(string(m[1])); len(s) >= 4 {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestReadDOCXTestdataStyles(t *testing.T) {
	read := func(name string) *textdoc.Document {
		data, err := os.ReadFile(testfiles.Example(t, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := readNamed(name, data)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	doc := read("2019-03 ifo-chefsnatverket--pandoc.docx")
	if l := docxLine(t, doc, "Närvarande:"); !l.Bold || l.Heading != 0 {
		t.Errorf("%+v: want bold body text", l)
	}
	if l := docxLine(t, doc, "3. Yrkesresan"); l.Heading != 3 || !l.Bold {
		t.Errorf("%+v: want a bold heading 3", l)
	}
	if l := docxLine(t, doc, "Några kommande sammanhang"); l.Heading != 2 {
		t.Errorf("%+v: want heading 2", l)
	}
	doc = read("2022-11-30 socialchefsnatverket--boldbeslut.docx")
	if l := docxLine(t, doc, "Beslut: Socialchefs nätverket ställer sig bakom samverkansöverenskommelse mellan kommunerna inom Göteborgsregionen och Göteborgs universitet med fokus på socionomprogrammet."); l.Bold {
		t.Errorf("%+v: only \"Beslut:\" is bold", l)
	}
}

// FuzzReadDOCX reads arbitrary files, and arbitrary document.xml bodies in a
// well-formed package with numbering and styles, so that the fuzzer reaches
// the XML reading and not only the zip parsing.
func FuzzReadDOCX(f *testing.F) {
	for _, file := range docxTestdata(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			f.Fatal(err)
		}
		rc, err := zr.Open("word/document.xml")
		if err != nil {
			f.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		f.Add(data, body)
	}
	for _, body := range docxFuzzBodies {
		doc := []byte(docxDocument(body))
		f.Add(docxZip(f, map[string]string{"word/document.xml": string(doc)}), doc)
	}
	f.Fuzz(func(t *testing.T, data, document []byte) {
		docxFuzzCheck(t, data)
		docxFuzzCheck(t, docxZip(t, map[string]string{
			"word/document.xml":  string(document),
			"word/numbering.xml": docxNumberingXML(docxFuzzNumbering),
			"word/styles.xml":    docxStylesXML(docxFuzzStyles),
		}))
	})
}

func docxFuzzCheck(t *testing.T, data []byte) {
	doc, err := readNamed("fuzz.docx", data)
	if err != nil {
		var ie *textdoc.Error
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an *textdoc.Error", err)
		}
		if strings.Contains(err.Error(), "parser panic") { // recovered by Read
			t.Fatal(err)
		}
		return
	}
	for _, l := range doc.Lines {
		if strings.ContainsAny(l.Text, "\n\r") {
			t.Fatalf("line %d has a line end: %q", l.No, l.Text)
		}
		if l.Text == "" && (l.Bold || l.Heading != 0) {
			t.Fatalf("empty line %d is bold or a heading", l.No)
		}
	}
}

const docxFuzzNumbering = `<w:abstractNum w:abstractNumId="0">` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1."/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>` +
	`<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlRestart w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%3"/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Lista"/></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>`

const docxFuzzStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="numbering" w:styleId="Lista"><w:name w:val="Lista"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>`

var docxFuzzBodies = []string{
	`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Rubrik</w:t></w:r></w:p>` +
		docxNumP(2, 0, "Punkt") + docxNumP(2, 1, "Under") + docxNumP(3, 2, "Djup"),
	`<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>a</w:t><w:tab/><w:br/><w:t>b</w:t></w:r>` +
		`<w:ins><w:r><w:t>c</w:t></w:r></w:ins><w:del><w:r><w:delText>d</w:delText></w:r></w:del>` +
		`<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType="separate"/><w:t>1</w:t><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
	`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
	`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
	`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>p</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
		`<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>e</w:t></w:r></w:p><w:p><w:r><w:sym w:font="Arial" w:char="2013"/></w:r></w:p>`,
}

func BenchmarkReadDOCX(b *testing.B) { testfiles.Benchmark(b, "*.docx", readNamed) }
