package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// The claims in the README and the side panel — "the damped ball is momentum
// SGD", "the EMA form is the same optimizer" — are checked here step for
// step against independent implementations of each textbook update, written
// from their papers' formulas rather than from sim's coefficients. Rosenbrock
// is used because its gradient is nonlinear and its curvature changes along
// the path, so a form that only agrees on quadratics would be caught.

const (
	identitySteps = 400
	// identityTol is the largest relative position difference tolerated
	// between two algebraically equal updates: they round differently, and
	// on Rosenbrock a few hundred steps amplify that only mildly.
	identityTol = 1e-12
	// mismatchFloor is how far a wrong update must drift before we call it
	// different; anything this large cannot be rounding.
	mismatchFloor = 1e-3
)

// identityParams are (Δt, m, ε) triples that are stable on Rosenbrock from
// its start (ηλ_max < 2(1+μ) with λ_max ≈ 1500 there) and have μ ≠ ½, so
// that the swapped EMA form (α ↔ 1−α) really is a different update.
var identityParams = []Params{
	{Dt: 0.001, Mass: 0.01, Friction: 0.5},   // rosenbrock's old defaults: η = 1e-4, μ = 0.95
	{Dt: 0.002, Mass: 0.01, Friction: 1},     // η = 4e-4, μ = 0.8
	{Dt: 0.01, Mass: 0.5, Friction: 5},       // η = 2e-4, μ = 0.9
	{Dt: 0.0005, Mass: 0.001, Friction: 0.6}, // η = 2.5e-4, μ = 0.7
}

// update is one step of a reference optimizer: it takes x_k and returns
// x_{k+1}, keeping whatever memory the optimizer has in its closure.
type update func(x Vec) Vec

// polyakUpdate is Polyak's heavy ball x_{k+1} = x_k − η∇f(x_k) + μ(x_k − x_{k−1})
// with x_{−1} = x_0, i.e. starting at rest.
func polyakUpdate(l *landscapes.Landscape, eta, mu float64) update {
	var prev Vec
	started := false
	return func(x Vec) Vec {
		if !started {
			prev, started = x, true
		}
		next := polyakStep(l, eta, mu, x, prev)
		prev = x
		return next
	}
}

// polyakStep is one heavy-ball step from x_k and x_{k−1}.
func polyakStep(l *landscapes.Landscape, eta, mu float64, x, prev Vec) Vec {
	return x.Sub(l.Grad(x).Scale(eta)).Add(x.Sub(prev).Scale(mu))
}

// torchSGDUpdate is torch.optim.SGD(lr=η, momentum=μ, dampening=0):
// b ← μb + g, x ← x − ηb. Torch sets b = g on the first step, which is
// μ·0 + g, so starting b at zero is the same optimizer.
func torchSGDUpdate(l *landscapes.Landscape, eta, mu float64) update {
	var b Vec
	return func(x Vec) Vec {
		b = b.Scale(mu).Add(l.Grad(x))
		return x.Sub(b.Scale(eta))
	}
}

// emaUpdate is the exponential-moving-average form p ← αp + (1−α)∇f,
// x ← x − βp, with p starting at zero.
func emaUpdate(l *landscapes.Landscape, alpha, beta float64) update {
	var p Vec
	return func(x Vec) Vec {
		p = p.Scale(alpha).Add(l.Grad(x).Scale(1 - alpha))
		return x.Sub(p.Scale(beta))
	}
}

// gdUpdate is plain gradient descent x ← x − η∇f.
func gdUpdate(l *landscapes.Landscape, eta float64) update {
	return func(x Vec) Vec { return x.Sub(l.Grad(x).Scale(eta)) }
}

// posDiff is |a − b| / max(1, |a|, |b|): relative away from the origin,
// absolute near it. A non-finite point counts as infinitely far, so a
// reference that blows up is reported as a mismatch, not hidden by NaN.
func posDiff(a, b Vec) float64 {
	if !a.IsFinite() || !b.IsFinite() {
		return math.Inf(1)
	}
	return a.Dist(b) / max(1, a.Norm(), b.Norm())
}

// mustLandscape looks up a catalog landscape or stops the test.
func mustLandscape(tb testing.TB, name string) *landscapes.Landscape {
	tb.Helper()
	l, err := landscapes.ByName(name)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// trace runs method m with params p from l's start and returns the position
// after each of n steps, failing the test if the run diverges: a diverged
// run would make every comparison vacuous.
func trace(tb testing.TB, l *landscapes.Landscape, m Method, p Params, n int) []Vec {
	tb.Helper()
	sys := System{Land: l, Method: m, Params: p}
	part := NewParticle(l, l.Start)
	out := make([]Vec, 0, n)
	for range n {
		if sys.Advance(&part, 1) != 1 {
			tb.Fatalf("%s with %+v diverged at step %d", m.Name(), p, part.Step+1)
		}
		out = append(out, part.Pos)
	}
	return out
}

// worstDiff runs the reference update alongside the recorded trajectory and
// returns the largest position difference over all steps.
func worstDiff(start Vec, got []Vec, ref update) float64 {
	x, worst := start, 0.0
	for _, p := range got {
		x = ref(x)
		worst = max(worst, posDiff(p, x))
	}
	return worst
}

// moved guards against a trivial pass: two methods that never leave the
// start would "agree" to any precision.
func moved(tb testing.TB, start Vec, got []Vec) {
	tb.Helper()
	if d := got[len(got)-1].Dist(start); d < 0.05 {
		tb.Fatalf("the particle moved only %.3g from the start; the comparison would prove nothing", d)
	}
}

func TestDampedIsMomentumSGD(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, p := range identityParams {
		// η and μ from their definitions, not from Params.LR/Momentum, so a
		// wrong accessor cannot hide a wrong step.
		eta := p.Dt * p.Dt / p.Mass
		mu := 1 - p.Dt*p.Friction/p.Mass
		got := trace(t, l, Damped, p, identitySteps)
		moved(t, l.Start, got)
		cases := []struct {
			name string
			ref  update
		}{
			{"polyak", polyakUpdate(l, eta, mu)},
			{"torch.optim.SGD", torchSGDUpdate(l, eta, mu)},
		}
		for _, c := range cases {
			if d := worstDiff(l.Start, got, c.ref); d > identityTol {
				t.Errorf("Δt=%g m=%g ε=%g (η=%g μ=%g): damped differs from %s by %.3g (relative), want ≤ %g",
					p.Dt, p.Mass, p.Friction, eta, mu, c.name, d, identityTol)
			}
		}
	}
}

// The EMA form needs β(1−α) = η and α = μ. A derivation that is widely
// copied swaps the weights of the average; these tests pin the correct
// form and show the swapped one is a different optimizer.
func TestDampedIsEMAForm(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, p := range identityParams {
		alpha := 1 - p.Dt*p.Friction/p.Mass
		beta := p.Dt / p.Friction
		eta := p.Dt * p.Dt / p.Mass

		a, b, ok := p.EMA()
		if !ok || math.Abs(a-alpha) > 1e-15 || math.Abs(b-beta) > 1e-15*beta {
			t.Errorf("%+v: EMA() = (%v, %v, %v), want (%v, %v, true)", p, a, b, ok, alpha, beta)
		}

		got := trace(t, l, Damped, p, identitySteps)
		moved(t, l.Start, got)
		if d := worstDiff(l.Start, got, emaUpdate(l, alpha, beta)); d > identityTol {
			t.Errorf("%+v: damped differs from the EMA form (α=%g, β=%g) by %.3g", p, alpha, beta, d)
		}

		wrong := []struct {
			name  string
			alpha float64
		}{
			// p ← (1−α)p + α∇f: the weights of the average swapped.
			{"swapped α' = 1−α = Δtε/m", 1 - alpha},
			// The swapped weight as it is sometimes written; it equals
			// 1−α = Δtε/m only when Δt = m.
			{"α' = ηε/m", eta * p.Friction / p.Mass},
		}
		for _, w := range wrong {
			if d := worstDiff(l.Start, got, emaUpdate(l, w.alpha, beta)); !(d > mismatchFloor) {
				t.Errorf("%+v: the %s form (α'=%g) matches the damped ball to %.3g; it should not",
					p, w.name, w.alpha, d)
			}
		}
	}
}

// Flow is the massless limit ε x' = −∇f: gradient descent with η = Δt/ε,
// whatever the mass.
func TestFlowIsGradientDescent(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, dt := range []float64{1e-4, 5e-4, 1e-3} {
		for _, mass := range []float64{0.3, 1e-6, 40} {
			p := Params{Dt: dt * 7, Mass: mass, Friction: 7}
			got := trace(t, l, Flow, p, identitySteps)
			if d := worstDiff(l.Start, got, gdUpdate(l, dt)); d > identityTol {
				t.Errorf("Δt=%g, m=%g, ε=7: flow differs from gradient descent with η = Δt/ε by %.3g", p.Dt, mass, d)
			}
		}
	}
}

func TestHeavyIsDampedWithoutFriction(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, p := range identityParams {
		heavy := trace(t, l, Heavy, p, identitySteps)
		moved(t, l.Start, heavy)
		p0 := p
		p0.Friction = 0
		damped := trace(t, l, Damped, p0, identitySteps)
		for k := range heavy {
			if d := posDiff(heavy[k], damped[k]); d > identityTol {
				t.Fatalf("%+v step %d: heavy at %v, damped with ε=0 at %v", p, k+1, heavy[k], damped[k])
			}
		}
		// And the heavy ball is Polyak's method at μ = 1. Without friction
		// the ball is chaotic on Rosenbrock, so two roundings of the same
		// update drift apart exponentially (1e-7 after 400 steps); compare
		// each step from the simulator's own last two positions instead.
		eta := p.Dt * p.Dt / p.Mass
		prev, x := l.Start, l.Start
		for k, next := range heavy {
			if d := posDiff(next, polyakStep(l, eta, 1, x, prev)); d > identityTol {
				t.Fatalf("%+v step %d: heavy differs from Polyak with μ = 1 by %.3g", p, k+1, d)
			}
			prev, x = x, next
		}
	}
}

// FromOptimizer must land on the requested (η, μ); exact equality is too
// strong because 1 − Δt·ε/m is computed from a quotient, so allow a few ulps.
func TestFromOptimizerHitsLRAndMomentum(t *testing.T) {
	const ulps = 4 * 0x1p-52
	for _, eta := range []float64{1e-4, 0.01, 2.0 / 21, 0.3, 1.3} {
		for _, mu := range []float64{0, 0.3, 0.5, 0.9, 0.99} {
			p := FromOptimizer(eta, mu)
			for _, m := range Methods {
				if err := p.ValidFor(m); err != nil {
					t.Errorf("FromOptimizer(%g, %g) = %+v: %s: %v", eta, mu, p, m.Name(), err)
				}
			}
			if got := p.LR(); math.Abs(got-eta) > ulps*eta {
				t.Errorf("FromOptimizer(%g, %g).LR() = %v", eta, mu, got)
			}
			if got := p.Momentum(); math.Abs(got-mu) > ulps {
				t.Errorf("FromOptimizer(%g, %g).Momentum() = %v", eta, mu, got)
			}
			if e, m := OptimizerOf(Heavy, p); math.Abs(e-eta) > ulps*eta || m != 1 {
				t.Errorf("FromOptimizer(%g, %g) as heavy: η %v, μ %v; want η and 1", eta, mu, e, m)
			}
			// Flow: gradient descent at the effective step η/(1 − μ).
			if e, m := OptimizerOf(Flow, p); math.Abs(e-eta/(1-mu)) > ulps*e || m != 0 {
				t.Errorf("FromOptimizer(%g, %g) as flow: η %v, μ %v; want η/(1−μ) = %v and 0", eta, mu, e, m, eta/(1-mu))
			}
		}
	}
}

func TestTuningRoundTrips(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, p := range identityParams {
		phys := Tuning{Physical: p}
		for _, m := range Methods {
			if got := phys.For(m); got != p {
				t.Errorf("physical tuning %+v: For(%s) = %+v", p, m.Name(), got)
			}
		}
		// Physical → (η, μ) → physical with Δt = 1: a different (Δt, m, ε),
		// but the same optimizer, so the same damped path.
		opt := Tuning{Optimizer: true, LR: p.LR(), Momentum: p.Momentum()}
		q := opt.For(Damped)
		if q != FromOptimizer(opt.LR, opt.Momentum) {
			t.Errorf("optimizer tuning For(Damped) = %+v, not FromOptimizer's", q)
		}
		a := trace(t, l, Damped, p, identitySteps)
		b := trace(t, l, Damped, q, identitySteps)
		for k := range a {
			if d := posDiff(a[k], b[k]); d > identityTol {
				t.Fatalf("%+v vs %+v step %d: %v vs %v", p, q, k+1, a[k], b[k])
			}
		}
		if f := opt.For(Flow); f != q {
			t.Errorf("optimizer tuning For(Flow) = %+v, want the same ball as damped's %+v", f, q)
		}
	}
}
