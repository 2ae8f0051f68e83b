package model

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// runCmds runs cmd and every command its messages lead to, as bubbletea
// would, feeding the basin map's messages back to m, until the map is
// finished or a timeout. Ticks and other messages are dropped.
func runCmds(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	start := func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() { msgs <- c() }()
	}
	start(cmd)
	deadline := time.After(60 * time.Second)
	for m.basins.busy {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					start(c)
				}
			case basinsMsg:
				_, next := m.Update(msg)
				start(next)
			}
		case <-deadline:
			t.Fatal("the basin map did not finish")
		}
	}
}

// TestBasinMapMarksEachMinimumsBasin: around every listed minimum on
// screen the map shows that minimum's number (a ball started next to a
// minimum settles in it), computed in the background without blocking,
// and the note says what the marks mean.
func TestBasinMapMarksEachMinimumsBasin(t *testing.T) {
	for _, name := range []string{"himmelblau", "camel"} {
		m := newTestModel(t, name, sim.Damped)
		cmd := press(m, "b")
		if !m.basins.busy {
			t.Fatalf("%s: b started no computation", name)
		}
		runCmds(t, m, cmd)
		view := ansi.Strip(m.View())
		if !strings.Contains(view, "basins of damped") {
			t.Errorf("%s: no basin note:\n%s", name, view)
		}
		// Read the map's own glyphs (the screen may have a particle or a
		// trail on top of a cell).
		plain := m.field.contours.tintPlain
		cols, _ := m.field.Size()
		for k, min := range m.land().Minima() {
			col, row, inside := m.field.Cell(min.At)
			if !inside || row == 0 || col == 0 || col+1 >= cols {
				continue
			}
			want := string("123456789"[k])
			for _, c := range []int{row*cols + col - 1, row*cols + col + 1, (row-1)*cols + col} {
				if plain[c] != want {
					t.Errorf("%s: next to minimum %d at %v the map shows %q, want %s\n%s", name, k+1, min.At, plain[c], want, view)
					break
				}
			}
		}
		press(m, "b")
		if strings.Contains(ansi.Strip(m.View()), "basins of") || m.field.contours.tint != nil {
			t.Errorf("%s: b did not turn the map off", name)
		}
	}
}

// TestBasinMapRestartsWhenASettingChanges: a change of friction while the
// map is computed cancels it and computes it again for the new friction;
// the old computation's result is dropped.
func TestBasinMapRestartsWhenASettingChanges(t *testing.T) {
	m := newTestModel(t, "camel", sim.Damped)
	first := press(m, "b")
	gen := m.basins.gen
	_, second := m.Update(keyMsg("e"))
	if m.basins.gen == gen {
		t.Fatal("a change of friction did not restart the map")
	}
	// The first computation ends cancelled (nil) or is dropped by its
	// generation; the map that finishes is the one for the new friction.
	go func() {
		if msg := first(); msg != nil {
			m.Update(msg)
		}
	}()
	runCmds(t, m, second)
	if m.basins.key != m.basinKeyNow() || m.basins.sys.Params.Friction != m.tuning.Physical.Friction {
		t.Errorf("the map was computed for %+v, the settings are %+v", m.basins.sys.Params, m.tuning.Physical)
	}
}

// TestFrameBasinsCellsAreFates: each tinted cell is the fate of a ball
// started at that cell's centre (sim.System.Fate, what `momentum basins`
// prints), classified as the CLI classifies.
func TestFrameBasinsCellsAreFates(t *testing.T) {
	m := newTestModel(t, "himmelblau", sim.Damped)
	m.ComputeBasins()
	sys := sim.System{Land: m.land(), Method: sim.Damped, Params: m.tuning.For(sim.Damped)}
	cols, rows := m.field.Size()
	for _, cell := range [][2]int{{0, 0}, {cols / 2, rows / 2}, {cols - 1, rows - 1}, {cols / 3, 2 * rows / 3}} {
		o := []sim.Outcome{sys.Fate(m.field.CellCenter(cell[0], cell[1]), basinSteps)}
		sim.Classify(m.land(), o)
		if got, want := m.field.contours.tint[cell[1]*cols+cell[0]], tintOf(o[0], basinMarks(m.styles)); got != want {
			t.Errorf("cell %v: tint %d, the ball from its centre gives %d (%+v)", cell, got, want, o[0])
		}
	}
}

// TestBasinMapInEveryProfile: the map draws in every colour profile, and
// the painter's picture equals View (the painter reads the tinted cells).
func TestBasinMapInEveryProfile(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		m := newSim(t, NewStyles(p, true), "--landscape", "camel", "--race")
		m.SetSize(120, 36)
		m.ComputeBasins()
		if v := m.View(); !strings.Contains(ansi.Strip(v), "basins of damped") {
			t.Errorf("profile %v: no basin map", p)
		}
		for _, c := range m.field.contours.tint {
			if c == tintNone {
				t.Fatalf("profile %v: an untinted cell after the whole map", p)
			}
		}
		if p != termenv.Ascii {
			// Six basins in six colours: no two share one.
			bgs := map[string]bool{}
			for tint := tintFirstBasin; tint < tintFirstBasin+6; tint++ {
				bgs[m.field.contours.tbg[tint][5]] = true
			}
			if len(bgs) != 6 {
				t.Errorf("profile %v: camel's six basins in %d colours", p, len(bgs))
			}
		}
	}
}

// TestPainterDrawsTheBasinMap: the painter, sending only what changed,
// leaves the terminal showing the tinted map View describes, as the map
// arrives and as the particle moves over it.
func TestPainterDrawsTheBasinMap(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI, termenv.Ascii} {
		m := newSim(t, NewStyles(p, true), "--landscape", "himmelblau")
		var out bytes.Buffer
		term := NewTerminal(m, &out)
		term.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		screen := newVterm(100, 30)
		screen.write(out.String())
		out.Reset()
		_, cmd := term.Update(keyMsg("b"))
		runCmdsVia(t, term, m, cmd)
		screen.write(out.String())
		sameScreen(t, "basin map", screen, expected(m))
		out.Reset()
		term.Update(keyMsg("n"))
		screen.write(out.String())
		sameScreen(t, "a step over the map", screen, expected(m))
	}
}

// runCmdsVia is runCmds with the messages going through the terminal, so
// it paints each pass.
func runCmdsVia(t *testing.T, term *Terminal, m *Model, cmd tea.Cmd) {
	t.Helper()
	for cmd != nil && m.basins.busy {
		msg := cmd()
		switch msg := msg.(type) {
		case tea.BatchMsg:
			cmd = nil
			if r, ok := firstBasins(msg); ok {
				_, cmd = term.Update(r)
			}
		case basinsMsg:
			_, cmd = term.Update(msg)
		default:
			return
		}
	}
}

// firstBasins runs a batch's commands at once and returns the map's pass
// as soon as it comes; the progress tick only sleeps and is dropped. No
// clock decides which is which: a loaded machine may take longer for a
// pass than the tick's period.
func firstBasins(cmds []tea.Cmd) (tea.Msg, bool) {
	results := make(chan tea.Msg, len(cmds))
	n := 0
	for _, c := range cmds {
		if c != nil {
			n++
			go func() { results <- c() }()
		}
	}
	for range n {
		if msg, ok := (<-results).(basinsMsg); ok {
			return msg, true
		}
	}
	return nil, false
}

// TestBasinMarksNeverRepeat: rastrigin at its defaults has far more basins
// than glyphs or colours (77 minima: one listed, the global one, and 76
// found). No cell of another basin wears the global minimum's "1" or its
// colour, and in every profile each mark (glyph without colour, tint with
// it) belongs to one basin only; basins past the marks are left plain,
// and the legend says so.
func TestBasinMarksNeverRepeat(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		st := NewStyles(p, true)
		if p == termenv.Ascii {
			st = NewStyles(p, false)
		}
		m := newSim(t, st, "--landscape", "rastrigin")
		m.SetSize(120, 40)
		m.ComputeBasins()
		b := &m.basins
		marks := basinMarks(m.styles)
		if b.found <= marks {
			t.Fatalf("profile %v: %d minima, no more than the %d marks: the test tests nothing", p, b.found, marks)
		}
		owner := map[string]int{} // a mark → the basin it was seen on
		for i, o := range b.outs {
			if o.Fate != sim.Settled {
				continue
			}
			tint := m.field.contours.tint[i]
			mark := strconv.Itoa(int(tint))
			if !m.styles.Color {
				mark = m.field.contours.plainOf(i, 0, 0)
			}
			if o.Basin != 1 && (mark == "1" || tint == tintFirstBasin) {
				t.Fatalf("profile %v: cell %d of basin %d shows the global minimum's mark %q (tint %d)", p, i, o.Basin, mark, tint)
			}
			if tint == tintNone {
				if o.Basin <= marks {
					t.Errorf("profile %v: basin %d (of the first %d) is unmarked", p, o.Basin, marks)
				}
				continue
			}
			if k, seen := owner[mark]; seen && k != o.Basin {
				t.Fatalf("profile %v: mark %q on basins %d and %d", p, mark, k, o.Basin)
			}
			owner[mark] = o.Basin
		}
		if p != termenv.Ascii {
			// Distinct tints are distinct colours on the screen too.
			bgs := map[string]bool{}
			for tint := tintFirstBasin; tint < tintFirstBasin+marks; tint++ {
				bgs[m.field.contours.tbg[tint][markBand]] = true
			}
			if len(bgs) != marks {
				t.Errorf("profile %v: %d basin tints in %d colours", p, marks, len(bgs))
			}
		}
		note := ansi.Strip(m.View())
		if !strings.Contains(note, "(digits; rest plain)") && !strings.Contains(note, "· rest plain") {
			t.Errorf("profile %v: the legend does not say other minima are unmarked:\n%s", p, note)
		}
	}
}

// The basin map's legend, too long for a narrow field, wraps onto the
// field's last rows with every word of it shown (at 80×24 it once ended
// "still m…", hiding what grey and red mean), items whole.
func TestBasinFootWrapsWhole(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.Ascii} {
		m := newSim(t, NewStyles(p, true), "--landscape", "himmelblau")
		m.SetSize(80, 24)
		m.ComputeBasins()
		note := m.basinsNote()
		cols, rows := m.field.Size()
		if utf8.RuneCountInString(" "+note+" ") <= cols {
			t.Fatalf("profile %v: the note %q fits %d columns; the test needs a longer one", p, note, cols)
		}
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		var foot []string
		for r := rows - footRows; r < rows; r++ {
			row := strings.TrimSpace(string([]rune(lines[r])[:cols]))
			if strings.HasPrefix(row, "basins of") || len(foot) > 0 {
				foot = append(foot, row)
			}
		}
		if len(foot) < 2 {
			t.Fatalf("profile %v: the legend is not on the field's last rows:\n%s", p, strings.Join(lines[:rows], "\n"))
		}
		// Each row ends where the legend's text does (the map's cells follow
		// after one space): the rows, up to that, joined are the note.
		var got []string
		rest := note
		for _, row := range foot {
			n := 0
			for n < len(row) && n < len(rest) && row[n] == rest[n] {
				n++
			}
			if n == 0 {
				t.Fatalf("profile %v: row %q does not go on with the legend %q", p, row, rest)
			}
			got = append(got, row[:n])
			rest = strings.TrimPrefix(strings.TrimSpace(rest[n:]), "· ")
		}
		if rest != "" {
			t.Errorf("profile %v: the legend's rows %q leave %q unshown", p, got, rest)
		}
		if strings.Contains(strings.Join(foot, "\n"), "…") {
			t.Errorf("profile %v: the legend was cut: %q", p, foot)
		}
	}

}

// A ball started on a top stays there (∇f = 0) and is no minimum's: on the
// Mexican hat (x² + y² − 1)² the map marks the start on its top (0, 0) '+'
// and the legend says what that is, a saddle or top, not a saddle alone;
// the rest of the map is the ring's one basin.
func TestBasinLegendNamesTops(t *testing.T) {
	for _, w := range []int{100, 101, 120, 121} {
		m := newSim(t, NewStyles(termenv.Ascii, false), "--expr", "(x^2+y^2-1)^2")
		m.SetSize(w, 31)
		m.ComputeBasins()
		cols, rows := m.field.Size()
		top := false
		for j := range rows {
			for i := range cols {
				c := m.field.CellCenter(i, j)
				switch tint := m.field.contours.tint[j*cols+i]; {
				case c.Norm() < 1e-12:
					top = true
					if tint != tintSaddle {
						t.Errorf("%d wide: the start on the top %v has tint %d", w, c, tint)
					}
				case tint == tintSaddle || m.basins.outs[j*cols+i].Basin > 1:
					t.Errorf("%d wide: from %v %+v; all but the top reach the ring, basin 1", w, c, m.basins.outs[j*cols+i])
				}
			}
		}
		if !top {
			continue
		}
		if note := m.basinsNote(); !strings.Contains(note, "1 minimum") || !strings.Contains(note, "+ stopped on a saddle or top") {
			t.Errorf("%d wide: the legend says %q", w, note)
		}
		return
	}
	t.Skip("no width put a cell's centre on the top (0, 0)")
}
