package model

import (
	"github.com/momentum-sim/momentum/sim"
)

// The side panel's lines for the methods that carry more than a velocity:
// Nesterov's look-ahead ball, and Adam, whose step adapts per coordinate
// and so has no linear rate to show.

// panelRuleMore writes the update rule of Nesterov or Adam with its live
// numbers and reports whether it did (false: a linear method, which
// panelSingle writes itself).
func (pn *panel) panelRuleMore(p *panelText, meth sim.Method, params sim.Params) bool {
	st := pn.styles
	c := params.Coeffs(meth)
	switch meth {
	case sim.Nesterov:
		// w is the ball's velocity; the point drawn moves by where that
		// velocity is about to take the ball once more (sim/nesterov.go).
		p.text(st.value, " w ← ")
		p.num(st.value, c.A)
		p.text(st.value, "·w − ")
		p.num(st.value, c.B)
		p.text(st.value, "·∇f")
		p.end()
		p.text(st.value, " d ← ")
		p.num(st.value, c.A)
		p.text(st.value, "·w − ")
		p.num(st.value, c.B)
		p.text(st.value, "·∇f")
		p.text(st.dim, " look-ahead")
		p.end()
		p.text(st.value, " x ← x + ")
		p.num(st.value, c.Dt)
		p.text(st.value, "·d")
		p.end()
		return true
	case sim.Adam:
		p.text(st.value, " m ← ")
		p.num(st.value, c.A)
		p.text(st.value, "·m + ")
		p.num(st.value, 1-c.A)
		p.text(st.value, "·∇f")
		p.end()
		p.text(st.value, " v ← ")
		p.num(st.value, c.Beta2)
		p.text(st.value, "·v + ")
		p.num(st.value, 1-c.Beta2)
		p.text(st.value, "·∇f²")
		p.end()
		p.text(st.value, " x ← x − ")
		p.num(st.value, c.B)
		p.text(st.value, "·m̂/(√v̂ + δ)")
		p.end()
		p.text(st.label, " β₁ ")
		p.num(st.value, c.A)
		p.text(st.label, "  β₂ ")
		p.num(st.value, c.Beta2)
		p.text(st.label, "  δ ")
		p.num(st.value, c.Eps)
		p.end()
		return true
	case sim.RMSprop:
		p.text(st.value, " v ← ")
		p.num(st.value, c.Beta2)
		p.text(st.value, "·v + ")
		p.num(st.value, 1-c.Beta2)
		p.text(st.value, "·∇f²")
		p.end()
		p.text(st.value, " b ← ")
		p.num(st.value, c.A)
		p.text(st.value, "·b + ∇f/(√v + δ)")
		p.end()
		p.text(st.value, " x ← x − ")
		p.num(st.value, c.B)
		p.text(st.value, "·b")
		p.end()
		p.text(st.label, " α ")
		p.num(st.value, c.Beta2)
		p.text(st.label, "  δ ")
		p.num(st.value, c.Eps)
		p.end()
		return true
	case sim.Adagrad:
		p.text(st.value, " s ← s + ∇f²")
		p.end()
		p.text(st.value, " x ← x − ")
		p.num(st.value, c.B)
		p.text(st.value, "·∇f/(√s + δ)")
		p.end()
		p.text(st.label, " δ ")
		p.num(st.value, c.Eps)
		p.end()
		return true
	}
	return false
}

// panelEnergyLine writes the energy the method's particle has (sim.Energy):
// the shadow energy for the heavy and damped balls, ½m|w|² + f for
// Nesterov's, f alone for flow and Adam, each labelled as what it is.
func (pn *panel) panelEnergyLine(p *panelText, in panelInput, meth sim.Method, params sim.Params, r *racer) {
	st := pn.styles
	e := sim.Energy(in.land, meth, params, &r.p)
	switch {
	case !meth.HasMass():
		p.text(st.label, " energy ")
		p.num(st.value, e)
		p.text(st.dim, " (f only: no mass)")
	case !meth.HasKinetic():
		p.text(st.label, " energy ")
		p.num(st.value, e)
		p.text(st.dim, " (f only)")
	case !meth.KeepsEnergy():
		p.text(st.label, " ½m|w|² + f ")
		p.num(st.value, e)
		p.text(st.dim, " (not kept)")
	default:
		// The energy the discrete ball keeps (see sim.ShadowEnergy), not
		// ½m|v|² + f, which the step does not conserve.
		p.text(st.label, " shadow energy Ẽ ")
		p.num(st.value, e)
	}
	p.end()
}

// panelAdaptive replaces the linear analysis for a method without a linear
// rate (Adam, RMSprop, Adagrad): it shows each coordinate's learning rate
// in the last step (Adam's η/(√v̂ᵢ + δ), see sim.AdaptiveSteps) and the move it made,
// the adaptation the student can watch, and says why there is no ρ.
func (pn *panel) panelAdaptive(p *panelText, in panelInput, r *racer) {
	st := pn.styles
	params := in.params(r)
	p.text(st.title, " adaptive step")
	if in.race {
		p.text(st.racerWrap[r.method], " "+racerTitle(r))
	}
	p.end()
	ad, _ := r.method.Adapts()
	p.text(st.dim, " each step is divided by the")
	p.end()
	p.text(st.dim, " root of the ∂ᵢf² it has felt,")
	p.end()
	p.text(st.dim, " "+ad.Short+":")
	p.end()
	p.text(st.dim, " no fixed rate, the linear")
	p.end()
	p.text(st.dim, " analysis does not apply")
	p.end()
	ex, ey, ok := sim.AdaptiveSteps(r.method, params, r.p.State)
	if !ok {
		p.text(st.label, " lr per coordinate: from step 1")
		p.end()
		return
	}
	// A learning rate per coordinate (how far a unit of the averaged
	// slope moves it), not the move itself: that is the next line.
	p.text(st.label, " lr x ")
	p.num(st.value, ex)
	p.text(st.label, "  y ")
	p.num(st.value, ey)
	p.end()
	dx, dy := sim.LastMove(params, r.p.State)
	p.text(st.label, " moved Δx ")
	p.num(st.value, dx)
	p.text(st.label, "  Δy ")
	p.num(st.value, dy)
	p.end()
	// The effective mass (or, massless, friction) of a coordinate is
	// inversely proportional to its learning rate.
	if r.method.HasMass() {
		p.text(st.label, " mass y/x ")
	} else {
		p.text(st.label, " friction y/x ")
	}
	p.num(st.value, ex/ey)
	eta, _ := sim.OptimizerOf(r.method, params)
	p.text(st.dim, " (η ")
	p.num(st.dim, eta)
	p.text(st.dim, ")")
	p.end()
}
