package model

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/sim"
)

// A paste arrives as one message with many runes; each is a key, in order.
func TestPastedKeysAreHandledInOrder(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nnn2nn1n")})
	r := m.racers[0]
	if r.p.Step != 6 || r.method != sim.Flow {
		t.Fatalf("after pasting nnn2nn1n: step %d, %v; want step 6, gradient flow", r.p.Step, r.method)
	}
	// The same steps one by one give the same particle.
	one := newTestModel(t, "bowl", sim.Damped)
	press(one, "n", "n", "n", "2", "n", "n", "1", "n")
	if one.racers[0].p != r.p {
		t.Fatal("a paste and the same keys typed one by one disagree")
	}
	// Nothing after a pasted q runs.
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nqnnn")})
	if m.racers[0].p.Step != 7 || cmd == nil {
		t.Fatalf("after pasting nqnnn: step %d, want 7 and a quit", m.racers[0].p.Step)
	}
	// Into the expression input, a paste is text.
	press(m, "/")
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x^2 + y^2")})
	if got := m.expr.field.Value(); got != "x^2 + y^2" {
		t.Fatalf("pasted expression %q", got)
	}
}
