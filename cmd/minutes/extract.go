package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes"
	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/extract"
	"github.com/goteborgsregionen/minutes/ingest"
)

func init() { commands = append(commands, newExtractCmd) }

func newExtractCmd() *cobra.Command {
	var pretty bool
	cmd := &cobra.Command{
		Use:   "extract FILE...",
		Short: "Print the structure of minutes files as JSON, one object per file and line",
		Long: `extract reads minutes files (text, Markdown, PDF, Word .docx and .doc,
OpenDocument, RTF; the format is detected from the content) and prints what it finds in each as one JSON object per line:
date, attendees, agenda items, decisions, recorder, and where each was found.

A file that cannot be read is reported on stderr with its cause; the other
files are still printed, and the exit status is 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			if pretty {
				enc.SetIndent("", "  ")
			}
			failed := 0
			for _, path := range args {
				m, err := extractFile(path)
				if err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "minutes: %v\n", err)
					logrus.WithFields(logrus.Fields{"file": path}).Debug("extract failed")
					continue
				}
				if err := enc.Encode(m); err != nil {
					return err
				}
			}
			if failed > 0 {
				return errFailed
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&pretty, "pretty", false, "indent the JSON")
	return cmd
}

// extractFile ingests and extracts one file. A panic in extraction is
// recovered and returned as an error naming the file.
func extractFile(path string) (m *minutes.Meeting, err error) {
	doc, err := ingest.ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			logrus.WithField("file", path).Debugf("extract panic: %v\n%s", r, debug.Stack())
			m, err = nil, fmt.Errorf("%s: extract: internal error: %v", path, r)
		}
	}()
	importer.LogWarnings(doc)
	m = extract.Extract(doc)
	m.Sources = []minutes.Source{importer.SourceOf(path, doc)}
	return m, nil
}
