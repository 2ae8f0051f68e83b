package model

import (
	"testing"
	"time"
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
