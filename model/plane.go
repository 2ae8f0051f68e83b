package model

import (
	"math"
	"strings"

	"github.com/momentum-sim/momentum/sim"
)

// The (ηλ, μ) plane: where each curvature direction of the focus particle
// sits among the regimes of the momentum iteration. ηλ runs from 0 to
// planeMaxX across, μ from 0 (bottom) to 1 (top).
const (
	planeRows    = 6
	planeMaxX    = 4.4
	planeMaxCols = 48 // wider adds no reading, only stretch
)

// plane is the picture's static part, drawn once per panel width: the
// critical curves ηλ = (1 ∓ √μ)², between which a direction is underdamped,
// and the stability limit ηλ = 2(1+μ), right of which it diverges.
type plane struct {
	cols     int
	method   sim.Method         // whose curves are drawn: Nesterov's, or the heavy ball's
	critical [planeRows][]uint8 // braille bits per cell
	limit    [planeRows][]uint8
	other    [planeRows][]uint8 // for Nesterov: the heavy ball's limit, dashed, to compare
	axis     string             // the ηλ axis's labels, under the picture
	run      []byte             // scratch for a run of cells of one style
}

// toDots maps (ηλ, μ) to braille dot coordinates.
func (pl *plane) toDots(x, mu float64) (int, int) {
	dx := int(math.Round(x / planeMaxX * float64(2*pl.cols-1)))
	dy := int(math.Round((1 - mu) * float64(4*planeRows-1)))
	return dx, dy
}

func (pl *plane) set(grid *[planeRows][]uint8, x, mu float64) {
	dx, dy := pl.toDots(x, mu)
	pl.setDot(grid, dx, dy)
}

func (pl *plane) setDot(grid *[planeRows][]uint8, dx, dy int) {
	if dx < 0 || dy < 0 || dx >= 2*pl.cols || dy >= 4*planeRows {
		return
	}
	grid[dy/4][dx/2] |= brailleBit[dx%2][dy%4]
}

// setThick draws the dot of (x, mu) and the one right of it: the limit is
// a solid line two dots thick.
func (pl *plane) setThick(grid *[planeRows][]uint8, x, mu float64) {
	dx, dy := pl.toDots(x, mu)
	pl.setDot(grid, dx, dy)
	pl.setDot(grid, dx+1, dy)
}

// dotted draws every other dot of a curve traced in order, so the critical
// curves read as dotted and the limit, drawn whole and two dots thick, as
// solid: the two differ without colour.
type dotted struct {
	lastX, lastY, n int
}

func (d *dotted) set(pl *plane, grid *[planeRows][]uint8, x, mu float64) {
	dx, dy := pl.toDots(x, mu)
	if d.n > 0 && dx == d.lastX && dy == d.lastY {
		return
	}
	if d.n%2 == 0 {
		pl.setDot(grid, dx, dy)
	}
	d.lastX, d.lastY = dx, dy
	d.n++
}

// planeGutter is the columns left of the picture for the μ axis's labels.
const planeGutter = 2

// muLabels are the μ axis's labels beside the picture's rows, with the
// panel's margin before and a space after: 1 at the top, μ in the middle, 0
// at the bottom. Built once, so a frame does not allocate them.
var muLabels = func() (l [planeRows]string) {
	for r := range l {
		l[r] = "   "
	}
	l[0], l[planeRows/2], l[planeRows-1] = " 1 ", " μ ", " 0 "
	return l
}()

// planeLegend are the legend's samples of the two kinds of line.
const (
	planeLegendCritical = "⠂⠂"
	planeLegendLimit    = "⠶⠶"
)

func (pl *plane) build(cols int, meth sim.Method) {
	if meth != sim.Nesterov {
		meth = sim.Damped // every other linear method shares the heavy ball's polynomial
	}
	if cols == pl.cols && meth == pl.method {
		return
	}
	pl.cols, pl.method = cols, meth
	// Built in cells (runes), not bytes: "ηλ →" is 4 cells but 8 bytes. The
	// ηλ axis starts under the picture's first column, past the μ gutter.
	axis := []rune(" " + strings.Repeat(" ", planeGutter) + "0" + strings.Repeat(" ", cols-1))
	copy(axis[1+planeGutter+cols/2-2:], []rune("ηλ →"))
	copy(axis[1+planeGutter+cols-3:], []rune("4.4"))
	pl.axis = string(axis)
	for r := range planeRows {
		pl.critical[r] = make([]uint8, cols)
		pl.limit[r] = make([]uint8, cols)
		pl.other[r] = make([]uint8, cols)
	}
	// The method's own curves (sim.LinearForm): for Nesterov underdamped
	// between ((1−μ)/(1+μ))² and 1, stable below 2(1+μ)/(1+2μ), with the
	// heavy ball's limit 2(1+μ) dashed beside it. Sample each curve finely
	// in μ; the dots merge into lines.
	form, _ := meth.Form()
	var lo, hi dotted
	for i := 0; i <= 400; i++ {
		mu := float64(i) / 400
		l, h := form.Critical(mu)
		lo.set(pl, &pl.critical, l, mu)
		hi.set(pl, &pl.critical, h, mu)
		pl.setThick(&pl.limit, form.Limit(mu), mu)
		if meth == sim.Nesterov && i%24 < 12 {
			pl.set(&pl.other, sim.StabilityLimit(mu), mu)
		}
	}
}

// panelPlane draws the picture with the focus particle's two directions
// marked 1 and 2 in the colour of its method focus (an arrow at the edge
// when ηλ is off the scale).
func (pn *panel) panelPlane(p *panelText, modes [2]sim.Mode, focus sim.Method) {
	st := pn.styles
	cols := min(p.width-2-planeGutter, planeMaxCols)
	if cols < 12 {
		return
	}
	pl := &pn.plane
	pl.build(cols, focus)
	var markCol, markRow, markDot [2]int
	for i, md := range modes {
		dx, dy := pl.toDots(max(0, md.EtaLambda), min(1, max(0, md.Mu)))
		markCol[i], markRow[i], markDot[i] = min(dx/2, cols-1), min(dy/4, planeRows-1), dx
	}
	if markRow[0] == markRow[1] && markCol[0] == markCol[1] {
		// Both directions in one cell: 2 moves one cell toward where it
		// really lies (right unless it lies left, or the edge is there),
		// so both stay visible side by side.
		switch {
		case markDot[1] >= markDot[0] && markCol[1] < cols-1, markCol[1] == 0:
			markCol[1]++
		default:
			markCol[1]--
		}
	}
	p.text(st.label, " (ηλ, μ): ")
	p.text(st.dim, planeLegendCritical+" critical  ")
	p.text(st.warn, planeLegendLimit+" limit")
	p.end()
	if pl.method == sim.Nesterov {
		p.text(st.label, " ⠒ the heavy ball's limit 2(1+μ)")
		p.end()
	}
	mark := st.racerWrap[focus]
	for r := range planeRows {
		p.text(st.dim, muLabels[r])
		// Cells of one style are written as one run: a style's escapes
		// once per run, not once per cell.
		run, runStyle := pl.run[:0], wrap{}
		flush := func() {
			if len(run) > 0 {
				p.bytes(runStyle, run)
			}
			run = run[:0]
		}
		for c := range cols {
			glyph, style := " ", st.dim
			switch {
			case markRow[1] == r && markCol[1] == c:
				glyph, style = planeMark(modes[1], "2"), mark
			case markRow[0] == r && markCol[0] == c:
				glyph, style = planeMark(modes[0], "1"), mark
			case pl.limit[r][c] != 0:
				glyph, style = brailleGlyphs[pl.limit[r][c]], st.warn
			case pl.critical[r][c] != 0:
				glyph = brailleGlyphs[pl.critical[r][c]]
			case pl.other[r][c] != 0:
				glyph, style = brailleGlyphs[pl.other[r][c]], st.label
			}
			if style != runStyle {
				flush()
				runStyle = style
			}
			run = append(run, glyph...)
		}
		flush()
		pl.run = run
		p.end()
	}
	p.text(st.dim, pl.axis)
	p.end()
}

// planeMark is a direction's marker: its number, or › when ηλ lies beyond
// the right edge, ‹ when λ ≤ 0 puts it left of the plane.
func planeMark(md sim.Mode, n string) string {
	switch {
	case md.EtaLambda > planeMaxX:
		return "›"
	case md.EtaLambda < 0:
		return "‹"
	}
	return n
}
