package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/sim"
)

// Charts redraw at most this often while playing: an ntcharts chart styles
// every cell through lipgloss, far too slow to redo on every frame.
const (
	chartHz         = 10
	chartPoints     = 480 // samples kept per series; when full, every other one is dropped
	chartStripLines = 9
)

// series is one line of a chart.
type series struct {
	pts   []canvas.Float64Point
	style lipgloss.Style
}

func (s *series) add(p canvas.Float64Point) {
	if finite(p.X) && finite(p.Y) {
		s.pts = append(s.pts, p)
	}
}

// halve keeps every other point, so a series always spans the whole run at
// a resolution that halves as the run doubles.
func (s *series) halve() {
	n := 0
	for i := 0; i < len(s.pts); i += 2 {
		s.pts[n] = s.pts[i]
		n++
	}
	s.pts = s.pts[:n]
}

// charts is the bottom strip: loss against step on a log scale, and the
// energy of the ball. It samples once per frame and renders at most
// chartHz times a second, only when something new was sampled.
type charts struct {
	styles *Styles
	width  int // the strip's width in cells; 0 hides it

	loss, energy [3]series // per racer (loss), or per energy part (single mode)
	lossTitle    string
	energyTitle  string
	energyNote   string // why there is nothing to plot, e.g. for gradient flow

	stride int // sample every stride-th call; doubles each time the series are halved
	calls  int

	dirty       bool
	sinceRender int // frames since the last render
	redraws     int // renders so far, for tests
	lines       []string
}

func newCharts(st *Styles) *charts { return &charts{styles: st} }

func (c *charts) reset() {
	for i := range c.loss {
		c.loss[i].pts = c.loss[i].pts[:0]
		c.energy[i].pts = c.energy[i].pts[:0]
	}
	c.stride, c.calls = 1, 0
	c.dirty = true
}

func (c *charts) setWidth(w int) {
	c.width = w
	c.dirty = true
}

// frameTick counts frames toward the next allowed render.
func (c *charts) frameTick() { c.sinceRender++ }

// sample records the current state of every racer (every stride-th call).
func (c *charts) sample(m *Model) {
	c.calls++
	if c.stride > 1 && c.calls%c.stride != 0 {
		return
	}
	full := false
	for i := range c.loss {
		full = full || len(c.loss[i].pts) >= chartPoints || len(c.energy[i].pts) >= chartPoints
	}
	if full {
		for i := range c.loss {
			c.loss[i].halve()
			c.energy[i].halve()
		}
		c.stride *= 2
	}
	l := m.land()
	fmin, known := l.MinValue()
	c.lossTitle = " loss log₁₀(f − f*)"
	if !known {
		c.lossTitle = " loss f"
	}
	c.energyNote = ""
	for i, r := range m.racers {
		if !r.on || r.p.Diverged {
			continue
		}
		x := float64(r.p.Step)
		y := r.p.F
		if known {
			y = math.Log10(max(r.p.F-fmin, 1e-300))
		}
		c.loss[i].add(canvas.Float64Point{X: x, Y: y})
		c.loss[i].style = m.styles.RacerText[r.method]
		params := m.tuning.For(r.method)
		if m.race {
			c.energyTitle = " energy ½m|v|² + f"
			c.energy[i].add(canvas.Float64Point{X: x, Y: sim.Energy(r.method, params, r.p.State, r.p.F)})
			c.energy[i].style = m.styles.RacerText[r.method]
			continue
		}
		// Single particle: kinetic, potential and total.
		c.energyTitle = " energy: kinetic, f, total"
		k := sim.Kinetic(params, r.p.State)
		if r.method == sim.Flow {
			k = 0
			c.energyNote = "gradient flow has no mass, so no kinetic energy to keep: its energy is just f"
		}
		c.energy[0].add(canvas.Float64Point{X: x, Y: k})
		c.energy[1].add(canvas.Float64Point{X: x, Y: r.p.F})
		c.energy[2].add(canvas.Float64Point{X: x, Y: k + r.p.F})
		c.energy[0].style, c.energy[1].style, c.energy[2].style = m.styles.ChartKinetic, m.styles.ChartPotential, m.styles.ChartTotal
	}
	c.dirty = true
}

// update renders the strip again when new data arrived and, while playing,
// no sooner than 1/chartHz after the last time. It runs from Update, never
// from View, so a frame only copies the finished lines.
func (c *charts) update(playing bool, height int) {
	if c.width <= 0 || height <= 0 {
		c.lines = c.lines[:0]
		return
	}
	if c.dirty && (!playing || c.sinceRender >= FPS/chartHz) || len(c.lines) != height {
		c.render(height)
	}
}

func (c *charts) render(height int) {
	c.dirty = false
	c.sinceRender = 0
	c.redraws++
	lw := c.width * 3 / 5
	ew := c.width - lw
	left := chartBox(c.styles, c.lossTitle, "", c.loss[:], lw, height)
	right := chartBox(c.styles, c.energyTitle, c.energyNote, c.energy[:], ew, height)
	c.lines = c.lines[:0]
	for i := range height {
		c.lines = append(c.lines, left[i]+right[i])
	}
}

// chartBox draws a titled line chart exactly w×h cells.
func chartBox(st *Styles, title, note string, ss []series, w, h int) []string {
	out := make([]string, 0, h)
	out = append(out, fit(st.Label.Render(title), w))
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for _, p := range s.pts {
			minX, maxX = min(minX, p.X), max(maxX, p.X)
			minY, maxY = min(minY, p.Y), max(maxY, p.Y)
		}
	}
	ch := h - 1
	if note != "" && ch > 0 {
		out = append(out, fit(st.Dim.Render(" "+note), w))
		ch--
	}
	if ch < 3 || w < 12 || math.IsInf(minX, 0) {
		for len(out) < h {
			out = append(out, strings.Repeat(" ", w))
		}
		return out
	}
	if maxX <= minX {
		maxX = minX + 1
	}
	if maxY-minY < 1e-12*max(1, math.Abs(maxY)) {
		minY, maxY = minY-0.5, maxY+0.5
	}
	lc := linechart.New(w, ch, minX, maxX, minY, maxY,
		linechart.WithXYSteps(3, 2),
		linechart.WithStyles(st.Dim, st.Dim, st.Value),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }),
		linechart.WithXLabelFormatter(func(_ int, v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }),
	)
	lc.DrawXYAxisAndLabel()
	for _, s := range ss {
		for i := 1; i < len(s.pts); i++ {
			lc.DrawBrailleLineWithStyle(s.pts[i-1], s.pts[i], s.style)
		}
	}
	for _, l := range strings.Split(lc.View(), "\n") {
		if len(out) < h {
			out = append(out, fit(l, w))
		}
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}

// fit cuts or pads a styled line to exactly w cells.
func fit(s string, w int) string {
	s = ansi.Truncate(s, w, "")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}
