package docx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Limits on what readDOCX reads, against zip bombs and hostile files.
const (
	maxDOCXPart    = 64 << 20 // decompressed bytes of one part
	maxDOCXEntries = 10000    // entries in the zip archive
	maxXMLDepth    = 1000     // element nesting in one part
)

// XML namespaces the reader matches. Strict OOXML (ISO/IEC 29500 Strict)
// has its own WordprocessingML namespace; both are read.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsDCTerms = "http://purl.org/dc/terms/"
)

func Is(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if name == "word/document.xml" {
			return true
		}
		if name == "[content_types].xml" && f.UncompressedSize64 < 1<<20 {
			// A main part under another name is declared here.
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
			rc.Close()
			if bytes.Contains(b, []byte("wordprocessingml.document.main+xml")) {
				return true
			}
		}
	}
	return false
}

// readDOCX reads the main document's body of a WordprocessingML package,
// with its automatic numbering rendered into the text and tracked changes
// accepted. Headers, footers, footnotes, endnotes and comments are not read.
func Read(data []byte) (*textdoc.Document, error) {
	pkg, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	rels, err := pkg.relationships("")
	if err != nil {
		return nil, err
	}
	main := rels.target("/officeDocument", "word/document.xml")
	if pkg.file(main) == nil {
		main = "word/document.xml"
	}
	if pkg.file(main) == nil {
		return nil, fmt.Errorf("%w: no main document part", textdoc.ErrCorrupt)
	}
	docRels, err := pkg.relationships(main)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(main)

	doc := &textdoc.Document{}
	if err := pkg.readCore(rels.target("/metadata/core-properties", "docProps/core.xml"), doc); err != nil {
		return nil, err
	}
	styles, err := pkg.readStyles(docRels.target("/styles", path.Join(dir, "styles.xml")))
	if err != nil {
		return nil, err
	}
	num, err := pkg.readNumbering(docRels.target("/numbering", path.Join(dir, "numbering.xml")), styles)
	if err != nil {
		return nil, err
	}
	x, err := pkg.open(main)
	if err != nil {
		return nil, err
	}
	defer x.close()
	x.trackNS = true
	b := newBodyReader(x, styles, num)
	if err := b.read(); err != nil {
		return nil, err
	}
	doc.Lines = b.out
	return doc, nil
}

// docxPackage is an opened DOCX zip archive.
type docxPackage struct {
	files map[string]*zip.File // by lower-case name: OPC part names ignore case
}

func openPackage(data []byte) (*docxPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, fmt.Errorf("%w: not a zip archive: %v", textdoc.ErrCorrupt, err)
	}
	if len(zr.File) > maxDOCXEntries {
		return nil, fmt.Errorf("%w: %d zip entries, more than %d", textdoc.ErrTooLarge, len(zr.File), maxDOCXEntries)
	}
	p := &docxPackage{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p, nil
}

// file returns the named part, nil if absent.
func (p *docxPackage) file(name string) *zip.File {
	return p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// open returns the named XML part for reading, nil if it is absent.
func (p *docxPackage) open(name string) (*xmlPart, error) {
	f := p.file(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxDOCXPart {
		return nil, tooLarge(name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", textdoc.ErrCorrupt, name, err)
	}
	r := &capReader{r: rc, left: maxDOCXPart, name: name}
	size := 32 << 10
	if f.UncompressedSize64 < uint64(size) {
		size = int(f.UncompressedSize64) + 1 // most parts are small
	}
	d := xml.NewDecoder(bufio.NewReaderSize(r, size))
	d.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("unsupported encoding %q", charset)
	}
	return &xmlPart{name: name, rc: rc, d: d}, nil
}

func tooLarge(name string) error {
	return fmt.Errorf("%w: %s: more than %d MiB decompressed", textdoc.ErrTooLarge, name, maxDOCXPart>>20)
}

// capReader reads at most left bytes and fails with textdoc.ErrTooLarge past them.
type capReader struct {
	r    io.Reader
	left int64
	name string
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, tooLarge(c.name)
	}
	return n, err
}

// rels is a part's relationships.
type rels []relationship

type relationship struct {
	typ, target string // target resolved to a part name
}

// target returns the target of the first relationship whose type ends with
// suffix ("/styles" matches transitional and strict type URIs), or def.
func (rs rels) target(suffix, def string) string {
	for _, r := range rs {
		if strings.HasSuffix(r.typ, suffix) {
			return r.target
		}
	}
	return def
}

// relationships reads the relationships of part source ("" for the package).
func (p *docxPackage) relationships(source string) (rels, error) {
	dir, name := path.Split(source)
	x, err := p.open(dir + "_rels/" + name + ".rels")
	if x == nil || err != nil {
		return nil, err
	}
	defer x.close()
	var rs rels
	err = x.walkAll(func(se xml.StartElement, _ []xml.Name) (bool, error) {
		if se.Name.Local != "Relationship" {
			return true, nil
		}
		if mode, _ := attr(se, "TargetMode"); mode == "External" {
			return false, nil
		}
		typ, _ := attr(se, "Type")
		target, _ := attr(se, "Target")
		if t, err := url.PathUnescape(target); err == nil {
			target = t
		}
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(path.Dir(source), target)
		}
		rs = append(rs, relationship{typ: typ, target: target})
		return false, nil
	}, nil)
	return rs, err
}

// readCore reads the title, author and dates of docProps/core.xml into doc.
func (p *docxPackage) readCore(name string, doc *textdoc.Document) error {
	x, err := p.open(name)
	if x == nil || err != nil {
		return err
	}
	defer x.close()
	var title, creator, created, modified strings.Builder
	err = x.walkAll(func(xml.StartElement, []xml.Name) (bool, error) { return true, nil },
		func(parents []xml.Name, data []byte) {
			if len(parents) != 2 { // text of a child of cp:coreProperties
				return
			}
			var field *strings.Builder
			switch n := parents[1]; {
			case n.Space == nsDC && n.Local == "title":
				field = &title
			case n.Space == nsDC && n.Local == "creator":
				field = &creator
			case n.Space == nsDCTerms && n.Local == "created":
				field = &created
			case n.Space == nsDCTerms && n.Local == "modified":
				field = &modified
			default:
				return
			}
			field.Write(data)
		})
	if err != nil {
		return err
	}
	doc.Title = oneLine(title.String())
	doc.Author = oneLine(creator.String())
	doc.Created = parseW3CDTF(created.String())
	doc.Modified = parseW3CDTF(modified.String())
	return nil
}

// oneLine cleans s and joins its lines and runs of white space with a space.
func oneLine(s string) string {
	return textdoc.Clean(strings.Join(strings.Fields(s), " "))
}

// parseW3CDTF parses a W3C date-time ("2022-11-30T10:00:00Z", "2022-11-30"),
// returning the zero time if it is not one.
func parseW3CDTF(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// xmlPart reads one XML part token by token, naming the part in errors and
// limiting the nesting of elements. The part's decompressed size is capped by
// the capReader under the decoder.
type xmlPart struct {
	name    string
	rc      io.Closer
	d       *xml.Decoder
	depth   int                 // open elements
	trackNS bool                // record namespace declarations, for mc:Choice Requires
	ns      map[string][]string // namespaces bound to a prefix, innermost last
	nsDecl  []nsDecl            // declarations of the open elements, to undo
}

type nsDecl struct {
	depth  int
	prefix string
}

func (x *xmlPart) close() { x.rc.Close() }

// token returns the next token; io.EOF at the end of the part.
func (x *xmlPart) token() (xml.Token, error) {
	t, err := x.d.Token()
	if err != nil {
		return nil, x.wrap(err)
	}
	switch t := t.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > maxXMLDepth {
			return nil, fmt.Errorf("%w: %s: elements nested more than %d deep", textdoc.ErrCorrupt, x.name, maxXMLDepth)
		}
		if x.trackNS {
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					x.declare(a.Name.Local, a.Value)
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					x.declare("", a.Value)
				}
			}
		}
	case xml.EndElement:
		for len(x.nsDecl) > 0 && x.nsDecl[len(x.nsDecl)-1].depth == x.depth {
			prefix := x.nsDecl[len(x.nsDecl)-1].prefix
			x.ns[prefix] = x.ns[prefix][:len(x.ns[prefix])-1]
			x.nsDecl = x.nsDecl[:len(x.nsDecl)-1]
		}
		x.depth--
	}
	return t, nil
}

// wrap returns err with the part name, as textdoc.ErrCorrupt unless the part is too
// large.
func (x *xmlPart) wrap(err error) error {
	var se *xml.SyntaxError
	switch {
	case err == io.EOF, errors.Is(err, textdoc.ErrTooLarge):
		return err
	case errors.As(err, &se):
		return fmt.Errorf("%w: %s: XML line %d, byte %d: %s", textdoc.ErrCorrupt, x.name, se.Line, x.d.InputOffset(), se.Msg)
	}
	return fmt.Errorf("%w: %s: %v", textdoc.ErrCorrupt, x.name, err)
}

func (x *xmlPart) declare(prefix, space string) {
	if x.ns == nil {
		x.ns = map[string][]string{}
	}
	x.ns[prefix] = append(x.ns[prefix], space)
	x.nsDecl = append(x.nsDecl, nsDecl{x.depth, prefix})
}

// namespace returns the namespace the prefix is bound to where the decoder
// is (only with trackNS).
func (x *xmlPart) namespace(prefix string) (string, bool) {
	if spaces := x.ns[prefix]; len(spaces) > 0 {
		return spaces[len(spaces)-1], true
	}
	return "", false
}

// skip reads up to the end of the element whose start was just read.
func (x *xmlPart) skip() error {
	for d := x.depth; x.depth >= d; {
		if _, err := x.token(); err != nil {
			return unexpectedEOF(x, err)
		}
	}
	return nil
}

func unexpectedEOF(x *xmlPart, err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w: %s: unexpected end of part", textdoc.ErrCorrupt, x.name)
	}
	return err
}

// walk reads up to the end of the element whose start was just read. It calls
// start for each element within, with its ancestors (outermost first, the
// walked element included); start returns whether to read the element's
// children or skip them. text, if not nil, receives the character data with
// the open elements.
func (x *xmlPart) walk(origin xml.Name, start func(xml.StartElement, []xml.Name) (bool, error), text func([]xml.Name, []byte)) error {
	return x.walkFrom([]xml.Name{origin}, start, text)
}

func (x *xmlPart) walkFrom(parents []xml.Name, start func(xml.StartElement, []xml.Name) (bool, error), text func([]xml.Name, []byte)) error {
	for base := x.depth; x.depth >= base; {
		t, err := x.token()
		if err != nil {
			return unexpectedEOF(x, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			descend, err := start(t, parents)
			if err != nil {
				return err
			}
			if !descend {
				if err := x.skip(); err != nil {
					return err
				}
				continue
			}
			parents = append(parents, t.Name)
		case xml.EndElement:
			if len(parents) > 0 {
				parents = parents[:len(parents)-1]
			}
		case xml.CharData:
			if text != nil {
				text(parents, t)
			}
		}
	}
	return nil
}

// walkAll walks the whole part: its root element and what it holds. The
// root's ancestors are empty.
func (x *xmlPart) walkAll(start func(xml.StartElement, []xml.Name) (bool, error), text func([]xml.Name, []byte)) error {
	for {
		t, err := x.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		descend, err := start(se, nil)
		if err != nil {
			return err
		}
		if !descend {
			if err := x.skip(); err != nil {
				return err
			}
			continue
		}
		if err := x.walkFrom([]xml.Name{se.Name}, start, text); err != nil {
			return err
		}
	}
}

// isW reports whether n is in the WordprocessingML namespace.
func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// attr returns the value of the attribute with the local name (w:val, val).
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return a.Value, true
		}
	}
	return "", false
}

// atoi returns the integer value of an attribute.
func atoi(se xml.StartElement, local string) (int, bool) {
	v, ok := attr(se, local)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}

// onOff parses an ST_OnOff value; the attribute being absent means on.
func onOff(v string) bool {
	switch strings.TrimSpace(v) {
	case "0", "false", "off":
		return false
	}
	return true
}

// flag returns the tri-state of an on/off element such as <w:b/>.
func flag(se xml.StartElement) tri {
	if v, ok := attr(se, "val"); ok && !onOff(v) {
		return off
	}
	return on
}

// wParent returns the local name of the n-th nearest WordprocessingML
// ancestor, looking through markup-compatibility elements.
func wParent(parents []xml.Name, n int) string {
	for i := len(parents) - 1; i >= 0; i-- {
		if parents[i].Space == nsMC {
			continue
		}
		if n--; n == 0 {
			return parents[i].Local
		}
	}
	return ""
}

// tri is a formatting property that may be unset.
type tri int8

const (
	unset tri = iota
	off
	on
)

// docxStyles is what the reader needs of word/styles.xml.
type docxStyles struct {
	byID        map[string]*docxStyle
	defaultPara string // style of paragraphs without w:pStyle
	bold        tri    // document defaults
	vanish      tri
	headings    map[string]int // heading level by style ID, memoised
}

// docxStyle is one w:style.
type docxStyle struct {
	id, name, basedOn string
	outline           int  // w:outlineLvl 0-9, -1 unset
	numID             int  // w:numPr/w:numId, with numSet
	numSet            bool // numID is set (0 removes inherited numbering)
	ilvl              int  // w:numPr/w:ilvl, -1 unset
	bold, vanish      tri
}

// readStyles reads the styles part; an absent part gives empty styles.
func (p *docxPackage) readStyles(name string) (*docxStyles, error) {
	s := &docxStyles{byID: map[string]*docxStyle{}, headings: map[string]int{}}
	x, err := p.open(name)
	if x == nil || err != nil {
		return s, err
	}
	defer x.close()
	var (
		cur                *docxStyle
		boldB, boldCS      tri // w:b and w:bCs of the open style or defaults
		inDefaults, isPara bool
	)
	finish := func() {
		b := boldB
		if b == unset {
			b = boldCS
		}
		if cur != nil {
			cur.bold = b
		} else if inDefaults {
			s.bold = b
		}
		boldB, boldCS = unset, unset
	}
	err = x.walkAll(func(se xml.StartElement, parents []xml.Name) (bool, error) {
		if !isW(se.Name) {
			return false, nil
		}
		parent := wParent(parents, 1)
		val, _ := attr(se, "val")
		switch se.Name.Local {
		case "styles":
		case "docDefaults":
			finish()
			cur, inDefaults = nil, true
		case "rPrDefault", "pPrDefault", "pPr", "rPr", "numPr":
		case "style":
			finish()
			cur, inDefaults = nil, false
			id, _ := attr(se, "styleId")
			typ, _ := attr(se, "type")
			def, hasDef := attr(se, "default")
			isPara = typ == "paragraph" || typ == ""
			if parent != "styles" {
				return false, nil
			}
			cur = &docxStyle{id: id, outline: -1, ilvl: -1}
			if _, dup := s.byID[id]; !dup && id != "" {
				s.byID[id] = cur
			}
			if isPara && hasDef && onOff(def) && s.defaultPara == "" {
				s.defaultPara = id
			}
		case "name":
			if cur != nil && parent == "style" {
				cur.name = val
			}
		case "basedOn":
			if cur != nil && parent == "style" {
				cur.basedOn = val
			}
		case "outlineLvl":
			if n, ok := atoi(se, "val"); ok && cur != nil && parent == "pPr" {
				cur.outline = n
			}
		case "numId":
			if n, ok := atoi(se, "val"); ok && cur != nil && parent == "numPr" {
				cur.numID, cur.numSet = n, true
			}
		case "ilvl":
			if n, ok := atoi(se, "val"); ok && cur != nil && parent == "numPr" {
				cur.ilvl = n
			}
		case "b", "bCs", "vanish":
			if parent != "rPr" || cur == nil && !inDefaults {
				return false, nil
			}
			switch se.Name.Local {
			case "b":
				boldB = flag(se)
			case "bCs":
				boldCS = flag(se)
			case "vanish":
				if cur != nil {
					cur.vanish = flag(se)
				} else {
					s.vanish = flag(se)
				}
			}
		default:
			// w:tblStylePr, w:rPrChange, w:pPrChange, w:latentStyles …
			return false, nil
		}
		return true, nil
	}, nil)
	finish()
	return s, err
}

// chain calls f on the style and the styles it is based on, most derived
// first, until f returns true.
func (s *docxStyles) chain(id string, f func(*docxStyle) bool) {
	st := s.byID[id]
	for i := 0; st != nil && i < 32; i++ {
		if f(st) {
			return
		}
		st = s.byID[st.basedOn]
	}
}

// paraStyle returns the style a paragraph with w:pStyle id has.
func (s *docxStyles) paraStyle(id string) string {
	if _, ok := s.byID[id]; ok {
		return id
	}
	return s.defaultPara
}

// heading returns the heading level (1-9) of a paragraph style, 0 for body
// text: from the first w:outlineLvl or heading-like style name ("heading 2",
// "Heading2", Swedish "Rubrik 2"; the Title style, "Rubrik" in Swedish, is
// level 1) along its basedOn chain.
func (s *docxStyles) heading(id string) int {
	if h, ok := s.headings[id]; ok {
		return h
	}
	h := 0
	s.chain(id, func(st *docxStyle) bool {
		if st.outline >= 0 {
			h = outlineHeading(st.outline)
			return true
		}
		if n := headingName(st.name); n > 0 {
			h = n
			return true
		}
		if n := headingName(st.id); n > 0 {
			h = n
			return true
		}
		return false
	})
	s.headings[id] = h
	return h
}

// outlineHeading turns an outline level (0-8, 9 body text) into a heading level.
func outlineHeading(lvl int) int {
	if lvl >= 0 && lvl < 9 {
		return lvl + 1
	}
	return 0
}

// headingName returns the heading level a style name or ID stands for, 0 if none.
func headingName(name string) int {
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	switch n {
	case "title", "rubrik":
		return 1
	}
	for _, prefix := range []string{"heading", "rubrik", "overskrift", "otsikko"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && len(rest) == 1 && rest[0] >= '1' && rest[0] <= '9' {
			return int(rest[0] - '0')
		}
	}
	return 0
}

// numbering returns the numbering a paragraph style gives: instance, level
// (-1 unset) and whether the chain sets an instance at all.
func (s *docxStyles) numbering(id string) (numID, ilvl int, ok bool) {
	ilvl = -1
	s.chain(id, func(st *docxStyle) bool {
		if !ok && st.numSet {
			numID, ok = st.numID, true
		}
		if ilvl < 0 && st.ilvl >= 0 {
			ilvl = st.ilvl
		}
		return ok && ilvl >= 0
	})
	return numID, ilvl, ok
}

// numberingStyle returns the numbering instance of a numbering style, for
// w:numStyleLink.
func (s *docxStyles) numberingStyle(id string) (int, bool) {
	if s == nil {
		return 0, false
	}
	numID, _, ok := s.numbering(id)
	return numID, ok
}

// toggle resolves a toggle property (w:b, w:vanish) of a run from the
// paragraph and character styles: the styles' values combine by exclusive
// or, as the standard specifies, and the document default applies when no
// style sets it.
func (s *docxStyles) toggle(pStyle, rStyle string, get func(*docxStyle) tri, def tri) bool {
	find := func(id string) tri {
		v := unset
		s.chain(id, func(st *docxStyle) bool {
			v = get(st)
			return v != unset
		})
		return v
	}
	pv, rv := find(pStyle), unset
	if rStyle != "" {
		rv = find(rStyle)
	}
	if pv == unset && rv == unset {
		return def == on
	}
	return (pv == on) != (rv == on)
}

// readNumbering reads the numbering part; nil if it is absent.
func (p *docxPackage) readNumbering(name string, styles *docxStyles) (*numbering, error) {
	x, err := p.open(name)
	if x == nil || err != nil {
		return nil, err
	}
	defer x.close()
	return parseNumbering(x, styles)
}

// bodyReader turns the body of word/document.xml into Lines. It is driven by
// the decoder's tokens with explicit stacks, not recursion, so that memory
// stays proportional to the nesting and not to the size of the body.
type bodyReader struct {
	x        *xmlPart
	styles   *docxStyles
	num      *numbering
	out      []textdoc.Line
	deferred []textdoc.Line // text box lines, emitted after the block anchoring them

	frames  []frame      // one per open element the reader descended into
	paras   []*para      // open paragraphs, innermost last (text boxes nest)
	runs    []*run       // open runs
	conts   []*container // open containers: the body, table cells, text boxes
	stories []*story     // the body and open text boxes: fields are per story
	tables  []*table     // open tables
}

// frame is an open element.
type frame struct {
	kind        frameKind
	placeholder bool // fSdt: the content control shows placeholder text
	chosen      bool // fAlternate: a Choice or the Fallback has been taken
}

type frameKind int8

const (
	fOther frameKind = iota // read through
	fPara
	fRun
	fTable
	fRow
	fCell
	fTextBox
	fSdt
	fAlternate
)

// container receives finished paragraphs.
type container struct {
	kind  containerKind
	cell  *cell     // cCell: the cell's text
	carry []lineBuf // lines of a paragraph whose mark was deleted: they join the next paragraph
}

type containerKind int8

const (
	cBody containerKind = iota
	cCell
	cTextBox
)

// story holds the state of the complex fields (w:fldChar) of a story.
type story struct {
	fields []bool // per open field: whether its result is being read
	instr  int    // open fields in their instruction part: text is field code
}

type table struct {
	cont *container // where the rows go
	row  *row       // the open row
	rows int        // rows emitted
}

type row struct {
	cells   []*cell
	open    bool // a cell of the row is open
	deleted bool // tracked deletion of the row
}

type cell struct {
	parts   []string // text of the cell's paragraphs
	hasText bool     // some run text is not blank
	bold    bool     // all non-blank run text is bold
	deleted bool
}

// para is an open paragraph.
type para struct {
	cont    *container
	pStyle  string // w:pStyle as given
	numID   int    // w:numPr of the paragraph itself, with numSet
	numSet  bool
	ilvl    int  // -1 unset
	outline int  // -1 unset
	markDel bool // the paragraph mark is a tracked deletion
	ready   bool // the properties below are set
	style   string
	heading int
	label   string    // automatic number, "" if none
	lines   []lineBuf // the paragraph split at line breaks; the last one is open
}

// lineBuf is one line of a paragraph being built.
type lineBuf struct {
	text    []byte
	hasText bool // some run text is not blank
	bold    bool // all non-blank run text is bold
}

func (l *lineBuf) add(s string, bold bool) {
	l.text = append(l.text, s...)
	if strings.TrimSpace(s) == "" {
		return
	}
	l.bold = bold && (l.bold || !l.hasText)
	l.hasText = true
}

// join appends m to l as one line.
func (l *lineBuf) join(m lineBuf) {
	l.text = append(l.text, m.text...)
	if m.hasText {
		l.bold = m.bold && (l.bold || !l.hasText)
		l.hasText = true
	}
}

// joinLines continues the last line of a with the first of b.
func joinLines(a, b []lineBuf) []lineBuf {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	a[len(a)-1].join(b[0])
	return append(a, b[1:]...)
}

// run is an open w:r with its direct formatting.
type run struct {
	p            *para
	style        string // w:rStyle
	bold, vanish tri
	resolved     bool // isBold and hidden are set
	isBold       bool
	hidden       bool
}

func newBodyReader(x *xmlPart, styles *docxStyles, num *numbering) *bodyReader {
	return &bodyReader{
		x:       x,
		styles:  styles,
		num:     num,
		conts:   []*container{{kind: cBody}},
		stories: []*story{{}},
	}
}

// read reads the part to its end.
func (b *bodyReader) read() error {
	for {
		t, err := b.x.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := b.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			b.end()
		}
	}
	b.flushCarry(b.conts[0])
	b.out = append(b.out, b.deferred...)
	return nil
}

func (b *bodyReader) top() *frame {
	if len(b.frames) == 0 {
		return &frame{}
	}
	return &b.frames[len(b.frames)-1]
}

func (b *bodyReader) push(kind frameKind) { b.frames = append(b.frames, frame{kind: kind}) }

func (b *bodyReader) para() *para {
	if len(b.paras) == 0 {
		return nil
	}
	return b.paras[len(b.paras)-1]
}

func (b *bodyReader) cont() *container { return b.conts[len(b.conts)-1] }

func (b *bodyReader) story() *story { return b.stories[len(b.stories)-1] }

// start handles the start of an element: it descends into it (pushing a
// frame) or consumes it whole.
func (b *bodyReader) start(se xml.StartElement) error {
	parent := b.top()
	if parent.kind == fPara && !(isW(se.Name) && se.Name.Local == "pPr") {
		b.ready(b.para()) // the paragraph's properties are complete
	}
	if se.Name.Space == nsMC {
		return b.alternate(se, parent)
	}
	if !isW(se.Name) {
		b.push(fOther) // v:textbox, wps:txbx …: read through to w:txbxContent
		return nil
	}
	switch se.Name.Local {
	case "p":
		b.paras = append(b.paras, &para{cont: b.cont(), ilvl: -1, outline: -1, lines: make([]lineBuf, 1)})
		b.push(fPara)
	case "pPr":
		p := b.para()
		if parent.kind != fPara || p.ready {
			return b.x.skip()
		}
		if err := b.paraProps(se, p); err != nil {
			return err
		}
		b.ready(p)
	case "r":
		b.runs = append(b.runs, &run{p: b.para()})
		b.push(fRun)
	case "rPr":
		if parent.kind != fRun {
			return b.x.skip()
		}
		return b.runProps(se, b.runs[len(b.runs)-1])
	case "t":
		var text []byte
		err := b.x.walk(se.Name, func(xml.StartElement, []xml.Name) (bool, error) { return false, nil },
			func(_ []xml.Name, data []byte) { text = append(text, data...) })
		if err != nil {
			return err
		}
		b.add(strings.Map(newlineToSpace, string(text)))
	case "tab", "ptab":
		b.add("\t")
		return b.x.skip()
	case "br", "cr":
		b.lineBreak()
		return b.x.skip()
	case "noBreakHyphen":
		b.add("-")
		return b.x.skip()
	case "sym":
		font, _ := attr(se, "font")
		code, _ := attr(se, "char")
		if v, err := strconv.ParseUint(code, 16, 32); err == nil && !symbolFont(font) {
			if v >= 0xf000 && v <= 0xf0ff {
				v -= 0xf000 // symbol-encoded character code
			}
			if v >= 0x20 && v <= 0x10ffff {
				b.add(string(rune(v)))
			}
		}
		return b.x.skip()
	case "fldChar":
		typ, _ := attr(se, "fldCharType")
		b.field(typ)
		return b.x.skip()
	case "sdt":
		b.push(fSdt)
	case "sdtPr":
		if parent.kind != fSdt {
			return b.x.skip()
		}
		return b.x.walk(se.Name, func(e xml.StartElement, parents []xml.Name) (bool, error) {
			if isW(e.Name) && e.Name.Local == "showingPlcHdr" && len(parents) == 1 {
				parent.placeholder = flag(e) == on
			}
			return false, nil
		}, nil)
	case "sdtContent":
		if parent.kind == fSdt && parent.placeholder {
			return b.x.skip() // "Klicka här för att ange text."
		}
		b.push(fOther)
	case "tbl":
		b.flushCarry(b.cont())
		b.tables = append(b.tables, &table{cont: b.cont()})
		b.push(fTable)
	case "tr":
		t := b.table()
		if t == nil || t.row != nil {
			b.push(fOther)
			return nil
		}
		t.row = &row{}
		b.push(fRow)
	case "trPr":
		t := b.table()
		if parent.kind != fRow || t == nil || t.row == nil {
			return b.x.skip()
		}
		return b.x.walk(se.Name, func(e xml.StartElement, parents []xml.Name) (bool, error) {
			if isW(e.Name) && e.Name.Local == "del" && len(parents) == 1 {
				t.row.deleted = true
			}
			return false, nil
		}, nil)
	case "tc":
		t := b.table()
		if t == nil || t.row == nil || t.row.open {
			b.push(fOther)
			return nil
		}
		t.row.open = true
		b.conts = append(b.conts, &container{kind: cCell, cell: &cell{}})
		b.push(fCell)
	case "tcPr":
		if parent.kind != fCell {
			return b.x.skip()
		}
		c := b.cont().cell
		return b.x.walk(se.Name, func(e xml.StartElement, parents []xml.Name) (bool, error) {
			if isW(e.Name) && e.Name.Local == "cellDel" && len(parents) == 1 {
				c.deleted = true
			}
			return false, nil
		}, nil)
	case "txbxContent":
		b.conts = append(b.conts, &container{kind: cTextBox})
		b.stories = append(b.stories, &story{})
		b.push(fTextBox)
	case "del", "moveFrom", // tracked deletions
		"delText", "delInstrText", "instrText", // deleted text, field codes
		"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tblGridChange",
		"trPrChange", "tcPrChange", "numberingChange", // formatting before a tracked change
		"sectPr", "tblPr", "tblPrEx", "tblGrid", "sdtEndPr", "customXmlPr", "smartTagPr",
		"rt",         // ruby (phonetic guide) text above the base text
		"background", // the page background, before w:body
		"altChunk":   // imported foreign content, not WordprocessingML
		return b.x.skip()
	default:
		// w:body, w:hyperlink, w:ins, w:moveTo, w:smartTag, w:customXml,
		// w:fldSimple, w:dir, w:bdo, w:ruby, w:drawing, w:pict … are read
		// through; empty markers (bookmarks, proofErr …) hold nothing.
		b.push(fOther)
	}
	return nil
}

// alternate handles mc:AlternateContent: the first mc:Choice whose required
// namespaces the reader understands is read, else the mc:Fallback, never
// both, so that text boxes are not read twice.
func (b *bodyReader) alternate(se xml.StartElement, parent *frame) error {
	switch se.Name.Local {
	case "AlternateContent":
		b.push(fAlternate)
		return nil
	case "Choice", "Fallback":
		if parent.kind != fAlternate || parent.chosen || se.Name.Local == "Choice" && !b.understood(se) {
			return b.x.skip()
		}
		parent.chosen = true
	}
	b.push(fOther)
	return nil
}

// understoodNS are the namespaces whose markup the reader reads through to
// the WordprocessingML text inside (text boxes of shapes, groups, canvases).
// Markup it would drop, such as w16se:symEx (an emoji as a font glyph), is
// not understood: the Fallback then carries the text.
var understoodNS = map[string]bool{
	nsW:       true,
	nsWStrict: true,
	"http://schemas.microsoft.com/office/word/2010/wordprocessingShape":   true, // wps
	"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup":   true, // wpg
	"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas":  true, // wpc
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing": true, // wp14
	"http://schemas.microsoft.com/office/word/2010/wordml":                true, // w14
	"http://schemas.microsoft.com/office/word/2012/wordml":                true, // w15
	"http://schemas.microsoft.com/office/drawing/2010/main":               true, // a14
	"http://schemas.openxmlformats.org/drawingml/2006/main":               true, // a
	"urn:schemas-microsoft-com:vml":                                       true, // v
	"urn:schemas-microsoft-com:office:office":                             true, // o
}

// understood reports whether the reader understands every namespace an
// mc:Choice requires.
func (b *bodyReader) understood(se xml.StartElement) bool {
	req, _ := attr(se, "Requires")
	prefixes := strings.Fields(req)
	if len(prefixes) == 0 {
		return false
	}
	for _, prefix := range prefixes {
		ns, ok := b.x.namespace(prefix)
		if !ok || !understoodNS[ns] {
			return false
		}
	}
	return true
}

// end handles the end of an element the reader descended into.
func (b *bodyReader) end() {
	if len(b.frames) == 0 {
		return
	}
	f := b.frames[len(b.frames)-1]
	b.frames = b.frames[:len(b.frames)-1]
	switch f.kind {
	case fPara:
		b.endPara()
	case fRun:
		b.runs = b.runs[:len(b.runs)-1]
	case fTable:
		b.endTable()
	case fRow:
		b.endRow()
	case fCell:
		b.endCell()
	case fTextBox:
		b.flushCarry(b.cont())
		b.conts = b.conts[:len(b.conts)-1]
		b.stories = b.stories[:len(b.stories)-1]
	}
}

// paraProps reads a paragraph's w:pPr, skipping tracked former properties.
func (b *bodyReader) paraProps(se xml.StartElement, p *para) error {
	return b.x.walk(se.Name, func(e xml.StartElement, parents []xml.Name) (bool, error) {
		if !isW(e.Name) {
			return false, nil
		}
		parent := wParent(parents, 1)
		switch e.Name.Local {
		case "pStyle":
			if parent == "pPr" {
				p.pStyle, _ = attr(e, "val")
			}
		case "outlineLvl":
			if n, ok := atoi(e, "val"); ok && parent == "pPr" {
				p.outline = n
			}
		case "numPr", "rPr":
			return parent == "pPr", nil
		case "ilvl":
			if n, ok := atoi(e, "val"); ok && parent == "numPr" {
				p.ilvl = n
			}
		case "numId":
			if n, ok := atoi(e, "val"); ok && parent == "numPr" {
				p.numID, p.numSet = n, true
			}
		case "del", "moveFrom":
			if parent == "rPr" {
				p.markDel = true
			}
		}
		return false, nil
	}, nil)
}

// runProps reads a run's w:rPr, skipping tracked former properties.
func (b *bodyReader) runProps(se xml.StartElement, r *run) error {
	var boldCS tri
	err := b.x.walk(se.Name, func(e xml.StartElement, parents []xml.Name) (bool, error) {
		if !isW(e.Name) || len(parents) != 1 {
			return false, nil
		}
		switch e.Name.Local {
		case "rStyle":
			r.style, _ = attr(e, "val")
		case "b":
			r.bold = flag(e)
		case "bCs":
			boldCS = flag(e)
		case "vanish":
			r.vanish = flag(e)
		}
		return false, nil
	}, nil)
	if r.bold == unset {
		r.bold = boldCS
	}
	return err
}

// ready sets the paragraph's style, heading level and automatic number once
// its properties are read; numbers are counted in document order.
func (b *bodyReader) ready(p *para) {
	if p == nil || p.ready {
		return
	}
	p.ready = true
	s := b.styles
	p.style = s.paraStyle(p.pStyle)
	if p.outline >= 0 {
		p.heading = outlineHeading(p.outline)
	} else {
		p.heading = s.heading(p.style)
	}
	numID, ilvl, ok := p.numID, p.ilvl, p.numSet
	if !ok {
		numID, ilvl, ok = s.numbering(p.style)
		if p.ilvl >= 0 {
			ilvl = p.ilvl
		}
	}
	if ok && !p.markDel {
		p.label = b.num.label(numID, ilvl, p.style)
	}
}

// visible returns the open paragraph, nil if run content is not shown now
// (field code, hidden text), and whether the content is bold.
func (b *bodyReader) visible() (*para, bool) {
	p := b.para()
	if p == nil || b.story().instr > 0 {
		return nil, false
	}
	b.ready(p)
	bold := false
	if r := b.run(p); r != nil {
		if r.hidden {
			return nil, false
		}
		bold = r.isBold
	} else {
		bold = b.styles.toggle(p.style, "", styleBold, b.styles.bold)
	}
	return p, bold
}

// run returns the open run of paragraph p with its formatting resolved.
func (b *bodyReader) run(p *para) *run {
	if len(b.runs) == 0 {
		return nil
	}
	r := b.runs[len(b.runs)-1]
	if r.p != p {
		return nil
	}
	if !r.resolved {
		r.resolved = true
		s := b.styles
		r.isBold = r.bold == on || r.bold == unset && s.toggle(p.style, r.style, styleBold, s.bold)
		r.hidden = r.vanish == on || r.vanish == unset && s.toggle(p.style, r.style, styleVanish, s.vanish)
	}
	return r
}

func styleBold(st *docxStyle) tri   { return st.bold }
func styleVanish(st *docxStyle) tri { return st.vanish }

// add appends run text to the open paragraph.
func (b *bodyReader) add(s string) {
	p, bold := b.visible()
	if p == nil || s == "" {
		return
	}
	p.lines[len(p.lines)-1].add(s, bold)
}

// lineBreak starts a new line in the open paragraph.
func (b *bodyReader) lineBreak() {
	if p, _ := b.visible(); p != nil {
		p.lines = append(p.lines, lineBuf{})
	}
}

// field handles a w:fldChar: the code between begin and separate is not
// text, the result between separate and end is. Fields nest.
func (b *bodyReader) field(typ string) {
	s := b.story()
	n := len(s.fields)
	switch typ {
	case "begin":
		s.fields = append(s.fields, false)
		s.instr++
	case "separate":
		if n > 0 && !s.fields[n-1] {
			s.fields[n-1] = true
			s.instr--
		}
	case "end":
		if n > 0 {
			if !s.fields[n-1] {
				s.instr--
			}
			s.fields = s.fields[:n-1]
		}
	}
}

func (b *bodyReader) table() *table {
	if len(b.tables) == 0 {
		return nil
	}
	return b.tables[len(b.tables)-1]
}

// endPara emits the paragraph to its container, with its number before it.
// A paragraph whose mark was deleted is joined to the next paragraph, whose
// properties the joined paragraph has, as in Word.
func (b *bodyReader) endPara() {
	p := b.para()
	b.paras = b.paras[:len(b.paras)-1]
	b.ready(p)
	c := p.cont
	if p.markDel {
		c.carry = joinLines(c.carry, p.lines)
		return
	}
	lines := joinLines(c.carry, p.lines)
	c.carry = nil
	if p.label != "" {
		first := &lines[0]
		first.text = append([]byte(p.label+" "), first.text...)
	}
	b.emit(c, lines, p.heading)
	b.flushDeferred()
}

// emit writes a paragraph's lines to the container: as Lines followed by an
// empty textdoc.Line, or into a table cell.
func (b *bodyReader) emit(c *container, lines []lineBuf, heading int) {
	if c.kind == cCell {
		for _, l := range lines {
			c.cell.add(textdoc.Clean(string(l.text)), l.hasText, l.bold)
		}
		return
	}
	dst := &b.out
	if c.kind == cTextBox {
		dst = &b.deferred
	}
	for _, l := range lines {
		line := textdoc.Line{Text: textdoc.Clean(string(l.text))}
		if line.Text != "" {
			line.Heading = heading
			line.Bold = l.hasText && l.bold
		}
		*dst = append(*dst, line)
	}
	*dst = append(*dst, textdoc.Line{})
}

// flushCarry emits the lines of a paragraph whose deleted mark had nothing
// to join.
func (b *bodyReader) flushCarry(c *container) {
	if len(c.carry) > 0 {
		lines := c.carry
		c.carry = nil
		b.emit(c, lines, 0)
	}
}

// flushDeferred emits the text boxes' lines once the outermost block that
// anchors them has ended.
func (b *bodyReader) flushDeferred() {
	if len(b.paras) == 0 && len(b.tables) == 0 && len(b.deferred) > 0 {
		b.out = append(b.out, b.deferred...)
		b.deferred = b.deferred[:0]
	}
}

func (c *cell) add(text string, hasText, bold bool) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\t", " "))
	if text != "" {
		c.parts = append(c.parts, text)
	}
	if hasText {
		c.bold = bold && (c.bold || !c.hasText)
		c.hasText = true
	}
}

func (b *bodyReader) endCell() {
	c := b.cont()
	b.flushCarry(c)
	b.conts = b.conts[:len(b.conts)-1]
	t := b.table()
	t.row.open = false
	if !c.cell.deleted {
		t.row.cells = append(t.row.cells, c.cell)
	}
}

// endRow emits a row as "| cell | cell |"; a row of a table nested in a cell
// becomes text of that cell.
func (b *bodyReader) endRow() {
	t := b.table()
	r := t.row
	t.row = nil
	if r.deleted {
		return
	}
	texts := make([]string, len(r.cells))
	empty, hasText, bold := true, false, false
	for i, c := range r.cells {
		texts[i] = strings.Join(c.parts, " ")
		empty = empty && texts[i] == ""
		if c.hasText {
			bold = c.bold && (bold || !hasText)
			hasText = true
		}
	}
	if empty {
		return
	}
	t.rows++
	if t.cont.kind == cCell {
		t.cont.cell.add(strings.Join(texts, " "), hasText, bold)
		return
	}
	for i, s := range texts {
		texts[i] = strings.ReplaceAll(s, "|", `\|`)
	}
	line := textdoc.Line{Text: "| " + strings.Join(texts, " | ") + " |", Bold: hasText && bold}
	if t.cont.kind == cTextBox {
		b.deferred = append(b.deferred, line)
	} else {
		b.out = append(b.out, line)
	}
}

// endTable ends a table with an empty textdoc.Line, as a paragraph.
func (b *bodyReader) endTable() {
	t := b.table()
	b.tables = b.tables[:len(b.tables)-1]
	if t.rows > 0 {
		switch t.cont.kind {
		case cBody:
			b.out = append(b.out, textdoc.Line{})
		case cTextBox:
			b.deferred = append(b.deferred, textdoc.Line{})
		}
	}
	b.flushDeferred()
}

// newlineToSpace maps line ends inside w:t, which Word shows as spaces.
func newlineToSpace(r rune) rune {
	if r == '\n' || r == '\r' {
		return ' '
	}
	return r
}

// symbolFont reports whether a w:sym font maps codes to pictures rather
// than to Unicode characters.
func symbolFont(font string) bool {
	f := strings.ToLower(strings.TrimSpace(font))
	switch {
	case f == "symbol", f == "marlett", f == "mt extra", f == "monotype sorts",
		strings.HasPrefix(f, "wingdings"), strings.HasPrefix(f, "webdings"),
		strings.HasPrefix(f, "zapf dingbats"), strings.HasPrefix(f, "zapfdingbats"):
		return true
	}
	return false
}
