package sim

import "github.com/momentum-sim/momentum/landscapes"

// System is one method with its parameters on one landscape, and optional
// gradient noise: everything needed to advance a particle.
type System struct {
	Land   *landscapes.Landscape
	Method Method
	Params Params
	Noise  Noise
}

// Advance takes up to n steps. It stops early, leaving p at its last finite
// state with Diverged set, when a step would leave the finite numbers; it
// returns the number of steps taken.
func (sys *System) Advance(p *Particle, n int) int {
	if p.Diverged {
		return 0
	}
	c := sys.Params.Coeffs(sys.Method)
	if p.clock.dt != c.Dt {
		p.clock = clock{base: p.Time, from: p.Step, dt: c.Dt}
	}
	land := sys.Land
	for i := range n {
		g := p.Grad
		if sys.Noise.Sigma != 0 {
			g = g.Add(sys.Noise.At(p.Step))
		}
		next := c.Step(p.State, g)
		f, grad := land.F(next.Pos), land.Grad(next.Pos)
		cand := Particle{State: next, Step: p.Step + 1, F: f, Grad: grad, clock: p.clock}
		cand.Time = p.clock.at(cand.Step)
		if !cand.Finite() {
			p.Diverged = true
			return i
		}
		*p = cand
	}
	return n
}
