package sim

import (
	"math"
	"testing"
)

// On the ravine (curvatures 1 and 20, minimum at 0) each coordinate of a
// linear method's run obeys the scalar recurrence of its characteristic
// polynomial σ² − (1+μ−ηλ)σ + μ: e_{k+1} = (1+μ−ηλ)e_k − μe_{k−1}, starting
// at rest (e_{−1} = e_0). This checks every table entry's step (Coeffs)
// against its (η, μ) (OptimizerOf), the pair the stability panel analyses.
func TestMethodStepFollowsItsCharacteristicPolynomial(t *testing.T) {
	l := mustLandscape(t, "ravine")
	lambdas := [2]float64{1, 20}
	for _, p := range []Params{{Dt: 0.08, Mass: 0.08, Friction: 0.4}, {Dt: 0.05, Mass: 0.2, Friction: 1.5}} {
		for _, meth := range Methods {
			if methodTable[meth].direction == nil || meth == Nesterov {
				continue // Adam has no polynomial; Nesterov's is tested in nesterov_test.go
			}
			sys := System{Land: l, Method: meth, Params: p}
			eta, mu := OptimizerOf(meth, p)
			part := NewParticle(l, Vec{X: -4.5, Y: 1.2})
			prev := [2]float64{part.Pos.X, part.Pos.Y}
			cur := prev
			for k := range 60 {
				if sys.Advance(&part, 1) != 1 {
					t.Fatalf("%s: diverged at step %d", meth.Name(), k+1)
				}
				got := [2]float64{part.Pos.X, part.Pos.Y}
				for i, lambda := range lambdas {
					want := (1+mu-eta*lambda)*cur[i] - mu*prev[i]
					if math.Abs(got[i]-want) > 1e-12*max(1, math.Abs(want)) {
						t.Fatalf("%s %+v, λ = %v, step %d: x = %v, recurrence gives %v",
							meth.Name(), p, lambda, k+1, got[i], want)
					}
				}
				prev, cur = cur, got
			}
		}
	}
}

// Each method's optimizer translation is exact: FromOptimizer(η, μ) read
// back through OptimizerOf gives η (and μ where the method has a knob for
// it; else its fixed μ: 1 for the heavy ball, and 0 for flow, which is
// gradient descent at η/(1 − μ)).
func TestMethodOptimizerRoundTrip(t *testing.T) {
	for _, meth := range Methods {
		for _, lr := range []float64{1e-4, 0.05, 0.7} {
			for _, mom := range []float64{0, 0.5, 0.95} {
				eta, mu := OptimizerOf(meth, FromOptimizer(lr, mom))
				wantEta, wantMu := lr, mom
				switch {
				case !meth.HasMass():
					// Flow: gradient descent at η/(1 − μ).
					wantEta, wantMu = lr/(1-mom), 0
				case !meth.HasFriction():
					wantMu = 1
				}
				if relErr(eta, wantEta) > 1e-15 || math.Abs(mu-wantMu) > 1e-15 {
					t.Errorf("%s: FromOptimizer(%v, %v) reads back as η %v, μ %v; want %v, %v",
						meth.Name(), lr, mom, eta, mu, wantEta, wantMu)
				}
			}
		}
	}
}

// The table's data: unique names, keys, letters and colours, names that
// parse back, and Uses that lists what the step reads.
func TestMethodTable(t *testing.T) {
	if NumMethods != len(Methods) {
		t.Fatalf("NumMethods %d, len(Methods) %d", NumMethods, len(Methods))
	}
	seen := map[string]bool{}
	for i, meth := range Methods {
		if int(meth) != i {
			t.Errorf("Methods[%d] = %d: the table order is the display order", i, meth)
		}
		hex, ansi := meth.Color()
		for _, s := range []string{"name " + meth.Name(), "title " + meth.Title(), "key " + string(meth.Key()),
			"letter " + meth.Letter(), "hex " + hex, "ansi " + ansi} {
			if seen[s] {
				t.Errorf("%s: %s is shared with another method", meth.Name(), s)
			}
			seen[s] = true
		}
		if got, err := ParseMethod(meth.Name()); err != nil || got != meth {
			t.Errorf("ParseMethod(%q) = %v, %v", meth.Name(), got, err)
		}
		if meth.Law() == "" {
			t.Errorf("%s has no law", meth.Name())
		}
		if meth.HasFriction() && !meth.HasMass() {
			t.Errorf("%s has friction but no mass", meth.Name())
		}
	}
	if Tunable.Uses() != "Δt, m, ε" || !Tunable.HasFriction() {
		t.Errorf("Tunable %s uses %s; want every parameter", Tunable.Name(), Tunable.Uses())
	}
	if Flow.Uses() != "Δt, ε" || Heavy.Uses() != "Δt, m" {
		t.Errorf("Uses: flow %q, heavy %q", Flow.Uses(), Heavy.Uses())
	}
}

// The step reads exactly the parameters Uses names: changing one it does
// not name leaves the coefficients as they are.
func TestMethodReadsOnlyWhatItUses(t *testing.T) {
	base := Params{Dt: 0.1, Mass: 0.5, Friction: 1}
	for _, meth := range Methods {
		c := base.Coeffs(meth)
		m := base
		m.Mass *= 2
		if (m.Coeffs(meth) != c) != meth.HasMass() {
			t.Errorf("%s: mass changes the step: %v; HasMass %v", meth.Name(), m.Coeffs(meth) != c, meth.HasMass())
		}
		f := base
		f.Friction *= 2
		if (f.Coeffs(meth) != c) != meth.ReadsFriction() {
			t.Errorf("%s: friction changes the step: %v; ReadsFriction %v", meth.Name(), f.Coeffs(meth) != c, meth.ReadsFriction())
		}
	}
}
