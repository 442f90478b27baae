package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
)

// ImportReport is the quality report of an import as `minutes import
// --report` writes it: the files that failed and the files whose meeting
// should be checked by hand.
type ImportReport struct {
	Generated       time.Time          `json:"generated"`
	Index           string             `json:"index,omitempty"`
	Failed          int                `json:"failed"`
	Failures        []importer.Failure `json:"failures"`
	FailuresOmitted int                `json:"failures_omitted,omitempty"`
	QA              importer.QAReport  `json:"qa"`
}

// ToCheck is the number of files to check by hand.
func (r *ImportReport) ToCheck() int { return len(r.QA.Findings) + r.QA.Omitted }

// ReadImportReport reads the report in file name; nil without error when
// there is no such file.
func ReadImportReport(name string) (*ImportReport, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r ImportReport
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("import report %s: %w", name, err)
	}
	return &r, nil
}
