package model

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// wrap is a text style split into the escape before and after its text, so
// panel lines are appended byte by byte instead of rendered through lipgloss
// on every frame.
type wrap struct{ pre, post string }

func wrapOf(s lipgloss.Style) wrap {
	pre, post, _ := strings.Cut(s.Render("X"), "X")
	return wrap{pre, post}
}

// Panel sections in the order they give way when the panel is short: the
// essentials stay, the rest are shown whole or not at all (see fit).
const (
	secEssential = iota // what moves, its step, f, the update rule, η and μ
	secStability        // the local stability lines
	secPlane            // the (ηλ, μ) picture
	secDetail           // position, speed and energy
	numSections
)

// sectionName names a hidden section in the panel's last line.
var sectionName = [numSections]string{"", "stability", "(ηλ, μ)", "x, y, energy"}

// panelText is the side panel as one buffer of fixed-width lines, each in
// a section; fit picks the lines that are shown.
type panelText struct {
	width, rows int
	buf         []byte
	ends        []int  // end offset of each line in buf
	sections    []int8 // each line's section
	blanks      []bool // each line is empty: a gap, shown only between shown lines
	cur         int    // visible width of the line being written
	sec         int8   // the section being written
	lineStart   int
	blank       string

	shown      []int // after fit: the lines shown, top down (-1 a gap)
	hintLine   int   // the line saying what is hidden, or -1
	blankBytes []byte
}

func (p *panelText) setSize(w, rows int) {
	if w != p.width || p.blank == "" {
		p.blank = strings.Repeat(" ", max(w, 0))
		p.blankBytes = []byte(p.blank)
	}
	p.width, p.rows = w, rows
}

func (p *panelText) reset() {
	p.buf, p.ends, p.cur = p.buf[:0], p.ends[:0], 0
	p.sections, p.blanks = p.sections[:0], p.blanks[:0]
	p.sec, p.lineStart, p.hintLine = secEssential, 0, -1
}

// section puts the lines that follow in section s.
func (p *panelText) section(s int) { p.sec = int8(s) }

// bytes appends b, UTF-8 text of one cell per rune (numbers, braille), in
// style w; what does not fit ends in "…".
func (p *panelText) bytes(w wrap, b []byte) {
	room := p.width - p.cur
	if room <= 0 || len(b) == 0 {
		return
	}
	n := 0
	for _, c := range b {
		if utf8.RuneStart(c) { // counted by hand: utf8.RuneCount moves b to the heap
			n++
		}
	}
	cut := len(b)
	if n > room {
		cut, n = 0, 0
		for n < room-1 {
			_, size := utf8.DecodeRune(b[cut:])
			cut += size
			n++
		}
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, b[:cut]...)
	if cut < len(b) {
		p.buf = append(p.buf, "…"...)
		n++
	}
	p.buf = append(p.buf, w.post...)
	p.cur += n
}

// text appends s in style w, measured in cells; what does not fit in the
// panel's width ends in "…" rather than being cut unmarked.
func (p *panelText) text(w wrap, s string) {
	room := p.width - p.cur
	if room <= 0 || s == "" {
		return
	}
	n := cellWidth(s)
	cut := len(s)
	if n > room {
		// The longest prefix, at a rune boundary, that leaves a cell for "…".
		cut, n = 0, 0
		for i, r := range s {
			w := runeCells(r)
			if n+w > room-1 {
				break
			}
			cut, n = i+utf8.RuneLen(r), n+w
		}
	}
	p.buf = append(p.buf, w.pre...)
	p.buf = append(p.buf, s[:cut]...)
	if cut < len(s) {
		p.buf = append(p.buf, "…"...)
		n++
	}
	p.buf = append(p.buf, w.post...)
	p.cur += n
}

// cellWidth is s's width in terminal cells, as ansi.StringWidth measures
// it, without letting s escape to the heap (the panel builds strings such
// as " "+name on every frame, and ansi's parser keeps its argument).
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeCells(r)
	}
	return n
}

// runeCells is one rune's width in cells: the blocks the panel writes
// from (Latin, Greek, punctuation, sub- and superscripts, arrows, maths,
// box drawing, shapes, braille) are one cell; any other rune is measured
// by ansi (TestRuneCellsAgreesWithAnsi checks the two agree).
func runeCells(r rune) int {
	switch {
	case r >= 0x20 && r < 0x7f, r >= 0xa0 && r < 0x300 && r != 0xad, r >= 0x370 && r < 0x400,
		r >= 0x2010 && r < 0x2028, r >= 0x2030 && r < 0x205f, r >= 0x2070 && r < 0x20c1,
		r >= 0x2100 && r < 0x2300, r >= 0x2500 && r < 0x25fd, r >= 0x2800 && r < 0x2900:
		return 1
	case r >= 0x300 && r < 0x370:
		return 0 // combining marks (the tilde of x̃) join the letter before
	}
	var b [utf8.UTFMax]byte
	return ansi.StringWidth(string(b[:utf8.EncodeRune(b[:], r)]))
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
	p.blanks = append(p.blanks, len(p.buf) == p.lineStart)
	if pad := p.width - p.cur; pad > 0 {
		p.buf = append(p.buf, p.blank[:pad]...)
	}
	p.ends = append(p.ends, len(p.buf))
	p.sections = append(p.sections, p.sec)
	p.cur = 0
	p.lineStart = len(p.buf)
}

// fit chooses the lines shown in the panel's rows: whole sections, the
// more important first, while they fit, and gaps only between shown lines.
// If gaps cost a section, they go instead. When anything is hidden, or
// extra (e.g. where the charts went) is not empty, the last row says what
// and which key shows it.
func (p *panelText) fit(extra string, st *Styles) {
	var keep [numSections]bool
	rows := p.rows
	if extra != "" {
		rows--
	}
	const allGaps = 1 << 30
	n := p.choose(&keep, rows, allGaps)
	if n < numSections && extra == "" {
		rows-- // the hint takes a row
		n = p.choose(&keep, rows, allGaps)
	}
	gaps := allGaps
	if n < numSections {
		var tight [numSections]bool
		if p.choose(&tight, rows, 0) > n {
			// Without gaps one more section fits: the rows left over
			// get back as many gaps as they hold, from the top.
			keep = tight
			gaps = rows - p.count(&keep, 0)
		}
	}
	if p.count(&keep, gaps) > rows {
		gaps = max(0, rows-p.count(&keep, 0)) // the essentials alone overflow: gaps go first
	}
	p.shown = p.layout(p.shown[:0], &keep, gaps)
	hidden := -1
	for s := range numSections {
		if !keep[s] && p.present(s) {
			hidden = s
			break
		}
	}
	p.hintLine = -1
	if extra == "" && hidden < 0 {
		return
	}
	// The hint is one more line in the buffer, outside every section.
	p.sec = numSections
	p.text(st.dim, " more: ")
	if extra != "" {
		p.text(st.dim, extra)
		if hidden >= 0 {
			p.text(st.dim, " · ")
		}
	}
	if hidden >= 0 {
		p.text(st.dim, "i ")
		p.text(st.dim, sectionName[hidden])
	}
	p.end()
	p.hintLine = len(p.ends) - 1
}

// present reports whether section s has any line this draw.
func (p *panelText) present(s int) bool {
	for i, sec := range p.sections {
		if int(sec) == s && !p.blanks[i] {
			return true
		}
	}
	return false
}

// choose marks the sections that fit in rows, in order of importance (a
// section that does not fit ends the choice), and returns how many
// sections are settled (kept, or absent from this draw). The essentials
// are always kept: on the smallest screens their last lines fall off the
// bottom (the explain page, i, has every value).
func (p *panelText) choose(keep *[numSections]bool, rows, gaps int) int {
	*keep = [numSections]bool{secEssential: true}
	for s := secEssential + 1; s < numSections; s++ {
		keep[s] = true
		if p.count(keep, gaps) > rows {
			keep[s] = false
			return s
		}
	}
	return numSections
}

// count is how many rows the kept sections take with at most gaps gaps.
func (p *panelText) count(keep *[numSections]bool, gaps int) int {
	n, gap := 0, false
	for i, sec := range p.sections {
		switch {
		case p.blanks[i]:
			gap = n > 0
		case keep[sec]:
			if gap && gaps > 0 {
				n++
				gaps--
			}
			n++
			gap = false
		}
	}
	return n
}

// layout lists the kept sections' lines in order, -1 for a gap (at most
// gaps of them, from the top).
func (p *panelText) layout(out []int, keep *[numSections]bool, gaps int) []int {
	gap := false
	for i, sec := range p.sections {
		switch {
		case p.blanks[i]:
			gap = len(out) > 0
		case keep[sec]:
			if gap && gaps > 0 {
				out = append(out, -1)
				gaps--
			}
			out = append(out, i)
			gap = false
		}
	}
	return out
}

// line returns panel row r: a shown line, or blanks, and the hint on the
// last row.
func (p *panelText) line(r int) []byte {
	i := -1
	switch {
	case r == p.rows-1 && p.hintLine >= 0:
		i = p.hintLine
	case r < len(p.shown):
		i = p.shown[r]
	}
	if i < 0 {
		return p.blankBytes
	}
	start := 0
	if i > 0 {
		start = p.ends[i-1]
	}
	return p.buf[start:p.ends[i]]
}
