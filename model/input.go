package model

import (
	"errors"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// Parameter keys multiply by this factor per press: 25 presses span ×250.
const paramFactor = 1.25

// Speed limits in steps per second.
const (
	minSPS = 1
	maxSPS = 1 << 16
)

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if m.explain && !key.Matches(msg, k.Quit) {
		m.explainKey(msg.String())
		return nil
	}
	m.note = ""
	if m.message != "" {
		m.message = ""
		m.layout()
	}
	defer m.retape()
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		m.stopBasins() // no work left running for a closed session
		return tea.Quit
	case key.Matches(msg, k.Help):
		// '?' opens every key, turns its pages, and closes it after the last.
		b := m.bar
		switch {
		case !b.showAll:
			b.showAll, b.page = true, 0
		case b.page+1 < b.pages:
			b.page++
		default:
			b.showAll = false
		}
		m.layout()
		m.setHelpLabel()
	case key.Matches(msg, k.Close) && m.bar.showAll:
		m.bar.showAll = false
		m.layout()
		m.setHelpLabel()
	case key.Matches(msg, k.Explain):
		m.explain, m.explainPage = true, 0
	case key.Matches(msg, k.Play):
		return m.setPlaying(!m.playing)
	case key.Matches(msg, k.Step):
		// A step while playing pauses first: stepping is for looking closely.
		cmd := m.setPlaying(false)
		m.advance(1)
		return cmd
	case key.Matches(msg, k.Reset):
		m.reset()
		if m.playing {
			return m.setPlaying(true)
		}
	case key.Matches(msg, k.Methods...):
		for i, b := range k.Methods {
			if key.Matches(msg, b) {
				m.chooseMethod(sim.Methods[i])
			}
		}
	case key.Matches(msg, k.Race):
		return m.toggleRace()
	case key.Matches(msg, k.NextLand):
		m.switchLandscape(1)
	case key.Matches(msg, k.PrevLand):
		m.switchLandscape(-1)
	case key.Matches(msg, k.View):
		m.setOptView(!m.optView)
		m.layout() // the help's labels changed
	case key.Matches(msg, k.DtDown):
		m.lrKey(false)
	case key.Matches(msg, k.DtUp):
		m.lrKey(true)
	case key.Matches(msg, k.MassElsewhere):
		m.note = "mass is not an optimizer knob: v shows Δt, m, ε"
	case key.Matches(msg, k.MassDown):
		m.scaleParam(func(p *sim.Params) { p.Mass /= paramFactor })
	case key.Matches(msg, k.MassUp):
		m.scaleParam(func(p *sim.Params) { p.Mass *= paramFactor })
	case key.Matches(msg, k.FrictionDown):
		m.frictionKey(false)
	case key.Matches(msg, k.FrictionUp):
		m.frictionKey(true)
	case key.Matches(msg, k.Critical):
		m.snap(sim.Tuning.SnapCritical)
	case key.Matches(msg, k.Optimal):
		m.snap(sim.Tuning.SnapPolyak)
	case key.Matches(msg, k.Slower):
		m.sps = max(minSPS, m.sps/2)
	case key.Matches(msg, k.Faster):
		m.sps = min(maxSPS, m.sps*2)
	case key.Matches(msg, k.Arrows):
		m.arrows = !m.arrows
	case key.Matches(msg, k.Ghost):
		m.toggleGhost()
	case key.Matches(msg, k.Basins):
		m.touch()
		return m.toggleBasins()
	case key.Matches(msg, k.ZoomIn):
		m.zoomBy(zoomStep)
	case key.Matches(msg, k.ZoomOut):
		m.zoomBy(1 / zoomStep)
	case key.Matches(msg, k.PanLeft):
		m.panBy(-1, 0)
	case key.Matches(msg, k.PanRight):
		m.panBy(1, 0)
	case key.Matches(msg, k.PanUp):
		m.panBy(0, -1)
	case key.Matches(msg, k.PanDown):
		m.panBy(0, 1)
	case key.Matches(msg, k.ZoomReset):
		m.resetZoom()
	case key.Matches(msg, k.Charts):
		m.toggleCharts()
	case key.Matches(msg, k.NoiseUp):
		m.setNoise(m.noiseUp())
	case key.Matches(msg, k.NoiseDown):
		m.setNoise(m.noise.Sigma / 2)
	case key.Matches(msg, k.Reseed):
		m.noise.Seed++
		m.note = "noise seed " + strconv.FormatUint(m.noise.Seed, 10)
	case key.Matches(msg, k.Expr):
		m.openExpr()
	case key.Matches(msg, k.Share):
		m.message = m.Command()
		if m.edited() {
			m.message += "   (settings changed mid-run: this reproduces the current ones from the start)"
		}
		m.layout()
	case key.Matches(msg, k.Export):
		return m.export()
	case key.Matches(msg, k.Scenario):
		m.stepScenario(1)
	case key.Matches(msg, k.PrevScenario):
		m.stepScenario(-1)
	case key.Matches(msg, k.ClearTrail):
		for _, r := range m.racers {
			r.trail.Reset()
			m.recordTrail(r)
		}
	}
	m.touch()
	return nil
}

// setHelpLabel names what '?' will do next, once the layout has counted
// the help's pages, and redraws the bar with it (same lines, same layout).
func (m *Model) setHelpLabel() {
	b := m.bar
	switch {
	case !b.showAll:
		m.keys.Help.SetHelp("?", "more keys")
	case b.page+1 < b.pages:
		m.keys.Help.SetHelp("?", "next keys")
	default:
		m.keys.Help.SetHelp("?", "close help")
	}
	b.draw(m.barInput())
}

// chooseMethod switches the single particle's dynamics live: it keeps its
// place, its step count and its velocity (for gradient flow the last −∇f/ε,
// the velocity it really had), so the motion changes from this point on.
// In race mode the same keys toggle that racer on and off instead.
func (m *Model) chooseMethod(meth sim.Method) {
	if m.race && m.custom != nil {
		m.toggleRacers(meth)
		return
	}
	if err := m.tuning.Valid(meth); err != nil && (!m.race || !m.racers[meth].on) {
		m.note = refusal(err) // e.g. flow, with no friction to set its speed
		return
	}
	if !m.race {
		if meth != m.method {
			// The particle takes the new method's memory now (sim's
			// Adopt), so the panel shows it; say what it forgot.
			m.racers[0].p.Adopt(meth)
			if why := meth.Resets(); why != "" {
				m.note = why
			}
		}
		m.method = meth
		m.racers[0].method = meth
		return
	}
	m.toggleRacer(int(meth))
}

// toggleRacer switches racer i on or off.
func (m *Model) toggleRacer(i int) {
	r := m.racers[i]
	r.on = !r.on
	if r.on && r.p.Step < m.leadStep() {
		// A racer switched back on rejoins from the start, so a race stays fair.
		r.reset(m.land(), m.start)
		m.recordTrail(r)
		m.charts.forget(i)
	}
}

// toggleRacers is a method key in a --racer race: it toggles every racer
// of that method (all on when any is off), or says there is none.
func (m *Model) toggleRacers(meth sim.Method) {
	var idx []int
	allOn := true
	for i, r := range m.racers {
		if r.method == meth {
			idx = append(idx, i)
			allOn = allOn && r.on
		}
	}
	if len(idx) == 0 {
		m.note = "no " + meth.Title() + " in this race (set by --racer)"
		return
	}
	for _, i := range idx {
		if m.racers[i].on == allOn {
			if err := m.system(m.racers[i]).Params.ValidFor(meth); err != nil && !allOn {
				m.note = refusal(err)
				continue
			}
			m.toggleRacer(i)
		}
	}
}

// leadStep is the largest step any racer has reached.
func (m *Model) leadStep() int { return m.scene().leadStep() }

// toggleRace enters or leaves race mode. Both start over from the start:
// a race is only fair from the same place at the same step.
func (m *Model) toggleRace() tea.Cmd {
	m.race = !m.race
	m.custom = nil // back in, c races the default three
	m.buildRacers(nil)
	m.reset()
	if m.race {
		m.note = "race: 1–7 toggle racers (4–7: Nesterov, Adam, RMSprop, Adagrad)"
	}
	if m.playing {
		return m.setPlaying(true)
	}
	return nil
}

// switchLandscape moves to the next or previous landscape, with its own
// start, parameters and speed: parameters tuned for one surface rarely suit
// another.
func (m *Model) switchLandscape(delta int) {
	n := len(m.lands)
	m.li = ((m.li+delta)%n + n) % n
	if m.scenario != nil {
		m.scenario = nil
		defer m.layout() // the caption's lines go
	}
	m.loadLandscape()
	m.reset()
}

// scaleParam changes a physical parameter; in the optimizer view it
// changes η and μ as they would change the ball that view describes (see
// sim.Tuning.Scaled).
func (m *Model) scaleParam(change func(*sim.Params)) {
	m.setTuning(m.tuning.Scaled(change))
}

// setTuning takes new parameters if every racer can run with them.
func (m *Model) setTuning(t sim.Tuning) {
	running := m.running()
	if len(running) == 0 {
		running = sim.Methods // a race with every racer off: any may come back
	}
	if err := t.Valid(running...); err != nil {
		m.note = refusal(err)
		return
	}
	m.tuning = t
	for _, r := range m.racers {
		if r.on && r.tune != nil {
			m.note = "racers with their own settings (--racer keys) keep them"
			break
		}
	}
}

// noiseUp is the next larger noise: doubled, or from none a tenth of the
// gradient at the start, so it is visible but does not swamp the slope.
func (m *Model) noiseUp() float64 {
	if m.noise.Sigma > 0 {
		return m.noise.Sigma * 2
	}
	g := m.land().Grad(m.start).Norm()
	if !(g > 0) || !finite(g) {
		g = 1
	}
	return 0.1 * g
}

// setNoise sets σ, dropping to none once it is negligible.
func (m *Model) setNoise(sigma float64) {
	if sigma < 1e-9 || !finite(sigma) {
		sigma = 0
	}
	m.noise.Sigma = sigma
	if sigma == 0 {
		m.note = "noise off"
	} else {
		m.note = "noise σ " + strconv.FormatFloat(sigma, 'g', 3, 64)
	}
}

// snap sets the tunable ball's η and μ from the local quadratic at the
// particle (see sim.Tuning.SnapCritical and SnapPolyak). Only that ball has
// both knobs, so the single particle switches to it.
func (m *Model) snap(snapTo func(sim.Tuning, landscapes.Sym) (sim.Snap, error)) {
	snap, err := snapTo(m.tuning, m.land().Hess(m.focus().p.Pos))
	if err != nil {
		m.note = err.Error()
		return
	}
	before := m.tuning
	if m.setTuning(snap.Tuning); m.tuning == before {
		return
	}
	if !m.race {
		m.chooseMethod(sim.Tunable)
	}
	m.note = snap.Note
}

// focus is the particle the panel's local analysis describes (see scene.focus).
func (m *Model) focus() *racer { return m.scene().focus() }

// handleMouse: a left click on the landscape moves the start there and resets.
func (m *Model) handleMouse(msg tea.MouseMsg) {
	if m.explain || msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return
	}
	if cols, rows := m.field.Size(); msg.X < 0 || msg.Y < 0 || msg.X >= cols || msg.Y >= rows {
		return
	}
	p := m.field.CellCenter(msg.X, msg.Y)
	if !m.land().FiniteAt(p) {
		m.note = "f is not finite there"
		return
	}
	m.start = p
	m.reset()
}

// refusal is the note for parameters a method cannot run with: a
// parameter's reason in a few words, since the panel is narrow.
func refusal(err error) string {
	var pe sim.ParamError
	if errors.As(err, &pe) {
		return "kept: " + pe.Note()
	}
	return "kept: " + err.Error()
}
