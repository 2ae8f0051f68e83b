package model

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"

	"github.com/momentum-sim/momentum/sim"
)

// wrap is a text style split into the escape before and after its text, so
// panel lines are appended byte by byte instead of rendered through lipgloss
// on every frame.
type wrap struct{ pre, post string }

func wrapOf(s lipgloss.Style) wrap {
	pre, post, _ := strings.Cut(s.Render("X"), "X")
	return wrap{pre, post}
}

// panelText is the side panel as one buffer of fixed-width lines.
type panelText struct {
	width, rows int
	buf         []byte
	ends        []int // end offset of each line in buf
	cur         int   // visible width of the line being written
	blank       string
}

func (p *panelText) setSize(w, rows int) {
	p.width, p.rows = w, rows
	p.blank = strings.Repeat(" ", w)
}

func (p *panelText) reset() {
	p.buf, p.ends, p.cur = p.buf[:0], p.ends[:0], 0
}

// bytes appends b, UTF-8 text, in style w: text without a string.
func (p *panelText) bytes(w wrap, b []byte) {
	room := p.width - p.cur
	if room <= 0 || len(b) == 0 {
		return
	}
	cut := 0
	n := 0
	for cut < len(b) && n < room {
		_, size := utf8.DecodeRune(b[cut:])
		cut += size
		n++
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, b[:cut]...)
	p.buf = append(p.buf, w.post...)
	p.cur += n
}

// text appends s in style w, cut at the panel's width (keeping one column
// of margin on the left, which the line start provides).
func (p *panelText) text(w wrap, s string) {
	room := p.width - p.cur
	if room <= 0 || s == "" {
		return
	}
	if utf8.RuneCountInString(s) > room {
		cut := 0
		for range room {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
		}
		s = s[:cut]
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, s...)
	p.buf = append(p.buf, w.post...)
	p.cur += utf8.RuneCountInString(s)
}

// int appends a whole number without allocating.
func (p *panelText) int(w wrap, n int) {
	var tmp [20]byte
	p.bytes(w, strconv.AppendInt(tmp[:0], int64(n), 10))
}

// num appends a number with four significant digits.
func (p *panelText) num(w wrap, v float64) {
	var tmp [32]byte
	p.bytes(w, appendNum(tmp[:0], v))
}

// appendNum formats v briefly: four significant digits, whole numbers
// up to a million, exponents only for very large or small magnitudes.
func appendNum(b []byte, v float64) []byte {
	switch a := math.Abs(v); {
	case v == 0:
		return append(b, '0')
	case a >= 1000 && a < 1e6:
		return strconv.AppendFloat(b, v, 'f', 0, 64)
	case a >= 1e-3 && a < 1000:
		return strconv.AppendFloat(b, v, 'g', 4, 64)
	}
	return strconv.AppendFloat(b, v, 'g', 3, 64)
}

// end pads the line to the panel width and starts the next one.
func (p *panelText) end() {
	if pad := p.width - p.cur; pad > 0 {
		p.buf = append(p.buf, p.blank[:pad]...)
	}
	p.ends = append(p.ends, len(p.buf))
	p.cur = 0
}

// line returns panel line r, or blanks below the last line.
func (p *panelText) line(r int) []byte {
	if r >= len(p.ends) {
		return []byte(p.blank)
	}
	start := 0
	if r > 0 {
		start = p.ends[r-1]
	}
	return p.buf[start:p.ends[r]]
}

// buildPanel writes the side panel: what moves, by which law, with which
// numbers, the same numbers read as optimizer settings, and the local
// stability analysis at the particle.
func (m *Model) buildPanel() {
	st := m.styles
	p := &m.frame.panel
	p.reset()
	l := m.land()
	p.text(st.title, " "+l.Name)
	p.end()
	p.text(st.dim, " f = "+l.Formula)
	p.end()
	p.end()
	if m.race {
		m.panelRace(p)
	} else {
		m.panelSingle(p)
	}
	p.end()
	m.panelStability(p)
}

// panelStatus is the play state, the speed and the last key's note.
func (m *Model) panelStatus(p *panelText) {
	st := m.styles
	if m.playing {
		p.text(st.value, " ▶ playing")
	} else {
		p.text(st.value, " ‖ paused")
	}
	p.text(st.label, "  ")
	p.int(st.value, m.sps)
	p.text(st.label, " steps/s")
	p.end()
	if m.note != "" {
		p.text(st.warn, " "+m.note)
		p.end()
	}
}

func (m *Model) panelSingle(p *panelText) {
	st := m.styles
	r := m.racers[0]
	meth := r.method
	params := m.tuning.For(meth)
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
	m.panelStatus(p)
	p.end()

	c := params.Coeffs(meth)
	p.text(st.label, " update rule")
	p.end()
	if !meth.HasMass() {
		// The massless ball moves at its terminal velocity −∇f/ε: one
		// step is x ← x − (Δt/ε)·∇f, written with its number.
		p.text(st.value, " x ← x − ")
		p.num(st.value, c.Dt*c.B)
		p.text(st.value, "·∇f")
		p.end()
		p.text(st.dim, " (v = −∇f/ε: no mass, no memory)")
		p.end()
	} else {
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
	p.end()
	m.panelParams(p, meth, params)
	p.end()

	p.text(st.label, " x ")
	p.num(st.value, r.p.Pos.X)
	p.text(st.label, "  y ")
	p.num(st.value, r.p.Pos.Y)
	p.end()
	p.text(st.label, " f ")
	p.num(st.value, r.p.F)
	p.text(st.label, "  |∇f| ")
	p.num(st.value, r.p.Grad.Norm())
	p.end()
	p.text(st.label, " |v| ")
	if !meth.HasMass() {
		// The velocity the massless ball has here, −∇f/ε, not the one of
		// the step that brought it (that was −∇f/ε at the previous point).
		p.num(st.value, r.p.Grad.Norm()*c.B)
	} else {
		p.num(st.value, r.p.Vel.Norm())
	}
	p.end()
	if !meth.HasMass() {
		p.text(st.label, " energy ")
		p.num(st.value, r.p.F)
		p.text(st.dim, " (f only: no mass)")
	} else {
		// The energy the discrete ball keeps (see sim.ShadowEnergy), not
		// ½m|v|² + f, which the step does not conserve.
		p.text(st.label, " shadow energy Ẽ ")
		p.num(st.value, sim.Energy(m.land(), meth, params, &r.p))
	}
	p.end()
}

// panelParams shows the physical parameters and the optimizer reading.
func (m *Model) panelParams(p *panelText, meth sim.Method, params sim.Params) {
	st := m.styles
	p.text(st.label, " Δt ")
	p.num(st.value, params.Dt)
	if meth.HasMass() {
		p.text(st.label, "  m ")
		p.num(st.value, params.Mass)
	}
	if meth.HasFriction() {
		p.text(st.label, "  ε ")
		p.num(st.value, params.Friction)
	}
	p.end()
	eta, mu := sim.OptimizerOf(meth, params)
	p.text(st.label, " η ")
	p.num(st.value, eta)
	p.text(st.label, "  μ ")
	p.num(st.value, mu)
	p.end()
	if alpha, beta, ok := params.EMA(); ok && meth.HasFriction() {
		p.text(st.label, " EMA α ")
		p.num(st.value, alpha)
		p.text(st.label, "  β ")
		p.num(st.value, beta)
	} else {
		p.text(st.dim, " EMA: none (μ = 0 or 1)")
	}
	p.end()
}

// panelRace lists the racers, marking the one with the lowest f (and
// saying so: "nearest the minimum" would need a distance, and at a
// different minimum of equal f it would mislead).
func (m *Model) panelRace(p *panelText) {
	st := m.styles
	lead := m.leader()
	p.text(st.title, " race")
	p.text(st.label, "  step ")
	p.int(st.value, m.leadStep())
	if lead >= 0 {
		p.text(st.good, "  ◀")
		p.text(st.dim, " lowest f")
	}
	p.end()
	m.panelStatus(p)
	p.end()
	for i, r := range m.racers {
		name := " ● " + r.method.Title()
		if !m.styles.Color {
			name = " " + r.method.Letter() + " " + r.method.Title()
		}
		p.text(st.racerWrap[r.method], name)
		switch {
		case !r.on:
			p.text(st.dim, "  off")
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
		}
	}
	p.end()
	params := m.tuning.For(sim.Tunable)
	if m.tuning.Optimizer {
		p.text(st.dim, " each racer: its own Δt, m from η")
		p.end()
	}
	m.panelParams(p, sim.Tunable, params)
}

// panelStability is the linear analysis of the focus particle: along each
// Hessian eigen-direction, ηλ against its limit 2(1+μ), the predicted
// contraction per step and the regime; then the measured contraction.
func (m *Model) panelStability(p *panelText) {
	st := m.styles
	r := m.focus()
	if !r.on || r.p.Diverged {
		return
	}
	params := m.tuning.For(r.method)
	modes := sim.Modes(r.method, params, m.land().Hess(r.p.Pos))
	p.text(st.title, " local stability")
	if m.race {
		p.text(st.racerWrap[r.method], " "+r.method.Title())
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
	if rate, n, ok := r.meter.Rate(); ok {
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
	m.panelPlane(p, modes)
}

// regimeShort names a regime in the panel's narrow column.
var regimeShort = map[sim.Regime]string{
	sim.Underdamped: "underdamped",
	sim.Critical:    "critical",
	sim.Overdamped:  "overdamped",
	sim.Unstable:    "unstable",
	sim.NoMinimum:   "no minimum",
}
