package model

import (
	"math"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// On the ravine (λ = 1 and 20) the panel's measured contraction must agree
// with the predicted max|σ| once transients have died, in every regime.
func TestMeasuredContractionMatchesPrediction(t *testing.T) {
	cases := []struct {
		eta, mu float64
		regime  sim.Regime // of the slower (dominant) direction
	}{
		{0.05, 0.7, sim.Underdamped},
		{0.08, 0.6, sim.Underdamped},
		{0.02, 0.9, sim.Underdamped},
		{0.01, 0.05, sim.Overdamped},
		{0.04, 0.1, sim.Overdamped},
	}
	for _, c := range cases {
		p := sim.ParamsFor(c.eta, c.mu, 0.1)
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "damped",
			"--dt", g(p.Dt), "--mass", g(p.Mass), "--friction", g(p.Friction))
		m.SetSize(100, 30)
		m.Advance(400)
		modes := sim.Modes(sim.Damped, m.tuning.Physical, m.land().Hess(m.Racers()[0].Pos))
		want, slow := modes[0].Contraction, modes[0]
		if modes[1].Contraction > want {
			want, slow = modes[1].Contraction, modes[1]
		}
		if slow.Regime != c.regime {
			t.Fatalf("η %v μ %v: dominant direction is %v, the case expects %v", c.eta, c.mu, slow.Regime, c.regime)
		}
		sys := m.system(m.racers[0])
		got, _, ok := m.racers[0].meter.Rate(&sys)
		if !ok || math.Abs(got-want) > 0.03*want {
			t.Errorf("η %v μ %v (%v): measured ρ %v, predicted %v", c.eta, c.mu, c.regime, got, want)
		}
	}
}

func TestSnapToPolyakOptimalOnRavine(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Flow)
	press(m, "o")
	p := m.tuning.For(sim.Damped)
	k := 20.0
	wantEta := 4 / math.Pow(1+math.Sqrt(20), 2)
	wantMu := math.Pow((math.Sqrt(k)-1)/(math.Sqrt(k)+1), 2)
	if math.Abs(p.LR()-wantEta) > 1e-12*wantEta || math.Abs(p.Momentum()-wantMu) > 1e-12 {
		t.Fatalf("after o: η %v μ %v, want Polyak's %v, %v", p.LR(), p.Momentum(), wantEta, wantMu)
	}
	if m.racers[0].method != sim.Damped {
		t.Fatal("snapping did not switch the particle to the damped ball")
	}
	if p.Dt != m.land().Dt {
		t.Fatalf("snapping changed Δt to %v; it should keep it", p.Dt)
	}
	// Both directions end up critically damped at (√κ−1)/(√κ+1).
	for _, md := range sim.Modes(sim.Damped, p, m.land().Hess(m.Racers()[0].Pos)) {
		if md.Regime != sim.Critical || math.Abs(md.Contraction-(math.Sqrt(k)-1)/(math.Sqrt(k)+1)) > 1e-9 {
			t.Fatalf("direction λ = %v: %v with ρ %v", md.Lambda, md.Regime, md.Contraction)
		}
	}
}

func TestSnapToCriticalGivesADoubleRoot(t *testing.T) {
	for _, name := range []string{"ravine", "bowl", "rosenbrock", "beale", "camel"} {
		m := newTestModel(t, name, sim.Damped)
		m.Advance(3)
		press(m, "k")
		p := m.tuning.For(sim.Damped)
		// The flattest direction critical, or past Polyak's η the stiff one
		// (see sim.Tuning.SnapCritical).
		modes := sim.Modes(sim.Damped, p, m.land().Hess(m.Racers()[0].Pos))
		if modes[0].Regime != sim.Critical && modes[1].Regime != sim.Critical {
			t.Errorf("%s: after k the directions are %v and %v (%q), want one critical", name, modes[0].Regime, modes[1].Regime, m.note)
		}
	}
}

func TestSnapExplainsWhyNotOnASaddle(t *testing.T) {
	// On the saddle point, where λ1 = −1.
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "saddle", "--method", "damped", "--start", "0,0")
	m.SetSize(100, 30)
	before := m.tuning
	press(m, "o")
	if m.tuning != before {
		t.Fatal("snapping changed the parameters where there is no minimum")
	}
	if !strings.Contains(m.View(), "curves down") {
		t.Fatal("the panel does not say why Polyak's tuning does not apply here")
	}
}
