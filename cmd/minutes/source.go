package main

import (
	"github.com/sirupsen/logrus"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/ingest"
)

// sourceOf describes the file a document was read from.
func sourceOf(path string, doc *ingest.Document) minutes.Source {
	return minutes.Source{
		Path:     path,
		Format:   string(doc.Format),
		Title:    doc.Title,
		Created:  doc.Created,
		Modified: doc.Modified,
		Pages:    doc.Pages,
	}
}

// logWarnings logs the parts of a document that could not be read (a bad PDF
// page): the rest of the file is still used.
func logWarnings(doc *ingest.Document) {
	for _, w := range doc.Warnings {
		fields := logrus.Fields{"file": doc.Name}
		if ie, ok := w.(*ingest.Error); ok && ie.Page > 0 {
			fields["page"] = ie.Page
		}
		logrus.WithFields(fields).Warnf("part of the file skipped: %v", w)
	}
}
