package model

import (
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// TestGhostIsTheODE: on the ravine (x² + 20y²)/2 the flow ghost, read at
// the ball's time kΔt, is x0·e^(−λt/ε) per coordinate, whatever the ball
// does; the heavy ghost is x0·cos(√(λ/m)·t).
func TestGhostIsTheODE(t *testing.T) {
	for _, c := range []struct {
		meth sim.Method
		want func(x0, lambda, tt float64, p sim.Params) float64
	}{
		{sim.Flow, func(x0, l, tt float64, p sim.Params) float64 { return x0 * math.Exp(-l*tt/p.Friction) }},
		{sim.Heavy, func(x0, l, tt float64, p sim.Params) float64 { return x0 * math.Cos(math.Sqrt(l/p.Mass)*tt) }},
	} {
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", c.meth.Name(), "--ghost")
		m.SetSize(100, 30)
		m.Advance(40)
		r := m.racers[0]
		p := m.tuning.For(c.meth)
		x0, y0 := m.start.X, m.start.Y
		got := r.ghost.at.Pos
		if wx, wy := c.want(x0, 1, r.p.Time, p), c.want(y0, 20, r.p.Time, p); math.Abs(got.X-wx) > 1e-8 || math.Abs(got.Y-wy) > 1e-8 {
			t.Errorf("%s ghost at t = %v: %v, closed form (%v, %v)", c.meth.Name(), r.p.Time, got, wx, wy)
		}
		if !strings.Contains(ansi.Strip(m.View()), "ghost |x − x̃|") {
			t.Errorf("%s: the panel does not show the ghost's distance", c.meth.Name())
		}
	}
}

// TestGhostRidesTheBallAtSmallSteps: the ball is a first-order (flow) or
// second-order accurate discretisation of its ghost, so at a tenth of the
// step the distance shrinks by about 10 or more; at the default step it is
// visible.
func TestGhostRidesTheBallAtSmallSteps(t *testing.T) {
	dist := func(dt string, steps int) float64 {
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl", "--method", "damped", "--dt", dt, "--mass", "1", "--friction", "1", "--ghost")
		m.SetSize(100, 30)
		m.Advance(steps)
		return m.racers[0].ghost.distance(m.racers[0].p.Pos)
	}
	big, small := dist("0.1", 20), dist("0.01", 200) // both at t = 2
	if !(big > 1e-3) || !(small < big/9) {
		t.Errorf("ghost distance at t = 2: %v with Δt 0.1, %v with Δt 0.01; want a visible gap shrinking at least tenfold", big, small)
	}
}

// TestGhostKeyAndLawChanges: h shows and hides the ghost; a change of Δt
// keeps the ghost's path (Δt is not in the ODE), a change of mass goes on
// from where the ghost is.
func TestGhostKeyAndLawChanges(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	if strings.Contains(m.View(), "◌") {
		t.Fatal("ghost drawn before h")
	}
	press(m, "h")
	if !m.ghost {
		t.Fatal("h did not turn the ghost on")
	}
	m.Advance(10)
	tw := m.racers[0].ghost.tw
	press(m, "t") // Δt ÷ 1.25
	m.Advance(10)
	if got := m.racers[0].ghost.tw; got.Law() != tw.Law() || got.Steps < tw.Steps {
		t.Errorf("a change of Δt restarted the ghost's twin")
	}
	before := m.racers[0].ghost.at.Pos
	press(m, "m")
	m.Advance(1)
	after := m.racers[0].ghost.at.Pos
	if d := after.Dist(before); d > 0.5 {
		t.Errorf("the ghost jumped %v at a change of mass", d)
	}
	if m.racers[0].ghost.law.Mass != m.tuning.Physical.Mass {
		t.Errorf("ghost law %+v after the mass changed to %v", m.racers[0].ghost.law, m.tuning.Physical.Mass)
	}
	press(m, "h")
	if m.ghost {
		t.Fatal("h did not turn the ghost off")
	}
}

// TestGhostTurnedOnLateCatchesUp: a ghost turned on mid-run replays the
// run's laws from the start, so it stands where a ghost shown all along
// stands, through a change of mass and of Δt.
func TestGhostTurnedOnLateCatchesUp(t *testing.T) {
	run := func(m *Model) {
		m.Advance(30)
		press(m, "m")
		m.Advance(20)
		press(m, "T")
		m.Advance(25)
	}
	always := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "himmelblau", "--method", "damped", "--ghost")
	always.SetSize(100, 30)
	run(always)
	late := newTestModel(t, "himmelblau", sim.Damped)
	run(late)
	press(late, "h")
	a, b := always.racers[0].ghost.at.Pos, late.racers[0].ghost.at.Pos
	if d := a.Dist(b); d > 1e-9 {
		t.Errorf("ghost turned on late at %v, shown all along at %v (%.3g apart)", b, a, d)
	}
}

// BenchmarkFrameGhost is BenchmarkFrame/200x60 (a tick with 40 steps × 3
// racers on rosenbrock, then View) with the ghosts on: each step also
// reads the twin, integrated to 1e-10, at the ball's time.
func BenchmarkFrameGhost(b *testing.B) {
	m := benchModel(b, 200, 60)
	press(m, "h")
	b.ReportAllocs()
	for b.Loop() {
		m.Update(tickMsg{gen: m.gen})
		_ = m.View()
	}
}

// TestGhostOfAMethodWithNoODE: a method that discretises no single ODE
// draws no ghost, and the panel says so.
func TestGhostOfAMethodWithNoODE(t *testing.T) {
	for _, meth := range sim.Methods {
		if meth.HasODE() {
			continue
		}
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", meth.Name(), "--ghost")
		m.SetSize(100, 30)
		m.Advance(5)
		view := ansi.Strip(m.View())
		if !strings.Contains(view, "ghost: "+meth.NoGhost()) || strings.Contains(view, "◌") {
			t.Errorf("%s: the panel does not say why it has no ghost, or a ghost is drawn:\n%s", meth.Name(), view)
		}
		// A method whose written law (momentum list) has Δt in it is an
		// equation after all: the panel says why it has no twin, and not
		// that there is no equation.
		if strings.Contains(meth.Law(), "Δt") && (!strings.Contains(meth.NoGhost(), "Δt") || strings.Contains(view, "no single ODE")) {
			t.Errorf("%s: law %q has Δt in it, panel says %q", meth.Name(), meth.Law(), meth.NoGhost())
		}
	}
}

// TestGhostViewAllocatesNoMore: with the ghosts on, View allocates as
// often as without them.
func TestGhostViewAllocatesNoMore(t *testing.T) {
	var counts [2]float64
	for i, on := range []bool{false, true} {
		m := benchModel(t, 200, 60)
		if on {
			press(m, "h")
		}
		counts[i] = testing.AllocsPerRun(50, func() {
			m.frame.stale = true
			_ = m.View()
		})
	}
	if counts[1] > counts[0] {
		t.Errorf("View allocates %v times with the ghosts, %v without", counts[1], counts[0])
	}
}

// TestGhostSwitchesLawAtTheBallsTime: on the bowl |x|²/2 a ghost under
// the damped law m x” + ε x' = −x for five steps, then the flow law
// ε' x' = −x, is the closed form: e^(−αt)(cos ωt + (α/ω) sin ωt)·x0 with
// α = ε/2m, ω = √(1/m − α²) up to t1 = 5Δt, then x(t1)·e^(−(t−t1)/ε').
// Shown all along or turned on late, the law changes at t1, the ball's
// time, not at the end of the integrator's last step past it.
func TestGhostSwitchesLawAtTheBallsTime(t *testing.T) {
	for _, late := range []bool{false, true} {
		args := []string{"--landscape", "bowl", "--method", "damped"}
		if !late {
			args = append(args, "--ghost")
		}
		m := newSim(t, NewStyles(termenv.Ascii, true), args...)
		m.SetSize(100, 30)
		d := m.tuning.For(sim.Damped)
		m.Advance(5)
		t1 := m.racers[0].p.Time
		if math.Abs(t1-5*d.Dt) > 1e-12 {
			t.Fatalf("time after five steps %v, want %v", t1, 5*d.Dt)
		}
		press(m, "1")
		if got := m.racers[0].method; got != sim.Flow {
			t.Fatalf("1 chose %s, want flow", got.Name())
		}
		for n := 1; n <= 3; n++ {
			m.Advance(1)
			if late && n == 3 {
				press(m, "h")
			}
			if late && n < 3 {
				continue
			}
			r := m.racers[0]
			alpha := d.Friction / (2 * d.Mass)
			omega := math.Sqrt(1/d.Mass - alpha*alpha)
			at1 := math.Exp(-alpha*t1) * (math.Cos(omega*t1) + alpha/omega*math.Sin(omega*t1))
			fr := m.tuning.For(sim.Flow).Friction
			k := at1 * math.Exp(-(r.p.Time-t1)/fr)
			want := m.start.Scale(k)
			if got := r.ghost.at.Pos; got.Dist(want) > 1e-8 {
				t.Errorf("late %v, step %d (t = %v): ghost %v, closed form %v (%.3g apart)", late, 5+n, r.p.Time, got, want, got.Dist(want))
			}
			if got, want := r.ghost.distance(r.p.Pos), r.p.Pos.Dist(want); math.Abs(got-want) > 1e-8 {
				t.Errorf("late %v, step %d: |x − x̃| %v, closed form %v", late, 5+n, got, want)
			}
		}
	}
}

// TestGhostFrictionChangeAtTheBallsTime: on the bowl, a friction change
// (e) after five steps switches the damped ghost at t1 = 5Δt: from x(t1),
// x'(t1) of e^(−αt)(cos ωt + (α/ω) sin ωt)·x0, it goes on as
// e^(−α'τ)(x1 cos ω'τ + (v1 + α'x1)/ω' sin ω'τ), τ = t − t1.
func TestGhostFrictionChangeAtTheBallsTime(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl", "--method", "damped", "--ghost")
	m.SetSize(100, 30)
	d := m.tuning.For(sim.Damped)
	m.Advance(5)
	t1 := m.racers[0].p.Time
	press(m, "e")
	d2 := m.tuning.For(sim.Damped)
	if d2.Friction == d.Friction || d2.Mass != d.Mass {
		t.Fatalf("e: friction %v → %v, mass %v → %v", d.Friction, d2.Friction, d.Mass, d2.Mass)
	}
	a, w := d.Friction/(2*d.Mass), math.Sqrt(1/d.Mass-d.Friction*d.Friction/(4*d.Mass*d.Mass))
	e := math.Exp(-a * t1)
	x1 := e * (math.Cos(w*t1) + a/w*math.Sin(w*t1))
	v1 := e * (-(a*a/w + w) * math.Sin(w*t1)) // d/dt of the above
	a2, w2 := d2.Friction/(2*d2.Mass), math.Sqrt(1/d2.Mass-d2.Friction*d2.Friction/(4*d2.Mass*d2.Mass))
	for n := 1; n <= 5; n++ {
		m.Advance(1)
		r := m.racers[0]
		tau := r.p.Time - t1
		k := math.Exp(-a2*tau) * (x1*math.Cos(w2*tau) + (v1+a2*x1)/w2*math.Sin(w2*tau))
		if got, want := r.ghost.at.Pos, m.start.Scale(k); got.Dist(want) > 1e-8 {
			t.Errorf("step %d (t = %v): ghost %v, closed form %v (%.3g apart)", 5+n, r.p.Time, got, want, got.Dist(want))
		}
	}
}
