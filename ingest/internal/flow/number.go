package flow

import (
	"strconv"
	"strings"
)

// FormatNumber renders v in a list number format named as WordprocessingML
// names them (w:numFmt: decimal, lowerLetter, upperRoman, bullet ...); the
// readers of other formats map their own codes to these names. Formats that depend on the
// language (ordinal, cardinalText …) and unknown ones fall back to decimal.
func FormatNumber(v int, format string) string {
	switch format {
	case "none":
		return ""
	case "bullet":
		return "•"
	case "decimalZero":
		if v >= 0 && v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		// Word goes a … z, aa … zz, aaa …
		if v >= 1 && v <= 26*10 {
			s := strings.Repeat(string(rune('a'+(v-1)%26)), (v-1)/26+1)
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if v >= 1 && v < 4000 {
			s := roman(v)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	case "decimalEnclosedParen":
		return "(" + strconv.Itoa(v) + ")"
	case "decimalEnclosedFullstop":
		return strconv.Itoa(v) + "."
	case "decimalEnclosedCircle":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	}
	return strconv.Itoa(v)
}

// roman returns v (1-3999) in upper-case Roman numerals.
func roman(v int) string {
	values := [...]int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	digits := [...]string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, d := range values {
		for v >= d {
			b.WriteString(digits[i])
			v -= d
		}
	}
	return b.String()
}
