package sim

import (
	"github.com/momentum-sim/momentum/landscapes"
)

// Vec is the plane vector the landscapes use.
type Vec = landscapes.Vec

// State is where the particle is and how fast it moves. Vel is the velocity
// of the last step, Δx/Δt; for gradient flow that is −∇f/ε at the previous point.
type State struct {
	Pos, Vel Vec
	Mem      Memory
}

// Memory is what a method remembers besides the velocity of its last step.
// Damped, heavy and flow keep none of it. Nesterov keeps the ball's own
// velocity w in Buf (the momentum buffer: the point drawn runs ahead of
// the ball, see nesterov.go); Adam the running averages of the gradient
// (Buf) and of its square (Sq) and how many steps they have averaged (T).
type Memory struct {
	Buf, Sq Vec
	T       int
}

// Step advances s by one symplectic (semi-implicit) Euler step given the
// gradient g at s.Pos: v ← A·v − B·g, then x ← x + Δt·v with the new v.
// Using the new velocity makes the damped ball exactly momentum SGD and keeps
// the frictionless ball's energy bounded. Taking g as an argument lets
// callers add gradient noise and evaluate the gradient once per step.
func (c Coeffs) Step(s State, g Vec) State {
	v := Vec{X: c.A*s.Vel.X - c.B*g.X, Y: c.A*s.Vel.Y - c.B*g.Y}
	return State{Pos: Vec{X: s.Pos.X + c.Dt*v.X, Y: s.Pos.Y + c.Dt*v.Y}, Vel: v}
}

// Energy is the energy of the method's particle the screen shows: for the
// heavy and damped balls the shadow energy H̃ of ShadowEnergy, the energy
// the discrete ball keeps (with the method's μ: 1 for the heavy ball, which
// conserves it, 1 − Δtε/m for the damped one, which only loses it); for
// the massless flow, and Adam, whose mass differs per coordinate and step,
// f alone; for Nesterov's ball, whose force is felt ahead of it so that no
// kept energy is known, ½m|w|² + f with w the ball's velocity. Unlike
// ½m|v|² + f, which the symplectic step does not conserve, H̃ is flat for
// the frictionless ball and falls for the damped one.
func Energy(l *landscapes.Landscape, m Method, p Params, pt *Particle) float64 {
	switch {
	case !m.HasKinetic():
		return pt.F
	case !m.KeepsEnergy():
		return ballKinetic(p, m, pt.State) + pt.F
	}
	_, mu := OptimizerOf(m, p)
	return ShadowEnergy(p.Dt, p.Mass, mu, pt.Vel, pt.F, pt.Grad, l.Hess(pt.Pos))
}

// EnergySplit is what the energy chart draws: the kinetic energy ½m|w|²
// (0 without one mass), the potential f, and the total of Energy. For the
// heavy and damped balls H̃ is not kinetic + f: it differs from it by the
// O(Δt) corrections (H̃ − f is not an energy of motion: it can be negative
// while the ball moves, and positive at rest), so the chart shows the two
// parts that trade and the total that is kept.
func EnergySplit(l *landscapes.Landscape, m Method, p Params, pt *Particle) (kinetic, potential, total float64) {
	if m.HasKinetic() {
		kinetic = ballKinetic(p, m, pt.State)
	}
	return kinetic, pt.F, Energy(l, m, p, pt)
}

// BallVelocity is the velocity of method m's ball in state s: Vel, the
// velocity of the last step, except for Nesterov, whose drawn point runs
// ahead of the ball and whose ball moves at Mem.Buf.
func BallVelocity(m Method, s State) Vec {
	if sp := m.spec(); sp != nil && sp.velInMem {
		return s.Mem.Buf
	}
	return s.Vel
}

// Kinetic is ½m|v|² of the state's Vel.
func Kinetic(p Params, s State) float64 { return 0.5 * p.Mass * s.Vel.Dot(s.Vel) }

// ballKinetic is ½m|w|², w method m's ball velocity (BallVelocity).
func ballKinetic(p Params, m Method, s State) float64 {
	return Kinetic(p, State{Vel: BallVelocity(m, s)})
}

// Particle is a state with its history counters. Step counts steps taken
// and Time the time they spanned.
type Particle struct {
	State
	Step     int
	Time     float64
	F        float64 // f at Pos
	Grad     Vec     // ∇f at Pos (without noise)
	Diverged bool    // the last attempted step left the finite numbers
	// Cycle, when not 0, is the period the last Advance found: from step
	// CycleFrom on the state repeats exactly every Cycle steps (1: the
	// ball is at rest, one step maps it to itself), so every later step
	// without noise repeats it (see System.run).
	Cycle, CycleFrom int

	// owner is the method whose Memory the state holds, plus one (0: none
	// yet, at rest). A step under another method first adopts the state
	// (Adopt), so a switch mid-run replays exactly.
	owner int

	clock clock
}

// clock keeps Time exact over any number of steps: rather than adding Δt a
// million times (and a million roundings), Time is base + (Step − from)·Δt
// with one rounding, restarted only when Δt changes.
type clock struct {
	base float64
	from int
	dt   float64
}

func (c clock) at(step int) float64 { return c.base + float64(step-c.from)*c.dt }

// Finite reports whether every number of the state, f and ∇f are finite.
// v − v is 0 for a finite v and NaN for ±Inf or NaN, so the sum below is 0
// exactly when all seven are finite: one comparison on the hot path of
// every step instead of fourteen classifications.
func (p *Particle) Finite() bool {
	return (p.Pos.X-p.Pos.X)+(p.Pos.Y-p.Pos.Y)+(p.Vel.X-p.Vel.X)+(p.Vel.Y-p.Vel.Y)+
		(p.Grad.X-p.Grad.X)+(p.Grad.Y-p.Grad.Y)+(p.F-p.F) == 0
}

// NewParticle places a particle at rest at pos on l.
func NewParticle(l *landscapes.Landscape, pos Vec) Particle {
	p := Particle{State: State{Pos: pos}}
	p.F, p.Grad = l.F(pos), l.Grad(pos)
	p.Diverged = !p.Finite()
	return p
}
