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

// explainEntry is one symbol and what it means; pre are lines drawn as
// they are under it (the (ηλ, μ) picture).
type explainEntry struct {
	sym, text string
	pre       []string
}

// explainEntries are the symbols with the current values of the focus
// particle (the single particle, or in a race the tunable ball), each
// saying what the panel shows for its method: its own update rule, limit,
// energy and, for the adaptive methods, the per-coordinate step instead of
// a linear rate.
func (m *Model) explainEntries(width int) []explainEntry {
	sc := m.scene()
	r := sc.focus()
	meth := r.method
	params := sc.params(r)
	eta, mu := sim.OptimizerOf(meth, params)
	form, linear := meth.Form()
	adapt, adaptive := meth.Adapts()
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
	m.explainMotion(add, meth, params, r, adapt, adaptive)
	if meth.ReadsFriction() {
		add("ε", "friction: a force −εv that slows the ball; it takes away energy every step. ε = "+num(params.Friction)+".")
	} else {
		add("ε", meth.Title()+" has no friction: it ignores ε, and nothing takes its energy away.")
	}
	add("Δt", "time step: how far each step moves time on. Δt = "+num(params.Dt)+"; time so far t = "+num(r.p.Time)+".")
	explainOptimizer(add, meth, eta, mu, adapt, adaptive)
	if hasEMAForm(meth) {
		// The panel's EMA line, as it shows it (panelParams).
		if alpha, beta, ok := params.EMA(); ok && meth.HasFriction() {
			add("α, β", "the same step as an exponential moving average of the slope: p ← αp + (1−α)∇f, x ← x − βp, with α = μ = "+num(alpha)+" and β = Δt/ε = "+num(beta)+".")
		} else {
			add("α, β", "the moving-average form p ← αp + (1−α)∇f, x ← x − βp needs 0 < μ < 1: "+meth.Title()+" has none (μ = "+num(mu)+").")
		}
	}
	rule := m.explainPanelLines(width, func(pn *panel, p *panelText) { pn.panelRule(p, meth, params) })
	e = append(e, explainEntry{sym: "update rule", text: "one step of " + meth.Title() + " with these numbers, as the panel writes it:", pre: rule})
	if sc.noise.Sigma > 0 {
		add("σ, seed", "noise: every step adds σ·ξ to ∇f, ξ random from the seed, as a stochastic gradient does. σ = "+num(sc.noise.Sigma)+", seed "+strconv.FormatUint(sc.noise.Seed, 10)+".")
	}

	switch {
	case !r.on || r.p.Diverged:
		add("stability", "the ball has left the finite numbers: there is no local picture to explain.")
	case adaptive:
		m.explainAdaptive(add, meth, params, r, adapt)
	case linear:
		plane := m.explainLinear(add, meth, params, r, form, width)
		e = append(e, plane)
	}
	m.explainEnergy(add, meth, params, r)
	if sc.ghost {
		add("◌, x̃", explainGhost(meth, r, sc.race))
	}
	arrows := "red: the force −∇f at the ball; cyan: its velocity v; "
	if !m.styles.Color {
		arrows = "the two lines of dots from the ball: the force −∇f and its velocity v (along the force for gradient flow); "
	}
	add("arrows", arrows+ArrowScale+".")
	return e
}

// explainMotion is what the ball's mass and velocity are: a mass that
// keeps its velocity, or none, moving at the speed its friction allows.
func (m *Model) explainMotion(add func(sym, text string), meth sim.Method, params sim.Params, r *racer, adapt sim.Adaptation, adaptive bool) {
	switch {
	case meth.HasMass():
		text := "mass: the heavier the ball, the longer it keeps its velocity against the slope. m = " + num(params.Mass) + "."
		if adaptive {
			text += " " + meth.Title() + " reads it through η = Δt²/m and divides each coordinate's step by " + adapt.Divisor + " besides: a mass per coordinate that grows with the slopes felt there."
		}
		add("m", text)
		if meth.LooksAhead() {
			w := sim.BallVelocity(meth, r.p.State)
			add("v", "velocity: how fast and which way the point drawn moves, its last move over Δt: |v| = "+num(r.p.Vel.Norm())+". The ball's own velocity w, which the update rule carries from step to step, is |w| = "+num(w.Norm())+".")
		} else {
			add("v", "velocity: how fast and which way the ball moves. |v| = "+num(r.p.Vel.Norm())+".")
		}
	case adaptive:
		// The panel's |v| is the last step's move over Δt (panelSingle).
		add("m, v", meth.Title()+" has no mass: it moves at the speed friction allows, vᵢ = −∂ᵢf/(ε("+adapt.Divisor+")), a friction per coordinate that grows with the slopes felt there; it keeps no velocity from step to step. Its last step's |v| = "+num(r.p.Vel.Norm())+".")
	default:
		add("m, v", meth.Title()+" has no mass: its velocity is always v = −∇f/ε, the speed friction allows, so it keeps no memory of earlier steps. |v| = "+num(shownSpeed(r, meth, params))+".")
	}
}

// explainOptimizer is the optimizer's reading of the step: η and μ.
func explainOptimizer(add func(sym, text string), meth sim.Method, eta, mu float64, adapt sim.Adaptation, adaptive bool) {
	switch {
	case meth.HasMass() && adaptive:
		add("η", "learning rate (PyTorch's lr): η = Δt²/m = "+num(eta)+"; "+meth.Title()+" divides each coordinate's step by "+adapt.Divisor+", so a unit of slope does not move it η.")
	case meth.HasMass():
		add("η", "learning rate: how far one step moves per unit of slope, η = Δt²/m = "+num(eta)+" (the optimizer's name for the same step).")
	case adaptive:
		add("η", "learning rate (PyTorch's lr): η = Δt/ε = "+num(eta)+"; "+meth.Title()+" moves each coordinate η·∂ᵢf/("+adapt.Divisor+"), not gradient descent's η·∂ᵢf.")
	default:
		add("η", "learning rate: how far one step moves per unit of slope, η = Δt/ε = "+num(eta)+": gradient descent.")
	}
	switch {
	case !meth.ReadsFriction():
		add("μ", "momentum: the fraction of its velocity the ball keeps from one step to the next; "+meth.Title()+" ignores ε (it has no friction), so μ = "+num(mu)+".")
	case meth.HasMass() && adaptive:
		add("μ", "momentum: the fraction of its momentum buffer kept from one step to the next (the factor "+num(mu)+" in the update rule), μ = 1 − Δtε/m = "+num(mu)+".")
	case meth.HasMass():
		add("μ", "momentum: the fraction of its velocity the ball keeps from one step to the next, μ = 1 − Δtε/m = "+num(mu)+".")
	default:
		add("μ", "momentum: the fraction of the last step kept in the next; with no mass nothing is kept, μ = "+num(mu)+".")
	}
}

// explainLinear is the linear analysis of a method with a fixed rate, in
// the formulas of its own characteristic polynomial (sim.LinearForm).
// It returns the (ηλ, μ) picture's entry, which add cannot write.
func (m *Model) explainLinear(add func(sym, text string), meth sim.Method, params sim.Params, r *racer, form sim.LinearForm, width int) explainEntry {
	sc := m.scene()
	h := sc.land.Hess(r.p.Pos)
	modes := sim.Modes(meth, params, h)
	add("λ₁, λ₂", "the curvatures of the landscape at the ball along its two main directions, flattest first: "+num(modes[0].Lambda)+" and "+num(modes[1].Lambda)+".")
	add("ηλ", "a direction's curvature measured in steps: "+num(modes[0].EtaLambda)+" and "+num(modes[1].EtaLambda)+".")
	add("/limit", "the stability limit of "+meth.Title()+", "+form.LimitText+" = "+num(modes[1].Limit)+": a direction with ηλ above it is thrown further out every step and the ball diverges.")
	// ρ is a property of the local quadratic (the curvatures here), not of
	// the path: far from a minimum the ball's distance to it shrinks at
	// quite another rate (rosenbrock's valley: 0.9992 a step against a ρ of
	// 0.9873), so the sentence says which quadratic it belongs to.
	add("ρ", "the contraction rate per step of the local quadratic (the bowl the curvatures here describe): how much the error along a direction would shrink each step on it, predicted from ηλ and μ: "+num(modes[0].Contraction)+" and "+num(modes[1].Contraction)+" (below 1 it shrinks, above 1 it grows). The ball's distance to a minimum follows it only near that minimum.")
	sys := sc.system(r)
	if rate, n, ok := r.meter.Rate(&sys); ok {
		add("measured ρ", "the rate measured from the ball's own last "+strconv.Itoa(n)+" steps: "+num(rate)+". Shown only when those steps follow one linear rule, which they do where the curvature stays the same along them (on a quadratic, and near a minimum); there it is the ρ above of the slowest direction the ball moves in.")
	} else {
		// With noise the kicks σ·ξ_k are in every step, so the steps follow
		// no linear rule even on a quadratic: that, not the curvature, is
		// why nothing is shown.
		why := "too few steps (since the start or the last change of setting), steps lost in round-off, or a path through changing curvature, where no single rate describes the motion."
		if sc.noise.Sigma > 0 {
			why = "noise (σ > 0): its random kicks are in every step and follow no linear rule, even on a quadratic, so the steps fit no single rate (a σ far too small to see would let one through, after 32 steps)."
		}
		add("measured ρ", "the rate measured from the ball's own last steps; shown only when at least 32 of them follow one linear rule, which they do where the curvature stays the same along them (on a quadratic, and near a minimum). Not now: "+why)
	}
	regimes := "underdamped: the direction overshoots and swings in, shrinking by " + form.SpiralText + " a step; overdamped: it creeps in without overshooting; unstable: ηλ is past the limit and it grows; no minimum: λ ≤ 0, the ground curves down"
	if form.Orbits {
		regimes += "; undamped: orbits: with no friction it neither spirals in nor out"
	}
	add("regimes", regimes+".")
	text := "the boundary between the two: a double root, the fastest approach without swinging. Key k sets the " + sim.Tunable.Title() + " ball's μ, at its η, to the fastest decay that η allows on the local curvatures"
	if snap, err := sc.tuning.SnapCritical(h); err == nil {
		text += ": here " + strings.TrimPrefix(snap.Note, "snapped: ") + "."
	} else {
		text += "; not here: " + err.Error() + "."
	}
	add("critical", text)
	add("zig-zag", "the error flips sign every step: the ball jumps across a ravine instead of swinging slowly; it still shrinks while ρ < 1.")
	text = "key o sets the " + sim.Tunable.Title() + " ball's η and μ to Polyak's optimum for the local curvatures, its fastest contraction for both directions at once: η = 4/(√λ₁+√λ₂)², μ = ((√λ₂−√λ₁)/(√λ₂+√λ₁))²"
	if snap, err := sc.tuning.SnapPolyak(h); err == nil {
		pe, pm := sim.OptimizerOf(sim.Tunable, snap.Tuning.For(sim.Tunable))
		text += ", here η = " + num(pe) + " and μ = " + num(pm) + "."
	} else {
		text += "; not here: " + err.Error() + "."
	}
	add("Polyak optimal", text)
	plane := m.explainPanelLines(min(width, 40), func(pn *panel, p *panelText) { pn.panelPlane(p, modes, meth) })
	return explainEntry{sym: "(ηλ, μ)", text: "where each direction (1, 2) sits for " + meth.Title() + ": between the critical curves ηλ = " + form.CriticalLoText + " and ηλ = " + form.CriticalHiText + " it is underdamped, right of the limit ηλ = " + form.LimitText + " it diverges.", pre: plane}
}

// explainAdaptive replaces the linear analysis for a method that divides
// each coordinate's step by the slopes it has felt, as the panel does
// (panelAdaptive).
func (m *Model) explainAdaptive(add func(sym, text string), meth sim.Method, params sim.Params, r *racer, adapt sim.Adaptation) {
	add("adaptive step", meth.Title()+" divides each coordinate's step by "+adapt.Divisor+", "+adapt.Of+". The step is no fixed multiple of the error, so there is no linear rate: the stability limit, ρ, the regimes and the (ηλ, μ) picture do not apply.")
	lx, ly, ok := sim.AdaptiveSteps(meth, params, r.p.State)
	if !ok {
		add("lr x, y", "each coordinate's learning rate η/("+adapt.Divisor+"), shown from step 1: the averages start empty.")
		return
	}
	dx, dy := sim.LastMove(params, r.p.State)
	// The averages are those after the last step, the ones it divided by;
	// the next step first adds the new slope to them, so its rate differs
	// (Adagrad on the ravine at step 5: 0.00923 used, 0.00847 next).
	add("lr x, y", "each coordinate's learning rate in the last step, η/("+adapt.Divisor+"): the factor the update rule multiplied that coordinate's slope (or its running average) by, "+num(lx)+" along x and "+num(ly)+" along y; the next step's is divided by averages that include the new slope. A rate, not the move itself: the last step moved Δx = "+num(dx)+" and Δy = "+num(dy)+".")
	what := "mass"
	if !meth.HasMass() {
		what = "friction"
	}
	add(what+" y/x", "y's effective "+what+" over x's: x's learning rate over y's, "+num(lx/ly)+".")
}

// explainEnergy says what the panel's energy line is (panelEnergyLine).
func (m *Model) explainEnergy(add func(sym, text string), meth sim.Method, params sim.Params, r *racer) {
	en := num(sim.Energy(m.scene().land, meth, params, &r.p))
	switch {
	case !meth.HasMass():
		add("energy", "with no mass there is no kinetic energy, so the energy shown is just f = "+en+".")
	case !meth.HasKinetic():
		add("energy", meth.Title()+" has no single mass (its step is divided per coordinate), so no kinetic energy is known to add: the energy shown is f alone, "+en+".")
	case !meth.KeepsEnergy():
		add("½m|w|² + f", "the ball's kinetic energy, from its own velocity w, plus f: "+en+". Not kept: "+meth.Title()+" feels the force at the point drawn, ahead of the ball, and its steps keep no known energy, so this is not constant even without friction.")
	default:
		// Measured over 200,000 heavy-ball steps at every landscape's
		// defaults from its own start: flat to 1e-14 on bowl and ravine; on
		// curved ground a bounded wobble of at most 0.9 % of the height
		// (himmelblau, rosenbrock), the same after 100,000 steps as in the
		// first 20,000; plateau 0.8 %. TestDefaultsEnergyTellsTheTruth holds
		// the 1 %. From other starts it is not bounded so: rosenbrock's
		// from (−1.44, 1.2), a little up its wall, wanders over 14.5 % of
		// the height in 100,000 steps (TestExplainShadowEnergyFromOtherStarts).
		add("Ẽ", "shadow energy: the energy the stepping ball keeps, ½m|v|² + f corrected by terms of order Δt. Without friction it is exactly constant on a quadratic (the bowl, the ravine); on curved ground it is kept only nearly: from the landscape's own start at its defaults it wobbles within about 1% of the landscape's height; from other starts, or with a larger Δt, more (rosenbrock from (−1.44, 1.2): about 15% in 100,000 steps). With friction it falls. Ẽ = "+en+".")
	}
}

// explainGhost says what the ghost is and, as the panel does (ghostLine),
// what the focus particle's ghost is doing.
func explainGhost(meth sim.Method, r *racer, race bool) string {
	text := "the ghost: the exact solution of the ball's equation of motion in continuous time (no steps, no noise) from the same start"
	g := &r.ghost
	if g.none {
		text += ". " + meth.Title() + " has no continuous-time twin, so none is drawn (the panel: ghost: " + meth.NoGhost() + ")"
		if race {
			text += "; the ◌ and faint lines are the ghosts of the racers whose methods have one"
		}
		return text + "."
	}
	text += ", drawn as ◌ and a faint line"
	switch {
	case g.tooLong:
		return text + ". Not drawn now: the run was too long to replay; r starts again with it."
	case !g.seeded:
		return text + "."
	case g.tw.Failed:
		return text + ". This one has left the finite numbers."
	}
	return text + "; while Δt is small the ball rides on it; the distance between them now is |x − x̃| = " + num(g.distance(r.p.Pos)) + "."
}

// explainPanelLines are the lines draw writes into a panel width cells
// wide (at most 40), as the panel shows them: the explain page quotes
// the panel's own rule and picture rather than writing them again.
func (m *Model) explainPanelLines(width int, draw func(pn *panel, p *panelText)) []string {
	var pn panel
	pn.styles = m.styles
	pn.text.setSize(min(width, 40), 100)
	pn.text.reset()
	draw(&pn, &pn.text)
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
			for _, l := range wrapWords(minusSigns(e.text), max(10, w-4)) {
				lines = append(lines, "   "+l)
			}
		} else {
			pad := strings.Repeat(" ", symW-ansi.StringWidth(e.sym)-1)
			for i, l := range wrapWords(minusSigns(e.text), max(10, w-symW-1)) {
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

// minusSigns writes the sign of a negative number as − (U+2212): the
// wrapping breaks lines after a hyphen, and "Δy = -" at a line's end with
// its digits on the next would read as two things.
func minusSigns(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	b := []byte(s)
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] == '-' && i+1 < len(b) && (b[i+1] >= '0' && b[i+1] <= '9' || b[i+1] == '.') && (i == 0 || b[i-1] == ' ' || b[i-1] == '(') {
			out.WriteString("−")
			continue
		}
		out.WriteByte(b[i])
	}
	return out.String()
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
