package model

import (
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// applyScenario loads a lesson: its landscape, start, parameters, racers,
// noise and speed, from step 0. Its caption shows above the help bar for as
// long as the simulator still runs the lesson's landscape.
func (m *Model) applyScenario(sc sim.Scenario) {
	if err := m.load(settings.FromScenario(sc)); err != nil {
		m.note = err.Error()
	}
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
