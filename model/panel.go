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

// num appends a number with four significant digits.
func (p *panelText) num(w wrap, v float64) {
	var tmp [32]byte
	b := appendNum(tmp[:0], v)
	room := p.width - p.cur
	if room <= 0 {
		return
	}
	b = b[:min(len(b), room)]
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, b...)
	p.buf = append(p.buf, w.post...)
	p.cur += len(b)
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
// numbers, and the same numbers read as optimizer settings.
func (m *Model) buildPanel() {
	st := m.styles
	p := &m.frame.panel
	p.reset()
	title, label, value, dim, warn := st.title, st.label, st.value, st.dim, st.warn
	r := &m.racer
	meth := r.method
	params := m.tuning.For(meth)
	l := m.land()

	p.text(title, " "+l.Name)
	p.end()
	p.text(dim, " f = "+l.Formula)
	p.end()
	p.end()
	p.text(st.racerWrap[meth], " ● "+meth.Title())
	p.end()
	p.text(dim, " "+meth.Law())
	p.end()
	p.text(label, " step ")
	p.text(value, strconv.Itoa(r.p.Step))
	p.text(label, "  t ")
	p.num(value, r.p.Time)
	p.end()
	switch {
	case r.p.Diverged:
		p.text(warn, " diverged: r resets")
	case m.playing:
		p.text(value, " ▶ playing")
	default:
		p.text(value, " ‖ paused")
	}
	p.text(label, "  ")
	p.text(value, strconv.Itoa(m.sps))
	p.text(label, " steps/s")
	p.end()
	p.end()

	c := params.Coeffs(meth)
	p.text(label, " update rule")
	p.end()
	if meth == sim.Flow {
		p.text(value, " x ← x − ")
		p.num(value, c.Dt)
		p.text(value, "·∇f")
		p.end()
		p.text(dim, " (v = −∇f: no memory)")
		p.end()
	} else {
		p.text(value, " v ← ")
		if meth == sim.Damped {
			p.num(value, c.A)
			p.text(value, "·")
		}
		p.text(value, "v − ")
		p.num(value, c.B)
		p.text(value, "·∇f")
		p.end()
		p.text(value, " x ← x + ")
		p.num(value, c.Dt)
		p.text(value, "·v")
		p.end()
	}
	p.end()

	p.text(label, " Δt ")
	p.num(value, params.Dt)
	if meth != sim.Flow {
		p.text(label, "  m ")
		p.num(value, params.Mass)
	}
	if meth == sim.Damped {
		p.text(label, "  ε ")
		p.num(value, params.Friction)
	}
	p.end()
	p.text(label, " η ")
	switch meth {
	case sim.Flow:
		p.num(value, params.Dt)
		p.text(label, "  μ ")
		p.text(value, "0")
	case sim.Heavy:
		p.num(value, params.LR())
		p.text(label, "  μ ")
		p.text(value, "1")
	default:
		p.num(value, params.LR())
		p.text(label, "  μ ")
		p.num(value, params.Momentum())
	}
	p.end()
	if alpha, beta, ok := params.EMA(); ok && meth == sim.Damped {
		p.text(label, " EMA α ")
		p.num(value, alpha)
		p.text(label, "  β ")
		p.num(value, beta)
	} else {
		p.text(dim, " EMA: none (μ = 0 or 1)")
	}
	p.end()
	p.end()

	p.text(label, " x ")
	p.num(value, r.p.Pos.X)
	p.text(label, "  y ")
	p.num(value, r.p.Pos.Y)
	p.end()
	p.text(label, " f ")
	p.num(value, r.p.F)
	p.text(label, "  |∇f| ")
	p.num(value, r.p.Grad.Norm())
	p.end()
	p.text(label, " |v| ")
	p.num(value, r.p.Vel.Norm())
	p.end()
	if meth == sim.Flow {
		p.text(label, " energy ")
		p.num(value, r.p.F)
		p.text(dim, " (f only)")
	} else {
		p.text(label, " ½m|v|²+f ")
		p.num(value, sim.Energy(meth, params, r.p.State, r.p.F))
	}
	p.end()
}
