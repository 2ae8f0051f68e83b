package model

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
)

// vcell is one cell of a virtual terminal: a glyph and the pen it was
// written with.
type vcell struct {
	glyph  string
	fg, bg string
	attrs  string
}

// vterm understands exactly what the painter and View emit: CUP, the relative moves (CUU, CUD, CUF, CUB), erase
// screen and line, SGR, and text. It is the test's model of a terminal.
type vterm struct {
	w, h     int
	grid     [][]vcell
	x, y     int
	fg, bg   string
	attrs    string
	unparsed []string
}

func newVterm(w, h int) *vterm {
	t := &vterm{w: w, h: h}
	t.clear()
	return t
}

func (t *vterm) clear() {
	t.grid = make([][]vcell, t.h)
	for i := range t.grid {
		t.grid[i] = make([]vcell, t.w)
		for j := range t.grid[i] {
			t.grid[i][j] = vcell{glyph: " "}
		}
	}
}

func (t *vterm) sgr(params string) {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		switch {
		case p == "" || p == "0":
			t.fg, t.bg, t.attrs = "", "", ""
		case p == "38" || p == "48":
			n := 3
			if i+1 < len(ps) && ps[i+1] == "5" {
				n = 2
			} else {
				n = 4
			}
			end := min(i+n+1, len(ps))
			v := strings.Join(ps[i+1:end], ";")
			if p == "38" {
				t.fg = v
			} else {
				t.bg = v
			}
			i = end - 1
		case p == "39":
			t.fg = ""
		case p == "49":
			t.bg = ""
		default:
			k, _ := strconv.Atoi(p)
			switch {
			case k >= 30 && k <= 37 || k >= 90 && k <= 97:
				t.fg = p
			case k >= 40 && k <= 47 || k >= 100 && k <= 107:
				t.bg = p
			default:
				t.attrs += p + ","
			}
		}
	}
}

func (t *vterm) write(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\x1b' && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == '?') {
				j++
			}
			if j == len(s) {
				return // a sequence cut off: the rest has not arrived yet
			}
			params, final := s[i+2:j], s[j]
			switch final {
			case 'm':
				t.sgr(params)
			case 'H':
				row, col, _ := strings.Cut(params, ";")
				r, _ := strconv.Atoi(row)
				cc, _ := strconv.Atoi(col)
				t.y, t.x = max(r, 1)-1, max(cc, 1)-1
			case 'A', 'B', 'C', 'D': // cursor up, down, forward, back; they stop at the edges
				n, _ := strconv.Atoi(params)
				n = max(n, 1)
				switch final {
				case 'A':
					t.y = max(t.y-n, 0)
				case 'B':
					t.y = min(t.y+n, t.h-1)
				case 'C':
					t.x = min(t.x+n, t.w-1)
				case 'D':
					t.x = max(min(t.x, t.w-1)-n, 0)
				}
			case 'J':
				t.clear()
			case 'K':
				for x := t.x; x < t.w; x++ {
					t.grid[t.y][x] = vcell{glyph: " ", bg: t.bg}
				}
			default:
				t.unparsed = append(t.unparsed, s[i:j+1])
			}
			i = j + 1
		case c == '\n':
			t.y++
			t.x = 0
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			_ = r
			if t.y < t.h && t.x < t.w {
				t.grid[t.y][t.x] = vcell{glyph: s[i : i+size], fg: t.fg, bg: t.bg, attrs: t.attrs}
			}
			t.x++
			i += size
		}
	}
}

// screenText is the text a terminal of w×h shows after the bytes out, row
// by row.
func screenText(out string, w, h int) string {
	t := newVterm(w, h)
	t.write(out)
	var sb strings.Builder
	for _, row := range t.grid {
		for _, c := range row {
			sb.WriteString(c.glyph)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// expected is the screen View describes, drawn on a fresh terminal.
func expected(m *Model) *vterm {
	t := newVterm(m.width, m.height)
	for y, line := range strings.Split(m.View(), "\n") {
		t.write(fmt.Sprintf("\x1b[%d;1H", y+1) + line + "\x1b[0m")
	}
	return t
}

func sameScreen(t *testing.T, step string, got, want *vterm) {
	t.Helper()
	if len(got.unparsed) > 0 {
		t.Fatalf("%s: the painter wrote sequences a terminal model cannot follow: %q", step, got.unparsed)
	}
	for y := range want.h {
		for x := range want.w {
			g, w := got.grid[y][x], want.grid[y][x]
			// A blank cell's foreground does not show.
			if g.glyph == " " && w.glyph == " " {
				g.fg, w.fg = "", ""
			}
			if g != w {
				t.Fatalf("%s: cell (%d, %d) is %+v on screen, %+v in View", step, x, y, g, w)
			}
		}
	}
}

// The painter, sending only what changed, must leave the terminal showing
// exactly what View describes, after every message.
func TestPainterKeepsTheScreenEqualToView(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		t.Run(fmt.Sprint(profile), func(t *testing.T) {
			all := landscapes.All()
			m := newSim(t, NewStyles(profile, true), "--landscape", all[2].Name, "--race")
			var out bytes.Buffer
			term := NewTerminal(m, &out)
			screen := newVterm(0, 0)
			send := func(step string, msg tea.Msg) {
				out.Reset()
				term.Update(msg)
				if screen.w != m.width || screen.h != m.height {
					screen = newVterm(m.width, m.height)
				}
				screen.write(out.String())
				sameScreen(t, step, screen, expected(m))
			}
			send("size", tea.WindowSizeMsg{Width: 140, Height: 44})
			send("play", keyMsg(" "))
			for i := range 45 {
				send("tick "+strconv.Itoa(i), tickMsg{gen: m.gen})
			}
			for _, k := range []string{"a", "1", "g", "g", "?", "?", "2", "tab", "c", "3", "n", "p", "x", "]", "o"} {
				send("key "+k, keyMsg(k))
				send("tick after "+k, tickMsg{gen: m.gen})
			}
			send("resize", tea.WindowSizeMsg{Width: 90, Height: 30})
			send("tiny", tea.WindowSizeMsg{Width: 30, Height: 10})
			send("back", tea.WindowSizeMsg{Width: 120, Height: 40})
			send("click", tea.MouseMsg{X: 5, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
			for i := range 10 {
				send("tick "+strconv.Itoa(i), tickMsg{gen: m.gen})
			}
			// Longer time steps until the keys refuse (at Δt·ε = m): by then
			// ηλ is far past the limit and the balls diverge.
			for range 20 {
				send("T", keyMsg("T"))
			}
			if !m.Playing() { // n paused it
				send("play", keyMsg(" "))
			}
			for i := 0; i < 60 && m.Playing(); i++ {
				send("diverging", tickMsg{gen: m.gen})
			}
			diverged := false
			for _, r := range m.Racers() {
				diverged = diverged || r.Diverged
			}
			if !diverged {
				t.Fatal("no ball diverged: the screen of a diverged ball went unchecked")
			}
		})
	}
}

// While playing, a frame sends a small part of a full repaint.
func TestPainterSendsLittlePerFrame(t *testing.T) {
	m := newSim(t, NewStyles(termenv.TrueColor, true), "--landscape", "rosenbrock", "--race")
	var out bytes.Buffer
	term := NewTerminal(m, &out)
	term.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	// rosenbrock's own 1200 steps/s, 40 a frame: the pace the budget is for.
	if !strings.Contains(ansi.Strip(m.View()), "1200 steps/s") {
		t.Fatal("the budget is measured at 1200 steps/s; rosenbrock's speed changed")
	}
	full := out.Len()
	term.Update(keyMsg(" "))
	out.Reset()
	const frames = 90
	for range frames {
		term.Update(tickMsg{gen: m.gen})
	}
	if per := out.Len() / frames; per*10 > full {
		t.Fatalf("%d bytes per frame while playing, over 10%% of the %d-byte full repaint", per, full)
	}
	// Paused: no output at all for a stale tick.
	term.Update(keyMsg(" "))
	out.Reset()
	term.Update(tickMsg{gen: m.gen - 1})
	if out.Len() != 0 {
		t.Fatalf("a dropped tick wrote %d bytes", out.Len())
	}
}

// countingWriter counts what the painter sends.
type countingWriter struct{ n int }

func (w *countingWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

// Text that changes within the layout (a keystroke in the / prompt, the p
// message appearing, a message clearing) goes through the line diff: each
// sends at most a tenth of a full repaint at 200×60, and leaves the screen
// equal to View.
func TestPainterSendsLittleForText(t *testing.T) {
	m := benchModel(t, 200, 60)
	press(m, " ") // paused: nothing but the keys changes the screen
	var out bytes.Buffer
	term := NewTerminal(m, &out)
	term.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	full := out.Len()
	screen := newVterm(200, 60)
	screen.write(out.String())
	send := func(step string, msg tea.Msg, small bool) {
		t.Helper()
		out.Reset()
		term.Update(msg)
		if small && out.Len()*10 > full {
			t.Errorf("%s sent %d bytes, over 10%% of the %d-byte full repaint", step, out.Len(), full)
		}
		screen.write(out.String())
		sameScreen(t, step, screen, expected(m))
	}
	send("open /", keyMsg("/"), false) // the prompt takes a second line: a new layout
	for _, k := range []string{"x", "^", "2", " ", "+", "y", "backspace"} {
		send("type "+k, keyMsg(k), true)
	}
	send("enter a mistake", keyMsg("enter"), false) // a caret line: a new layout
	send("fix it", keyMsg("backspace"), false)      // the caret goes: a new layout
	send("type again", keyMsg("y"), true)
	send("esc", keyMsg("esc"), false)
	send("p", keyMsg("p"), true)
	send("clear the message", keyMsg("j"), true) // j is no key
	send("p again", keyMsg("p"), true)
	send("clear it again", keyMsg("j"), true)
}

// BenchmarkPromptKeystroke is one character typed into the / prompt and
// taken back, at 200×60, painted: the bytes it sends are reported per key.
func BenchmarkPromptKeystroke(b *testing.B) {
	m := benchModel(b, 200, 60)
	press(m, " ")
	var out countingWriter
	term := NewTerminal(m, &out)
	term.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	full := out.n
	term.Update(keyMsg("/"))
	out.n = 0
	b.ReportAllocs()
	keys := 0
	for b.Loop() {
		term.Update(keyMsg("x"))
		term.Update(keyMsg("backspace"))
		keys += 2
	}
	b.ReportMetric(float64(out.n)/float64(keys), "B/key")
	b.ReportMetric(100*float64(out.n)/float64(keys)/float64(full), "%full/key")
}

// bytesPerSecond plays m at 200×60 for a few seconds of ticks (FPS a
// second, as the tick loop runs them) and returns the bytes a second the
// painter sent, with the size of a full repaint of the same screen.
func bytesPerSecond(t *testing.T, single bool) (perSecond, full int) {
	t.Helper()
	m := newSim(t, NewStyles(termenv.TrueColor, true), "--landscape", "rosenbrock", "--race")
	var out countingWriter
	term := NewTerminal(m, &out)
	term.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	full = out.n
	term.Update(keyMsg(" "))
	if single {
		term.Update(keyMsg("c")) // one damped particle, still playing
	}
	// Warm up: trails drawn, the charts' first redraws done.
	for range 2 * FPS {
		term.Update(tickMsg{gen: m.gen})
	}
	if !m.Playing() {
		t.Fatal("not playing")
	}
	out.n = 0
	const seconds = 4
	for range seconds * FPS {
		term.Update(tickMsg{gen: m.gen})
	}
	return out.n / seconds, full
}

// A playing race at 200×60 sends less than one full screen's worth a
// second, and one particle less than a quarter of that: colours are sent
// only when the pen changes and only changed cells of a line are written.
func TestPainterSendsLittlePerSecond(t *testing.T) {
	race, full := bytesPerSecond(t, false)
	single, _ := bytesPerSecond(t, true)
	t.Logf("full repaint %d B; race %d B/s (%.2f full repaints a second); one particle %d B/s (%.3f)",
		full, race, float64(race)/float64(full), single, float64(single)/float64(full))
	if race >= full {
		t.Errorf("a playing race sends %d bytes a second, not less than a full repaint (%d)", race, full)
	}
	if single*4 >= full {
		t.Errorf("one playing particle sends %d bytes a second, not less than a quarter of a full repaint (%d)", single, full)
	}
}

// Random sequences of ticks, keys, clicks and resizes, in every colour
// profile: after each message the screen the painter's bytes draw equals
// the one View describes, so partial lines, skipped cells, relative cursor
// moves and the pen carried across cells and lines are right wherever
// they happen to fall. Seeded, so a failure repeats.
func TestPainterRandomFramesEqualView(t *testing.T) {
	keys := []string{" ", " ", "n", "1", "2", "3", "c", "a", "g", "x", "t", "T", "m", "M", "e", "E",
		"+", "-", "[", "]", "N", "k", "o", "p", "z", "?", "?", "esc", "tab", "shift+tab", "s", "S", "r", "v",
		"/", "x", "^", "2", "backspace", "enter", "esc"}
	sizes := [][2]int{{200, 60}, {140, 44}, {100, 30}, {80, 24}, {61, 19}}
	for pi, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		t.Run(fmt.Sprint(profile), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(16, uint64(pi)))
			m := newSim(t, NewStyles(profile, true), "--landscape", "rosenbrock", "--race")
			var out bytes.Buffer
			term := NewTerminal(m, &out)
			screen := newVterm(0, 0)
			for i := range 400 {
				var msg tea.Msg
				var step string
				switch r := rng.IntN(100); {
				case i == 0 || r < 3:
					s := sizes[rng.IntN(len(sizes))]
					msg, step = tea.WindowSizeMsg{Width: s[0], Height: s[1]}, fmt.Sprintf("size %dx%d", s[0], s[1])
				case r < 6:
					x, y := rng.IntN(m.width), rng.IntN(m.height)
					msg, step = tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}, fmt.Sprintf("click %d,%d", x, y)
				case r < 30:
					k := keys[rng.IntN(len(keys))]
					msg, step = keyMsg(k), "key "+k
				default:
					msg, step = tickMsg{gen: m.gen}, "tick"
				}
				out.Reset()
				term.Update(msg)
				if screen.w != m.width || screen.h != m.height {
					screen = newVterm(m.width, m.height)
				}
				screen.write(out.String())
				sameScreen(t, fmt.Sprintf("message %d (%s)", i, step), screen, expected(m))
			}
		})
	}
}
