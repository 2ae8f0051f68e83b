package model

import (
	"strconv"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/landscapes"
)

// field is the component on the left of the screen: the contour map with
// its overlays (trails and arrows in braille, the particles, the start and
// the divergence banner). The map is rendered once per size or landscape;
// a frame re-renders only the rows whose overlays changed.
type field struct {
	styles   *Styles
	contours *contours

	trails      raster                 // the trails and arrows of this frame, in braille
	marks       layer                  // every overlay of this frame, cell by cell
	rowBuf      [][]byte               // per row: the row rendered with its marks
	dirty       []bool                 // per row: rowBuf holds it (else the map's base row does)
	version     int                    // the map version rowBuf was rendered over
	ghostShades [trailShades]cellColor // scratch for drawGhosts, so a frame allocates nothing
}

func newField(st *Styles) *field { return &field{styles: st, contours: newContours(st)} }

// SetSize sets the field's size in cells. Only a new size invalidates the
// rows rendered with marks; a layout for new text elsewhere keeps them.
func (f *field) SetSize(cols, rows int) {
	f.contours.SetSize(cols, rows)
	if f.marks.cols != cols || f.marks.rows != rows {
		f.trails.resize(cols, rows)
		f.marks.resize(cols, rows)
		f.rowBuf = resizeRows(f.rowBuf, rows)
		f.dirty = make([]bool, rows)
	}
}

// SetLandscape switches the map to l.
// A new landscape is shown in its own view: the zoom is forgotten.
func (f *field) SetLandscape(l *landscapes.Landscape) {
	f.contours.zoom = viewZoom{}
	f.contours.SetLandscape(l)
}

// Cell returns the cell holding p and whether p is inside the field.
func (f *field) Cell(p landscapes.Vec) (col, row int, inside bool) { return f.contours.Cell(p) }

// CellCenter is the plane point at the centre of cell (col, row).
func (f *field) CellCenter(col, row int) landscapes.Vec { return f.contours.CellCenter(col, row) }

// Size is the field's size in cells.
func (f *field) Size() (cols, rows int) { return f.contours.cols, f.contours.rows }

// dotSize is one braille dot, half a cell across, in units of the plane:
// how far apart trail points need to be to show as separate dots.
func (f *field) dotSize() float64 { return 0.5 / f.contours.scaleOr1() }

// appendRow appends field row r as it looks this frame.
func (f *field) appendRow(out []byte, r int) []byte {
	if f.dirty[r] {
		return append(out, f.rowBuf[r]...)
	}
	return append(out, f.contours.base[r]...)
}

// draw rebuilds this frame's overlays for the scene s, with the force and
// velocity arrows when arrows is set, and renders again only the rows whose
// marks changed.
func (f *field) draw(s scene, arrows bool) {
	c := f.contours
	f.trails.clear()
	if s.ghost {
		f.drawGhosts(s)
	}
	for _, r := range s.racers {
		if r.on {
			shades := &f.styles.Racer[r.method]
			if s.race {
				shades = &f.styles.RacerPlain[r.method] // letters without colour
			}
			f.trails.drawTrail(c, &r.trail, shades)
		}
	}
	if arrows {
		for _, r := range s.racers {
			if r.on && !r.p.Diverged {
				f.drawArrows(r)
			}
		}
	}

	lay := &f.marks
	lay.begin()
	// Most important first: a cell keeps the first mark put in it.
	if step, ok := s.divergedAt(); ok {
		f.markBanner("diverged at step " + strconv.Itoa(step) + " · r resets")
	}
	for _, r := range s.racers {
		if r.on {
			f.markParticle(r, s.race)
		}
	}
	if s.ghost {
		f.markGhosts(s)
	}
	if s.basins != "" {
		f.markFoot(s.basins)
	}
	if col, row, inside := c.Cell(s.start); inside {
		lay.put(col, row, "○", f.styles.Start)
	}
	for _, t := range f.trails.touched {
		glyph, color := brailleGlyphs[f.trails.bits[t]], f.trails.color[t]
		if color.glyph != "" {
			glyph = color.glyph
		}
		lay.put(int(t)%c.cols, int(t)/c.cols, glyph, color)
	}
	if f.version != c.version {
		f.version = c.version
		lay.invalidate()
	}
	for row := range c.rows {
		if !lay.changed(row) {
			continue
		}
		marks := lay.row(row)
		f.dirty[row] = marks != nil
		if marks != nil {
			f.rowBuf[row] = c.renderRow(f.rowBuf[row][:0], row, marks)
		}
	}
}

// arrowCells caps an arrow's length on screen.
const arrowCells = 6

// drawArrows draws the force −∇f and the velocity v at a particle: what the
// picture of momentum is about. With mass the two point different ways; in
// gradient flow v = −∇f/ε, along the force. Each is as long as arrowLength
// says for its size against its largest size this run (see ArrowScale).
func (f *field) drawArrows(r *racer) {
	gx, gy := f.contours.toGrid(r.p.Pos)
	x0, y0 := 2*gx, 2*gy // in braille dots, which are square
	arrow := func(u landscapes.Vec, peak float64, c cellColor) {
		n := u.Norm()
		peak = max(peak, n)
		if !(n > 0) || !finite(n) {
			return
		}
		length := 2 * arrowLength(n, peak) // dots: two per cell across
		dx, dy := u.X/n*length, -u.Y/n*length
		f.trails.line(x0, y0, x0+dx, y0+dy, c)
	}
	arrow(r.p.Grad.Scale(-1), r.forcePeak, f.styles.Force)
	if r.method.HasMass() {
		arrow(r.p.Vel, r.velPeak, f.styles.Velocity)
	}
}

// markParticle draws a particle, or an arrow on the field's edge pointing
// to where it went when it is out of view. In a race without colour,
// letters tell the racers apart.
func (f *field) markParticle(r *racer, race bool) {
	c, lay := f.contours, &f.marks
	color := f.styles.Racer[r.method][racerShade(r)]
	col, row, inside := c.Cell(r.p.Pos)
	glyph := "●"
	switch {
	case r.tag != "":
		glyph = r.tag // one method at several settings: its k, in any colour mode
	case !f.styles.Color && race:
		glyph = r.method.Letter()
	}
	if inside {
		lay.put(col, row, glyph, color)
		return
	}
	lay.put(min(max(col, 0), c.cols-1), min(max(row, 0), c.rows-1), edgeArrow(col, row, c.cols, c.rows), color)
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
func (f *field) markBanner(msg string) {
	c := f.contours
	msg = " " + msg + " "
	col := max(0, (c.cols-ansi.StringWidth(msg))/2)
	for i, r := range msg {
		f.marks.put(col, c.rows/2, msg[i:i+utf8.RuneLen(r)], f.styles.Marker)
		col++
	}
}

// resizeRows makes s n rows long, keeping the buffers it has.
func resizeRows[T any](s [][]T, n int) [][]T {
	for len(s) < n {
		s = append(s, nil)
	}
	return s[:n]
}
