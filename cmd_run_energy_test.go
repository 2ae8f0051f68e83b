package main

import (
	"math"
	"strings"
	"testing"
)

// The energy column is a different quantity for each kind of method, and
// run's help says which: checked here from the printed rows on the bowl,
// f = (x² + y²)/2, ∇f = (x, y), at Δt 0.1, m 1, ε 0.5.
func TestRunEnergyColumnIsWhatTheHelpSays(t *testing.T) {
	help, _, _ := cli(t, "run", "--help")
	flat := strings.Join(strings.Fields(help), " ")
	for _, want := range []string{
		"shadow energy Ẽ for heavy and damped",
		"½m|w|² + f for nesterov",
		"f for flow, adam, rmsprop and adagrad",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("run --help does not say %q:\n%s", want, help)
		}
	}
	const dt, m, eps = 0.1, 1.0, 0.5
	out, _ := runOK(t, "run", "--landscape", "bowl", "--method", "flow,adam,rmsprop,adagrad,nesterov,heavy,damped",
		"--dt", "0.1", "--mass", "1", "--friction", "0.5", "--steps", "40")
	mu, b := 1-dt*eps/m, dt/m
	var w [2]float64 // Nesterov's ball velocity: w ← μw − (Δt/m)∇f(x)
	for _, r := range parseCSV(t, out) {
		switch r.method {
		case "flow", "adam", "rmsprop", "adagrad":
			if r.energy != r.f {
				t.Errorf("%s step %d: energy %v, f %v", r.method, r.step, r.energy, r.f)
			}
		case "nesterov":
			want := 0.5*m*(w[0]*w[0]+w[1]*w[1]) + r.f
			if math.Abs(r.energy-want) > 1e-12*max(1, want) {
				t.Errorf("nesterov step %d: energy %v, ½m|w|² + f = %v", r.step, r.energy, want)
			}
			if col := 0.5*m*(r.vx*r.vx+r.vy*r.vy) + r.f; r.step > 0 && math.Abs(r.energy-col) < 1e-9 {
				t.Errorf("nesterov step %d: energy is ½m|(vx, vy)|² + f; w is not the columns' velocity", r.step)
			}
			w = [2]float64{mu*w[0] - b*r.x, mu*w[1] - b*r.y}
		case "heavy", "damped":
			// Ẽ is not f + ½m|v|² of the columns (sim/shadow_test.go checks
			// Ẽ itself): it differs by its O(Δt) terms once the ball moves.
			if col := 0.5*m*(r.vx*r.vx+r.vy*r.vy) + r.f; r.step > 0 && r.energy == col {
				t.Errorf("%s step %d: energy is ½m|v|² + f, not Ẽ", r.method, r.step)
			}
		}
	}
}
