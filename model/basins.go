package model

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// basinSteps is the step limit for each start of the basin map: a ball
// still moving then is marked "not settled" (the frictionless one always).
// It is the default of 'momentum basins', so a cell is what it prints.
const basinSteps = sim.BasinSteps

// basinStrides are the passes of the map, coarse first: every 4th cell
// across and down, then every 2nd, then every cell. Each pass fills the
// cells it has not computed from the nearest start it has.
var basinStrides = []int{4, 2, 1}

// Tints: 0 is no tint; then not settled, diverged, at rest on a saddle or top
// (sim.Saddle: no minimum, so no basin), and one per basin up
// to maxBasinTints. Basins past the marks a screen can tell apart (see
// basinMarks) are left untinted, "other minima" in the legend: a mark is
// never reused, so no region reads as another minimum's basin (the
// global one's, say, on rastrigin with its 77 local minima).
const (
	tintNone        = 0
	tintUnsettled   = 1
	tintDiverged    = 2
	tintSaddle      = 3
	tintFirstBasin  = 4
	maxBasinTints   = 13
	basinTickPeriod = time.Second / 4
)

// basinMap is the basin map's state: which minimum a ball started at each
// cell's centre reaches under the focus particle's method and settings,
// computed in the background, pass by pass, and cancelled and restarted
// when what it depends on changes.
type basinMap struct {
	on     bool
	gen    int // bumped per computation; results of older ones are dropped
	cancel context.CancelFunc
	key    basinKey // what the map in progress or shown was computed for
	sys    sim.System
	starts []landscapes.Vec
	cols   int
	outs   []sim.Outcome
	done   []bool
	pass   int           // index into basinStrides of the pass running
	count  *atomic.Int64 // starts finished in the pass running
	total  int           // starts in the pass running
	found  int           // basins numbered so far (listed minima + extra points)
	saddle bool          // some start came to rest on a saddle (the legend says so)
	busy   bool
}

// basinKey is everything the map depends on: the system the focus ball
// runs and the cells on screen.
type basinKey struct {
	land       *landscapes.Landscape
	method     sim.Method
	params     sim.Params
	cols, rows int
	center     landscapes.Vec
	scale      float64
}

// basinsMsg is a finished pass.
type basinsMsg struct {
	gen, pass int
	idx       []int
	outs      []sim.Outcome
}

// basinsTickMsg redraws the progress while a pass runs.
type basinsTickMsg struct{ gen int }

// basinKeyNow is what the map would be computed for now.
func (m *Model) basinKeyNow() basinKey {
	r := m.focus()
	c := m.field.contours
	return basinKey{land: m.land(), method: r.method, params: m.tuning.For(r.method),
		cols: c.cols, rows: c.rows, center: c.center, scale: c.scale}
}

// toggleBasins shows or hides the basin map.
func (m *Model) toggleBasins() tea.Cmd {
	b := &m.basins
	b.on = !b.on
	if !b.on {
		m.stopBasins()
		m.field.contours.setTint(nil, nil)
		return nil
	}
	return m.startBasins()
}

// stopBasins cancels the computation in progress.
func (m *Model) stopBasins() {
	b := &m.basins
	if b.cancel != nil {
		b.cancel()
		b.cancel = nil
	}
	b.busy = false
	b.gen++
}

// refreshBasins restarts the map when what it depends on changed: a
// setting, the method, the landscape, the zoom or the size. It never
// blocks: the work is a tea.Cmd.
func (m *Model) refreshBasins() tea.Cmd {
	if !m.basins.on || m.basins.key == m.basinKeyNow() {
		return nil
	}
	return m.startBasins()
}

// startBasins begins a new map from its coarsest pass.
func (m *Model) startBasins() tea.Cmd {
	m.stopBasins()
	b := &m.basins
	b.key = m.basinKeyNow()
	r := m.focus()
	// No noise: a noisy ball never comes to rest.
	b.sys = sim.System{Land: m.land(), Method: r.method, Params: m.tuning.For(r.method)}
	cols, rows := b.key.cols, b.key.rows
	b.cols = cols
	b.starts = make([]landscapes.Vec, cols*rows)
	for row := range rows {
		for col := range cols {
			b.starts[row*cols+col] = m.field.CellCenter(col, row)
		}
	}
	b.outs = make([]sim.Outcome, cols*rows)
	b.done = make([]bool, cols*rows)
	b.pass, b.found = 0, 0
	m.field.contours.setTint(nil, nil)
	if cols*rows == 0 {
		return nil
	}
	return tea.Batch(m.runPass(), m.basinsTick())
}

// runPass starts the current pass in the background.
func (m *Model) runPass() tea.Cmd {
	b := &m.basins
	idx, starts := b.passStarts()
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel, b.busy = cancel, true
	b.count, b.total = new(atomic.Int64), len(starts)
	gen, pass, sys, count := b.gen, b.pass, b.sys, b.count
	workers := m.basinWorkers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func() tea.Msg {
		outs, err := sys.FatesOn(ctx, starts, basinSteps, workers, count)
		if err != nil {
			return nil // cancelled: a newer map replaced this one
		}
		return basinsMsg{gen: gen, pass: pass, idx: idx, outs: outs}
	}
}

// passStarts is the current pass's share of the grid not yet computed: the
// cells on every stride-th row and column, with their indices.
func (b *basinMap) passStarts() (idx []int, starts []landscapes.Vec) {
	stride := basinStrides[b.pass]
	for i, s := range b.starts {
		if row, col := i/b.cols, i%b.cols; row%stride == 0 && col%stride == 0 && !b.done[i] {
			idx = append(idx, i)
			starts = append(starts, s)
		}
	}
	return idx, starts
}

// basinsTick schedules a redraw of the progress.
func (m *Model) basinsTick() tea.Cmd {
	gen := m.basins.gen
	return tea.Tick(basinTickPeriod, func(time.Time) tea.Msg { return basinsTickMsg{gen: gen} })
}

// basinsDone takes a finished pass: classifies every start computed so
// far, tints the field, and starts the next pass.
func (m *Model) basinsDone(msg basinsMsg) tea.Cmd {
	b := &m.basins
	if !b.on || msg.gen != b.gen {
		return nil
	}
	for k, i := range msg.idx {
		b.outs[i], b.done[i] = msg.outs[k], true
	}
	m.classifyBasins()
	m.touch()
	if b.pass+1 < len(basinStrides) {
		b.pass++
		return m.runPass()
	}
	b.busy, b.cancel = false, nil
	return nil
}

// classifyBasins numbers the basins of the starts done (in row order, so
// the numbering is the CLI's) and tints every cell from the nearest start
// done, up and to the left on the coarse grid.
func (m *Model) classifyBasins() {
	b := &m.basins
	var done []sim.Outcome
	var at []int
	for i, d := range b.done {
		if d {
			done = append(done, b.outs[i])
			at = append(at, i)
		}
	}
	sim.Classify(b.sys.Land, done)
	b.found = len(b.sys.Land.Minima())
	b.saddle = false
	for k, i := range at {
		b.outs[i] = done[k]
		b.found = max(b.found, done[k].Basin)
		b.saddle = b.saddle || done[k].Fate == sim.Saddle
	}
	marks := basinMarks(m.styles)
	tint := make([]uint8, len(b.outs))
	plain := make([]string, len(b.outs))
	stride := basinStrides[b.pass]
	for i := range tint {
		row, col := i/b.cols, i%b.cols
		src := i
		if !b.done[i] {
			src = (row/stride*stride)*b.cols + col/stride*stride
		}
		tint[i] = tintOf(b.outs[src], marks)
		plain[i] = plainTint(tint[i], b.outs[src].Basin)
	}
	m.field.contours.setTint(tint, plain)
}

// tintOf is the tint of an outcome: basins past the first marks are left
// untinted.
func tintOf(o sim.Outcome, marks int) uint8 {
	switch o.Fate {
	case sim.Diverged:
		return tintDiverged
	case sim.Saddle:
		return tintSaddle
	case sim.Settled:
		if o.Basin < 1 || o.Basin > marks {
			return tintNone
		}
		return uint8(tintFirstBasin + o.Basin - 1)
	}
	return tintUnsettled
}

// basinDigits are the basins' glyphs without colour, in order.
const basinDigits = "123456789abcdefghijklmnopqrstuvwxyz"

// basinMarks is how many basins the map can mark apart on this screen:
// its digits without colour, its colours otherwise.
func basinMarks(st *Styles) int {
	switch {
	case !st.Color:
		return len(basinDigits)
	case st.Profile == termenv.ANSI:
		return len(basinANSI)
	case st.Profile == termenv.ANSI256:
		return ansi256Marks()
	}
	return min(maxBasinTints, len(basinHues))
}

// ansi256Marks is how many basin tints stay apart in 256 colours, where
// nearby hues meet in one palette colour: the longest run of tints whose
// colours at the middle band (markBand) differ from each other's and from
// the grey and red of the legend. (In the darkest bands even fewer stay
// apart: there 256 colours have few hues.)
var ansi256Marks = sync.OnceValue(func() int {
	_, bg := tintPalette(termenv.ANSI256)
	for n := range min(maxBasinTints, len(basinHues)) {
		t := tintFirstBasin + n
		for u := tintUnsettled; u < t; u++ {
			if bg[t][markBand] == bg[u][markBand] {
				return n
			}
		}
	}
	return min(maxBasinTints, len(basinHues))
})

// markBand is the band whose colours tell the basins apart.
const markBand = 5

// basinsNote is the basin map's line at the foot of the field: progress
// while it runs, then what the colours mean.
func (m *Model) basinsNote() string {
	b := &m.basins
	if !b.on {
		return ""
	}
	title := "basins of " + b.sys.Method.Title()
	if m.noise.Sigma > 0 {
		title += " (no noise)" // a noisy ball never comes to rest
	}
	if b.busy {
		pct := 0
		if b.total > 0 && b.count != nil {
			pct = int(100 * b.count.Load() / int64(b.total))
		}
		return title + ": pass " + strconv.Itoa(b.pass+1) + "/" + strconv.Itoa(len(basinStrides)) + " " + strconv.Itoa(pct) + " %"
	}
	note := title + ": " + strconv.Itoa(b.found) + " minima"
	if b.found == 1 {
		note = title + ": 1 minimum"
	}
	other := b.found > basinMarks(m.styles)
	if !m.styles.Color {
		note += " (digits"
		if other {
			note += "; rest plain"
		}
		note += ") · ~ still moving · ! diverged"
		if b.saddle {
			note += " · + stopped on a saddle or top"
		}
	} else {
		if other {
			note += " · rest plain"
		}
		note += " · grey: still moving · red: diverged"
		if b.saddle {
			note += " · black: stopped on a saddle or top"
		}
	}
	return note
}

// ComputeBasins computes the basin map at once, for `momentum frame
// --basins` and tests (the simulator computes it in the background).
func (m *Model) ComputeBasins() {
	b := &m.basins
	b.on = true
	m.startBasins()
	for b.pass < len(basinStrides) {
		idx, starts := b.passStarts()
		outs, _ := b.sys.Fates(context.Background(), starts, basinSteps, nil)
		m.basinsDone(basinsMsg{gen: b.gen, pass: b.pass, idx: idx, outs: outs})
		if !b.busy {
			break
		}
	}
	if b.cancel != nil {
		b.cancel()
	}
	b.busy, b.cancel = false, nil
	m.touch()
}

// tintPalette makes the escapes of every band under every tint: the
// basin's hue at the band's lightness, so the contours still read through
// the colour; not settled is the band in grey, diverged a dark red, at
// rest on a saddle near black.
func tintPalette(profile termenv.Profile) (fg, bg [maxBasinTints + tintFirstBasin][bandCount]string) {
	for t := 1; t < maxBasinTints+tintFirstBasin; t++ {
		for k := range bandCount {
			band, _ := colorful.Hex(bandHex[k])
			_, _, l := band.Hcl()
			var c colorful.Color
			switch t {
			case tintUnsettled:
				c = colorful.Hcl(0, 0, l)
			case tintDiverged:
				c = colorful.Hcl(20, 0.45, 0.25+0.2*l)
			case tintSaddle:
				c = colorful.Hcl(0, 0, 0.04+0.06*l)
			default:
				c = colorful.Hcl(basinHues[(t-tintFirstBasin)%len(basinHues)], 0.32, 0.25+0.6*l)
			}
			hex := c.Clamped().Hex()
			if profile == termenv.ANSI {
				// Sixteen colours have no lightness to spare: each basin
				// is one flat colour, none a particle's or the legend's.
				switch {
				case t == tintUnsettled:
					hex = "8" // grey
				case t == tintDiverged:
					hex = "1" // red
				case t == tintSaddle:
					hex = "0" // black
				case t-tintFirstBasin < len(basinANSI):
					hex = basinANSI[t-tintFirstBasin]
				}
			}
			col := profile.Color(hex)
			if col == nil {
				continue
			}
			fg[t][k] = "\x1b[" + col.Sequence(false) + "m"
			bg[t][k] = "\x1b[" + col.Sequence(true) + "m"
		}
	}
	return fg, bg
}

// basinHues are the basins' hues (HCL degrees), in order: the first few
// far apart, so the few basins of a catalog landscape never look alike.
var basinHues = []float64{250, 80, 330, 170, 290, 130, 210, 110, 270, 60, 350, 190, 10}

// basinANSI are the basins' colours with 16 colours: none of them grey or
// red (the legend's), nor a particle's bright colour.
var basinANSI = []string{"4", "2", "3", "6", "5", "12", "7"}

// plainTint is the glyph of a tinted cell without colour: the basin's
// number (1–9, then a–z: tintOf tints no basin past them), ~ not
// settled, ! diverged, + at rest on a saddle or top.
func plainTint(t uint8, basin int) string {
	switch t {
	case tintUnsettled:
		return "~"
	case tintDiverged:
		return "!"
	case tintSaddle:
		return "+"
	}
	if basin < 1 || basin > len(basinDigits) {
		return ""
	}
	return basinDigits[basin-1 : basin]
}

// setTint tints each cell (nil: none) and renders the map again.
func (f *contours) setTint(tint []uint8, plain []string) {
	if len(tint) != f.cols*f.rows {
		tint, plain = nil, nil
	}
	f.tint, f.tintPlain = tint, plain
	f.render()
}

// fgOf and bgOf are the escapes of sample class c in cell i, tinted by
// the basin map where it has a tint.
func (f *contours) fgOf(i int, c uint8) string {
	if f.tint != nil && c != notFinite {
		if t := f.tint[i]; t != tintNone {
			return f.tfg[t][c&^edgeFlag]
		}
	}
	return f.fg[c]
}

func (f *contours) bgOf(i int, c uint8) string {
	if f.tint != nil && c != notFinite {
		if t := f.tint[i]; t != tintNone {
			return f.tbg[t][c&^edgeFlag]
		}
	}
	return f.bg[c]
}

// plainOf is cell i's glyph without colour: its basin's mark on the map,
// else the band's shade.
func (f *contours) plainOf(i int, top, bot uint8) string {
	if f.tint != nil && f.tint[i] != tintNone {
		return f.tintPlain[i]
	}
	return plainGlyph(top, bot)
}

// footRows is how many of the field's last rows the basin map's legend may
// cover: at 80×24 the field is 49 columns and the legend needs two.
const footRows = 3

// markFoot writes the basin map's legend across the field's last rows, one
// cell a rune, wrapped at words so that every word of it shows (a legend
// cut after "still m…" hides what grey and red mean); only a legend longer
// than footRows rows ends in "…".
func (f *field) markFoot(msg string) {
	c := f.contours
	if c.cols < 3 || c.rows < 1 {
		return
	}
	lines := wrapItems(msg, c.cols-2)
	if n := min(footRows, c.rows); len(lines) > n {
		lines = lines[:n]
		last := []rune(lines[n-1])
		if len(last) > c.cols-3 {
			last = last[:c.cols-3]
		}
		lines[n-1] = string(last) + "…"
	}
	for k, l := range lines {
		row, padded, col := c.rows-len(lines)+k, " "+l+" ", 0
		for i, r := range padded {
			if col >= c.cols {
				break
			}
			f.marks.put(col, row, padded[i:i+utf8.RuneLen(r)], f.styles.Marker)
			col++
		}
	}
}

// wrapItems breaks a legend of items joined by " · " into lines of at most
// w cells, keeping each item whole on one line ("grey: still moving" is
// not split from its colour) unless it alone is wider than a line.
func wrapItems(s string, w int) []string {
	var lines []string
	line := ""
	for _, item := range strings.Split(s, " · ") {
		switch {
		case line == "":
			line = item
		case ansi.StringWidth(line+" · "+item) <= w:
			line += " · " + item
		default:
			lines = append(lines, line)
			line = item
		}
	}
	var out []string
	for _, l := range append(lines, line) {
		out = append(out, wrapWords(l, w)...)
	}
	return out
}
