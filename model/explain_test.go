package model

import (
	"math"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// explainAll opens the explain page and returns every page's frame,
// checking each fits the screen; it leaves the page open on the last one.
func explainAll(t *testing.T, m *Model, w, h int) []string {
	t.Helper()
	press(m, "i")
	var pages []string
	for range 20 {
		v := m.View()
		checkFrame(t, v, w, h)
		pages = append(pages, v)
		before := m.explainPage
		press(m, " ")
		if m.explainPage == before {
			return pages
		}
	}
	t.Fatalf("%d×%d: more than 20 pages", w, h)
	return nil
}

// The explain page defines every symbol the screen uses, fits the screen a
// page at a time, and closes with i or esc.
func TestExplainDefinesEverySymbol(t *testing.T) {
	symbols := []string{"η", "μ", "α, β", "Δt", "m ", "ε", "λ₁, λ₂", "ηλ", "/limit", "ρ", "measured ρ", "zig-zag",
		"critical", "Polyak optimal", "Ẽ", "arrows", "underdamped", "overdamped", "(ηλ, μ)", "update rule", "velocity",
		"mass", "friction", "time step", "learning rate", "momentum", "stability limit", "contraction rate per step"}
	for _, s := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {60, 16}} {
		w, h := s[0], s[1]
		m := newTestModel(t, "ravine", sim.Damped)
		m.SetSize(w, h)
		m.Advance(30)
		pages := explainAll(t, m, w, h)
		all := strings.Join(pages, "\n")
		for _, sym := range symbols {
			if !strings.Contains(all, sym) {
				t.Errorf("%d×%d: %q is not explained", w, h, sym)
			}
		}
		if w == 80 && len(pages) > 1 && !strings.Contains(pages[0], "page 1/") {
			t.Errorf("80×24: no page indicator:\n%s", pages[0])
		}
		if strings.Contains(all, "…") {
			t.Errorf("%d×%d: a cut line:\n%s", w, h, all)
		}
		step := m.racers[0].p.Step
		press(m, "n", "1", "r")
		if m.racers[0].p.Step != step || m.racers[0].method != sim.Damped || m.playing {
			t.Errorf("%d×%d: keys acted on the simulation under the explain page", w, h)
		}
		press(m, "esc")
		if m.explain {
			t.Errorf("%d×%d: esc did not close the explain page", w, h)
		}
		press(m, "i", "i")
		if m.explain || strings.Contains(m.View(), "What the screen shows") {
			t.Errorf("%d×%d: i did not close the explain page", w, h)
		}
	}
}

// Every number on the explain page is the one the formulas give for the
// current settings, worked out here from Δt, m, ε and the landscape's
// curvatures (ravine: f = (x² + 20y²)/2, so λ = 1 and 20), after keys that
// change the settings.
func TestExplainValuesAreTrue(t *testing.T) {
	for _, keys := range [][]string{nil, {"T"}, {"e", "e"}, {"M", "E"}, {"t", "t", "m"}} {
		m := newTestModel(t, "ravine", sim.Damped)
		m.SetSize(120, 40)
		m.Advance(30)
		press(m, keys...)
		p := m.tuning.For(sim.Damped)
		eta := p.Dt * p.Dt / p.Mass
		mu := 1 - p.Dt*p.Friction/p.Mass
		r1, r2 := 1.0, math.Sqrt(20)
		want := map[string]float64{
			"Δt²/m = ":            eta,
			"1 − Δtε/m = ":        mu,
			"2(1+μ) = ":           2 * (1 + mu),
			"flattest first: ":    1,
			"measured in steps: ": eta,
			"m = ":                p.Mass,
			"ε = ":                p.Friction,
			"Δt = ":               p.Dt,
			"here η = ":           4 / ((r1 + r2) * (r1 + r2)),
			"and μ = ":            ((r2 - r1) / (r2 + r1)) * ((r2 - r1) / (r2 + r1)),
			"here f = ":           m.racers[0].p.F,
		}
		all := strings.Join(explainAll(t, m, 120, 40), "\n")
		flat := strings.Join(strings.Fields(all), " ")
		for prefix, v := range want {
			s := prefix + num(v)
			if !strings.Contains(flat, s) {
				t.Errorf("keys %v: %q not on the page (want %v)", keys, s, v)
			}
		}
		if mu < 1 {
			if math.Abs(2*(1+mu)-sim.StabilityLimit(mu)) > 1e-15 {
				t.Errorf("sim.StabilityLimit(%v) = %v, want 2(1+μ)", mu, sim.StabilityLimit(mu))
			}
		}
	}
}

// Gradient flow and the heavy ball read the same symbols their own way:
// no mass (v = −∇f/ε, η = Δt/ε), no friction (μ = 1, no EMA form).
func TestExplainPerMethod(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "flow")
	m.SetSize(120, 40)
	p := m.tuning.For(sim.Flow)
	flat := strings.Join(strings.Fields(strings.Join(explainAll(t, m, 120, 40), "\n")), " ")
	for _, s := range []string{"has no mass", "η = Δt/ε = " + num(p.Dt/p.Friction), "x ← x − " + num(p.Dt/p.Friction) + "·∇f"} {
		if !strings.Contains(flat, s) {
			t.Errorf("flow: %q missing", s)
		}
	}
	m = newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "heavy")
	m.SetSize(120, 40)
	flat = strings.Join(strings.Fields(strings.Join(explainAll(t, m, 120, 40), "\n")), " ")
	for _, s := range []string{"has no friction", "has none (μ = 1)"} {
		if !strings.Contains(flat, s) {
			t.Errorf("heavy: %q missing", s)
		}
	}
}

// With the ghost on, the page explains ◌ and the distance the panel shows.
func TestExplainGhost(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.SetSize(120, 40)
	press(m, "h")
	m.Advance(20)
	if !m.ghost {
		t.Skip("no ghost key")
	}
	g := &m.racers[0].ghost
	flat := strings.Join(strings.Fields(strings.Join(explainAll(t, m, 120, 40), "\n")), " ")
	if want := "|x − x̃| = " + num(g.distance(m.racers[0].p.Pos)); !strings.Contains(flat, want) {
		t.Fatalf("ghost: %q missing", want)
	}
}
