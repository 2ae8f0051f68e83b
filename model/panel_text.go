package model

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
)

// wrap is a text style split into the escape before and after its text, so
// panel lines are appended byte by byte instead of rendered through lipgloss
// on every frame.
type wrap struct{ pre, post string }

func wrapOf(s lipgloss.Style) wrap {
	pre, post, _ := strings.Cut(s.Render("X"), "X")
	return wrap{pre, post}
}

// panelText is the side panel as one buffer of fixed-width lines.
type panelText struct {
	width, rows int
	buf         []byte
	ends        []int // end offset of each line in buf
	cur         int   // visible width of the line being written
	blank       string
}

func (p *panelText) setSize(w, rows int) {
	if w != p.width || p.blank == "" {
		p.blank = strings.Repeat(" ", w)
	}
	p.width, p.rows = w, rows
}

func (p *panelText) reset() {
	p.buf, p.ends, p.cur = p.buf[:0], p.ends[:0], 0
}

// bytes appends b, UTF-8 text, in style w: text without a string.
func (p *panelText) bytes(w wrap, b []byte) {
	room := p.width - p.cur
	if room <= 0 || len(b) == 0 {
		return
	}
	cut := 0
	n := 0
	for cut < len(b) && n < room {
		_, size := utf8.DecodeRune(b[cut:])
		cut += size
		n++
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, b[:cut]...)
	p.buf = append(p.buf, w.post...)
	p.cur += n
}

// text appends s in style w, cut at the panel's width (keeping one column
// of margin on the left, which the line start provides).
func (p *panelText) text(w wrap, s string) {
	room := p.width - p.cur
	if room <= 0 || s == "" {
		return
	}
	if utf8.RuneCountInString(s) > room {
		cut := 0
		for range room {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
		}
		s = s[:cut]
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, s...)
	p.buf = append(p.buf, w.post...)
	p.cur += utf8.RuneCountInString(s)
}

// int appends a whole number without allocating.
func (p *panelText) int(w wrap, n int) {
	var tmp [20]byte
	p.bytes(w, strconv.AppendInt(tmp[:0], int64(n), 10))
}

// num appends a number with four significant digits.
func (p *panelText) num(w wrap, v float64) {
	var tmp [32]byte
	p.bytes(w, appendNum(tmp[:0], v))
}

// appendNum formats v briefly: four significant digits, whole numbers
// up to a million, exponents only for very large or small magnitudes.
func appendNum(b []byte, v float64) []byte {
	switch a := math.Abs(v); {
	case v == 0:
		return append(b, '0')
	case a >= 1000 && a < 1e6:
		return strconv.AppendFloat(b, v, 'f', 0, 64)
	case a >= 1e-3 && a < 1000:
		return strconv.AppendFloat(b, v, 'g', 4, 64)
	}
	return strconv.AppendFloat(b, v, 'g', 3, 64)
}

// end pads the line to the panel width and starts the next one.
func (p *panelText) end() {
	if pad := p.width - p.cur; pad > 0 {
		p.buf = append(p.buf, p.blank[:pad]...)
	}
	p.ends = append(p.ends, len(p.buf))
	p.cur = 0
}

// line returns panel line r, or blanks below the last line.
func (p *panelText) line(r int) []byte {
	if r >= len(p.ends) {
		return []byte(p.blank)
	}
	start := 0
	if r > 0 {
		start = p.ends[r-1]
	}
	return p.buf[start:p.ends[r]]
}
