package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The smallest terminal that shows a usable picture.
const (
	minWidth  = 60
	minHeight = 16
)

// The side panel takes a third of the screen, at least panelMin columns
// (its essentials' width) and at most panelMax (beyond it, lines only get
// emptier).
const (
	panelMin = 31
	panelMax = 56
)

// chartsMinField is the least number of field rows left when the chart
// strip is shown; below it the strip is hidden rather than squeezing the map.
const chartsMinField = 14

// frameCache is what View keeps between frames beyond the components' own
// caches.
type frameCache struct {
	stale    bool   // the particles, trails or panel changed since the last frame
	tooSmall string // the message shown instead of the frame, or ""
	more     string // where the charts went and the key that shows them, for the panel
	out      []byte
}

func newFrameCache() *frameCache { return &frameCache{stale: true} }

// geometry is where the layout put things: what a painter compares to know
// that the screen must be repainted whole. Text that changes within it (the
// prompt, a message, the help) goes through the painter's line diff.
type geometry struct {
	width, height int
	cols, rows    int // the field
	stripRows     int
	panelWidth    int
	helpLines     int
	tooSmall      bool
	explain       bool
}

func (m *Model) geometry() geometry {
	cols, rows := m.field.Size()
	return geometry{
		width: m.width, height: m.height,
		cols: cols, rows: rows,
		stripRows:  len(m.charts.lines),
		panelWidth: m.panel.text.width,
		helpLines:  m.bar.lines,
		tooSmall:   m.frame.tooSmall != "",
		explain:    m.explain,
	}
}

// SetSize lays the screen out for a terminal of w×h cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
}

// layout splits the screen into field, chart strip, panel and bottom bar
// and gives each component its size.
func (m *Model) layout() {
	fc := m.frame
	m.bar.SetSize(m.width, m.height)
	m.bar.draw(m.barInput())
	fc.tooSmall = ""
	fc.stale = true
	if m.width < minWidth || m.height < minHeight {
		fc.tooSmall = "terminal too small (need " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight) + ")"
		m.field.SetSize(0, 0)
		m.charts.SetSize(0, 0)
		return
	}
	pw := panelWidth(m.width)
	cols, body := m.width-pw, m.height-m.bar.lines
	fits := chartsFit(cols, body)
	if fits && m.chartsView {
		m.chartsView, m.showCharts = false, true // room again: under the map
	}
	stripRows := 0
	fc.more = ""
	switch {
	case m.chartsView:
		// Charts instead of the map, until g brings the map back.
		stripRows = body
		fc.more = "g map"
	case m.showCharts && fits:
		stripRows = chartStripLines
	case m.showCharts:
		fc.more = "g charts"
	}
	m.field.SetSize(cols, body-stripRows)
	m.charts.SetSize(cols, stripRows)
	m.panel.SetSize(pw, body)
	m.charts.update(m.playing)
}

// panelWidth is the side panel's width on a screen w cells wide.
func panelWidth(w int) int { return max(panelMin, min(panelMax, w/3)) }

// chartsFit reports whether the chart strip fits under a map cols×body
// cells: at least one chart readable and the map not squeezed.
func chartsFit(cols, body int) bool {
	return cols >= chartMinWidth && body-chartStripLines >= chartsMinField
}

// toggleCharts is g: charts on or off under the map; where they do not fit
// there, it shows them instead of the map, and again brings the map back.
func (m *Model) toggleCharts() {
	fits := chartsFit(m.width-panelWidth(m.width), m.height-m.bar.lines)
	switch {
	case m.chartsView:
		m.chartsView = false
	case m.showCharts && !fits:
		m.chartsView = true
	default:
		m.showCharts = !m.showCharts
		m.chartsView = m.showCharts && !fits
	}
	m.layout()
}

// barInput is what the bottom bar shows now.
func (m *Model) barInput() barInput {
	m.shownLesson = m.lesson()
	in := barInput{keys: m.keys, message: m.message, lesson: m.shownLesson}
	if m.expr.open {
		in.expr = &m.expr
	}
	return in
}

// View draws the frame: the field rows (cached, with the rows under
// overlays re-rendered), the chart strip, the side panel beside them and
// the bottom bar.
func (m *Model) View() string {
	fc := m.frame
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if fc.tooSmall != "" {
		return m.viewTooSmall()
	}
	if m.explain {
		return m.viewExplain()
	}
	if fc.stale {
		m.refresh()
		fc.stale = false
	}
	_, rows := m.field.Size()
	out := fc.out[:0]
	for r := range rows {
		out = m.field.appendRow(out, r)
		out = append(out, m.panel.line(r)...)
		out = append(out, '\n')
	}
	for i, l := range m.charts.lines {
		out = append(out, l...)
		out = append(out, m.panel.line(rows+i)...)
		out = append(out, '\n')
	}
	out = append(out, m.bar.text...)
	fc.out = out
	return string(out)
}

// viewTooSmall says how big the terminal must be, clipped to fit.
func (m *Model) viewTooSmall() string {
	msg := ansi.Truncate(m.frame.tooSmall, m.width, "")
	return msg + strings.Repeat("\n", m.height-1)
}

// refresh redraws the field's overlays and the panel after a change.
func (m *Model) refresh() {
	sc := m.scene()
	m.field.draw(sc, m.arrows)
	m.panel.draw(panelInput{scene: sc, playing: m.playing, sps: m.sps, achieved: m.pace.short(m.sps), note: m.note, more: m.frame.more})
}
