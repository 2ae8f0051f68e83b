package model

import (
	"runtime"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
)

// Soak: a race with noise and every panel plays for a million steps. The
// heap stays bounded (trails and chart series are rings or halve), and the
// step counter and the time stay exact.
func TestSoakMillionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("soak test")
	}
	all := landscapes.All()
	l := all[1] // ravine: every racer stays finite for ever
	m := newSim(t, NewStyles(termenv.TrueColor, true), "--landscape", "ravine", "--race", "--noise", "0.5", "--seed", "9")
	m.SetSize(200, 60)
	press(m, " ")
	fullSpeed(m)
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	const total = 1_000_000
	var early uint64
	for m.leadStep() < total {
		m.Update(tickMsg{gen: m.gen})
		_ = m.View()
		if early == 0 && m.leadStep() >= total/10 {
			early = heap()
		}
	}
	late := heap()
	if late > early+early/2 {
		t.Errorf("heap grew from %d B at 10%% of the run to %d B at the end", early, late)
	}
	dt := l.Dt
	for _, r := range m.racers {
		if r.p.Diverged {
			t.Fatalf("%v diverged on the ravine", r.method)
		}
		if want := float64(r.p.Step) * dt; r.p.Time != want {
			t.Errorf("%v: time %v after %d steps, want exactly %v", r.method, r.p.Time, r.p.Step, want)
		}
		if r.trail.Len() > trailCap {
			t.Errorf("%v: trail holds %d points", r.method, r.trail.Len())
		}
	}
	for _, r := range m.racers {
		if r.on && r.p.Step != m.racers[0].p.Step {
			t.Fatalf("racers out of lockstep: %d and %d", r.p.Step, m.racers[0].p.Step)
		}
	}
	for i := range m.charts.loss {
		if n := len(m.charts.loss[i].buckets); n > chartBuckets {
			t.Errorf("chart series %d holds %d buckets", i, n)
		}
	}
}
