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
