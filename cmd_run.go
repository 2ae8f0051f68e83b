package main

import (
	"bufio"
	"fmt"
	"io"
	"math"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

const runUsage = `usage: momentum run [flags]

Simulates headlessly and prints CSV: method,step,x,y,vx,vy,f,energy. Step 0
is the start; (vx, vy) is the velocity v of that step, x moving by Δt·v
(rounded: at rest a v of order 1e-14 may no longer move x); energy is what
the simulator's energy chart draws: the shadow energy Ẽ for heavy and
damped (the energy the discrete ball keeps), ½m|w|² + f for nesterov (w
its ball's own velocity, not a column; no energy is kept), and f for flow,
adam, rmsprop and adagrad (no single mass). A comma list of methods runs
each from the same start, one after the other; so do --racer racers, each
labelled with its method's name, or name#k when the method runs more than
once. A run that leaves the finite numbers stops, says so on stderr and
exits 0.

flags:
`

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := settings.NewFlagSet("run", runUsage)
	flags := settings.Register(fs, "rosenbrock")
	// --race means nothing headless (a method list already runs each method
	// from the same start); it is accepted so a command the simulator's
	// share key printed runs here as it is.
	fs.Bool("race", false, "accepted for commands copied from the simulator; a method list is the race")
	steps, every := 100, 1
	fs.Int("steps", "number of `N` steps to take (default 100)", &steps, 0, math.MaxInt)
	flags.Ghost("add each method's continuous-time twin: rows named <method>-ode, the exact solution of its ODE from the same start at the same steps")
	fs.Int("every", "print every `K`-th step; step 0 and the last are always printed (default 1)", &every, 1, math.MaxInt)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	land, err := s.Land()
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	io.WriteString(w, sim.CSVHeader)
	var tape sim.Tape
	var row []byte
	var printed []sim.Particle // the rows printed, for the ghost's rows at the same steps
	for _, e := range s.Lineup() {
		m := e.Method
		tape.Reset()
		sys := sim.System{Land: land, Method: m, Params: e.Tuning.For(m), Noise: s.Noise}
		tape.Record(0, sys)
		printed = printed[:0]
		end := tape.Replay(s.Start, steps, every, func(sys *sim.System, p *sim.Particle) {
			row = sim.AppendCSVAs(row[:0], e.Label, sys, p)
			w.Write(row)
			printed = append(printed, *p)
		})
		if end.Diverged {
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "momentum: %s diverged at step %d\n", e.Label, end.Step+1)
		} else if sys.AtRest(end) {
			// Converged exactly: said, so nobody runs longer for nothing.
			// The rows stay as stepping gives them (see sim.System.Advance).
			fmt.Fprintf(stderr, "momentum: %s is at rest by step %d: a step maps its state to itself exactly, so every later row repeats it\n", e.Label, end.Step)
		}
		if s.Ghost {
			if err := ghostRows(w, stderr, land, e, s, printed); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}

// ghostRows prints method m's continuous-time twin at the steps printed
// for m: the ODE from the same start, at rest like the ball (see README,
// "The ghost").
func ghostRows(w *bufio.Writer, stderr io.Writer, land *landscapes.Landscape, e settings.Entry, s settings.Settings, at []sim.Particle) error {
	m := e.Method
	law, ok := m.ODE(e.Tuning.For(m))
	if !ok {
		if err := w.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "momentum: %s has no ghost (%s): no %s-ode rows\n", m.Name(), m.NoGhost(), m.Name())
		return nil
	}
	tw := sim.NewTwin(land, law, s.Start, sim.Vec{}, 0)
	var row []byte
	for _, p := range at {
		if row, ok = tw.AppendTwinCSV(row[:0], m, p.Step, p.Time); ok && e.Label != m.Name() {
			// A repeated racer's twin is named after the racer: damped#2-ode.
			row = append([]byte(e.Label), row[len(m.Name()):]...)
		}
		if !ok {
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "momentum: %s-ode left the finite numbers before step %d\n", m.Name(), p.Step)
			return nil
		}
		w.Write(row)
	}
	return nil
}
