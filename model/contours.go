package model

import (
	"math"
	"slices"

	"github.com/momentum-sim/momentum/landscapes"
)

// bandCount is how many contour bands divide the range of f.
const bandCount = 12

// Sample classes beyond the bands. A sample's class is its band (0…11),
// its band plus edgeFlag where a lower band borders it (drawn darker, so
// band edges read as contour lines), or notFinite.
const (
	edgeFlag  = 0x40
	notFinite = 0xff
)

// asciiRamp shades the bands on terminals without colour, low f lightest.
var asciiRamp = []string{" ", "·", ":", "░", "▒", "▓", "█"}

// contours is the landscape layer: f sampled on a grid of half-cells (two
// samples per terminal cell, one above the other, so a sample is square),
// banded, and rendered once into rows of escape sequences. It is rebuilt
// only when the landscape or the size changes.
type contours struct {
	land   *landscapes.Landscape
	styles *Styles
	cols   int // cells across
	rows   int // cells down; samples down are 2·rows

	scale  float64 // samples per unit of the plane, equal in x and y
	center landscapes.Vec
	zoom   viewZoom // the user's zoom and pan (zoom.go); zero: the view

	// The basin map (basins.go): per cell a tint (0: none) and its glyph
	// without colour, and the escapes of every band under every tint.
	tint      []uint8
	tintPlain []string
	tfg, tbg  [maxBasinTints + tintFirstBasin][bandCount]string

	class      []uint8                // per sample, row-major, 2·rows × cols
	base       []string               // rendered rows without overlays
	minimum    []bool                 // per cell: a known minimum lies here
	fg         [256]string            // escape per sample class, as foreground
	bg         [256]string            // and as background
	thresholds [bandCount - 1]float64 // f where bands 1, 2, … start
	lo         float64                // f at the bottom of band 0
	hi         float64                // f at the top of the last band
	log        bool                   // bands are spaced in log(f − lo)

	scratch []float64
	sub     []float64 // the finite samples levels reads, kept between rebuilds
	buf     []byte
	version int // bumped whenever base changes, so cached rows over it are redrawn
}

func newContours(st *Styles) *contours { return &contours{styles: st} }

// SetSize sets the field's size in cells and rebuilds it.
func (f *contours) SetSize(cols, rows int) {
	if cols == f.cols && rows == f.rows && f.base != nil {
		return
	}
	f.cols, f.rows = max(cols, 0), max(rows, 0)
	f.rebuild()
}

// SetLandscape switches the landscape and rebuilds.
func (f *contours) SetLandscape(l *landscapes.Landscape) {
	f.land = l
	f.rebuild()
}

// layout fits the landscape's view into the field keeping the aspect ratio:
// the view is centred and whatever space is left over shows more of the
// plane around it rather than empty bars.
func (f *contours) layout() {
	v := f.land.View
	f.center = landscapes.Vec{X: (v.XMin + v.XMax) / 2, Y: (v.YMin + v.YMax) / 2}
	f.scale = min(float64(f.cols)/v.Width(), float64(2*f.rows)/v.Height())
	if !(f.scale > 0) || math.IsInf(f.scale, 0) {
		f.scale = 1
	}
	f.zoom.apply(&f.center, &f.scale)
}

// samplePoint is the centre of sample (i, j), j counting half-cells from the top.
func (f *contours) samplePoint(i, j int) landscapes.Vec {
	return landscapes.Vec{
		X: f.center.X + (float64(i)+0.5-float64(f.cols)/2)/f.scale,
		Y: f.center.Y - (float64(j)+0.5-float64(f.rows))/f.scale,
	}
}

// CellCenter is the plane point at the centre of cell (col, row).
func (f *contours) CellCenter(col, row int) landscapes.Vec {
	return landscapes.Vec{
		X: f.center.X + (float64(col)+0.5-float64(f.cols)/2)/f.scale,
		Y: f.center.Y - (float64(2*row)+1-float64(f.rows))/f.scale,
	}
}

// toGrid maps a plane point to fractional sample coordinates: x in cells
// across, y in half-cells down.
func (f *contours) toGrid(p landscapes.Vec) (gx, gy float64) {
	return (p.X-f.center.X)*f.scale + float64(f.cols)/2, (f.center.Y-p.Y)*f.scale + float64(f.rows)
}

// Cell returns the cell holding p and whether p is inside the field.
func (f *contours) Cell(p landscapes.Vec) (col, row int, inside bool) {
	gx, gy := f.toGrid(p)
	inside = gx >= 0 && gy >= 0 && gx < float64(f.cols) && gy < float64(2*f.rows)
	// Clamp before converting: a far-off point must not overflow int.
	gx = math.Max(-1, math.Min(gx, float64(f.cols)))
	gy = math.Max(-1, math.Min(gy, float64(2*f.rows)))
	return int(math.Floor(gx)), int(math.Floor(gy / 2)), inside
}

// rebuild samples f, picks the band levels and renders the rows.
func (f *contours) rebuild() {
	if f.land == nil || f.cols <= 0 || f.rows <= 0 {
		f.base = f.base[:0]
		f.class = f.class[:0]
		f.minimum = f.minimum[:0]
		return
	}
	f.layout()
	f.tint, f.tintPlain = nil, nil // for other cells: the map is computed again
	n := f.cols * 2 * f.rows
	f.scratch = slices.Grow(f.scratch[:0], n)[:n]
	vals := f.scratch
	for j := range 2 * f.rows {
		for i := range f.cols {
			vals[j*f.cols+i] = f.land.F(f.samplePoint(i, j))
		}
	}
	f.levels(vals)
	f.setThresholds()
	f.classify(vals)
	f.render()
}

// levels picks the range the bands cover: from the known minimum (or the
// lowest sample) to a high quantile of the samples, so a few huge values at
// the corners do not squash every band into the valley. A landscape whose
// values span orders of magnitude gets log-spaced bands.
func (f *contours) levels(vals []float64) {
	// A strided subset is plenty for quantiles and keeps resizes cheap.
	stride := max(1, len(vals)/4096)
	sub := slices.Grow(f.sub[:0], len(vals)/stride+1)
	for i := 0; i < len(vals); i += stride {
		if v := vals[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			sub = append(sub, v)
		}
	}
	f.sub = sub
	if len(sub) == 0 {
		f.lo, f.hi, f.log = 0, 1, false
		return
	}
	// Only four order statistics are needed, so they are selected rather
	// than sorted: a resize costs a few linear passes, not n log n.
	lowest, highest := sub[0], sub[0]
	for _, v := range sub {
		lowest, highest = min(lowest, v), max(highest, v)
	}
	f.lo = lowest
	if m, ok := f.land.MinValue(); ok && m < f.lo {
		f.lo = m
	}
	q := len(sub) * 9 / 10
	f.hi = nthSmallest(sub, q)
	if !(f.hi > f.lo) {
		f.hi = highest
	}
	if !(f.hi > f.lo) {
		f.hi = f.lo + 1
	}
	// Selecting q left every smaller value in sub[:q].
	median := f.hi
	if len(sub)/2 < q {
		median = nthSmallest(sub[:q], len(sub)/2)
	}
	f.log = f.land.LogScale || (f.hi-f.lo) > 50*(median-f.lo)
}

// nthSmallest reorders a so that a[k] is the value sorting would put there,
// every value before it no greater and every value after it no smaller, and
// returns a[k]. It is Hoare's selection (Wirth's form, which steps over runs
// of equal values); a sort finishes an unlucky run of poor pivots, so the
// cost stays O(n log n) at worst. a holds no NaN.
func nthSmallest(a []float64, k int) float64 {
	lo, hi := 0, len(a)-1
	for rounds := 0; lo < hi; rounds++ {
		if rounds == 64 {
			slices.Sort(a[lo : hi+1])
			break
		}
		// The median of three keeps sorted and reversed input linear.
		mid := lo + (hi-lo)/2
		pivot := max(min(a[lo], a[mid]), min(max(a[lo], a[mid]), a[hi]))
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for pivot < a[j] {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		if j < k {
			lo = i
		}
		if k < i {
			hi = j
		}
	}
	return a[k]
}

// setThresholds turns the band range into the values where each band
// starts, so classifying a sample is a few comparisons rather than a log.
// Bands are log-spaced above the minimum for landscapes spanning orders of
// magnitude, square-root-spaced otherwise: near a minimum f grows like
// distance², so the rings come out evenly spaced, as on a topographic map.
func (f *contours) setThresholds() {
	span := f.hi - f.lo
	for k := 1; k < bandCount; k++ {
		t := float64(k) / bandCount
		if f.log {
			eps := span * 1e-4
			f.thresholds[k-1] = f.lo - eps + eps*math.Pow((span+eps)/eps, t)
		} else {
			f.thresholds[k-1] = f.lo + span*t*t
		}
	}
}

// band maps a value to its band.
func (f *contours) band(v float64) uint8 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		if math.IsInf(v, 1) {
			return bandCount - 1
		}
		return notFinite
	}
	k := 0
	for k < bandCount-1 && v >= f.thresholds[k] {
		k++
	}
	return uint8(k)
}

func (f *contours) classify(vals []float64) {
	n := len(vals)
	f.class = slices.Grow(f.class[:0], n)[:n]
	for i, v := range vals {
		f.class[i] = f.band(v)
	}
	// Mark edges: a sample is an edge when the sample to its right or below
	// lies in a lower band. One side only, so lines stay one sample thin.
	for j := range 2 * f.rows {
		for i := range f.cols {
			k := j*f.cols + i
			c := f.class[k]
			if c == notFinite {
				continue
			}
			// Neighbours to the right and below are not yet flagged, and
			// notFinite is above every band, so < c also means finite.
			if (i+1 < f.cols && f.class[k+1] < c) || (j+1 < 2*f.rows && f.class[k+f.cols] < c) {
				f.class[k] = c | edgeFlag
			}
		}
	}
}

// render draws every row without overlays.
func (f *contours) render() {
	if f.land == nil || len(f.class) == 0 {
		return
	}
	f.base = slices.Grow(f.base[:0], f.rows)[:f.rows]
	f.minimum = slices.Grow(f.minimum[:0], f.cols*f.rows)[:f.cols*f.rows]
	clear(f.minimum)
	for _, m := range f.land.Minima() {
		if col, row, inside := f.Cell(m.At); inside {
			f.minimum[row*f.cols+col] = true
		}
	}
	for c := range 256 {
		cc := f.colorOf(uint8(c))
		f.fg[c], f.bg[c] = cc.fg, cc.bg
	}
	if f.tint != nil && f.styles.Color {
		f.tfg, f.tbg = tintPalette(f.styles.Profile)
	}
	for r := range f.rows {
		f.buf = f.renderRow(f.buf[:0], r, nil)
		f.base[r] = string(f.buf)
	}
	f.version++
}

// colorOf returns the colours of sample class c.
func (f *contours) colorOf(c uint8) cellColor {
	st := f.styles
	switch {
	case c == notFinite:
		return st.NotFinite
	case c&edgeFlag != 0:
		return st.Edges[int(c&^edgeFlag)%len(st.Edges)]
	default:
		return st.Bands[int(c)%len(st.Bands)]
	}
}

// renderRow appends row r with the given marks (one per column, or nil)
// to dst. Escape sequences are written only when a colour changes.
func (f *contours) renderRow(dst []byte, r int, marks []mark) []byte {
	if !f.styles.Color {
		return f.renderRowPlain(dst, r, marks)
	}
	top := f.class[2*r*f.cols : (2*r+1)*f.cols]
	bot := f.class[(2*r+1)*f.cols : (2*r+2)*f.cols]
	minimum := f.minimum[r*f.cols : (r+1)*f.cols]
	var curFg, curBg string
	for i := range f.cols {
		glyph, fg := "", ""
		switch {
		case marks != nil && marks[i].glyph != "":
			glyph, fg = marks[i].glyph, marks[i].color.fg
		case minimum[i]:
			glyph, fg = "×", f.styles.Minimum.fg
		}
		if bg := f.bgOf(r*f.cols+i, bot[i]); bg != curBg {
			dst = append(dst, bg...)
			curBg = bg
		}
		if glyph == "" {
			if top[i] == bot[i] {
				dst = append(dst, ' ')
				continue
			}
			glyph, fg = "▀", f.fgOf(r*f.cols+i, top[i])
		}
		if fg != curFg {
			dst = append(dst, fg...)
			curFg = fg
		}
		dst = append(dst, glyph...)
	}
	return append(dst, "\x1b[0m"...)
}

// plainGlyph shades a cell without colour: the higher of its two bands.
func plainGlyph(top, bot uint8) string {
	if top == notFinite || bot == notFinite {
		return "?"
	}
	c := max(top&^edgeFlag, bot&^edgeFlag)
	return asciiRamp[int(c)*len(asciiRamp)/bandCount]
}

// renderRowPlain draws a row with shade characters and no escapes.
func (f *contours) renderRowPlain(dst []byte, r int, marks []mark) []byte {
	top := f.class[2*r*f.cols : (2*r+1)*f.cols]
	bot := f.class[(2*r+1)*f.cols : (2*r+2)*f.cols]
	minimum := f.minimum[r*f.cols : (r+1)*f.cols]
	for i := range f.cols {
		switch {
		case marks != nil && marks[i].glyph != "":
			dst = append(dst, marks[i].glyph...)
		case minimum[i]:
			dst = append(dst, "×"...)
		default:
			dst = append(dst, f.plainOf(r*f.cols+i, top[i], bot[i])...)
		}
	}
	return dst
}

// scaleOr1 is the scale, or 1 before the first layout.
func (f *contours) scaleOr1() float64 {
	if f.scale > 0 {
		return f.scale
	}
	return 1
}
