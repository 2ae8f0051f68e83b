package model

import (
	"math"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// scene is what the components draw, read from the Model's simulation
// state: the landscape, the start, the particles and the parameters they
// run with. It is a small value built per draw; components read it and
// never change the simulation through it.
type scene struct {
	land   *landscapes.Landscape
	start  landscapes.Vec
	racers []*racer
	race   bool
	tuning sim.Tuning
	noise  sim.Noise
	// optView: the panel reads the parameters as η and μ (see optview.go).
	optView bool
	ghost   bool   // the ghosts are shown
	basins  string // the basin map's line at the foot of the field, if on
}

func (m *Model) scene() scene {
	return scene{land: m.land(), start: m.start, racers: m.racers, race: m.race, tuning: m.tuning, noise: m.noise, optView: m.optView, ghost: m.ghost, basins: m.basinsNote()}
}

// focus is the particle the panel's local analysis describes: the single
// particle, or in a race the tunable ball (the one with both η and μ).
func (s scene) focus() *racer {
	if s.race {
		// The tunable ball if it runs, else the first racer that does.
		first := -1
		for i, r := range s.racers {
			if r.on && r.method == sim.Tunable {
				return r
			}
			if r.on && first < 0 {
				first = i
			}
		}
		if first >= 0 {
			return s.racers[first]
		}
		if int(sim.Tunable) < len(s.racers) {
			return s.racers[sim.Tunable]
		}
	}
	return s.racers[0]
}

// params are the parameters racer r runs with (its own, or the tuning's).
func (s scene) params(r *racer) sim.Params { return r.params(s.tuning) }

// system is what racer r runs with: its method, the parameters that method
// gets from the tuning, and the shared noise. The panel asks the meter for
// a rate under it (the meter gives one only for the system its window was
// taken under), and advance steps with it.
func (s scene) system(r *racer) sim.System {
	return sim.System{Land: s.land, Method: r.method, Params: s.params(r), Noise: s.noise}
}

// leadStep is the largest step any racer has reached.
func (s scene) leadStep() int {
	n := 0
	for _, r := range s.racers {
		n = max(n, r.p.Step)
	}
	return n
}

// leader is the index of the racer with the lowest f among those running
// and finite; the panel says "lowest f", which is what this measures. When
// two share the lowest f (at step 0 every racer does) there is no leader:
// −1, as when none runs.
func (s scene) leader() int {
	best, idx := math.Inf(1), -1
	for i, r := range s.racers {
		if !r.on || r.p.Diverged {
			continue
		}
		switch {
		case r.p.F < best:
			best, idx = r.p.F, i
		case r.p.F == best:
			idx = -1
		}
	}
	return idx
}

// divergedAt reports the step at which the particle diverged, outside race
// mode; in a race the panel marks each racer instead.
func (s scene) divergedAt() (int, bool) {
	if s.race || !s.racers[0].p.Diverged {
		return 0, false
	}
	return s.racers[0].p.Step + 1, true
}
