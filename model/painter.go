package model

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// painter writes frames to a real terminal, sending only what changed: the
// field cells whose marks changed, and, in the panel, chart and help lines,
// only the cells that differ from the last frame. bubbletea v1's renderer
// rewrites every changed line whole and wakes 60 times a second even when
// nothing changes; with three racers, arrows and a live panel that was ~40%
// of a full repaint per frame and 1.6% of a core while paused. The painter
// needs no ticker: it runs after each Update, and paused, nothing happens.
//
// Two thirds of what a cell costs are its colour escapes, so the painter
// keeps the terminal's pen (its SGR state) across cells and lines and sends
// a colour only when it changes, and moves the cursor over unchanged cells
// rather than rewriting them.
type painter struct {
	w   io.Writer
	buf []byte

	full    bool     // the next paint redraws everything
	geo     geometry // the layout the screen shows
	version int      // the field version the screen shows

	cells   []mark  // the marks on screen, per field cell
	shown   []int32 // the cells with a mark on screen
	panel   []sline
	strip   []sline
	bottom  []sline
	changed []int32 // scratch: cells to repaint
	keyed   []keyedCell
	next    sline  // scratch: the line being compared
	line    []byte // scratch: a string line as bytes

	pen    pen
	cx, cy int // where the cursor is; cy < 0: unknown
	width  int // the screen's width: a cursor at it waits to wrap

	styles  map[string]int32 // interned SGR states of lines; 0 is the reset state
	styleOf []string
}

// pen is the terminal's SGR state as the painter left it: the reset state,
// a field cell's background and foreground, or a line's style (the SGR
// sequences written since its last reset, interned).
type pen struct {
	field  bool
	bg, fg string // field: the escapes in effect
	style  int32  // not field: the line style in effect (0: reset)
}

// sline is a line as it is on screen, split into cells: each cell's style
// and glyph. raw lines (escapes other than SGR, wide or zero-width glyphs)
// have no cells and are rewritten whole when they change.
type sline struct {
	text  []byte
	cells []scell
	raw   bool
}

type scell struct {
	style    int32
	off, end int32 // the glyph is text[off:end]
}

func newPainter(w io.Writer) *painter {
	return &painter{w: w, full: true, cy: -1, styles: map[string]int32{"": 0}, styleOf: []string{""}}
}

// cup moves the cursor to (col, row), both counted from 0.
func cup(b []byte, col, row int) []byte {
	b = append(b, "\x1b["...)
	b = strconv.AppendInt(b, int64(row+1), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(col+1), 10)
	return append(b, 'H')
}

// moveTo puts the cursor at (col, row): nothing when it is there, a
// relative move (CUF, CUB, CUD, CUU: 3 to 5 bytes) along its row or
// column, or an absolute move (CUP: up to 9 bytes at 200×60).
func (p *painter) moveTo(b []byte, col, row int) []byte {
	switch {
	case p.cy == row && p.cx == col:
		return b
	case p.cy < 0 || p.cx >= p.width:
		// Unknown, or waiting to wrap after the last column: only an
		// absolute move is sure.
		b = cup(b, col, row)
	case p.cy == row && p.cx < col:
		b = csi(b, col-p.cx, 'C')
	case p.cy == row:
		b = csi(b, p.cx-col, 'D')
	case p.cx == col && p.cy < row:
		b = csi(b, row-p.cy, 'B')
	case p.cx == col:
		b = csi(b, p.cy-row, 'A')
	default:
		b = cup(b, col, row)
	}
	p.cx, p.cy = col, row
	return b
}

// csi appends ESC [ n final, leaving out n = 1 (the default).
func csi(b []byte, n int, final byte) []byte {
	b = append(b, "\x1b["...)
	if n != 1 {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, final)
}

// reset brings the pen to the reset state.
func (p *painter) reset(b []byte) []byte {
	if !p.pen.field && p.pen.style == 0 {
		return b
	}
	p.pen = pen{}
	return append(b, "\x1b[0m"...)
}

// setStyle brings the pen to a line style.
func (p *painter) setStyle(b []byte, style int32) []byte {
	if !p.pen.field && p.pen.style == style {
		return b
	}
	if p.pen.field || p.pen.style != 0 {
		b = append(b, "\x1b[0m"...)
	}
	p.pen = pen{style: style}
	return append(b, p.styleOf[style]...)
}

// setColors brings the pen to a field cell's colours; fg "" leaves the
// foreground as it is (a blank cell shows none).
func (p *painter) setColors(b []byte, bg, fg string) []byte {
	if !p.pen.field {
		if p.pen.style != 0 {
			b = append(b, "\x1b[0m"...)
		}
		p.pen = pen{field: true}
		b = append(b, bg...)
		p.pen.bg = bg
	} else if bg != p.pen.bg {
		b = append(b, bg...)
		p.pen.bg = bg
	}
	if fg != "" && fg != p.pen.fg {
		b = append(b, fg...)
		p.pen.fg = fg
	}
	return b
}

// Paint brings the terminal up to date with the model.
func (m *Model) Paint(p *painter) error {
	b := m.compose(p)
	if len(b) == 0 {
		return nil
	}
	_, err := p.w.Write(b)
	return err
}

// compose is the bytes that bring the terminal up to date with the model,
// in the painter's buffer; the painter takes them as written.
func (m *Model) compose(p *painter) []byte {
	fc, f := m.frame, m.field.contours
	// The explain page is text over the whole screen: painted whole.
	if fc.tooSmall != "" || m.explain || f.version != p.version || m.geometry() != p.geo {
		p.full = true
	}
	if fc.stale && fc.tooSmall == "" {
		m.refresh()
		fc.stale = false
	}
	b := p.buf[:0]
	if p.full {
		b = m.paintAll(p, b)
	} else {
		b = m.paintField(p, b)
		b = m.paintLines(p, b)
	}
	// Leave the pen reset between paints: whatever else writes to the
	// terminal (leaving the screen, a host) finds it as it expects.
	b = p.reset(b)
	p.buf = b
	return b
}

// paintAll clears the screen and writes the whole frame, then records what
// is on screen for the next incremental paint.
func (m *Model) paintAll(p *painter, b []byte) []byte {
	p.full = false
	p.geo, p.version = m.geometry(), m.field.contours.version
	b = append(b, "\x1b[0m\x1b[2J"...)
	for row, line := range strings.Split(m.View(), "\n") {
		b = cup(b, 0, row)
		b = append(b, line...)
		b = append(b, "\x1b[0m"...)
	}
	p.pen, p.cy, p.width = pen{}, -1, m.width
	// Remember what is on screen.
	p.shown, p.panel, p.strip, p.bottom = p.shown[:0], p.panel[:0], p.strip[:0], p.bottom[:0]
	if m.frame.tooSmall != "" {
		return b
	}
	cols, rows := m.field.Size()
	n := cols * rows
	p.cells = slices.Grow(p.cells[:0], n)[:n]
	clear(p.cells)
	lay := &m.field.marks
	for _, c := range lay.touched {
		p.cells[c] = lay.cells[c]
		p.shown = append(p.shown, c)
	}
	for r := range m.panel.text.rows {
		p.panel = append(p.panel, sline{})
		p.split(&p.panel[r], m.panel.line(r))
	}
	for i, l := range m.charts.lines {
		p.strip = append(p.strip, sline{})
		p.split(&p.strip[i], []byte(l))
	}
	for i, l := range strings.Split(m.bar.text, "\n") {
		p.bottom = append(p.bottom, sline{})
		p.split(&p.bottom[i], []byte(l))
	}
	return b
}

// paintField repaints the field cells whose mark changed since the screen
// was last painted.
func (m *Model) paintField(p *painter, b []byte) []byte {
	f, lay := m.field.contours, &m.field.marks
	p.changed = p.changed[:0]
	for _, c := range p.shown {
		if lay.cells[c] != p.cells[c] {
			p.changed = append(p.changed, c)
		}
	}
	for _, c := range lay.touched {
		if lay.cells[c] != p.cells[c] && p.cells[c].glyph == "" {
			p.changed = append(p.changed, c)
		}
	}
	if f.styles.Color {
		// Colour escapes cost more than cursor moves (19 bytes against 4
		// to 8), so cells are painted grouped by their colours, each group
		// in screen order: the pen then changes once a group.
		p.keyed = p.keyed[:0]
		for _, c := range p.changed {
			bg, fg := p.cellColors(f, int(c), lay.cells[c])
			p.keyed = append(p.keyed, keyedCell{bg: bg, fg: fg, c: c})
		}
		slices.SortFunc(p.keyed, func(a, b keyedCell) int {
			if a.bg != b.bg {
				return strings.Compare(a.bg, b.bg)
			}
			if a.fg != b.fg {
				return strings.Compare(a.fg, b.fg)
			}
			return int(a.c - b.c)
		})
		for i, k := range p.keyed {
			p.changed[i] = k.c
		}
	} else {
		slices.Sort(p.changed)
	}
	for _, c := range p.changed {
		// After a row's last cell the cursor sits beside the field (or
		// waits to wrap), so moveTo never takes it for the next row's
		// first cell.
		b = p.moveTo(b, int(c)%f.cols, int(c)/f.cols)
		b = p.appendCell(b, f, int(c), lay.cells[c])
		p.cx++
		p.cells[c] = lay.cells[c]
	}
	p.shown = append(p.shown[:0], lay.touched...)
	return b
}

// keyedCell is a field cell to repaint with the colours it needs.
type keyedCell struct {
	bg, fg string
	c      int32
}

// cellColors are the escapes appendCell sets for cell i: its background,
// and its foreground ("" for a blank cell, which shows none).
func (p *painter) cellColors(f *contours, i int, mk mark) (bg, fg string) {
	row, col := i/f.cols, i%f.cols
	top, bot := f.class[2*row*f.cols+col], f.class[(2*row+1)*f.cols+col]
	switch {
	case mk.glyph != "":
		fg = mk.color.fg
	case f.minimum[i]:
		fg = f.styles.Minimum.fg
	case top != bot:
		fg = f.fgOf(i, top)
	}
	return f.bgOf(i, bot), fg
}

// appendCell writes field cell i (row-major) with its mark, or the
// landscape under it, setting only the colours the pen lacks. It draws
// what contours.renderRow draws for the cell.
func (p *painter) appendCell(dst []byte, f *contours, i int, mk mark) []byte {
	row, col := i/f.cols, i%f.cols
	top, bot := f.class[2*row*f.cols+col], f.class[(2*row+1)*f.cols+col]
	glyph, fg := mk.glyph, mk.color.fg
	switch {
	case glyph != "":
	case f.minimum[i]:
		glyph, fg = "×", f.styles.Minimum.fg
	case !f.styles.Color:
		glyph = f.plainOf(i, top, bot)
	case top == bot:
		glyph, fg = " ", ""
	default:
		glyph, fg = "▀", f.fgOf(i, top)
	}
	if !f.styles.Color {
		dst = p.reset(dst)
		return append(dst, glyph...)
	}
	dst = p.setColors(dst, f.bgOf(i, bot), fg)
	return append(dst, glyph...)
}

// paintLines updates the panel, chart and bottom lines that changed.
func (m *Model) paintLines(p *painter, b []byte) []byte {
	cols, rows := m.field.Size()
	for r := range m.panel.text.rows {
		if r < len(p.panel) {
			b = p.diffLine(b, &p.panel[r], m.panel.line(r), cols, r, false)
		}
	}
	for i, l := range m.charts.lines {
		if i < len(p.strip) {
			p.line = append(p.line[:0], l...) // no allocation per line
			b = p.diffLine(b, &p.strip[i], p.line, 0, rows+i, false)
		}
	}
	row := rows + len(m.charts.lines)
	// The bar's height is fixed by the layout; a change of height re-lays
	// out and repaints everything.
	text := m.bar.text
	for i := 0; i < len(p.bottom); i++ {
		l, rest, _ := strings.Cut(text, "\n")
		p.line = append(p.line[:0], l...)
		b = p.diffLine(b, &p.bottom[i], p.line, 0, row+i, true)
		text = rest
	}
	return b
}

// diffLine brings the screen line at (col0, row), which shows old, to
// show line: only the cells that differ are written, the cursor moving
// over the others. A line shorter than the old one is erased to the end of
// the screen line (every line the painter diffs runs to the right edge).
// A raw line is rewritten whole, as before cells were compared; erase says
// whether that rewrite erases the rest of the screen line (the bar's lines
// vary in length).
func (p *painter) diffLine(b []byte, old *sline, line []byte, col0, row int, erase bool) []byte {
	if string(line) == string(old.text) {
		return b
	}
	next := &p.next
	p.split(next, line)
	if old.raw || next.raw {
		b = p.reset(b)
		b = cup(b, col0, row)
		b = append(b, line...)
		b = append(b, "\x1b[0m"...)
		if erase {
			b = append(b, "\x1b[K"...)
		}
		p.cy = -1 // the raw line's width is not known
	} else {
		for i, c := range next.cells {
			if i < len(old.cells) {
				o := old.cells[i]
				if o.style == c.style && string(old.text[o.off:o.end]) == string(next.text[c.off:c.end]) {
					continue
				}
			}
			b = p.moveTo(b, col0+i, row)
			b = p.setStyle(b, c.style)
			b = append(b, next.text[c.off:c.end]...)
			p.cx++
		}
		if len(next.cells) < len(old.cells) {
			b = p.moveTo(b, col0+len(next.cells), row)
			b = p.reset(b)
			b = append(b, "\x1b[K"...)
		}
	}
	// The new line is what the screen shows now: swap the buffers.
	*old, *next = *next, *old
	return b
}

// split parses line into s: text, and one cell per glyph with its style.
// Lines with escapes other than SGR, control characters, or glyphs that
// are not one cell wide are marked raw.
func (p *painter) split(s *sline, line []byte) {
	s.text = append(s.text[:0], line...)
	s.cells, s.raw = s.cells[:0], false
	text := s.text
	var style []byte // SGR sequences since the last reset
	id := int32(0)
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\x1b' {
			j := i + 1
			if j >= len(text) || text[j] != '[' {
				s.raw = true
				return
			}
			j++
			for j < len(text) && (text[j] >= '0' && text[j] <= '9' || text[j] == ';') {
				j++
			}
			if j >= len(text) || text[j] != 'm' {
				s.raw = true
				return
			}
			params := text[i+2 : j]
			if len(params) == 0 || string(params) == "0" {
				style = style[:0]
			} else {
				style = append(style, text[i:j+1]...)
			}
			id = p.intern(style)
			i = j + 1
			continue
		}
		if c < 0x20 || c == 0x7f {
			s.raw = true
			return
		}
		r, n := utf8.DecodeRune(text[i:])
		if !oneCell(r, text[i:i+n]) {
			s.raw = true
			return
		}
		s.cells = append(s.cells, scell{style: id, off: int32(i), end: int32(i + n)})
		i += n
	}
}

// intern returns the id of an SGR state, adding it if new. Lookups with a
// converted []byte key do not allocate; the set of states a screen uses is
// small and fixed.
func (p *painter) intern(style []byte) int32 {
	if id, ok := p.styles[string(style)]; ok {
		return id
	}
	id := int32(len(p.styleOf))
	p.styles[string(style)] = id
	p.styleOf = append(p.styleOf, string(style))
	return id
}

// oneCell reports whether a rune takes exactly one cell: ASCII and the
// blocks the screen draws with (Latin, Greek, punctuation, arrows, maths,
// box drawing, blocks, shapes, braille) directly, anything else as
// x/ansi measures it.
func oneCell(r rune, b []byte) bool {
	switch {
	case r < 0x300, r >= 0x370 && r < 0x1100, r >= 0x2010 && r < 0x2600, r >= 0x2800 && r < 0x2900:
		return r != utf8.RuneError || len(b) > 1
	}
	return ansi.StringWidth(string(b)) == 1
}
