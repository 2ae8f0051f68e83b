package sim

import (
	"math"
	"testing"
)

// These tests are about E = ½m|v|² + f, the energy of the continuous
// equation, which the screen no longer shows (it shows the shadow energy of
// Energy, see shadow.go): they pin down why. Semi-implicit Euler does not
// conserve E exactly; on a quadratic it conserves the first correction of
// the shadow energy (the whole of it, ShadowEnergy, is tested in shadow_test.go)
//
//	E₁ = ½m|v|² + f(x) − (Δt/2)·v·∇f(x)
//
// (per eigendirection with u = √m·v, z = √λ·x and h = Δt√(λ/m) the step is an
// area-preserving map that leaves z² + u² − h·z·u invariant). Since
// |h·z·u| ≤ (h/2)(z² + u²), a ball started at rest keeps E within
// [E₀/(1 + h/2), E₀/(1 − h/2)]: bounded, never drifting.

func TestHeavyBallEnergyStaysNearItsStart(t *testing.T) {
	l := mustLandscape(t, "bowl") // f = |x|²/2: λ = 1
	params := ParamsOf(l.Defaults)
	sys := System{Land: l, Method: Heavy, Params: params}
	p := NewParticle(l, l.Start)
	e0 := mechanical(params, &p)
	shadow := func(p *Particle) float64 {
		return Kinetic(params, p.State) + p.F - params.Dt/2*p.Vel.Dot(p.Grad)
	}
	h := params.Dt * math.Sqrt(1/params.Mass)
	lo, hi := e0/(1+h/2), e0/(1-h/2)
	eMin, eMax, worstShadow := e0, e0, 0.0
	for range 100_000 {
		if sys.Advance(&p, 1) != 1 {
			t.Fatalf("diverged at step %d", p.Step+1)
		}
		e := mechanical(params, &p)
		eMin, eMax = min(eMin, e), max(eMax, e)
		worstShadow = max(worstShadow, math.Abs(shadow(&p)-e0))
	}
	if worstShadow > 1e-10*e0 {
		t.Errorf("shadow energy drifted by %.3g (E₀ = %v); the step is not the symplectic one", worstShadow, e0)
	}
	// The band is the theory; "a few percent" is what the user sees.
	if eMin < lo*(1-1e-12) || eMax > hi*(1+1e-12) {
		t.Errorf("energy ranged over [%v, %v], outside the theoretical band [%v, %v]", eMin, eMax, lo, hi)
	}
	if eMin < 0.94*e0 || eMax > 1.06*e0 {
		t.Errorf("energy ranged over [%v, %v], more than 6%% from E₀ = %v", eMin, eMax, e0)
	}
}

// For the damped ball on a quadratic one step changes the energy by exactly
//
//	ΔE = −(η/2)|∇f(x_k)|² − ½m(1−μ²)|v_k|² + ½Δt²·v_{k+1}ᵀHv_{k+1}:
//
// friction and the gradient take energy out, the discretisation puts some
// back in. For small Δt the last term is O(Δt²) against O(Δt) losses, so the
// energy must fall every step.
func TestDampedEnergyNeverRisesForSmallDt(t *testing.T) {
	for _, name := range []string{"bowl", "ravine"} {
		t.Run(name, func(t *testing.T) {
			l := mustLandscape(t, name)
			params := ParamsOf(l.Defaults)
			params.Dt = 0.01
			eta, mu := params.LR(), params.Momentum()
			sys := System{Land: l, Method: Damped, Params: params}
			p := NewParticle(l, l.Start)
			e0 := mechanical(params, &p)
			e := e0
			for k := range 20_000 {
				before := p
				if sys.Advance(&p, 1) != 1 {
					t.Fatalf("diverged at step %d", k+1)
				}
				next := mechanical(params, &p)
				// Rounding in E itself is a few ulps of E₀ at worst.
				if next > e+1e-15*e0 {
					t.Fatalf("step %d: energy rose from %v to %v", k+1, e, next)
				}
				hv := l.Hess(p.Pos).MulVec(p.Vel)
				want := -eta/2*before.Grad.Dot(before.Grad) -
					params.Mass/2*(1-mu*mu)*before.Vel.Dot(before.Vel) +
					params.Dt*params.Dt/2*p.Vel.Dot(hv)
				if math.Abs((next-e)-want) > 1e-12*e0 {
					t.Fatalf("step %d: ΔE = %v, the energy balance gives %v", k+1, next-e, want)
				}
				e = next
			}
			if e > 1e-6*e0 {
				t.Errorf("energy only fell from %v to %v; the monotonicity check saw too little", e0, e)
			}
		})
	}
}

// The same balance shows why "small Δt" matters: from rest the first step
// changes E by (η/2)|∇f|²(ηλ − 1) on the bowl, so with ηλ > 1 the damped
// ball's energy rises on its very first step.
func TestDampedEnergyCanRiseForLargeDt(t *testing.T) {
	l := mustLandscape(t, "bowl")
	params := Params{Dt: 1.2, Mass: 1, Friction: 0.5} // η = 1.44, λ = 1
	sys := System{Land: l, Method: Damped, Params: params}
	p := NewParticle(l, l.Start)
	e0, g0 := p.F, p.Grad
	sys.Advance(&p, 1)
	eta := params.LR()
	want := eta / 2 * g0.Dot(g0) * (eta*1 - 1)
	if got := mechanical(params, &p) - e0; !(got > 0) || relErr(got, want) > 1e-12 {
		t.Errorf("first-step ΔE = %v, want (η/2)|∇f|²(ηλ−1) = %v > 0", got, want)
	}
}

// Gradient flow has no mass: its velocity −∇f is bookkeeping, not kinetic
// energy, so Energy must be f alone even though Vel is non-zero.
func TestFlowEnergyIsF(t *testing.T) {
	l := mustLandscape(t, "ravine")
	params := ParamsOf(l.Defaults)
	sys := System{Land: l, Method: Flow, Params: params}
	p := NewParticle(l, l.Start)
	for k := range 100 {
		sys.Advance(&p, 1)
		if Kinetic(params, p.State) == 0 {
			t.Fatalf("step %d: flow's velocity is zero; the test would not tell f from f + ½m|v|²", k+1)
		}
		if e, f := Energy(l, Flow, params, &p), l.F(p.Pos); e != f {
			t.Fatalf("step %d: Energy(flow) = %v, f = %v", k+1, e, f)
		}
	}
}

// mechanical is E = ½m|v|² + f, the continuous equation's energy.
func mechanical(p Params, pt *Particle) float64 { return Kinetic(p, pt.State) + pt.F }
