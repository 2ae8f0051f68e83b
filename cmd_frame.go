package main

import (
	"io"
	"math"

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
	basins := fs.Bool("basins", false, "tint each cell of the map by the minimum a ball started there reaches (the simulator's b)")
	colorMode := colorFlag(fs)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	m, err := model.New(s, model.NewStyles(colorProfile(*colorMode, stdout), true))
	if err != nil {
		return err
	}
	m.SetSize(width, height)
	m.Advance(steps)
	if *basins {
		m.ComputeBasins()
	}
	_, err = io.WriteString(stdout, m.View()+"\n")
	return err
}
