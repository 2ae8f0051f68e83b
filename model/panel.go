package model

import (
	"strconv"

	"github.com/momentum-sim/momentum/sim"
)

// panel is the side panel component: what moves, by which law, with which
// numbers, the same numbers read as optimizer settings, and the local
// stability analysis at the particle with its (ηλ, μ) picture (plane.go).
// It draws a scene and the play state it is given.
type panel struct {
	styles *Styles
	text   panelText
	plane  plane
}

// panelInput is what the panel shows beyond the scene: the play state, the
// speed and the answer to the last key.
type panelInput struct {
	scene
	playing  bool
	sps      int
	achieved int // steps a second play reaches, when short of sps; else 0
	note     string
	more     string // what the layout hid outside the panel and its key, e.g. "g charts"
}

func newPanel(st *Styles) *panel { return &panel{styles: st} }

// SetSize sets the panel's width and its height in lines.
func (pn *panel) SetSize(w, rows int) { pn.text.setSize(w, rows) }

// line returns panel line r of the last draw, blanks below its last line.
func (pn *panel) line(r int) []byte { return pn.text.line(r) }

// draw writes the side panel for in: what moves, by which law, with which
// numbers, the same numbers read as optimizer settings, and the local
// stability analysis at the particle.
func (pn *panel) draw(in panelInput) {
	st := pn.styles
	p := &pn.text
	p.reset()
	l := in.land
	p.text(st.title, " "+l.Name)
	p.end()
	p.text(st.dim, " f = ")
	p.text(st.dim, l.Formula) // apart: a long concatenation would be allocated every frame
	p.end()
	p.end()
	if in.race {
		pn.panelRace(p, in)
	} else {
		pn.panelSingle(p, in)
	}
	p.end()
	pn.panelStability(p, in)
	p.fit(in.more, st)
}

// panelStatus is the play state, the speed and the last key's note.
func (pn *panel) panelStatus(p *panelText, in panelInput) {
	st := pn.styles
	switch {
	case in.playing && in.achieved > 0:
		// Ticks came late (a busy machine): say what play really makes,
		// against the speed set ("1094 of 1200 steps/s"), dropping the
		// word "playing" where the panel is too narrow for both.
		p.text(st.value, " ▶")
		if p.width >= 33 {
			p.text(st.value, " playing ")
		}
		p.text(st.label, " ")
		p.int(st.warn, in.achieved)
		p.text(st.label, " of ")
	case in.playing:
		p.text(st.value, " ▶ playing")
		p.text(st.label, "  ")
	default:
		p.text(st.value, " ‖ paused")
		p.text(st.label, "  ")
	}
	p.int(st.value, in.sps)
	p.text(st.label, " steps/s")
	p.end()
	if in.note != "" {
		// A note is the answer to a key (why a value was kept, what a snap
		// did): wrapped at word boundaries so the reason is read whole.
		for _, l := range wrapWords(in.note, p.width-1) {
			p.text(st.warn, " "+l)
			p.end()
		}
	}
}

func (pn *panel) panelSingle(p *panelText, in panelInput) {
	st := pn.styles
	r := in.racers[0]
	meth := r.method
	params := in.tuning.For(meth)
	p.text(st.racerWrap[meth], " ● "+meth.Title())
	p.end()
	p.text(st.dim, " "+meth.Law())
	p.end()
	p.text(st.label, " step ")
	p.int(st.value, r.p.Step)
	p.text(st.label, "  t ")
	p.num(st.value, r.p.Time)
	p.end()
	if r.p.Diverged {
		p.text(st.warn, " diverged at step ")
		p.int(st.warn, r.p.Step+1)
		p.end()
	}
	if in.ghost {
		ghostLine(p, st, r, " ")
	}
	pn.panelStatus(p, in)
	p.end()

	p.text(st.label, " update rule")
	p.end()
	pn.panelRule(p, meth, params)
	p.end()
	pn.panelParams(p, meth, in)
	p.end()

	p.section(secDetail)
	p.text(st.label, " x ")
	p.num(st.value, r.p.Pos.X)
	p.text(st.label, "  y ")
	p.num(st.value, r.p.Pos.Y)
	p.end()
	p.section(secEssential)
	p.text(st.label, " f ")
	p.num(st.value, r.p.F)
	p.text(st.label, "  |∇f| ")
	p.num(st.value, r.p.Grad.Norm())
	p.end()
	p.section(secDetail)
	p.text(st.label, " |v| ")
	p.num(st.value, shownSpeed(r, meth, params))
	p.end()
	pn.panelEnergyLine(p, in, meth, params, r)
}

// shownSpeed is the |v| the panel and the explain page show: for the
// massless linear ball the velocity it has here, −∇f/ε, not the one of
// the step that brought it (that was −∇f/ε at the previous point); for
// every other method the velocity it carries.
func shownSpeed(r *racer, meth sim.Method, params sim.Params) float64 {
	if !meth.HasMass() && meth.Linear() {
		return r.p.Grad.Norm() * params.Coeffs(meth).B
	}
	return r.p.Vel.Norm()
}

// panelRule writes one step of meth with its live numbers, a line for
// each assignment (the explain page shows these same lines).
func (pn *panel) panelRule(p *panelText, meth sim.Method, params sim.Params) {
	st := pn.styles
	c := params.Coeffs(meth)
	switch {
	case pn.panelRuleMore(p, meth, params):
		// Nesterov and the adaptive methods: panel_methods.go.
	case !meth.HasMass():
		// The massless ball moves at its terminal velocity −∇f/ε: one
		// step is x ← x − (Δt/ε)·∇f, written with its number.
		p.text(st.value, " x ← x − ")
		eta, _ := sim.OptimizerOf(meth, params) // Δt/ε: gradient descent's step
		p.num(st.value, eta)
		p.text(st.value, "·∇f")
		p.end()
		p.text(st.dim, " (v = −∇f/ε: no memory)")
		p.end()
	default:
		p.text(st.value, " v ← ")
		if meth.HasFriction() {
			p.num(st.value, c.A)
			p.text(st.value, "·")
		}
		p.text(st.value, "v − ")
		p.num(st.value, c.B)
		p.text(st.value, "·∇f")
		p.end()
		p.text(st.value, " x ← x + ")
		p.num(st.value, c.Dt)
		p.text(st.value, "·v")
		p.end()
	}
}

// panelParams shows the parameters in the view the keys change: the
// physical Δt, m, ε with the optimizer reading under them, or the
// optimizer's η and μ with the ball they make under them; then the EMA form
// and the noise.
func (pn *panel) panelParams(p *panelText, meth sim.Method, in panelInput) {
	st := pn.styles
	params := in.tuning.For(meth)
	eta, mu := sim.OptimizerOf(meth, params)
	if in.optView {
		// The knobs t/T and e/E change, then what they mean for this
		// method when it reads them differently (flow steps η/(1−μ), the
		// heavy ball ignores μ), then the ball they describe.
		keta, kmu := pn.knobs(p, in)
		if eta != keta || mu != kmu {
			p.text(st.dim, " "+meth.Title()+": η ")
			p.num(st.dim, eta)
			p.text(st.dim, "  μ ")
			pn.mu(p, st.dim, mu)
			p.end()
		}
		pn.physical(p, meth, params, st.dim, st.dim)
	} else {
		pn.physical(p, meth, params, st.label, st.value)
		pn.optimizer(p, st.label, st.value, eta, mu)
	}
	if !hasEMAForm(meth) {
		pn.panelNoise(p, in)
		return
	}
	if alpha, beta, ok := params.EMA(); ok && meth.HasFriction() {
		p.text(st.label, " EMA α ")
		p.num(st.value, alpha)
		p.text(st.label, "  β ")
		p.num(st.value, beta)
	} else {
		p.text(st.dim, " EMA: none (μ = 0 or 1)")
	}
	p.end()
	pn.panelNoise(p, in)
}

// panelShared is a race's parameters: one physical system that every
// racer reads in its own way (each racer's row shows its η and μ), in the
// view the keys change.
func (pn *panel) panelShared(p *panelText, in panelInput) {
	st := pn.styles
	params := in.tuning.For(sim.Tunable)
	if in.optView {
		pn.knobs(p, in)
		pn.physical(p, sim.Tunable, params, st.dim, st.dim)
	} else {
		pn.physical(p, sim.Tunable, params, st.label, st.value)
	}
	pn.panelNoise(p, in)
}

// knobs is the optimizer view's line: the η and μ that t/T and e/E change.
func (pn *panel) knobs(p *panelText, in panelInput) (eta, mu float64) {
	st := pn.styles
	eta, mu = in.tuning.Knobs()
	pn.optimizer(p, st.label, st.value, eta, mu)
	return eta, mu
}

// optimizer is a line "η …  μ …".
func (pn *panel) optimizer(p *panelText, label, w wrap, eta, mu float64) {
	p.text(label, " η ")
	p.num(w, eta)
	p.text(label, "  μ ")
	pn.mu(p, w, mu)
	p.end()
}

// physical is a line of the physical parameters meth reads.
func (pn *panel) physical(p *panelText, meth sim.Method, params sim.Params, label, w wrap) {
	p.text(label, " Δt ")
	p.num(w, params.Dt)
	if meth.HasMass() {
		p.text(label, "  m ")
		p.num(w, params.Mass)
	}
	if meth.ReadsFriction() {
		p.text(label, "  ε ")
		p.num(w, params.Friction)
	}
	p.end()
}

// panelNoise shows σ and the seed while noise is on: it changes every
// step the ball takes, so it stays in sight, not only in the note after
// [ or ].
func (pn *panel) panelNoise(p *panelText, in panelInput) {
	st := pn.styles
	if n := in.noise; n.Sigma > 0 {
		p.text(st.label, " noise σ ")
		p.num(st.value, n.Sigma)
		p.text(st.label, "  seed ")
		var tmp [20]byte
		p.bytes(st.value, strconv.AppendUint(tmp[:0], n.Seed, 10))
		p.end()
	}
}

// mu writes a momentum μ. Four digits would round one just below 1 to 1,
// the frictionless ball's μ, while friction still takes a little every
// step: that one is written 1 − (1 − μ).
func (pn *panel) mu(p *panelText, w wrap, mu float64) {
	if mu < 1 && mu >= 0.99995 {
		p.text(w, "1 − ")
		p.num(w, 1-mu)
		return
	}
	p.num(w, mu)
}

// panelRace lists the racers, marking the one with the lowest f (and
// saying so: "nearest the minimum" would need a distance, and at a
// different minimum of equal f it would mislead).
func (pn *panel) panelRace(p *panelText, in panelInput) {
	st := pn.styles
	lead := in.leader()
	p.text(st.title, " race")
	p.text(st.label, "  step ")
	p.int(st.value, in.leadStep())
	if lead >= 0 {
		p.text(st.good, "  ◀")
		p.text(st.dim, " lowest f")
	}
	p.end()
	pn.panelStatus(p, in)
	p.end()
	off := false
	for i, r := range in.racers {
		if !r.on {
			off = true
			continue // listed together below
		}
		name := " ● " + r.method.Title()
		if !pn.styles.Color {
			name = " " + r.method.Letter() + " " + r.method.Title()
		}
		if r.tag != "" {
			// A method that runs more than once (--racer): its k, which
			// the map draws as its glyph.
			name = " " + r.tag + " " + r.method.Title() + " #" + r.tag
		}
		p.text(st.racerWrap[r.method], name)
		switch {
		case r.p.Diverged:
			p.text(st.warn, "  diverged @")
			p.int(st.warn, r.p.Step+1)
		default:
			p.text(st.label, "  step ")
			p.int(st.value, r.p.Step)
			if i == lead {
				p.text(st.good, " ◀")
			}
		}
		p.end()
		if r.on {
			p.text(st.label, "   f ")
			p.num(st.value, r.p.F)
			p.text(st.label, "  |∇f| ")
			p.num(st.value, r.p.Grad.Norm())
			p.end()
			// Its own step: the racers share Δt, m and ε but read them
			// differently (flow steps Δt/ε, the heavy ball has μ = 1).
			eta, mu := sim.OptimizerOf(r.method, in.params(r))
			p.text(st.label, "   η ")
			p.num(st.value, eta)
			p.text(st.label, "  μ ")
			pn.mu(p, st.value, mu)
			if !r.method.Linear() {
				// Its settings, as PyTorch names them (lr, and β₁ for
				// the momentum); the step each coordinate takes adapts
				// to its gradients' size.
				p.text(st.dim, "  adaptive")
			}
			p.end()
			if in.ghost {
				ghostLine(p, st, r, "   ")
			}
		}
	}
	if off {
		// The racers waiting for their key, on one line: "off 2 H 4 N …".
		p.text(st.dim, " off")
		for _, r := range in.racers {
			if !r.on {
				p.text(st.dim, " ")
				p.text(st.dim, methodKeys[r.method])
				p.text(st.dim, " ")
				p.text(st.racerWrap[r.method], r.method.Letter())
				p.text(st.racerWrap[r.method], r.tag)
			}
		}
		p.end()
	}
	p.end()
	shared := false
	for _, r := range in.racers {
		shared = shared || r.on && r.tune == nil
	}
	if !shared {
		// Every racer runs with its own --racer settings (its η and μ
		// above): there are no shared parameters to show.
		p.text(st.dim, " each racer: its own settings")
		p.end()
		return
	}
	pn.panelShared(p, in)
}

// panelStability is the linear analysis of the focus particle: along each
// Hessian eigen-direction, ηλ against its limit 2(1+μ), the predicted
// contraction per step and the regime; then the measured contraction.
func (pn *panel) panelStability(p *panelText, in panelInput) {
	st := pn.styles
	r := in.focus()
	if !r.on || r.p.Diverged {
		return
	}
	if !r.method.Linear() {
		pn.panelAdaptive(p, in, r)
		return
	}
	params := in.params(r)
	modes := sim.Modes(r.method, params, in.land.Hess(r.p.Pos))
	p.section(secStability)
	p.text(st.title, " local stability")
	if in.race {
		p.text(st.racerWrap[r.method], " "+racerTitle(r))
	}
	p.end()
	for i, md := range modes {
		p.text(st.label, [2]string{" λ₁ ", " λ₂ "}[i])
		p.num(st.value, md.Lambda)
		p.text(st.label, " ηλ ")
		p.num(st.value, md.EtaLambda)
		p.text(st.label, "/")
		p.num(st.value, md.Limit)
		p.end()
		p.text(st.label, "    ρ ")
		p.num(st.value, md.Contraction)
		w := st.value
		if md.Regime == sim.Unstable || md.Regime == sim.NoMinimum {
			w = st.warn
		}
		name := regimeShort[md.Regime]
		if md.Alternates() && md.Regime != sim.Unstable && md.Regime != sim.NoMinimum {
			// A negative dominant root: the error flips sign every step,
			// the zig-zag across a ravine, not a slow oscillation. A
			// critically damped direction stays "critical" (the double
			// root is what matters) and says that it alternates too.
			name = "zig-zag"
			if md.Regime == sim.Critical {
				name = "critical, alternates"
			}
		}
		p.text(w, " "+name)
		p.end()
	}
	sys := in.system(r)
	if rate, n, ok := r.meter.Rate(&sys); ok {
		p.text(st.label, " measured ρ ")
		p.num(st.value, rate)
		p.text(st.dim, " · ")
		p.int(st.dim, n)
		p.text(st.dim, " steps")
		p.end()
	}
	p.text(st.dim, " k critical · o Polyak optimal")
	p.end()
	p.end()
	p.section(secPlane)
	pn.panelPlane(p, modes, r.method)
}

// regimeShort names a regime in the panel's narrow column.
var regimeShort = map[sim.Regime]string{
	sim.Underdamped: "underdamped",
	sim.Critical:    "critical",
	sim.Overdamped:  "overdamped",
	sim.Unstable:    "unstable",
	sim.NoMinimum:   "no minimum",
	sim.Undamped:    "undamped: orbits",
}

// hasEMAForm reports whether the panel shows meth's EMA form (α, β) or
// that it has none: Nesterov and the adaptive methods with mass are not
// the damped ball's EMA form, so the line is left out for them.
func hasEMAForm(meth sim.Method) bool { return meth.KeepsEnergy() || !meth.HasMass() }
