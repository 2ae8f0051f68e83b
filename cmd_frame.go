package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
)

const frameUsage = `usage: momentum frame [flags]

Prints exactly what the simulator shows in a --width × --height terminal
after --steps steps, then exits: H lines, none wider than W cells.

flags:
`

func frameCmd(args []string, stdout io.Writer) error {
	fs := newFlagSet("frame", frameUsage)
	var sf simFlags
	sf.register(fs, "damped")
	width, height, steps := 100, 30, 0
	intFlag := func(name, help string, dst *int, least, most int) {
		fs.value(name, help, func(s string) error {
			v, err := strconv.Atoi(s)
			if err != nil || v < least || v > most {
				return fmt.Errorf("%q is not allowed; want a whole number from %d to %d", s, least, most)
			}
			*dst = v
			return nil
		})
	}
	intFlag("width", "terminal width `W` in cells (default 100)", &width, 1, 2000)
	intFlag("height", "terminal height `H` in cells (default 30)", &height, 1, 1000)
	intFlag("steps", "steps `N` to take before drawing (default 0)", &steps, 0, 1<<40)
	race := fs.Bool("race", false, "race gradient flow, heavy ball and damped from the same start")
	colorMode := "auto"
	fs.value("color", "`when` to use colour: auto, always or never (default auto: when stdout is a terminal and NO_COLOR is unset)",
		func(s string) error {
			switch s {
			case "auto", "always", "never":
				colorMode = s
				return nil
			}
			return fmt.Errorf("%q is not allowed; want auto, always or never", s)
		})
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	su, err := sf.resolve(fs, uiDefaultLandscape)
	if err != nil {
		return err
	}
	m := model.New(modelConfig(su, *race, model.NewStyles(frameProfile(colorMode), true)))
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
