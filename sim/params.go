package sim

import (
	"github.com/momentum-sim/momentum/landscapes"

	"fmt"
	"math"
)

// Params are the physical parameters: the time step Δt, the mass m and the
// friction ε. Flow, the massless ball, reads Δt and ε; the heavy ball ignores ε.
type Params struct {
	Dt, Mass, Friction float64
	// Adaptive holds the adaptive methods' β₂ and δ; the others ignore it.
	Adaptive Adaptive
}

// Adaptive are the hyperparameters of the adaptive methods beyond (η, μ):
// β₂, the memory of the running average of the squared gradient (RMSprop
// calls it α; Adagrad, which sums, has none), and δ, added to its root so
// that a zero gradient does not divide by zero. Zero stands for PyTorch's
// default of the method (Adam: β₂ = 0.999, δ = 1e-8; RMSprop: α = 0.99,
// ε = 1e-8; Adagrad: ε = 1e-10), so the zero value is PyTorch's optimizer,
// and the command line only accepts β₂ in (0, 1) and δ > 0.
type Adaptive struct {
	Beta2, Eps float64
}

// PyTorch's defaults, which the zero Adaptive stands for: Adam's β₂ and
// δ; RMSprop's α (its β₂) and ε; Adagrad's ε.
const (
	DefaultBeta2      = 0.999
	DefaultAdamEps    = 1e-8
	DefaultRMSAlpha   = 0.99
	DefaultRMSEps     = 1e-8
	DefaultAdagradEps = 1e-10
)

// or returns β₂ and δ with a method's defaults filled in where zero.
func (a Adaptive) or(beta2, eps float64) (float64, float64) {
	if a.Beta2 != 0 {
		beta2 = a.Beta2
	}
	if a.Eps != 0 {
		eps = a.Eps
	}
	return beta2, eps
}

// LR is the learning rate η = Δt²/m of the equivalent momentum optimizer.
func (p Params) LR() float64 { return p.Dt * p.Dt / p.Mass }

// Momentum is μ = 1 − Δt ε/m of the equivalent momentum optimizer.
func (p Params) Momentum() float64 { return 1 - p.Dt*p.Friction/p.Mass }

// EMA returns α and β of the exponential-moving-average form
// p ← αp + (1−α)∇f, x ← x − βp: α = 1 − Δtε/m = μ and β = Δt/ε.
// With no friction the average never forgets (α = 1) and β is infinite,
// which is why the heavy ball has no EMA form; ok is false then.
func (p Params) EMA() (alpha, beta float64, ok bool) {
	if p.Friction == 0 || p.Momentum() == 1 {
		return 1, math.Inf(1), false
	}
	return p.Momentum(), p.Dt / p.Friction, true
}

// Coeffs are the numbers in one step. For the linear methods (and
// Nesterov) v ← A·v − B·∇f, x ← x + Δt·v; Adam reads A as β₁, B as η and
// Beta2, Eps as β₂ and δ (see adamStep).
type Coeffs struct{ A, B, Dt, Beta2, Eps float64 }

// Coeffs returns the step coefficients of method m (see its table entry).
func (p Params) Coeffs(m Method) Coeffs { return methodTable[m].coeffs(p) }

// ParamError is a parameter outside its domain. Param is "dt", "mass" or
// "friction"; Why says what is wrong with Value ("is not allowed" when
// empty) and Want what is accepted. The command line words it as a flag,
// the simulator as a note.
type ParamError struct {
	Param string
	Value float64
	Why   string
	Want  string
	// Short, when set, is the same reason in a few words with rounded
	// numbers, for the simulator's narrow panel (Note).
	Short string
}

// Note is the reason as the simulator shows it after a refused key: Short
// when there is one, else the whole error.
func (e ParamError) Note() string {
	if e.Short != "" {
		return e.Short
	}
	return e.Error()
}

// Reason is Why, or "is not allowed" when it is empty.
func (e ParamError) Reason() string {
	if e.Why == "" {
		return "is not allowed"
	}
	return e.Why
}

func (e ParamError) Error() string {
	return fmt.Sprintf("%s %v %s; want %s", e.Param, e.Value, e.Reason(), e.Want)
}

// Validate reports the first parameter outside its domain as a ParamError.
// Besides each parameter's own range, friction must not reverse the
// velocity: one damped step multiplies it by μ = 1 − Δtε/m before the force
// acts, and μ < 0 would flip it every step, so that more friction makes the
// ball fly off instead of settle. Every method shares the physical
// parameters (the simulator can switch between them), so the bound holds
// whichever method runs.
func (p Params) Validate() error {
	switch {
	case !(p.Dt > 0) || math.IsInf(p.Dt, 0):
		return ParamError{Param: "dt", Value: p.Dt, Want: "a finite number > 0"}
	case !(p.Mass > 0) || math.IsInf(p.Mass, 0):
		return ParamError{Param: "mass", Value: p.Mass, Want: "a finite number > 0"}
	case !(p.Friction >= 0) || math.IsInf(p.Friction, 0):
		return ParamError{Param: "friction", Value: p.Friction, Want: "a finite number ≥ 0"}
	case !(p.Adaptive.Beta2 >= 0 && p.Adaptive.Beta2 < 1):
		return ParamError{Param: "beta2", Value: p.Adaptive.Beta2, Want: "a number in (0, 1)"}
	case !(p.Adaptive.Eps >= 0) || math.IsInf(p.Adaptive.Eps, 0):
		return ParamError{Param: "adam-eps", Value: p.Adaptive.Eps, Want: "a finite number > 0"}
	case p.Momentum() < 0:
		r := p.Dt * p.Friction / p.Mass
		return ParamError{Param: "friction", Value: p.Friction,
			Why: fmt.Sprintf("is too much for Δt %v and m %v: Δt·ε/m = %.4g > 1 would reverse the velocity each step (μ = 1 − Δt·ε/m must be ≥ 0)",
				p.Dt, p.Mass, r),
			Want:  fmt.Sprintf("ε ≤ m/Δt = %.4g", p.Mass/p.Dt),
			Short: fmt.Sprintf("μ would be %.3g < 0: friction would reverse the velocity (needs ε ≤ m/Δt = %.4g)", p.Momentum(), p.Mass/p.Dt)}
	}
	return nil
}

// ValidFor is Validate for method m: gradient flow, the massless ball,
// moves at −∇f/ε, and Adam divides by 1 − β₁ᵗ with β₁ = μ, so both need
// ε > 0 as well.
func (p Params) ValidFor(m Method) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if why := m.spec().needsFriction; why != "" && !(p.Friction > 0) {
		return ParamError{Param: "friction", Value: p.Friction,
			Why:   "is not allowed with " + m.Name() + ": " + why,
			Want:  "a finite number > 0",
			Short: m.spec().needsFrictionShort}
	}
	return nil
}

// FromOptimizer returns the physical parameters that make momentum SGD
// with learning rate η and momentum μ, counting one step as one unit of
// time: Δt = 1, m = 1/η, ε = (1 − μ)/η, so that Δt²/m = η and
// 1 − Δtε/m = μ. The mapping is the same for every method, so the racers
// of an optimizer view are one physical system: the damped ball is
// momentum SGD (η, μ), the heavy ball the same with μ = 1, and flow, which
// moves at Δt/ε = η/(1 − μ) times −∇f, gradient descent with that
// effective step (with μ = 0, plain gradient descent with step η).
func FromOptimizer(lr, momentum float64) Params {
	return Params{Dt: 1, Mass: 1 / lr, Friction: (1 - momentum) / lr}
}

// ParamsOf returns a landscape's default physical parameters as Params
// (with the adaptive methods' defaults).
func ParamsOf(d landscapes.Defaults) Params {
	return Params{Dt: d.Dt, Mass: d.Mass, Friction: d.Friction}
}
