package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
)

const frameUsage = `usage: momentum frame [flags]

Prints exactly what the simulator shows in a --width × --height terminal
after --steps steps, then exits: H lines, none wider than W cells.

flags:
`

func frameCmd(args []string, stdout io.Writer) error {
	fs := settings.NewFlagSet("frame", frameUsage)
	flags := settings.Register(fs, settings.DefaultLandscape)
	width, height, steps := 100, 30, 0
	fs.Int("width", "terminal width `W` in cells (default 100)", &width, 1, 2000)
	fs.Int("height", "terminal height `H` in cells (default 30)", &height, 1, 1000)
	fs.Int("steps", "steps `N` to take before drawing (default 0)", &steps, 0, math.MaxInt32)
	flags.Race(settings.RaceHelp)
	flags.Ghost(settings.GhostHelp)
	colorMode := "auto"
	fs.Value("color", "`when` to use colour: auto, always or never (default auto: when stdout is a terminal and NO_COLOR is unset)",
		func(s string) error {
			switch s {
			case "auto", "always", "never":
				colorMode = s
				return nil
			}
			return fmt.Errorf("%q is not allowed; want auto, always or never", s)
		})
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	m, err := model.New(s, model.NewStyles(frameProfile(colorMode), true))
	if err != nil {
		return err
	}
	m.SetSize(width, height)
	m.Advance(steps)
	_, err = io.WriteString(stdout, m.View()+"\n")
	return err
}

// frameProfile picks the colour profile: auto means colour only on a
// terminal without NO_COLOR, and then as much colour as the terminal says
// it has.
func frameProfile(mode string) termenv.Profile {
	switch mode {
	case "never":
		return termenv.Ascii
	case "always":
		return termenv.TrueColor
	}
	if _, noColor := os.LookupEnv("NO_COLOR"); noColor || !term.IsTerminal(os.Stdout.Fd()) {
		return termenv.Ascii
	}
	return termenv.NewOutput(os.Stdout).EnvColorProfile()
}
