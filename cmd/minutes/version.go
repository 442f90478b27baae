package main

// minutes version: what was built, from the build information Go records.

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newVersionCmd) }

// buildInfo is what the binary knows about its own build.
type buildInfo struct {
	Version  string `json:"version"`            // module version, "(devel)" for a local build
	Revision string `json:"revision,omitempty"` // VCS commit
	Time     string `json:"time,omitempty"`     // commit time
	Modified bool   `json:"modified,omitempty"` // built from a changed checkout
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// readBuildInfo reads the build information of the running binary.
func readBuildInfo() buildInfo {
	bi := buildInfo{Version: "(unknown)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return bi
	}
	if v := info.Main.Version; v != "" {
		bi.Version = v
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			bi.Revision = s.Value
		case "vcs.time":
			bi.Time = s.Value
		case "vcs.modified":
			bi.Modified = s.Value == "true"
		}
	}
	return bi
}

// String is the one-line form: "minutes (devel) 4935703a1b2c+ 2026-11-29T13:50:00Z go1.26.0 linux/amd64".
func (bi buildInfo) String() string {
	s := "minutes " + bi.Version
	if bi.Revision != "" {
		rev := bi.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if bi.Modified {
			rev += "+"
		}
		s += " " + rev
	}
	if bi.Time != "" {
		s += " " + bi.Time
	}
	return s + " " + bi.Go + " " + bi.Platform
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of minutes",
		Long: `Version prints the version of minutes from the build information Go records
in the binary: the module version ("(devel)" for a build from a checkout), the
commit and its time (a "+" after the commit: built with uncommitted changes),
the Go version and the platform. --json prints them as a JSON object.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			bi := readBuildInfo()
			if global.json {
				return writeJSON(stdout(cmd), bi)
			}
			_, err := fmt.Fprintln(stdout(cmd), bi)
			return err
		},
	}
}
