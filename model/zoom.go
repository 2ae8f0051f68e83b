package model

import (
	"strconv"

	"github.com/momentum-sim/momentum/landscapes"
)

// viewZoom is how the user zoomed and panned the field: the plane point at
// the field's centre and the magnification over the landscape's own view
// fitted to the field. The zero value is the landscape's view.
type viewZoom struct {
	on     bool
	factor float64
	center landscapes.Vec
}

// Zoom limits: out to 1/64 of the view's scale, in to 2²⁴ (on rosenbrock a
// cell is then ~1e-8 across, still far above the float64 spacing there).
const (
	zoomStep = 2.0
	zoomMin  = 1.0 / 64
	zoomMax  = 1 << 24
)

// apply sets a layout's centre and scale from the zoom, given the scale
// that fits the landscape's view.
func (z viewZoom) apply(center *landscapes.Vec, scale *float64) {
	if z.on {
		*center, *scale = z.center, *scale*z.factor
	}
}

// setZoom shows the field zoomed by z, re-sampling the map (and so the
// contour bands) for the part of the plane it now shows.
func (f *field) setZoom(z viewZoom) {
	f.contours.zoom = z
	f.contours.rebuild()
}

// zoomState is the current zoom, made explicit (on) if it was the default.
func (m *Model) zoomState() viewZoom {
	z := m.field.contours.zoom
	if !z.on {
		z = viewZoom{on: true, factor: 1, center: m.field.contours.center}
	}
	return z
}

// zoomBy multiplies the magnification by k around the particle the panel
// describes: the map is centred on it, so zooming in never loses it.
func (m *Model) zoomBy(k float64) {
	z := m.zoomState()
	f := min(zoomMax, max(zoomMin, z.factor*k))
	if f == z.factor {
		m.note = "zoom ×" + strconv.FormatFloat(f, 'g', 4, 64) + ": the limit"
		return
	}
	z.factor = f
	if p := m.focus().p.Pos; p.IsFinite() {
		z.center = p
	}
	m.field.setZoom(z)
	m.note = "zoom ×" + strconv.FormatFloat(f, 'g', 4, 64) + " · arrows pan · 0 resets"
	m.viewChanged()
}

// panBy moves the view by a quarter of the field across (dx) or down (dy).
func (m *Model) panBy(dx, dy float64) {
	z := m.zoomState()
	cols, rows := m.field.Size()
	s := m.field.contours.scaleOr1()
	z.center.X += dx * float64(cols) / 4 / s
	z.center.Y -= dy * float64(2*rows) / 4 / s // rows are two samples tall
	m.field.setZoom(z)
	m.viewChanged()
}

// resetZoom goes back to the landscape's own view.
func (m *Model) resetZoom() {
	m.field.setZoom(viewZoom{})
	m.note = "the landscape's own view"
	m.viewChanged()
}

// viewChanged is called when the part of the plane on screen changed: the
// basin map, drawn per cell, is computed again for the new cells.
func (m *Model) viewChanged() {
	m.touch()
}
