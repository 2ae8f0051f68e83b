package model

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// The measured rate is steps over wall-clock time between ticks: on time
// it matches the nominal speed and is not shown; ticks three times too far
// apart show a third of it; a new speed or a pause starts over.
func TestPaceMeasuresTheStepsReached(t *testing.T) {
	var p pace
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2*FPS + 1 {
		p.tick(t0.Add(time.Duration(i)*time.Second/FPS), 40, 1200)
	}
	if p.rate != 1200 || p.short(1200) != 0 {
		t.Fatalf("on time: rate %d, shown %d; want 1200 and nothing shown", p.rate, p.short(1200))
	}
	p.restart()
	for i := range 2*FPS + 1 {
		p.tick(t0.Add(time.Duration(3*i)*time.Second/FPS), 40, 1200)
	}
	if p.rate != 400 || p.short(1200) != 400 {
		t.Fatalf("ticks 3× late: rate %d, shown %d; want 400", p.rate, p.short(1200))
	}
	p.tick(t0.Add(10*time.Second), 80, 2400) // the speed doubled
	if p.rate != 0 || p.short(2400) != 0 {
		t.Fatalf("after a speed change: rate %d, want none until measured", p.rate)
	}
	// 4 % short (timers run late) is not worth a word; 6 % is.
	if p.rate = 1152; p.short(1200) != 0 {
		t.Error("4 % short is shown")
	}
	if p.rate = 1128; p.short(1200) != 1128 {
		t.Error("6 % short is not shown")
	}
	// Ticks without a time (sent by tests) count steps and measure nothing.
	var q pace
	q.tick(time.Time{}, 40, 1200)
	q.tick(time.Time{}, 40, 1200)
	if q.rate != 0 || q.played.Load() != 80 {
		t.Fatalf("untimed ticks: rate %d, played %d; want 0 and 80", q.rate, q.played.Load())
	}
}

// When play falls short, the panel says how far, whole, at every size:
// "1094 of 1200 steps/s"; paused, or on pace, it shows the set speed alone.
func TestPanelShowsTheStepsReached(t *testing.T) {
	for _, size := range [][2]int{{200, 60}, {100, 30}, {80, 24}} {
		m := newSim(t, NewStyles(termenv.TrueColor, true), "--landscape", "rosenbrock", "--race")
		m.SetSize(size[0], size[1])
		if text := ansi.Strip(m.View()); !strings.Contains(text, "‖ paused  1200 steps/s") {
			t.Fatalf("%v paused: no '‖ paused  1200 steps/s' in\n%s", size, text)
		}
		press(m, " ")
		m.pace.rate = 1094
		m.Update(tickMsg{gen: m.gen}) // a tick (untimed: the rate stays) redraws the panel
		text := ansi.Strip(m.View())
		if !strings.Contains(text, "▶") || !strings.Contains(text, " 1094 of 1200 steps/s") {
			t.Fatalf("%v: 1094 of 1200 steps/s reached, not shown whole in\n%s", size, text)
		}
		m.pace.rate = 1180 // within 5 %: timers run a little late
		m.Update(tickMsg{gen: m.gen})
		if text := ansi.Strip(m.View()); !strings.Contains(text, "▶ playing  1200 steps/s") {
			t.Fatalf("%v: 1180 of 1200 is shown, or the speed is missing, in\n%s", size, text)
		}
	}
}
