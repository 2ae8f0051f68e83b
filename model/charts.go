package model

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// Charts redraw at most this often while playing: an ntcharts chart styles
// every cell through lipgloss, far too slow to redo on every frame.
const (
	chartHz = 10
	// chartBuckets is how many stretches of steps a series keeps; when one
	// more would start, neighbours merge in pairs and a stretch spans twice
	// the steps.
	chartBuckets    = 240
	chartStripLines = 9
	// chartMinWidth is the narrowest chart whose axis labels and line
	// can be read; narrower, a chart is not drawn at all.
	chartMinWidth = 28
)

// bucket is what a series keeps of a stretch of steps: its first and last
// point and its lowest and highest. Every step goes into a bucket, so
// however long the run the chart's range (and its y labels) are the true
// range of what it plots, and an oscillation faster than the chart can
// resolve is drawn as the band it fills, not as one sample in every k,
// which misses its lows and aliases into beats that are not there.
type bucket struct{ first, lo, hi, last canvas.Float64Point }

// take adds the point p of the bucket's stretch: a bucket of one point
// merged in.
func (b *bucket) take(p canvas.Float64Point) { b.merge(bucket{p, p, p, p}) }

// merge adds the bucket o of the steps right after b's.
func (b *bucket) merge(o bucket) {
	if o.lo.Y < b.lo.Y {
		b.lo = o.lo
	}
	if o.hi.Y > b.hi.Y {
		b.hi = o.hi
	}
	b.last = o.last
}

// series is one line of a chart.
type series struct {
	buckets []bucket
	pts     []canvas.Float64Point // the line drawn through the buckets (see line)
	color   cellColor
	// left is the step at which this racer diverged (0: it has not).
	// Its last finite numbers are astronomically large, so a chart that
	// scaled to them would flatten every other line: a series that left is
	// kept out of the scale and drawn only where it fits, and the chart
	// says where it left.
	left int
	name string
}

// add puts p, the value at step p.X, into the bucket of the steps
// [k·stride, (k+1)·stride) it falls in.
func (s *series) add(p canvas.Float64Point, stride int) {
	if !finite(p.X) || !finite(p.Y) {
		return
	}
	if n := len(s.buckets); n > 0 && int(s.buckets[n-1].first.X)/stride == int(p.X)/stride {
		s.buckets[n-1].take(p)
		return
	}
	s.buckets = append(s.buckets, bucket{p, p, p, p})
}

// halve merges neighbouring buckets into the buckets of the new, doubled
// stride, keeping each one's extremes: a series always spans the whole run,
// at a resolution that halves as the run doubles, and never loses its
// lowest or highest value.
func (s *series) halve(stride int) {
	n := 0
	for _, b := range s.buckets {
		if n > 0 && int(s.buckets[n-1].first.X)/stride == int(b.first.X)/stride {
			s.buckets[n-1].merge(b)
			continue
		}
		s.buckets[n] = b
		n++
	}
	s.buckets = s.buckets[:n]
}

// line sets pts to the points drawn: each bucket's first, lowest, highest
// and last point in step order (each once), so the line joins the buckets
// and fills each one's range.
func (s *series) line() {
	s.pts = s.pts[:0]
	put := func(p canvas.Float64Point) {
		if n := len(s.pts); n == 0 || s.pts[n-1].X != p.X {
			s.pts = append(s.pts, p)
		}
	}
	for _, b := range s.buckets {
		put(b.first)
		if b.hi.X < b.lo.X {
			put(b.hi)
			put(b.lo)
		} else {
			put(b.lo)
			put(b.hi)
		}
		put(b.last)
	}
}

// latest is the last value added (ok false: none).
func (s *series) latest() (canvas.Float64Point, bool) {
	if len(s.buckets) == 0 {
		return canvas.Float64Point{}, false
	}
	return s.buckets[len(s.buckets)-1].last, true
}

// charts is the component under the field: loss against step on a log
// scale, and the energy of the ball. It takes the scene after every step
// (into buckets, see bucket) and renders at most chartHz times a second,
// only when something new was taken.
type charts struct {
	styles *Styles
	width  int // the strip's width in cells; 0 hides it
	height int // the strip's height in lines

	// per racer (loss), or per energy part (single mode): kinetic, f, total
	loss, energy [max(3, sim.NumMethods)]series
	lossTitle    string
	energyTitle  string
	energyNote   string // why there is nothing to plot, e.g. for gradient flow

	// The loss is log₁₀(f − f*) when the landscape's lowest minimum f* is
	// known (else f), floored at floor; set by reset.
	fmin, floor float64
	known       bool

	stride int // steps per bucket; doubles each time the series are halved

	dirty         bool
	sinceRender   int // frames since the last render
	redraws       int // renders so far, for tests
	lines         []string
	renderedWidth int
}

func newCharts(st *Styles) *charts { return &charts{styles: st} }

// reset empties the charts for a run of land from start, and works out
// once what the loss axis measures against.
func (c *charts) reset(land *landscapes.Landscape, start landscapes.Vec) {
	for i := range c.loss {
		c.forget(i)
	}
	c.stride = 1
	fmin, known := land.MinValue()
	c.fmin, c.known = fmin, known
	c.lossTitle = " loss log₁₀(f − f*)"
	if !known {
		c.lossTitle = " loss f"
	}
	// f − f* cannot resolve less than round-off of the numbers it is made
	// of: f* itself and, near it, f. Flooring there (rather than at 1e-300)
	// keeps the axis readable when f* ≠ 0 makes the difference exactly 0,
	// and a ball that converged to the last bit shows as a flat line at
	// the floor. The start's height sets the scale when f* = 0.
	c.floor = 0x1p-52 * max(math.Abs(fmin), land.F(start)-fmin)
	if !(c.floor > 0) {
		c.floor = math.SmallestNonzeroFloat64
	}
}

// forget drops racer i's series, when it starts over alone.
func (c *charts) forget(i int) {
	c.loss[i].buckets = c.loss[i].buckets[:0]
	c.energy[i].buckets = c.energy[i].buckets[:0]
	c.loss[i].left, c.energy[i].left = 0, 0
	c.dirty = true
}

// SetSize sets the strip's size in cells; a width or height of 0 hides it.
func (c *charts) SetSize(w, h int) {
	if h <= 0 {
		w = 0
	}
	if w == c.width && h == c.height {
		return // a layout that kept the strip's size needs no redraw
	}
	c.width, c.height = w, h
	c.dirty = true
}

// frameTick counts frames toward the next allowed render.
func (c *charts) frameTick() { c.sinceRender++ }

// sample takes the state of every racer of s; it runs after every step.
func (c *charts) sample(s scene) {
	l := s.land
	c.energyNote = ""
	for i, r := range s.racers {
		if r.on && r.p.Diverged && c.loss[i].left == 0 {
			c.loss[i].left = r.p.Step + 1
			c.loss[i].name = r.method.Title()
			if s.race {
				c.energy[i].left, c.energy[i].name = c.loss[i].left, c.loss[i].name
			} else {
				for k := range 3 {
					c.energy[k].left, c.energy[k].name = c.loss[i].left, c.loss[i].name
				}
			}
		}
		if !r.on || r.p.Diverged {
			continue
		}
		x := float64(r.p.Step)
		y := r.p.F
		if c.known {
			y = math.Log10(max(r.p.F-c.fmin, c.floor))
		}
		c.loss[i].add(canvas.Float64Point{X: x, Y: y}, c.stride)
		c.loss[i].color = c.styles.Racer[r.method][racerShade(r)]
		if s.race {
			c.loss[i].color = c.styles.RacerPlain[r.method][racerShade(r)] // without colour, the racer's letter
		}
		params := s.params(r)
		if s.race {
			c.energyTitle, c.energyNote = raceEnergy(s.racers)
			c.energy[i].add(canvas.Float64Point{X: x, Y: sim.Energy(l, r.method, params, &r.p)}, c.stride)
			c.energy[i].color = c.styles.RacerPlain[r.method][racerShade(r)]
			continue
		}
		// Single particle: kinetic, potential and total, each named as
		// what it is for the method (sim.EnergySplit).
		k, f, total := sim.EnergySplit(l, r.method, params, &r.p)
		c.energy[0].add(canvas.Float64Point{X: x, Y: k}, c.stride)
		c.energy[1].add(canvas.Float64Point{X: x, Y: f}, c.stride)
		c.energy[2].add(canvas.Float64Point{X: x, Y: total}, c.stride)
		c.energy[0].color, c.energy[1].color, c.energy[2].color = c.styles.Kinetic, c.styles.Potential, c.styles.Total
		title := singleEnergyTitles[energyKindOf(r.method)]
		c.energyTitle, c.energyNote = title.color, title.note
		if !c.styles.Color {
			// Three lines with no colour to tell them apart: each is drawn
			// with its letter, and the title says which is which.
			c.energyTitle = title.plain
			c.energy[0].color.glyph, c.energy[1].color.glyph, c.energy[2].color.glyph = "k", "f", "e"
		}
	}
	c.thin()
	c.dirty = true
}

// thin merges the buckets in pairs, doubling the stride, once a series
// holds more than chartBuckets: never more are drawn.
func (c *charts) thin() {
	full := false
	for i := range c.loss {
		full = full || len(c.loss[i].buckets) > chartBuckets || len(c.energy[i].buckets) > chartBuckets
	}
	if !full {
		return
	}
	c.stride *= 2
	for i := range c.loss {
		c.loss[i].halve(c.stride)
		c.energy[i].halve(c.stride)
	}
}

// energyTitle is the energy chart's title for one particle, with colour
// and without (the lines' letters k, f, e named), and its note.
type energyTitle struct{ color, plain, note string }

// Energy kinds of a method, as the chart names them.
const (
	energyShadowKind = iota // the heavy and damped balls: Ẽ is kept
	energySumKind           // Nesterov: ½m|w|² + f, not kept
	energyFKind             // a mass per coordinate (Adam, RMSprop): f only
	energyNoMassKind        // no mass (flow, Adagrad): f only
)

func energyKindOf(m sim.Method) int {
	switch {
	case m.KeepsEnergy():
		return energyShadowKind
	case m.HasKinetic():
		return energySumKind
	case m.HasMass():
		return energyFKind
	}
	return energyNoMassKind
}

// singleEnergyTitles say what the three lines are: for a method with no
// kinetic energy the k line lies on 0 and the total on f.
var singleEnergyTitles = [...]energyTitle{
	energyShadowKind: {" energy ½m|v|², f, Ẽ", " energy ½m|v|²=k, f, Ẽ=e", ""},
	energySumKind:    {" energy ½m|w|², f, sum", " energy ½m|w|²=k, f, sum=e", "not kept: no known energy"},
	energyFKind:      {" energy f (kinetic 0)", " energy f (k=0, e=f)", "no single mass: f only"},
	energyNoMassKind: {" energy f (kinetic 0)", " energy f (k=0, e=f)", "no mass: the energy is f"},
}

// raceEnergy is the race's energy chart's title and note: Ẽ for every
// racer that keeps it (flow's is f by definition), and what the others
// draw (sim.Energy): Nesterov ½m|w|² + f, the adaptive methods with mass f.
func raceEnergy(racers []*racer) (title, note string) {
	nest, adapt := false, false
	for _, r := range racers {
		if !r.on || !r.method.HasMass() || r.method.KeepsEnergy() {
			continue
		}
		if r.method.HasKinetic() {
			nest = true
		} else {
			adapt = true
		}
	}
	switch {
	case nest && adapt:
		return " energy Ẽ, or as noted", "Nesterov ½m|w|²+f, adapt. f"
	case nest:
		return " energy Ẽ, or as noted", "Nesterov: ½m|w|² + f, no Ẽ"
	case adapt:
		return " energy Ẽ, or as noted", "adaptive methods: f, no Ẽ"
	}
	return " energy Ẽ (shadow)", ""
}

// update renders the strip again when new data arrived and, while playing,
// no sooner than 1/chartHz after the last time. It runs from Update, never
// from View, so a frame only copies the finished lines.
func (c *charts) update(playing bool) {
	height := c.height
	if c.width <= 0 || height <= 0 {
		c.lines = c.lines[:0]
		return
	}
	resized := len(c.lines) != height || c.renderedWidth != c.width
	if resized || c.dirty && (!playing || c.sinceRender >= FPS/chartHz) {
		c.render(height)
	}
}

func (c *charts) render(height int) {
	c.dirty = false
	c.sinceRender = 0
	c.redraws++
	c.renderedWidth = c.width
	c.lines = c.lines[:0]
	for i := range c.loss {
		c.loss[i].line()
		c.energy[i].line()
	}
	if c.width < 2*chartMinWidth {
		// Room for one readable chart: the loss, the one that says
		// whether the ball gets anywhere.
		c.lines = append(c.lines, chartBox(c.styles, c.lossTitle, "", c.loss[:], c.width, height)...)
		return
	}
	ew := max(chartMinWidth, c.width*2/5)
	lw := c.width - ew
	left := chartBox(c.styles, c.lossTitle, "", c.loss[:], lw, height)
	right := chartBox(c.styles, c.energyTitle, c.energyNote, c.energy[:], ew, height)
	for i := range height {
		c.lines = append(c.lines, left[i]+right[i])
	}
}

// chartBox draws a titled chart exactly w×h cells: a y axis with three
// labels, the series in braille (one ntcharts braille grid per series), an
// x axis with the first, middle and last step. It writes escapes itself:
// ntcharts' canvas renders every cell through lipgloss, about 5 ms a redraw.
func chartBox(st *Styles, title, note string, ss []series, w, h int) []string {
	out := make([]string, 0, h)
	out = append(out, fitCut(st.Label.Render(title), w))
	if note != "" && len(out) < h {
		out = append(out, fitCut(st.Dim.Render(" "+note), w))
	}
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	stayed := false // some series with points has not diverged
	for _, s := range ss {
		stayed = stayed || s.left == 0 && len(s.pts) > 0
	}
	for _, s := range ss {
		for _, p := range s.pts {
			minX, maxX = min(minX, p.X), max(maxX, p.X)
			if s.left == 0 || !stayed {
				minY, maxY = min(minY, p.Y), max(maxY, p.Y)
			}
		}
	}
	if stayed && len(out) < h {
		// Say which racers left the scale, once each (single mode repeats
		// one racer over its three energy parts).
		var gone []string
		for _, s := range ss {
			if s.left > 0 && len(s.pts) > 0 {
				g := s.name + " diverged at " + strconv.Itoa(s.left)
				if !slices.Contains(gone, g) {
					gone = append(gone, g)
				}
			}
		}
		if len(gone) > 0 {
			out = append(out, fit(st.Dim.Render(" ✕ "+strings.Join(gone, ", ")+": off scale"), w))
		}
	}
	single := maxX <= minX // one step so far: its axis has one label
	if single {
		maxX = minX + 1
	}
	if maxY-minY < 1e-12*max(1, math.Abs(maxY)) {
		minY, maxY = minY-0.5, maxY+0.5
	}
	gh := h - len(out) - 2 // graph rows; then the axis and its labels
	label := func(v float64) string {
		if math.Abs(v) < 1e-6*(maxY-minY) {
			// Round-off beside the span ("2.09e-15" on an axis to 24) is 0
			// at the three digits shown, and a long label would crowd the
			// chart to its left.
			v = 0
		}
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	// One column more than the longest label: a gap from whatever is to
	// the chart's left (the other chart's last column).
	lw := 1 + max(len(label(maxY)), len(label(minY)), len(label((minY+maxY)/2)))
	gw := w - lw - 1
	if gh < 2 || gw < 8 || math.IsInf(minX, 0) || math.IsInf(minY, 0) {
		for len(out) < h {
			out = append(out, strings.Repeat(" ", w))
		}
		return out
	}

	// Merge the series: dots combine, the later series colours a shared cell.
	cells := make([]rune, gw*gh)
	colors := make([]string, gw*gh)
	marks := make([]string, gw*gh) // a series' glyph instead of its dots (see cellColor.glyph)
	for _, s := range ss {
		if len(s.pts) == 0 {
			continue
		}
		grid := graph.NewBrailleGrid(gw, gh, minX, maxX, minY, maxY)
		inside := func(p canvas.Float64Point) bool { return p.Y >= minY && p.Y <= maxY }
		var prev canvas.Point
		joined := false // prev is a drawn point to join the next one to
		for _, p := range s.pts {
			if !inside(p) {
				joined = false // a series that left the scale is drawn where it fits
				continue
			}
			next := grid.GridPoint(p)
			if joined {
				brailleLine(grid, prev, next)
			}
			grid.Set(next)
			prev, joined = next, true
		}
		for y, row := range grid.BraillePatterns() {
			for x, r := range row {
				if r == runes.BrailleBlockOffset || y >= gh || x >= gw {
					continue
				}
				k := y*gw + x
				if cells[k] == 0 {
					cells[k] = r
				} else {
					cells[k] = runes.CombineBraillePatterns(cells[k], r)
				}
				colors[k] = s.color.fg
				marks[k] = s.color.glyph
			}
		}
	}
	dim := st.dim
	var b strings.Builder
	for y := range gh {
		b.Reset()
		lab := ""
		switch y {
		case 0:
			lab = label(maxY)
		case gh / 2:
			lab = label((minY + maxY) / 2)
		case gh - 1:
			lab = label(minY)
		}
		b.WriteString(dim.pre + strings.Repeat(" ", lw-len(lab)) + lab + "│" + dim.post)
		cur := ""
		for x := range gw {
			k := y*gw + x
			if cells[k] == 0 {
				b.WriteByte(' ')
				continue
			}
			if colors[k] != cur {
				b.WriteString(colors[k])
				cur = colors[k]
			}
			if marks[k] != "" {
				b.WriteString(marks[k])
			} else {
				b.WriteRune(cells[k])
			}
		}
		if cur != "" {
			b.WriteString("\x1b[0m")
		}
		out = append(out, b.String())
	}
	out = append(out, dim.pre+strings.Repeat(" ", lw)+"└"+strings.Repeat("─", gw)+dim.post)
	// x labels: first, middle and last step.
	xl := []byte(strings.Repeat(" ", w))
	put := func(at int, s string) {
		at = max(0, min(at, w-len(s)))
		copy(xl[at:], s)
	}
	// Steps are whole numbers: a label that rounds to its neighbour's
	// (the middle of steps 0 and 1) is left out, and at step 0 the axis,
	// which spans one step only so it can be drawn, says just 0.
	first := strconv.FormatFloat(minX, 'f', 0, 64)
	mid := strconv.FormatFloat((minX+maxX)/2, 'f', 0, 64)
	last := strconv.FormatFloat(maxX, 'f', 0, 64)
	put(lw+1, first)
	if !single && mid != first && mid != last {
		put(lw+1+gw/2-2, mid)
	}
	if !single {
		put(w-len(last), last)
	}
	out = append(out, dim.pre+string(xl)+dim.post)
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}

// brailleLine sets the dots of the line from a to b, the dots ntcharts'
// graph.GetLinePoints lists (Bresenham), without building the list: a
// chart joins up to four points a bucket, and a slice per join was most of
// a redraw's allocations.
func brailleLine(grid *graph.BrailleGrid, a, b canvas.Point) {
	abs := func(v int) int { return max(v, -v) }
	if abs(b.Y-a.Y) < abs(b.X-a.X) {
		if a.X > b.X {
			a, b = b, a
		}
		dx, dy, yi := b.X-a.X, b.Y-a.Y, 1
		if dy < 0 {
			yi, dy = -1, -dy
		}
		d, y := 2*dy-dx, a.Y
		for x := a.X; x <= b.X; x++ {
			grid.Set(canvas.Point{X: x, Y: y})
			if d > 0 {
				y += yi
				d += 2 * (dy - dx)
			} else {
				d += 2 * dy
			}
		}
		return
	}
	if a.Y > b.Y {
		a, b = b, a
	}
	dx, dy, xi := b.X-a.X, b.Y-a.Y, 1
	if dx < 0 {
		xi, dx = -1, -dx
	}
	d, x := 2*dx-dy, a.X
	for y := a.Y; y <= b.Y; y++ {
		grid.Set(canvas.Point{X: x, Y: y})
		if d > 0 {
			x += xi
			d += 2 * (dx - dy)
		} else {
			d += 2 * dx
		}
	}
}

// fit cuts or pads a styled line to exactly w cells.
// fitCut is fit for words: what does not fit ends in "…", not cut unmarked.
func fitCut(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return fit(s, w)
}

func fit(s string, w int) string {
	s = ansi.Truncate(s, w, "")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}
