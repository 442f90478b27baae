package doc

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf16"
)

// style is what the reader uses of a paragraph style of the style sheet.
type style struct {
	base       int // istdBase; 0x0fff for none
	heading    int
	ilfo, ilvl int
	hasIlfo    bool
	hasIlvl    bool
}

// style returns style istd with what it inherits resolved.
func (r *reader) style(istd int) style {
	if istd >= 0 && istd < len(r.styles) {
		return r.styles[istd]
	}
	return style{}
}

// parseStyles reads the style sheet (STSH): each paragraph style's heading
// level (built-in Heading 1-9, a name "Heading N"/"Rubrik N", or an outline
// level) and list numbering, inherited from the base styles.
func parseStyles(stsh []byte) []style {
	if len(stsh) < 6 {
		return nil
	}
	cbStshi := int(binary.LittleEndian.Uint16(stsh))
	cstd := int(binary.LittleEndian.Uint16(stsh[2:]))
	cbBase := int(binary.LittleEndian.Uint16(stsh[4:]))
	if cstd > 4096 || cbBase < 10 {
		return nil
	}
	out := make([]style, cstd)
	set := make([]bool, cstd)
	pos := 2 + cbStshi
	for i := 0; i < cstd && pos+2 <= len(stsh); i++ {
		cb := int(binary.LittleEndian.Uint16(stsh[pos:]))
		pos += 2
		if pos+cb > len(stsh) {
			break
		}
		std := stsh[pos : pos+cb]
		pos += cb
		out[i].base = 0x0fff
		if cb < cbBase {
			continue
		}
		sti := int(binary.LittleEndian.Uint16(std) & 0x0fff)
		stk := int(binary.LittleEndian.Uint16(std[2:]) & 0x000f)
		out[i].base = int(binary.LittleEndian.Uint16(std[2:]) >> 4)
		set[i] = true
		if sti >= 1 && sti <= 9 {
			out[i].heading = sti
		}
		p := cbBase
		if p+2 > len(std) {
			continue
		}
		cch := int(binary.LittleEndian.Uint16(std[p:]))
		p += 2
		if p+2*cch > len(std) {
			continue
		}
		u := make([]uint16, cch)
		for k := range u {
			u[k] = binary.LittleEndian.Uint16(std[p+2*k:])
		}
		if lvl := headingName(string(utf16.Decode(u))); lvl > 0 && out[i].heading == 0 {
			out[i].heading = lvl
		}
		p += 2*cch + 2
		if stk != 1 || p+2 > len(std) { // only paragraph styles carry paragraph properties
			continue
		}
		cbUpx := int(binary.LittleEndian.Uint16(std[p:]))
		p += 2
		if cbUpx < 2 || p+cbUpx > len(std) {
			continue
		}
		var pp paraProps
		pp.apply(std[p+2 : p+cbUpx])
		out[i].ilfo, out[i].hasIlfo = pp.ilfo, pp.hasIlfo
		out[i].ilvl, out[i].hasIlvl = pp.ilvl, pp.hasIlvl
		if pp.hasOutline && out[i].heading == 0 {
			out[i].heading = pp.outline
		}
	}
	// Inherit from the base styles, bounded against cycles.
	resolved := make([]style, cstd)
	for i := range out {
		st := out[i]
		for b, hops := st.base, 0; b < cstd && hops < 16 && set[i]; b, hops = out[b].base, hops+1 {
			if !st.hasIlfo && out[b].hasIlfo {
				st.ilfo, st.hasIlfo = out[b].ilfo, true
			}
			if !st.hasIlvl && out[b].hasIlvl {
				st.ilvl, st.hasIlvl = out[b].ilvl, true
			}
		}
		resolved[i] = st
	}
	return resolved
}

// headingName returns the level of a style named "Heading N" or "Rubrik N",
// 0 for other names.
func headingName(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, pre := range []string{"heading ", "rubrik "} {
		if v, err := strconv.Atoi(strings.TrimPrefix(n, pre)); err == nil && strings.HasPrefix(n, pre) && v >= 1 && v <= 9 {
			return v
		}
	}
	return 0
}
