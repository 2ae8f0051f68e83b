package model

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// The friction key stops where friction would reverse the velocity
// (μ = 1 − Δtε/m = 0) and the panel says why, in words that fit it.
func TestFrictionKeyStopsAtTheReversalEdge(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "damped")
	m.SetSize(120, 40)
	for range 40 {
		press(m, "E")
		if mu := m.Settings().Tuning.Physical.Momentum(); mu < 0 {
			t.Fatalf("E pushed μ to %v < 0", mu)
		}
	}
	p := m.Settings().Tuning.Physical
	if mu := p.Momentum(); mu > 1e-12 {
		t.Errorf("after 40 presses of E, μ = %v; want it stopped at the edge μ = 0", mu)
	}
	if !strings.Contains(m.note, "reverse the velocity") || len([]rune(m.note)) > 120 {
		t.Errorf("note %q does not say, briefly, that friction would reverse the velocity", m.note)
	}
}

// A frictionless heavy ball keeps its Δt and m keys: only the running
// methods must be defined by the parameters. Flow, which needs ε > 0 for
// its speed −∇f/ε, is refused with the reason.
func TestFrictionlessHeavyBallKeepsItsKeys(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "bowl", "--method", "heavy", "--friction", "0")
	m.SetSize(120, 40)
	before := m.Settings().Tuning.Physical
	press(m, "T", "M")
	after := m.Settings().Tuning.Physical
	if after.Dt <= before.Dt || after.Mass <= before.Mass {
		t.Fatalf("T and M were refused for the heavy ball with ε = 0 (%+v → %+v, note %q)", before, after, m.note)
	}
	press(m, "1")
	if m.Racers()[0].Method.Name() != "heavy" {
		t.Fatal("switched to flow with ε = 0, where its speed −∇f/ε is not defined")
	}
	if !strings.Contains(m.note, "ε > 0") {
		t.Errorf("note %q does not say flow needs ε > 0", m.note)
	}
	press(m, "c") // a race: flow sits out, the others run
	for _, r := range m.Racers() {
		if r.Method.Name() == "flow" && r.On {
			t.Error("flow races with ε = 0")
		}
	}
	m.Advance(10)
	for _, r := range m.Racers() {
		if r.On && r.Diverged {
			t.Errorf("%v diverged in a frictionless race on the bowl", r.Method.Title())
		}
	}
}
