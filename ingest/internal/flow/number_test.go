package flow

import "testing"

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v      int
		format string
		want   string
	}{
		{7, "decimal", "7"},
		{7, "decimalZero", "07"},
		{12, "decimalZero", "12"},
		{1, "lowerLetter", "a"},
		{26, "upperLetter", "Z"},
		{27, "lowerLetter", "aa"},
		{28, "lowerLetter", "bb"},
		{1000000, "lowerLetter", "1000000"},
		{0, "lowerLetter", "0"},
		{4, "lowerRoman", "iv"},
		{1994, "upperRoman", "MCMXCIV"},
		{4000, "upperRoman", "4000"},
		{3, "decimalEnclosedCircle", "③"},
		{3, "decimalEnclosedParen", "(3)"},
		{3, "ordinal", "3"},
		{3, "none", ""},
		{3, "bullet", "•"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("FormatNumber(%d, %q) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}
