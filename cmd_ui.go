package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/sim"
)

const uiUsage = `usage: momentum [flags]

The interactive simulator: a particle rolls over a contour map of a loss
landscape under gradient flow, the heavy ball or damped dynamics. Press ?
inside for every key.

flags:
`

// uiDefaultLandscape is where a first launch opens: on the ravine the three
// methods look different within seconds (flow zig-zags, the heavy ball
// swings, the damped ball runs down the valley).
const uiDefaultLandscape = "ravine"

// modelConfig turns the shared flags into the simulator's starting state.
// A list of methods, or race, starts a race of those methods (all three
// when the list has one).
func modelConfig(su setup, race bool, styles model.Styles) model.Config {
	all := landscapes.All()
	idx := 0
	for i, l := range all {
		if l.Name == su.land.Name {
			idx = i
		}
	}
	start, tuning := su.start, su.tuning
	// A custom expression joins the catalog at the end; a catalog landscape
	// replaces its stock copy, since it may carry its own --bounds.
	if su.land.Name == landscapes.CustomName {
		all = append(all, su.land)
		idx = len(all) - 1
	} else {
		all[idx] = su.land
	}
	return model.Config{
		Landscapes: all,
		Index:      idx,
		Start:      &start,
		Method:     su.methods[len(su.methods)-1],
		Race:       race || len(su.methods) > 1,
		Racers:     racersOf(su, race),
		Tuning:     &tuning,
		Noise:      su.noise,
		Scenario:   su.scenario,
		Styles:     styles,
	}
}

// racersOf is the racers a race runs: the methods listed, or all three when
// --race came without --method. So `--race --method damped` is a race of
// one, which is what the share key prints for a race with two racers off.
func racersOf(su setup, race bool) []sim.Method {
	if len(su.methods) < 2 && !(race && su.methodsGiven) {
		return nil
	}
	return su.methods
}

func uiCmd(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlagSet("momentum", uiUsage)
	var sf simFlags
	sf.register(fs, "damped")
	play := fs.Bool("play", false, "start playing instead of paused")
	race := fs.Bool("race", false, "race gradient flow, heavy ball and damped from the same start")
	printCommand := fs.Bool("print-command", false, "print the full command line these flags mean (every setting explicit) and exit")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	su, err := sf.resolve(fs, uiDefaultLandscape)
	if err != nil {
		return err
	}
	if *printCommand {
		m := model.New(modelConfig(su, *race, model.NewStyles(termenv.Ascii, true)))
		_, err := fmt.Fprintln(stdout, m.Command())
		return err
	}
	in, inOK := stdin.(*os.File)
	out, outOK := stdout.(*os.File)
	if !inOK || !outOK || !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return usagef("the interactive simulator needs a terminal; use 'momentum frame' or 'momentum run'")
	}
	styles := model.NewStyles(termenv.NewOutput(out).EnvColorProfile(), lipgloss.HasDarkBackground())
	cfg := modelConfig(su, *race, styles)
	cfg.Play = *play
	return runTerminal(model.New(cfg), in, out)
}

// Terminal modes the simulator sets and restores itself, since it runs
// without bubbletea's renderer (see model.Terminal), which is what
// tea.WithAltScreen and tea.WithMouseCellMotion would ask to do them: the
// alternate screen, a hidden cursor, and mouse clicks (cell motion, 1002)
// reported in SGR form (1006).
const (
	enterScreen = "\x1b[?1049h\x1b[?25l\x1b[?1002h\x1b[?1006h"
	leaveScreen = "\x1b[?1006l\x1b[?1002l\x1b[0m\x1b[?25h\x1b[?1049l"
)

// runTerminal runs the simulator on the terminal: raw input, the
// alternate screen, resizes and hang-ups, and the terminal restored however
// the program ends.
func runTerminal(m *model.Model, in, out *os.File) (err error) {
	saved, err := term.MakeRaw(in.Fd())
	if err != nil {
		return fmt.Errorf("cannot put the terminal in raw mode: %w", err)
	}
	restore := func() {
		io.WriteString(out, leaveScreen)
		term.Restore(in.Fd(), saved)
	}
	defer restore()
	io.WriteString(out, enterScreen)

	p := tea.NewProgram(model.NewTerminal(m, out), tea.WithoutRenderer(), tea.WithInput(in))

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGWINCH, syscall.SIGHUP)
	done := make(chan struct{})
	defer func() {
		signal.Stop(sigs)
		close(done)
	}()
	sendSize := func() {
		if w, h, err := term.GetSize(out.Fd()); err == nil {
			p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		}
	}
	go func() {
		sendSize()
		for {
			select {
			case <-done:
				return
			case s := <-sigs:
				if s == syscall.SIGHUP {
					p.Send(tea.QuitMsg{})
					return
				}
				sendSize()
			}
		}
	}()
	_, err = p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		// bubbletea caught it and printed the trace on the alternate screen,
		// which leaving it erases: the user gets one line and exit status 1.
		return errors.New("internal error: the simulator crashed; please report how you got here")
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		return fmt.Errorf("the simulator stopped: %w", err)
	}
	return nil
}
