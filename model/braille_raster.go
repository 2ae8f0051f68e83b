package model

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"

	"github.com/momentum-sim/momentum/landscapes"
)

// brailleGlyphs holds the 256 braille patterns as strings, so drawing a
// trail cell never converts a rune to a string on the hot path.
var brailleGlyphs = func() (g [256]string) {
	for i := range g {
		g[i] = string(rune(runes.BrailleBlockOffset + i))
	}
	return g
}()

// brailleBit is the bit of the dot at (x, y) within a cell, x ∈ {0, 1},
// y ∈ {0…3}, in Unicode's braille dot numbering.
var brailleBit = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// raster is the trail layer in braille dots: two across and four down per
// cell. Only cells a trail touches are stored and later cleared.
type raster struct {
	cols, rows int
	bits       []uint8     // per cell
	color      []cellColor // per cell: the colour of the newest segment in it
	touched    []int32     // cells with any dot
}

func (r *raster) resize(cols, rows int) {
	r.cols, r.rows = cols, rows
	n := cols * rows
	if cap(r.bits) < n {
		r.bits = make([]uint8, n)
		r.color = make([]cellColor, n)
	}
	r.bits, r.color = r.bits[:n], r.color[:n]
	clear(r.bits)
	r.touched = r.touched[:0]
}

func (r *raster) clear() {
	for _, c := range r.touched {
		r.bits[c] = 0
	}
	r.touched = r.touched[:0]
}

func (r *raster) dot(x, y int, c cellColor) {
	if x < 0 || y < 0 || x >= 2*r.cols || y >= 4*r.rows {
		return
	}
	cell := (y/4)*r.cols + x/2
	if r.bits[cell] == 0 {
		r.touched = append(r.touched, int32(cell))
	}
	r.bits[cell] |= brailleBit[x%2][y%4]
	r.color[cell] = c
}

// line draws a segment between dot coordinates (Bresenham). The segment is
// first clipped to the grid, so a particle far off screen costs nothing.
func (r *raster) line(x0, y0, x1, y1 float64, c cellColor) {
	w, h := float64(2*r.cols), float64(4*r.rows)
	var ok bool
	if x0, y0, x1, y1, ok = clipSegment(x0, y0, x1, y1, w, h); !ok {
		return
	}
	ax, ay := int(math.Floor(x0)), int(math.Floor(y0))
	bx, by := int(math.Floor(x1)), int(math.Floor(y1))
	dx, dy := abs(bx-ax), -abs(by-ay)
	sx, sy := sign(bx-ax), sign(by-ay)
	e := dx + dy
	for {
		r.dot(ax, ay, c)
		if ax == bx && ay == by {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			ax += sx
		} else {
			e += dx
			ay += sy
		}
	}
}

// clipSegment clips a segment to [0, w) × [0, h) (Liang–Barsky).
func clipSegment(x0, y0, x1, y1, w, h float64) (float64, float64, float64, float64, bool) {
	if !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return 0, 0, 0, 0, false
	}
	t0, t1 := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	edge := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return false
			}
			t0 = max(t0, t)
		} else {
			if t < t0 {
				return false
			}
			t1 = min(t1, t)
		}
		return true
	}
	const in = 1e-9 // keep clipped ends strictly inside the half-open box
	if !edge(-dx, x0) || !edge(dx, w-in-x0) || !edge(-dy, y0) || !edge(dy, h-in-y0) {
		return 0, 0, 0, 0, false
	}
	return x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy, true
}

// drawTrail rasterises a trail oldest first, so newer segments colour shared
// cells; older buckets of the trail use fainter shades.
func (r *raster) drawTrail(f *contours, t *trail, shades *[trailShades]cellColor) {
	n := t.Len()
	if n == 0 {
		return
	}
	toDots := func(p landscapes.Vec) (float64, float64) {
		gx, gy := f.toGrid(p)
		return 2 * gx, 2 * gy
	}
	px, py := toDots(t.At(0))
	for i := 1; i < n; i++ {
		x, y := toDots(t.At(i))
		r.line(px, py, x, y, shades[t.Shade(i)])
		px, py = x, y
	}
	if n == 1 {
		r.dot(int(math.Floor(px)), int(math.Floor(py)), shades[0])
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
