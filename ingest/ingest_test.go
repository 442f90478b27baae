package ingest

import (
	"os"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"

	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestDetect(t *testing.T) {
	docx := zipOf(t, map[string]string{"word/document.xml": "<w:document/>"})
	renamed := zipOf(t, map[string]string{
		"[Content_Types].xml": `<Types><Override PartName="/word/main.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/main.xml":       "<w:document/>",
	})
	other := zipOf(t, map[string]string{"a.txt": "hej"})
	wordDoc, err := os.ReadFile(testfiles.Glob(t, "*.doc")[0])
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want Format
	}{
		{"pdf", []byte("%PDF-1.7\n..."), PDF},
		{"pdf after junk", []byte("junk\r\n%PDF-1.4\n"), PDF},
		{"docx", docx, DOCX},
		{"docx with another main part name", renamed, DOCX},
		{"other zip", other, Unsupported},
		{"odt", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), ODT},
		{"ole2 header only", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0}, Unsupported},
		{"word 97-2003", wordDoc, DOC},
		{"rtf", []byte(`{\rtf1\ansi hej}`), RTF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Unsupported},
		{"markdown", []byte("# Protokoll\n\n**Närvarande:**"), Text},
		{"utf-16 text", append([]byte{0xff, 0xfe}, 'h', 0, 'e', 0, 'j', 0), Text},
		{"a pdf named .txt is still a pdf", []byte("%PDF-1.5"), PDF},
	}
	for _, tt := range tests {
		if got := Detect(tt.data); got != tt.want {
			t.Errorf("%s: Detect = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReadTextEncodings(t *testing.T) {
	want := "Närvarande: Åsa Öberg, Töreboda kommun"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(want)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(want)
	cp1252, _ := charmap.Windows1252.NewEncoder().String(want)
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(want)
	tests := map[string]string{
		"utf-8":        want,
		"utf-8 bom":    "\xef\xbb\xbf" + want,
		"utf-16le bom": utf16le,
		"utf-16be bom": utf16be,
		"windows-1252": cp1252,
		"iso-8859-1":   latin1,
		"decomposed":   "Na\u0308rvarande: A\u030asa O\u0308berg, To\u0308reboda kommun",
	}
	for name, in := range tests {
		doc, err := Read(name+".txt", []byte(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := doc.Lines[0].Text; got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
		if doc.Format != Text || doc.Name != name+".txt" {
			t.Errorf("%s: format %q name %q", name, doc.Format, doc.Name)
		}
	}
}

func TestReadTextLines(t *testing.T) {
	in := "Rubrik\r\n\r\nAnna Berg\tLerum  \rkonﬁdentiell sam\u00adverkan\u200b\n\u00a0Bo\u2009Ek\n"
	doc, err := Read("x.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range doc.Lines {
		got = append(got, l.Text)
	}
	want := []string{"Rubrik", "", "Anna Berg\tLerum", "konfidentiell samverkan", " Bo Ek", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	for i, l := range doc.Lines {
		if l.No != i+1 || l.Page != 0 {
			t.Errorf("line %d: No %d Page %d", i, l.No, l.Page)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty.txt", nil, ErrEmpty},
		{"blank.txt", []byte("  \n\t\n"), ErrNoText},
		{"old.doc", []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0}, ErrUnsupported},
		{"image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ErrUnsupported},
	}
	for _, tt := range tests {
		_, err := Read(tt.name, tt.data)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
			continue
		}
		var ie *Error
		if !errors.As(err, &ie) || ie.File != tt.name || !strings.HasPrefix(err.Error(), tt.name+": ") {
			t.Errorf("%s: error %q does not name the file", tt.name, err)
		}
	}
}

// FuzzReadText reads arbitrary bytes as a text file: no panic, valid UTF-8,
// no line breaks inside a line, numbered lines.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("Närvarande:\nAnna Berg, Lerum\r\n1. Inledning"))
	f.Add([]byte("\xef\xbb\xbfBOM"))
	f.Add([]byte{0xff, 0xfe, 'a', 0, 0xd8, 0})
	f.Add([]byte("K\xf6ping \xe5\xe4\xf6"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if Detect(data) != Text {
			return
		}
		doc, err := Read("fuzz.txt", data)
		if err != nil {
			if !errors.Is(err, ErrNoText) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for i, l := range doc.Lines {
			if !utf8.ValidString(l.Text) || strings.ContainsAny(l.Text, "\r\n") {
				t.Fatalf("line %d: %q", i, l.Text)
			}
			if l.No != i+1 {
				t.Fatalf("line %d numbered %d", i, l.No)
			}
		}
	})
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadErrorWords: failures say in a user's words what is wrong.
func TestReadErrorWords(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"a.pdf", nil, "a.pdf: empty file"},
		{"b.pdf", []byte("\x00\x01binary junk"), "b.pdf: unsupported format: not a PDF (no %PDF header)"},
		{"c.docx", []byte("\x00\x01binary"), "c.docx: unsupported format: a .docx that is not a zip archive"},
		{"d.doc", []byte("\x00\x01binary"), "d.doc: unsupported format: not a Word 97-2003 .doc (no OLE2 header)"},
		{"e.bin", []byte("\x00\x01binary"), "e.bin: unsupported format: binary data, not text, PDF or DOCX"},
	}
	for _, tt := range tests {
		_, err := Read(tt.name, tt.data)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{
		"a.PDF": true, "b.doc": true, "c.odt": true, "d.rtf": true, "e.md": true, "f.docx": true,
		"g.pptx": false, "h.xls": false, "i": false, "j.jpg": false,
	} {
		if Supported(name) != want {
			t.Errorf("Supported(%q) = %v", name, !want)
		}
	}
}
