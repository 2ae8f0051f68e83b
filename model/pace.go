package model

import (
	"sync/atomic"
	"time"
)

// pace measures the steps a second play actually achieves, from the step
// counter and the wall clock of the ticks. The physics stays deterministic
// (a tick takes sps/FPS steps whatever the clock says); this is what the
// panel reports when ticks come late (a busy machine), so it never shows a
// nominal speed the simulation is not making.
type pace struct {
	from  time.Time // the first tick of the current window
	steps int       // steps taken since then
	rate  int       // the last window's steps a second; 0: not measured
	sps   int       // the nominal speed the window was measured at
	// played counts every step play has taken, for hosts and tests that
	// watch the simulation from another goroutine.
	played atomic.Int64
}

// paceWindow is how long the rate is averaged over.
const paceWindow = time.Second

// restart forgets the measurement: play stopped or the speed changed.
func (p *pace) restart() { p.from, p.steps, p.rate = time.Time{}, 0, 0 }

// tick notes a tick at time at that took n steps at the nominal speed
// sps. A tick without a time (tests drive ticks by hand) measures nothing;
// a new speed starts a new measurement.
func (p *pace) tick(at time.Time, n, sps int) {
	p.played.Add(int64(n))
	if at.IsZero() {
		return
	}
	if sps != p.sps {
		p.restart()
		p.sps = sps
	}
	if p.from.IsZero() {
		// The steps of the first tick were owed to the time before it.
		p.from, p.steps = at, 0
		return
	}
	p.steps += n
	if d := at.Sub(p.from); d >= paceWindow {
		p.rate = int(float64(p.steps)/d.Seconds() + 0.5)
		p.from, p.steps = at, 0
	}
}

// short is the achieved rate when it falls short of the nominal sps by
// more than 5 % (tick timers run a little late even on an idle machine),
// and 0 otherwise.
func (p *pace) short(sps int) int {
	if p.rate > 0 && p.rate*100 < sps*95 {
		return p.rate
	}
	return 0
}

// StepsPlayed is how many steps play has taken since the model was made
// (each racer takes them all). It is safe to call from any goroutine.
func (m *Model) StepsPlayed() int64 { return m.pace.played.Load() }
