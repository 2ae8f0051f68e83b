package model

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
)

// screenBuffer is a session's screen as bytes, safe to read while Run writes.
type screenBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screenBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(b)
}

func (s *screenBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	// The deadline only bounds a hang: a loaded machine running the race
	// detector may take seconds for what takes milliseconds alone.
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func bowlSettings(t *testing.T) settings.Settings {
	t.Helper()
	s, err := settings.Parse([]string{"--landscape", "bowl", "--method", "damped"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Two simulators built from one Settings run at once in one process, each
// over its own pipes, sizes and sink: keys typed in one never show in the
// other, each paints its own screen, exports go to its own sink, and q ends
// each with nil and the screen given back. Run under -race, this is what a
// server with many sessions relies on.
func TestTwoSessionsRunConcurrently(t *testing.T) {
	cfg := bowlSettings(t)
	type session struct {
		keys   string // typed before w
		want   string // the export's name
		in     *io.PipeWriter
		screen screenBuffer
		sink   memSink
		sizes  chan Size
		err    chan error
	}
	sessions := []*session{
		{keys: "nnn", want: "momentum-bowl-step3.csv"},
		{keys: "\tnnnnn", want: "momentum-ravine-step5.csv"},
	}
	for _, s := range sessions {
		in, w := io.Pipe()
		s.in, s.sizes, s.err = w, make(chan Size, 1), make(chan error, 1)
		s.sizes <- Size{Width: 100, Height: 30}
		sess := Session{In: in, Out: &s.screen, Sizes: s.sizes, Profile: termenv.TrueColor, Dark: true, Export: &s.sink}
		m, err := New(cfg, NewStyles(termenv.Ascii, true))
		if err != nil {
			t.Fatal(err)
		}
		go func() { s.err <- Run(context.Background(), sess, m) }()
	}
	if landscapes.All()[0].Name != "bowl" || landscapes.All()[1].Name != "ravine" {
		t.Fatal("the test assumes bowl, then ravine, in the catalog")
	}
	var wg sync.WaitGroup
	for _, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.WriteString(s.in, s.keys+"w")
		}()
	}
	wg.Wait()
	for _, s := range sessions {
		eventually(t, "the export "+s.want, func() bool {
			s.sink.mu.Lock()
			defer s.sink.mu.Unlock()
			return len(s.sink.names) == 1
		})
		if s.sink.names[0] != s.want {
			t.Errorf("typed %q then w: exported %s, want %s", s.keys, s.sink.names[0], s.want)
		}
		// The painter sends only changed cells: read the message off the
		// screen the bytes draw.
		eventually(t, "the message", func() bool {
			return strings.Contains(screenText(s.screen.String(), 100, 30), "wrote mem:"+s.want)
		})
		s.sizes <- Size{Width: 120, Height: 40}
		eventually(t, "a repaint at 120×40", func() bool { return strings.Contains(s.screen.String(), "\x1b[40;1H") })
		io.WriteString(s.in, "q")
		select {
		case err := <-s.err:
			if err != nil {
				t.Errorf("q: Run returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("q did not end Run")
		}
		s.in.Close()
		out := s.screen.String()
		if !strings.HasPrefix(out, enterScreen) || !strings.HasSuffix(out, leaveScreen) {
			t.Errorf("the screen is not taken and given back: starts %q, ends %q", out[:min(len(out), 20)], out[max(0, len(out)-20):])
		}
		// The session's profile, not the Config's Ascii, colours the field.
		if !strings.Contains(out, "\x1b[48;2;") {
			t.Error("a true-colour session painted no true-colour backgrounds")
		}
	}
}

// failAfter accepts n bytes, then fails every write: a terminal that went away.
type failAfter struct {
	mu sync.Mutex
	n  int
}

var errGone = errors.New("the terminal went away")

func (w *failAfter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(b) > w.n {
		return 0, errGone
	}
	w.n -= len(b)
	return len(b), nil
}

// A screen that cannot be written ends Run with the write's error, and
// cancelling the context ends it with nil.
func TestRunEndsOnWriteErrorAndOnCancel(t *testing.T) {
	cfg := bowlSettings(t)
	in, w := io.Pipe()
	defer w.Close()
	sizes := make(chan Size, 1)
	sizes <- Size{Width: 100, Height: 30}
	done := make(chan error, 1)
	gone := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl")
	go func() {
		done <- Run(context.Background(), Session{In: in, Out: &failAfter{n: len(enterScreen) + 100}, Sizes: sizes}, gone)
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errGone) {
			t.Fatalf("Run returned %v, want the write error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a failed write did not end Run")
	}

	ctx, cancel := context.WithCancel(context.Background())
	in2, w2 := io.Pipe()
	defer w2.Close()
	var screen screenBuffer
	m, err := New(cfg, NewStyles(termenv.Ascii, true))
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- Run(ctx, Session{In: in2, Out: &screen, Sizes: sizes}, m) }()
	sizes <- Size{Width: 100, Height: 30}
	eventually(t, "the first frame", func() bool { return len(screen.String()) > 1000 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("cancelled: Run returned %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("cancelling the context did not end Run")
	}
	if !strings.HasSuffix(screen.String(), leaveScreen) {
		t.Error("a cancelled session did not give the screen back")
	}
}
