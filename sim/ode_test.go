package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// linear is the solution of m x” + ε x' + λ x = 0 (or ε x' + λ x = 0 when
// m = 0) from x0, v0: position and velocity at t, in closed form.
func linear(m, eps, lambda, x0, v0, t float64) (x, v float64) {
	if m == 0 {
		r := -lambda / eps
		return x0 * math.Exp(r*t), r * x0 * math.Exp(r*t)
	}
	g := eps / (2 * m) // decay rate γ
	w2 := lambda / m   // ω0²
	disc := g*g - w2   // γ² − ω0²
	switch {
	case disc < 0: // underdamped (γ = 0: the harmonic oscillator)
		wd := math.Sqrt(-disc)
		c, s := math.Cos(wd*t), math.Sin(wd*t)
		b := (v0 + g*x0) / wd
		e := math.Exp(-g * t)
		return e * (x0*c + b*s), e * (-g*(x0*c+b*s) + (-x0*wd*s + b*wd*c))
	case disc == 0: // critical
		b := v0 + g*x0
		e := math.Exp(-g * t)
		return e * (x0 + b*t), e * (b - g*(x0+b*t))
	default: // overdamped
		q := math.Sqrt(disc)
		r1, r2 := -g+q, -g-q
		a := (v0 - r2*x0) / (r1 - r2)
		b := x0 - a
		return a*math.Exp(r1*t) + b*math.Exp(r2*t), a*r1*math.Exp(r1*t) + b*r2*math.Exp(r2*t)
	}
}

// TestTwinClosedForms checks the twin against the exact solutions of each
// method's law on a quadratic: exponential decay for flow, the harmonic
// oscillator for the heavy ball, and the under-, critically and
// overdamped oscillator for the damped ball, sampled at every kΔt (so most
// samples come from the continuous extension between the integrator's own
// steps) to 1e-8 of the motion's scale.
func TestTwinClosedForms(t *testing.T) {
	const a, b = 1.0, 20.0
	land := quadratic(a, b, 0) // axes unrotated: each coordinate is one oscillator
	x0, y0 := -2.5, 1.2
	vx0, vy0 := 0.3, -0.7
	cases := []struct {
		name   string
		method Method
		p      Params
		rest   bool // flow has no velocity of its own
	}{
		{"flow", Flow, Params{Dt: 0.01, Mass: 1, Friction: 2}, true},
		{"heavy", Heavy, Params{Dt: 0.01, Mass: 0.5, Friction: 7}, false},
		// γ = ε/2m against ω0 = √(λ/m) for λ = 1 and 20 with m = 1.
		{"underdamped", Damped, Params{Dt: 0.01, Mass: 1, Friction: 0.5}, false},
		{"critical x", Damped, Params{Dt: 0.01, Mass: 1, Friction: 2}, false},
		{"overdamped", Damped, Params{Dt: 0.01, Mass: 1, Friction: 30}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			law, ok := c.method.ODE(c.p)
			if !ok {
				t.Fatalf("%s has no ODE", c.method.Name())
			}
			tw := NewTwin(land, law, Vec{X: x0, Y: y0}, Vec{X: vx0, Y: vy0}, 0)
			worst := 0.0
			for k := 0; k <= 1000; k++ {
				tt := float64(k) * c.p.Dt
				s, ok := tw.At(tt)
				if !ok {
					t.Fatalf("twin failed at t = %v", tt)
				}
				wx, wvx := linear(law.Mass, law.Friction, a, x0, vx0, tt)
				wy, wvy := linear(law.Mass, law.Friction, b, y0, vy0, tt)
				if c.rest {
					// flow's velocity is −∇f/ε where it is.
					wvx, wvy = -a*wx/law.Friction, -b*wy/law.Friction
				}
				for _, d := range [][2]float64{{s.Pos.X, wx}, {s.Pos.Y, wy}, {s.Vel.X, wvx}, {s.Vel.Y, wvy}} {
					worst = max(worst, math.Abs(d[0]-d[1]))
				}
			}
			// The motion's scale is |x0| ≈ 2.5 and speeds up to ~10: 1e-8
			// absolute is well inside 1e-8 relative.
			if worst > 1e-8 {
				t.Errorf("largest deviation from the closed form %.3g, want ≤ 1e-8", worst)
			}
			// Sampling is free: the integrator's steps do not depend on
			// how often it is asked.
			once := NewTwin(land, law, Vec{X: x0, Y: y0}, Vec{X: vx0, Y: vy0}, 0)
			once.At(1000 * c.p.Dt)
			if once.Steps != tw.Steps {
				t.Errorf("%d integrator steps sampled 1000 times, %d asked once", tw.Steps, once.Steps)
			}
		})
	}
	if g := 2 / (2 * 1.0); g != math.Sqrt(a/1.0) {
		t.Fatalf("the critical case is not critical in x: γ = %v, ω0 = %v", g, math.Sqrt(a))
	}
}

// TestTwinKeepsTrueEnergy: on curved ground the heavy ball's ODE keeps
// ½m|v|² + f exactly (the twin to its tolerance: 1e-10 per step adds up to
// about 1e-8 of the height over the thousands of steps a stiff valley
// takes, so the bound is 1e-7), and the damped ball's
// loses it at the rate ε|v|², so E(t) − E(0) = −∫ε|v|² dt.
func TestTwinKeepsTrueEnergy(t *testing.T) {
	for _, name := range []string{"himmelblau", "rosenbrock", "camel"} {
		land, _ := landscapes.ByName(name)
		p := ParamsOf(land.Defaults)
		for _, m := range []Method{Heavy, Damped} {
			law, _ := m.ODE(p)
			tw := NewTwin(land, law, land.Start, Vec{}, 0)
			e0 := law.TrueEnergy(land, State{Pos: land.Start})
			scale := math.Abs(e0) + 1
			lost, prev := 0.0, 0.0 // ∫ε|v|² by the trapezoid rule over fine samples
			const n = 20000
			dt := 2.0 / n
			for k := 1; k <= n; k++ {
				s, ok := tw.At(float64(k) * dt)
				if !ok {
					t.Fatalf("%s %s: twin failed", name, m.Name())
				}
				cur := law.Friction * s.Vel.Dot(s.Vel)
				lost += (prev + cur) / 2 * dt
				prev = cur
				e := law.TrueEnergy(land, s)
				if law.Friction == 0 && math.Abs(e-e0) > 1e-7*scale {
					t.Fatalf("%s heavy: energy %v at t = %v, started %v", name, e, float64(k)*dt, e0)
				}
				if k == n && law.Friction > 0 {
					// The trapezoid rule's own error is O(dt²) of the integral.
					if d := math.Abs(e - (e0 - lost)); d > 1e-4*scale {
						t.Errorf("%s damped: E(t) = %v but E(0) − ∫ε|v|² = %v", name, e, e0-lost)
					}
				}
			}
		}
	}
}

// TestTwinForwardOnly: a time before the integrator's last step is
// refused rather than answered with an extrapolation.
func TestTwinForwardOnly(t *testing.T) {
	land := quadratic(1, 1, 0)
	tw := NewTwin(land, Law{Mass: 1}, Vec{X: 1}, Vec{}, 0)
	if _, ok := tw.At(5); !ok {
		t.Fatal("twin failed on a harmonic oscillator")
	}
	if _, ok := tw.At(0.1); ok {
		t.Error("At(0.1) after At(5) claimed to know the state")
	}
}

// TestTwinFailsOffFinite: a law driven off the finite numbers stops and says
// so, at its last finite state, instead of looping.
func TestTwinFailsOffFinite(t *testing.T) {
	// f = −exp(x²): the ball runs away faster than exponentially.
	land := landscapes.New("away", "", "", landscapes.Rect{XMin: -1, XMax: 1, YMin: -1, YMax: 1}, Vec{}, landscapes.Defaults{}, nil,
		func(p Vec) float64 { return -math.Exp(p.X * p.X) },
		func(p Vec) Vec { return Vec{X: -2 * p.X * math.Exp(p.X*p.X)} },
		func(Vec) landscapes.Sym { return landscapes.Sym{} })
	tw := NewTwin(land, Law{Friction: 1}, Vec{X: 0.5}, Vec{}, 0)
	s, ok := tw.At(100)
	if ok || !tw.Failed {
		t.Fatalf("twin reached t = 100 on a blow-up: %+v", s)
	}
	if !s.Pos.IsFinite() {
		t.Errorf("failed twin's state %+v is not finite", s)
	}
}

func TestODETable(t *testing.T) {
	p := Params{Dt: 0.1, Mass: 2, Friction: 3}
	want := map[Method]Law{Flow: {Friction: 3}, Heavy: {Mass: 2}, Damped: {Mass: 2, Friction: 3}}
	for _, m := range Methods {
		law, ok := m.ODE(p)
		if w, has := want[m]; has && (!ok || law != w) {
			t.Errorf("%s: ODE %+v %v, want %+v", m.Name(), law, ok, w)
		}
	}
}
