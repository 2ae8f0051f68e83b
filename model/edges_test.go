package model

import (
	"math"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
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
			for _, race := range []bool{false, true} {
				m := newTestModel(t, name, sim.Damped)
				tun := sim.Tuning{Physical: p}
				m.tuning = tun
				if race {
					press(m, "c")
					m.tuning = tun
				}
				press(m, " ")
				m.sps = maxSPS
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
			m := newTestModel(t, name, sim.Heavy)
			m.start = s
			m.reset()
			m.Advance(100)
			v := m.View()
			checkFrame(t, v, 100, 30)
			if r, p0 := m.racers[0], sim.NewParticle(m.land(), s); p0.Diverged && (!r.p.Diverged || r.p.Step != 0) {
				t.Fatalf("%s from %v, where f or ∇f is not finite: diverged %v at step %d", name, s, r.p.Diverged, r.p.Step)
			}
			if r := m.racers[0]; r.p.Diverged && !strings.Contains(v, "diverged") {
				t.Fatalf("%s from %v: diverged but the frame does not say so", name, s)
			}
		}
	}
}

// A landscape that is not finite over part of the view renders those cells
// as such ('?' without colour) and a particle that walks into them stops
// with "diverged".
func TestNonFiniteRegionsRender(t *testing.T) {
	for _, src := range []string{"log(x) + y^2", "1/(x^2 + y^2 - 1)", "exp(50*x) + y^2", "sqrt(x*y)"} {
		l, err := expr.NewLandscape(src, landscapes.Rect{XMin: -3, XMax: 3, YMin: -3, YMax: 3}, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := newSim(t, NewStyles(termenv.Ascii, true), "--expr", src, "--bounds", "-3,3,-3,3", "--start", "2,2")
		m.SetSize(100, 30)
		v := m.View()
		checkFrame(t, v, 100, 30)
		nan := math.IsNaN(l.F(landscapes.Vec{X: -2, Y: 1})) || math.IsNaN(l.F(landscapes.Vec{X: -2, Y: 2}))
		if nan && !strings.Contains(v, "?") {
			t.Errorf("%s: NaN over part of the view but no '?' cells", src)
		}
		m.tuning.Physical.Dt = 0.5
		press(m, " ")
		m.sps = maxSPS
		for i := 0; i < 30 && m.Playing(); i++ {
			m.Update(tickMsg{gen: m.gen})
			checkFrame(t, m.View(), 100, 30)
		}
	}
}
