package sim

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"
)

// These tests hold the simulator to the textbook convergence theory on the
// ravine f = (x² + 20y²)/2, whose Hessian is diag(1, 20) everywhere: along
// each axis the iteration is the scalar recurrence
// x_{k+1} = (1+μ−ηλ)x_k − μx_{k−1}, so its rate is the largest root of
// σ² − (1+μ−ηλ)σ + μ. The expected rates below are computed from that
// polynomial in the test, independently of stability.go.

const (
	ravineL1 = 1.0
	ravineL2 = 20.0
)

// stateNorm is the size of the error in (x_k, x_k − x_{k−1}) coordinates.
// Including the last step keeps it away from zero when an oscillation swings
// through the minimum, so its ratios follow the decay envelope, not the phase.
func stateNorm(p *Particle, dt float64) float64 {
	return math.Hypot(p.Pos.Norm(), dt*p.Vel.Norm())
}

// measuredRate runs sys from start, lets skip steps of transient pass, and
// returns the mean factor per step by which stateNorm changed over the next n
// steps. The landscape must be a quadratic with its minimum at the origin:
// the state is rescaled by powers of two every few steps so that long windows
// neither underflow nor overflow, which is exact because the step is linear
// and scaling by 2^k rounds nothing.
func measuredRate(tb testing.TB, sys System, start Vec, skip, n int) float64 {
	tb.Helper()
	const chunk = 20
	dt := sys.Params.Dt
	p := NewParticle(sys.Land, start)
	logScale := 0.0 // log of the factor divided out so far
	run := func(steps int) {
		for steps > 0 {
			k := min(steps, chunk)
			if got := sys.Advance(&p, k); got != k {
				tb.Fatalf("%s with %+v: state left the finite numbers at step %d", sys.Method.Name(), sys.Params, p.Step+1)
			}
			steps -= k
			norm := stateNorm(&p, dt)
			if norm == 0 {
				tb.Fatalf("%s with %+v: landed exactly on the minimum; no rate to measure", sys.Method.Name(), sys.Params)
			}
			_, e := math.Frexp(norm)
			logScale += float64(e) * math.Ln2
			p.Pos, p.Vel = p.Pos.Scale(math.Ldexp(1, -e)), p.Vel.Scale(math.Ldexp(1, -e))
			p.F, p.Grad = sys.Land.F(p.Pos), sys.Land.Grad(p.Pos)
		}
	}
	run(skip)
	before := logScale + math.Log(stateNorm(&p, dt))
	run(n)
	after := logScale + math.Log(stateNorm(&p, dt))
	return math.Exp((after - before) / float64(n))
}

// theoryRate is the modulus of the largest root of σ² − (1+μ−ηλ)σ + μ,
// by the quadratic formula in complex arithmetic.
func theoryRate(eta, mu, lambda float64) float64 {
	a := complex(1+mu-eta*lambda, 0)
	d := cmplx.Sqrt(a*a - complex(4*mu, 0))
	return max(cmplx.Abs((a+d)/2), cmplx.Abs((a-d)/2))
}

// ravineSystem runs method m of optimizer (η, μ) on the ravine.
func ravineSystem(tb testing.TB, m Method, eta, mu float64) System {
	return System{Land: mustLandscape(tb, "ravine"), Method: m, Params: FromOptimizer(eta, mu)}
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }

func TestGradientDescentRateOnRavine(t *testing.T) {
	const optimum = 2 / (ravineL1 + ravineL2)
	cases := []struct {
		name string
		eta  float64
	}{
		{"small step, slow axis dominates", 0.01},
		{"moderate", 0.04},
		{"optimal 2/(λ1+λ2)", optimum},
		{"near the limit, steep axis dominates", 0.099},
		{"past the limit 2/λ2", 0.105},
	}
	start := mustLandscape(t, "ravine").Start
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := max(math.Abs(1-c.eta*ravineL1), math.Abs(1-c.eta*ravineL2))
			got := measuredRate(t, ravineSystem(t, Flow, c.eta, 0), start, 200, 1000)
			if relErr(got, want) > 1e-6 {
				t.Errorf("η = %g: measured rate %.9f, want max|1−ηλ| = %.9f", c.eta, got, want)
			}
		})
	}

	kappa := ravineL2 / ravineL1
	best := measuredRate(t, ravineSystem(t, Flow, optimum, 0), start, 200, 1000)
	if want := (kappa - 1) / (kappa + 1); relErr(best, want) > 1e-6 {
		t.Errorf("at the optimal step the rate is %.9f, want (κ−1)/(κ+1) = %.9f", best, want)
	}
	for _, eta := range []float64{optimum * 0.97, optimum * 1.03} {
		if r := measuredRate(t, ravineSystem(t, Flow, eta, 0), start, 200, 1000); r <= best {
			t.Errorf("η = %g converges at %.6f, no slower than the optimum's %.6f", eta, r, best)
		}
	}
}

func TestPolyakOptimalMomentumRateOnRavine(t *testing.T) {
	s1, s2 := math.Sqrt(ravineL1), math.Sqrt(ravineL2)
	eta := 4 / ((s1 + s2) * (s1 + s2))
	sk := math.Sqrt(ravineL2 / ravineL1)
	mu := ((sk - 1) / (sk + 1)) * ((sk - 1) / (sk + 1))
	want := (sk - 1) / (sk + 1)

	// Both axes sit on a double root, so the error decays like k·σ^k; over
	// a long window after a long transient the factor k contributes
	// (2200/200)^(1/2000) ≈ 1.001 per step.
	got := measuredRate(t, ravineSystem(t, Damped, eta, mu), mustLandscape(t, "ravine").Start, 200, 2000)
	if relErr(got, want) > 0.02 {
		t.Errorf("η = %.6g, μ = %.6g: measured rate %.6f, want (√κ−1)/(√κ+1) = %.6f", eta, mu, got, want)
	}
	gd := (ravineL2/ravineL1 - 1) / (ravineL2/ravineL1 + 1)
	if !(got < gd) {
		t.Errorf("momentum's rate %.4f is not better than gradient descent's best %.4f", got, gd)
	}
}

// The stability limit is ηλ < 2(1+μ): the largest step grows with momentum.
// Just below it the steep axis must stay bounded and decay; just above it
// must grow at the rate the polynomial predicts.
func TestMomentumStabilityBoundary(t *testing.T) {
	l := mustLandscape(t, "ravine")
	x0 := l.Start.Norm()
	for _, mu := range []float64{0, 0.5, 0.9} {
		limit := 2 * (1 + mu) / ravineL2
		t.Run(fmt.Sprintf("μ=%g/below", mu), func(t *testing.T) {
			eta := 0.98 * limit
			sys := ravineSystem(t, Damped, eta, mu)
			p := NewParticle(l, l.Start)
			peak := 0.0
			for range 4000 {
				if sys.Advance(&p, 1) != 1 {
					t.Fatalf("μ = %g, η = %g (ηλ2 = %.3g < %g): diverged", mu, eta, eta*ravineL2, 2*(1+mu))
				}
				peak = max(peak, p.Pos.Norm())
			}
			if peak > 10*x0 || p.Pos.Norm() > 0.01*x0 {
				t.Errorf("μ = %g, η = %g just inside the limit: peak |x| = %.3g, final %.3g (start %.3g)",
					mu, eta, peak, p.Pos.Norm(), x0)
			}
		})
		t.Run(fmt.Sprintf("μ=%g/above", mu), func(t *testing.T) {
			eta := 1.02 * limit
			want := theoryRate(eta, mu, ravineL2)
			if !(want > 1) {
				t.Fatalf("test setup: predicted rate %v is not > 1", want)
			}
			got := measuredRate(t, ravineSystem(t, Damped, eta, mu), l.Start, 100, 1000)
			if !(got > 1) || relErr(got, want) > 1e-4 {
				t.Errorf("μ = %g, η = %g just outside the limit: growth %.6f per step, want %.6f", mu, eta, got, want)
			}
		})
	}
}

// In the underdamped regime the roots are complex conjugates whose product
// is μ, so each has modulus √μ. A popular article prints 2√μ, which would be
// above 1 (divergence) for every μ > ¼: these runs converge, so it cannot be.
func TestUnderdampedRateIsSqrtMu(t *testing.T) {
	cases := []struct{ eta, mu float64 }{
		{0.05, 0.9},
		{0.1, 0.5},
		{0.03, 0.8},
		{0.02, 0.95},
	}
	start := mustLandscape(t, "ravine").Start
	for _, c := range cases {
		for _, lambda := range []float64{ravineL1, ravineL2} {
			if a := 1 + c.mu - c.eta*lambda; a*a >= 4*c.mu {
				t.Fatalf("test setup: η = %g, μ = %g is not underdamped along λ = %g", c.eta, c.mu, lambda)
			}
		}
		got := measuredRate(t, ravineSystem(t, Damped, c.eta, c.mu), start, 200, 2000)
		if want := math.Sqrt(c.mu); relErr(got, want) > 0.005 {
			t.Errorf("η = %g, μ = %g: measured rate %.6f, want √μ = %.6f", c.eta, c.mu, got, want)
		}
		if wrong := 2 * math.Sqrt(c.mu); relErr(got, wrong) < 0.25 {
			t.Errorf("η = %g, μ = %g: measured rate %.6f is close to 2√μ = %.6f", c.eta, c.mu, got, wrong)
		}
	}
}
