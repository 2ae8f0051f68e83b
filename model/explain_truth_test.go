package model

import (
	"math"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// ρ is the local quadratic's rate, not the rate at which the ball nears the
// minimum: on rosenbrock at step 64 the damped ball's distance to (1, 1)
// shrinks far slower over the next 64 steps than the slowest ρ says. The
// page must say which it is, not that the distance shrinks at ρ.
func TestExplainRhoIsTheLocalQuadratics(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	m.SetSize(120, 40)
	m.Advance(64)
	r := m.racers[0]
	params := m.tuning.For(sim.Damped)
	modes := sim.Modes(sim.Damped, params, m.scene().land.Hess(r.p.Pos))
	rho := max(modes[0].Contraction, modes[1].Contraction)
	// The distance's own rate, by stepping a copy.
	l, err := landscapes.ByName("rosenbrock")
	if err != nil {
		t.Fatal(err)
	}
	p := r.p
	sys := sim.System{Land: l, Method: sim.Damped, Params: params}
	goal := sim.Vec{X: 1, Y: 1}
	d0 := p.Pos.Dist(goal)
	sys.Advance(&p, 64)
	seen := math.Pow(p.Pos.Dist(goal)/d0, 1.0/64)
	if !(math.Abs(seen-rho) > 0.005) {
		t.Fatalf("ρ %v and the distance's rate %v agree here: pick a case where they do not", rho, seen)
	}
	flat := explainFlat(t, m)
	if strings.Contains(flat, "the distance to the minimum shrinks each step") {
		t.Errorf("the page says the distance to the minimum shrinks at ρ = %v; it shrinks at %v here", rho, seen)
	}
	for _, s := range []string{"of the local quadratic", "only near that minimum"} {
		if !strings.Contains(flat, s) {
			t.Errorf("%q missing\n%s", s, flat)
		}
	}
}

// The frictionless ball's Ẽ is exactly constant only on a quadratic; on
// curved ground it wobbles (himmelblau at its defaults by 0.9 % of its
// height within 20,000 steps, measured here by stepping). The page says so
// and does not call it constant outright.
func TestExplainShadowEnergyIsNearlyKeptOnCurvedGround(t *testing.T) {
	for _, c := range []struct {
		land  string
		exact bool
	}{{"ravine", true}, {"himmelblau", false}} {
		l, err := landscapes.ByName(c.land)
		if err != nil {
			t.Fatal(err)
		}
		params := sim.ParamsOf(l.Defaults)
		sys := sim.System{Land: l, Method: sim.Heavy, Params: params}
		p := sim.NewParticle(l, l.Start)
		e0 := sim.Energy(l, sim.Heavy, params, &p)
		lo, dev := p.F, 0.0
		for range 5000 {
			sys.Advance(&p, 1)
			lo, dev = math.Min(lo, p.F), max(dev, math.Abs(sim.Energy(l, sim.Heavy, params, &p)-e0))
		}
		rel := dev / (e0 - lo)
		if c.exact != (rel < 1e-12) || rel > 0.01 {
			t.Errorf("%s: Ẽ moved by %.3g of its height: the sentence's premise fails", c.land, rel)
		}
		m := newTestModel(t, c.land, sim.Heavy)
		m.SetSize(120, 40)
		flat := explainFlat(t, m)
		if strings.Contains(flat, "constant without friction") {
			t.Errorf("%s: the page calls Ẽ constant without friction; it moved by %.3g of the height", c.land, rel)
		}
		for _, s := range []string{"exactly constant on a quadratic", "kept only nearly", "about 1% of the landscape's height"} {
			if !strings.Contains(flat, s) {
				t.Errorf("%s: %q missing\n%s", c.land, s, flat)
			}
		}
	}
}
