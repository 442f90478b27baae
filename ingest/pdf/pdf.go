package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// The PDF reader works in three steps, one type each:
//
//   - contentReader interprets a page's content stream (through pdf.Interpret)
//     with its own text state and yields the glyphs drawn, each with its
//     position, advance, size and boldness. It does not use Page.Content,
//     which adds a stray glyph after every TJ, ignores word spacing and form
//     XObjects, and re-parses fonts at every Tf.
//   - buildLines groups one page's glyphs into visual lines.
//   - assemble turns the pages' lines into the document's Lines: running
//     headers, footers and page numbers dropped, blank lines between
//     paragraphs, hyphenated breaks and lone list numbers and labels joined.
//
// Thresholds are in ems of the font size. Measured on the LibreOffice
// renderings in testdata/minutes (36,000 glyph pairs): glyphs within a word
// touch (gap 0.00 to 0.05 em, kerning included), a word space is 0.30 to
// 0.35 em, a list number or bullet is 0.4 to 1.4 em from its text at the
// tab stop (rendered as one space, see listMarker), the line pitch is 1.15
// em and the paragraph pitch 1.85 em or more. The testdata has no columns:
// a tab is only emitted for a gap of 2.5 em, well above all of these.
const (
	pdfBaselineTol = 0.4  // baselines closer than this share a line (sub- and superscripts)
	pdfWordGap     = 0.15 // a wider gap between glyphs is a word space
	pdfTabGap      = 2.5  // a wider gap is a column (tab stop), rendered "\t"
	pdfParaPitch   = 1.4  // a line pitch this many times the page's normal pitch starts a paragraph
	pdfHeadingSize = 1.2  // a line this many times the body size is a heading
	pdfEdgeLines   = 3    // lines at the top and at the bottom of a page tried as running header or footer

	pdfMaxGlyphs = 1 << 20 // glyphs per page, against decompression bombs
	pdfMaxOps    = 1 << 24 // content operators per page
	pdfMaxForms  = 1 << 10 // form XObjects drawn per page
	pdfMaxDepth  = 8       // nesting of form XObjects, of the page tree's Parent chain
	pdfMaxStack  = 1 << 10 // depth of q (graphics state save)
	pdfMaxPages  = 1 << 16 // nodes of the page tree
	pdfMaxMarks  = 1 << 16 // lines and bars recorded per page (more are ignored)
	pdfMaxStream = 1 << 28 // bytes of a content stream, decoded
)

// readPDF reads the text of a PDF file. A page whose content cannot be
// interpreted is skipped, keeping the glyphs read before the fault, so that
// one bad page does not lose the whole file; if no page yields text, the
// first page's fault is returned as an *textdoc.Error with Page set.
func Read(data []byte) (*textdoc.Document, error) {
	doc, _, err := ReadScanned(data)
	return doc, err
}

// ReadScanned is Read that also returns the scanned pages (1-based): those
// that draw images and no text, for OCR.
func ReadScanned(data []byte) (*textdoc.Document, []int, error) {
	doc, warnings, scans, err := readPDFPages(data)
	if doc != nil {
		doc.Warnings = append(doc.Warnings, warnings...)
	}
	return doc, scans, err
}

// readPDFPages is readPDF that also returns the faults of the pages skipped
// and the scanned pages.
func readPDFPages(data []byte) (doc *textdoc.Document, faults []error, scans []int, err error) {
	r, err := openPDF(data)
	if err != nil {
		return nil, nil, nil, err
	}
	pages, err := pdfPages(r)
	if err != nil {
		return nil, nil, nil, &textdoc.Error{Err: fmt.Errorf("%w: %v", textdoc.ErrCorrupt, err)}
	}
	if len(pages) == 0 {
		return nil, nil, nil, &textdoc.Error{Err: fmt.Errorf("%w: no pages", textdoc.ErrCorrupt)}
	}
	doc = &textdoc.Document{Pages: len(pages)}
	pdfInfo(r, doc)

	cr := &contentReader{fonts: make(fontSet)}
	texts := make([]pageText, len(pages))
	for i, p := range pages {
		var scan bool
		var err error
		texts[i], scan, err = cr.readPage(p)
		if err != nil {
			faults = append(faults, &textdoc.Error{Page: i + 1, Err: err})
		}
		if scan {
			scans = append(scans, i+1)
		}
	}
	doc.Lines = assemble(texts)
	if !textdoc.HasText(doc.Lines) && len(faults) > 0 && len(scans) == 0 {
		return nil, faults, nil, faults[0]
	}
	return doc, faults, scans, nil
}

// lineBuilder groups a page's glyphs into lines: buildLines, a variable so
// that the tests can make it fail.
var lineBuilder = buildLines

// readPage reads one page into its lines. A panic anywhere in reading the
// page loses that page, not the file. scan reports a page that draws
// images and no text: a scanned page, for OCR.
func (cr *contentReader) readPage(p pdf.Page) (pt pageText, scan bool, err error) {
	defer func() {
		if x := recover(); x != nil {
			pt, scan, err = pageText{}, false, fmt.Errorf("%w: %v", textdoc.ErrCorrupt, x)
		}
	}()
	glyphs, err := cr.page(p)
	ink := false
	for _, g := range glyphs {
		if !g.space {
			ink = true
			break
		}
	}
	return newPageText(lineBuilder(glyphs), pageBox(p, mainDir(glyphs))), !ink && cr.images > 0, err
}

// openPDF opens data, trying the empty user password on an encrypted file.
func openPDF(data []byte) (*pdf.Reader, error) {
	data = fixHybrid(pdfFraming(data))
	if !bytes.HasSuffix(data, []byte(pdfEOF)) {
		// The library would say "not a PDF file: missing %%EOF" of a
		// file that starts as one. The marker is an argument, not part
		// of the format, so that its two percent signs print as they are.
		return nil, &textdoc.Error{Err: fmt.Errorf("%w: truncated: no end-of-file marker %s", textdoc.ErrCorrupt, pdfEOF)}
	}
	r, err := pdf.NewReaderEncrypted(bytes.NewReader(data), int64(len(data)), func() string { return "" })
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "encryption") {
			return nil, &textdoc.Error{Err: fmt.Errorf("%w PDF: it opens only with its password", textdoc.ErrEncrypted)}
		}
		return nil, &textdoc.Error{Err: fmt.Errorf("%w: %v", textdoc.ErrCorrupt, err)}
	}
	return r, nil
}

// pdfEOF is the end-of-file marker that ends a PDF file.
const pdfEOF = "%%EOF"

// pdfFraming returns data as the library accepts it: starting at "%PDF-1.x"
// and an end of line, and ending at the last "%%EOF". Leading junk (Detect
// allows it) is cut, trailing junk after %%EOF too, and a header the library
// refuses ("%PDF-2.0") is rewritten in a copy.
func pdfFraming(data []byte) []byte {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	if i := bytes.Index(head, []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	if j := bytes.LastIndex(data, []byte(pdfEOF)); j >= 0 {
		data = data[:j+len(pdfEOF)]
	}
	if len(data) < 9 {
		return data
	}
	okVersion := data[5] == '1' && data[6] == '.' && data[7] >= '0' && data[7] <= '7'
	okEOL := data[8] == '\r' || data[8] == '\n'
	if okVersion && okEOL {
		return data
	}
	fixed := bytes.Clone(data)
	copy(fixed[5:8], "1.7")
	fixed[8] = '\n'
	return fixed
}

// pdfPages returns the leaves of the page tree in order. The walk is bounded
// so that a cyclic or absurd tree cannot hang it.
func pdfPages(r *pdf.Reader) (pages []pdf.Page, err error) {
	defer func() {
		if x := recover(); x != nil {
			pages, err = nil, fmt.Errorf("page tree: %v", x)
		}
	}()
	budget := pdfMaxPages
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if budget <= 0 || depth > 4*pdfMaxDepth || v.Kind() != pdf.Dict {
			return
		}
		budget--
		kids := v.Key("Kids")
		if t := v.Key("Type").Name(); t == "Pages" || t != "Page" && kids.Kind() == pdf.Array {
			for i := 0; i < kids.Len(); i++ {
				walk(kids.Index(i), depth+1)
			}
			return
		}
		pages = append(pages, pdf.Page{V: v})
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return pages, nil
}

// inherited returns a page attribute, looking up the Parent chain.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; i < 4*pdfMaxDepth && v.Kind() == pdf.Dict; i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// pdfInfo sets the document's metadata from the Info dictionary. Metadata is
// optional: a fault reading it leaves the fields empty.
func pdfInfo(r *pdf.Reader, doc *textdoc.Document) {
	defer func() { _ = recover() }()
	info := r.Trailer().Key("Info")
	if info.Kind() != pdf.Dict {
		return
	}
	doc.Title = textdoc.Clean(info.Key("Title").Text())
	doc.Author = textdoc.Clean(info.Key("Author").Text())
	doc.Created = pdfDate(info.Key("CreationDate").Text())
	doc.Modified = pdfDate(info.Key("ModDate").Text())
}

// pdfDate parses a PDF date, "D:YYYYMMDDHHmmSSOHH'mm'" where every part after
// the year is optional and O is +, - or Z. It returns the zero time if s is
// not a date.
func pdfDate(s string) time.Time {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "D:")
	n := 0
	for n < len(s) && n < 14 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n < 4 {
		return time.Time{}
	}
	digits, rest := s[:n], s[n:]
	part := func(i, def int) int {
		if i+2 > len(digits) {
			return def
		}
		return int(digits[i]-'0')*10 + int(digits[i+1]-'0')
	}
	year := part(0, 0)*100 + part(2, 0)
	month, day := part(4, 1), part(6, 1)
	hour, minute, sec := part(8, 0), part(10, 0), part(12, 0)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}
	}
	loc := time.UTC
	if rest != "" && (rest[0] == '+' || rest[0] == '-') {
		tz := strings.NewReplacer("'", "", ":", "").Replace(rest[1:])
		var h, m int
		if len(tz) >= 2 && isDigits(tz[:2]) {
			h = int(tz[0]-'0')*10 + int(tz[1]-'0')
			if len(tz) >= 4 && isDigits(tz[2:4]) {
				m = int(tz[2]-'0')*10 + int(tz[3]-'0')
			}
		}
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		if off != 0 && h < 24 && m < 60 {
			loc = time.FixedZone("", off)
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// glyph is one character (or ligature) drawn on a page, in user space.
type glyph struct {
	x, y   float64 // origin: start of the baseline
	end    float64 // x + advance width (without character and word spacing)
	size   float64 // font size after scaling
	dir    int     // writing direction in quarter turns counterclockwise: 0 is left to right
	bold   bool
	space  bool   // white space only
	struck bool   // struck through (deleted text of a tracked change): see strikeOut
	s      string // the text, never empty
}

// affine is a PDF transformation matrix [a b c d e f]; a point maps to
// (a·x + c·y + e, b·x + d·y + f).
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first, then n.
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) affine { return affine{1, 0, 0, 1, x, y} }

// A pdfFont decodes a font's codes to text and knows their widths.
type pdfFont struct {
	enc     pdf.TextEncoding
	twoByte bool // composite (Type0) font: codes are two bytes (Identity-H and the like)
	bold    bool
	mono    bool

	first  int
	widths []float64 // simple fonts: widths in text space units from first
	dw     float64   // composite fonts: default width; simple fonts: missing width
	cidW   map[int]float64
	known  bool // the font carries widths

	text map[string]string // decoded codes
}

// fontSet caches the fonts of a document. Pages share their fonts, and
// parsing a ToUnicode CMap is the costliest part of reading a page.
type fontSet map[string]*pdfFont

// get returns the font for the font dictionary v, nil if v is not one.
func (fs fontSet) get(v pdf.Value) *pdfFont {
	if v.Kind() != pdf.Dict {
		return nil
	}
	key := v.String() // references print as "n 0 R": equal keys, equal fonts
	if f, ok := fs[key]; ok {
		return f
	}
	f := newPDFFont(v)
	fs[key] = f
	return f
}

var boldName = lazyregexp.New(`(?i)bold|black|heavy|semibold|demi`)

func newPDFFont(v pdf.Value) *pdfFont {
	pf := &pdfFont{text: make(map[string]string)}
	font := pdf.Font{V: v}
	name := font.BaseFont()
	desc := v.Key("FontDescriptor")
	switch v.Key("Subtype").Name() {
	case "Type0":
		pf.twoByte = true
		d := v.Key("DescendantFonts").Index(0)
		desc = d.Key("FontDescriptor")
		if name == "" {
			name = d.Key("BaseFont").Name()
		}
		pf.dw = 1
		if x := d.Key("DW"); x.Kind() == pdf.Integer || x.Kind() == pdf.Real {
			pf.dw = x.Float64() / 1000
		}
		pf.cidW = cidWidths(d.Key("W"))
		pf.known = true
		// The library decodes a composite font only through its ToUnicode
		// CMap (Identity-H) or as UCS-2; anything else would be raw bytes.
		enc := v.Key("Encoding").Name()
		if v.Key("ToUnicode").Kind() == pdf.Stream && enc == "Identity-H" || strings.Contains(enc, "UCS2") {
			pf.enc = font.Encoder()
		}
	default:
		scale := 0.001
		if v.Key("Subtype").Name() == "Type3" {
			if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
				scale = m.Index(0).Float64()
			}
		}
		pf.first = int(v.Key("FirstChar").Int64())
		w := v.Key("Widths")
		if n := w.Len(); n > 0 && n <= 1<<16 {
			pf.widths = make([]float64, n)
			for i := range pf.widths {
				pf.widths[i] = w.Index(i).Float64() * scale
			}
			pf.known = true
		}
		pf.dw = desc.Key("MissingWidth").Float64() * scale
		pf.enc = font.Encoder()
	}
	if i := strings.IndexByte(name, '+'); i >= 0 {
		name = name[i+1:]
	}
	pf.bold = boldName.MatchString(name) || desc.Key("FontWeight").Float64() >= 600 ||
		desc.Key("Flags").Int64()&(1<<18) != 0
	pf.mono = strings.Contains(name, "Courier") || strings.Contains(name, "Mono")
	return pf
}

// cidWidths parses a composite font's W array: "c [w1 w2 …]" and "c1 c2 w".
func cidWidths(w pdf.Value) map[int]float64 {
	m := make(map[int]float64)
	n := w.Len()
	for i := 0; i < n && len(m) < 1<<16; {
		c := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(m) < 1<<16; j++ {
				m[c+j] = next.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()/1000
		for c2 := c; c2 <= last && c2-c < 1<<16 && len(m) < 1<<16; c2++ {
			m[c2] = width
		}
		i += 3
	}
	return m
}

// codeLen returns the length of the code at the start of raw.
func (f *pdfFont) codeLen(raw string) int {
	if f != nil && f.twoByte && len(raw) >= 2 {
		return 2
	}
	return 1
}

// width returns a code's advance in text space units (ems).
func (f *pdfFont) width(code, text string) float64 {
	if f == nil {
		return fallbackWidth(text, false)
	}
	if f.twoByte {
		c := 0
		for i := 0; i < len(code); i++ {
			c = c<<8 | int(code[i])
		}
		if w, ok := f.cidW[c]; ok {
			return w
		}
		return f.dw
	}
	if i := int(code[0]) - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	if f.known {
		return f.dw
	}
	return fallbackWidth(text, f.mono)
}

// fallbackWidth estimates a glyph's width when the font gives none (the
// standard 14 fonts): close enough to tell word gaps from letters.
func fallbackWidth(text string, mono bool) float64 {
	if mono {
		return 0.6
	}
	r, _ := utf8.DecodeRuneInString(text)
	switch {
	case r == ' ':
		return 0.25
	case strings.ContainsRune("iljtfrI.,;:!'|()[]", r):
		return 0.3
	case strings.ContainsRune("mwMW", r):
		return 0.85
	case unicode.IsUpper(r):
		return 0.68
	}
	return 0.5
}

// decode returns the text of one code: decoded by the library, control
// characters taken out, C1 controls read as Windows-1252 (fonts with a
// Differences encoding leave the other codes as bytes) and the private-use
// bullets of Symbol and Wingdings mapped to Unicode.
func (f *pdfFont) decode(code string) string {
	if f == nil {
		return latin1(code)
	}
	if s, ok := f.text[code]; ok {
		return s
	}
	var s string
	if f.enc != nil {
		s = f.enc.Decode(code)
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x80 && r <= 0x9f:
			b.WriteRune(charmap.Windows1252.DecodeByte(byte(r)))
		case r == utf8.RuneError, r == 0, unicode.IsControl(r) && r != '\t':
		case r >= 0xf000 && r <= 0xf0ff:
			if m, ok := puaBullets[r]; ok {
				b.WriteRune(m)
			}
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	if len(f.text) < 1<<16 {
		f.text[code] = s
	}
	return s
}

// puaBullets maps the Symbol and Wingdings list bullets that Word's PDFs
// leave in the private use area.
var puaBullets = map[rune]rune{
	0xf0b7: '•', 0xf0a7: '▪', 0xf06c: '●', 0xf06e: '■', 0xf0d8: '➢',
	0xf0fc: '✓', 0xf076: '❖', 0xf0e8: '➔', 0xf02d: '-', 0xf0a8: '□',
}

func latin1(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0) {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// gstate is the part of the graphics state that places text and lines.
type gstate struct {
	ctm                       affine
	tc, tw, th, tl, tfs, rise float64
	lw                        float64 // line width
	font                      *pdfFont
}

// errPageLimit stops a page that exceeds a resource limit.
var errPageLimit = errors.New("page too complex")

// A contentReader interprets page content streams into glyphs.
type contentReader struct {
	fonts  fontSet
	glyphs []glyph
	marks  []mark // lines and thin bars painted, for strikeOut
	buf    []byte // for checkContent
	ops    int
	forms  int
	images int // images drawn on the page
}

// page returns the glyphs drawn on p, in content stream order, valid until
// the next call, those struck through marked (strikeOut). On a fault it
// returns the glyphs read before it and the fault, wrapping textdoc.ErrCorrupt.
func (cr *contentReader) page(p pdf.Page) (glyphs []glyph, err error) {
	cr.glyphs, cr.marks, cr.ops, cr.forms, cr.images = cr.glyphs[:0], cr.marks[:0], 0, 0, 0
	defer func() { strikeOut(glyphs, cr.marks) }() // runs after the recover below
	defer func() {
		if x := recover(); x != nil {
			glyphs = cr.glyphs
			if e, ok := x.(error); ok && errors.Is(e, errPageLimit) {
				err = e
				return
			}
			err = fmt.Errorf("%w: %v", textdoc.ErrCorrupt, x)
		}
	}()
	contents := p.V.Key("Contents")
	if k := contents.Kind(); k != pdf.Stream && k != pdf.Array {
		return nil, nil
	}
	cr.run(contents, inherited(p.V, "Resources"), gstate{ctm: identity, th: 1, lw: 1}, 0)
	return cr.glyphs, nil
}

// run interprets one content stream with its resources, starting from the
// graphics state gs.
func (cr *contentReader) run(strm, res pdf.Value, gs gstate, depth int) {
	var stack []gstate
	var tm, tlm affine
	fonts := make(map[string]*pdfFont)
	inImage := false
	var args []pdf.Value
	var path pathBuilder

	// nums returns the last n (at most 6) operands as numbers.
	nums := func(n int) (out affine, ok bool) {
		if len(args) < n {
			return out, false
		}
		for i, a := range args[len(args)-n:] {
			if k := a.Kind(); k != pdf.Integer && k != pdf.Real {
				return out, false
			}
			out[i] = a.Float64()
		}
		return out, true
	}
	nextLine := func(tx, ty float64) {
		tlm = translate(tx, ty).mul(tlm)
		tm = tlm
	}
	show := func(raw string) {
		f := gs.font
		for len(raw) > 0 {
			n := f.codeLen(raw)
			code := raw[:n]
			raw = raw[n:]
			text := f.decode(code)
			w0 := f.width(code, text)
			if gs.tfs != 0 && text != "" {
				cr.emit(gs, tm, w0, text, f != nil && f.bold)
			}
			tx := w0*gs.tfs + gs.tc
			if n == 1 && code[0] == ' ' {
				tx += gs.tw
			}
			tm = translate(tx*gs.th, 0).mul(tm)
		}
	}

	cr.checkContent(strm)
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args = args[:0]
		for stk.Len() > 0 {
			args = append(args, stk.Pop())
		}
		for i, j := 0, len(args)-1; i < j; i, j = i+1, j-1 {
			args[i], args[j] = args[j], args[i]
		}
		cr.ops++
		if cr.ops > pdfMaxOps {
			panic(fmt.Errorf("%w: more than %d operators", errPageLimit, pdfMaxOps))
		}
		if inImage { // inline image data lexes as junk up to EI
			inImage = op != "EI"
			return
		}
		switch op {
		case "BI":
			inImage = true
			cr.images++
		case "q":
			if len(stack) < pdfMaxStack {
				stack = append(stack, gs)
			}
		case "Q":
			if n := len(stack); n > 0 {
				gs, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if m, ok := nums(6); ok {
				gs.ctm = m.mul(gs.ctm)
			}
		case "w":
			if v, ok := nums(1); ok {
				gs.lw = v[0]
			}
		case "m", "l":
			if v, ok := nums(2); ok {
				path.to(op == "m", v[0], v[1], gs.ctm)
			}
		case "c", "v", "y":
			n := 6
			if op != "c" {
				n = 4
			}
			if v, ok := nums(n); ok {
				for i := 0; i < n; i += 2 {
					path.curve(v[i], v[i+1], gs.ctm)
				}
			}
		case "re":
			if v, ok := nums(4); ok {
				path.rect(v[0], v[1], v[2], v[3], gs.ctm)
			}
		case "h":
			path.close()
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n":
			if op == "s" || op == "b" || op == "b*" {
				path.close()
			}
			stroke := op == "S" || op == "s" || op[0] == 'B' || op[0] == 'b'
			fill := op != "S" && op != "s" && op != "n"
			cr.paint(&path, stroke, fill, gs)
		case "BT":
			tm, tlm = identity, identity
		case "Tc", "Tw", "Tz", "TL", "Ts":
			if v, ok := nums(1); ok {
				switch op {
				case "Tc":
					gs.tc = v[0]
				case "Tw":
					gs.tw = v[0]
				case "Tz":
					gs.th = v[0] / 100
				case "TL":
					gs.tl = v[0]
				case "Ts":
					gs.rise = v[0]
				}
			}
		case "Tf":
			if len(args) < 2 {
				return
			}
			name := args[len(args)-2].Name()
			f, ok := fonts[name]
			if !ok {
				f = cr.fonts.get(res.Key("Font").Key(name))
				fonts[name] = f
			}
			gs.font, gs.tfs = f, args[len(args)-1].Float64()
		case "Td", "TD":
			if v, ok := nums(2); ok {
				if op == "TD" {
					gs.tl = -v[1]
				}
				nextLine(v[0], v[1])
			}
		case "Tm":
			if m, ok := nums(6); ok {
				tm, tlm = m, m
			}
		case "T*":
			nextLine(0, -gs.tl)
		case "Tj", "'", "\"":
			if len(args) == 0 {
				return
			}
			if op == "\"" && len(args) >= 3 {
				gs.tw, gs.tc = args[len(args)-3].Float64(), args[len(args)-2].Float64()
			}
			if op != "Tj" {
				nextLine(0, -gs.tl)
			}
			show(args[len(args)-1].RawString())
		case "TJ":
			if len(args) == 0 {
				return
			}
			a := args[len(args)-1]
			for i := 0; i < a.Len(); i++ {
				x := a.Index(i)
				switch x.Kind() {
				case pdf.String:
					show(x.RawString())
				case pdf.Integer, pdf.Real:
					tm = translate(-x.Float64()/1000*gs.tfs*gs.th, 0).mul(tm)
				}
			}
		case "Do":
			if len(args) == 0 || depth >= pdfMaxDepth {
				return
			}
			xo := res.Key("XObject").Key(args[len(args)-1].Name())
			if xo.Kind() == pdf.Stream && xo.Key("Subtype").Name() == "Image" {
				cr.images++
			}
			if xo.Kind() != pdf.Stream || xo.Key("Subtype").Name() != "Form" {
				return
			}
			cr.forms++
			if cr.forms > pdfMaxForms {
				panic(fmt.Errorf("%w: more than %d forms", errPageLimit, pdfMaxForms))
			}
			m := identity
			if mv := xo.Key("Matrix"); mv.Len() == 6 {
				for i := range m {
					m[i] = mv.Index(i).Float64()
				}
			}
			fres := xo.Key("Resources")
			if fres.Kind() != pdf.Dict {
				fres = res
			}
			form := gs // a form inherits the graphics state, text state included
			form.ctm = m.mul(gs.ctm)
			cr.run(xo, fres, form, depth+1)
		}
	})
}

// checkContent panics, as the library does on a fault, if the content
// stream strm (a stream or an array of them) would hang pdf.Interpret or is
// too large. The library's lexer loops forever on a hex string left open at
// the end of the data ("… <41" or "… <"): past the end it reads white
// space, which a hex string skips. So the decoded data is lexed once before
// (contentLexer) to find out. The lexing stops where the library would
// stop on a fault; a read error is left to Interpret too, which stops on it
// keeping the glyphs drawn before it.
func (cr *contentReader) checkContent(strm pdf.Value) {
	var rds []io.Reader
	if strm.Kind() == pdf.Array {
		for i := 0; i < strm.Len(); i++ {
			rds = append(rds, strm.Index(i).Reader())
		}
	} else {
		rds = append(rds, strm.Reader())
	}
	if cr.buf == nil {
		cr.buf = make([]byte, 32<<10)
	}
	var lx contentLexer
	total := 0
	for _, rd := range rds { // Interpret reads them as one
		for {
			n, err := rd.Read(cr.buf)
			if total += n; total > pdfMaxStream {
				panic(fmt.Errorf("%w: content stream over %d MiB", errPageLimit, pdfMaxStream>>20))
			}
			if !lx.feed(cr.buf[:n]) {
				return
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
		}
	}
	if lx.st == lexLT || lx.st == lexHex {
		panic(errors.New("hex string not closed at the end of the content stream"))
	}
}

// contentLexer follows the library's lexer (pdf's buffer.readToken) through
// a content stream, as far as needed to know the kind of token it is in.
type contentLexer struct {
	st    lexState
	depth int  // literal string: nesting of parentheses
	esc   bool // literal string: after a backslash
	half  bool // hex string: the first digit of a pair read
	first byte // hex string: that digit
	hash  int  // name: bytes of a #xx escape still to read
}

type lexState int

const (
	lexStart   lexState = iota // between tokens
	lexComment                 // after %, to the end of the line
	lexLiteral                 // in a (string)
	lexLT                      // after <: << or a hex string
	lexGT                      // after >: >> or a fault
	lexHex                     // in a <hex string>
	lexName                    // in a /name
	lexKeyword                 // in an operator or number
)

// Byte classes of the lexer.
const (
	lexSpace = 1 << iota
	lexDelim
	lexHexDigit
	lexEscape // may follow a backslash in a literal string
)

var lexClass = func() (t [256]uint8) {
	for _, c := range []byte("\x00\t\n\f\r ") {
		t[c] |= lexSpace
	}
	for _, c := range []byte("<>()[]{}/%") {
		t[c] |= lexDelim
	}
	for _, c := range []byte("0123456789abcdefABCDEF") {
		t[c] |= lexHexDigit
	}
	for _, c := range []byte("nrbtf()\\\r\n01234567") {
		t[c] |= lexEscape
	}
	return t
}()

// feed advances the lexer over p. It returns false where the library
// faults.
func (l *contentLexer) feed(p []byte) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		class := lexClass[c]
		switch l.st {
		case lexStart:
			switch {
			case class&lexDelim == 0:
				if class&lexSpace == 0 {
					l.st = lexKeyword
				}
			case c == '%':
				l.st = lexComment
			case c == '<':
				l.st = lexLT
			case c == '>':
				l.st = lexGT
			case c == '(':
				l.st, l.depth, l.esc = lexLiteral, 1, false
			case c == '/':
				l.st, l.hash = lexName, 0
			case c == ')':
				return false // unexpected delimiter
			}
		case lexComment:
			if c == '\r' || c == '\n' {
				l.st = lexStart
			}
		case lexLiteral:
			switch {
			case l.esc:
				if class&lexEscape == 0 {
					return false // invalid escape
				}
				l.esc = false
			case c == '\\':
				l.esc = true
			case c == '(':
				l.depth++
			case c == ')':
				if l.depth--; l.depth == 0 {
					l.st = lexStart
				}
			}
		case lexLT:
			if c == '<' {
				l.st = lexStart
				break
			}
			l.st, l.half = lexHex, false
			i-- // read again in the hex string
		case lexGT:
			if c != '>' {
				return false // unexpected delimiter
			}
			l.st = lexStart
		case lexHex:
			switch {
			case class&lexSpace != 0:
			case !l.half && c == '>':
				l.st = lexStart
			case !l.half:
				l.first, l.half = c, true
			case lexClass[l.first]&class&lexHexDigit == 0:
				return false // not a hex pair
			default:
				l.half = false
			}
		case lexName:
			switch {
			case l.hash > 0:
				if class&lexHexDigit == 0 {
					return false // bad #xx escape
				}
				l.hash--
			case c == '#':
				l.hash = 2
			case class&(lexSpace|lexDelim) != 0:
				l.st = lexStart
				i-- // the byte ends the name and starts what follows
			}
		default: // lexKeyword
			if class&(lexSpace|lexDelim) != 0 {
				l.st = lexStart
				i--
			}
		}
	}
	return true
}

// paint records the horizontal lines and thin bars of the path as marks
// (those of any direction: the page's writing direction is not known yet)
// and clears the path. A stroke marks each straight segment, with the line
// width scaled by the CTM as its thickness; a fill marks each subpath by its
// bounding box.
func (cr *contentReader) paint(p *pathBuilder, stroke, fill bool, gs gstate) {
	defer p.reset()
	if stroke {
		t := math.Abs(gs.lw) * math.Sqrt(math.Abs(gs.ctm[0]*gs.ctm[3]-gs.ctm[1]*gs.ctm[2]))
		for _, s := range p.segs {
			cr.mark(mark{s[0], s[1], s[2], s[3], t, false})
		}
	}
	if fill {
		for _, b := range p.boxes {
			cr.mark(mark{b[0], b[1], b[2], b[3], 0, true})
		}
	}
}

func (cr *contentReader) mark(m mark) {
	for _, v := range [...]float64{m.x0, m.y0, m.x1, m.y1, m.t} {
		if !finite(v) || math.Abs(v) > 1e7 {
			return
		}
	}
	if len(cr.marks) < pdfMaxMarks {
		cr.marks = append(cr.marks, m)
	}
}

// pathBuilder collects the path under construction, in user space: its
// straight segments and the bounding box of each subpath.
type pathBuilder struct {
	segs   [][4]float64 // x0, y0, x1, y1
	boxes  [][4]float64 // x0, y0, x1, y1 of each subpath, the last one open
	cur    [2]float64   // current point
	start  [2]float64   // start of the subpath
	active bool         // a subpath is open
}

func (p *pathBuilder) reset() {
	p.segs, p.boxes, p.active = p.segs[:0], p.boxes[:0], false
}

// to moves (m) or draws a line (l) to x, y in the coordinates of ctm.
func (p *pathBuilder) to(move bool, x, y float64, ctm affine) {
	pt := [2]float64{x*ctm[0] + y*ctm[2] + ctm[4], x*ctm[1] + y*ctm[3] + ctm[5]}
	if move || !p.active {
		p.start, p.cur, p.active = pt, pt, true
		if len(p.boxes) < pdfMaxMarks {
			p.boxes = append(p.boxes, [4]float64{pt[0], pt[1], pt[0], pt[1]})
		}
		return
	}
	p.line(pt)
}

// curve adds a control or end point of a Bézier curve: the box grows, no
// straight segment is added.
func (p *pathBuilder) curve(x, y float64, ctm affine) {
	if !p.active {
		return
	}
	pt := [2]float64{x*ctm[0] + y*ctm[2] + ctm[4], x*ctm[1] + y*ctm[3] + ctm[5]}
	p.grow(pt)
	p.cur = pt
}

func (p *pathBuilder) line(pt [2]float64) {
	if len(p.segs) < pdfMaxMarks {
		p.segs = append(p.segs, [4]float64{p.cur[0], p.cur[1], pt[0], pt[1]})
	}
	p.grow(pt)
	p.cur = pt
}

func (p *pathBuilder) grow(pt [2]float64) {
	if n := len(p.boxes); n > 0 {
		b := &p.boxes[n-1]
		b[0], b[1] = math.Min(b[0], pt[0]), math.Min(b[1], pt[1])
		b[2], b[3] = math.Max(b[2], pt[0]), math.Max(b[3], pt[1])
	}
}

// close closes the subpath with a line to its start (h).
func (p *pathBuilder) close() {
	if p.active && p.cur != p.start {
		p.line(p.start)
	}
}

// rect adds a closed rectangle subpath (re).
func (p *pathBuilder) rect(x, y, w, h float64, ctm affine) {
	p.to(true, x, y, ctm)
	p.to(false, x+w, y, ctm)
	p.to(false, x+w, y+h, ctm)
	p.to(false, x, y+h, ctm)
	p.close()
}

// emit records one glyph drawn with the text matrix tm.
func (cr *contentReader) emit(gs gstate, tm affine, w0 float64, text string, bold bool) {
	if len(cr.glyphs) >= pdfMaxGlyphs {
		panic(fmt.Errorf("%w: more than %d glyphs", errPageLimit, pdfMaxGlyphs))
	}
	m := tm.mul(gs.ctm)
	trm := affine{gs.tfs * gs.th, 0, 0, gs.tfs, 0, gs.rise}.mul(m)
	size := math.Hypot(trm[2], trm[3])
	if size == 0 || !finite(size) || !finite(trm[4]) || !finite(trm[5]) || !finite(trm[0]) || !finite(trm[1]) {
		return
	}
	// Writing direction in quarter turns, from the baseline vector.
	dir := int(math.Round(math.Atan2(trm[1], trm[0])/(math.Pi/2))) & 3
	adv := w0 * gs.tfs * gs.th
	x, y := trm[4], trm[5]
	ex, ey := x+adv*m[0], y+adv*m[1]
	if !finite(ex) || !finite(ey) {
		ex, ey = x, y
	}
	x, y = rotate(x, y, dir)
	ex, _ = rotate(ex, ey, dir)
	cr.glyphs = append(cr.glyphs, glyph{
		x: x, y: y, end: ex, size: size, dir: dir, bold: bold,
		space: strings.TrimFunc(text, unicode.IsSpace) == "",
		s:     text,
	})
}

// A mark is a line or a bar painted on a page, in user space: a stroked
// straight segment from (x0, y0) to (x1, y1) with thickness t, or a filled
// subpath with bounding box (x0, y0)–(x1, y1).
type mark struct {
	x0, y0, x1, y1, t float64
	fill              bool
}

// Strike-through. Measured on Word's tracked changes in testdata/minutes
// (wordisms, 12 pt): the line lies 3.3 pt (0.28 em) above the baseline,
// 0.7 pt (0.06 em) thick, and spans the struck run to within 0.02 pt, from
// the origin of its first glyph (a space) to the advance of its last; the
// underlines of inserted text lie 1.2 pt (0.1 em) below the baseline, that
// is 1.07 em above the next line's (a band reaching 1.0 em would strike the
// next line). LibreOffice draws the line as a thin filled rectangle; there
// is no such file in testdata, so the band and the thickness leave room
// around Word's figures. A table border or rule that crosses a row of text
// lies at a cell edge rather than at a height above the glyphs, and runs on
// past the text to the cell's edges: a line running on past the glyphs it
// crosses by more than pdfStrikeOverhang is not a strike-through. The
// overhang allowed covers a trailing space set as a TJ offset rather than
// as a glyph (0.25 to 0.35 em). The testdata has no tables: the border
// rules are tested on hand-made pages only.
const (
	pdfStrikeLow      = 0.15  // lowest height of a strike-through above the baseline, in ems
	pdfStrikeHigh     = 0.6   // highest
	pdfStrikeThick    = 0.125 // thickest line or bar taken as a strike-through
	pdfStrikeBar      = 5     // a filled bar is at least this many times as wide as it is thick
	pdfStrikeCover    = 0.5   // share of a glyph's width the line must cover
	pdfStrikeOverhang = 0.6   // a line may run this far past the glyphs it crosses, in ems
	pdfStrikeBudget   = 1 << 22
)

// strikeOut marks the glyphs struck through by the page's marks: a
// horizontal line (in the glyph's writing direction) or thin bar at
// pdfStrikeLow to pdfStrikeHigh ems above the glyph's baseline, covering
// most of its width. Each mark is tested against the glyphs near it on
// baselines in its height band (glyphs sorted by baseline, then x); a mark
// that runs on well past the glyphs it crosses is a border or rule, not a
// strike-through. The work is bounded: past pdfStrikeBudget glyph visits
// and baseline visits the remaining marks are ignored.
func strikeOut(glyphs []glyph, marks []mark) {
	if len(glyphs) == 0 || len(marks) == 0 {
		return
	}
	budget := pdfStrikeBudget
	var cover []float64
	for dir := range 4 {
		// The glyphs of this direction, by baseline then x.
		var idx []int
		minSize, maxSize := math.Inf(1), 0.0
		for i, g := range glyphs {
			if g.dir == dir {
				idx = append(idx, i)
				minSize, maxSize = math.Min(minSize, g.size), math.Max(maxSize, g.size)
			}
		}
		if len(idx) == 0 {
			continue
		}
		sort.Slice(idx, func(a, b int) bool {
			ga, gb := &glyphs[idx[a]], &glyphs[idx[b]]
			if ga.y != gb.y {
				return ga.y < gb.y
			}
			return ga.x < gb.x
		})
		// Baselines: runs of idx with one y, and their widest glyph.
		type baseline struct {
			y     float64
			from  int // into idx
			to    int
			width float64
		}
		var bases []baseline
		for i := 0; i < len(idx); {
			b := baseline{y: glyphs[idx[i]].y, from: i}
			for i < len(idx) && glyphs[idx[i]].y == b.y {
				g := &glyphs[idx[i]]
				b.width = math.Max(b.width, math.Abs(g.end-g.x))
				i++
			}
			b.to = i
			bases = append(bases, b)
		}
		if cover == nil {
			cover = make([]float64, len(glyphs))
		}
		var hits []int
		for _, m := range marks {
			// The mark in this direction's frame.
			x0, y0 := rotate(m.x0, m.y0, dir)
			x1, y1 := rotate(m.x1, m.y1, dir)
			xa, xb := math.Min(x0, x1), math.Max(x0, x1)
			y, t := (y0+y1)/2, m.t
			if m.fill {
				t = math.Abs(y1 - y0)
				if xb-xa <= pdfStrikeBar*t {
					continue
				}
			} else if xb-xa <= 0 || math.Abs(y1-y0) > 0.02*(xb-xa) {
				continue
			}
			if t > pdfStrikeThick*maxSize {
				continue
			}
			// Baselines from y-High·maxSize to y-Low·minSize.
			lo, hi := y-pdfStrikeHigh*maxSize, y-pdfStrikeLow*minSize
			k := sort.Search(len(bases), func(k int) bool { return bases[k].y >= lo })
			hits = hits[:0]
			left, right, em := math.Inf(1), math.Inf(-1), 0.0
			for ; k < len(bases) && bases[k].y <= hi && budget > 0; k++ {
				budget--
				b := bases[k]
				run := idx[b.from:b.to]
				j := sort.Search(len(run), func(j int) bool { return glyphs[run[j]].x >= xa-b.width })
				for ; j < len(run) && glyphs[run[j]].x < xb+b.width; j++ {
					budget--
					g := &glyphs[run[j]]
					h := y - g.y
					if h < pdfStrikeLow*g.size || h > pdfStrikeHigh*g.size || t > pdfStrikeThick*g.size {
						continue
					}
					gl, gr := math.Min(g.x, g.end), math.Max(g.x, g.end)
					if math.Min(gr, xb) <= math.Max(gl, xa) && !(gl == gr && gl >= xa && gl <= xb) {
						continue // no overlap
					}
					hits = append(hits, run[j])
					left, right, em = math.Min(left, gl), math.Max(right, gr), math.Max(em, g.size)
				}
			}
			if len(hits) == 0 || xa < left-pdfStrikeOverhang*em || xb > right+pdfStrikeOverhang*em {
				continue
			}
			for _, i := range hits {
				g := &glyphs[i]
				gl, gr := math.Min(g.x, g.end), math.Max(g.x, g.end)
				if gr-gl < 1e-3 {
					gr = gl + 1e-3 // a zero-width glyph inside the line
				}
				cover[i] += math.Max(0, math.Min(gr, xb)-math.Max(gl, xa))
			}
		}
	}
	for i := range glyphs {
		g := &glyphs[i]
		if w := math.Max(math.Abs(g.end-g.x), 1e-3); cover[i] >= pdfStrikeCover*w {
			g.struck = true
		}
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// rotate turns a point by dir quarter turns clockwise, so that text written
// in direction dir runs left to right.
func rotate(x, y float64, dir int) (float64, float64) {
	switch dir {
	case 1:
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}

// textLine is one visual line of a page.
type textLine struct {
	text        string  // cleaned
	y           float64 // baseline, larger is higher
	left, right float64 // extent of the glyphs
	first       float64 // width of the first word
	size        float64 // dominant font size
	bold        bool    // every glyph bold
	chars       int     // non-space glyphs
}

// pageText is the lines of one page and the right edge of its text area,
// beyond which a line wraps.
type pageText struct {
	lines []textLine
	right float64
}

// newPageText returns the lines of a page whose box, in the lines' frame,
// spans box[0] to box[1] horizontally (0, 0 if unknown). The text area is
// taken to have equal margins, and to reach at least the longest line.
func newPageText(lines []textLine, box [2]float64) pageText {
	pt := pageText{lines: lines}
	left := math.Inf(1)
	for _, l := range lines {
		pt.right = math.Max(pt.right, l.right)
		left = math.Min(left, l.left)
	}
	if box[1] > box[0] && left > box[0] && box[1]-(left-box[0]) > pt.right {
		pt.right = box[1] - (left - box[0])
	}
	return pt
}

// buildLines groups a page's glyphs into lines, top to bottom. Glyphs in
// the page's main writing direction only are kept (rotated margin text is
// dropped). Consecutive glyphs on one baseline form a run; runs on the same
// baseline are put in one line, ordered by x, each run keeping its content
// stream order. Gaps between glyphs become a space (a word gap) or a tab (a
// column).
func buildLines(glyphs []glyph) []textLine {
	if len(glyphs) == 0 {
		return nil
	}
	dir, n := mainDir(glyphs), 0
	for _, g := range glyphs {
		if g.dir == dir {
			n++
		}
	}
	kept := glyphs
	if n < len(glyphs) {
		kept = make([]glyph, 0, n)
		for _, g := range glyphs {
			if g.dir == dir {
				kept = append(kept, g)
			}
		}
	}

	// Runs: glyphs consecutive in the stream on one baseline, going right.
	type run struct {
		g    []glyph // a slice of kept
		y, x float64
	}
	var runs []run
	for start, i := 0, 1; i <= len(kept); i++ {
		if i < len(kept) {
			first, last, g := kept[start], kept[i-1], kept[i]
			em := math.Max(g.size, last.size)
			if math.Abs(g.y-first.y) <= pdfBaselineTol*em && g.x >= last.x-0.5*em {
				continue
			}
		}
		runs = append(runs, run{g: kept[start:i], y: kept[start].y, x: kept[start].x})
		start = i
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].y > runs[j].y })

	var lines []textLine
	for i := 0; i < len(runs); {
		head := runs[i]
		em := head.g[0].size
		j := i + 1
		for j < len(runs) && head.y-runs[j].y <= pdfBaselineTol*math.Max(em, runs[j].g[0].size) {
			j++
		}
		group := runs[i:j]
		sort.SliceStable(group, func(a, b int) bool { return group[a].x < group[b].x })
		gs := group[0].g
		if len(group) > 1 {
			gs = nil
			seen := make([]string, len(group))
			for k, r := range group {
				// A run drawn twice at (almost) the same place is fake
				// bold or a shadow: keep one.
				seen[k] = runText(r.g)
				dup := false
				for m := 0; m < k; m++ {
					if seen[m] == seen[k] && math.Abs(group[m].x-r.x) < 0.3*em {
						dup = true
					}
				}
				if !dup {
					gs = append(gs, r.g...)
				}
			}
		}
		if l, ok := renderLine(gs, head.y); ok {
			lines = append(lines, l)
		}
		i = j
	}
	return lines
}

// mainDir returns the writing direction of most glyphs.
func mainDir(glyphs []glyph) int {
	var n [4]int
	for _, g := range glyphs {
		if !g.space {
			n[g.dir]++
		}
	}
	dir := 0
	for d := range n {
		if n[d] > n[dir] {
			dir = d
		}
	}
	return dir
}

// pageBox returns the horizontal extent of a page's crop box (or media box)
// in the frame of text written in direction dir; 0, 0 if it has none.
func pageBox(p pdf.Page, dir int) (box [2]float64) {
	defer func() { _ = recover() }() // the box only refines line wrapping
	b := inherited(p.V, "CropBox")
	if b.Len() != 4 {
		b = inherited(p.V, "MediaBox")
	}
	if b.Len() != 4 {
		return box
	}
	box = [2]float64{math.Inf(1), math.Inf(-1)}
	for _, c := range [][2]int{{0, 1}, {0, 3}, {2, 1}, {2, 3}} {
		x, _ := rotate(b.Index(c[0]).Float64(), b.Index(c[1]).Float64(), dir)
		box[0], box[1] = math.Min(box[0], x), math.Max(box[1], x)
	}
	return box
}

func runText(gs []glyph) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.s)
	}
	return b.String()
}

// renderLine returns the text of a line's glyphs, with spaces and tabs from
// the gaps between them. Struck glyphs are left out as if the text closed
// up over them: the gap between the glyphs on either side is the sum of the
// gaps at the two ends of the struck span, and a space inside it does not
// count (" Förslag att" struck between "Beslut:" and " Socialchefs" gives
// "Beslut: Socialchefs"; "ab", "X" struck, "cd" gives "abcd").
func renderLine(gs []glyph, y float64) (textLine, bool) {
	var b strings.Builder
	var prev, lastStruck *glyph
	struckGap := 0.0 // gap between prev and the first struck glyph after it
	pending := false
	bold := true
	sizes := make(map[float64]int)
	chars := 0
	left, right, firstEnd := 0.0, math.Inf(-1), math.NaN()
	for i := range gs {
		g := &gs[i]
		if g.struck {
			if prev != nil && lastStruck == nil {
				struckGap = g.x - prev.end
			}
			if prev != nil {
				lastStruck = g
			}
			continue
		}
		if g.space {
			pending = prev != nil
			continue
		}
		if prev != nil {
			em := math.Max(g.size, prev.size)
			if g.s == prev.s && math.Abs(g.x-prev.x) < 0.15*em {
				continue // the same glyph drawn twice: fake bold
			}
			gap := g.x - prev.end
			if lastStruck != nil {
				gap = struckGap + g.x - lastStruck.end
			}
			sep := ""
			switch {
			case gap > pdfTabGap*em && !listMarker(b.String()) && !label(b.String()):
				sep = "\t"
			case pending || gap > pdfWordGap*em || gap < -em:
				sep = " "
			}
			if sep != "" && math.IsNaN(firstEnd) {
				firstEnd = prev.end
			}
			b.WriteString(sep)
		} else {
			left = g.x
		}
		right = math.Max(right, g.end)
		b.WriteString(g.s)
		bold = bold && g.bold
		sizes[math.Round(g.size*2)/2]++
		chars++
		prev, pending, lastStruck = g, false, nil
	}
	raw := b.String()
	if s, ok := strings.CutSuffix(raw, "\u00ad"); ok {
		raw = s + "-" // a soft hyphen shows where a word was broken: keep it for joinHyphens
	}
	text := textdoc.Clean(raw)
	if text == "" {
		return textLine{}, false
	}
	if math.IsNaN(firstEnd) {
		firstEnd = right
	}
	return textLine{text: text, y: y, left: left, right: right, first: firstEnd - left,
		size: mode(sizes), bold: bold, chars: chars}, true
}

// mode returns the most frequent key, the smallest on a tie.
func mode(counts map[float64]int) float64 {
	best, n := 0.0, 0
	for k, c := range counts {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

var (
	// listMarkerRe matches a list number or bullet alone: "1.", "2)", "a)",
	// "iv.", "2.1", "§ 12", "•".
	listMarkerRe = lazyregexp.New(`^(?:\(?\d{1,3}[.)]|\d{1,2}(?:\.\d{1,2})+\.?|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)]|§\s?\d{1,4}[.:]?|[-–—•◦▪▫●○■□➢✓❖➔*·o])$`)
	// labelRe matches a short label ending in a colon: "Beslut:", "Fråga:".
	labelRe = lazyregexp.New(`^\p{L}[\p{L}\d'’/&-]*(?:\s+[\p{L}\d'’/&-]+){0,2}\s*:$`)
	// listLabelRe matches labels followed by a list, one name a line, that
	// must stay on their own line.
	listLabelRe = lazyregexp.New(`(?i)närvar|frånvar|deltag|deltog|inbjud|gäst|förhinder|ledamöt|ersättar|sändlista|kopia|bilag|dagordning|närvaro|medverkande|adjungerade`)
)

func listMarker(s string) bool { return listMarkerRe.MatchString(strings.TrimSpace(s)) }

func label(s string) bool { s = strings.TrimSpace(s); return len(s) <= 40 && labelRe.MatchString(s) }

// assemble turns the lines of each page into the document's Lines.
func assemble(pages []pageText) []textdoc.Line {
	all := make([][]textLine, len(pages))
	for i := range pages {
		all[i] = pages[i].lines
	}
	body := bodySize(all)
	dropRunning(all)
	docPitch := pitch(all, body, 3)
	if docPitch == 0 {
		docPitch = 1.2 * body
	}
	var out []textdoc.Line
	var wraps []bool // wraps[i]: line i wraps into line i+1
	for i, lines := range all {
		p := docPitch
		if pp := pitch([][]textLine{lines}, body, 2); pp > 0 && pp < p {
			p = pp // a page set tighter than the rest
		}
		para := func(k int) bool { // a paragraph starts at line k
			d := lines[k-1].y - lines[k].y
			scale := math.Max(1, math.Max(lines[k-1].size, lines[k].size)/body)
			return d > pdfParaPitch*p*scale
		}
		for k, l := range lines {
			if k > 0 && para(k) {
				out = append(out, textdoc.Line{Page: i + 1})
				wraps = append(wraps, false)
			}
			h := 0
			if l.size >= pdfHeadingSize*body {
				h = 1
			}
			out = append(out, textdoc.Line{Text: l.text, Page: i + 1, Heading: h, Bold: l.bold})
			// The line wraps if the next line's first word would not
			// have fitted after it.
			wraps = append(wraps, k+1 < len(lines) && !para(k+1) &&
				l.right+0.25*l.size+lines[k+1].first > pages[i].right)
		}
	}
	out = joinLabels(out, wraps)
	out = joinHyphens(out)
	return out
}

// bodySize returns the document's dominant font size, by glyphs.
func bodySize(pages [][]textLine) float64 {
	sizes := make(map[float64]int)
	for _, lines := range pages {
		for _, l := range lines {
			sizes[l.size] += l.chars
		}
	}
	if s := mode(sizes); s > 0 {
		return s
	}
	return 12
}

// pitch returns the normal distance between the baselines of consecutive
// body-size lines of pages: the smallest distance that recurs (at least min
// times, within half a point). The most frequent distance will not do: on a
// page of one-line paragraphs it is the paragraph pitch. It returns 0 if no
// distance recurs.
func pitch(pages [][]textLine, body float64, min int) float64 {
	var ds []float64
	for _, lines := range pages {
		for k := 1; k < len(lines); k++ {
			a, b := lines[k-1], lines[k]
			if math.Abs(a.size-body) > 0.1*body || math.Abs(b.size-body) > 0.1*body {
				continue
			}
			if d := a.y - b.y; d > 0.5*body && d < 5*body {
				ds = append(ds, d)
			}
		}
	}
	sort.Float64s(ds)
	for i := range ds {
		j := i
		for j < len(ds) && ds[j]-ds[i] <= 0.5 {
			j++
		}
		if j-i >= min {
			return ds[i+(j-i)/2]
		}
	}
	return 0
}

var (
	digitsRe = lazyregexp.New(`\d+`)
	spacesRe = lazyregexp.New(`[\s]+`)
	// pageNumberRe matches a page number line: "Sida 1 av 4", "Sida 2",
	// "2 (3)", "- 3 -", "3", "3/4", "Page 2 of 5".
	pageNumberRe = lazyregexp.New(`(?i)^(?:(?:sida|sid\.?|s\.|page|p\.)\s*\d+(?:\s*(?:av|of|/|\()\s*\d+\)?)?|\d+\s*\(\s*\d+\s*\)|[-–—]\s*\d+\s*[-–—]|\d+\s*(?:/|av|of)\s*\d+|\d{1,4})$`)
)

// dropRunning removes running headers and footers, the lines at the top or
// bottom of a page that recur on several pages (at least two, and half of
// the pages with text) once digits are masked, and page numbers at the top
// or bottom of a page. It works inwards from each edge and stops at the first
// line that is neither. The first page with text keeps its header lines: there
// they are the document's heading, which may carry the meeting's date and body.
func dropRunning(pages [][]textLine) {
	key := func(s string) string {
		return spacesRe.ReplaceAllString(digitsRe.ReplaceAllString(s, "#"), " ")
	}
	top, bottom := make(map[string]int), make(map[string]int)
	withText := 0
	for _, lines := range pages {
		if len(lines) > 0 {
			withText++
		}
		seenT, seenB := make(map[string]bool), make(map[string]bool)
		for k := 0; k < len(lines) && k < pdfEdgeLines; k++ {
			if t := key(lines[k].text); !seenT[t] {
				seenT[t] = true
				top[t]++
			}
			if b := key(lines[len(lines)-1-k].text); !seenB[b] {
				seenB[b] = true
				bottom[b]++
			}
		}
	}
	need := max(2, (withText+1)/2)
	first := true // the first page with text keeps its header lines
	for i, lines := range pages {
		lo, hi := 0, len(lines)
		var kept []textLine
		for lo < hi && lo < pdfEdgeLines {
			t := lines[lo].text
			if pageNumberRe.MatchString(t) {
				lo++
				continue
			}
			if top[key(t)] >= need {
				if first {
					// On its first page a running header is the document's
					// own heading ("Protokoll 2023-03-15 Socialnämnden").
					kept = append(kept, lines[lo])
				}
				lo++
				continue
			}
			break
		}
		if len(lines) > 0 {
			first = false
		}
		for hi > lo && len(lines)-hi < pdfEdgeLines {
			t := lines[hi-1].text
			if bottom[key(t)] >= need || pageNumberRe.MatchString(t) {
				hi--
				continue
			}
			break
		}
		pages[i] = append(kept, lines[lo:hi]...)
	}
}

// joinLabels joins a line that is only a list number or bullet ("2.") with
// the next line of text, across a blank line, and a line that is only a
// short label ("Beslut:") with the next line if that line begins a paragraph
// of running text: it wraps into the line after it, or is the paragraph's
// only line. A label stays alone before a list (a bullet or number, or lines
// that do not wrap: one name a line) and when it is a label of attendance
// ("Närvarande:"). wraps[i] reports whether line i wraps into line i+1.
func joinLabels(lines []textdoc.Line, wraps []bool) []textdoc.Line {
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		j := i + 1
		if listMarker(l.Text) && j < len(lines) && lines[j].Text == "" {
			j++
		}
		if j < len(lines) && lines[j].Text != "" {
			next := lines[j]
			marker := listMarker(l.Text) && !listMarker(next.Text)
			text := j+1 == len(lines) || lines[j+1].Text == "" || wraps[j]
			lbl := j == i+1 && text && label(l.Text) && !listLabelRe.MatchString(l.Text) &&
				!startsWithMarker(next.Text) && !label(next.Text)
			if marker || lbl {
				l.Text = l.Text + " " + next.Text
				l.Bold = l.Bold && next.Bold
				l.Heading = max(l.Heading, next.Heading)
				i = j
			}
		}
		out = append(out, l)
	}
	return out
}

func startsWithMarker(s string) bool {
	first, _, _ := strings.Cut(strings.ReplaceAll(s, "\t", " "), " ")
	return listMarker(first)
}

// noJoinWords follow a hyphen that ends a word part in a coordination
// ("hälso- och sjukvård"): such a hyphen is not a line break hyphen.
var noJoinWords = map[string]bool{"och": true, "eller": true, "samt": true, "respektive": true, "resp": true, "till": true}

// joinHyphens repairs words hyphenated at a line break: the first word of
// the next line moves up to the hyphen. "utveck-" + "ling" gives
// "utveckling"; after an upper case letter, a digit or a single letter the
// hyphen stays ("FH-nätverket", "e-post"). The next line must start with a
// lower case letter and not with a coordinating word ("hälso-" + "och").
func joinHyphens(lines []textdoc.Line) []textdoc.Line {
	for i := 0; i+1 < len(lines); i++ {
		a, b := lines[i].Text, lines[i+1].Text
		if !strings.HasSuffix(a, "-") || b == "" {
			continue
		}
		word := a[strings.LastIndexAny(a, " \t")+1 : len(a)-1]
		prev, _ := utf8.DecodeLastRuneInString(word)
		if word == "" || !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
			continue
		}
		first, _ := utf8.DecodeRuneInString(b)
		if !unicode.IsLower(first) {
			continue
		}
		n := strings.IndexAny(b, " \t")
		if n < 0 {
			n = len(b)
		}
		frag := b[:n]
		if noJoinWords[strings.TrimRight(frag, ".,;:")] {
			continue
		}
		if unicode.IsLower(prev) && utf8.RuneCountInString(word) > 1 {
			a = a[:len(a)-1]
		}
		lines[i].Text = a + frag
		rest := strings.TrimLeft(b[n:], " \t")
		if rest == "" {
			lines = append(lines[:i+1], lines[i+2:]...)
			continue
		}
		lines[i+1].Text = rest
	}
	return lines
}
