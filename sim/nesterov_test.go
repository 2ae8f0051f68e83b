package sim

import (
	"math"
	"math/cmplx"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// torchNesterovUpdate is torch.optim.SGD(lr=η, momentum=μ, nesterov=True,
// dampening=0) as PyTorch writes it: b ← μb + g, x ← x − η(g + μb), b
// starting at the first gradient (μ·0 + g, so b = 0 before the first step).
func torchNesterovUpdate(l *landscapes.Landscape, eta, mu float64) update {
	var b Vec
	return func(x Vec) Vec {
		g := l.Grad(x)
		b = b.Scale(mu).Add(g)
		return x.Sub(g.Add(b.Scale(mu)).Scale(eta))
	}
}

// sutskeverUpdate is Sutskever et al.'s form, v ← μv − η∇f(θ + μv),
// θ ← θ + v, from θ₀ = x₀ at rest, returning the look-ahead point
// x = θ + μv: the change of variables that turns it into PyTorch's form.
func sutskeverUpdate(l *landscapes.Landscape, eta, mu float64) update {
	var theta, v Vec
	started := false
	return func(x Vec) Vec {
		if !started {
			theta, started = x, true
		}
		v = v.Scale(mu).Sub(l.Grad(theta.Add(v.Scale(mu))).Scale(eta))
		theta = theta.Add(v)
		return theta.Add(v.Scale(mu))
	}
}

func TestNesterovIsTorchAndSutskever(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, p := range identityParams {
		eta := p.Dt * p.Dt / p.Mass
		mu := 1 - p.Dt*p.Friction/p.Mass
		got := trace(t, l, Nesterov, p, identitySteps)
		moved(t, l.Start, got)
		for name, ref := range map[string]update{
			"torch.optim.SGD(nesterov=True)": torchNesterovUpdate(l, eta, mu),
			"Sutskever's form at θ + μv":     sutskeverUpdate(l, eta, mu),
		} {
			if d := worstDiff(l.Start, got, ref); d > identityTol {
				t.Errorf("η=%g μ=%g: nesterov differs from %s by %.3g, want ≤ %g", eta, mu, name, d, identityTol)
			}
		}
		// And it is not the heavy ball at the same (η, μ).
		if d := worstDiff(l.Start, got, torchSGDUpdate(l, eta, mu)); d < mismatchFloor {
			t.Errorf("η=%g μ=%g: nesterov is within %.3g of plain momentum SGD", eta, mu, d)
		}
	}
}

// The ball θ = x − μΔt·w runs behind the drawn point, and its velocity w is
// the momentum buffer: Sutskever's v equals Δt·w at every step.
func TestNesterovBallIsSutskeversIterate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	p := identityParams[1]
	eta, mu := p.LR(), p.Momentum()
	sys := System{Land: l, Method: Nesterov, Params: p}
	part := NewParticle(l, l.Start)
	theta, v := l.Start, Vec{}
	for k := range 300 {
		sys.Advance(&part, 1)
		v = v.Scale(mu).Sub(l.Grad(theta.Add(v.Scale(mu))).Scale(eta))
		theta = theta.Add(v)
		w := part.Mem.Buf.Scale(p.Dt)
		ball := part.Pos.Sub(w.Scale(mu))
		if posDiff(w, v) > 1e-9 || posDiff(ball, theta) > identityTol {
			t.Fatalf("step %d: Δt·w %v, ball %v; Sutskever v %v, θ %v", k+1, w, ball, v, theta)
		}
	}
}

// On the ravine each coordinate of Nesterov's run obeys the recurrence of
// z² − (1+μ)(1−ηλ)z + μ(1−ηλ) from the second step on (the first step
// starts the memory: x₁ = (1 − (1+μ)ηλ)x₀).
func TestNesterovFollowsItsCharacteristicPolynomial(t *testing.T) {
	l := mustLandscape(t, "ravine")
	lambdas := [2]float64{1, 20}
	for _, p := range []Params{{Dt: 0.08, Mass: 0.08, Friction: 0.4}, {Dt: 0.05, Mass: 0.2, Friction: 1.5}} {
		sys := System{Land: l, Method: Nesterov, Params: p}
		eta, mu := OptimizerOf(Nesterov, p)
		part := NewParticle(l, Vec{X: -4.5, Y: 1.2})
		prev := [2]float64{part.Pos.X, part.Pos.Y}
		sys.Advance(&part, 1)
		cur := [2]float64{part.Pos.X, part.Pos.Y}
		for i, lambda := range lambdas {
			if want := (1 - (1+mu)*eta*lambda) * prev[i]; math.Abs(cur[i]-want) > 1e-12*max(1, math.Abs(want)) {
				t.Fatalf("λ = %v: first step %v, want %v", lambda, cur[i], want)
			}
		}
		for k := 1; k < 60; k++ {
			sys.Advance(&part, 1)
			got := [2]float64{part.Pos.X, part.Pos.Y}
			for i, lambda := range lambdas {
				s := eta * lambda
				want := (1+mu)*(1-s)*cur[i] - mu*(1-s)*prev[i]
				if math.Abs(got[i]-want) > 1e-12*max(1, math.Abs(want)) {
					t.Fatalf("%+v, λ = %v, step %d: x = %v, recurrence gives %v", p, lambda, k+1, got[i], want)
				}
			}
			prev, cur = cur, got
		}
	}
}

// spectralRadius measures the growth of Sutskever's iteration matrix
// M = [[1−s, μ(1−s)], [−s, μ(1−s)]] on (θ, v) by powering it: ‖Mⁿ‖^(1/n),
// independent of the closed-form roots.
func spectralRadius(s, mu float64) float64 {
	a, b, c, d := 1-s, mu*(1-s), -s, mu*(1-s)
	pa, pb, pc, pd := 1.0, 0.0, 0.0, 1.0
	logScale := 0.0
	const n = 4000
	for range n {
		pa, pb, pc, pd = a*pa+b*pc, a*pb+b*pd, c*pa+d*pc, c*pb+d*pd
		norm := math.Abs(pa) + math.Abs(pb) + math.Abs(pc) + math.Abs(pd)
		if norm == 0 {
			return 0
		}
		logScale += math.Log(norm)
		pa, pb, pc, pd = pa/norm, pb/norm, pc/norm, pd/norm
	}
	return math.Exp(logScale / n)
}

func TestNesterovDirection(t *testing.T) {
	for _, mu := range []float64{0, 0.3, 0.5, 0.9, 0.99} {
		limit := 2 * (1 + mu) / (1 + 2*mu)
		if got := NesterovLimit(mu); relErr(got, limit) > 1e-15 {
			t.Errorf("μ %v: limit %v, want %v", mu, got, limit)
		}
		for _, s := range []float64{1e-3, 0.01, 0.1, 0.3, 0.7, 0.99, 1, 1.01, 1.2, limit * 0.999, limit * 1.001, 2.5} {
			md := NesterovDirection(1, mu, s) // η = 1, λ = s
			for _, r := range md.Roots {
				if p := r*r - complex((1+mu)*(1-s), 0)*r + complex(mu*(1-s), 0); cmplx.Abs(p) > 1e-12 {
					t.Errorf("μ %v ηλ %v: root %v leaves %v", mu, s, r, p)
				}
			}
			rho := spectralRadius(s, mu)
			if math.Abs(md.Contraction-rho) > 2e-3*max(rho, 0.01) && md.Regime != Critical && s != 1 {
				t.Errorf("μ %v ηλ %v: contraction %v, the iteration grows as %v", mu, s, md.Contraction, rho)
			}
			if conv := md.Regime != Unstable; conv != (s < limit) || conv != (rho < 1) {
				t.Errorf("μ %v ηλ %v: regime %v, limit %v, measured radius %v", mu, s, md.Regime, limit, rho)
			}
			lo, hi := NesterovCriticalCurves(mu)
			if under := md.Regime == Underdamped; under != (s > lo && s < hi) && mu > 0 {
				t.Errorf("μ %v ηλ %v: regime %v, underdamped band (%v, %v)", mu, s, md.Regime, lo, hi)
			}
			if md.Regime == Underdamped {
				if want := math.Sqrt(mu * (1 - s)); relErr(md.Contraction, want) > 1e-12 {
					t.Errorf("μ %v ηλ %v: underdamped rate %v, want √(μ(1−ηλ)) = %v", mu, s, md.Contraction, want)
				}
			}
		}
		// On the critical curve the discriminant vanishes: a double root.
		if lo, _ := NesterovCriticalCurves(mu); mu > 0 && mu < 1 {
			if md := NesterovDirection(1, mu, lo); md.Regime != Critical {
				t.Errorf("μ %v: ηλ = ((1−μ)/(1+μ))² = %v is %v, want critical", mu, lo, md.Regime)
			}
		}
	}
	if md := NesterovDirection(0.1, 0.9, -1); md.Regime != NoMinimum {
		t.Errorf("λ < 0: regime %v", md.Regime)
	}
}

// Switching to Nesterov and back without a step keeps the state; a switch
// hands the damped ball's velocity to Nesterov's ball, so a damped run
// continued by Nesterov equals Sutskever's form from that (θ, v).
func TestAdoptKeepsTheVelocity(t *testing.T) {
	l := mustLandscape(t, "ravine")
	p := Params{Dt: 0.1, Mass: 0.5, Friction: 1}
	part := NewParticle(l, l.Start)
	(&System{Land: l, Method: Damped, Params: p}).Advance(&part, 7)
	before := part
	part.Adopt(Nesterov)
	if part.Mem.Buf != before.Vel || part.Pos != before.Pos {
		t.Fatalf("to nesterov: %+v from %+v", part.State, before.State)
	}
	part.Adopt(Damped)
	if part.State != before.State {
		t.Fatalf("damped → nesterov → damped: %+v, want %+v", part.State, before.State)
	}
	part.Adopt(Adam)
	if part.Mem != (Memory{}) || part.Vel != before.Vel {
		t.Fatalf("to adam: memory %+v, want empty averages", part.Mem)
	}
}
