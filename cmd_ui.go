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

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
)

const uiUsage = `usage: momentum [flags]

The interactive simulator: a particle rolls over a contour map of a loss
landscape under gradient flow, the heavy ball or damped dynamics. Press ?
inside for every key.

flags:
`

func uiCmd(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := settings.NewFlagSet("momentum", uiUsage)
	flags := settings.Register(fs, settings.DefaultLandscape)
	flags.Play(settings.PlayHelp)
	flags.Race(settings.RaceHelp)
	printCommand := fs.Bool("print-command", false, "print the full command line these flags mean (every setting explicit) and exit")
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	if *printCommand {
		s.Play = false // as the share key prints it: the run from its start
		_, err := fmt.Fprintln(stdout, s.Command())
		return err
	}
	in, inOK := stdin.(*os.File)
	out, outOK := stdout.(*os.File)
	if !inOK || !outOK || !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return settings.Usagef("the interactive simulator needs a terminal; use 'momentum frame' or 'momentum run'")
	}
	m, err := model.New(s, model.NewStyles(termenv.NewOutput(out).EnvColorProfile(), lipgloss.HasDarkBackground()))
	if err != nil {
		return err
	}
	return runTerminal(m, in, out)
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
