package model

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// A bracketed paste outside the / prompt changes nothing and says why;
// inside the prompt it is the expression's text. (Without bracketed paste a
// paste is keys: TestPastedKeysAreHandledInOrder.)
func TestBracketedPasteIsText(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("see the new wiki page: w2s q"), Paste: true})
	if cmd != nil || m.racers[0].p.Step != 0 || m.land().Name != "bowl" || m.quitting {
		t.Fatalf("a paste acted as keys: cmd %v, step %d, landscape %s", cmd != nil, m.racers[0].p.Step, m.land().Name)
	}
	if !strings.Contains(m.note, "paste ignored") {
		t.Fatalf("note %q; want it to say the paste was ignored", m.note)
	}
	press(m, "/")
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x^2 + 3*y^2"), Paste: true})
	if got := m.expr.field.Value(); got != "x^2 + 3*y^2" {
		t.Fatalf("pasted into the prompt: %q", got)
	}
}

// runSession runs a bowl simulator at 100×30 over a pipe; it returns the
// keyboard, the screen and Run's result. (The model is read only after Run
// returns.)
func runSession(t *testing.T, s Session) (*io.PipeWriter, *screenBuffer, chan error, *Model) {
	t.Helper()
	in, w := io.Pipe()
	t.Cleanup(func() { w.Close() })
	screen := &screenBuffer{}
	sizes := make(chan Size, 1)
	sizes <- Size{Width: 100, Height: 30}
	s.In, s.Sizes, s.Profile, s.Dark = in, sizes, termenv.Ascii, true
	if s.Out == nil {
		s.Out = screen
	}
	done := make(chan error, 1)
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl")
	go func() { done <- Run(context.Background(), s, m) }()
	return w, screen, done, m
}

func wait(t *testing.T, done chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not end")
		return nil
	}
}

// The screen modes include bracketed paste, and a paste through the
// session's input (ESC [200~ … ESC [201~) is one ignored message: the q in
// it does not quit, and the program ends only on a typed q.
func TestSessionBracketedPaste(t *testing.T) {
	if !strings.Contains(enterScreen, "\x1b[?2004h") || !strings.Contains(leaveScreen, "\x1b[?2004l") {
		t.Fatal("bracketed paste is not set with the screen and reset when leaving it")
	}
	keys, screen, done, m := runSession(t, Session{})
	eventually(t, "the first frame", func() bool { return strings.Contains(screen.String(), "step 0") })
	io.WriteString(keys, "\x1b[200~nnn q w\x1b[201~")
	eventually(t, "the note", func() bool { return strings.Contains(screen.String(), "paste ignored") })
	io.WriteString(keys, "nq")
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	if out := screen.String(); m.racers[0].p.Step != 1 || !strings.HasSuffix(out, leaveScreen) {
		t.Errorf("after the paste and n: step %d (want 1), screen ends %q", m.racers[0].p.Step, out[max(0, len(out)-40):])
	}
}

// ctrl+z and the host's Stop leave the screen, call Suspend, then take the
// screen again and repaint it whole; Continued repaints without stopping.
// Without Suspend, ctrl+z does nothing.
func TestSessionSuspendAndResume(t *testing.T) {
	var mu sync.Mutex
	var atSuspend []string
	var screen *screenBuffer
	suspend := func() {
		mu.Lock()
		defer mu.Unlock()
		atSuspend = append(atSuspend, screen.String())
	}
	events := make(chan HostEvent)
	sb := &screenBuffer{}
	screen = sb
	keys, _, done, _ := runSession(t, Session{Out: sb, Suspend: suspend, Events: events})
	eventually(t, "the first frame", func() bool { return strings.Contains(sb.String(), "step 0") })
	for i, how := range []string{"ctrl+z", "Stop"} {
		before := len(sb.String())
		if how == "ctrl+z" {
			io.WriteString(keys, "\x1a")
		} else {
			events <- Stop
		}
		eventually(t, "the suspend", func() bool { mu.Lock(); defer mu.Unlock(); return len(atSuspend) == i+1 })
		eventually(t, "the repaint", func() bool { return strings.Contains(sb.String()[before:], "step 0") })
		mu.Lock()
		got := atSuspend[i][before:]
		mu.Unlock()
		if got != leaveScreen {
			t.Errorf("%s: wrote %q before suspending, want the screen given back", how, got)
		}
		after := sb.String()[len(atSuspend[i]):]
		if !strings.HasPrefix(after, enterScreen+"\x1b[2J") && !strings.HasPrefix(after, enterScreen) {
			t.Errorf("%s: after resuming wrote %q, want the screen modes again", how, after[:min(40, len(after))])
		}
	}
	before := len(sb.String())
	events <- Continued
	eventually(t, "a whole repaint", func() bool {
		s := sb.String()[before:]
		return strings.HasPrefix(s, enterScreen) && strings.Contains(s, "step 0") && strings.Contains(s, "bowl")
	})
	io.WriteString(keys, "q")
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}

	// No Suspend: ctrl+z is a key the simulator ignores.
	keys, screen2, done, m := runSession(t, Session{})
	eventually(t, "the first frame", func() bool { return strings.Contains(screen2.String(), "step 0") })
	io.WriteString(keys, "\x1anq")
	if err := wait(t, done); err != nil {
		t.Fatal(err)
	}
	if strings.Count(screen2.String(), leaveScreen) != 1 || m.racers[0].p.Step != 1 {
		t.Errorf("ctrl+z without Suspend: left the screen %d times, step %d; want 1 (at the end) and 1", strings.Count(screen2.String(), leaveScreen), m.racers[0].p.Step)
	}
}

// A panic in the simulator's Update is recovered with its value and stack
// and ends the program; the Terminal keeps it for Run to return (as a
// *PanicError wrapping ErrCrashed) once the screen is given back, since a
// trace printed on the alternate screen is erased by leaving it.
func TestTerminalKeepsAPanicsTrace(t *testing.T) {
	var broken *Model // nil: its Update panics
	term := NewTerminal(broken, io.Discard)
	tm, cmd := term.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if tm != term || cmd == nil || cmd() != tea.Quit() {
		t.Fatalf("after a panic: model %v, cmd %v; want the terminal and a quit", tm, cmd)
	}
	var err error = term.panic
	var pe *PanicError
	if !errors.As(err, &pe) || !errors.Is(err, ErrCrashed) || !strings.Contains(fmt.Sprint(pe.Value), "nil pointer") ||
		!strings.Contains(string(pe.Stack), "TestTerminalKeepsAPanicsTrace") {
		t.Fatalf("kept %v; want a PanicError with the value and this test in its stack", err)
	}
	if !strings.Contains(err.Error(), "goroutine") {
		t.Errorf("the error's text has no trace: %q", err.Error())
	}
	// Nothing runs after it.
	if _, cmd := term.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")}); cmd == nil || cmd() != tea.Quit() {
		t.Error("a key after the panic did not quit")
	}
}

// A failed read of the input ends Run with that error, not bubbletea's
// "program was killed" around it (bubbletea says "error reading input: …").
func TestSessionReadErrorIsReturned(t *testing.T) {
	gone := errors.New("read /dev/pts/9: input/output error")
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl")
	err := Run(context.Background(), Session{In: iotest.ErrReader(gone), Out: io.Discard}, m)
	if !errors.Is(err, gone) || strings.Contains(err.Error(), "killed") {
		t.Fatalf("Run returned %v; want %v without 'program was killed'", err, gone)
	}
}
