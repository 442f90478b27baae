package text

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// readText reads plain text or Markdown: UTF-8 with or without BOM, UTF-16 with
// BOM, and otherwise Windows-1252 (a superset of ISO-8859-1's printable range),
// which older Swedish files use.
func Read(data []byte) (*textdoc.Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	lines := make([]textdoc.Line, 0, len(raw))
	for i, t := range raw {
		lines = append(lines, textdoc.Line{Text: textdoc.Clean(t), No: i + 1})
	}
	return &textdoc.Document{Lines: lines}, nil
}

// decodeText returns data as a UTF-8 string.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", err
		}
		return string(out), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", err
	}
	return string(out), nil
}
