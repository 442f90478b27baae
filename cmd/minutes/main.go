// Command minutes turns a back-catalogue of Swedish meeting minutes (text, PDF,
// DOCX) into searchable structure: it extracts attendees, agenda points and
// decisions, indexes them (embedded Bleve by default, Elasticsearch with --es)
// and answers queries about decisions and attendance.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
)

// errFailed is returned by a command that reported its own failures and only
// needs a non-zero exit status.
var errFailed = errors.New("some files failed")

// globalFlags are the flags every subcommand has.
type globalFlags struct {
	json    bool
	verbose bool
	quiet   bool
	index   string
	es      string
}

var global globalFlags

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "minutes",
		Short: "Structure and search Swedish meeting minutes",
		Long: `minutes extracts attendees, agenda points and decisions from meeting minutes
(text, Markdown, PDF, Word, OpenDocument, RTF), indexes them and answers
questions about them.

The index is an embedded Bleve index in a folder (--index, $MINUTES_INDEX) unless
an Elasticsearch URL is given (--es, $MINUTES_ES_URL).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			setupLogging(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.BoolVar(&global.json, "json", false, "print machine-readable JSON on stdout")
	pf.BoolVarP(&global.verbose, "verbose", "v", false, "log debug details on stderr")
	pf.BoolVarP(&global.quiet, "quiet", "q", false, "log only errors on stderr")
	pf.StringVar(&global.index, "index", "", "embedded index folder (default $MINUTES_INDEX or the user data directory)")
	pf.StringVar(&global.es, "es", "", "Elasticsearch URL (default $MINUTES_ES_URL); overrides --index")
	root.Version = readBuildInfo().String()
	root.SetVersionTemplate("{{.Version}}\n")
	for _, c := range commands {
		root.AddCommand(c())
	}
	return root
}

// commands holds the constructors of the subcommands; each subcommand's file
// registers itself in an init function.
var commands []func() *cobra.Command

func setupLogging(cmd *cobra.Command) {
	logrus.SetOutput(cmd.ErrOrStderr())
	logrus.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})
	switch {
	case global.verbose:
		logrus.SetLevel(logrus.DebugLevel)
	case global.quiet:
		logrus.SetLevel(logrus.ErrorLevel)
	default:
		logrus.SetLevel(logrus.InfoLevel)
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitInterrupted is the exit status after Ctrl-C, as shells report it.
const exitInterrupted = 130

// run executes the command line args with its output on stdout and stderr
// and returns the exit status. The first Ctrl-C (or SIGTERM) cancels the
// command's context, so a long command winds down cleanly; a second one kills
// the process as usual.
func run(args []string, stdout, stderr io.Writer) int {
	defer startProfile(stderr)()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)

	global = globalFlags{}
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if ctx.Err() != nil {
		if err != nil && !errors.Is(err, errFailed) && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "minutes: %v\n", err)
		}
		fmt.Fprintln(stderr, "minutes: interrupted")
		return exitInterrupted
	}
	if err != nil {
		if !errors.Is(err, errFailed) {
			fmt.Fprintf(stderr, "minutes: %v\n", err)
		}
		return 1
	}
	return 0
}
