package main

// minutes import: the flags and output of the import pipeline
// (cmd/internal/importer).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"

	"github.com/goteborgsregionen/minutes/cmd/internal/importer"
	"github.com/goteborgsregionen/minutes/index"
	"github.com/goteborgsregionen/minutes/ingest"
)

func init() { commands = append(commands, newImportCmd) }

type importOptions struct {
	workers int
	report  string
	prune   bool
}

func newImportCmd() *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import minutes files and folders into the index",
		Long: `Import reads minutes files (text, Markdown, PDF, Word .docx and .doc,
OpenDocument, RTF; scanned PDFs through OCR when tesseract is installed),
extracts their meetings and stores them in the index.

Folders are walked for files ending in ` + extensionList() + `
(in any case); hidden files and folders and Office lock files (~$…) are left
out, and other files are counted as skipped by type in the summary (-v lists
them).
A file named on the command line is always tried, whatever its name. The format
is told from the content, never from the name.

A file unchanged since its import (same size, modification time, inode and
device) is not opened again; one whose content is the same is not imported
again. The same minutes saved in several formats become one meeting with
several sources.

At the end a summary is printed: counts per outcome, the files that failed and
why, the parts of files that could not be read (a PDF page: the rest of the
file is imported), and the files whose meeting should be checked by hand (no attendees, no
agenda points, no date, or attendees of an organisation that is neither a
municipality nor known). --report writes that report as JSON; --json prints the
whole summary as one JSON object. The exit status is 1 when a file failed.`,
		Example: `  minutes import ~/Protokoll
  minutes import --report qa.json --workers 4 2019 2020 extra/möte.rtf`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd, opts, args)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.workers, "workers", runtime.NumCPU(), "files read and extracted in parallel")
	f.StringVar(&opts.report, "report", "", "write the report of files to check by hand as JSON to `FILE`")
	f.BoolVar(&opts.prune, "prune", false, "forget files imported from the given folders that are no longer there")
	return cmd
}

// extensionList is ingest.Extensions for the help text: ".txt, .md or .rtf".
func extensionList() string {
	ext := ingest.Extensions
	if len(ext) < 2 {
		return strings.Join(ext, "")
	}
	return strings.Join(ext[:len(ext)-1], ", ") + " or " + ext[len(ext)-1]
}

func runImport(cmd *cobra.Command, opts importOptions, args []string) error {
	if opts.workers < 1 {
		return fmt.Errorf("--workers %d: must be at least 1", opts.workers)
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first Ctrl-C the import winds down and flushes; a second one
	// kills the process as usual.
	context.AfterFunc(ctx, stop)

	b, where, err := openIndexWrite(ctx)
	if err != nil {
		return err
	}
	defer closeIndex(b)

	errw := cmd.ErrOrStderr()
	bar := isTerminal(errw) && !global.quiet
	prog := newProgress(errw, bar, terminalWidth(errw), time.Now)
	inputs := importer.ResolveInputs(args)

	// On a terminal, count the files (names only) while importing, for the
	// bar's total and ETA, and keep the bar's rate current.
	var bg sync.WaitGroup
	bgCtx, bgCancel := context.WithCancel(ctx)
	if bar {
		bg.Go(func() {
			if n, err := importer.CountFiles(bgCtx, inputs); err == nil {
				prog.SetTotal(n)
			}
		})
		bg.Go(func() {
			tick := time.NewTicker(500 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-bgCtx.Done():
					return
				case <-tick.C:
					prog.Tick()
				}
			}
		})
	}
	s, err := importer.Run(ctx, importer.Options{
		Store:    index.NewStore(b),
		Workers:  opts.workers,
		Progress: prog,
		Prune:    opts.prune,
	}, inputs)
	bgCancel()
	bg.Wait()
	prog.Finish()
	if err != nil {
		return fmt.Errorf("index %s: %w", where, err)
	}
	s.Index = where

	out := stdout(cmd)
	if global.json {
		err = writeJSON(out, s)
	} else {
		err = writeSummary(out, s, global.verbose)
	}
	if err != nil {
		return err
	}
	if opts.report != "" {
		if err := writeReport(opts.report, s, time.Now()); err != nil {
			return err
		}
		logrus.WithField("file", opts.report).Info("report written")
	}
	saveLastImport(s)
	switch {
	case s.Interrupted:
		return errors.New("interrupted; what was imported is kept, import again to go on")
	case s.Failed > 0:
		return errFailed
	}
	return nil
}
