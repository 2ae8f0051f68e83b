package sim

import (
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

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
//
// A state that comes back exactly (a ball at rest where the rounded
// gradient no longer moves it, or one circling among the subnormal numbers
// around a minimum) repeats forever when there is no noise, so whole cycles
// are counted without being computed and Cycle records the period. The
// numbers are the same as stepping; only the cost stays flat.
func (sys *System) Advance(p *Particle, n int) int {
	if p.Diverged || n <= 0 {
		return 0
	}
	p.Adopt(sys.Method)
	c := sys.Params.Coeffs(sys.Method)
	if p.clock.dt != c.Dt {
		p.clock = clock{base: p.Time, from: p.Step, dt: c.Dt}
	}
	var taken int
	if sp := &methodTable[sys.Method]; sp.memory {
		taken = sys.runMemory(sp.step, c, p, n)
	} else {
		taken = sys.run(c, p, n)
	}
	p.Time = p.clock.at(p.Step)
	return taken
}

// runMemory is the step loop of a method that keeps State.Mem (Nesterov,
// the adaptive methods): the table's step function per step. Their memory
// (Adam's step count) rarely lets a state come back exactly, so there is no
// cycle detection; the state still lives in a local until written back.
func (sys *System) runMemory(step func(Coeffs, State, Vec) State, c Coeffs, p *Particle, n int) int {
	land, noise := sys.Land, sys.Noise
	s, f, g, k := p.State, p.F, p.Grad, p.Step
	i := 0
	for ; i < n; i++ {
		sg := g
		if noise.Sigma != 0 {
			sg = sg.Add(noise.At(k))
		}
		next := step(c, s, sg)
		nf, ng := land.F(next.Pos), land.Grad(next.Pos)
		q := Particle{State: next, F: nf, Grad: ng}
		if !q.Finite() {
			p.Diverged = true
			break
		}
		s, f, g = next, nf, ng
		k++
	}
	p.State, p.F, p.Grad, p.Step = s, f, g, k
	p.Cycle, p.CycleFrom = 0, 0
	return i
}

// run is the step loop. The particle's numbers live in locals for the whole
// loop and are written back once: building a candidate Particle per step
// and copying it back cost more than the step itself. Time is derived from
// the step count at the end (Advance), not per step.
//
// Without noise a step depends only on the state, so a state that comes
// back bit for bit repeats forever after. Brent's cycle detection (a
// checkpoint state, moved every 1, 2, 4, … steps; a match with it after λ
// steps is a cycle of period λ) finds that for two comparisons a step;
// whole cycles are then counted, not computed. This is what keeps a damped
// ball that has decayed into the subnormal numbers (the bowl: a cycle of 54
// steps there; elsewhere a fixed point, λ = 1) as cheap per step as a
// moving one: subnormal arithmetic costs many times normal arithmetic.
func (sys *System) run(c Coeffs, p *Particle, n int) int {
	land, noise := sys.Land, sys.Noise
	noisy := noise.Sigma != 0
	onePass := land.OnePass() // an expression's f and ∇f in one pass
	x, y, vx, vy := p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y
	f, gx, gy := p.F, p.Grad.X, p.Grad.Y
	step, i := p.Step, 0
	// The checkpoint; NaN never matches, which turns detection off.
	cx, cy, cvx, cvy := x, y, vx, vy
	if noisy {
		cx = math.NaN()
	}
	lam, power := 0, 1
	cycle, cycleFrom := 0, 0
	for ; i < n; i++ {
		sx, sy := gx, gy
		if noisy {
			e := noise.At(step)
			sx, sy = sx+e.X, sy+e.Y
		}
		nvx, nvy := c.A*vx-c.B*sx, c.A*vy-c.B*sy
		nx, ny := x+c.Dt*nvx, y+c.Dt*nvy
		lam++
		if nx == cx && ny == cy && same(nx, cx) && same(ny, cy) && same(nvx, cvx) && same(nvy, cvy) {
			// The state after this step is the checkpoint's, λ steps
			// later. Count whole cycles of what remains after this step,
			// then take this step and the rest of a cycle as usual.
			cycle, cycleFrom = lam, step+1-lam
			k := (n - i - 1) / lam * lam
			i, step = i+k, step+k
			cx, power = math.NaN(), -1 // detection off: it found the cycle
		}
		if lam == power {
			cx, cy, cvx, cvy = nx, ny, nvx, nvy
			lam, power = 0, 2*power
		}
		q := Vec{X: nx, Y: ny}
		var nf float64
		var ng Vec
		if onePass != nil {
			nf, ng = onePass(q)
		} else {
			nf, ng = land.F(q), land.Grad(q)
		}
		// v − v is 0 for a finite v and NaN otherwise (see Finite).
		if (nx-nx)+(ny-ny)+(nvx-nvx)+(nvy-nvy)+(ng.X-ng.X)+(ng.Y-ng.Y)+(nf-nf) != 0 {
			p.Diverged = true
			break
		}
		x, y, vx, vy, f, gx, gy = nx, ny, nvx, nvy, nf, ng.X, ng.Y
		step++
	}
	p.Pos, p.Vel, p.F, p.Grad, p.Step = Vec{X: x, Y: y}, Vec{X: vx, Y: vy}, f, Vec{X: gx, Y: gy}, step
	p.Cycle, p.CycleFrom = cycle, cycleFrom
	return i
}

// same reports whether a and b are the same float64 bit for bit (so −0 is
// not 0: the CSV prints them differently).
func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
