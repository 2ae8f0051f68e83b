package model

import (
	"math"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// newTestModel opens the simulator on a named landscape with the colour
// profile forced to ASCII, so frames are plain text.
func newTestModel(t testing.TB, name string, meth sim.Method) *Model {
	t.Helper()
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", name, "--method", meth.Name())
	m.SetSize(100, 30)
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(keyMsg(k))
	}
	return cmd
}

// fullSpeed presses + until the simulator runs at its top speed.
func fullSpeed(m *Model) {
	for range 17 { // 2¹⁶ = maxSPS steps/s from the slowest speed, 1
		press(m, "+")
	}
}

// checkFrame asserts the frame is exactly h lines, none wider than w.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: frame has %d lines, want %d", w, h, len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Fatalf("%d×%d: line %d is %d cells wide: %q", w, h, i, got, l)
		}
	}
}

func TestLaunchesPausedAtStepZeroAndSchedulesNoTick(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	if m.Init() != nil {
		t.Fatal("a paused model scheduled a command at start")
	}
	if m.Playing() || m.racers[0].p.Step != 0 {
		t.Fatalf("playing = %v, step = %d; want paused at step 0", m.Playing(), m.racers[0].p.Step)
	}
}

func TestSpaceTogglesPlayAndStaleTicksAreDropped(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	if cmd := press(m, " "); cmd == nil || !m.Playing() {
		t.Fatal("space did not start playing with a tick")
	}
	playGen := m.gen
	if cmd := press(m, " "); cmd != nil || m.Playing() {
		t.Fatal("second space did not pause, or still scheduled a tick")
	}
	// The tick scheduled while playing arrives after the pause: dropped.
	_, cmd := m.Update(tickMsg{gen: playGen})
	if cmd != nil || m.racers[0].p.Step != 0 {
		t.Fatalf("stale tick: cmd = %v, step = %d; want nothing to happen", cmd, m.racers[0].p.Step)
	}
}

func TestTicksAdvanceAtTheSetSpeed(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	// 64 steps/s, not a multiple of FPS: the accumulator must carry
	// remainders. − halves down to 1 step/s, + doubles.
	for range 20 {
		press(m, "-")
	}
	for range 6 {
		press(m, "+")
	}
	const sps = 64
	if !strings.Contains(m.View(), " "+strconv.Itoa(sps)+" steps/s") {
		t.Fatalf("the panel does not show %d steps/s after the speed keys", sps)
	}
	press(m, " ")
	for range FPS * 2 {
		_, cmd := m.Update(tickMsg{gen: m.gen})
		if cmd == nil {
			t.Fatal("a live tick did not schedule the next one")
		}
	}
	if got, want := m.racers[0].p.Step, 2*sps; got != want {
		t.Fatalf("after 2 s of ticks at %d steps/s: step %d, want %d", sps, got, want)
	}
}

func TestStepKeyTakesOneStepAndPauses(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	press(m, "n")
	if m.racers[0].p.Step != 1 {
		t.Fatalf("step = %d after n, want 1", m.racers[0].p.Step)
	}
	press(m, " ")
	press(m, "n")
	if m.Playing() || m.racers[0].p.Step != 2 {
		t.Fatalf("n while playing: playing = %v, step = %d; want paused at step 2", m.Playing(), m.racers[0].p.Step)
	}
}

// Switching the method keeps place, velocity and step, and the next step
// follows the new law.
func TestMethodSwitchKeepsStateAndChangesTheLaw(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	m.Advance(25)
	before := m.racers[0].p
	for _, c := range []struct {
		key  string
		meth sim.Method
	}{{"1", sim.Flow}, {"2", sim.Heavy}, {"4", sim.Nesterov}, {"3", sim.Damped}} {
		press(m, c.key)
		if m.racers[0].method != c.meth {
			t.Fatalf("%s: method %v, want %v", c.key, m.racers[0].method, c.meth)
		}
		p := m.racers[0].p
		if p.Pos != before.Pos || p.Vel != before.Vel || p.Step != before.Step || p.Time != before.Time {
			t.Fatalf("%s: switching changed the particle", c.key)
		}
		if c.meth == sim.Nesterov && sim.BallVelocity(sim.Nesterov, p.State) != before.Vel {
			t.Fatalf("4: Nesterov's ball velocity %v, want the damped ball's %v", p.Mem.Buf, before.Vel)
		}
	}
	// Adam keeps the place and forgets nothing it could use, but starts its
	// running averages empty, and says so.
	press(m, "5")
	if p := m.racers[0].p; p.Pos != before.Pos || p.Mem != (sim.Memory{}) || !strings.Contains(m.note, "running averages") {
		t.Fatalf("5: at %v with memory %+v, note %q", p.Pos, p.Mem, m.note)
	}
	press(m, "3")
	press(m, "2")
	sys := sim.System{Land: m.land(), Method: sim.Heavy, Params: sim.ParamsOf(m.land().Defaults)}
	want := before
	sys.Advance(&want, 1)
	press(m, "n")
	if m.racers[0].p.Pos != want.Pos || m.racers[0].p.Step != before.Step+1 {
		t.Fatalf("after switching to heavy and stepping: %v at step %d, want %v at %d",
			m.racers[0].p.Pos, m.racers[0].p.Step, want.Pos, before.Step+1)
	}
}

func TestTabCyclesLandscapesFromTheirDefaultStart(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.Advance(10)
	all := landscapes.All()
	press(m, "tab")
	next := all[(m.li)]
	if next.Name != all[1].Name {
		t.Fatalf("tab from %s went to %s, want %s", all[0].Name, next.Name, all[1].Name)
	}
	if m.racers[0].p.Step != 0 || m.racers[0].p.Pos != next.Start {
		t.Fatalf("after tab: step %d at %v, want 0 at %v", m.racers[0].p.Step, m.racers[0].p.Pos, next.Start)
	}
	if m.tuning.Physical != sim.ParamsOf(next.Defaults) {
		t.Fatalf("after tab: params %+v, want the landscape's defaults %+v", m.tuning.Physical, next.Defaults)
	}
	press(m, "shift+tab", "shift+tab")
	if got := m.land().Name; got != all[len(all)-1].Name {
		t.Fatalf("shift+tab twice from %s went to %s, want %s", all[1].Name, got, all[len(all)-1].Name)
	}
}

func TestResetReturnsToTheStart(t *testing.T) {
	m := newTestModel(t, "himmelblau", sim.Heavy)
	m.Advance(50)
	press(m, "r")
	if m.racers[0].p.Step != 0 || m.racers[0].p.Pos != m.land().Start || m.racers[0].p.Vel != (landscapes.Vec{}) {
		t.Fatalf("after r: %+v, want at rest at the start", m.racers[0].p)
	}
}

func TestParameterKeys(t *testing.T) {
	p0 := newTestModel(t, "bowl", sim.Damped).tuning.Physical
	cases := []struct {
		key  string
		want func(sim.Params) sim.Params
	}{
		{"t", func(p sim.Params) sim.Params { p.Dt /= paramFactor; return p }},
		{"T", func(p sim.Params) sim.Params { p.Dt *= paramFactor; return p }},
		{"m", func(p sim.Params) sim.Params { p.Mass /= paramFactor; return p }},
		{"M", func(p sim.Params) sim.Params { p.Mass *= paramFactor; return p }},
		{"e", func(p sim.Params) sim.Params { p.Friction /= paramFactor; return p }},
		{"E", func(p sim.Params) sim.Params { p.Friction *= paramFactor; return p }},
	}
	for _, c := range cases {
		m := newTestModel(t, "bowl", sim.Damped)
		press(m, c.key)
		if got, want := m.tuning.Physical, c.want(p0); got != want {
			t.Errorf("%s: params %+v, want %+v", c.key, got, want)
		}
	}
	// Friction from zero starts at μ = 0.99; shrinking it divides it and
	// never reaches zero (flow, the massless ball, needs ε > 0).
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl", "--method", "damped", "--dt", "0.1", "--mass", "1", "--friction", "0")
	press(m, "E")
	if mu := m.tuning.Physical.Momentum(); math.Abs(mu-0.99) > 1e-12 {
		t.Errorf("E from ε = 0: μ = %v, want 0.99", mu)
	}
	eps := m.tuning.Physical.Friction
	press(m, "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e")
	if got := m.tuning.Physical.Friction; !(got > 0) || math.Abs(got-eps/math.Pow(paramFactor, 11)) > 1e-12*got {
		t.Errorf("e 11 times: ε = %v, want %v/%v¹¹ > 0", got, eps, paramFactor)
	}
}

// In the optimizer view a parameter key changes η and μ as it would change
// the damped ball that view describes (Δt = 1, m = 1/η, ε = (1−μ)/η), and
// the view stays: in a race every racer is the same ball (Δt = 1).
func TestParameterKeysKeepTheOptimizerView(t *testing.T) {
	all := landscapes.All()
	tun := sim.Tuning{Optimizer: true, LR: 0.01, Momentum: 0.9}
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", all[0].Name, "--race", "--lr", g(tun.LR), "--momentum", g(tun.Momentum))
	press(m, "v", "M") // the physical view's keys, on the optimizer's tuning
	heavier := sim.FromOptimizer(0.01, 0.9)
	heavier.Mass *= paramFactor
	if !m.tuning.Optimizer || m.tuning.LR != heavier.LR() || m.tuning.Momentum != heavier.Momentum() {
		t.Fatalf("after M: %+v, want the optimizer view with η %v, μ %v", m.tuning, heavier.LR(), heavier.Momentum())
	}
	if got, want := m.tuning.For(sim.Flow), m.tuning.For(sim.Damped); got != want {
		t.Fatalf("flow's parameters are %+v after a key, want damped's %+v", got, want)
	}
	press(m, "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e")
	if mu := m.tuning.Momentum; !(mu >= 0 && mu < 1) {
		t.Fatalf("friction keys left μ = %v", mu)
	}
}

func TestSpeedKeys(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	s := m.sps
	press(m, "+")
	if m.sps != 2*s {
		t.Fatalf("+: %d steps/s, want %d", m.sps, 2*s)
	}
	press(m, "-", "-")
	if m.sps != s/2 {
		t.Fatalf("- twice: %d steps/s, want %d", m.sps, s/2)
	}
	for range 40 {
		press(m, "-")
	}
	if m.sps != minSPS {
		t.Fatalf("many -: %d steps/s, want the minimum %d", m.sps, minSPS)
	}
}

func TestClearTrail(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.Advance(40)
	if m.racers[0].trail.Len() < 5 {
		t.Fatalf("trail has %d points after 40 steps", m.racers[0].trail.Len())
	}
	press(m, "x")
	if m.racers[0].trail.Len() != 1 {
		t.Fatalf("after x the trail has %d points, want just the particle's", m.racers[0].trail.Len())
	}
}

func TestHelpToggles(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	short := m.View()
	press(m, "?")
	full := m.View()
	checkFrame(t, full, 100, 30)
	if !strings.Contains(full, "mass") || strings.Contains(short, "mass −/+") {
		t.Fatal("? did not expand the help to show the parameter keys")
	}
	press(m, "?")
	if m.View() != short {
		t.Fatal("? twice did not restore the short help")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := newTestModel(t, "bowl", sim.Damped)
		cmd := press(m, k)
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("%s: command did not quit", k)
		}
	}
}

func TestClickMovesTheStart(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.Advance(30)
	m.Update(tea.MouseMsg{X: 10, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	want := m.field.CellCenter(10, 5)
	if m.start != want || m.racers[0].p.Pos != want || m.racers[0].p.Step != 0 {
		t.Fatalf("after click: start %v, particle %v step %d; want both at %v, step 0",
			m.start, m.racers[0].p.Pos, m.racers[0].p.Step, want)
	}
	if col, row, inside := m.field.Cell(want); !inside || col != 10 || row != 5 {
		t.Fatalf("the clicked cell's centre maps back to (%d, %d), want (10, 5)", col, row)
	}
	// A click on the side panel is not on the landscape.
	m.Update(tea.MouseMsg{X: m.field.contours.cols + 2, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if m.start != want {
		t.Fatal("a click on the panel moved the start")
	}
}

func TestAnySizeFitsAndNeverPanics(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	m.Advance(200)
	sizes := [][2]int{{1, 1}, {2, 1}, {10, 3}, {59, 40}, {60, 15}, {60, 16}, {80, 24}, {100, 30},
		{119, 40}, {120, 40}, {200, 60}, {300, 90}, {400, 120}, {400, 16}, {61, 120}}
	for _, s := range sizes {
		m.Update(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
		checkFrame(t, m.View(), s[0], s[1])
		press(m, "?")
		checkFrame(t, m.View(), s[0], s[1])
		press(m, "?")
	}
	m.Update(tea.WindowSizeMsg{Width: 0, Height: 0})
	if m.View() != "" {
		t.Fatal("a 0×0 terminal should get an empty frame")
	}
}

func TestTooSmallSaysWhatIsNeeded(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(40, 10)
	if v := m.View(); !strings.Contains(v, "terminal too small (need 60×16)") {
		t.Fatalf("40×10 frame: %q", v)
	}
}

func TestDivergenceIsShownAndStopsPlay(t *testing.T) {
	// Flow's step Δt/ε = 0.5/0.4 against λ = 20: |1 − 1.25·20| = 24, the
	// y direction explodes. (Flow has no mass; m = 1 keeps Δtε ≤ m.)
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "flow", "--dt", "0.5", "--friction", "0.4", "--mass", "1")
	m.SetSize(100, 30)
	press(m, " ")
	for i := 0; i < 1000 && m.Playing(); i++ {
		m.Update(tickMsg{gen: m.gen})
	}
	if m.Playing() || !m.racers[0].p.Diverged {
		t.Fatalf("playing = %v, diverged = %v; want a diverged, paused particle", m.Playing(), m.racers[0].p.Diverged)
	}
	if v := m.View(); !strings.Contains(v, "diverged at step") {
		t.Fatal("the frame does not say the particle diverged")
	}
	if cmd := press(m, " "); cmd != nil || m.Playing() {
		t.Fatal("space started a diverged particle")
	}
}

// A particle out of view is shown by an arrow on the edge, pointing its way.
func TestEdgeArrowsPointTheRightWay(t *testing.T) {
	cases := []struct {
		start landscapes.Vec
		arrow string
	}{
		{landscapes.Vec{X: 0, Y: 9}, "↑"}, {landscapes.Vec{X: 0, Y: -9}, "↓"},
		{landscapes.Vec{X: -90, Y: 0}, "←"}, {landscapes.Vec{X: 90, Y: 0}, "→"},
		{landscapes.Vec{X: 90, Y: 9}, "↗"}, {landscapes.Vec{X: -90, Y: 9}, "↖"},
		{landscapes.Vec{X: 90, Y: -9}, "↘"}, {landscapes.Vec{X: -90, Y: -9}, "↙"},
	}
	for _, c := range cases {
		start := c.start
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl", "--start", g(start.X)+","+g(start.Y))
		m.SetSize(100, 30)
		if v := m.View(); !strings.Contains(v, c.arrow) {
			t.Errorf("start %v: no %s on the frame's edge", c.start, c.arrow)
		}
	}
}
