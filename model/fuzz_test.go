package model

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/sim"
)

// fuzzKeys are the keys a fuzzed session presses: every binding, some text
// for the expression input, and keys that mean nothing.
var fuzzKeys = []string{" ", "n", "r", "1", "2", "3", "c", "tab", "shift+tab", "t", "T", "m", "M", "e", "E",
	"k", "o", "-", "+", "a", "g", "x", "[", "]", "N", "/", "s", "?", "p", "enter", "esc", "x", "^", "2",
	"(", ")", "*", "y", "backspace", "z", "é", "ctrl+c", "q", "h", "b", "Z", "0"}

// FuzzModel drives the simulator with a random session decoded from the
// input: keys, clicks, ticks and window sizes from 0×0 to 160×60 (both
// layouts and the too-small screen), or 500×200 for a byte of 255. Nothing
// may panic, and every frame fits its terminal exactly (a line is measured
// unless the same line fitted the same width in the frame before: a tick
// moves the particle and the numbers, the rest of the frame stays). Quitting
// keys are skipped so a session runs to its end.
//
// A session is short (at most 48 events) and sizes are mostly small, so the
// fuzzer runs a thousand or more sessions a second instead of a few: a 500×200
// resize rebuilds the contour map and a frame's width check reads 100 000
// cells, which made sessions of 200 events at random sizes take 0.2 s each.
func FuzzModel(f *testing.F) {
	f.Add([]byte{0, 3, 1, 9, 2, 200, 50, 0, 1, 3, 4, 5})
	f.Add([]byte{2, 40, 12, 0, 7, 0, 7, 3, 3, 3, 0, 25, 1, 10, 10})
	f.Add([]byte{2, 255, 255, 0, 19, 0, 30, 0, 31, 0, 32, 0, 29, 3, 0, 35, 0, 34})
	f.Add([]byte("race with everything on at a size that changes"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSession(t, data) })
}

// fuzzSession is one fuzzed session decoded from data.
func fuzzSession(t testing.TB, data []byte) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	w, h := 100, 30
	last := ""
	var fitted []string // the lines of the last frame measured, each known to fit fittedW
	fittedW := 0
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	for steps := 0; len(data) > 0 && steps < 48; steps++ {
		switch next() % 4 {
		case 0:
			k := fuzzKeys[next()%len(fuzzKeys)]
			if k == "q" || k == "ctrl+c" || (k == "p" || k == "w") && !m.expr.open {
				continue // quitting ends a session; w writes files; p's message is covered elsewhere
			}
			m.Update(keyMsg(k))
		case 1:
			m.Update(tea.MouseMsg{X: next(), Y: next(), Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
		case 2:
			w, h = fuzzSize(next(), 160, 500), fuzzSize(next(), 60, 200)
			m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		default:
			m.Update(tickMsg{gen: m.gen})
		}
		v := m.View()
		if v == last {
			continue // checked already
		}
		last = v
		if w == 0 || h == 0 {
			if v != "" {
				t.Fatalf("%d×%d: frame %q, want nothing", w, h, v)
			}
			continue
		}
		lines := strings.Split(v, "\n")
		if len(lines) != h {
			t.Fatalf("%d×%d: %d lines", w, h, len(lines))
		}
		for i, l := range lines {
			if i < len(fitted) && l == fitted[i] && w == fittedW {
				continue // this line fitted this width in the frame before
			}
			if ansi.StringWidth(l) > w {
				t.Fatalf("%d×%d: line %d is %d wide", w, h, i, ansi.StringWidth(l))
			}
		}
		fitted, fittedW = lines, w
	}
}

// fuzzSize maps a byte to 0…most, or to huge for 255.
func fuzzSize(b, most, huge int) int {
	if b == 255 {
		return huge
	}
	return b * most / 254
}
