package docx

import (
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/goteborgsregionen/minutes/ingest/internal/flow"
)

// numbering holds the list definitions of word/numbering.xml and the running
// counters of the lists, so that a paragraph's automatic number ("1.", "a)",
// "2.3") can be rendered into its text as Word displays it.
//
// As in Word, the counters belong to the abstract definition: numbering
// instances (w:num) sharing an abstract definition continue one list, and an
// instance with a w:startOverride restarts the level at its first use.
type numbering struct {
	abstracts map[int]*abstractNum
	nums      map[int]*numInstance
	styles    *docxStyles // for w:numStyleLink
	state     map[*abstractNum]*listState
}

// abstractNum is a w:abstractNum: up to nine levels.
type abstractNum struct {
	levels       [9]*numLevel
	numStyleLink string // the definition is that of this numbering style
}

// numLevel is a w:lvl.
type numLevel struct {
	start   int    // w:start; 0 when absent, as in the standard
	format  string // w:numFmt: decimal, lowerLetter, bullet …
	text    string // w:lvlText: "%1.", "%1.%2)"
	restart int    // w:lvlRestart: 1-based level that restarts this one, 0 never, -1 unset
	legal   bool   // w:isLgl: show all levels in decimal
	pStyle  string // w:pStyle: the paragraph style linked to this level
}

// numInstance is a w:num: an abstract definition with level overrides.
type numInstance struct {
	abstractID int
	start      [9]int  // w:startOverride values
	hasStart   [9]bool // whether start[i] is set
	levels     [9]*numLevel
	used       [9]bool // the instance has numbered a paragraph at this level
}

// listState is the counters of one list.
type listState struct {
	count  [9]int
	active [9]bool // count is set: the level has been used since it last restarted
}

// parseNumbering reads word/numbering.xml.
func parseNumbering(x *xmlPart, styles *docxStyles) (*numbering, error) {
	n := &numbering{
		abstracts: map[int]*abstractNum{},
		nums:      map[int]*numInstance{},
		styles:    styles,
		state:     map[*abstractNum]*listState{},
	}
	var (
		abs  *abstractNum
		inst *numInstance
		lvl  *numLevel
		ovr  = -1 // level of the open w:lvlOverride
	)
	err := x.walkAll(func(se xml.StartElement, parents []xml.Name) (bool, error) {
		if se.Name.Space == nsMC {
			return true, nil // mc:AlternateContent in a w:lvl: Choice, then Fallback, wins
		}
		if !isW(se.Name) {
			return false, nil
		}
		parent := wParent(parents, 1)
		val, hasVal := attr(se, "val")
		switch se.Name.Local {
		case "abstractNum":
			abs, inst, lvl = nil, nil, nil
			if id, ok := atoi(se, "abstractNumId"); ok && parent == "numbering" {
				abs = &abstractNum{}
				if _, dup := n.abstracts[id]; !dup {
					n.abstracts[id] = abs
				}
			}
		case "num":
			abs, inst, lvl = nil, nil, nil
			if id, ok := atoi(se, "numId"); ok && parent == "numbering" {
				inst = &numInstance{abstractID: -1}
				if _, dup := n.nums[id]; !dup {
					n.nums[id] = inst
				}
			}
		case "abstractNumId":
			if inst != nil && parent == "num" {
				if id, err := strconv.Atoi(val); err == nil {
					inst.abstractID = id
				}
			}
		case "lvlOverride":
			ovr = -1
			if i, ok := atoi(se, "ilvl"); ok && inst != nil && i >= 0 && i < 9 {
				ovr = i
			}
		case "startOverride":
			if inst != nil && ovr >= 0 && parent == "lvlOverride" {
				if v, err := strconv.Atoi(val); err == nil {
					inst.start[ovr], inst.hasStart[ovr] = v, true
				}
			}
		case "lvl":
			lvl = nil
			i, ok := atoi(se, "ilvl")
			if !ok || i < 0 || i >= 9 {
				return false, nil
			}
			lvl = &numLevel{format: "decimal", restart: -1}
			switch {
			case parent == "abstractNum" && abs != nil:
				abs.levels[i] = lvl
			case parent == "lvlOverride" && inst != nil:
				inst.levels[i] = lvl
			default:
				lvl = nil
				return false, nil
			}
		case "start", "numFmt", "lvlText", "lvlRestart", "isLgl", "pStyle":
			if lvl == nil || parent != "lvl" {
				return false, nil
			}
			switch se.Name.Local {
			case "start":
				if v, err := strconv.Atoi(val); err == nil {
					lvl.start = v
				}
			case "numFmt":
				lvl.format = val
			case "lvlText":
				lvl.text = val
			case "lvlRestart":
				if v, err := strconv.Atoi(val); err == nil && v >= 0 {
					lvl.restart = v
				}
			case "isLgl":
				lvl.legal = !hasVal || onOff(val)
			case "pStyle":
				lvl.pStyle = val
			}
		case "numStyleLink":
			if abs != nil && parent == "abstractNum" {
				abs.numStyleLink = val
			}
		case "numbering":
		default:
			return false, nil // w:pPr, w:rPr, w:nsid …: nothing the text needs
		}
		return true, nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// label advances the counters for a paragraph numbered with instance numID at
// level ilvl (-1: the level linked to the paragraph's style, else 0) and
// returns its rendered number, "" when there is none.
func (n *numbering) label(numID, ilvl int, styleID string) string {
	if n == nil || numID == 0 {
		return ""
	}
	inst := n.nums[numID]
	if inst == nil {
		return ""
	}
	abs := n.abstract(inst)
	if abs == nil {
		return ""
	}
	if ilvl < 0 {
		ilvl = 0
		for i, l := range abs.levels {
			if l != nil && styleID != "" && l.pStyle == styleID {
				ilvl = i
				break
			}
		}
	}
	if ilvl > 8 {
		ilvl = 8
	}
	lvl := inst.level(abs, ilvl)
	if lvl == nil {
		return ""
	}
	st := n.state[abs]
	if st == nil {
		st = &listState{}
		n.state[abs] = st
	}
	if !inst.used[ilvl] {
		inst.used[ilvl] = true
		if inst.hasStart[ilvl] {
			st.active[ilvl] = false // a restarted list: begin at the override
		}
	}
	if st.active[ilvl] {
		st.count[ilvl]++
	} else {
		st.count[ilvl], st.active[ilvl] = inst.startAt(abs, ilvl), true
	}
	for m := ilvl + 1; m < 9; m++ {
		r := -1
		if l := inst.level(abs, m); l != nil {
			r = l.restart
		}
		if r > m { // a restart level deeper than the level itself is ignored
			r = -1
		}
		if r < 0 || r > 0 && ilvl < r {
			st.active[m] = false
		}
	}
	if lvl.format == "bullet" {
		return "•"
	}
	return strings.TrimSpace(n.render(lvl, inst, abs, st))
}

// render expands %1 … %9 in the level text.
func (n *numbering) render(lvl *numLevel, inst *numInstance, abs *abstractNum, st *listState) string {
	t := lvl.text
	if !strings.Contains(t, "%") {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] != '%' || i+1 >= len(t) || t[i+1] < '1' || t[i+1] > '9' {
			b.WriteByte(t[i])
			continue
		}
		k := int(t[i+1] - '1')
		i++
		v := st.count[k]
		if !st.active[k] {
			v = inst.startAt(abs, k)
		}
		format := "decimal"
		if l := inst.level(abs, k); l != nil && !lvl.legal {
			format = l.format
		}
		b.WriteString(flow.FormatNumber(v, format))
	}
	return b.String()
}

// abstract returns the definition behind an instance, following numbering
// style links (w:numStyleLink → style's w:numId → its definition).
func (n *numbering) abstract(inst *numInstance) *abstractNum {
	abs := n.abstracts[inst.abstractID]
	for hops := 0; abs != nil && abs.numStyleLink != "" && hops < 8; hops++ {
		id, ok := n.styles.numberingStyle(abs.numStyleLink)
		if !ok || n.nums[id] == nil {
			return abs
		}
		next := n.abstracts[n.nums[id].abstractID]
		if next == nil || next == abs {
			return abs
		}
		abs = next
	}
	return abs
}

// level returns level i as overridden by the instance.
func (inst *numInstance) level(abs *abstractNum, i int) *numLevel {
	if inst.levels[i] != nil {
		return inst.levels[i]
	}
	return abs.levels[i]
}

// startAt returns the value level i starts (and restarts) at.
func (inst *numInstance) startAt(abs *abstractNum, i int) int {
	if inst.hasStart[i] {
		return inst.start[i]
	}
	if l := inst.level(abs, i); l != nil {
		return l.start
	}
	return 1
}
