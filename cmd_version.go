package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/momentum-sim/momentum/settings"
)

func versionCmd(args []string, stdout io.Writer) error {
	fs := settings.NewFlagSet("version", "usage: momentum version\n\nPrints the version: the module's, or the commit it was built from.\n")
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	_, err := fmt.Fprintln(stdout, "momentum "+version(debug.ReadBuildInfo()))
	return err
}

// version says what was built: the module version `go install …@v1.2.0`
// stamps, or else the commit and its date (with "modified" for uncommitted
// changes) that `go build` in a clone records, or "(devel)" when neither is
// known (a build with -buildvcs=false).
func version(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return "(devel)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if at != "" {
		at = " " + at
	}
	return fmt.Sprintf("%s (commit %s%s%s)", v, rev, at, modified)
}
