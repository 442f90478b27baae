package textdoc

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Clean normalises one line of text: NFC, ligatures and other compatibility
// characters expanded where that is safe (NFKC per character for ligatures,
// no-break and other spaces), soft hyphens, zero-width characters and control
// characters dropped, trailing white space trimmed. A tab is kept (once) as a
// column separator: "Anna Berg\tLerum" is a two-column line.
func Clean(s string) string {
	if isPlain(s) {
		return strings.TrimRight(s, " \t\r")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u00ad', r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
			// soft hyphen, zero-width characters, BOM: invisible, dropped
		case r == '\t':
			if !strings.HasSuffix(b.String(), "\t") {
				b.WriteByte('\t')
			}
		case r >= 0xfb00 && r <= 0xfb06: // Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
			b.WriteString(norm.NFKC.String(string(r)))
		case unicode.Is(unicode.Zs, r): // no-break space, thin space …
			b.WriteByte(' ')
		case r == '\u2028', r == '\u2029':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			// other control characters carry no text
		case r == unicode.ReplacementChar:
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimRight(norm.NFC.String(b.String()), " \t")
}

// isPlain reports whether s is printable ASCII, which needs no normalising.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c >= 0x7f {
			return false
		}
	}
	return !strings.Contains(s, "\t\t")
}
