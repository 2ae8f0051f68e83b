package model

import (
	"context"
	"errors"
	"fmt"
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// Size is a terminal's size in cells.
type Size struct{ Width, Height int }

// ExportSink receives a trajectory the user asked to write (the w key): a
// suggested file name and the CSV. It says where the data went, for the
// message the user sees ("wrote <where>"), or why it could not. A local
// program writes a file; a server may offer the data another way. Export
// runs outside Update, so it may block.
type ExportSink interface {
	Export(name string, data []byte) (where string, err error)
}

// Session is everything a host gives one simulator: the keys and mouse
// reports from In, the screen on Out, the terminal's size on Sizes (the
// first one paints the first frame; a closed channel means the size stays),
// its colour profile and background, and where exports go. Nothing here is
// process-wide, so one process can run many sessions at once.
type Session struct {
	In      io.Reader
	Out     io.Writer
	Sizes   <-chan Size
	Profile termenv.Profile
	Dark    bool       // the terminal's background is dark
	Export  ExportSink // nil: w says this host cannot write files
	// BasinWorkers bounds the goroutines the basin map (b) computes on;
	// 0 means every core, right for one user, not for a server's many.
	BasinWorkers int
	// Suspend, when set, stops the program until the user continues it
	// (ctrl+z, or Stop on Events); the session leaves the screen before and
	// takes it again, repainted, after. nil: ctrl+z does nothing.
	Suspend func()
	Events  <-chan HostEvent // nil: none
}

// ErrCrashed is what Run returns when the simulator panicked and the
// session ended: a *PanicError, with the stack, when the panic was in Update
// or painting.
var ErrCrashed = errors.New("the simulator crashed")

// Run runs m in a session until the user quits, ctx is cancelled or the
// screen cannot be written. It styles m for the session's colour profile,
// takes the alternate screen and gives it back however it ends. Raw mode
// and signals are the host's: Run reads In as it comes. It returns nil when
// the user quits or ctx ends the session, the write error when Out went
// away, the error that ended reading In, and an error wrapping ErrCrashed
// after a panic.
func Run(ctx context.Context, s Session, m *Model) (err error) {
	m.restyle(NewStyles(s.Profile, s.Dark))
	m.exporter = s.Export
	m.basinWorkers = s.BasinWorkers
	t := NewTerminal(m, s.Out)
	t.suspend = s.Suspend
	if _, err := io.WriteString(s.Out, enterScreen); err != nil {
		return err
	}
	defer func() {
		if _, werr := io.WriteString(s.Out, leaveScreen); err == nil && t.err == nil {
			err = werr
		}
	}()

	// bubbletea gets no terminal of its own: its output is discarded (the
	// painter writes to Out), and it installs no signal handlers.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(t, tea.WithContext(ctx), tea.WithInput(s.In), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	// Frames are written off the Update loop (see frameWriter), so the
	// ticks keep their pace whatever the terminal's speed.
	t.fw = newFrameWriter(s.Out, p.Send)
	go func() {
		sizes := s.Sizes
		for {
			select {
			case <-ctx.Done():
				return
			case sz, ok := <-sizes:
				if !ok {
					sizes = nil // the size stays; events may still come
					continue
				}
				p.Send(tea.WindowSizeMsg{Width: sz.Width, Height: sz.Height})
			case ev := <-s.Events:
				p.Send(ev)
			}
		}
	}()
	_, err = p.Run()
	t.fw.stop() // the last frame lands before the screen is given back
	// However the session ended (q, ctrl+c, ctx, a crash, a lost screen),
	// work it started in the background ends with it: on a server, a
	// basin map computing on every core for a student who left.
	m.stopBasins()
	switch {
	case t.err != nil:
		return t.err
	case t.panic != nil:
		return t.panic
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("%w: %w", ErrCrashed, err)
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // the host ended the session
	}
	return loopError(err)
}

// loopError is the error that ended bubbletea's loop without the wrapping
// in ErrProgramKilled that bubbletea gives every one (a failed read of In
// says "read …: input/output error", not "program was killed").
func loopError(err error) error {
	if w, ok := err.(interface{ Unwrap() []error }); ok && errors.Is(err, tea.ErrProgramKilled) {
		for _, e := range w.Unwrap() {
			if e != tea.ErrProgramKilled {
				return e
			}
		}
	}
	return err
}
