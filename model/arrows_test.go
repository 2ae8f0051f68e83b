package model

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

// One cell per decade below the peak, 6 cells at it, half a cell at least.
func TestArrowLength(t *testing.T) {
	for _, c := range []struct{ n, peak, want float64 }{
		{232, 232, 6},
		{2.32, 232, 4},
		{1, 10, 5},
		{1e-3, 1e3, 0.5}, // six decades: the floor
		{5, 1, 6},        // above a stale peak: full length, never longer
		{0, 1, 0},
	} {
		if got := arrowLength(c.n, c.peak); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("arrowLength(%v, %v) = %v, want %v", c.n, c.peak, got, c.want)
		}
	}
}

// The peak is the largest size since the reset: on the bowl the force only
// shrinks from the start, so its peak stays |∇f(start)| and the arrow
// shortens by log₁₀ of the ratio, and a reset forgets it.
func TestArrowPeakIsTheLargestSinceReset(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Flow)
	g0 := m.land().Grad(m.start).Norm()
	for range 30 {
		m.Advance(5)
	}
	r := m.racers[0]
	if r.forcePeak != g0 {
		t.Fatalf("force peak %v after 150 steps; want |∇f(start)| = %v", r.forcePeak, g0)
	}
	n := r.p.Grad.Norm()
	if want := arrowCells + math.Log10(n/g0); n >= g0 || math.Abs(arrowLength(n, r.forcePeak)-max(arrowMinCells, want)) > 1e-12 {
		t.Fatalf("|∇f| %v against %v: length %v", n, g0, arrowLength(n, r.forcePeak))
	}
	m.racers[0].forcePeak = 1e9
	press(m, "r")
	if m.racers[0].forcePeak != g0 {
		t.Fatalf("after a reset the peak is %v; want the start's %v", m.racers[0].forcePeak, g0)
	}
}
