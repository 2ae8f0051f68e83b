package main

import (
	"math"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

// TestRunGhostRows: --ghost adds each method's twin, named <method>-ode,
// at the same steps as its rows, and the twin is the exact ODE: on the
// ravine (x² + 20y²)/2 from rest the closed forms are x0·e^(−λt/ε) for
// flow and x0·cos(√(λ/m)·t) for the heavy ball, and the heavy ball's ODE
// keeps ½m|v|² + f.
func TestRunGhostRows(t *testing.T) {
	out, _ := runOK(t, "run", "--landscape", "ravine", "--method", "flow,heavy,damped", "--steps", "300", "--every", "7", "--ghost",
		"--dt", "0.01", "--mass", "0.5", "--friction", "2")
	order, blocks := byMethod(parseCSV(t, out))
	want := []string{"flow", "flow-ode", "heavy", "heavy-ode", "damped", "damped-ode"}
	if len(order) != len(want) {
		t.Fatalf("methods %v, want %v", order, want)
	}
	for i, name := range want {
		if order[i] != name {
			t.Fatalf("methods %v, want %v", order, want)
		}
	}
	for _, m := range []string{"flow", "heavy", "damped"} {
		ball, ghost := blocks[m], blocks[m+"-ode"]
		if len(ball) != len(ghost) {
			t.Fatalf("%s: %d rows, its ghost %d", m, len(ball), len(ghost))
		}
		for i := range ball {
			if ball[i].step != ghost[i].step {
				t.Fatalf("%s row %d at step %d, ghost at %d", m, i, ball[i].step, ghost[i].step)
			}
		}
		if g := ghost[0]; g.x != -4.5 || g.y != 1.2 {
			t.Errorf("%s-ode starts at (%v, %v), not the ball's start", m, g.x, g.y)
		}
	}
	x0, y0 := -4.5, 1.2
	for _, g := range blocks["flow-ode"] {
		tt := float64(g.step) * 0.01
		if wx, wy := x0*math.Exp(-tt/2), y0*math.Exp(-20*tt/2); math.Abs(g.x-wx) > 1e-8 || math.Abs(g.y-wy) > 1e-8 {
			t.Fatalf("flow-ode at step %d: (%v, %v), closed form (%v, %v)", g.step, g.x, g.y, wx, wy)
		}
	}
	e0 := blocks["heavy-ode"][0].energy
	for _, g := range blocks["heavy-ode"] {
		tt := float64(g.step) * 0.01
		wx, wy := x0*math.Cos(math.Sqrt(1/0.5)*tt), y0*math.Cos(math.Sqrt(20/0.5)*tt)
		if math.Abs(g.x-wx) > 1e-8 || math.Abs(g.y-wy) > 1e-8 {
			t.Fatalf("heavy-ode at step %d: (%v, %v), closed form (%v, %v)", g.step, g.x, g.y, wx, wy)
		}
		if math.Abs(g.energy-e0) > 1e-8*e0 {
			t.Fatalf("heavy-ode energy %v at step %d, started %v", g.energy, g.step, e0)
		}
	}
	prev := math.Inf(1)
	for _, g := range blocks["damped-ode"] {
		if g.energy > prev {
			t.Fatalf("damped-ode energy rose to %v at step %d", g.energy, g.step)
		}
		prev = g.energy
	}
}

// TestRunGhostOfAMethodWithNoODE: a method without an ODE prints its own
// rows, no -ode rows, and says why on stderr.
func TestRunGhostOfAMethodWithNoODE(t *testing.T) {
	for _, m := range sim.Methods {
		if m.HasODE() {
			continue
		}
		out, errs := runOK(t, "run", "--method", m.Name(), "--steps", "3", "--ghost")
		if strings.Contains(out, "-ode,") || !strings.Contains(errs, m.Name()+" has no ghost ("+m.NoGhost()+")") {
			t.Errorf("%s --ghost: stdout %q, stderr %q", m.Name(), out, errs)
		}
	}
}
