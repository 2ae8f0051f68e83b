package sim

// Nesterov's method is the damped ball that feels the force where its
// momentum is about to carry it.
//
// Sutskever's form (Sutskever et al. 2013), with velocity v and iterate θ:
//
//	v ← μv − η∇f(θ + μv),  θ ← θ + v.
//
// PyTorch's SGD(lr=η, momentum=μ, nesterov=True, dampening=0) updates the
// look-ahead point x = θ + μv instead, with the buffer b = −v/η:
//
//	b ← μb + ∇f(x),  x ← x − η(∇f(x) + μb),
//
// b starting at the first gradient (which is μ·0 + ∇f: b = 0, v = 0 at
// rest). Substituting y = x = θ + μv into Sutskever's form gives exactly
// PyTorch's: x' = θ' + μv' = θ + v' + μv' = x − μv + (1+μ)v' = x + μv' − η∇f(x).
// The gradient is then taken at the particle's own position, as every other
// method takes it, so the particle drawn is PyTorch's parameter x and the
// ball θ = x − μv runs a little behind it.
//
// In physical units (η = Δt²/m, μ = 1 − Δtε/m, the ball's velocity
// w = v/Δt) one step is
//
//	w ← μw − (Δt/m)∇f(x),  x ← x + Δt(μw − (Δt/m)∇f(x))     (new w)
//
// the damped ball's velocity update, with the position moved by where that
// velocity is about to take the ball once more. State.Mem.Buf holds w;
// State.Vel is Δx/Δt of the step, as for every method.

// nesterovStep is one step in the physical form above (A = μ, B = Δt/m).
func nesterovStep(c Coeffs, s State, g Vec) State {
	w := Vec{X: c.A*s.Mem.Buf.X - c.B*g.X, Y: c.A*s.Mem.Buf.Y - c.B*g.Y}
	d := Vec{X: c.A*w.X - c.B*g.X, Y: c.A*w.Y - c.B*g.Y}
	return State{Pos: Vec{X: s.Pos.X + c.Dt*d.X, Y: s.Pos.Y + c.Dt*d.Y}, Vel: d, Mem: Memory{Buf: w}}
}

// Along one eigen-direction of a quadratic (curvature λ, s = ηλ), Sutskever's
// form is v' = μv − s(θ + μv), θ' = θ + v', whose matrix has the
// characteristic polynomial
//
//	z² − (1+μ)(1−s)z + μ(1−s) = 0.
//
// Jury's conditions for |z| < 1 (p(1) = s > 0, p(−1) = 1 + (1+2μ)(1−s) > 0,
// |μ(1−s)| < 1) give the stability region 0 < ηλ < 2(1+μ)/(1+2μ): narrower
// than the heavy ball's 2(1+μ) (4/3 instead of 4 at μ = 1). The roots are
// complex for ((1−μ)/(1+μ))² < ηλ < 1, with modulus √(μ(1−ηλ)): unlike the
// heavy ball's √μ, the spiral decays faster the stiffer the direction,
// which is the look-ahead damping the oscillation. At ηλ = 1 both roots are
// 0 and past it the dominant root is real and negative.

// NesterovLimit is the largest ηλ at which Nesterov's method with momentum
// μ converges, 2(1+μ)/(1+2μ).
func NesterovLimit(mu float64) float64 { return 2 * (1 + mu) / (1 + 2*mu) }

// NesterovCriticalCurves are the ηλ at which Nesterov's polynomial has a
// double root, lo = ((1−μ)/(1+μ))² and hi = 1; between them the roots are
// complex and the motion underdamped.
func NesterovCriticalCurves(mu float64) (lo, hi float64) {
	q := (1 - mu) / (1 + mu)
	return q * q, 1
}

// NesterovDirection analyses one direction of curvature λ for Nesterov's
// method with learning rate η and momentum μ, as Direction does for the
// heavy ball: roots of z² − (1+μ)(1−ηλ)z + μ(1−ηλ), dominant first.
func NesterovDirection(eta, mu, lambda float64) Mode {
	s := eta * lambda
	a := (1 + mu) * (1 - s) // sum of the roots
	b := mu * (1 - s)       // their product
	m := Mode{Eta: eta, Mu: mu, Lambda: lambda, EtaLambda: s, Limit: NesterovLimit(mu)}
	var disc float64
	m.Roots, m.Contraction, disc = quadraticRoots(a, b)
	double := disc == 0
	switch {
	case lambda <= 0:
		m.Regime = NoMinimum
	case !(s < m.Limit) || !(m.Contraction < 1):
		m.Regime = Unstable
	case double:
		m.Regime = Critical
	case disc < 0:
		m.Regime = Underdamped
	default:
		m.Regime = Overdamped
	}
	return m
}
