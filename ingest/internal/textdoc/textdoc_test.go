package textdoc

import "testing"

func TestErrorMessage(t *testing.T) {
	err := &Error{File: "a.pdf", Format: "pdf", Page: 3, Err: ErrCorrupt}
	if got, want := err.Error(), "a.pdf: page 3: pdf: corrupt file"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	err = &Error{File: "a.txt", Line: 7, Err: ErrNoText}
	if got, want := err.Error(), "a.txt: line 7: no text"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"plain  ":              "plain",
		"ﬁ ﬂ ﬀ ﬃ":              "fi fl ff ffi",
		"a\u00adb":             "ab",
		"a\t\tb\t":             "a\tb",
		"x\u00a0y":             "x y",
		"ctrl\x07char":         "ctrlchar",
		"e\u0301":              "é",
		"H\u2082O stays":       "H\u2082O stays", // subscripts are not folded
		"²":                    "²",
		"Göteborgs Stad\u200d": "Göteborgs Stad",
	}
	for in, want := range tests {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
