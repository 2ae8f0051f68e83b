package model

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/settings"
)

// slowLink is the far end of a link of rate bytes a second with no buffer
// (an io.Pipe: a write returns only once it has been read): it reads what
// the session writes no faster than that and keeps it, as a terminal
// behind a slow connection would receive it.
type slowLink struct {
	mu  sync.Mutex
	got []byte
}

func (l *slowLink) read(r io.Reader, rate float64) {
	start, total := time.Now(), 0
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		l.mu.Lock()
		l.got = append(l.got, buf[:n]...)
		l.mu.Unlock()
		if err != nil {
			return
		}
		total += n
		if wait := time.Duration(float64(total)/rate*float64(time.Second)) - time.Since(start); wait > 0 {
			time.Sleep(wait)
		}
	}
}

func (l *slowLink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.got)
}

// raceSession runs a true-colour race on rosenbrock at 200×60 writing to out.
func raceSession(t *testing.T, out io.Writer) (m *Model, keys *io.PipeWriter, done chan error) {
	t.Helper()
	cfg, err := settings.Parse([]string{"--landscape", "rosenbrock", "--race"})
	if err != nil {
		t.Fatal(err)
	}
	if m, err = New(cfg, NewStyles(termenv.TrueColor, true)); err != nil {
		t.Fatal(err)
	}
	in, keys := io.Pipe()
	sizes := make(chan Size, 1)
	sizes <- Size{Width: 200, Height: 60}
	done = make(chan error, 1)
	go func() {
		done <- Run(context.Background(), Session{In: in, Out: out, Sizes: sizes, Profile: termenv.TrueColor, Dark: true}, m)
	}()
	return m, keys, done
}

// Behind a 50 KB/s link (a slow SSH connection) the simulation keeps its
// pace: frames the link cannot carry are dropped, not waited for. A race
// behind such a link and one on a fast terminal play side by side, under
// the same load, for the same time; the slow one makes at least 90 % of
// the fast one's steps (counted by the model, not read off the screen;
// when frames were written inside Update it made 37 %). Then a pause
// reaches the slow screen within 0.3 s: the frame in flight lands, and the
// next one is the paused screen, not a backlog.
func TestSlowTerminalDoesNotSlowTheSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("plays for seconds")
	}
	var fast screenBuffer
	fastModel, fastKeys, fastDone := raceSession(t, &fast)
	pr, pw := io.Pipe()
	var slow slowLink
	go slow.read(pr, 50_000)
	slowModel, slowKeys, slowDone := raceSession(t, pw)

	// The first frame is a full repaint: about 70 kB, 1.4 s at 50 kB/s.
	eventually(t, "the fast screen's first frame", func() bool { return len(fast.String()) > 10_000 })
	eventually(t, "the slow screen's first frame", func() bool { return strings.Contains(screenText(slow.String(), 200, 60), "paused") })
	io.WriteString(fastKeys, " ")
	io.WriteString(slowKeys, " ")
	time.Sleep(2 * time.Second)
	f, s := fastModel.StepsPlayed(), slowModel.StepsPlayed()
	t.Logf("in 2 s: %d steps behind a fast terminal, %d behind 50 kB/s (%.0f %%); %d bytes reached the slow screen",
		f, s, 100*float64(s)/float64(f), len(slow.String()))
	if f < 1000 {
		t.Fatalf("the fast race made %d steps in 2 s at 1200 steps/s", f)
	}
	if s*10 < f*9 {
		t.Errorf("behind a 50 kB/s link the race made %d steps, under 90 %% of the %d it made on a fast terminal", s, f)
	}

	before := len(slow.String())
	io.WriteString(slowKeys, " ")
	pressed := time.Now()
	var took time.Duration
	for {
		got := slow.String()
		if len(got) > before && strings.Contains(screenText(got, 200, 60), "‖ paused") {
			took = time.Since(pressed)
			break
		}
		if time.Since(pressed) > 5*time.Second {
			t.Fatal("the pause never reached the slow screen")
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("pause on the slow screen after %v", took)
	if took > 300*time.Millisecond {
		t.Errorf("the pause reached the slow screen after %v, over 0.3 s", took)
	}

	io.WriteString(fastKeys, "q")
	io.WriteString(slowKeys, "q")
	for _, d := range []chan error{fastDone, slowDone} {
		select {
		case err := <-d:
			if err != nil {
				t.Errorf("q: Run returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("q did not end Run")
		}
	}
	pw.Close()
}
