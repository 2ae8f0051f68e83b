package model

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// Golden frames pin the layout with colour off; `go test ./model -update`
// rewrites them after a deliberate change (look at the diff before committing).
func TestGoldenFrames(t *testing.T) {
	cases := []struct {
		name      string
		landscape string
		method    sim.Method
		steps     int
		w, h      int
		keys      []string
	}{
		{"bowl-start", "bowl", sim.Damped, 0, 100, 30, nil},
		{"ravine-flow-zigzag", "ravine", sim.Flow, 12, 100, 30, nil},
		{"rosenbrock-damped", "rosenbrock", sim.Damped, 800, 120, 36, nil},
		{"plateau-heavy", "plateau", sim.Heavy, 150, 90, 28, nil},
		{"camel-full-help", "camel", sim.Damped, 60, 80, 24, []string{"?"}},
		{"camel-full-help-60x16", "camel", sim.Damped, 60, 60, 16, []string{"?"}},
		// The methods with their own panels: Nesterov's roots and region,
		// Adam's per-coordinate step.
		{"ravine-nesterov", "ravine", sim.Nesterov, 12, 100, 34, nil},
		{"ravine-adam", "ravine", sim.Adam, 12, 100, 34, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newTestModel(t, c.landscape, c.method)
			m.SetSize(c.w, c.h)
			m.Advance(c.steps)
			press(m, c.keys...)
			v := m.View()
			checkFrame(t, v, c.w, c.h)
			golden.RequireEqual(t, v)
		})
	}
}

// The screens a newcomer meets, at the sizes terminals open at: the first
// screen (no flags), a race, a lesson, each a few steps in.
func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name  string
		args  []string
		steps int
		keys  []string
	}{
		{"first", nil, 0, nil},
		{"race", []string{"--race", "--landscape", "rosenbrock"}, 300, nil},
		{"lesson", []string{"--scenario", "ravine"}, 40, nil},
		{"explain", nil, 30, []string{"i"}},
		{"explain-last", []string{"--landscape", "rosenbrock"}, 300, []string{"i", " ", " ", " ", " "}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
			w, h := size[0], size[1]
			t.Run(sc.name+"-"+strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
				m := newSim(t, NewStyles(termenv.Ascii, true), sc.args...)
				m.SetSize(w, h)
				m.Advance(sc.steps)
				press(m, sc.keys...)
				v := m.View()
				checkFrame(t, v, w, h)
				golden.RequireEqual(t, v)
			})
		}
	}
}

// One run through a real tea.Program: play, switch method, quit.
func TestSmokePlaySwitchQuit(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	tm.Send(keyMsg(" "))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("playing")) },
		teatest.WithDuration(3*time.Second))
	tm.Send(keyMsg("1"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("gradient flow")) },
		teatest.WithDuration(3*time.Second))
	// Quit once a tick has stepped the ball (on a loaded machine the q
	// could otherwise overtake the first tick).
	stepped := regexp.MustCompile(`step [1-9]`)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return stepped.Match(b) },
		teatest.WithDuration(3*time.Second))
	tm.Send(keyMsg("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second)).(*Model)
	if final.racers[0].method != sim.Flow || final.racers[0].p.Step == 0 {
		t.Fatalf("final: method %v at step %d; want gradient flow after some steps", final.racers[0].method, final.racers[0].p.Step)
	}
	if !strings.Contains(final.View(), "gradient flow") {
		t.Fatal("the final frame does not name gradient flow")
	}
}

// The same frame in every colour profile: true colour, 256 colours, 16
// colours (a hand-picked band ramp rather than nearest-colour mush) and none
// (shade characters), as NO_COLOR or TERM=dumb get.
func TestGoldenProfiles(t *testing.T) {
	for _, p := range []struct {
		name    string
		profile termenv.Profile
	}{{"truecolor", termenv.TrueColor}, {"ansi256", termenv.ANSI256}, {"ansi16", termenv.ANSI}, {"none", termenv.Ascii}} {
		t.Run(p.name, func(t *testing.T) {
			m := newSim(t, NewStyles(p.profile, true), "--landscape", "bowl", "--method", "heavy")
			m.SetSize(80, 24)
			m.Advance(25)
			v := m.View()
			checkFrame(t, v, 80, 24)
			if hasEsc := strings.Contains(v, "\x1b["); hasEsc != (p.profile != termenv.Ascii) {
				t.Fatalf("escapes in the frame: %v", hasEsc)
			}
			golden.RequireEqual(t, v)
		})
	}
}
