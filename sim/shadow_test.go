package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// quadratic is f = ½xᵀHx for a symmetric H with eigenvalues l1, l2 along
// axes rotated by angle a, built independently of the catalog.
func quadratic(l1, l2, a float64) *landscapes.Landscape {
	c, s := math.Cos(a), math.Sin(a)
	h := landscapes.Sym{XX: l1*c*c + l2*s*s, XY: (l1 - l2) * c * s, YY: l1*s*s + l2*c*c}
	return landscapes.New("quadratic", "", "", landscapes.Rect{XMin: -1, XMax: 1, YMin: -1, YMax: 1},
		landscapes.Vec{}, landscapes.Defaults{}, nil,
		func(p Vec) float64 { return 0.5 * p.Dot(h.MulVec(p)) },
		func(p Vec) Vec { return h.MulVec(p) },
		func(Vec) landscapes.Sym { return h })
}

// shadowOf is the shadow energy of state s under parameters p and momentum μ.
func shadowOf(l *landscapes.Landscape, p Params, mu float64, s State) float64 {
	return ShadowEnergy(p.Dt, p.Mass, mu, s.Vel, l.F(s.Pos), l.Grad(s.Pos), l.Hess(s.Pos))
}

// On every quadratic and for every stable step (ηλ < 4) the frictionless
// ball's shadow energy is invariant: constant to round-off over many orbits.
func TestShadowEnergyIsInvariantOnQuadratics(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		l1 := math.Exp(r.Float64()*6 - 3)  // 0.05 … 20
		l2 := l1 * math.Exp(r.Float64()*4) // condition number up to e⁴
		l := quadratic(l1, l2, r.Float64()*math.Pi)
		dt := math.Exp(r.Float64()*4 - 3)
		// A stable step: ηλ₂ anywhere in (0, 3.9).
		mass := dt * dt * l2 / (0.01 + 3.89*r.Float64())
		p := Params{Dt: dt, Mass: mass}
		c := p.Coeffs(Heavy)
		s := State{Pos: Vec{X: r.NormFloat64(), Y: r.NormFloat64()}, Vel: Vec{X: r.NormFloat64(), Y: r.NormFloat64()}}
		q0 := shadowOf(l, p, 1, s)
		worst := 0.0
		for range 5000 {
			s = c.Step(s, l.Grad(s.Pos))
			worst = max(worst, math.Abs(shadowOf(l, p, 1, s)-q0))
		}
		if worst > 1e-9*math.Abs(q0) {
			t.Fatalf("trial %d (λ %.3g, %.3g, ηλ₂ %.3g): shadow energy moved by %.3g of %.3g",
				trial, l1, l2, p.LR()*l2, worst/math.Abs(q0), q0)
		}
	}
}

// With friction, each step on a quadratic removes exactly
//
//	hε·Σᵢ (1 + ηλᵢ/6)(1 + μ − ηλᵢ/2)/(1+μ)·vᵢ²
//
// (vᵢ the velocity's component along eigendirection i): the discrete form of
// dE/dt = −ε|v|², negative for every stable step. The formula is evaluated
// here from the eigen-decomposition, independently of ShadowEnergy.
func TestShadowEnergyFallsByFrictionOnQuadratics(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for trial := range 300 {
		l1 := math.Exp(r.Float64()*6 - 3)
		l2 := l1 * math.Exp(r.Float64()*4)
		a := r.Float64() * math.Pi
		l := quadratic(l1, l2, a)
		mu := r.Float64()
		dt := math.Exp(r.Float64()*4 - 3)
		mass := dt * dt * l2 / ((0.001 + 0.998*r.Float64()) * 2 * (1 + mu)) // ηλ₂ < 2(1+μ)
		p := Params{Dt: dt, Mass: mass, Friction: (1 - mu) * mass / dt}
		c := p.Coeffs(Damped)
		eta := p.LR()
		e1 := Vec{X: math.Cos(a), Y: math.Sin(a)} // eigenvector of l1
		e2 := Vec{X: -math.Sin(a), Y: math.Cos(a)}
		s := State{Pos: Vec{X: r.NormFloat64(), Y: r.NormFloat64()}, Vel: Vec{X: r.NormFloat64(), Y: r.NormFloat64()}}
		for k := range 200 {
			q := shadowOf(l, p, c.A, s)
			want := 0.0
			for _, d := range []struct {
				lambda float64
				e      Vec
			}{{l1, e1}, {l2, e2}} {
				vi := s.Vel.Dot(d.e)
				want -= dt * p.Friction * (1 + eta*d.lambda/6) * (1 + mu - eta*d.lambda/2) / (1 + mu) * vi * vi
			}
			s = c.Step(s, l.Grad(s.Pos))
			got := shadowOf(l, p, c.A, s) - q
			if math.Abs(got-want) > 1e-9*max(math.Abs(q), 1e-300) || got > 0 {
				t.Fatalf("trial %d step %d (μ %.3g, ηλ₂ %.3g): ΔH̃ = %.6g, want %.6g", trial, k, mu, eta*l2, got, want)
			}
		}
	}
}

// At μ = 1 the damped form is the frictionless one, and as Δt → 0 it tends
// to the continuous energy ½m|v|² + f.
func TestShadowEnergyLimits(t *testing.T) {
	v, g := Vec{X: 0.3, Y: -1.2}, Vec{X: 2, Y: 0.5}
	h := landscapes.Sym{XX: 3, XY: -1, YY: 7}
	const f, m = 1.5, 0.7
	e1 := 0.5*m*v.Dot(v) + f - 0.05/2*v.Dot(g)
	corr := 0.05 * 0.05 / 12 * (g.Dot(g)/m + v.Dot(h.MulVec(v)) - 0.05/m*h.MulVec(v).Dot(g))
	if got := ShadowEnergy(0.05, m, 1, v, f, g, h); math.Abs(got-(e1+corr)) > 1e-14 {
		t.Errorf("μ = 1: got %v, want E₁ + h²/12·(…) = %v", got, e1+corr)
	}
	for _, mu := range []float64{0, 0.5, 0.9} {
		e := 0.5*m*v.Dot(v) + f
		// With Δt → 0 at fixed m and ε, μ = 1 − Δtε/m → 1 too.
		dt := 1e-7
		got := ShadowEnergy(dt, m, 1-dt*(1-mu), v, f, g, h)
		if math.Abs(got-e) > 1e-6 {
			t.Errorf("μ %v, Δt → 0: got %v, want ½m|v|² + f = %v", mu, got, e)
		}
	}
}

// On a curved landscape the shadow energy is not exact, but its error is of
// fourth order in Δt: halving Δt shrinks the swing about 16-fold, where
// the first correction alone shrinks only 4-fold.
func TestShadowEnergyIsFourthOrderOnCurvedLandscapes(t *testing.T) {
	quartic := landscapes.New("quartic", "", "", landscapes.Rect{}, Vec{}, landscapes.Defaults{}, nil,
		func(p Vec) float64 { return (p.X*p.X*p.X*p.X + p.Y*p.Y*p.Y*p.Y) / 4 },
		func(p Vec) Vec { return Vec{X: p.X * p.X * p.X, Y: p.Y * p.Y * p.Y} },
		func(p Vec) landscapes.Sym { return landscapes.Sym{XX: 3 * p.X * p.X, YY: 3 * p.Y * p.Y} })
	swing := func(dt float64, first bool) float64 {
		p := Params{Dt: dt, Mass: 1}
		c := p.Coeffs(Heavy)
		s := State{Pos: Vec{X: 1, Y: 0.6}}
		energy := func(s State) float64 {
			if first {
				return 0.5*s.Vel.Dot(s.Vel) + quartic.F(s.Pos) - dt/2*s.Vel.Dot(quartic.Grad(s.Pos))
			}
			return shadowOf(quartic, p, 1, s)
		}
		lo, hi := energy(s), energy(s)
		for range int(40 / dt) { // several orbits, the same time span at every Δt
			s = c.Step(s, quartic.Grad(s.Pos))
			e := energy(s)
			lo, hi = min(lo, e), max(hi, e)
		}
		return hi - lo
	}
	for _, dt := range []float64{0.04, 0.02} {
		if r := swing(dt, false) / swing(dt/2, false); r < 12 {
			t.Errorf("Δt %v → %v: shadow energy swing shrank %.3g-fold, want about 16 (fourth order)", dt, dt/2, r)
		}
		if r := swing(dt, true) / swing(dt/2, true); r > 6 {
			t.Errorf("Δt %v → %v: first correction's swing shrank %.3g-fold; the test no longer tells orders apart", dt, dt/2, r)
		}
	}
}

// From rest on a cubic f = λx²/2 + κx³/6 (independent of y) the first
// damped step changes H̃ by exactly
// η³g³κ·[12(1−μ) + 4ηf” − (3−μ)η²κg]/(48(1+μ)) with f', f” at the start
// (shadow.go), whose leading
// term is η³(1−μ)/(4(1+μ))·f”'[g,g,g]: the residual the defaults test
// allows for the damped ball.
func TestShadowEnergyFirstStepOnACubic(t *testing.T) {
	const lambda, kappa = 1.5, 0.8
	cubic := landscapes.New("cubic", "", "", landscapes.Rect{}, Vec{}, landscapes.Defaults{}, nil,
		func(p Vec) float64 { return lambda*p.X*p.X/2 + kappa*p.X*p.X*p.X/6 },
		func(p Vec) Vec { return Vec{X: lambda*p.X + kappa*p.X*p.X/2} },
		func(p Vec) landscapes.Sym { return landscapes.Sym{XX: lambda + kappa*p.X} })
	for _, mu := range []float64{0, 0.5, 0.9} {
		for _, x0 := range []float64{-1, 0.7} {
			var prevRatioErr float64
			for i, eta := range []float64{0.04, 0.02, 0.01, 0.005} {
				p := ParamsFor(eta, mu, 0.1)
				start := NewParticle(cubic, Vec{X: x0})
				pt := start
				sys := System{Land: cubic, Method: Damped, Params: p}
				sys.Advance(&pt, 1)
				got := Energy(cubic, Damped, p, &pt) - Energy(cubic, Damped, p, &start)
				g, l0 := start.Grad.X, lambda+kappa*x0 // f' and f'' at the start
				exact := eta * eta * eta * g * g * g * kappa *
					(12*(1-mu) + 4*eta*l0 - (3-mu)*eta*eta*kappa*g) / (48 * (1 + mu))
				if math.Abs(got-exact) > 1e-13 {
					t.Errorf("μ %v, x₀ %v, η %v: ΔH̃ = %.12g, exact %.12g", mu, x0, eta, got, exact)
				}
				lead := eta * eta * eta * (1 - mu) / (4 * (1 + mu)) * kappa * g * g * g
				if mu == 0.5 {
					// The leading term's relative error is O(η): halving η
					// halves it.
					ratioErr := math.Abs(got/lead - 1)
					if i > 0 && !(ratioErr < 0.6*prevRatioErr) {
						t.Errorf("x₀ %v, η %v: ΔH̃/leading − 1 = %.3g, was %.3g at twice the η", x0, eta, ratioErr, prevRatioErr)
					}
					prevRatioErr = ratioErr
				}
			}
		}
	}
}
