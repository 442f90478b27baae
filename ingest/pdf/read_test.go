package pdf

import (
	"github.com/goteborgsregionen/minutes/ingest/internal/testfiles"
	"github.com/goteborgsregionen/minutes/ingest/internal/textdoc"
)

// format is the format package ingest detects for this reader's files.
const format textdoc.Format = "pdf"

// readNamed reads data as package ingest does a pdf file named name.
var readNamed = testfiles.Named(format, Read)

// readFile reads the named file with readNamed.
var readFile = readNamed.File
