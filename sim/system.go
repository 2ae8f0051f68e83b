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
// the adaptive methods). As in run, the state lives in locals until it is
// written back once; each known method's step is written out in the loop
// (the same expressions as its table step function, in the same order, so
// the same numbers: TestAdvanceMatchesTheReferenceLoop compares them bit
// for bit with the table's step), because a call through the function
// value, nine words of state in and out, cost more than Nesterov's whole
// step. A method added to the table without a case here runs through its
// step function. Their memory (Adam's step count) rarely lets a state come
// back exactly, so there is no cycle detection.
func (sys *System) runMemory(step func(Coeffs, State, Vec) State, c Coeffs, p *Particle, n int) int {
	land, noise := sys.Land, sys.Noise
	noisy := noise.Sigma != 0
	onePass := land.OnePass()
	meth := sys.Method
	x, y, vx, vy := p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y
	bx, by, qx, qy, t := p.Mem.Buf.X, p.Mem.Buf.Y, p.Mem.Sq.X, p.Mem.Sq.Y, p.Mem.T
	f, gx, gy := p.F, p.Grad.X, p.Grad.Y
	k, i := p.Step, 0
	for ; i < n; i++ {
		sx, sy := gx, gy
		if noisy {
			e := noise.At(k)
			sx, sy = sx+e.X, sy+e.Y
		}
		var nx, ny, nvx, nvy, nbx, nby, nqx, nqy float64
		nt := t + 1
		switch meth {
		case Nesterov: // nesterovStep
			nbx, nby = c.A*bx-c.B*sx, c.A*by-c.B*sy
			nvx, nvy = c.A*nbx-c.B*sx, c.A*nby-c.B*sy
			nx, ny = x+c.Dt*nvx, y+c.Dt*nvy
			nt = 0
		case Adam: // adamStep
			beta1, beta2 := c.A, c.Beta2
			nbx, nby = bx*beta1+(1-beta1)*sx, by*beta1+(1-beta1)*sy
			nqx, nqy = qx*beta2+(1-beta2)*sx*sx, qy*beta2+(1-beta2)*sy*sy
			bc1 := 1 - math.Pow(beta1, float64(nt))
			bc2 := 1 - math.Pow(beta2, float64(nt))
			stepSize := c.B / bc1
			bc2Sqrt := math.Sqrt(bc2)
			dx := -stepSize * nbx / (math.Sqrt(nqx)/bc2Sqrt + c.Eps)
			dy := -stepSize * nby / (math.Sqrt(nqy)/bc2Sqrt + c.Eps)
			nx, ny, nvx, nvy = x+dx, y+dy, dx/c.Dt, dy/c.Dt
		case RMSprop: // rmspropStep
			alpha := c.Beta2
			nqx, nqy = qx*alpha+(1-alpha)*sx*sx, qy*alpha+(1-alpha)*sy*sy
			avgX, avgY := math.Sqrt(nqx)+c.Eps, math.Sqrt(nqy)+c.Eps
			nbx, nby = bx*c.A+sx/avgX, by*c.A+sy/avgY
			dx, dy := -c.B*nbx, -c.B*nby
			nx, ny, nvx, nvy = x+dx, y+dy, dx/c.Dt, dy/c.Dt
		case Adagrad: // adagradStep
			nqx, nqy = qx+1*sx*sx, qy+1*sy*sy
			stdX, stdY := math.Sqrt(nqx)+c.Eps, math.Sqrt(nqy)+c.Eps
			dx, dy := -c.B*sx/stdX, -c.B*sy/stdY
			nx, ny, nvx, nvy = x+dx, y+dy, dx/c.Dt, dy/c.Dt
		default:
			st := step(c, State{Pos: Vec{X: x, Y: y}, Vel: Vec{X: vx, Y: vy},
				Mem: Memory{Buf: Vec{X: bx, Y: by}, Sq: Vec{X: qx, Y: qy}, T: t}}, Vec{X: sx, Y: sy})
			nx, ny, nvx, nvy = st.Pos.X, st.Pos.Y, st.Vel.X, st.Vel.Y
			nbx, nby, nqx, nqy, nt = st.Mem.Buf.X, st.Mem.Buf.Y, st.Mem.Sq.X, st.Mem.Sq.Y, st.Mem.T
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
		bx, by, qx, qy, t = nbx, nby, nqx, nqy, nt
		k++
	}
	p.Pos, p.Vel, p.F, p.Grad, p.Step = Vec{X: x, Y: y}, Vec{X: vx, Y: vy}, f, Vec{X: gx, Y: gy}, k
	p.Mem = Memory{Buf: Vec{X: bx, Y: by}, Sq: Vec{X: qx, Y: qy}, T: t}
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
