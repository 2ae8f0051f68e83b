package model

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/landscapes"
)

// The smallest terminal that shows a usable picture.
const (
	minWidth  = 60
	minHeight = 16
)

// Side panel widths: wider terminals get a little more room for numbers.
const (
	panelNarrow = 31
	panelWide   = 36
)

// chartsMinField is the least number of field rows left when the chart
// strip is shown; below it the strip is hidden rather than squeezing the map.
const chartsMinField = 14

// frameCache holds everything View reuses between frames, so that a frame
// while playing re-renders only the rows the particles and trails touch.
type frameCache struct {
	stale bool // the particles, trails or panel changed since the last frame

	trails  raster
	marks   layer
	rowBuf  [][]byte // per field row: the row rendered with its marks
	dirty   []bool   // per field row: rowBuf holds it (else base does)
	version int      // the field version rowBuf was rendered over

	panel     panelText
	plane     plane
	stripRows int // rows of the chart strip under the field

	help      string
	helpLines int
	tooSmall  string

	out []byte
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
}

func (m *Model) geometry() geometry {
	fc := m.frame
	return geometry{
		width: m.width, height: m.height,
		cols: m.field.cols, rows: m.field.rows,
		stripRows:  len(m.charts.lines),
		panelWidth: fc.panel.width,
		helpLines:  fc.helpLines,
		tooSmall:   fc.tooSmall != "",
	}
}

// SetSize lays the screen out for a terminal of w×h cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
}

// layout splits the screen into field, chart strip, panel and help bar and
// rebuilds the field when its size changed.
func (m *Model) layout() {
	fc := m.frame
	m.help.Width = m.width
	fc.help, fc.helpLines = m.helpView()
	if m.help.ShowAll && m.height-fc.helpLines < minHeight-1 {
		// Not enough room for the full help: keep the one-line bar.
		m.help.ShowAll = false
		fc.help, fc.helpLines = m.helpView()
	}
	fc.tooSmall = ""
	if m.width < minWidth || m.height < minHeight {
		fc.tooSmall = "terminal too small (need " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight) + ")"
		m.field.SetSize(0, 0)
		m.charts.setWidth(0)
		fc.marks.resize(0, 0)
		fc.trails.resize(0, 0)
		fc.stale = true
		return
	}
	pw := panelNarrow
	if m.width >= 120 {
		pw = panelWide
	}
	cols, body := m.width-pw, m.height-fc.helpLines
	fc.stripRows = 0
	if m.showCharts && body-chartStripLines >= chartsMinField {
		fc.stripRows = chartStripLines
	}
	rows := body - fc.stripRows
	m.field.SetSize(cols, rows)
	m.charts.setWidth(cols)
	if fc.stripRows == 0 {
		m.charts.setWidth(0)
	}
	fc.panel.setSize(pw, body)
	if fc.marks.cols != cols || fc.marks.rows != rows {
		// Only a new field size invalidates the rows rendered with marks;
		// a layout for new text (a prompt, a message) keeps them.
		fc.trails.resize(cols, rows)
		fc.marks.resize(cols, rows)
		fc.rowBuf = resizeRows(fc.rowBuf, rows)
		fc.dirty = make([]bool, rows)
	}
	fc.stale = true
	m.charts.dirty = true
	m.charts.update(m.playing, fc.stripRows)
}

// helpView renders the bottom bar: the expression input while it is open,
// else a message after share or export, else the help. bubbles' help can
// overrun its width by the last item when the "…" tail does not fit, so
// every line is cut here.
func (m *Model) helpView() (string, int) {
	var lines []string
	switch {
	case m.expr.open:
		lines = m.exprLines()
	case m.message != "":
		lines = wrapCells(m.message, m.width)
	default:
		lines = strings.Split(m.help.View(m.keys), "\n")
	}
	if sc := m.scenario; sc != nil && !m.expr.open {
		caption := m.styles.Title.Render(" "+sc.Name+": ") + sc.Caption[0]
		indent := strings.Repeat(" ", 3+len(sc.Name))
		lines = append([]string{caption, indent + sc.Caption[1]}, lines...)
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "")
	}
	return strings.Join(lines, "\n"), len(lines)
}

func resizeRows[T any](s [][]T, n int) [][]T {
	for len(s) < n {
		s = append(s, nil)
	}
	return s[:n]
}

// View draws the frame: the field rows (cached, with the rows under
// overlays re-rendered), the chart strip, the side panel beside them and
// the help bar.
func (m *Model) View() string {
	fc := m.frame
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if fc.tooSmall != "" {
		return m.viewTooSmall()
	}
	if fc.stale {
		m.refresh()
		fc.stale = false
	}
	f := m.field
	out := fc.out[:0]
	for r := range f.rows {
		if fc.dirty[r] {
			out = append(out, fc.rowBuf[r]...)
		} else {
			out = append(out, f.base[r]...)
		}
		out = append(out, fc.panel.line(r)...)
		out = append(out, '\n')
	}
	for i, l := range m.charts.lines {
		out = append(out, l...)
		out = append(out, fc.panel.line(f.rows+i)...)
		out = append(out, '\n')
	}
	out = append(out, fc.help...)
	fc.out = out
	return string(out)
}

// viewTooSmall says how big the terminal must be, clipped to fit.
func (m *Model) viewTooSmall() string {
	msg := ansi.Truncate(m.frame.tooSmall, m.width, "")
	return msg + strings.Repeat("\n", m.height-1)
}

// refresh rebuilds this frame's marks and panel after a change, and
// renders again only the field rows whose marks changed.
func (m *Model) refresh() {
	fc, f := m.frame, m.field
	fc.trails.clear()
	for _, r := range m.racers {
		if r.on {
			fc.trails.drawTrail(f, &r.trail, &m.styles.Racer[r.method])
		}
	}
	if m.arrows {
		for _, r := range m.racers {
			if r.on && !r.p.Diverged {
				m.drawArrows(r)
			}
		}
	}

	lay := &fc.marks
	lay.begin()
	// Most important first: a cell keeps the first mark put in it.
	if step, ok := m.divergedAt(); ok {
		m.markBanner("diverged at step " + strconv.Itoa(step) + " · r resets")
	}
	for _, r := range m.racers {
		if r.on {
			m.markParticle(r)
		}
	}
	if col, row, inside := f.Cell(m.start); inside {
		lay.put(col, row, "○", m.styles.Start)
	}
	for _, c := range fc.trails.touched {
		lay.put(int(c)%f.cols, int(c)/f.cols, brailleGlyphs[fc.trails.bits[c]], fc.trails.color[c])
	}
	if fc.version != f.version {
		fc.version = f.version
		lay.invalidate()
	}
	for row := range f.rows {
		if !lay.changed(row) {
			continue
		}
		marks := lay.row(row)
		fc.dirty[row] = marks != nil
		if marks != nil {
			fc.rowBuf[row] = f.renderRow(fc.rowBuf[row][:0], row, marks)
		}
	}
	m.buildPanel()
}

// divergedAt reports the step at which the particle diverged, outside race
// mode; in a race the panel marks each racer instead.
func (m *Model) divergedAt() (int, bool) {
	if m.race || !m.racers[0].p.Diverged {
		return 0, false
	}
	return m.racers[0].p.Step + 1, true
}

// arrowCells caps an arrow's length on screen.
const arrowCells = 6

// arrowPeakDecay is how fast an arrow's reference magnitude forgets a peak,
// per advance of the simulation (a frame while playing), so arrows stay
// readable as the ball slows down and do not change while paused.
const arrowPeakDecay = 0.97

// drawArrows draws the force −∇f and the velocity v at a particle: what the
// picture of momentum is about. With mass the two point different ways; in
// gradient flow v = −∇f. Lengths run from a quarter to all of arrowCells,
// relative to a slowly decaying peak of each magnitude: direction matters,
// magnitude is in the panel.
func (m *Model) drawArrows(r *racer) {
	f, fc := m.field, m.frame
	gx, gy := f.toGrid(r.p.Pos)
	x0, y0 := 2*gx, 2*gy // in braille dots, which are square
	arrow := func(u landscapes.Vec, peak float64, c cellColor) {
		n := u.Norm()
		peak = max(peak, n)
		if !(n > 0) || !finite(n) {
			return
		}
		length := 2 * arrowCells * (0.25 + 1.5*n/(n+peak)) // dots: two per cell across
		dx, dy := u.X/n*length, -u.Y/n*length
		fc.trails.line(x0, y0, x0+dx, y0+dy, c)
	}
	arrow(r.p.Grad.Scale(-1), r.forcePeak, m.styles.Force)
	if r.method.HasMass() {
		arrow(r.p.Vel, r.velPeak, m.styles.Velocity)
	}
}

// markParticle draws a particle, or an arrow on the field's edge pointing
// to where it went when it is out of view.
func (m *Model) markParticle(r *racer) {
	f, lay := m.field, &m.frame.marks
	color := m.styles.Racer[r.method][0]
	col, row, inside := f.Cell(r.p.Pos)
	glyph := "●"
	if !m.styles.Color && m.race {
		glyph = r.method.Letter() // without colour, letters tell racers apart
	}
	if inside {
		lay.put(col, row, glyph, color)
		return
	}
	lay.put(min(max(col, 0), f.cols-1), min(max(row, 0), f.rows-1), edgeArrow(col, row, f.cols, f.rows), color)
}

// edgeArrow points from the field toward a cell outside it.
func edgeArrow(col, row, cols, rows int) string {
	left, right := col < 0, col >= cols
	up, down := row < 0, row >= rows
	switch {
	case up && left:
		return "↖"
	case up && right:
		return "↗"
	case down && left:
		return "↙"
	case down && right:
		return "↘"
	case up:
		return "↑"
	case down:
		return "↓"
	case left:
		return "←"
	}
	return "→"
}

// markBanner writes a message across the middle of the field.
func (m *Model) markBanner(msg string) {
	f := m.field
	msg = " " + msg + " "
	col := max(0, (f.cols-ansi.StringWidth(msg))/2)
	for i, r := range msg {
		m.frame.marks.put(col, f.rows/2, msg[i:i+utf8.RuneLen(r)], m.styles.Marker)
		col++
	}
}

// Pos is the single particle's position (the first racer's in a race).
func (m *Model) Pos() landscapes.Vec { return m.racers[0].p.Pos }

// leader is the index of the racer with the lowest f among those running
// and finite; the panel says "lowest f", which is what this measures.
func (m *Model) leader() int {
	best, idx := math.Inf(1), -1
	for i, r := range m.racers {
		if r.on && !r.p.Diverged && r.p.F < best {
			best, idx = r.p.F, i
		}
	}
	return idx
}

// wrapCells breaks plain text into lines of at most w cells (not runes: a
// wide character takes two), so a long command line stays whole on screen
// and can be copied.
func wrapCells(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}
