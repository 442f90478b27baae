package doc

import (
	"encoding/binary"
	"strings"

	"github.com/goteborgsregionen/minutes/ingest/internal/flow"
)

// lists holds the list definitions (LSTF and their LVLs), the list format
// overrides paragraphs point to (LFO, 1-based ilfo), and the running
// counters. As in Word, the counters belong to the definition: overrides of
// one definition continue one list, and an override with a start value
// restarts its level at its first use.
type lists struct {
	defs  map[int32]*listDef
	lfos  []lfo
	state map[*listDef]*listState
}

type listDef struct {
	levels [9]*listLevel
}

type listLevel struct {
	start  int
	nfc    int
	legal  bool
	text   []uint16 // the number text: 0-8 stand for the levels' numbers
	bullet bool
}

type lfo struct {
	lsid     int32
	start    [9]int
	hasStart [9]bool
	levels   [9]*listLevel
	used     [9]bool
}

type listState struct {
	count  [9]int
	active [9]bool
}

// parseLists reads PlfLst, the LVLs that follow it in the table stream,
// and PlfLfo.
func parseLists(table []byte, lst, lfoRange fcLcb) *lists {
	l := &lists{defs: map[int32]*listDef{}, state: map[*listDef]*listState{}}
	if lst.lcb >= 2 && uint64(lst.fc)+uint64(lst.lcb) <= uint64(len(table)) {
		b := table[lst.fc:]
		n := int(int16(binary.LittleEndian.Uint16(b)))
		if n > 0 && n < 4096 && 2+28*n <= len(b) {
			pos := 2 + 28*n
			for i := 0; i < n; i++ {
				lstf := b[2+28*i:]
				def := &listDef{}
				l.defs[int32(binary.LittleEndian.Uint32(lstf))] = def
				count := 9
				if lstf[26]&1 != 0 {
					count = 1
				}
				for k := 0; k < count; k++ {
					var lvl *listLevel
					lvl, pos = parseLevel(b, pos)
					if lvl == nil {
						return l
					}
					def.levels[k] = lvl
				}
			}
		}
	}
	if lfoRange.lcb >= 4 && uint64(lfoRange.fc)+uint64(lfoRange.lcb) <= uint64(len(table)) {
		b := table[lfoRange.fc : lfoRange.fc+lfoRange.lcb]
		n := int(int32(binary.LittleEndian.Uint32(b)))
		if n < 0 || n > 4096 || 4+16*n > len(b) {
			return l
		}
		l.lfos = make([]lfo, n)
		pos := 4 + 16*n
		for i := 0; i < n; i++ {
			e := b[4+16*i:]
			l.lfos[i].lsid = int32(binary.LittleEndian.Uint32(e))
			clfolvl := int(e[12])
			if pos+4 > len(b) {
				return l
			}
			pos += 4 // cp
			for k := 0; k < clfolvl && k < 9; k++ {
				if pos+8 > len(b) {
					return l
				}
				start := int(int32(binary.LittleEndian.Uint32(b[pos:])))
				flags := binary.LittleEndian.Uint32(b[pos+4:])
				pos += 8
				ilvl := int(flags & 0xf)
				if ilvl > 8 {
					continue
				}
				if flags&0x10 != 0 {
					l.lfos[i].start[ilvl], l.lfos[i].hasStart[ilvl] = start, true
				}
				if flags&0x20 != 0 {
					var lvl *listLevel
					lvl, pos = parseLevel(b, pos)
					if lvl == nil {
						return l
					}
					l.lfos[i].levels[ilvl] = lvl
				}
			}
		}
	}
	return l
}

// parseLevel reads one LVL at pos, returning it and the position after it;
// nil if it runs past the end.
func parseLevel(b []byte, pos int) (*listLevel, int) {
	if pos+28 > len(b) {
		return nil, pos
	}
	f := b[pos:]
	lvl := &listLevel{
		start: int(int32(binary.LittleEndian.Uint32(f))),
		nfc:   int(f[4]),
		legal: f[5]&0x04 != 0,
	}
	lvl.bullet = lvl.nfc == 23
	pos += 28 + int(f[24]) + int(f[25])
	if pos+2 > len(b) {
		return nil, pos
	}
	cch := int(binary.LittleEndian.Uint16(b[pos:]))
	pos += 2
	if pos+2*cch > len(b) {
		return nil, pos
	}
	for k := 0; k < cch; k++ {
		lvl.text = append(lvl.text, binary.LittleEndian.Uint16(b[pos+2*k:]))
	}
	return lvl, pos + 2*cch
}

func (o *lfo) level(def *listDef, i int) *listLevel {
	if o.levels[i] != nil {
		return o.levels[i]
	}
	return def.levels[i]
}

func (o *lfo) startAt(def *listDef, i int) int {
	if o.hasStart[i] {
		return o.start[i]
	}
	if l := o.level(def, i); l != nil {
		return l.start
	}
	return 1
}

// label advances the counters for a paragraph of list override ilfo at
// level ilvl and returns its number as Word displays it, "" for none.
func (l *lists) label(ilfo, ilvl int) string {
	if l == nil || ilfo < 1 || ilfo > len(l.lfos) || ilvl < 0 || ilvl > 8 {
		return ""
	}
	o := &l.lfos[ilfo-1]
	def := l.defs[o.lsid]
	if def == nil {
		return ""
	}
	lvl := o.level(def, ilvl)
	if lvl == nil {
		return ""
	}
	st := l.state[def]
	if st == nil {
		st = &listState{}
		l.state[def] = st
	}
	if !o.used[ilvl] {
		o.used[ilvl] = true
		if o.hasStart[ilvl] {
			st.active[ilvl] = false
		}
	}
	if st.active[ilvl] {
		st.count[ilvl]++
	} else {
		st.count[ilvl], st.active[ilvl] = o.startAt(def, ilvl), true
	}
	for m := ilvl + 1; m < 9; m++ {
		st.active[m] = false
	}
	if lvl.bullet || lvl.nfc == 255 && len(lvl.text) == 1 && lvl.text[0] >= 0xf000 {
		return "•"
	}
	var b strings.Builder
	for _, c := range lvl.text {
		if c > 8 {
			if c >= 0xf020 && c <= 0xf0ff {
				b.WriteString("•")
			} else {
				b.WriteRune(rune(c))
			}
			continue
		}
		k := int(c)
		v := st.count[k]
		if !st.active[k] {
			v = o.startAt(def, k)
		}
		format := "decimal"
		if kl := o.level(def, k); kl != nil && !lvl.legal {
			format = nfcFormat(kl.nfc)
		}
		b.WriteString(flow.FormatNumber(v, format))
	}
	return strings.TrimSpace(b.String())
}

// nfcFormat maps a Word binary number format code to its WordprocessingML
// name.
func nfcFormat(nfc int) string {
	switch nfc {
	case 1:
		return "upperRoman"
	case 2:
		return "lowerRoman"
	case 3:
		return "upperLetter"
	case 4:
		return "lowerLetter"
	case 22:
		return "decimalZero"
	case 23:
		return "bullet"
	case 255:
		return "none"
	}
	return "decimal"
}
