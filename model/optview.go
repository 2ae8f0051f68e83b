package model

import (
	"github.com/momentum-sim/momentum/sim"
)

// The two views of one set of parameters. The physical view shows and
// changes the ball's Δt, m and ε; the optimizer view shows and changes the
// learning rate η and the momentum μ, one at a time (t/T and e/E), keeping
// the other (see sim.Tuning.LRScaled and MomentumUp/Down). The view is how
// the parameters are shown and changed, not what they are: switching it
// leaves the tuning, and so the motion, exactly as it is.

// setOptView switches the panel and the parameter keys to the optimizer
// view (on) or the physical view, relabelling the keys' help.
func (m *Model) setOptView(on bool) {
	m.optView = on
	k := &m.keys
	k.View.SetKeys("v")
	k.MassElsewhere.SetKeys("m", "M")
	if on {
		k.DtDown.SetHelp("t/T", "η −/+")
		k.FrictionDown.SetHelp("e/E", "μ −/+")
		k.View.SetHelp("v", "physical view")
	} else {
		k.DtDown.SetHelp("t/T", "Δt −/+")
		k.FrictionDown.SetHelp("e/E", "friction −/+")
		k.View.SetHelp("v", "optimizer view")
	}
	// Mass is not an optimizer knob: its keys leave the help and only say
	// where they went.
	k.MassDown.SetEnabled(!on)
	k.MassUp.SetEnabled(!on)
	k.MassElsewhere.SetEnabled(on)
}

// lrKey is t (shifted false) or T: Δt in the physical view, η alone in
// the optimizer view.
func (m *Model) lrKey(shifted bool) {
	switch {
	case m.optView && shifted:
		m.setTuning(m.tuning.LRScaled(paramFactor))
	case m.optView:
		m.setTuning(m.tuning.LRScaled(1 / paramFactor))
	case shifted:
		m.scaleParam(func(p *sim.Params) { p.Dt *= paramFactor })
	default:
		m.scaleParam(func(p *sim.Params) { p.Dt /= paramFactor })
	}
}

// frictionKey is e (up false) or E: friction in the physical view, μ alone
// in the optimizer view, where e lowers μ (more friction) and E raises it.
func (m *Model) frictionKey(shifted bool) {
	switch {
	case m.optView && shifted:
		m.setTuning(m.tuning.MomentumUp(paramFactor))
	case m.optView:
		m.setTuning(m.tuning.MomentumDown(paramFactor))
	case shifted:
		m.scaleParam(func(p *sim.Params) { sim.FrictionUp(p, paramFactor) })
	default:
		m.scaleParam(func(p *sim.Params) { sim.FrictionDown(p, paramFactor) })
	}
}
