package sim

import (
	"fmt"
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

// Near a point the loss is almost quadratic, and along each eigenvector of
// the Hessian (curvature λ) momentum SGD reduces to the scalar recurrence
//
//	e_{k+1} = (1 + μ − ηλ)·e_k − μ·e_{k−1},
//
// whose behaviour is fixed by the roots σ of σ² − (1+μ−ηλ)σ + μ = 0. The
// error along that direction shrinks by max|σ| per step. This file turns
// (η, μ, λ) into those roots so the UI can say why a ball spirals, creeps or
// flies off, and suggest parameters, without running anything.

// Regime names the shape of the motion along one curvature direction.
type Regime int

const (
	// Underdamped: complex roots. The error spirals in, overshooting the
	// minimum, at rate √μ whatever the step: more momentum means slower decay.
	Underdamped Regime = iota
	// Critical: a double root. At this curvature no other momentum decays
	// faster, which is why Polyak's tuning puts both extreme directions here.
	Critical
	// Overdamped: two distinct real roots. The larger one, close to 1 for
	// small steps, makes the ball creep.
	Overdamped
	// Unstable: ηλ has reached its limit 2(1+μ), or a root lies outside the
	// unit circle: the error does not decay. Smaller η or μ would fix it.
	Unstable
	// NoMinimum: λ ≤ 0, the landscape is flat or curves down along this
	// direction. The error cannot decay for any η and μ, so unlike Unstable
	// there is no parameter to blame.
	NoMinimum
	// Undamped: complex roots on the unit circle (μ = 1, no friction). The
	// ball orbits forever: neither spiralling in, as underdamped does, nor
	// out. It is the ε = 0 end of the underdamped family, named apart
	// because "underdamped" would promise a decay that never comes.
	Undamped
	// NoLinearRate: the method's step is not linear in its state (Adam
	// divides by running averages of the gradient), so no characteristic
	// polynomial gives it a rate.
	NoLinearRate
)

func (r Regime) String() string {
	switch r {
	case Underdamped:
		return "underdamped"
	case Critical:
		return "critically damped"
	case Overdamped:
		return "overdamped"
	case Unstable:
		return "unstable"
	case NoMinimum:
		return "no minimum"
	case Undamped:
		return "undamped"
	case NoLinearRate:
		return "no linear rate"
	}
	return fmt.Sprintf("Regime(%d)", int(r))
}

// Mode is the linear-stability analysis of one curvature direction.
type Mode struct {
	Eta, Mu, Lambda float64
	// Roots of σ² − (1+μ−ηλ)σ + μ, the dominant one (largest |σ|) first;
	// complex roots are listed with the positive imaginary part first. With
	// μ = 0 (gradient descent) they are 1−ηλ and 0: the memory root vanishes.
	Roots [2]complex128
	// Contraction is max|σ|, the factor the error shrinks by per step once
	// transients have died. It is exactly √μ for complex roots, and 1 for the
	// frictionless ball, which orbits forever without growing or decaying.
	Contraction float64
	Regime      Regime
	// EtaLambda is ηλ and Limit its stability bound 2(1+μ): shown side by
	// side they tell how close the step is to blowing up.
	EtaLambda, Limit float64
}

// Converges reports whether the error along this direction decays.
func (m Mode) Converges() bool { return m.Contraction < 1 }

// Alternates reports whether the dominant root is real and negative: the
// error flips sign every step. That is gradient descent's zig-zag across a
// ravine, which is not an underdamped oscillation (that has complex roots and
// a period of many steps).
func (m Mode) Alternates() bool { return imag(m.Roots[0]) == 0 && real(m.Roots[0]) < 0 }

// criticalTol is the relative size of the discriminant treated as zero. A
// double root is a single point in (η, μ), and parameters snapped to it (by
// CriticalMomentum or PolyakOptimal) hit it only up to rounding, which
// leaves a discriminant of a few ulps of (1+μ−ηλ)² with either sign.
const criticalTol = 1e-12

// Direction analyses one direction of curvature λ under learning rate η and
// momentum μ. Inputs are meant to be finite; a NaN yields Unstable.
func Direction(eta, mu, lambda float64) Mode {
	s := eta * lambda
	a := 1 + mu - s // sum of the roots; μ is their product
	m := Mode{Eta: eta, Mu: mu, Lambda: lambda, EtaLambda: s, Limit: StabilityLimit(mu)}
	var disc float64
	m.Roots, m.Contraction, disc = quadraticRoots(a, mu)
	double := disc == 0
	switch {
	case lambda <= 0:
		m.Regime = NoMinimum
	case !(s < m.Limit) || !(m.Contraction <= 1):
		m.Regime = Unstable
	case double:
		m.Regime = Critical
	case disc < 0 && mu == 1:
		m.Regime = Undamped
	case disc < 0:
		m.Regime = Underdamped
	default:
		m.Regime = Overdamped
	}
	return m
}

// quadraticRoots returns the roots of z² − a z + b, dominant first, the
// modulus of the dominant one, and the discriminant a² − 4b, which is exactly
// 0 when it lies within criticalTol of zero (a double root). Direction and
// NesterovDirection share it; they differ only in their a and b.
func quadraticRoots(a, b float64) (roots [2]complex128, contraction, disc float64) {
	disc = a*a - 4*b
	switch {
	case math.Abs(disc) <= criticalTol*max(a*a, 4*math.Abs(b)):
		r := complex(a/2, 0)
		return [2]complex128{r, r}, math.Abs(a / 2), 0
	case disc < 0: // only possible with b > 0
		re, im := a/2, math.Sqrt(-disc)/2
		return [2]complex128{complex(re, im), complex(re, -im)}, math.Sqrt(b), disc
	}
	// The root with the sign of a has the larger modulus; get the other from
	// the product b rather than by subtraction, which would cancel when b is
	// small (gradient descent's second root must be 0, not 1e-17).
	big := (a + math.Copysign(math.Sqrt(disc), a)) / 2
	small := 0.0
	if big != 0 {
		small = b / big
	}
	return [2]complex128{complex(big, 0), complex(small, 0)}, math.Abs(big), disc
}

// Modes analyses both eigen-directions of the Hessian h for method meth with
// physical parameters p, smallest curvature first. It goes through
// OptimizerOf so that each method is judged as the optimizer it really is.
//
// Each method analyses with its own characteristic polynomial (Direction,
// NesterovDirection). A method with none (Adam, see Method.Linear) gets
// modes with the regime NoLinearRate and a NaN contraction.
func Modes(meth Method, p Params, h landscapes.Sym) [2]Mode {
	eta, mu := OptimizerOf(meth, p)
	l1, l2, _ := h.Eigen()
	dir := methodTable[meth].direction
	if dir == nil {
		dir = noLinearRate
	}
	return [2]Mode{dir(eta, mu, l1), dir(eta, mu, l2)}
}

// noLinearRate is the "analysis" of a method whose step is not linear in
// its state: only ηλ is known.
func noLinearRate(eta, mu, lambda float64) Mode {
	return Mode{Eta: eta, Mu: mu, Lambda: lambda, EtaLambda: eta * lambda, Limit: math.NaN(),
		Contraction: math.NaN(), Regime: NoLinearRate}
}

// OptimizerOf returns the (η, μ) that method meth with parameters p
// performs. Params.LR and Params.Momentum describe the ball with mass; they
// do not apply to gradient flow, the massless ball, which is gradient
// descent with η = Δt/ε and no memory (μ = 0), whatever m says. The heavy
// ball ignores ε: μ = 1.
func OptimizerOf(meth Method, p Params) (eta, mu float64) {
	return methodTable[meth].optimizer(p)
}

// StabilityLimit is the largest ηλ at which momentum μ still converges,
// 2(1+μ): beyond it the dominant root passes −1.
func StabilityLimit(mu float64) float64 { return 2 * (1 + mu) }

// CriticalCurves are the two values of ηλ at which momentum μ (0 ≤ μ ≤ 1)
// has a double root, lo = (1 − √μ)² and hi = (1 + √μ)²: the discriminant
// (1+μ−ηλ)² − 4μ vanishes there. Between them the roots are complex and the
// motion is underdamped.
func CriticalCurves(mu float64) (lo, hi float64) {
	s := math.Sqrt(mu)
	return (1 - s) * (1 - s), (1 + s) * (1 + s)
}

// CriticalMomentum returns the momentum μ = (1 − √(ηλ))² that gives the
// direction of curvature λ a double root σ = 1 − √(ηλ): the fastest decay
// that step size allows along it. Of the two momenta with a double root,
// (1 ± √(ηλ))², only this one can converge. ok is false unless
// 0 < ηλ < 4, the range where |σ| < 1. For 1 < ηλ < 4 the double root is
// negative: the step overshoots and the error flips sign each step while it
// decays; at ηλ = 1 the momentum is 0 and gradient descent lands in one step.
func CriticalMomentum(eta, lambda float64) (mu float64, ok bool) {
	s := eta * lambda
	if !(s > 0 && s < 4) {
		return 0, false
	}
	r := 1 - math.Sqrt(s)
	return r * r, true
}

// PolyakOptimal returns Polyak's tuning for a quadratic with curvatures
// between l1 and l2 (either order): η = 4/(√λ1+√λ2)², μ = ((√κ−1)/(√κ+1))²
// with κ = λ2/λ1. It puts both extreme directions on a double root of the
// same modulus (√κ−1)/(√κ+1), which minimises the slowest direction's rate.
// The formula needs a strict local minimum; where the Hessian is not
// positive definite the error says so rather than returning nonsense.
func PolyakOptimal(l1, l2 float64) (eta, mu float64, err error) {
	if l1 > l2 {
		l1, l2 = l2, l1
	}
	switch {
	case math.IsNaN(l1) || math.IsNaN(l2) || math.IsInf(l1, 0) || math.IsInf(l2, 0):
		return 0, 0, fmt.Errorf("the curvatures λ₁ = %v, λ₂ = %v are not finite numbers", l1, l2)
	case l1 < 0:
		return 0, 0, fmt.Errorf("the landscape curves down here (λ₁ = %.3g): there is no local quadratic minimum to tune for", l1)
	case l1 == 0:
		return 0, 0, fmt.Errorf("the landscape is flat along one direction here (λ₁ = 0): there is no local quadratic minimum to tune for")
	}
	r1, r2 := math.Sqrt(l1), math.Sqrt(l2)
	eta = 4 / ((r1 + r2) * (r1 + r2))
	q := (r2 - r1) / (r2 + r1) // (√κ−1)/(√κ+1) without dividing by a tiny λ1 first
	return eta, q * q, nil
}

// ParamsFor returns the physical parameters with time step dt that perform
// momentum SGD with learning rate η and momentum μ: m = Δt²/η and
// ε = (1−μ)m/Δt. Keeping Δt lets the UI snap to a suggested (η, μ) without
// changing how far the ball moves per frame, only its mass and friction.
// μ > 1 gives a negative friction, which Params.Validate rejects.
func ParamsFor(eta, mu, dt float64) Params {
	m := dt * dt / eta
	return Params{Dt: dt, Mass: m, Friction: (1 - mu) * m / dt}
}
