package model

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
	case key.Matches(msg, k.Play):
		if m.racer.p.Diverged {
			return nil
		}
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
	case key.Matches(msg, k.Flow):
		m.setMethod(sim.Flow)
	case key.Matches(msg, k.Heavy):
		m.setMethod(sim.Heavy)
	case key.Matches(msg, k.Damped):
		m.setMethod(sim.Damped)
	case key.Matches(msg, k.NextLand):
		m.switchLandscape(1)
	case key.Matches(msg, k.PrevLand):
		m.switchLandscape(-1)
	case key.Matches(msg, k.DtDown):
		m.scaleParam(func(p *sim.Params) { p.Dt /= paramFactor })
	case key.Matches(msg, k.DtUp):
		m.scaleParam(func(p *sim.Params) { p.Dt *= paramFactor })
	case key.Matches(msg, k.MassDown):
		m.scaleParam(func(p *sim.Params) { p.Mass /= paramFactor })
	case key.Matches(msg, k.MassUp):
		m.scaleParam(func(p *sim.Params) { p.Mass *= paramFactor })
	case key.Matches(msg, k.FrictionDown):
		m.scaleParam(frictionDown)
	case key.Matches(msg, k.FrictionUp):
		m.scaleParam(frictionUp)
	case key.Matches(msg, k.Slower):
		m.sps = max(minSPS, m.sps/2)
		m.frame.stale = true
	case key.Matches(msg, k.Faster):
		m.sps = min(maxSPS, m.sps*2)
		m.frame.stale = true
	case key.Matches(msg, k.ClearTrail):
		m.racer.trail.Reset()
		m.recordTrail()
		m.frame.stale = true
	}
	return nil
}

// setMethod switches the dynamics live: the particle keeps its place, its
// step count and its velocity (for gradient flow the last −∇f, which is the
// velocity it really had), so the motion changes from this point on.
func (m *Model) setMethod(meth sim.Method) {
	m.racer.method = meth
	m.frame.stale = true
}

// switchLandscape moves to the next or previous landscape, with its own
// start, parameters and speed: parameters tuned for one surface rarely suit
// another.
func (m *Model) switchLandscape(delta int) {
	n := len(m.lands)
	m.li = ((m.li+delta)%n + n) % n
	m.loadLandscape()
	m.reset()
}

// scaleParam changes a physical parameter. Parameters given in the optimizer
// view are first turned into the physical ones the current method runs with.
func (m *Model) scaleParam(change func(*sim.Params)) {
	p := m.tuning.For(m.racer.method)
	change(&p)
	if p.Validate() != nil {
		return
	}
	m.tuning = sim.Tuning{Physical: p}
	m.frame.stale = true
}

// frictionUp leaves zero friction at μ = 0.99 and grows it from there.
func frictionUp(p *sim.Params) {
	if p.Friction == 0 {
		p.Friction = 0.01 * p.Mass / p.Dt
		return
	}
	p.Friction *= paramFactor
}

// frictionDown shrinks friction and snaps to zero once μ is within 0.001 of 1.
func frictionDown(p *sim.Params) {
	p.Friction /= paramFactor
	if p.Dt*p.Friction/p.Mass < 1e-3 {
		p.Friction = 0
	}
}

// handleMouse: a left click on the landscape moves the start there and resets.
func (m *Model) handleMouse(msg tea.MouseMsg) {
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return
	}
	if msg.X < 0 || msg.Y < 0 || msg.X >= m.field.cols || msg.Y >= m.field.rows {
		return
	}
	p := m.field.CellCenter(msg.X, msg.Y)
	if f, g := m.land().F(p), m.land().Grad(p); !finite(f) || !g.IsFinite() {
		return
	}
	m.start = p
	m.reset()
}
