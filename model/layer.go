package model

import (
	"hash/maphash"
	"slices"
)

// mark is what the overlay layer puts in one cell: a glyph in a colour, on
// the cell's landscape background.
type mark struct {
	glyph string
	color cellColor
}

// layer is this frame's overlays (particles, trails, arrows, markers) as a
// grid of marks. It keeps a hash of each row's marks, so a frame re-renders
// only the rows whose marks differ from the previous frame's.
type layer struct {
	cols, rows int
	cells      []mark
	touched    []int32  // cells marked this frame, cleared at the next begin
	hash, prev []uint64 // per row: this frame's and the last rendered frame's mark hash
	count      []int32  // per row: marks this frame
	seed       maphash.Seed
}

func (l *layer) resize(cols, rows int) {
	l.cols, l.rows = cols, rows
	// The arrays are reused: a window dragged bigger resizes many times.
	l.cells = resized(l.cells, cols*rows)
	l.touched = l.touched[:0]
	l.hash = resized(l.hash, rows)
	l.prev = resized(l.prev, rows)
	l.count = resized(l.count, rows)
	l.seed = maphash.MakeSeed()
	for i := range l.prev {
		l.prev[i] = ^uint64(0) // nothing rendered yet: every row differs
	}
}

// begin clears the marks of the last frame.
func (l *layer) begin() {
	for _, c := range l.touched {
		l.cells[c] = mark{}
	}
	l.touched = l.touched[:0]
	clear(l.hash)
	clear(l.count)
}

// put marks a cell unless something more important marked it first.
func (l *layer) put(col, row int, glyph string, c cellColor) {
	if col < 0 || row < 0 || col >= l.cols || row >= l.rows {
		return
	}
	i := row*l.cols + col
	if l.cells[i].glyph != "" {
		return
	}
	l.cells[i] = mark{glyph: glyph, color: c}
	l.touched = append(l.touched, int32(i))
	l.count[row]++
	// A sum of per-cell hashes does not depend on the order cells are marked.
	h := maphash.String(l.seed, glyph) ^ maphash.String(l.seed, c.fg)*31
	l.hash[row] += h ^ (uint64(col)+1)*0x9e3779b97f4a7c15
}

// row returns row r's marks, or nil when it has none.
func (l *layer) row(r int) []mark {
	if l.count[r] == 0 {
		return nil
	}
	return l.cells[r*l.cols : (r+1)*l.cols]
}

// changed reports whether row r must be rendered again, and records it as
// rendered.
func (l *layer) changed(r int) bool {
	h := l.hash[r]
	if l.count[r] == 0 {
		h = 0
	}
	if h == l.prev[r] {
		return false
	}
	l.prev[r] = h
	return true
}

// invalidate forces every row to be rendered again (the base changed).
func (l *layer) invalidate() {
	for i := range l.prev {
		l.prev[i] = ^uint64(0)
	}
}

// resized is s with length n, every element zero, reusing its array.
func resized[T any](s []T, n int) []T {
	s = slices.Grow(s[:0], n)[:n]
	clear(s)
	return s
}
