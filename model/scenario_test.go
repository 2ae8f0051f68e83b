package model

import (
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

func TestScenarioKeyLoadsLessonsInOrder(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	for _, want := range sim.Scenarios() {
		press(m, "s")
		v := m.View()
		checkFrame(t, v, 120, 40)
		if m.scenario == nil || m.scenario.Name != want.Name {
			t.Fatalf("s loaded %v, want %s", m.scenario, want.Name)
		}
		if m.land().Name != want.Landscape || m.start != want.Start || m.tuning != want.Tuning || m.noise != want.Noise {
			t.Fatalf("%s: loaded %s at %v with %+v, noise %+v", want.Name, m.land().Name, m.start, m.tuning, m.noise)
		}
		var on []sim.Method
		for _, r := range m.racers {
			if r.on {
				on = append(on, r.method)
			}
		}
		if len(on) != len(want.Racers) {
			t.Fatalf("%s: racers %v, want %v", want.Name, on, want.Racers)
		}
		if !strings.Contains(v, want.Caption[0]) || !strings.Contains(v, want.Caption[1]) {
			t.Fatalf("%s: the caption is not on screen", want.Name)
		}
		if got := m.Command(); got != "momentum --scenario "+want.Name {
			t.Fatalf("%s: command %q", want.Name, got)
		}
	}
	press(m, "s")
	if m.scenario.Name != sim.Scenarios()[0].Name {
		t.Fatal("s after the last lesson did not wrap around to the first")
	}
	// Changing a setting leaves the lesson: the command spells everything out.
	press(m, "M")
	if strings.Contains(m.Command(), "--scenario") {
		t.Fatalf("after changing the mass the command still says %q", m.Command())
	}
	press(m, "tab")
	if m.scenario != nil || strings.Contains(m.View(), sim.Scenarios()[0].Caption[0]) {
		t.Fatal("another landscape kept the lesson's caption")
	}
}
