package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
)

func isDOCX(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

func readDOCX(data []byte) (*Document, error) { return nil, errors.New("DOCX reading not implemented yet") }
