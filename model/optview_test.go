package model

import (
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// Started from the optimizer side, t/T change η alone and e/E μ alone, and
// the help and the panel say so; v switches to Δt, m, ε and back at any
// time without changing the motion's parameters.
func TestOptimizerViewKeys(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--lr", "0.05", "--momentum", "0.9")
	m.SetSize(120, 40)
	help := func() string { return strings.Join(helpPages(m.styles, m.keys.FullHelp(), 1000, 100)[0], "\n") }
	if h := help(); !strings.Contains(h, "η −/+") || !strings.Contains(h, "μ −/+") || strings.Contains(h, "Δt −/+") || strings.Contains(h, "mass") {
		t.Fatalf("optimizer view's help:\n%s", h)
	}
	knobs := func() (float64, float64) { return m.tuning.Knobs() }
	press(m, "T")
	if eta, mu := knobs(); math.Abs(eta-0.05*paramFactor) > 1e-15 || math.Abs(mu-0.9) > 1e-15 {
		t.Fatalf("T: η %v, μ %v; want %v, 0.9", eta, mu, 0.05*paramFactor)
	}
	press(m, "t", "E")
	if eta, mu := knobs(); math.Abs(eta-0.05) > 1e-15 || math.Abs(mu-(1-0.1/paramFactor)) > 1e-15 {
		t.Fatalf("t E: η %v, μ %v; want 0.05, %v", eta, mu, 1-0.1/paramFactor)
	}
	press(m, "e")
	if eta, mu := knobs(); math.Abs(eta-0.05) > 1e-15 || math.Abs(mu-0.9) > 1e-12 {
		t.Fatalf("e: η %v, μ %v; want 0.05, 0.9", eta, mu)
	}
	before := m.tuning
	press(m, "m")
	if m.tuning != before || !strings.Contains(m.note, "v shows") {
		t.Fatalf("m in the optimizer view: tuning %+v, note %q; want unchanged and where mass went", m.tuning, m.note)
	}
	if v := plainView(m); !strings.Contains(v, " η 0.05  μ 0.9") {
		t.Fatalf("the panel does not lead with the knobs:\n%s", v)
	}
	press(m, "v")
	if m.tuning != before {
		t.Fatalf("v changed the tuning: %+v", m.tuning)
	}
	if h := help(); !strings.Contains(h, "Δt −/+") || !strings.Contains(h, "mass −/+") || strings.Contains(h, "η −/+") {
		t.Fatalf("physical view's help:\n%s", h)
	}
	press(m, "T") // Δt of the ball Δt = 1, m = 1/η: η and μ both move
	if eta, mu := knobs(); math.Abs(eta-0.05*paramFactor*paramFactor) > 1e-12 || math.Abs(mu-(1-0.1*paramFactor)) > 1e-12 {
		t.Fatalf("T in the physical view: η %v, μ %v", eta, mu)
	}
	// μ keys stop at 0, then refuse with the reason.
	press(m, "v")
	for range 20 {
		press(m, "e")
	}
	if _, mu := knobs(); mu != 0 || !strings.HasPrefix(m.note, "kept:") {
		t.Fatalf("e 20 times: μ %v, note %q; want 0 and a refusal", mu, m.note)
	}
}

// From the physical side, v gives η and μ keys that keep Δt.
func TestOptimizerViewOfAPhysicalTuning(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	dt := m.tuning.Physical.Dt
	eta0, mu0 := m.tuning.Knobs()
	press(m, "v", "T", "E")
	eta, mu := m.tuning.Knobs()
	if m.tuning.Optimizer || m.tuning.Physical.Dt != dt {
		t.Fatalf("η/μ keys changed the view or Δt: %+v", m.tuning)
	}
	if math.Abs(eta/eta0-paramFactor) > 1e-12 || math.Abs((1-mu)-(1-mu0)/paramFactor) > 1e-12 {
		t.Fatalf("T E: η %v μ %v from %v %v", eta, mu, eta0, mu0)
	}
	if v := plainView(m); !strings.Contains(v, "η ") || !strings.Contains(v, "Δt ") {
		t.Fatalf("panel:\n%s", v)
	}
}

// plainView is the frame without escapes.
func plainView(m *Model) string { return ansi.Strip(m.View()) }
