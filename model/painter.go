package model

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// painter writes frames to a real terminal, sending only what changed: the
// field cells whose marks changed, and the panel, chart and help lines that
// differ from the last frame. bubbletea v1's renderer rewrites every changed
// line whole and wakes 60 times a second even when nothing changes; with
// three racers, arrows and a live panel that was ~40% of a full repaint per
// frame and 1.6% of a core while paused. The painter needs no ticker: it
// runs after each Update, and paused, nothing happens.
type painter struct {
	w   io.Writer
	buf []byte

	full    bool     // the next paint redraws everything
	geo     geometry // the layout the screen shows
	version int      // the field version the screen shows

	cells   []mark  // the marks on screen, per field cell
	shown   []int32 // the cells with a mark on screen
	panel   [][]byte
	strip   []string
	bottom  string
	changed []int32 // scratch: cells to repaint
}

func newPainter(w io.Writer) *painter { return &painter{w: w, full: true} }

// cup moves the cursor to (col, row), both counted from 0.
func cup(b []byte, col, row int) []byte {
	b = append(b, "\x1b["...)
	b = strconv.AppendInt(b, int64(row+1), 10)
	b = append(b, ';')
	b = strconv.AppendInt(b, int64(col+1), 10)
	return append(b, 'H')
}

// Paint brings the terminal up to date with the model.
func (m *Model) Paint(p *painter) error {
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
	p.buf = b
	if len(b) == 0 {
		return nil
	}
	_, err := p.w.Write(b)
	return err
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
	// Remember what is on screen.
	p.shown, p.panel, p.strip, p.bottom = p.shown[:0], p.panel[:0], p.strip[:0], ""
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
		p.panel = append(p.panel, append([]byte(nil), m.panel.line(r)...))
	}
	p.strip = append(p.strip[:0], m.charts.lines...)
	p.bottom = m.bar.text
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
	slices.Sort(p.changed)
	next := int32(-1) // the cell the cursor sits before
	for _, c := range p.changed {
		if c != next {
			b = cup(b, int(c)%f.cols, int(c)/f.cols)
		}
		b = f.appendCell(b, int(c), lay.cells[c])
		// The cursor moves on along the row, not to the next row: after a
		// row's last cell it sits beside the field, so the next cell needs
		// a cursor move even though its index follows.
		next = c + 1
		if int(next)%f.cols == 0 {
			next = -1
		}
		p.cells[c] = lay.cells[c]
	}
	if len(p.changed) > 0 {
		b = append(b, "\x1b[0m"...)
	}
	p.shown = append(p.shown[:0], lay.touched...)
	return b
}

// paintLines rewrites the panel, chart and bottom lines that changed.
func (m *Model) paintLines(p *painter, b []byte) []byte {
	cols, rows := m.field.Size()
	for r := range m.panel.text.rows {
		line := m.panel.line(r)
		if r < len(p.panel) && string(line) == string(p.panel[r]) {
			continue
		}
		b = cup(b, cols, r)
		b = append(b, line...)
		b = append(b, "\x1b[0m"...)
		if r < len(p.panel) {
			p.panel[r] = append(p.panel[r][:0], line...)
		}
	}
	for i, l := range m.charts.lines {
		if i < len(p.strip) && l == p.strip[i] {
			continue
		}
		b = cup(b, 0, rows+i)
		b = append(b, l...)
		b = append(b, "\x1b[0m"...)
		if i < len(p.strip) {
			p.strip[i] = l
		}
	}
	if m.bar.text != p.bottom {
		// The bar's height is fixed by the layout; a change of height
		// re-lays out and repaints everything.
		row := rows + len(m.charts.lines)
		for i, l := range strings.Split(m.bar.text, "\n") {
			b = cup(b, 0, row+i)
			b = append(b, l...)
			b = append(b, "\x1b[0m\x1b[K"...)
		}
		p.bottom = m.bar.text
	}
	return b
}
