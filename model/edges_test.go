package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// Parameters at the edges of what the flags accept: the simulator shows a
// diverged particle or keeps going, never panics, never freezes (every run
// below is a bounded number of ticks), and every frame fits.
func TestNumbersAtTheEdges(t *testing.T) {
	params := []sim.Params{
		{Dt: 1e-12, Mass: 1, Friction: 1},
		{Dt: 1e6, Mass: 1, Friction: 1},
		{Dt: 0.1, Mass: 1e-300, Friction: 0},
		{Dt: 0.1, Mass: 1e300, Friction: 1e300},
		{Dt: 0.1, Mass: 1, Friction: 1e300},
		{Dt: 1e6, Mass: 1e-300, Friction: 0},
	}
	starts := []landscapes.Vec{{X: 1e300, Y: -1e300}, {X: -1e-300, Y: 0}, {X: 3e153, Y: 1}}
	for _, name := range []string{"bowl", "rosenbrock", "rastrigin", "plateau"} {
		for _, p := range params {
			args := []string{"--landscape", name, "--method", "damped", "--dt", g(p.Dt), "--mass", g(p.Mass), "--friction", g(p.Friction)}
			if _, err := settings.Parse(args); err != nil {
				continue // beyond what the flags accept: no simulator runs it
			}
			for _, race := range []bool{false, true} {
				m := newSim(t, NewStyles(termenv.Ascii, true), args...)
				m.SetSize(100, 30)
				if race {
					press(m, "c")
				}
				press(m, " ")
				fullSpeed(m)
				for i := 0; i < 20 && m.Playing(); i++ {
					m.Update(tickMsg{gen: m.gen})
					checkFrame(t, m.View(), 100, 30)
				}
				for _, r := range m.racers {
					if r.on && !r.p.Diverged && !r.p.Finite() {
						t.Fatalf("%s %+v: %v is not finite yet not marked diverged", name, p, r.method)
					}
				}
			}
		}
		for _, s := range starts {
			args := []string{"--landscape", name, "--method", "heavy", "--start", g(s.X) + "," + g(s.Y)}
			l, err := landscapes.ByName(name)
			if err != nil {
				t.Fatal(err)
			}
			p0 := sim.NewParticle(l, s)
			if _, err := settings.Parse(args); p0.Diverged || err != nil {
				// Where f or ∇f is not finite nothing can start: the flags
				// refuse it, and a click there is refused too.
				if !p0.Diverged || err == nil {
					t.Fatalf("%s from %v: f or ∇f not finite %v, yet the flags say %v", name, s, p0.Diverged, err)
				}
				continue
			}
			m := newSim(t, NewStyles(termenv.Ascii, true), args...)
			m.SetSize(100, 30)
			m.Advance(100)
			v := m.View()
			checkFrame(t, v, 100, 30)
			if r := m.racers[0]; r.p.Diverged && !strings.Contains(v, "diverged") {
				t.Fatalf("%s from %v: diverged but the frame does not say so", name, s)
			}
		}
	}
}

// A landscape that is not finite over part of the view renders those cells
// as such, and a particle that walks into them stops with "diverged at step
// K". Each cell is checked against f at its two half-cell samples, computed
// here: where either is NaN or −∞ the cell shows '?' (or a mark drawn over
// it); where either is +∞, and neither NaN nor −∞, the highest band, a wall;
// where both are finite, never '?'. Every case has cells of its kind, so
// the check cannot pass vacuously.
func TestNonFiniteRegionsRender(t *testing.T) {
	square := landscapes.Rect{XMin: -3, XMax: 3, YMin: -3, YMax: 3}
	cases := []struct {
		src   string
		view  landscapes.Rect
		start landscapes.Vec
		// wall: f is +∞ over part of the view, and nowhere NaN or −∞.
		wall bool
		// diverges: the ball rolls downhill into the non-finite part.
		diverges bool
	}{
		// NaN for x < 0; f → −∞ as x → 0+, so the ball runs there.
		{"log(x) + y^2", square, landscapes.Vec{X: 2, Y: 2}, false, true},
		// NaN where x and y differ in sign; the ball descends to an axis
		// and steps across it.
		{"sqrt(x*y)", square, landscapes.Vec{X: 2, Y: 1}, false, true},
		// NaN inside the unit disc, f → −∞ at its rim from outside.
		{"-1/sqrt(x^2 + y^2 - 1)", square, landscapes.Vec{X: 2, Y: 2}, false, true},
		// exp overflows to +∞ for x > 709/50: a wall on the right, which
		// the ball rolls away from and never reaches.
		{"exp(50*x) + y^2", landscapes.Rect{XMin: -10, XMax: 20, YMin: -3, YMax: 3}, landscapes.Vec{X: 1, Y: 2}, true, false},
	}
	for _, c := range cases {
		t.Run(c.src, func(t *testing.T) {
			l, err := expr.NewLandscape(c.src, c.view, nil)
			if err != nil {
				t.Fatal(err)
			}
			v := c.view
			m := newSim(t, NewStyles(termenv.Ascii, true), "--expr", c.src,
				"--bounds", fmt.Sprintf("%v,%v,%v,%v", v.XMin, v.XMax, v.YMin, v.YMax),
				"--start", fmt.Sprintf("%v,%v", c.start.X, c.start.Y),
				"--method", "damped", "--dt", "0.1", "--mass", "1", "--friction", "1")
			m.SetSize(100, 30)
			frame := m.View()
			checkFrame(t, frame, 100, 30)
			lines := strings.Split(frame, "\n")
			f := m.field.contours
			var unknown, walls int
			for row := range f.rows {
				glyphs := []rune(lines[row])
				for col := range f.cols {
					top, bot := l.F(f.samplePoint(col, 2*row)), l.F(f.samplePoint(col, 2*row+1))
					nan := math.IsNaN(top) || math.IsNaN(bot) || math.IsInf(top, -1) || math.IsInf(bot, -1)
					inf := math.IsInf(top, 1) || math.IsInf(bot, 1)
					g := string(glyphs[col])
					ramp := slices.Contains(asciiRamp, g)
					switch {
					case nan && ramp:
						t.Fatalf("cell (%d, %d): f is %v, %v there but the cell shows %q, not '?'", col, row, top, bot, g)
					case nan:
						unknown++
					case inf && ramp && g != asciiRamp[len(asciiRamp)-1]:
						t.Fatalf("cell (%d, %d): f is %v, %v there but the cell shows %q, not the highest band", col, row, top, bot, g)
					case inf:
						walls++
					case g == "?":
						t.Fatalf("cell (%d, %d): f is %v, %v there, finite, but the cell shows '?'", col, row, top, bot)
					}
				}
			}
			if c.wall && (walls == 0 || unknown != 0) || !c.wall && unknown == 0 {
				t.Fatalf("%d cells where f is NaN or −∞, %d where it is +∞; the view was chosen to show its non-finite part", unknown, walls)
			}

			m.Advance(5000)
			r := m.Racers()[0]
			frame = m.View()
			checkFrame(t, frame, 100, 30)
			if !c.diverges {
				if r.Diverged || strings.Contains(frame, "diverged") {
					t.Fatalf("diverged at step %d, at %v; the ball should roll away from the wall", r.Step, r.Pos)
				}
				return
			}
			if !r.Diverged || r.Step == 0 {
				t.Fatalf("after 5000 steps: diverged %v at step %d, at %v with f %v", r.Diverged, r.Step, r.Pos, r.F)
			}
			// The particle stops at its last finite state; the next step of
			// the damped law (Δt 0.1, m 1, ε 1: v ← 0.9·v − 0.1·∇f, then
			// x ← x + 0.1·v) lands where f or ∇f is not finite, and the frame
			// names that step.
			if !r.Finite() {
				t.Fatalf("stopped at a state that is not finite: %+v", r.Particle)
			}
			vel := r.Vel.Scale(0.9).Sub(r.Grad.Scale(0.1))
			next := r.Pos.Add(vel.Scale(0.1))
			if fn := l.F(next); !math.IsNaN(fn) && !math.IsInf(fn, 0) && l.Grad(next).IsFinite() {
				t.Fatalf("stopped at step %d at %v, but the next step, to %v, is finite (f %v)", r.Step, r.Pos, next, fn)
			}
			if want := fmt.Sprintf("diverged at step %d", r.Step+1); !strings.Contains(frame, want) {
				t.Fatalf("the frame does not say %q:\n%s", want, frame)
			}
		})
	}
}
