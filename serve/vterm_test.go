package serve

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// vterm is just enough of a terminal to read what a session shows: glyphs
// placed by cursor moves, erases, and every other sequence skipped. It
// keeps the raw bytes too, for the modes the simulator sets and restores.
type vterm struct {
	mu   sync.Mutex
	w, h int
	grid [][]string
	x, y int
	raw  strings.Builder
	rest string // an escape sequence cut by the end of a write

	// answer, if set, is called with the terminal's answers to queries:
	// OSC 11 (background colour, answered when bg is set) and DA1.
	answer func(string)
	bg     string // rgb:RRRR/GGGG/BBBB
}

func newVterm(w, h int) *vterm {
	t := &vterm{}
	t.resize(w, h)
	return t
}

func (t *vterm) resize(w, h int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.w, t.h = w, h
	t.clear()
}

func (t *vterm) clear() {
	t.grid = make([][]string, t.h)
	for i := range t.grid {
		t.grid[i] = make([]string, t.w)
		for j := range t.grid[i] {
			t.grid[i][j] = " "
		}
	}
}

func (t *vterm) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.raw.Write(b)
	s := t.rest + string(b)
	t.rest = ""
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\x1b':
			n, ok := t.escape(s[i:])
			if !ok {
				t.rest = s[i:]
				return len(b), nil
			}
			i += n
		case c == '\r':
			t.x = 0
			i++
		case c == '\n':
			t.y = min(t.y+1, t.h-1)
			i++
		case c < ' ':
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			if t.y < t.h && t.x < t.w {
				t.grid[t.y][t.x] = s[i : i+size]
			}
			t.x++
			i += size
		}
	}
	return len(b), nil
}

// escape applies the sequence at the start of s and says how long it is;
// ok is false when s ends inside it.
func (t *vterm) escape(s string) (n int, ok bool) {
	if len(s) < 2 {
		return 0, false
	}
	switch s[1] {
	case '[':
		j := 2
		for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
			j++
		}
		if j == len(s) {
			return 0, false
		}
		t.csi(s[2:j], s[j])
		return j + 1, true
	case ']', 'P', '_':
		// OSC, DCS, APC: up to BEL or ST.
		for j := 2; j < len(s); j++ {
			end := 0
			if s[j] == '\a' {
				end = j + 1
			}
			if s[j] == '\x1b' && j+1 < len(s) && s[j+1] == '\\' {
				end = j + 2
			}
			if end > 0 {
				if s[:end] == "\x1b]11;?\x1b\\" && t.answer != nil && t.bg != "" {
					t.answer("\x1b]11;" + t.bg + "\x1b\\")
				}
				return end, true
			}
		}
		return 0, false
	}
	return 2, true
}

func (t *vterm) csi(params string, final byte) {
	if final == 'c' && params == "" && t.answer != nil {
		t.answer("\x1b[?62;22c") // a VT220 with colour, as xterm says
		return
	}
	if strings.HasPrefix(params, "?") {
		return // modes
	}
	ps := strings.Split(params, ";")
	arg := func(i, def int) int {
		if i < len(ps) {
			if v, err := strconv.Atoi(ps[i]); err == nil && v > 0 {
				return v
			}
		}
		return def
	}
	clampX := func(x int) int { return max(0, min(x, t.w-1)) }
	clampY := func(y int) int { return max(0, min(y, t.h-1)) }
	switch final {
	case 'H', 'f':
		t.y, t.x = clampY(arg(0, 1)-1), clampX(arg(1, 1)-1)
	case 'A':
		t.y = clampY(t.y - arg(0, 1))
	case 'B':
		t.y = clampY(t.y + arg(0, 1))
	case 'C':
		t.x = clampX(t.x + arg(0, 1))
	case 'D':
		t.x = clampX(t.x - arg(0, 1))
	case 'G':
		t.x = clampX(arg(0, 1) - 1)
	case 'J':
		t.clear()
	case 'K':
		for x := t.x; x < t.w && t.y < t.h; x++ {
			t.grid[t.y][x] = " "
		}
	case 'X':
		for x := t.x; x < min(t.w, t.x+arg(0, 1)) && t.y < t.h; x++ {
			t.grid[t.y][x] = " "
		}
	}
}

// text is the screen, one line per row.
func (t *vterm) text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	for _, row := range t.grid {
		b.WriteString(strings.Join(row, ""))
		b.WriteByte('\n')
	}
	return b.String()
}

// bytes is everything written so far.
func (t *vterm) bytes() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.raw.String()
}
