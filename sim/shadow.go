package sim

import "github.com/momentum-sim/momentum/landscapes"

// The energy a discrete ball really keeps.
//
// One step of the ball is v ← μv − (h/m)∇f(x), x ← x + h·v (h = Δt), and the
// state (x, v) pairs each position with the velocity that brought the ball
// there. That step does not conserve E = ½m|v|² + f, the energy of the
// continuous equation m x” = −∇f: on the ravine at its defaults E swings by
// more than its own height. What it keeps is a nearby "shadow" energy, the
// modified Hamiltonian of backward error analysis (Hairer, Lubich and
// Wanner, Geometric Numerical Integration, ch. IX): the discrete ball is the
// exact motion of a slightly different mechanical system, and that system's
// energy is conserved. This is why the frictionless ball neither spirals out
// nor in: it orbits at constant shadow energy.
//
// The form used here, for every landscape, with η = h²/m and H = ∇²f:
//
//	H̃ = [m|v|² − ½(1−μ)h²·vᵀHv]/(1+μ) + f − μ/(1+μ)·h·v·∇f
//	   + (h²/12)·[ |∇f|²/m + (2vᵀHv − (1−μ)η|Hv|²)/(1+μ) − 2μ/(1+μ)·(h/m)·vᵀH∇f ]
//
// How it is derived (each claim is checked in shadow_test.go):
//
//   - Frictionless (μ = 1) on a quadratic, E₁ = ½m|v|² + f − (h/2)v·∇f is
//     exactly ½m·v_k·v_{k+1} + f(x_k), and stepping once turns that into
//     ½m·v_{k+1}·v_{k+2} + f(x_{k+1}): E₁ is invariant. It is the first
//     correction of the modified Hamiltonian of symplectic Euler, H − (h/2)H_p·H_q.
//   - The next term, (h²/12)(H_pp(H_q,H_q) + H_qq(H_p,H_p)) =
//     (h²/12)(|∇f|²/m + vᵀHv), cuts the drift on curved landscapes, but on a
//     quadratic of curvature λ it equals (ηλ/6)·(½m|v|² + f) = (ηλ/6)·H, not
//     a multiple of the invariant E₁, so alone it would break exactness. Writing
//     it as (ηλ/6)·E₁ instead adds −(h³/12m)vᵀH∇f, a term of higher order that
//     makes the sum exactly invariant on every quadratic. Rewritten with the
//     half-step velocity u = v − (h/2m)∇f it is Störmer–Verlet's modified
//     energy ½m|u|² + f + h²(uᵀHu/12 − |∇f|²/(24m)) up to an O(h⁴) term,
//     so on curved landscapes the error is O(h⁴), not O(h²).
//   - With friction (μ < 1) the damped map on one eigendirection (s = ηλ)
//     decreases Q = ½k·m|v|² + f − ½b·h·v·∇f exactly when
//     k = (2 − s(1−μ))/(1+μ) and b = 2μ/(1+μ): then
//     ΔQ = −hε·(1 + μ − s/2)/(1+μ)·|v|², which is negative for every stable
//     step (s < 2(1+μ)) and tends to the continuous dE/dt = −ε|v|² as h → 0.
//     Summed over the eigendirections (s·|v|² becomes η·vᵀHv) that is the
//     first line above; the second line is the same (ηλ/6) scaling as for the frictionless ball, so
//     each direction's share falls by (1 + ηλ/6)·ΔQ. At μ = 1 both lines reduce
//     to the frictionless form.
//
// What is left with friction. The two lines are exact on quadratics; on a
// curved landscape the damped ball's H̃ can still rise by a residual of
// order Δt³(1−μ)·∇³f[g,g,g], largest where the ball turns (v ≈ 0, the
// force all there is). The first step from rest shows it. In 1-D with
// λ = f”, κ = f”' and g = f' at the start, one step moves the ball by
// d = −ηg; Taylor-expanding f, f' and f” at x₀ + d in d, every term
// without κ cancels (the quadratic exactness above) and, for a cubic f
// (where the expansion ends),
//
//	ΔH̃ = η³g³κ·[12(1−μ) + 4ηλ − (3−μ)η²κg]/(48(1+μ))
//	   = η³(1−μ)/(4(1+μ))·f'''[g,g,g] + O(η⁴),
//
// which is O(η⁴) at μ = 1 (the frictionless ball) and, odd in g, a rise or
// a fall depending on whether the slope steepens or flattens behind the
// ball. Relative to the ball's height it is O(η²), which is why the
// catalog's defaults keep it below 5e-5 of it (TestDefaultsEnergyTellsTheTruth).
//
// Gradient flow has no mass and no kinetic energy: its energy is f.
func ShadowEnergy(dt, mass, mu float64, v Vec, f float64, g Vec, h landscapes.Sym) float64 {
	hv := h.MulVec(v)
	vhv := v.Dot(hv)
	eta := dt * dt / mass
	k := 1 + mu
	q := (mass*v.Dot(v)-0.5*(1-mu)*dt*dt*vhv)/k + f - mu/k*dt*v.Dot(g)
	return q + dt*dt/12*(g.Dot(g)/mass+(2*vhv-(1-mu)*eta*hv.Dot(hv))/k-2*mu/k*dt/mass*hv.Dot(g))
}
