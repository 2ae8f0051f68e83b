package model

import (
	"fmt"
	"io"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"
)

// Screen modes the simulator sets and restores itself, since it runs
// without bubbletea's renderer (see Terminal), which is what
// tea.WithAltScreen, tea.WithMouseCellMotion and bubbletea's default
// bracketed paste would ask to do them: the alternate screen, a hidden
// cursor, mouse clicks (cell motion, 1002) reported in SGR form (1006), and
// bracketed paste (2004), so a paste arrives as one message marked Paste
// instead of as keys.
const (
	enterScreen = "\x1b[?1049h\x1b[?25l\x1b[?1002h\x1b[?1006h\x1b[?2004h"
	leaveScreen = "\x1b[?2004l\x1b[?1006l\x1b[?1002l\x1b[0m\x1b[?25h\x1b[?1049l"
)

// HostEvent is something the host tells a running session.
type HostEvent int

const (
	// Stop asks the session to suspend now, as ctrl+z does: the host caught
	// a stop signal (SIGTSTP from outside).
	Stop HostEvent = iota + 1
	// Continued says the program was stopped and continued without the
	// session seeing it (SIGSTOP cannot be caught): the screen modes are
	// set again and the screen repainted whole.
	Continued
)

// PanicError is a panic in the simulator, recovered: its value and the
// goroutine's stack, for the host to print once the screen is given back.
// It wraps ErrCrashed.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%v: %v\n\n%s", ErrCrashed, e.Value, e.Stack)
}

func (e *PanicError) Unwrap() error { return ErrCrashed }

// Terminal is the simulator as the program runs it on a real terminal: the
// same Model, painted by a painter after every Update instead of through
// bubbletea's renderer (run the program with tea.WithoutRenderer). View
// returns nothing, so bubbletea draws nothing itself.
type Terminal struct {
	m       *Model
	p       *painter
	fw      *frameWriter // nil: paint synchronously (tests, one-shot frames)
	out     io.Writer
	suspend func()         // Session.Suspend
	waiting func() tea.Cmd // a suspend or retake, when the frame in flight lands
	err     error          // the write that failed, which ended the program
	panic   *PanicError
}

// NewTerminal paints m on w.
func NewTerminal(m *Model, w io.Writer) *Terminal { return &Terminal{m: m, p: newPainter(w), out: w} }

// Init starts the model.
func (t *Terminal) Init() tea.Cmd { return guard(t.m.Init()) }

// Update runs the model's Update, then paints what changed. A write error
// (the terminal went away) ends the program, and so does a panic, recovered
// here with its stack so the host can print it after leaving the alternate
// screen (bubbletea's own recovery prints it on that screen, where leaving
// erases it). ctrl+z and the host's events suspend and repaint.
func (t *Terminal) Update(msg tea.Msg) (tm tea.Model, cmd tea.Cmd) {
	// (bubbletea calls View on the model Update returns, so a recovered
	// panic still returns t.)
	if t.err != nil || t.panic != nil {
		return t, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			t.panic = &PanicError{Value: r, Stack: debug.Stack()}
			cmd = tea.Quit
			tm = t
		}
	}()
	switch msg := msg.(type) {
	case cmdPanicMsg:
		t.panic = msg.err
		return t, tea.Quit
	case frameWrittenMsg:
		if f := t.waiting; f != nil {
			// The frame a suspend or retake waited for: nothing else is
			// drawn before the screen modes change.
			t.waiting, t.fw.pending = nil, false
			if err := t.fw.written(msg, t.m, t.p); err != nil {
				t.err = err
				return t, tea.Quit
			}
			return t, f()
		}
		if err := t.fw.written(msg, t.m, t.p); err != nil {
			t.err = err
			return t, tea.Quit
		}
		return t, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlZ && t.suspend != nil {
			return t, t.whenQuiet(t.stop)
		}
	case HostEvent:
		switch msg {
		case Stop:
			if t.suspend != nil {
				return t, t.whenQuiet(t.stop)
			}
		case Continued:
			return t, t.whenQuiet(t.retake)
		}
		return t, nil
	}
	_, cmd = t.m.Update(msg)
	cmd = guard(cmd)
	if t.waiting != nil {
		return t, cmd // painted whole after the suspend or retake
	}
	return t, cmd2(cmd, t.paint())
}

// paint draws what changed: through the frame writer when there is one.
func (t *Terminal) paint() tea.Cmd {
	if t.m.width <= 0 || t.m.height <= 0 {
		return nil
	}
	if t.fw != nil {
		t.fw.paint(t.m, t.p)
		return nil
	}
	if err := t.m.Paint(t.p); err != nil {
		t.err = err
		return tea.Quit
	}
	return nil
}

// cmd2 is a when b is nil, else b (a quit).
func cmd2(a, b tea.Cmd) tea.Cmd {
	if b != nil {
		return b
	}
	return a
}

// whenQuiet runs f now, or, while a frame is being written, when it lands:
// the screen modes must not cut into a frame.
func (t *Terminal) whenQuiet(f func() tea.Cmd) tea.Cmd {
	if t.fw != nil && t.fw.busy {
		t.waiting = f
		return nil
	}
	return f()
}

// stop gives the screen back, lets the host stop the program, then takes
// the screen again and repaints it whole: the shell drew over it meanwhile.
func (t *Terminal) stop() tea.Cmd {
	if _, err := io.WriteString(t.out, leaveScreen); err != nil {
		t.err = err
		return tea.Quit
	}
	t.suspend()
	return t.retake()
}

// retake sets the screen modes again and repaints everything.
func (t *Terminal) retake() tea.Cmd {
	if _, err := io.WriteString(t.out, enterScreen); err != nil {
		t.err = err
		return tea.Quit
	}
	t.p.full = true
	return t.paint()
}

// View is empty: the painter has already drawn the frame.
func (t *Terminal) View() string { return "" }
