package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
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
	return runTerminal(s, colorProfile(*colorMode, out, termenv.WithTTY(true)), in, out)
}

// runTerminal is the local host of a simulator session: the terminal in
// raw mode, its background asked for without stalling, its size followed,
// ctrl+z and stop signals suspending where the OS has job control (see
// startHost, per platform), exports written in the working directory, and
// the tty's mode restored however the session ends (model.Run gives the
// screen back). SIGINT, SIGTERM, SIGHUP and SIGQUIT end the session and the
// program exits 128 + the signal's number, as shells expect.
func runTerminal(s settings.Settings, profile termenv.Profile, in, out *os.File) error {
	saved, err := term.MakeRaw(in.Fd())
	if err != nil {
		return fmt.Errorf("cannot put the terminal in raw mode: %w", err)
	}
	defer term.Restore(in.Fd(), saved)

	dark, typed := true, []byte(nil)
	if profile != termenv.Ascii { // without colour the background changes nothing
		dark, typed = darkBackground(in, out)
	}
	m, err := model.New(s, model.NewStyles(profile, dark))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	var ended *signalExit
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case sig := <-sigs:
			ended = &signalExit{sig: sig.(syscall.Signal)}
			if ended.sig == syscall.SIGQUIT {
				ended.stacks = allStacks() // what SIGQUIT is for, printed once the terminal is back
			}
			cancel()
		case <-ctx.Done():
		}
	}()

	h := startHost(ctx, in, out, saved)
	var input io.Reader = in
	if len(typed) > 0 {
		input = io.MultiReader(bytes.NewReader(typed), in) // keys typed while the background was asked for
	}
	err = model.Run(ctx, model.Session{In: input, Out: out, Sizes: h.sizes, Events: h.events, Suspend: h.suspend,
		Profile: profile, Dark: dark, Export: dirSink(".")}, m)
	cancel()
	<-watched
	var pe *model.PanicError
	switch {
	case ended != nil:
		return *ended
	case errors.As(err, &pe):
		return fmt.Errorf("internal error: the simulator crashed: %v\nplease report this, with how you got here and this trace:\n\n%s", pe.Value, pe.Stack)
	case errors.Is(err, model.ErrCrashed):
		return errors.New("internal error: the simulator crashed; please report how you got here")
	case err != nil:
		return fmt.Errorf("the simulator stopped: %w", err)
	}
	return nil
}

// signalExit is a session a signal ended: the program exits 128 + its
// number. SIGQUIT also prints every goroutine's stack, taken when it came.
type signalExit struct {
	sig    syscall.Signal
	stacks []byte
}

func (e signalExit) Error() string { return "ended by " + e.sig.String() }

// allStacks is every goroutine's stack, as Go's own SIGQUIT handler prints.
func allStacks() []byte {
	buf := make([]byte, 1<<20)
	return buf[:runtime.Stack(buf, true)]
}

// host is what the platform gives a session: sizes, events (stop,
// continued) and how to suspend; nil where there is none.
type host struct {
	sizes   <-chan model.Size
	events  <-chan model.HostEvent
	suspend func()
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
