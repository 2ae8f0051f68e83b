package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/sim"
)

// The explain page ('i'): every symbol on the screen in a sentence, in the
// words of the physics (mass, velocity, friction, time step) and of the
// optimizer (learning rate, momentum), with the values it has now. Every
// value is read from sim for the particle the panel describes, never worked
// out again here. It replaces the screen until 'i' or esc, a page at a
// time where it does not fit.

// arrowScaleNote says what an arrow's length means (see arrowLength).
const arrowScaleNote = ArrowScale

// explainEntry is one symbol and what it means; pre are lines drawn as
// they are under it (the (ηλ, μ) picture).
type explainEntry struct {
	sym, text string
	pre       []string
}

// explainEntries are the symbols with the current values of the focus
// particle (the single particle, or in a race the tunable ball).
func (m *Model) explainEntries(width int) []explainEntry {
	sc := m.scene()
	r := sc.focus()
	meth := r.method
	params := sc.params(r)
	eta, mu := sim.OptimizerOf(meth, params)
	c := params.Coeffs(meth)
	var e []explainEntry
	add := func(sym, text string) { e = append(e, explainEntry{sym: sym, text: text}) }

	who := "The ball"
	if sc.race {
		who = "In a race every racer has its own numbers; here those of " + meth.Title() + ". The ball"
	}
	add("●", who+" is "+meth.Title()+", moving by "+meth.Law()+"; ○ is where it started, × the landscape's minima.")
	if sc.race {
		add("◀", "marks the racer with the lowest f now (lowest, not nearest a minimum); off: a racer switched off with its key; diverged @K: it left the finite numbers at step K.")
	}
	add("f", "the loss: the height of the landscape under the ball, f = "+sc.land.Formula+"; here f = "+num(r.p.F)+".")
	add("∇f", "the slope of f (its gradient); the ball is pushed downhill by the force −∇f. Here |∇f| = "+num(r.p.Grad.Norm())+".")
	if meth.HasMass() {
		add("m", "mass: the heavier the ball, the longer it keeps its velocity against the slope. m = "+num(params.Mass)+"."+adaptiveMassNote(meth))
		add("v", "velocity: how fast and which way the ball moves. |v| = "+num(r.p.Vel.Norm())+".")
	} else if !meth.Linear() {
		add("m, v", meth.Title()+" has no mass: it moves at the speed its friction allows, per coordinate, with no memory of its velocity; |v| = "+num(r.p.Vel.Norm())+", its last step over Δt.")
	} else {
		add("m, v", meth.Title()+" has no mass: its velocity is always v = −∇f/ε, the speed friction allows, so it keeps no memory of earlier steps. |v| = "+num(r.p.Grad.Norm()*c.B)+".")
	}
	if meth.ReadsFriction() {
		add("ε", "friction: a force −εv that slows the ball; it takes away energy every step. ε = "+num(params.Friction)+".")
	} else {
		add("ε", meth.Title()+" has no friction: nothing takes its energy away.")
	}
	add("Δt", "time step: how far each step moves time on. Δt = "+num(params.Dt)+"; time so far t = "+num(r.p.Time)+".")
	if meth.HasMass() {
		add("η", "learning rate: how far one step moves per unit of slope, η = Δt²/m = "+num(eta)+" (the optimizer's name for the same step).")
		add("μ", "momentum: the fraction of its velocity the ball keeps from one step to the next, μ = 1 − Δtε/m = "+num(mu)+".")
	} else {
		if meth.Linear() {
			add("η", "learning rate: how far one step moves per unit of slope, η = Δt/ε = "+num(eta)+": gradient descent.")
		} else {
			add("η", "learning rate: η = Δt/ε = "+num(eta)+", divided per coordinate by the root of the squared slope felt so far.")
		}
		add("μ", "momentum: the fraction of the last step kept in the next; with no mass nothing is kept, μ = "+num(mu)+".")
	}
	if !meth.KeepsEnergy() && meth.HasMass() {
		// Nesterov and the adaptive methods are not the damped ball's EMA form.
	} else if alpha, beta, ok := params.EMA(); ok && meth.HasFriction() {
		add("α, β", "the same step as an exponential moving average of the slope: p ← αp + (1−α)∇f, x ← x − βp, with α = μ = "+num(alpha)+" and β = Δt/ε = "+num(beta)+".")
	} else {
		add("α, β", "the moving-average form p ← αp + (1−α)∇f, x ← x − βp needs 0 < μ < 1: "+meth.Title()+" has none (μ = "+num(mu)+").")
	}
	if rule := methodRuleText(meth, c); rule != "" {
		add("update rule", rule)
	} else if meth.HasMass() {
		add("update rule", "one step with these numbers: v ← "+num(c.A)+"·v − "+num(c.B)+"·∇f, then x ← x + "+num(c.Dt)+"·v.")
	} else {
		add("update rule", "one step with these numbers: x ← x − "+num(eta)+"·∇f.")
	}
	if sc.noise.Sigma > 0 {
		add("σ, seed", "noise: every step adds σ·ξ to ∇f, ξ random from the seed, as a stochastic gradient does. σ = "+num(sc.noise.Sigma)+", seed "+strconv.FormatUint(sc.noise.Seed, 10)+".")
	}

	if !r.on || r.p.Diverged {
		add("stability", "the ball has left the finite numbers: there is no local picture to explain.")
	} else if !meth.Linear() {
		add("adaptive step", adaptiveStepText(meth, params, r.p.State))
	} else {
		modes := sim.Modes(meth, params, sc.land.Hess(r.p.Pos))
		add("λ₁, λ₂", "the curvatures of the landscape at the ball along its two main directions, flattest first: "+num(modes[0].Lambda)+" and "+num(modes[1].Lambda)+".")
		add("ηλ", "a direction's curvature measured in steps: "+num(modes[0].EtaLambda)+" and "+num(modes[1].EtaLambda)+".")
		add("/limit", "the stability limit "+limitFormula(meth)+" = "+num(modes[1].Limit)+": a direction with ηλ above it is thrown further out every step and the ball diverges.")
		add("ρ", "the contraction rate per step: the factor by which the distance to the minimum shrinks each step along a direction, predicted from ηλ and μ: "+num(modes[0].Contraction)+" and "+num(modes[1].Contraction)+" (below 1 it shrinks, above 1 it grows).")
		if rate, n, ok := r.meter.Rate(); ok {
			add("measured ρ", "the same rate measured from the ball's own last "+strconv.Itoa(n)+" steps: "+num(rate)+".")
		} else {
			add("measured ρ", "the same rate measured from the ball's own last steps; shown once there are enough steps and they fit one linear rule (not yet, or not here).")
		}
		add("regimes", "underdamped: the direction overshoots and swings in, shrinking by "+underdampedRate(meth)+" a step; overdamped: it creeps in without overshooting; unstable: ηλ is past the limit and it grows; no minimum: λ ≤ 0, the ground curves down; undamped: orbits: with no friction it neither spirals in nor out.")
		h := sc.land.Hess(r.p.Pos)
		text := "the boundary between the two: the fastest approach without swinging. Key k sets the " + sim.Tunable.Title() + " ball's momentum for it along the flattest direction"
		if snap, err := sc.tuning.SnapCritical(h); err == nil {
			ke, km := sim.OptimizerOf(sim.Tunable, snap.Tuning.For(sim.Tunable))
			text += ": here μ = " + num(km) + " at η = " + num(ke) + "."
		} else {
			text += "; not here: " + err.Error() + "."
		}
		add("critical", text)
		add("zig-zag", "the error flips sign every step: the ball jumps across a ravine instead of swinging slowly; it still shrinks while ρ < 1.")
		text = "key o sets η and μ to Polyak's optimum for the local curvatures, the fastest contraction for both directions at once: η = 4/(√λ₁+√λ₂)², μ = ((√λ₂−√λ₁)/(√λ₂+√λ₁))²"
		if snap, err := sc.tuning.SnapPolyak(h); err == nil {
			pe, pm := sim.OptimizerOf(sim.Tunable, snap.Tuning.For(sim.Tunable))
			text += ", here η = " + num(pe) + " and μ = " + num(pm) + "."
		} else {
			text += "; not here: " + err.Error() + "."
		}
		add("Polyak optimal", text)
		planeText := "where each direction (1, 2) sits: between the critical curves ηλ = (1 ∓ √μ)² it is underdamped, right of the limit ηλ = 2(1+μ) it diverges."
		if meth == sim.Nesterov {
			planeText = "where each direction (1, 2) sits: between ηλ = ((1−μ)/(1+μ))² and ηλ = 1 it is underdamped, right of the limit ηλ = 2(1+μ)/(1+2μ) it diverges; dashed, the heavy ball's limit 2(1+μ)."
		}
		e = append(e, explainEntry{sym: "(ηλ, μ)", text: planeText, pre: m.explainPlane(modes, meth, width)})
	}
	if !meth.KeepsEnergy() && meth.HasMass() {
		add("energy", energyText(meth)+" = "+num(sim.Energy(sc.land, meth, params, &r.p))+".")
	} else if meth.HasMass() {
		add("Ẽ", "shadow energy: the energy the stepping ball really keeps, ½m|v|² + f corrected by terms of order Δt; constant without friction, falling with it. Ẽ = "+num(sim.Energy(sc.land, meth, params, &r.p))+".")
	} else {
		add("Ẽ", "energy: with no mass there is no kinetic energy, so the energy is just f = "+num(r.p.F)+".")
	}
	if sc.ghost {
		text := "the ghost: the exact solution of the ball's equation of motion in continuous time (no steps, no noise) from the same start, drawn as ◌ and a faint line; while Δt is small the ball rides on it"
		if g := &r.ghost; g.seeded && !g.none && !g.tooLong && !g.tw.Failed {
			text += "; the distance between them now is |x − x̃| = " + num(g.distance(r.p.Pos))
		}
		add("◌, x̃", text+".")
	}
	arrows := "red: the force −∇f at the ball; cyan: its velocity v; "
	if !m.styles.Color {
		arrows = "the two lines of dots from the ball: the force −∇f and its velocity v (along the force for gradient flow); "
	}
	add("arrows", arrows+arrowScaleNote+".")
	return e
}

// explainPlane draws the (ηλ, μ) picture as the panel does, width cells wide at most.
func (m *Model) explainPlane(modes [2]sim.Mode, meth sim.Method, width int) []string {
	var pn panel
	pn.styles = m.styles
	pn.text.setSize(min(width, 40), 100)
	pn.text.reset()
	pn.panelPlane(&pn.text, modes, meth)
	var out []string
	for i := range pn.text.ends {
		start := 0
		if i > 0 {
			start = pn.text.ends[i-1]
		}
		out = append(out, strings.TrimRight(string(pn.text.buf[start:pn.text.ends[i]]), " "))
	}
	return out
}

// explainSymWidth is the symbol column's width.
const explainSymWidth = 12

// explainPages lays the entries out w cells wide, at most rows lines a
// page; an entry is never split across pages.
func (m *Model) explainPages(w, rows int) [][]string {
	st := m.styles
	var pages [][]string
	var page []string
	for _, e := range m.explainEntries(w - 2) {
		var lines []string
		symW := explainSymWidth
		if w < 70 {
			symW = 8 // narrow: longer symbols go on a line of their own
		}
		sym := st.Title.Render(" " + e.sym)
		if ansi.StringWidth(e.sym)+2 > symW {
			lines = append(lines, sym)
			for _, l := range wrapWords(e.text, max(10, w-4)) {
				lines = append(lines, "   "+l)
			}
		} else {
			pad := strings.Repeat(" ", symW-ansi.StringWidth(e.sym)-1)
			for i, l := range wrapWords(e.text, max(10, w-symW-1)) {
				if i == 0 {
					lines = append(lines, sym+pad+l)
				} else {
					lines = append(lines, strings.Repeat(" ", symW)+l)
				}
			}
		}
		for _, l := range e.pre {
			lines = append(lines, strings.Repeat(" ", min(symW, 3))+l)
		}
		if len(page) > 0 && len(page)+len(lines) > rows {
			pages = append(pages, page)
			page = nil
		}
		page = append(page, lines...)
	}
	if len(page) > 0 {
		pages = append(pages, page)
	}
	return pages
}

// viewExplain draws the explain page: a title, the page's entries and
// the keys that turn and close it.
func (m *Model) viewExplain() string {
	w, h := m.width, m.height
	pages := m.explainPages(w, max(1, h-2))
	m.explainPage = max(0, min(m.explainPage, len(pages)-1)) // the screen may have grown
	st := m.styles
	title := " What the screen shows"
	if len(pages) > 1 {
		title += " · page " + strconv.Itoa(m.explainPage+1) + "/" + strconv.Itoa(len(pages))
	}
	lines := []string{st.Title.Render(title)}
	lines = append(lines, pages[m.explainPage]...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	keys := " i/esc close"
	if len(pages) > 1 {
		keys = " →/space next page · ← previous ·" + keys
	}
	lines = append(lines[:h-1], st.Dim.Render(keys))
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(lines, "\n")
}

// explainKey handles a key while the explain page is open: it turns the
// page, closes it or quits; other keys wait until it is closed.
func (m *Model) explainKey(key string) {
	switch key {
	case "i", "esc":
		m.explain = false
	case "right", " ", "pgdown", "l", "j", "down":
		m.explainPage = min(m.explainPage+1, len(m.explainPages(m.width, max(1, m.height-2)))-1)
	case "left", "pgup", "b", "h", "k", "up":
		m.explainPage = max(0, m.explainPage-1)
	}
	m.touch()
}
