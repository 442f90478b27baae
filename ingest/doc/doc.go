// Package doc reads the text of a Word 97-2003 binary document (.doc): the
// OLE2 compound file (through github.com/richardlehane/mscfb), the File
// Information Block, the piece table with its compressed (cp1252) and
// UTF-16 pieces, paragraph and cell marks with the paragraph properties that
// tell table rows, list paragraphs and headings, fields (the result kept,
// the code dropped), deleted text of tracked changes skipped, and automatic
// list numbering rendered into the text as Word displays it. Only the main
// document is read: headers, footers, footnotes, comments and text boxes
// are not. See [MS-DOC] for the structures.
package doc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding/charmap"

	"github.com/goteborgsregionen/minutes/ingest/internal/flow"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// Limits against hostile files.
const (
	MaxStream  = 64 << 20 // bytes of one stream read
	MaxText    = 32 << 20 // characters of the main document
	MaxEntries = 4096     // directory entries of the compound file
	maxPieces  = 1 << 20
)

// oleMagic starts every OLE2 compound file.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// IsOLE reports whether data is an OLE2 compound file, the container of
// .doc, .xls, .ppt and of password-protected .docx files.
func IsOLE(data []byte) bool { return bytes.HasPrefix(data, oleMagic) }

// Kind names what an OLE2 compound file holds, from its streams: "doc" for
// a Word document, "encrypted" for a password-protected Office Open XML
// file, "xls" or "ppt", or "" when it cannot tell.
func Kind(data []byte) string {
	streams, err := openStreams(data, func(name string) bool { return false })
	if err != nil {
		return ""
	}
	switch {
	case streams.has["WordDocument"]:
		return "doc"
	case streams.has["EncryptedPackage"]:
		return "encrypted"
	case streams.has["Workbook"], streams.has["Book"]:
		return "xls"
	case streams.has["PowerPoint Document"]:
		return "ppt"
	}
	return ""
}

// streams are the streams of a compound file that were read.
type streams struct {
	has  map[string]bool
	data map[string][]byte
}

// openStreams lists the streams of a compound file and reads those want
// chooses, each up to MaxStream bytes.
func openStreams(data []byte, want func(string) bool) (s *streams, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("%w: compound file: %v", textdoc.ErrCorrupt, r)
		}
	}()
	if err := checkHeader(data); err != nil {
		return nil, err
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: not a valid OLE2 compound file: %v", textdoc.ErrCorrupt, err)
	}
	s = &streams{has: map[string]bool{}, data: map[string][]byte{}}
	n := 0
	for e, err := r.Next(); err == nil; e, err = r.Next() {
		if n++; n > MaxEntries {
			return nil, fmt.Errorf("%w: more than %d entries in the compound file", textdoc.ErrTooLarge, MaxEntries)
		}
		if len(e.Path) > 0 {
			continue // only the root storage's streams matter
		}
		s.has[e.Name] = true
		if !want(e.Name) || s.data[e.Name] != nil {
			continue
		}
		if e.Size > MaxStream {
			return nil, fmt.Errorf("%w: stream %s of %d MiB", textdoc.ErrTooLarge, e.Name, e.Size>>20)
		}
		b, err := io.ReadAll(io.LimitReader(e, MaxStream))
		if err != nil {
			return nil, fmt.Errorf("%w: stream %s: %v", textdoc.ErrCorrupt, e.Name, err)
		}
		s.data[e.Name] = b
	}
	return s, nil
}

// checkHeader refuses a compound file whose header claims more sectors of
// its allocation tables than the file holds: the container reader would
// allocate tables of that size before reading them.
func checkHeader(data []byte) error {
	if len(data) < 512 {
		return fmt.Errorf("%w: OLE2 compound file cut short", textdoc.ErrCorrupt)
	}
	shift := binary.LittleEndian.Uint16(data[0x1e:])
	if shift != 9 && shift != 12 {
		return fmt.Errorf("%w: OLE2 sector size 2^%d", textdoc.ErrCorrupt, shift)
	}
	sectors := uint64(len(data))>>shift + 1
	for _, off := range []int{0x2c, 0x40, 0x48} { // FAT, mini FAT and DIFAT sectors
		if n := uint64(binary.LittleEndian.Uint32(data[off:])); n > sectors {
			return fmt.Errorf("%w: OLE2 header claims %d sectors in a file of %d", textdoc.ErrTooLarge, n, sectors)
		}
	}
	return nil
}

// Read reads the main document's text of a Word 97-2003 file.
func Read(data []byte) (*textdoc.Document, error) {
	if !IsOLE(data) {
		return nil, fmt.Errorf("%w: not a Word 97-2003 file (no OLE2 header)", textdoc.ErrCorrupt)
	}
	s, err := openStreams(data, func(name string) bool {
		return name == "WordDocument" || name == "0Table" || name == "1Table"
	})
	if err != nil {
		return nil, err
	}
	wd := s.data["WordDocument"]
	if wd == nil {
		if s.has["EncryptedPackage"] {
			return nil, fmt.Errorf("%w Word document: remove the password and save it again", textdoc.ErrEncrypted)
		}
		return nil, fmt.Errorf("%w: an Office file without a Word document (an Excel or PowerPoint file?)", textdoc.ErrUnsupported)
	}
	f, err := parseFIB(wd)
	if err != nil {
		return nil, err
	}
	table := s.data["0Table"]
	if f.whichTable {
		table = s.data["1Table"]
	}
	if table == nil {
		return nil, fmt.Errorf("%w: no table stream", textdoc.ErrCorrupt)
	}
	r := &reader{wd: wd, table: table, fib: f}
	if err := r.read(); err != nil {
		return nil, err
	}
	return &textdoc.Document{Lines: r.b.Lines()}, nil
}

// fib holds what the reader uses of the File Information Block.
type fib struct {
	whichTable bool
	ccpText    int
	fcLcb      []fcLcb
}

type fcLcb struct{ fc, lcb uint32 }

// Indices into FibRgFcLcb97.
const (
	iStshf       = 1
	iPlcfBteChpx = 12
	iPlcfBtePapx = 13
	iClx         = 33
	iPlfLst      = 73
	iPlfLfo      = 74
)

func parseFIB(wd []byte) (*fib, error) {
	if len(wd) < 154 || binary.LittleEndian.Uint16(wd) != 0xa5ec {
		return nil, fmt.Errorf("%w: no Word file information block", textdoc.ErrCorrupt)
	}
	nFib := binary.LittleEndian.Uint16(wd[2:])
	flags := binary.LittleEndian.Uint16(wd[0x0a:])
	if flags&0x0100 != 0 { // fEncrypted
		return nil, fmt.Errorf("%w Word document: remove the password and save it again", textdoc.ErrEncrypted)
	}
	if nFib < 0xc1 && nFib != 0 {
		return nil, fmt.Errorf("%w: a Word 6 or Word 95 document: save it as .docx", textdoc.ErrUnsupported)
	}
	f := &fib{whichTable: flags&0x0200 != 0}
	csw := int(binary.LittleEndian.Uint16(wd[32:]))
	pos := 34 + 2*csw
	if pos+2 > len(wd) {
		return nil, fmt.Errorf("%w: file information block cut short", textdoc.ErrCorrupt)
	}
	cslw := int(binary.LittleEndian.Uint16(wd[pos:]))
	lw := pos + 2
	if cslw < 4 || lw+4*cslw+2 > len(wd) {
		return nil, fmt.Errorf("%w: file information block cut short", textdoc.ErrCorrupt)
	}
	f.ccpText = int(int32(binary.LittleEndian.Uint32(wd[lw+12:])))
	pos = lw + 4*cslw
	n := int(binary.LittleEndian.Uint16(wd[pos:]))
	pos += 2
	for i := 0; i < n && pos+8 <= len(wd); i++ {
		f.fcLcb = append(f.fcLcb, fcLcb{binary.LittleEndian.Uint32(wd[pos:]), binary.LittleEndian.Uint32(wd[pos+4:])})
		pos += 8
	}
	if f.ccpText < 0 || f.ccpText > MaxText {
		return nil, fmt.Errorf("%w: %d characters of text", textdoc.ErrCorrupt, f.ccpText)
	}
	return f, nil
}

// entry returns the position and size at index i of FibRgFcLcb97.
func (r *reader) entry(i int) fcLcb {
	if i >= len(r.fib.fcLcb) {
		return fcLcb{}
	}
	return r.fib.fcLcb[i]
}

// tableBytes returns the structure at index i of FibRgFcLcb97 in the table
// stream, nil if it is absent or out of bounds.
func (r *reader) tableBytes(i int) []byte {
	if i >= len(r.fib.fcLcb) {
		return nil
	}
	e := r.fib.fcLcb[i]
	if e.lcb == 0 || uint64(e.fc)+uint64(e.lcb) > uint64(len(r.table)) {
		return nil
	}
	return r.table[e.fc : e.fc+e.lcb]
}

// piece is one piece of the piece table: characters [cp, cp+n) stored at
// fc, one byte each (compressed, cp1252) or two (UTF-16).
type piece struct {
	cp, n      int
	fc         int
	compressed bool
}

// run is a span of file positions with character properties.
type run struct {
	start, end int // FCs
	bold, del  bool
	vanish     bool
}

// paraProps are the properties of a paragraph the reader uses.
type paraProps struct {
	istd        int
	inTable     bool
	ttp         bool // the mark ends a table row
	ilfo, ilvl  int
	outline     int // 1-9, 0 for none
	hasIlfo     bool
	hasIlvl     bool
	hasOutline  bool
	depth       int // table depth (sprmPItap)
	innerTTP    bool
	innerCell   bool
	start, end  int // FCs of the paragraph marks this PAPX covers
	hasProperty bool
}

type reader struct {
	wd, table []byte
	fib       *fib
	pieces    []piece
	papx      []paraProps
	chpx      []run
	styles    []style
	lists     *lists
	b         flow.Builder
}

func (r *reader) read() error {
	if err := r.readPieces(); err != nil {
		return err
	}
	r.styles = parseStyles(r.tableBytes(iStshf))
	r.papx = r.readPAPX()
	r.chpx = r.readCHPX()
	r.lists = parseLists(r.table, r.entry(iPlfLst), r.entry(iPlfLfo))
	return r.walk()
}

// readPieces reads the piece table from the Clx.
func (r *reader) readPieces() error {
	clx := r.tableBytes(iClx)
	for len(clx) > 0 && clx[0] == 0x01 { // Prc: skip
		if len(clx) < 3 {
			return fmt.Errorf("%w: piece table cut short", textdoc.ErrCorrupt)
		}
		n := int(int16(binary.LittleEndian.Uint16(clx[1:])))
		if n < 0 || 3+n > len(clx) {
			return fmt.Errorf("%w: piece table cut short", textdoc.ErrCorrupt)
		}
		clx = clx[3+n:]
	}
	if len(clx) < 5 || clx[0] != 0x02 {
		return fmt.Errorf("%w: no piece table", textdoc.ErrCorrupt)
	}
	lcb := int(binary.LittleEndian.Uint32(clx[1:]))
	plc := clx[5:]
	if lcb > len(plc) || lcb < 4 || (lcb-4)%12 != 0 {
		return fmt.Errorf("%w: piece table of %d bytes", textdoc.ErrCorrupt, lcb)
	}
	n := (lcb - 4) / 12
	if n > maxPieces {
		return fmt.Errorf("%w: %d pieces", textdoc.ErrTooLarge, n)
	}
	for i := 0; i < n; i++ {
		cp := int(binary.LittleEndian.Uint32(plc[4*i:]))
		next := int(binary.LittleEndian.Uint32(plc[4*(i+1):]))
		pcd := plc[4*(n+1)+8*i:]
		fc := binary.LittleEndian.Uint32(pcd[2:])
		p := piece{cp: cp, n: next - cp, compressed: fc&0x40000000 != 0}
		p.fc = int(fc & 0x3fffffff)
		if p.compressed {
			p.fc /= 2
		}
		if p.n <= 0 || p.n > MaxText {
			continue
		}
		r.pieces = append(r.pieces, p)
	}
	return nil
}

// walk reads the main document's characters piece by piece.
func (r *reader) walk() error {
	w := &walker{r: r}
	for _, p := range r.pieces {
		if p.cp >= r.fib.ccpText {
			break
		}
		n := min(p.n, r.fib.ccpText-p.cp)
		for i := 0; i < n; i++ {
			var c rune
			fc := p.fc + i
			if p.compressed {
				if fc >= len(r.wd) {
					break
				}
				c = cp1252(r.wd[fc])
			} else {
				fc = p.fc + 2*i
				if fc+2 > len(r.wd) {
					break
				}
				c = rune(binary.LittleEndian.Uint16(r.wd[fc:]))
			}
			w.char(c, fc)
		}
		if r.b.Len() > MaxText {
			return fmt.Errorf("%w: more than %d MiB of text", textdoc.ErrTooLarge, MaxText>>20)
		}
	}
	w.flush()
	return nil
}

// cp1252 decodes one byte of a compressed piece.
func cp1252(b byte) rune {
	if b < 0x80 {
		return rune(b)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes([]byte{b})
	if err != nil || len(s) == 0 {
		return '\ufffd'
	}
	return []rune(string(s))[0]
}

// walker turns characters into paragraphs.
type walker struct {
	r      *reader
	fields []bool // open fields: true once past the separator (the result)
	high   rune
	bold   bool
	buf    strings.Builder
}

func (w *walker) char(c rune, fc int) {
	switch c {
	case 0x13: // field begin
		if len(w.fields) < 64 {
			w.fields = append(w.fields, false)
		}
		return
	case 0x14: // field separator
		if len(w.fields) > 0 {
			w.fields[len(w.fields)-1] = true
		}
		return
	case 0x15: // field end
		if len(w.fields) > 0 {
			w.fields = w.fields[:len(w.fields)-1]
		}
		return
	}
	for _, f := range w.fields {
		if !f {
			return // a field's code
		}
	}
	ch := w.r.charProps(fc)
	if ch.del || ch.vanish && c != 0x0d && c != 0x07 {
		return
	}
	switch c {
	case 0x0d, 0x07, 0x0c:
		w.flushRun()
		w.endPara(c, fc)
	case 0x0b:
		w.flushRun()
		w.r.b.Break()
	case 0x09:
		w.add("\t", ch.bold)
	case 0x1e:
		w.add("-", ch.bold)
	case 0x1f, 0x01, 0x08, 0x02, 0x05, 0x03, 0x04:
		// optional hyphen, picture, drawing, note and comment anchors
	case 0xa0:
		w.add(" ", ch.bold)
	default:
		if c < 0x20 {
			return
		}
		if utf16.IsSurrogate(c) {
			if c < 0xdc00 {
				w.high = c
				return
			}
			c = utf16.DecodeRune(w.high, c)
			w.high = 0
		}
		if c >= 0xf020 && c <= 0xf0ff {
			c = '•' // a symbol font's character: in minutes, a bullet
		}
		w.add(string(c), ch.bold)
	}
}

// add collects text of one boldness, written to the builder when it
// changes.
func (w *walker) add(s string, bold bool) {
	if w.buf.Len() > 0 && bold != w.bold {
		w.flushRun()
	}
	w.bold = bold
	w.buf.WriteString(s)
}

func (w *walker) flushRun() {
	if w.buf.Len() > 0 {
		w.r.b.Write(w.buf.String(), w.bold)
		w.buf.Reset()
	}
}

func (w *walker) flush() {
	w.flushRun()
}

// endPara ends a paragraph at its mark c, at file position fc.
func (w *walker) endPara(c rune, fc int) {
	w.fields = w.fields[:0]
	pp := w.r.paraProps(fc)
	st := w.r.style(pp.istd)
	ilfo, ilvl := pp.ilfo, pp.ilvl
	if !pp.hasIlfo {
		ilfo = st.ilfo
	}
	if !pp.hasIlvl {
		ilvl = st.ilvl
	}
	label := ""
	if ilfo > 0 {
		label = w.r.lists.label(ilfo, ilvl)
	}
	heading := st.heading
	if pp.hasOutline {
		heading = pp.outline
	}
	inTable := pp.inTable || pp.depth > 0
	switch {
	case c == 0x07 && (pp.ttp || pp.innerTTP):
		w.r.b.EndRow()
	case c == 0x07 && inTable, c == 0x07 && !w.r.hasPAPX():
		w.r.b.EndCellParagraph(label)
		w.r.b.EndCell()
	case inTable:
		w.r.b.EndCellParagraph(label)
	default:
		w.r.b.EndParagraph(label, heading)
	}
}

func (r *reader) hasPAPX() bool { return len(r.papx) > 0 }

// paraProps returns the properties of the paragraph whose mark is at fc.
func (r *reader) paraProps(fc int) paraProps {
	i := sort.Search(len(r.papx), func(i int) bool { return r.papx[i].end > fc })
	if i < len(r.papx) && r.papx[i].start <= fc {
		return r.papx[i]
	}
	return paraProps{}
}

// charProps returns the character properties at fc.
func (r *reader) charProps(fc int) run {
	i := sort.Search(len(r.chpx), func(i int) bool { return r.chpx[i].end > fc })
	if i < len(r.chpx) && r.chpx[i].start <= fc {
		return r.chpx[i]
	}
	return run{}
}

// fkps returns the 512-byte formatted disk pages a PlcBte points to.
func (r *reader) fkps(plc []byte) [][]byte {
	if len(plc) < 8 || (len(plc)-4)%8 != 0 {
		return nil
	}
	n := (len(plc) - 4) / 8
	var out [][]byte
	for i := 0; i < n && i < 1<<16; i++ {
		pn := int(binary.LittleEndian.Uint32(plc[4*(n+1)+4*i:]) & 0x3fffff)
		off := pn * 512
		if off+512 > len(r.wd) || off < 0 {
			continue
		}
		out = append(out, r.wd[off:off+512])
	}
	return out
}

// readPAPX reads the paragraph properties of every paragraph mark.
func (r *reader) readPAPX() []paraProps {
	var out []paraProps
	for _, fkp := range r.fkps(r.tableBytes(iPlcfBtePapx)) {
		crun := int(fkp[511])
		if 4*(crun+1)+13*crun > 511 {
			continue
		}
		for i := 0; i < crun; i++ {
			pp := paraProps{
				start: int(binary.LittleEndian.Uint32(fkp[4*i:])),
				end:   int(binary.LittleEndian.Uint32(fkp[4*(i+1):])),
			}
			bOff := 2 * int(fkp[4*(crun+1)+13*i])
			if bOff > 0 && bOff < 511 {
				cb := 2*int(fkp[bOff]) - 1
				at := bOff + 1
				if fkp[bOff] == 0 && bOff+1 < 511 {
					cb = 2 * int(fkp[bOff+1])
					at = bOff + 2
				}
				if cb >= 2 && at+cb <= 511 {
					pp.istd = int(binary.LittleEndian.Uint16(fkp[at:]))
					pp.apply(fkp[at+2 : at+cb])
				}
			}
			out = append(out, pp)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// apply reads the paragraph sprms of grpprl.
func (pp *paraProps) apply(grpprl []byte) {
	eachSprm(grpprl, func(sprm uint16, op []byte) {
		switch sprm {
		case 0x4600: // sprmPIstd
			if len(op) >= 2 {
				pp.istd = int(binary.LittleEndian.Uint16(op))
			}
		case 0x2416: // sprmPFInTable
			pp.inTable = len(op) > 0 && op[0] != 0
		case 0x2417: // sprmPFTtp
			pp.ttp = len(op) > 0 && op[0] != 0
		case 0x244c: // sprmPFInnerTtp
			pp.innerTTP = len(op) > 0 && op[0] != 0
		case 0x244b: // sprmPFInnerTableCell
			pp.innerCell = len(op) > 0 && op[0] != 0
		case 0x6649: // sprmPItap
			if len(op) >= 4 {
				pp.depth = int(int32(binary.LittleEndian.Uint32(op)))
			}
		case 0x260a: // sprmPIlvl
			if len(op) > 0 {
				pp.ilvl, pp.hasIlvl = int(op[0]), true
			}
		case 0x460b: // sprmPIlfo
			if len(op) >= 2 {
				pp.ilfo, pp.hasIlfo = int(int16(binary.LittleEndian.Uint16(op))), true
			}
		case 0x2640: // sprmPOutLvl
			if len(op) > 0 {
				pp.hasOutline = true
				pp.outline = 0
				if op[0] < 9 {
					pp.outline = int(op[0]) + 1
				}
			}
		}
	})
}

// readCHPX reads the character properties: bold, deleted, hidden.
func (r *reader) readCHPX() []run {
	var out []run
	for _, fkp := range r.fkps(r.tableBytes(iPlcfBteChpx)) {
		crun := int(fkp[511])
		if 4*(crun+1)+crun > 511 {
			continue
		}
		for i := 0; i < crun; i++ {
			ru := run{
				start: int(binary.LittleEndian.Uint32(fkp[4*i:])),
				end:   int(binary.LittleEndian.Uint32(fkp[4*(i+1):])),
			}
			off := 2 * int(fkp[4*(crun+1)+i])
			if off > 0 && off < 511 {
				cb := int(fkp[off])
				if off+1+cb <= 511 {
					eachSprm(fkp[off+1:off+1+cb], func(sprm uint16, op []byte) {
						if len(op) == 0 {
							return
						}
						on := op[0] == 1 || op[0] == 0x81
						switch sprm {
						case 0x0835: // sprmCFBold
							ru.bold = on
						case 0x0800: // sprmCFRMarkDel
							ru.del = on
						case 0x083c: // sprmCFVanish
							ru.vanish = on
						}
					})
				}
			}
			out = append(out, ru)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// eachSprm calls f with every property modifier of grpprl and its operand.
func eachSprm(grpprl []byte, f func(sprm uint16, op []byte)) {
	for i := 0; i+2 <= len(grpprl); {
		sprm := binary.LittleEndian.Uint16(grpprl[i:])
		i += 2
		var n int
		switch sprm >> 13 {
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		case 6:
			if sprm == 0xd608 || sprm == 0xd606 { // sprmTDefTable, sprmTDefTable10
				if i+2 > len(grpprl) {
					return
				}
				n = int(binary.LittleEndian.Uint16(grpprl[i:])) + 1
			} else {
				if i >= len(grpprl) {
					return
				}
				n = int(grpprl[i])
				i++
			}
		}
		if i+n > len(grpprl) {
			return
		}
		f(sprm, grpprl[i:i+n])
		i += n
	}
}
