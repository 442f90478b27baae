package docx

import (
	"os"

	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// format is the format package ingest detects for this reader's files.
const format textdoc.Format = "docx"

// readNamed reads data as package ingest does a docx file named name.
var readNamed = testfiles.Named(format, Read)

// readFile reads the named file with readNamed.
func readFile(name string) (*textdoc.Document, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return readNamed(name, data)
}
