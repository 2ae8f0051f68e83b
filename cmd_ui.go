package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
)

// uiUsage is `momentum --help`: the simulator, the commands, then the
// simulator's flags.
func uiUsage() string {
	return `momentum: see what mass, velocity and friction mean in gradient descent.

usage:
  momentum [flags]             the interactive simulator
  momentum <command> [flags]   one of the commands below

The interactive simulator: a particle rolls over a contour map of a loss
landscape under gradient flow, the heavy ball or damped dynamics. Press ?
inside for every key.

` + commandsHelp() + `
flags of the simulator:
`
}

func uiCmd(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := settings.NewFlagSet("momentum", uiUsage())
	flags := settings.Register(fs, settings.DefaultLandscape)
	flags.Play(settings.PlayHelp)
	flags.Race(settings.RaceHelp)
	flags.Ghost(settings.GhostHelp)
	printCommand := fs.Bool("print-command", false, "print the full command line these flags mean (every setting explicit) and exit")
	showVersion := fs.Bool("version", false, "print the version and exit")
	colorMode := colorFlag(fs)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	if *showVersion {
		return versionCmd(nil, stdout)
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
	tout := termenv.NewOutput(out)
	profile, dark := colorProfile(*colorMode, out), tout.HasDarkBackground()
	m, err := model.New(s, model.NewStyles(profile, dark))
	if err != nil {
		return err
	}
	return runTerminal(m, in, out, profile, dark)
}

// runTerminal is the local host of a simulator session: the terminal in
// raw mode, its size followed (followSize, per platform), SIGHUP, SIGTERM and SIGINT
// ending the session, exports written in the working directory, and the
// tty's mode restored however the session ends (model.Run gives the
// screen back).
func runTerminal(m *model.Model, in, out *os.File, profile termenv.Profile, dark bool) error {
	saved, err := term.MakeRaw(in.Fd())
	if err != nil {
		return fmt.Errorf("cannot put the terminal in raw mode: %w", err)
	}
	defer term.Restore(in.Fd(), saved)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	sizes := make(chan model.Size)
	go followSize(ctx, out, sizes)

	err = model.Run(ctx, model.Session{In: in, Out: out, Sizes: sizes, Profile: profile, Dark: dark, Export: dirSink(".")}, m)
	stop() // also ends the size goroutine
	switch {
	case errors.Is(err, model.ErrCrashed):
		// bubbletea caught it and printed the trace on the alternate screen,
		// which leaving it erases: the user gets one line and exit status 1.
		return errors.New("internal error: the simulator crashed; please report how you got here")
	case err != nil:
		return fmt.Errorf("the simulator stopped: %w", err)
	}
	return nil
}

// dirSink writes each export as a new file in a directory. It never
// overwrites: the name gets -copy2, -copy3, … until it is new.
type dirSink string

func (dir dirSink) Export(name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		name := base + ext
		if i > 1 {
			name = base + "-copy" + strconv.Itoa(i) + ext
		}
		f, err := os.OpenFile(filepath.Join(string(dir), name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			where := string(dir)
			if abs, aerr := filepath.Abs(where); aerr == nil {
				where = abs
			}
			return "", fmt.Errorf("cannot write the trajectory in %s: %w", where, errors.Unwrap(err))
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(f.Name())
			return "", fmt.Errorf("cannot write %s: %w", name, werr)
		}
		return name, nil
	}
}
