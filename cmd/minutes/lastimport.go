package main

// The report of the last import, kept for `minutes serve`'s start page.

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/index/es"
)

// lastImportName is the file in a Bleve index folder that holds the report
// of the last import (the --report format).
const lastImportName = "last-import.json"

// lastImportFile is where the report of the last import into the index c is
// kept: in the Bleve folder, or for Elasticsearch in the user data directory
// under a name derived from the URL. "" when there is no such place.
func lastImportFile(c indexChoice) string {
	if c.esURL == "" {
		dir, err := filepath.Abs(c.dir)
		if err != nil {
			return ""
		}
		return filepath.Join(dir, lastImportName)
	}
	home, _ := os.UserHomeDir()
	dir, err := defaultIndexDir(runtime.GOOS, os.Getenv, home)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(es.RedactURL(c.esURL)))
	return filepath.Join(filepath.Dir(dir), "es-"+hex.EncodeToString(sum[:6])+"-"+lastImportName)
}

// saveLastImport keeps the report of import s for `minutes serve`. A failure
// is logged: the import itself succeeded.
func saveLastImport(s *importer.Summary) {
	home, _ := os.UserHomeDir()
	c, err := chooseIndex(global.es, global.index, os.Getenv, runtime.GOOS, home)
	if err != nil {
		return
	}
	storeLastImport(lastImportFile(c), s)
}

// storeLastImport writes the report of import s to the file name ("":
// nowhere). A failure is logged: the import itself succeeded.
func storeLastImport(name string, s *importer.Summary) {
	if name == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		logrus.WithError(err).Warn("keeping the import report for minutes serve")
		return
	}
	if err := writeReport(name, s, time.Now()); err != nil {
		logrus.WithError(err).Warn("keeping the import report for minutes serve")
	}
}
