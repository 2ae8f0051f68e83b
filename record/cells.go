// Package record turns the simulator's screen into pictures: a frame of
// text with ANSI colours is parsed into a grid of cells (cells.go), the
// cells are drawn to pixels with Go Mono, block elements, braille and box
// lines drawn as geometry so they stay crisp (render.go), and frames are
// written as a PNG or an animated GIF with a palette built from their
// colours (encode.go). It knows nothing of the simulation: it draws text.
package record

import (
	"image/color"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Cell is one character cell of a screen: its text (one grapheme, or ""
// for the second half of a wide one) and its colours.
type Cell struct {
	Text   string
	FG, BG color.RGBA
	Bold   bool
}

// The terminal's own colours, where the frame sets none: a dark
// background, as most terminals have.
var (
	DefaultFG = color.RGBA{0xd8, 0xd8, 0xd8, 0xff}
	DefaultBG = color.RGBA{0x16, 0x18, 0x1c, 0xff}
)

// Screen is a grid of cells, row by row.
type Screen struct {
	Cols, Rows int
	Cells      []Cell
}

// At is the cell at column c, row r.
func (s *Screen) At(c, r int) *Cell { return &s.Cells[r*s.Cols+c] }

// Parse reads a frame as the simulator's View writes it (lines separated
// by "\n", colours as SGR escape sequences) into a cols × rows screen.
// Text past the width or below the last row is dropped; missing cells are
// blank in the default colours. Escapes other than SGR are skipped.
func Parse(frame string, cols, rows int) *Screen {
	s := &Screen{Cols: cols, Rows: rows, Cells: make([]Cell, cols*rows)}
	for i := range s.Cells {
		s.Cells[i] = Cell{Text: " ", FG: DefaultFG, BG: DefaultBG}
	}
	st := sgrState{fg: DefaultFG, bg: DefaultBG}
	for r, line := range strings.Split(frame, "\n") {
		if r >= rows {
			break
		}
		col := 0
		for len(line) > 0 {
			if line[0] == 0x1b {
				n := escapeLen(line)
				if n >= 3 && line[1] == '[' && line[n-1] == 'm' {
					st.apply(line[2 : n-1])
				}
				line = line[n:]
				continue
			}
			g, w := firstGrapheme(line)
			line = line[len(g):]
			if g == "\r" || w == 0 && g < " " {
				continue
			}
			if col+max(w, 1) > cols {
				col = cols
				continue
			}
			fg, bg := st.colors()
			*s.At(col, r) = Cell{Text: g, FG: fg, BG: bg, Bold: st.bold}
			for k := 1; k < w; k++ {
				*s.At(col+k, r) = Cell{Text: "", FG: fg, BG: bg}
			}
			col += max(w, 1)
		}
	}
	return s
}

// firstGrapheme is the first grapheme cluster of s and its width in cells.
func firstGrapheme(s string) (string, int) {
	g, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	if g == "" {
		_, n := utf8.DecodeRuneInString(s)
		return s[:n], 1
	}
	return g, w
}

// escapeLen is the length of the escape sequence at the start of s: a CSI
// sequence up to its final byte, or ESC and one byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	if s[1] != '[' {
		return 2
	}
	for i := 2; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
	}
	return len(s)
}

// sgrState is the pen: colours and attributes set so far.
type sgrState struct {
	fg, bg               color.RGBA
	bold, faint, reverse bool
}

func (st *sgrState) colors() (fg, bg color.RGBA) {
	fg, bg = st.fg, st.bg
	if st.reverse {
		fg, bg = bg, fg
	}
	if st.faint {
		fg = Blend(fg, bg, 0.5)
	}
	return fg, bg
}

// apply reads the parameters of one SGR sequence.
func (st *sgrState) apply(params string) {
	if params == "" {
		params = "0"
	}
	ps := strings.Split(params, ";")
	num := func(i int) int {
		if i >= len(ps) {
			return 0
		}
		v, _ := strconv.Atoi(ps[i])
		return v
	}
	for i := 0; i < len(ps); i++ {
		switch p := num(i); {
		case p == 0:
			*st = sgrState{fg: DefaultFG, bg: DefaultBG}
		case p == 1:
			st.bold = true
		case p == 2:
			st.faint = true
		case p == 22:
			st.bold, st.faint = false, false
		case p == 7:
			st.reverse = true
		case p == 27:
			st.reverse = false
		case p == 39:
			st.fg = DefaultFG
		case p == 49:
			st.bg = DefaultBG
		case p >= 30 && p <= 37:
			st.fg = ansi16[p-30]
		case p >= 90 && p <= 97:
			st.fg = ansi16[p-90+8]
		case p >= 40 && p <= 47:
			st.bg = ansi16[p-40]
		case p >= 100 && p <= 107:
			st.bg = ansi16[p-100+8]
		case p == 38 || p == 48:
			var c color.RGBA
			switch num(i + 1) {
			case 2:
				c = color.RGBA{uint8(num(i + 2)), uint8(num(i + 3)), uint8(num(i + 4)), 0xff}
				i += 4
			case 5:
				c = ansi256(num(i + 2))
				i += 2
			default:
				continue
			}
			if p == 38 {
				st.fg = c
			} else {
				st.bg = c
			}
		}
	}
}

// ansi16 is xterm's default 16-colour palette.
var ansi16 = [16]color.RGBA{
	{0x00, 0x00, 0x00, 0xff}, {0xcd, 0x00, 0x00, 0xff}, {0x00, 0xcd, 0x00, 0xff}, {0xcd, 0xcd, 0x00, 0xff},
	{0x00, 0x00, 0xee, 0xff}, {0xcd, 0x00, 0xcd, 0xff}, {0x00, 0xcd, 0xcd, 0xff}, {0xe5, 0xe5, 0xe5, 0xff},
	{0x7f, 0x7f, 0x7f, 0xff}, {0xff, 0x00, 0x00, 0xff}, {0x00, 0xff, 0x00, 0xff}, {0xff, 0xff, 0x00, 0xff},
	{0x5c, 0x5c, 0xff, 0xff}, {0xff, 0x00, 0xff, 0xff}, {0x00, 0xff, 0xff, 0xff}, {0xff, 0xff, 0xff, 0xff},
}

// ansi256 is colour n of xterm's 256-colour palette. Past the first 16
// (which ansi gives in VGA's shades, not xterm's) the colour cube and grey
// ramp are ansi's table.
func ansi256(n int) color.RGBA {
	switch {
	case n < 16:
		return ansi16[max(n, 0)]
	case n < 256:
		return color.RGBAModel.Convert(ansi.IndexedColor(n)).(color.RGBA)
	}
	return DefaultFG
}

// Blend is a·(1−t) + b·t, channel by channel.
func Blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
