package model

import (
	"strconv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// applyScenario loads a lesson: its landscape, start, parameters, racers,
// noise and speed, from step 0. Its caption shows above the help bar for as
// long as the simulator still runs the lesson's landscape.
func (m *Model) applyScenario(sc sim.Scenario) {
	l, err := landscapes.ByName(sc.Landscape)
	if err != nil {
		m.note = err.Error()
		return
	}
	m.li = -1
	for i, old := range m.lands {
		if old.Name == sc.Landscape {
			m.lands[i], m.li = l, i // a fresh copy: the lesson's own view
		}
	}
	if m.li < 0 {
		m.lands = append(m.lands, l)
		m.li = len(m.lands) - 1
	}
	m.loadLandscape()
	m.start, m.tuning, m.noise = sc.Start, sc.Tuning, sc.Noise
	m.sps = max(1, sc.SPS)
	m.race = len(sc.Racers) > 1
	if !m.race {
		m.method = sc.Racers[0]
	}
	m.buildRacers(sc.Racers)
	m.scenario = &sc
	m.reset()
	m.layout()
}

// nextScenario cycles through the lessons; the first press starts the first.
func (m *Model) nextScenario() {
	all := sim.Scenarios()
	i := 0
	if m.scenario != nil {
		for k, sc := range all {
			if sc.Name == m.scenario.Name {
				i = (k + 1) % len(all)
			}
		}
	}
	m.applyScenario(all[i])
}

// intactScenario reports whether every setting is still the lesson's, so
// that `--scenario NAME` (and perhaps --seed) reproduces the state.
func (m *Model) intactScenario() bool {
	sc := m.scenario
	if sc == nil || m.edited() || m.start != sc.Start || m.tuning != sc.Tuning ||
		m.noise.Sigma != sc.Noise.Sigma || m.race != (len(sc.Racers) > 1) || m.land().Name != sc.Landscape {
		return false
	}
	if l, err := landscapes.ByName(sc.Landscape); err != nil || l.View != m.land().View {
		return false
	}
	var on []sim.Method
	for _, r := range m.racers {
		if r.on {
			on = append(on, r.method)
		}
	}
	if len(on) != len(sc.Racers) {
		return false
	}
	for i := range on {
		if on[i] != sc.Racers[i] {
			return false
		}
	}
	return true
}

// scenarioCommand is the short command line of an intact lesson.
func (m *Model) scenarioCommand() string {
	cmd := "momentum --scenario " + m.scenario.Name
	if m.noise.Seed != m.scenario.Noise.Seed {
		cmd += " --seed " + strconv.FormatUint(m.noise.Seed, 10)
	}
	return cmd
}
