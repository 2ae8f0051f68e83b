package sim

import "math"

// Adam is the damped ball in its EMA form (α = β₁ = μ) whose step is
// divided, per coordinate, by the running RMS of the gradient. PyTorch's
// Adam(lr=η, betas=(β₁, β₂), eps=δ), step t counted from 1:
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²      (per coordinate)
//	x ← x − η/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + δ)
//
// Read as a ball: the damped ball with (η_d, μ) in the optimizer view moves
// x ← x − η_d/(1−μ)·p with p the EMA of the gradient (α = μ). Adam is that
// ball with, in coordinate i, η_d,i = η(1−μ)/(√v̂ᵢ + δ) (v̂ = v/(1−β₂ᵗ),
// leaving aside the bias correction of m): a mass mᵢ = 1/η_d,i and friction
// εᵢ = (1−μ)mᵢ that both grow with the recent size of ∂ᵢf, so steep
// directions become heavy and flat ones light, at the same μ. Its step is
// close to η per coordinate whatever the gradient's size: it crosses flat
// ground as fast as steep, and it has no fixed rate on a quadratic (the
// linear analysis does not apply).
//
// In physical units η = Δt²/m and β₁ = μ = 1 − Δtε/m, as for damped; β₂
// and δ come from Params.Adaptive.

func adamCoeffs(p Params) Coeffs {
	beta2, eps := p.Adaptive.or(DefaultBeta2, DefaultAdamEps)
	return Coeffs{A: p.Momentum(), B: p.LR(), Dt: p.Dt, Beta2: beta2, Eps: eps}
}

// adamStep is one step of PyTorch's Adam (torch/optim/adam.py,
// _single_tensor_adam, without weight decay or amsgrad), in its order of
// operations so that float64 runs agree to rounding.
func adamStep(c Coeffs, s State, g Vec) State {
	t := s.Mem.T + 1
	beta1, beta2 := c.A, c.Beta2
	m := Vec{X: s.Mem.Buf.X*beta1 + (1-beta1)*g.X, Y: s.Mem.Buf.Y*beta1 + (1-beta1)*g.Y}
	// addcmul and addcdiv evaluate value·t1·t2 and value·t1/t2 left to right.
	v := Vec{X: s.Mem.Sq.X*beta2 + (1-beta2)*g.X*g.X, Y: s.Mem.Sq.Y*beta2 + (1-beta2)*g.Y*g.Y}
	bc1 := 1 - math.Pow(beta1, float64(t))
	bc2 := 1 - math.Pow(beta2, float64(t))
	stepSize := c.B / bc1
	bc2Sqrt := math.Sqrt(bc2)
	dx := -stepSize * m.X / (math.Sqrt(v.X)/bc2Sqrt + c.Eps)
	dy := -stepSize * m.Y / (math.Sqrt(v.Y)/bc2Sqrt + c.Eps)
	pos := Vec{X: s.Pos.X + dx, Y: s.Pos.Y + dy}
	return State{Pos: pos, Vel: Vec{X: dx / c.Dt, Y: dy / c.Dt}, Mem: Memory{Buf: m, Sq: v, T: t}}
}

// AdamSteps returns the effective learning rate of each coordinate at
// the particle's state, η/(√v̂ᵢ + δ): the step is that times the averaged
// gradient m̂ᵢ, so it is what a plain gradient step along i would need to
// move as far. ok is false before the first step, when the averages are
// empty.
func AdamSteps(p Params, s State) (x, y float64, ok bool) {
	if s.Mem.T == 0 {
		return 0, 0, false
	}
	c := adamCoeffs(p)
	bc2Sqrt := math.Sqrt(1 - math.Pow(c.Beta2, float64(s.Mem.T)))
	return c.B / (math.Sqrt(s.Mem.Sq.X)/bc2Sqrt + c.Eps), c.B / (math.Sqrt(s.Mem.Sq.Y)/bc2Sqrt + c.Eps), true
}
