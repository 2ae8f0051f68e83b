package model

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// sizes a layout is checked at: the minimum, the common first screens and
// odd ones between.
var layoutSizes = [][2]int{
	{60, 16}, {60, 24}, {66, 20}, {80, 24}, {90, 28}, {100, 30}, {110, 33}, {120, 40}, {150, 45}, {200, 60}, {300, 90},
}

// panelColumn is the panel's text of a frame: the last pw cells of each
// body line, trimmed.
func panelColumn(m *Model, v string) []string {
	pw := m.panel.text.width
	lines := strings.Split(v, "\n")
	var out []string
	for _, l := range lines[:len(lines)-m.bar.lines] {
		w := ansi.StringWidth(l)
		out = append(out, strings.TrimSpace(ansi.Cut(l, w-pw, w)))
	}
	return out
}

// Charts are drawn whole and readable or not at all: never narrower than
// chartMinWidth, the energy chart only beside a full-width loss chart,
// never squeezing the map below chartsMinField rows; where they are hidden
// the panel says which key shows them.
func TestChartsWholeOrHidden(t *testing.T) {
	for _, s := range layoutSizes {
		w, h := s[0], s[1]
		m := newTestModel(t, "ravine", sim.Damped)
		m.SetSize(w, h)
		m.Advance(20)
		v := m.View()
		checkFrame(t, v, w, h)
		_, rows := m.field.Size()
		switch {
		case len(m.charts.lines) > 0:
			if m.charts.width < chartMinWidth || rows < chartsMinField {
				t.Errorf("%d×%d: charts %d wide, map %d rows", w, h, m.charts.width, rows)
			}
			if energy := strings.Contains(v, "energy ½m|v|²"); energy != (m.charts.width >= 2*chartMinWidth) {
				t.Errorf("%d×%d: charts %d wide, energy chart shown %v", w, h, m.charts.width, energy)
			}
		case !strings.Contains(v, "more: g charts"):
			t.Errorf("%d×%d: charts hidden and the panel does not say g shows them:\n%s", w, h, v)
		}
	}
}

// Where the charts do not fit under the map, g shows them instead of the
// map (both charts, the panel saying g brings the map back) and g again
// brings the map back.
func TestChartsInsteadOfMap(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.SetSize(60, 16)
	m.Advance(20)
	press(m, "g")
	v := m.View()
	checkFrame(t, v, 60, 16)
	if _, rows := m.field.Size(); rows != 0 || !strings.Contains(v, "loss") || !strings.Contains(v, "more: g map") {
		t.Fatalf("g at 60×16: map rows %d\n%s", rows, v)
	}
	press(m, "g")
	v = m.View()
	if _, rows := m.field.Size(); rows == 0 || strings.Contains(v, "loss") || !strings.Contains(v, "more: g charts") {
		t.Fatalf("g again: map rows %d\n%s", rows, v)
	}
	// Where they fit, g hides and shows them under the map as before.
	m.SetSize(100, 30)
	press(m, "g")
	if len(m.charts.lines) != 0 || strings.Contains(m.View(), "more: g") {
		t.Fatalf("g at 100×30 did not hide the charts:\n%s", m.View())
	}
	press(m, "g")
	if len(m.charts.lines) != chartStripLines {
		t.Fatalf("g again at 100×30: %d chart lines", len(m.charts.lines))
	}
}

// The panel shows its essentials at every size, the rest whole or not at
// all, in order of importance, and names the first part it hid.
func TestPanelByPriority(t *testing.T) {
	for _, args := range [][]string{
		{"--landscape", "ravine"},
		{"--landscape", "ravine", "--method", "flow"},
		{"--race", "--landscape", "rosenbrock"},
		{"--scenario", "noise"},
	} {
		for _, s := range layoutSizes {
			w, h := s[0], s[1]
			m := newSim(t, NewStyles(termenv.Ascii, true), args...)
			m.SetSize(w, h)
			m.Advance(30)
			v := m.View()
			checkFrame(t, v, w, h)
			panel := strings.Join(panelColumn(m, v), "\n")
			if w < 80 || h < 24 {
				continue // the smallest screens may lose the essentials' last lines
			}
			for _, must := range []string{m.land().Name, "η ", "μ ", "steps/s"} {
				if !strings.Contains(panel, must) {
					t.Errorf("%v %d×%d: essential %q missing:\n%s", args, w, h, must, panel)
				}
			}
			if !m.race && (!strings.Contains(panel, "update rule") || !strings.Contains(panel, "f ")) {
				t.Errorf("%v %d×%d: update rule or f missing:\n%s", args, w, h, panel)
			}
			stab := strings.Contains(panel, "local stability")
			if stab != strings.Contains(panel, "λ₂") || stab != strings.Contains(panel, "k critical · o Polyak optimal") {
				t.Errorf("%v %d×%d: stability lines cut:\n%s", args, w, h, panel)
			}
			pic := strings.Contains(panel, "(ηλ, μ):")
			if pic != strings.Contains(panel, "ηλ →") || pic && !stab {
				t.Errorf("%v %d×%d: picture cut or shown before stability:\n%s", args, w, h, panel)
			}
			if (!stab || !pic) && !strings.Contains(panel, "more:") {
				t.Errorf("%v %d×%d: parts hidden without saying so:\n%s", args, w, h, panel)
			}
			if strings.Contains(panel, "…") {
				t.Errorf("%v %d×%d: a panel line is cut:\n%s", args, w, h, panel)
			}
		}
	}
}

// At 100×30 the first screen draws the (ηλ, μ) picture, not only its legend.
func TestPictureAt100x30(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true))
	m.SetSize(100, 30)
	v := m.View()
	if !strings.Contains(v, "(ηλ, μ):") || !strings.Contains(v, "ηλ →") || !strings.Contains(v, "4.4") {
		t.Fatalf("100×30 has no (ηλ, μ) picture:\n%s", v)
	}
}

// The panel grows with the screen (a third of it, up to panelMax).
func TestPanelGrowsWithTheScreen(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	last := 0
	for _, s := range layoutSizes {
		m.SetSize(s[0], s[1])
		pw := m.panel.text.width
		if pw < last || pw < panelMin || pw > panelMax {
			t.Fatalf("%d wide: panel %d (before %d)", s[0], pw, last)
		}
		last = pw
	}
	if last <= 36 {
		t.Fatalf("at 300 columns the panel is still %d wide", last)
	}
}

// A note (the answer to a key) is wrapped at words by cells and read whole:
// o on himmelblau's start says why there is no optimum to snap to.
func TestNoteWrapsWhole(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {100, 30}, {60, 16}} {
		m := newTestModel(t, "himmelblau", sim.Damped)
		m.SetSize(s[0], s[1])
		press(m, "o")
		if m.note == "" {
			t.Fatal("o on himmelblau's start gave no note")
		}
		v := m.View()
		checkFrame(t, v, s[0], s[1])
		joined := strings.Join(strings.Fields(strings.Join(panelColumn(m, v), " ")), " ")
		if !strings.Contains(joined, m.note) {
			t.Fatalf("%v: note %q not whole in the panel:\n%s", s, m.note, strings.Join(panelColumn(m, v), "\n"))
		}
	}
}

// A formula wider than the panel ends in "…" instead of being cut.
func TestLongFormulaEndsInEllipsis(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--expr", "x^2 + 10*y^2 + sin(3*x)*cos(2*y) + 0.1*x*y + exp(-x^2)")
	m.SetSize(80, 24)
	v := m.View()
	checkFrame(t, v, 80, 24)
	col := panelColumn(m, v)
	if !strings.HasPrefix(col[1], "f = ") || !strings.HasSuffix(col[1], "…") {
		t.Fatalf("formula line %q", col[1])
	}
}

// panelText measures in cells: wide characters take two, and a cut is
// marked with "…".
func TestPanelTextCells(t *testing.T) {
	var p panelText
	p.setSize(10, 3)
	p.reset()
	p.text(wrap{}, "中文中文中文")
	p.end()
	p.text(wrap{}, "abc")
	p.num(wrap{}, math.Pi*1e6)
	p.end()
	st := NewStyles(termenv.Ascii, true)
	p.fit("", &st)
	for i, want := range []string{"中文中文… ", "abc3.14e+…"} {
		if got := string(p.line(i)); got != want || ansi.StringWidth(got) != 10 {
			t.Fatalf("line %d: %q (%d cells), want %q", i, got, ansi.StringWidth(got), want)
		}
	}
}

// An unknown name in the expression input lists every name it wants,
// wrapped at words, not cut.
func TestExpressionErrorWraps(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.SetSize(80, 24)
	press(m, "/", "b", "o", "g", "u", "s", "enter")
	v := m.View()
	checkFrame(t, v, 80, 24)
	if !strings.Contains(v, "atan") || !strings.Contains(v, "(esc closes)") || strings.Contains(m.bar.text, "…") {
		t.Fatalf("error cut:\n%s", m.bar.text)
	}
}

// runeCells agrees with ansi.StringWidth wherever it does not ask it.
func TestRuneCellsAgreesWithAnsi(t *testing.T) {
	for r := rune(0x20); r < 0x2900; r++ {
		if r >= 0x7f && r < 0xa0 || !utf8.ValidRune(r) {
			continue
		}
		if got, want := runeCells(r), ansi.StringWidth(string(r)); got != want {
			t.Errorf("U+%04X %q: %d cells, ansi says %d", r, r, got, want)
		}
	}
}
