package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"

	"github.com/goteborgsregionen/minutes/internal/lazyregexp"
)

// A hybrid-reference file (what Word writes as "PDF 1.5") has a classic
// cross-reference table for readers of PDF 1.4 and, named by the trailer's
// /XRefStm, a cross-reference stream for the objects kept in object
// streams, the catalogue and page tree often among them. The library reads
// only the table, finds no page tree and calls the file corrupt. fixHybrid
// appends a cross-reference stream that merges both, as an incremental
// update would, so that the library finds every object.

var (
	reXRefStm  = lazyregexp.New(`/XRefStm\s+(\d+)`)
	rePrev     = lazyregexp.New(`/Prev\s+(\d+)`)
	reRoot     = lazyregexp.New(`/Root\s+\d+\s+\d+\s+R`)
	reInfo     = lazyregexp.New(`/Info\s+\d+\s+\d+\s+R`)
	reID       = lazyregexp.New(`/ID\s*\[[^\]]*\]`)
	reW        = lazyregexp.New(`/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	reIndex    = lazyregexp.New(`/Index\s*\[([\d\s]*)\]`)
	reLength   = lazyregexp.New(`/Length\s+(\d+)(\s+\d+\s+R)?`)
	reSize     = lazyregexp.New(`/Size\s+(\d+)`)
	rePredict  = lazyregexp.New(`/Predictor\s+(\d+)`)
	reColumns  = lazyregexp.New(`/Columns\s+(\d+)`)
	reFlate    = lazyregexp.New(`/Filter\s*\[?\s*/FlateDecode`)
	reTableRow = lazyregexp.New(`^(\d+)\s+(\d+)\s*$`)
)

// xrefEntry is one object's entry: type 1 at offset a, type 2 as the b-th
// object of object stream a.
type xrefEntry struct{ typ, a, b int }

const maxXrefObjects = 1 << 22

// fixHybrid returns data with a merged cross-reference stream appended when
// data is a hybrid-reference file, and data itself otherwise or when the
// file cannot be understood (the library then says what is wrong).
func fixHybrid(data []byte) []byte {
	start := lastStartxref(data)
	if start < 0 || start >= len(data) || !bytes.HasPrefix(data[start:], []byte("xref")) {
		return data
	}
	entries := map[int]xrefEntry{}
	var trailer []byte
	hybrid := false
	seen := map[int]bool{}
	for off := start; off >= 0 && off < len(data) && !seen[off] && len(seen) < 64; {
		seen[off] = true
		table, tr, ok := readTable(data, off)
		if !ok {
			return data
		}
		if trailer == nil {
			trailer = tr
		}
		for n, e := range table {
			if _, set := entries[n]; !set {
				entries[n] = e
			}
		}
		if m := reXRefStm.FindSubmatch(tr); m != nil {
			hybrid = true
			so, _ := strconv.Atoi(string(m[1]))
			stm, ok := readXrefStream(data, so)
			if !ok {
				return data
			}
			for n, e := range stm {
				if _, set := entries[n]; !set {
					entries[n] = e
				}
			}
		}
		m := rePrev.FindSubmatch(tr)
		if m == nil {
			break
		}
		off, _ = strconv.Atoi(string(m[1]))
	}
	if !hybrid || reRoot.Find(trailer) == nil || bytes.Contains(trailer, []byte("/Encrypt")) {
		return data
	}
	size := 0
	for n := range entries {
		size = max(size, n+1)
	}
	if m := reSize.FindSubmatch(trailer); m != nil {
		if s, _ := strconv.Atoi(string(m[1])); s > size && s < maxXrefObjects {
			size = s
		}
	}
	own := size
	out := bytes.Clone(data)
	out = append(out, '\n')
	off := len(out)
	entries[own] = xrefEntry{1, off, 0}
	var rows []byte
	for n := 0; n <= own; n++ {
		e := entries[n]
		rows = append(rows, byte(e.typ), byte(e.a>>24), byte(e.a>>16), byte(e.a>>8), byte(e.a), byte(e.b>>8), byte(e.b))
	}
	dict := fmt.Sprintf("<< /Type /XRef /Size %d /W [1 4 2] %s", own+1, reRoot.Find(trailer))
	if m := reInfo.Find(trailer); m != nil {
		dict += " " + string(m)
	}
	if m := reID.Find(trailer); m != nil {
		dict += " " + string(m)
	}
	out = fmt.Appendf(out, "%d 0 obj\n%s /Length %d >>\nstream\n", own, dict, len(rows))
	out = append(out, rows...)
	out = fmt.Appendf(out, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF", off)
	return out
}

// lastStartxref returns the offset the last startxref names, -1 if none.
func lastStartxref(data []byte) int {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return -1
	}
	f := bytes.Fields(data[i+len("startxref") : min(len(data), i+len("startxref")+40)])
	if len(f) == 0 {
		return -1
	}
	n, err := strconv.Atoi(string(f[0]))
	if err != nil {
		return -1
	}
	return n
}

// readTable reads a classic cross-reference section at off: its in-use
// entries (free ones are left to the stream) and its trailer dictionary.
func readTable(data []byte, off int) (map[int]xrefEntry, []byte, bool) {
	p := off + len("xref")
	out := map[int]xrefEntry{}
	for {
		for p < len(data) && (data[p] == ' ' || data[p] == '\r' || data[p] == '\n') {
			p++
		}
		if bytes.HasPrefix(data[p:], []byte("trailer")) {
			end := bytes.Index(data[p:], []byte("startxref"))
			if x := bytes.Index(data[p:], []byte("xref")); end < 0 || x >= 0 && x < end {
				end = x
			}
			if end < 0 {
				end = len(data) - p
			}
			return out, data[p : p+end], true
		}
		eol := bytes.IndexAny(data[p:], "\r\n")
		if eol < 0 {
			return nil, nil, false
		}
		m := reTableRow.FindSubmatch(data[p : p+eol])
		if m == nil {
			return nil, nil, false
		}
		first, _ := strconv.Atoi(string(m[1]))
		count, _ := strconv.Atoi(string(m[2]))
		if first < 0 || count < 0 || first+count > maxXrefObjects {
			return nil, nil, false
		}
		p += eol
		for p < len(data) && (data[p] == '\r' || data[p] == '\n') {
			p++
		}
		if p+20*count > len(data) {
			return nil, nil, false
		}
		for i := 0; i < count; i++ {
			row := data[p+20*i : p+20*i+18]
			f := bytes.Fields(row)
			if len(f) != 3 {
				return nil, nil, false
			}
			if string(f[2]) == "n" {
				o, _ := strconv.Atoi(string(f[0]))
				out[first+i] = xrefEntry{1, o, 0}
			}
		}
		p += 20 * count
	}
}

// readXrefStream reads the cross-reference stream object at off.
func readXrefStream(data []byte, off int) (map[int]xrefEntry, bool) {
	if off < 0 || off >= len(data) {
		return nil, false
	}
	rest := data[off:]
	s := bytes.Index(rest, []byte("stream"))
	if s < 0 || s > 1<<16 {
		return nil, false
	}
	dict := rest[:s]
	body := rest[s+len("stream"):]
	if bytes.HasPrefix(body, []byte("\r\n")) {
		body = body[2:]
	} else if len(body) > 0 && body[0] == '\n' {
		body = body[1:]
	}
	lm := reLength.FindSubmatch(dict)
	wm := reW.FindSubmatch(dict)
	if lm == nil || lm[2] != nil || wm == nil {
		return nil, false
	}
	length, _ := strconv.Atoi(string(lm[1]))
	if length < 0 || length > len(body) {
		return nil, false
	}
	raw := body[:length]
	if reFlate.Match(dict) {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, false
		}
		raw, err = io.ReadAll(io.LimitReader(zr, 64<<20))
		if err != nil && len(raw) == 0 {
			return nil, false
		}
	}
	var w [3]int
	for i := range w {
		w[i], _ = strconv.Atoi(string(wm[i+1]))
		if w[i] > 8 {
			return nil, false
		}
	}
	row := w[0] + w[1] + w[2]
	if row == 0 {
		return nil, false
	}
	if m := rePredict.FindSubmatch(dict); m != nil {
		if p, _ := strconv.Atoi(string(m[1])); p >= 10 {
			cols := row
			if c := reColumns.FindSubmatch(dict); c != nil {
				cols, _ = strconv.Atoi(string(c[1]))
			}
			if cols != row {
				return nil, false
			}
			raw = unpredict(raw, cols)
		}
	}
	index := []int{0, len(raw) / row}
	if m := reIndex.FindSubmatch(dict); m != nil {
		index = nil
		for _, f := range bytes.Fields(m[1]) {
			n, _ := strconv.Atoi(string(f))
			index = append(index, n)
		}
	}
	out := map[int]xrefEntry{}
	k := 0
	for i := 0; i+1 < len(index); i += 2 {
		for j := 0; j < index[i+1] && (k+1)*row <= len(raw) && index[i]+j < maxXrefObjects; j++ {
			r := raw[k*row : (k+1)*row]
			k++
			typ := 1
			if w[0] > 0 {
				typ = field(r[:w[0]])
			}
			e := xrefEntry{typ, field(r[w[0] : w[0]+w[1]]), field(r[w[0]+w[1]:])}
			if typ == 1 || typ == 2 {
				out[index[i]+j] = e
			}
		}
	}
	return out, true
}

func field(b []byte) int {
	v := 0
	for _, c := range b {
		v = v<<8 | int(c)
	}
	return v
}

// unpredict undoes the PNG predictors of rows of cols bytes, each led by
// its filter byte.
func unpredict(raw []byte, cols int) []byte {
	var out []byte
	prev := make([]byte, cols)
	for i := 0; i+cols+1 <= len(raw); i += cols + 1 {
		filter, cur := raw[i], bytes.Clone(raw[i+1:i+1+cols])
		for j := range cur {
			var left, up, ul byte
			if j > 0 {
				left, ul = cur[j-1], prev[j-1]
			}
			up = prev[j]
			switch filter {
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
