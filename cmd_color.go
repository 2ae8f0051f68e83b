package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/settings"
)

// colorModes are the values of --color, each with the profile it forces
// (auto and always are resolved from the terminal by colorProfile).
var colorModes = []struct {
	name    string
	profile termenv.Profile
}{
	{"auto", termenv.Ascii}, {"always", termenv.Ascii}, {"truecolor", termenv.TrueColor},
	{"256", termenv.ANSI256}, {"16", termenv.ANSI}, {"never", termenv.Ascii},
}

// colorFlag registers --color on fs; the mode it returns starts as auto.
func colorFlag(fs *settings.FlagSet) *string {
	mode := "auto"
	var names []string
	for _, m := range colorModes {
		names = append(names, m.name)
	}
	fs.Value("color", "`when` and how much colour: auto (the terminal's colours when stdout is a terminal and NO_COLOR is unset), "+
		"always (the colours TERM and COLORTERM name, at least 16, even into a pipe), truecolor, 256, 16 or never (default auto)",
		func(s string) error {
			for _, m := range colorModes {
				if m.name == s {
					mode = s
					return nil
				}
			}
			return fmt.Errorf("%q is not allowed; want %s", s, strings.Join(names, ", "))
		})
	return &mode
}

// colorProfile is the colour profile --color asks for on out. auto follows
// the environment as every termenv program does (NO_COLOR, CLICOLOR_FORCE,
// and no colour unless out is a terminal); always is the profile the
// terminal's TERM and COLORTERM name even when out is not a terminal, so a
// 256-colour terminal gets 256 colours, and at least 16; the others force
// their profile. The interactive simulator passes termenv.WithTTY(true):
// it has already found out to be a terminal, and termenv's rule that a set
// CI variable means output going to a log (no colour) is for pipes, not for
// a terminal someone is looking at (a CI job's pseudo-terminal included).
func colorProfile(mode string, out io.Writer, opts ...termenv.OutputOption) termenv.Profile {
	switch mode {
	case "auto":
		return termenv.NewOutput(out, opts...).EnvColorProfile()
	case "always":
		if p := termenv.NewOutput(out, termenv.WithTTY(true)).ColorProfile(); p != termenv.Ascii {
			return p
		}
		return termenv.ANSI
	}
	for _, m := range colorModes {
		if m.name == mode {
			return m.profile
		}
	}
	return termenv.Ascii
}
