package sim

import "math"

// RMSprop and Adagrad divide the step by the root of the squared gradients
// felt so far, per coordinate, as Adam does, without its bias correction.
//
// RMSprop is the damped ball (η = Δt²/m, μ = 1 − Δtε/m) whose force in
// coordinate i is divided by √(v̂ᵢ) + δ, v the running average of (∂ᵢf)²
// with memory α (β₂ here): PyTorch's RMSprop(lr=η, alpha=α, eps=δ,
// momentum=μ), whose momentum defaults to 0 as the optimizer view's μ does:
//
//	v ← αv + (1−α)g²,  b ← μb + g/(√v + δ),  x ← x − ηb.
//
// Adagrad is the massless ball (gradient flow, η = Δt/ε as for flow) whose
// friction in coordinate i is the root of all (∂ᵢf)² it has ever felt:
// PyTorch's Adagrad(lr=η, eps=δ) with no decay and an empty accumulator,
//
//	s ← s + g²,  x ← x − η·g/(√s + δ),
//
// so its steps shrink as 1/√t on any slope and it slows to a stop on its
// own, minimum or not.

func rmspropCoeffs(p Params) Coeffs {
	alpha, eps := p.Adaptive.or(DefaultRMSAlpha, DefaultRMSEps)
	return Coeffs{A: p.Momentum(), B: p.LR(), Dt: p.Dt, Beta2: alpha, Eps: eps}
}

// rmspropStep is PyTorch's _single_tensor_rmsprop (not centered, no weight
// decay) in its order of operations; with μ = 0 its buffer is g/avg, the
// plain step.
func rmspropStep(c Coeffs, s State, g Vec) State {
	alpha := c.Beta2
	v := Vec{X: s.Mem.Sq.X*alpha + (1-alpha)*g.X*g.X, Y: s.Mem.Sq.Y*alpha + (1-alpha)*g.Y*g.Y}
	avgX, avgY := math.Sqrt(v.X)+c.Eps, math.Sqrt(v.Y)+c.Eps
	b := Vec{X: s.Mem.Buf.X*c.A + g.X/avgX, Y: s.Mem.Buf.Y*c.A + g.Y/avgY}
	dx, dy := -c.B*b.X, -c.B*b.Y
	return State{Pos: Vec{X: s.Pos.X + dx, Y: s.Pos.Y + dy}, Vel: Vec{X: dx / c.Dt, Y: dy / c.Dt},
		Mem: Memory{Buf: b, Sq: v, T: s.Mem.T + 1}}
}

func adagradCoeffs(p Params) Coeffs {
	_, eps := p.Adaptive.or(0, DefaultAdagradEps)
	return Coeffs{B: p.Dt / p.Friction, Dt: p.Dt, Eps: eps}
}

// adagradStep is PyTorch's _single_tensor_adagrad (dense, no decay).
func adagradStep(c Coeffs, s State, g Vec) State {
	sum := Vec{X: s.Mem.Sq.X + 1*g.X*g.X, Y: s.Mem.Sq.Y + 1*g.Y*g.Y}
	stdX, stdY := math.Sqrt(sum.X)+c.Eps, math.Sqrt(sum.Y)+c.Eps
	dx, dy := -c.B*g.X/stdX, -c.B*g.Y/stdY
	return State{Pos: Vec{X: s.Pos.X + dx, Y: s.Pos.Y + dy}, Vel: Vec{X: dx / c.Dt, Y: dy / c.Dt},
		Mem: Memory{Sq: sum, T: s.Mem.T + 1}}
}

// AdaptiveSteps returns the effective learning rate of each coordinate of
// an adaptive method (Adam, RMSprop, Adagrad) at state s: how far one unit
// of the (averaged) gradient moves that coordinate now. ok is false for
// other methods and before the first step, when the averages are empty.
func AdaptiveSteps(meth Method, p Params, s State) (x, y float64, ok bool) {
	if s.Mem.T == 0 {
		return 0, 0, false
	}
	switch meth {
	case Adam:
		return AdamSteps(p, s)
	case RMSprop, Adagrad: // η/(√vᵢ + δ), v the average or the sum of ∂ᵢf²
		c := p.Coeffs(meth)
		return c.B / (math.Sqrt(s.Mem.Sq.X) + c.Eps), c.B / (math.Sqrt(s.Mem.Sq.Y) + c.Eps), true
	}
	return 0, 0, false
}
