package model

import (
	"math"
	"math/cmplx"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// measuredLine reads the panel's "measured ρ 0.8367 · 60 steps".
var measuredLine = regexp.MustCompile(`measured ρ (\S+) · (\d+) steps`)

// shownRate is the measured ρ the panel shows and the steps it spans,
// ok false when it shows none.
func shownRate(t *testing.T, m *Model) (rate float64, steps int, ok bool) {
	t.Helper()
	g := measuredLine.FindStringSubmatch(m.View())
	if g == nil {
		return 0, 0, false
	}
	rate, err := strconv.ParseFloat(g[1], 64)
	if err != nil {
		t.Fatalf("measured ρ %q: %v", g[1], err)
	}
	steps, _ = strconv.Atoi(g[2])
	return rate, steps, true
}

// ravineRho is the slowest contraction per step of method meth with p on
// the ravine, f = (x² + 20y²)/2, worked out here from each method's
// characteristic polynomial in η = Δt²/m and μ = 1 − Δtε/m: flow
// x ← x − (Δt/ε)∇f has the one root 1 − Δtλ/ε; the heavy and damped balls
// z² − (1+μ−ηλ)z + μ (μ = 1 for the heavy ball); Nesterov
// z² − (1+μ)(1−ηλ)z + μ(1−ηλ).
func ravineRho(meth sim.Method, p sim.Params) float64 {
	eta, mu := p.Dt*p.Dt/p.Mass, 1-p.Dt*p.Friction/p.Mass
	worst := 0.0
	for _, l := range []float64{1, 20} {
		var b, c float64 // z² − b z + c
		switch meth {
		case sim.Flow:
			worst = max(worst, math.Abs(1-p.Dt*l/p.Friction))
			continue
		case sim.Heavy:
			b, c = 2-eta*l, 1
		case sim.Damped:
			b, c = 1+mu-eta*l, mu
		case sim.Nesterov:
			b, c = (1+mu)*(1-eta*l), mu*(1-eta*l)
		}
		d := cmplx.Sqrt(complex(b*b-4*c, 0))
		worst = max(worst, cmplx.Abs((complex(b, 0)+d)/2), cmplx.Abs((complex(b, 0)-d)/2))
	}
	return worst
}

// rhoTol is how near the new setting's ρ the measured one must be: the
// meter's bound over its sweep (sim's meterAgreement: the worst there is
// 0.0054; a critical double root, as after o, is read 0.003 high late in
// its decay), well below the keys' changes of ρ, so an old setting's
// rate cannot pass for the new one.
const rhoTol = 0.006

// After any change to the dynamics (a parameter key, a snap, a method
// key) the measured ρ must not show the old setting's rate beside the new
// ρ: it shows nothing until a window of steps taken under the new setting
// is long enough, and then the new rate. Paused: 60 steps, the key, then a
// step at a time; playing: the key between ticks.
func TestMeasuredRhoStartsAfreshAfterAChange(t *testing.T) {
	cases := []struct {
		from sim.Method
		key  string
		args []string
	}{
		{sim.Damped, "t", nil}, {sim.Damped, "TT", nil}, {sim.Damped, "m", nil}, {sim.Damped, "M", nil},
		{sim.Damped, "e", nil}, {sim.Damped, "E", nil},
		// The defaults are nearly critical already: k from half the friction.
		{sim.Damped, "k", []string{"--friction", "0.15"}}, {sim.Damped, "o", nil},
		{sim.Damped, "1", nil}, {sim.Damped, "2", nil}, {sim.Nesterov, "3", nil}, {sim.Damped, "4", nil},
		{sim.Flow, "t", nil}, {sim.Heavy, "4", nil}, {sim.Nesterov, "E", nil},
	}
	for _, playing := range []bool{false, true} {
		for _, c := range cases {
			name := c.from.Name() + " then " + c.key
			if playing {
				name += " (playing)"
			}
			m := newSim(t, NewStyles(termenv.Ascii, true), append([]string{"--landscape", "ravine", "--method", c.from.Name()}, c.args...)...)
			m.SetSize(120, 40)
			if playing {
				press(m, " ")
			}
			step := func() {
				if playing {
					m.Update(tickMsg{gen: m.gen})
				} else {
					press(m, "n")
				}
			}
			for m.racers[0].p.Step < 60 {
				step()
			}
			before, _, shown := shownRate(t, m)
			old := ravineRho(c.from, m.system(m.racers[0]).Params)
			if !shown || math.Abs(before-old) > 1e-3 {
				t.Fatalf("%s: before the key measured ρ %v (shown %v), want the setting's %v", name, before, shown, old)
			}
			press(m, strings.Split(c.key, "")...)
			r := m.racers[0]
			sys := m.system(r)
			now := ravineRho(sys.Method, sys.Params)
			if math.Abs(now-old) < 3*rhoTol {
				t.Fatalf("%s: ρ %v → %v: the key should change the rate visibly", name, old, now)
			}
			changed := r.p.Step
			if rate, n, ok := shownRate(t, m); ok {
				t.Errorf("%s: right after the key measured ρ %v · %d steps beside the new ρ %v", name, rate, n, now)
			}
			seen := false
			for r.p.Step < changed+400 && !r.p.Diverged {
				step()
				rate, n, ok := shownRate(t, m)
				if !ok {
					continue
				}
				seen = true
				since := r.p.Step - changed
				if n > since || since < 32 {
					t.Errorf("%s: %d steps after the key measured ρ spans %d steps", name, since, n)
				}
				if math.Abs(rate-now) > rhoTol {
					t.Errorf("%s: %d steps after the key measured ρ %v, the new setting's ρ is %v", name, since, rate, now)
				}
				if !playing {
					// The page says the same: the new window's rate, or
					// nothing, never the old one.
					if flat := explainFlat(t, m); !strings.Contains(flat, "last "+strconv.Itoa(n)+" steps") {
						t.Errorf("%s: the explain page does not give the panel's window of %d steps", name, n)
					}
					break
				}
			}
			if !seen {
				t.Errorf("%s: measured ρ never shown again within 400 steps", name)
			}
		}
	}
}

// With noise the steps follow no linear rule even on the ravine, a
// quadratic (curvature the same everywhere): the explain page must give
// noise as the reason measured ρ is hidden, not changing curvature or too
// few steps; without noise, on the same ground, it gives the reasons that
// can hold there.
func TestExplainSaysNoiseHidesMeasuredRho(t *testing.T) {
	for _, sigma := range []string{"0.5", "0.05", "0"} {
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--noise", sigma)
		m.SetSize(120, 40)
		if sigma == "0" {
			m.Advance(10) // too few steps: the one reason that holds here
		} else {
			m.Advance(100)
		}
		if rate, n, ok := shownRate(t, m); ok {
			t.Fatalf("σ %s: measured ρ %v · %d steps shown", sigma, rate, n)
		}
		// The premise: on this quadratic, after 100 noiseless steps the
		// rate is shown; so with noise it is the noise that hides it.
		if sigma != "0" {
			q := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine")
			q.SetSize(120, 40)
			q.Advance(100)
			if _, _, ok := shownRate(t, q); !ok {
				t.Fatal("without noise measured ρ is not shown after 100 steps on the ravine either")
			}
		}
		flat := explainFlat(t, m)
		i := strings.Index(flat, "Not now:")
		if i < 0 {
			t.Fatalf("σ %s: no reason given\n%s", sigma, flat)
		}
		why := flat[i:min(len(flat), i+160)]
		if noisy := strings.Contains(why, "noise"); noisy != (sigma != "0") {
			t.Errorf("σ %s: the reason %q names noise: %v", sigma, why, noisy)
		}
		if sigma != "0" && strings.Contains(why, "changing curvature") {
			t.Errorf("σ %s on a quadratic: the reason %q blames the curvature", sigma, why)
		}
	}
}
