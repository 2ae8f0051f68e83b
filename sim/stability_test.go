package sim

import (
	"fmt"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// charPoly is σ² − (1+μ−ηλ)σ + μ, the polynomial every Mode must solve.
func charPoly(eta, mu, lambda float64, s complex128) complex128 {
	return s*s - complex(1+mu-eta*lambda, 0)*s + complex(mu, 0)
}

func TestDirectionSolvesTheCharacteristicPolynomial(t *testing.T) {
	cases := []struct {
		eta, mu, lambda float64
		want            Regime
	}{
		{0.05, 0.9, 1, Underdamped},     // (1.85)² < 3.6
		{0.05, 0.9, 20, Underdamped},    // (0.9)² < 3.6
		{0.01, 0.1, 1, Overdamped},      // (1.09)² > 0.4
		{0.09, 0, 20, Overdamped},       // gradient descent, ηλ = 1.8: root −0.8
		{0.01, 0, 1, Overdamped},        // gradient descent, root 0.99
		{0.05, 0, 20, Critical},         // gradient descent with ηλ = 1: double root 0
		{0.1, 1, 20, Undamped},          // frictionless, ηλ = 2 < 4: on the unit circle
		{0.25, 1, 20, Unstable},         // frictionless, ηλ = 5 > 4
		{0.11, 0, 20, Unstable},         // gradient descent past 2/λ
		{0.2, 0.9, 20, Unstable},        // ηλ = 4 > 3.8
		{3, 0.5, 1, Unstable},           // ηλ = 2(1+μ) exactly: root −1, bounded but never decaying
		{0.1, 0, 20, Unstable},          // gradient descent at ηλ = 2: root −1
		{0.2, 1, 20, Unstable},          // frictionless at ηλ = 4: double root −1, grows like k
		{0.01, 1.2, 1, Unstable},        // μ > 1: anti-friction, |σ| = √1.2
		{0.1, 0.5, -3, NoMinimum},       // curving down
		{0.1, 0.5, 0, NoMinimum},        // flat: root 1 exactly
		{0.1, 0, -1, NoMinimum},         // gradient descent on a hill: root 1.1
		{1e-4, 0.999, 1e-3, Overdamped}, // tiny curvature, heavy momentum: root ≈ 1
	}
	for _, c := range cases {
		m := Direction(c.eta, c.mu, c.lambda)
		name := fmt.Sprintf("η=%g μ=%g λ=%g", c.eta, c.mu, c.lambda)
		a := 1 + c.mu - c.eta*c.lambda
		scale := max(1, a*a, math.Abs(c.mu))
		for _, s := range m.Roots {
			if r := cmplx.Abs(charPoly(c.eta, c.mu, c.lambda, s)); r > 1e-12*scale {
				t.Errorf("%s: root %v leaves residual %.3g", name, s, r)
			}
		}
		// Vieta: a root of multiplicity two must be listed twice.
		if sum := m.Roots[0] + m.Roots[1]; cmplx.Abs(sum-complex(a, 0)) > 1e-6*scale {
			t.Errorf("%s: roots sum to %v, want 1+μ−ηλ = %v", name, sum, a)
		}
		if prod := m.Roots[0] * m.Roots[1]; cmplx.Abs(prod-complex(c.mu, 0)) > 1e-12*scale {
			t.Errorf("%s: roots multiply to %v, want μ = %v", name, prod, c.mu)
		}
		if want := theoryRate(c.eta, c.mu, c.lambda); math.Abs(m.Contraction-want) > 1e-6*max(1, want) {
			t.Errorf("%s: contraction %v, want max|σ| = %v", name, m.Contraction, want)
		}
		if cmplx.Abs(m.Roots[1]) > m.Contraction*(1+1e-12) {
			t.Errorf("%s: roots %v not dominant first", name, m.Roots)
		}
		if m.Regime != c.want {
			t.Errorf("%s: regime %v, want %v", name, m.Regime, c.want)
		}
		if m.EtaLambda != c.eta*c.lambda || m.Limit != 2*(1+c.mu) {
			t.Errorf("%s: ηλ = %v, limit %v", name, m.EtaLambda, m.Limit)
		}
		if m.Regime == Underdamped && m.Contraction != math.Sqrt(c.mu) {
			t.Errorf("%s: complex roots contract by %v, want exactly √μ = %v", name, m.Contraction, math.Sqrt(c.mu))
		}
		if (c.want == NoMinimum || c.want == Unstable) && m.Converges() {
			t.Errorf("%s: %v mode claims to converge (contraction %v)", name, c.want, m.Contraction)
		}
		if c.want == NoMinimum && !(m.Contraction >= 1) {
			t.Errorf("%s: no minimum, yet contraction %v < 1", name, m.Contraction)
		}
	}
}

func TestDirectionSpecialMomenta(t *testing.T) {
	// μ = 0: gradient descent, a single root 1 − ηλ; the other is exactly 0.
	for _, s := range []float64{0.3, 1.7} {
		m := Direction(s, 0, 1)
		if m.Roots[0] != complex(1-s, 0) || m.Roots[1] != 0 {
			t.Errorf("μ = 0, ηλ = %g: roots %v, want 1−ηλ and 0", s, m.Roots)
		}
		if m.Alternates() != (1-s < 0) {
			t.Errorf("μ = 0, ηλ = %g: Alternates() = %v", s, m.Alternates())
		}
	}
	// μ = 1: the frictionless ball neither grows nor decays below its limit.
	m := Direction(0.1, 1, 20)
	if m.Contraction != 1 || m.Converges() || m.Regime == Unstable {
		t.Errorf("μ = 1, ηλ = 2: contraction %v, converges %v, regime %v; want 1, false, not unstable",
			m.Contraction, m.Converges(), m.Regime)
	}
	// λ = 0: the direction is flat; the error neither grows nor decays.
	if m := Direction(0.1, 0.5, 0); m.Contraction != 1 || m.Regime != NoMinimum {
		t.Errorf("λ = 0: contraction %v, regime %v; want 1 and no minimum", m.Contraction, m.Regime)
	}
}

func TestRegimeStrings(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range []Regime{Underdamped, Critical, Overdamped, Unstable, NoMinimum, Undamped} {
		s := r.String()
		if strings.HasPrefix(s, "Regime(") || seen[s] {
			t.Errorf("regime %d: String() = %q, want a distinct name", int(r), s)
		}
		seen[s] = true
	}
}

func TestCriticalMomentumGivesADoubleRoot(t *testing.T) {
	for _, s := range []float64{1e-4, 0.01, 0.2, 1, 2.5, 3.9} {
		const eta = 0.1
		lambda := s / eta
		mu, ok := CriticalMomentum(eta, lambda)
		if !ok {
			t.Fatalf("ηλ = %g: not ok", s)
		}
		a := 1 + mu - eta*lambda
		if d := a*a - 4*mu; math.Abs(d) > 1e-13*max(1, a*a) {
			t.Errorf("ηλ = %g, μ = %g: discriminant %.3g, want 0", s, mu, d)
		}
		m := Direction(eta, mu, lambda)
		if m.Regime != Critical || m.Roots[0] != m.Roots[1] {
			t.Errorf("ηλ = %g, μ = %g: %v with roots %v, want a double root", s, mu, m.Regime, m.Roots)
		}
		if want := 1 - math.Sqrt(s); math.Abs(real(m.Roots[0])-want) > 1e-12 {
			t.Errorf("ηλ = %g: double root %v, want 1 − √(ηλ) = %v", s, m.Roots[0], want)
		}
		// Critical momentum is the best for this direction: a little more
		// spirals, a little less creeps, both decay more slowly.
		for _, d := range []float64{+1e-3, -1e-3} {
			if mu+d < 0 {
				continue
			}
			other := Direction(eta, mu+d, lambda)
			wantR := Underdamped
			switch {
			case s >= 2*(1+mu+d): // near ηλ = 4 the limit is only (2−√(ηλ))² away
				wantR = Unstable
			case d < 0:
				wantR = Overdamped
			}
			if other.Regime != wantR {
				t.Errorf("ηλ = %g, μ = %g%+g: %v, want %v", s, mu, d, other.Regime, wantR)
			}
			if !(other.Contraction > m.Contraction) {
				t.Errorf("ηλ = %g: μ%+g contracts by %v, no worse than critical %v", s, d, other.Contraction, m.Contraction)
			}
		}
	}
	for _, s := range []float64{0, -1, 4, 5, math.NaN()} {
		if _, ok := CriticalMomentum(1, s); ok {
			t.Errorf("ηλ = %g: ok, want no convergent double root", s)
		}
	}
}

func TestPolyakOptimalOnRavine(t *testing.T) {
	sk := math.Sqrt(ravineL2 / ravineL1)
	wantEta := 4 / ((math.Sqrt(ravineL1) + math.Sqrt(ravineL2)) * (math.Sqrt(ravineL1) + math.Sqrt(ravineL2)))
	wantRate := (sk - 1) / (sk + 1)
	wantMu := wantRate * wantRate
	for _, order := range [][2]float64{{ravineL1, ravineL2}, {ravineL2, ravineL1}} {
		eta, mu, err := PolyakOptimal(order[0], order[1])
		if err != nil {
			t.Fatal(err)
		}
		if relErr(eta, wantEta) > 1e-15 || relErr(mu, wantMu) > 1e-14 {
			t.Errorf("PolyakOptimal(%v, %v) = %v, %v; want %v, %v", order[0], order[1], eta, mu, wantEta, wantMu)
		}
		for _, lambda := range []float64{ravineL1, ravineL2} {
			m := Direction(eta, mu, lambda)
			if m.Regime != Critical || relErr(m.Contraction, wantRate) > 1e-9 {
				t.Errorf("λ = %g: %v contracting by %v, want critically damped at (√κ−1)/(√κ+1) = %v",
					lambda, m.Regime, m.Contraction, wantRate)
			}
		}
	}
	// Optimal means no nearby (η, μ) does better on the slower direction.
	eta, mu, _ := PolyakOptimal(ravineL1, ravineL2)
	worst := func(eta, mu float64) float64 {
		return max(Direction(eta, mu, ravineL1).Contraction, Direction(eta, mu, ravineL2).Contraction)
	}
	for _, d := range [][2]float64{{1.01, 1}, {0.99, 1}, {1, 1.01}, {1, 0.99}} {
		if w := worst(eta*d[0], mu*d[1]); !(w > wantRate) {
			t.Errorf("η×%g, μ×%g: slowest contraction %v beats Polyak's %v", d[0], d[1], w, wantRate)
		}
	}
}

func TestPolyakOptimalRefusesNonMinima(t *testing.T) {
	cases := []struct {
		l1, l2 float64
		want   string
	}{
		{-2, 5, "curves down here (λ₁ = -2)"},
		{5, -2, "curves down here (λ₁ = -2)"},
		{0, 5, "flat"},
		{math.NaN(), 5, "not finite"},
		{1, math.Inf(1), "not finite"},
	}
	for _, c := range cases {
		_, _, err := PolyakOptimal(c.l1, c.l2)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PolyakOptimal(%v, %v): error %v, want one containing %q", c.l1, c.l2, err, c.want)
		}
	}
}

// The analysis is only useful if it predicts what the simulator does. Each
// case excites a single axis of the ravine, so that the measured rate belongs
// to one mode, and runs the damped ball with physical parameters from
// ParamsFor at different Δt: the rate depends only on (η, μ).
func TestPredictedContractionMatchesSimulation(t *testing.T) {
	critical := func(eta, lambda float64) float64 {
		mu, ok := CriticalMomentum(eta, lambda)
		if !ok {
			t.Fatalf("no critical momentum for η = %g, λ = %g", eta, lambda)
		}
		return mu
	}
	cases := []struct {
		eta, mu, lambda, dt float64
		want                Regime
	}{
		{0.05, 0.9, ravineL1, 0.1, Underdamped},
		{0.05, 0.9, ravineL2, 0.1, Underdamped},
		{0.01, 0.5, ravineL2, 0.02, Underdamped},
		{0.1, critical(0.1, ravineL1), ravineL1, 0.1, Critical},
		{0.01, critical(0.01, ravineL2), ravineL2, 0.05, Critical},
		{0.15, critical(0.15, ravineL2), ravineL2, 1, Critical}, // ηλ = 3: negative double root
		{0.01, 0.1, ravineL1, 0.1, Overdamped},
		{0.002, 0.5, ravineL2, 0.01, Overdamped},
		{0.09, 0, ravineL2, 0.3, Overdamped}, // gradient descent's zig-zag
		{0.11, 0.05, ravineL2, 0.1, Unstable},
	}
	l := mustLandscape(t, "ravine")
	for _, c := range cases {
		name := fmt.Sprintf("η=%g μ=%.4g λ=%g", c.eta, c.mu, c.lambda)
		m := Direction(c.eta, c.mu, c.lambda)
		if m.Regime != c.want {
			t.Errorf("%s: regime %v, want %v", name, m.Regime, c.want)
			continue
		}
		start := Vec{X: 1}
		if c.lambda == ravineL2 {
			start = Vec{Y: 1}
		}
		sys := System{Land: l, Method: Damped, Params: ParamsFor(c.eta, c.mu, c.dt)}
		got := measuredRate(t, sys, start, 200, 2000)
		// A double root decays like k·σ^k, which the window sees as ~0.1%.
		tol := 1e-3
		if c.want == Critical {
			tol = 0.01
		}
		if relErr(got, m.Contraction) > tol {
			t.Errorf("%s (%v): simulator contracts by %.6f per step, analysis predicts %.6f",
				name, m.Regime, got, m.Contraction)
		}
	}
}

func TestParamsForRoundTrips(t *testing.T) {
	for _, dt := range []float64{0.001, 0.08, 1, 3} {
		for _, eta := range []float64{1e-4, 0.05, 0.7} {
			for _, mu := range []float64{0, 0.3, 0.9, 0.999, 1} {
				p := ParamsFor(eta, mu, dt)
				if p.Dt != dt {
					t.Errorf("ParamsFor(%g, %g, %g).Dt = %v, want Δt kept", eta, mu, dt, p.Dt)
				}
				if err := p.Validate(); err != nil {
					t.Errorf("ParamsFor(%g, %g, %g) = %+v: %v", eta, mu, dt, p, err)
				}
				if relErr(p.LR(), eta) > 1e-15 || math.Abs(p.Momentum()-mu) > 1e-15 {
					t.Errorf("ParamsFor(%g, %g, %g): LR %v, Momentum %v", eta, mu, dt, p.LR(), p.Momentum())
				}
				if e, m := OptimizerOf(Damped, p); relErr(e, eta) > 1e-15 || math.Abs(m-mu) > 1e-15 {
					t.Errorf("OptimizerOf(Damped, ParamsFor(%g, %g, %g)) = %v, %v", eta, mu, dt, e, m)
				}
			}
		}
	}
}

// Flow must be judged as gradient descent with η = Δt/ε and no memory, not
// by Params.LR/Momentum, which describe a ball with mass.
func TestModesFollowTheMethod(t *testing.T) {
	h := landscapes.Sym{XX: 1, YY: 20}
	p := Params{Dt: 0.09, Mass: 0.5, Friction: 2}
	flow := Modes(Flow, p, h)
	if eta := p.Dt / p.Friction; flow[1].Mu != 0 || flow[1].Eta != eta || flow[1].Roots[0] != complex(1-eta*20, 0) {
		t.Errorf("flow: steep mode %+v, want gradient descent with η = Δt/ε", flow[1])
	}
	heavy := Modes(Heavy, p, h)
	if heavy[0].Mu != 1 || heavy[0].Eta != p.LR() {
		t.Errorf("heavy: mode %+v, want η = Δt²/m and μ = 1", heavy[0])
	}
	damped := Modes(Damped, p, h)
	if damped[0].Lambda != 1 || damped[1].Lambda != 20 || damped[0].Mu != p.Momentum() {
		t.Errorf("damped: modes %+v, want λ = 1 then 20 with μ = 1 − Δtε/m", damped)
	}
	for _, m := range Methods {
		eta, mu := OptimizerOf(m, FromOptimizer(0.05, 0.7))
		wantMu := map[Method]float64{Flow: 0, Heavy: 1, Damped: 0.7, Nesterov: 0.7, Adam: 0.7, RMSprop: 0.7, Adagrad: 0}[m]
		wantEta := map[Method]float64{Flow: 0.05 / 0.3, Heavy: 0.05, Damped: 0.05, Nesterov: 0.05, Adam: 0.05, RMSprop: 0.05, Adagrad: 0.05 / 0.3}[m]
		if relErr(eta, wantEta) > 1e-15 || math.Abs(mu-wantMu) > 1e-15 {
			t.Errorf("%s: OptimizerOf(FromOptimizer(0.05, 0.7)) = %v, %v; want %v, %v", m.Name(), eta, mu, wantEta, wantMu)
		}
	}
}
