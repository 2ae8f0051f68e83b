package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// kingmaBaUpdate is Adam as Kingma and Ba's Algorithm 1 writes it:
// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
// x ← x − η·m̂/(√v̂ + ε), per coordinate.
func kingmaBaUpdate(l *landscapes.Landscape, eta, b1, b2, eps float64) update {
	var m, v [2]float64
	t := 0
	return func(x Vec) Vec {
		t++
		g := l.Grad(x)
		gs := [2]float64{g.X, g.Y}
		var out [2]float64
		xs := [2]float64{x.X, x.Y}
		for i := range 2 {
			m[i] = b1*m[i] + (1-b1)*gs[i]
			v[i] = b2*v[i] + (1-b2)*gs[i]*gs[i]
			mhat := m[i] / (1 - math.Pow(b1, float64(t)))
			vhat := v[i] / (1 - math.Pow(b2, float64(t)))
			out[i] = xs[i] - eta*mhat/(math.Sqrt(vhat)+eps)
		}
		return Vec{X: out[0], Y: out[1]}
	}
}

// rmspropUpdate is Hinton's RMSprop with heavy-ball momentum on the
// normalised gradient, as PyTorch documents it.
func rmspropUpdate(l *landscapes.Landscape, eta, mu, alpha, eps float64) update {
	var v, b Vec
	return func(x Vec) Vec {
		g := l.Grad(x)
		v = Vec{X: alpha*v.X + (1-alpha)*g.X*g.X, Y: alpha*v.Y + (1-alpha)*g.Y*g.Y}
		b = Vec{X: mu*b.X + g.X/(math.Sqrt(v.X)+eps), Y: mu*b.Y + g.Y/(math.Sqrt(v.Y)+eps)}
		return x.Sub(b.Scale(eta))
	}
}

// adagradUpdate is Duchi, Hazan and Singer's diagonal Adagrad.
func adagradUpdate(l *landscapes.Landscape, eta, eps float64) update {
	var s Vec
	return func(x Vec) Vec {
		g := l.Grad(x)
		s = Vec{X: s.X + g.X*g.X, Y: s.Y + g.Y*g.Y}
		return Vec{X: x.X - eta*g.X/(math.Sqrt(s.X)+eps), Y: x.Y - eta*g.Y/(math.Sqrt(s.Y)+eps)}
	}
}

func TestAdaptiveMethodsAreTheirPapers(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	for _, c := range []struct {
		lr, mu float64
		a      Adaptive
	}{
		{0.01, 0.9, Adaptive{}},
		{0.003, 0.5, Adaptive{Beta2: 0.95, Eps: 1e-6}},
		{0.02, 0.8, Adaptive{Beta2: 0.9999, Eps: 1e-3}},
	} {
		p := FromOptimizer(c.lr, c.mu)
		p.Adaptive = c.a
		b2, eps := c.a.or(DefaultBeta2, DefaultAdamEps)
		got := trace(t, l, Adam, p, identitySteps)
		moved(t, l.Start, got)
		if d := worstDiff(l.Start, got, kingmaBaUpdate(l, c.lr, c.mu, b2, eps)); d > identityTol {
			t.Errorf("adam %+v: differs from Kingma and Ba by %.3g", c, d)
		}
		alpha, eps := c.a.or(DefaultRMSAlpha, DefaultRMSEps)
		got = trace(t, l, RMSprop, p, identitySteps)
		moved(t, l.Start, got)
		if d := worstDiff(l.Start, got, rmspropUpdate(l, c.lr, c.mu, alpha, eps)); d > identityTol {
			t.Errorf("rmsprop %+v: differs from RMSprop by %.3g", c, d)
		}
		// Adagrad has no momentum: the optimizer view gives it η/(1 − μ),
		// as it gives flow.
		_, eps = c.a.or(0, DefaultAdagradEps)
		got = trace(t, l, Adagrad, p, identitySteps)
		moved(t, l.Start, got)
		if d := worstDiff(l.Start, got, adagradUpdate(l, c.lr/(1-c.mu), eps)); d > identityTol {
			t.Errorf("adagrad %+v: differs from Adagrad by %.3g", c, d)
		}
	}
}

// The effective per-coordinate step the panel shows is the factor that
// multiplies the averaged gradient: one more step with the same memory
// moves each coordinate by exactly −step·m̂ᵢ (Adam).
func TestAdamStepsIsTheStepTaken(t *testing.T) {
	l := mustLandscape(t, "ravine")
	p := FromOptimizer(0.05, 0.9)
	sys := System{Land: l, Method: Adam, Params: p}
	part := NewParticle(l, l.Start)
	if _, _, ok := AdaptiveSteps(Adam, p, part.State); ok {
		t.Fatal("a step size before any step: the averages are empty")
	}
	sys.Advance(&part, 20)
	sx, sy, ok := AdaptiveSteps(Adam, p, part.State)
	if !ok {
		t.Fatal("no step size after 20 steps")
	}
	mhat := part.Mem.Buf.Scale(1 / (1 - math.Pow(0.9, 20)))
	if dx := -sx * mhat.X; relErr(dx, part.Vel.X) > 1e-12 {
		t.Errorf("x: step·m̂ = %v, the step moved %v", dx, part.Vel.X)
	}
	if dy := -sy * mhat.Y; relErr(dy, part.Vel.Y) > 1e-12 {
		t.Errorf("y: step·m̂ = %v, the step moved %v", dy, part.Vel.Y)
	}
}
