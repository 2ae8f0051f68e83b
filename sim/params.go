package sim

import (
	"fmt"
	"math"
)

// Params are the physical parameters: the time step Δt, the mass m and the
// friction ε. Flow reads only Δt; the heavy ball ignores ε.
type Params struct {
	Dt, Mass, Friction float64
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

// Coeffs are the numbers in one step v ← A·v − B·∇f, x ← x + Δt·v.
type Coeffs struct{ A, B, Dt float64 }

// Coeffs returns the step coefficients of method m (see its table entry).
func (p Params) Coeffs(m Method) Coeffs { return methodTable[m].coeffs(p) }

// ParamError is a parameter outside its domain. Param is "dt", "mass" or
// "friction"; Want says what is accepted. The command line words it as a
// flag, the simulator as a note.
type ParamError struct {
	Param string
	Value float64
	Want  string
}

func (e ParamError) Error() string {
	return fmt.Sprintf("%s %v is not allowed; want %s", e.Param, e.Value, e.Want)
}

// Validate reports the first parameter outside its domain as a ParamError.
func (p Params) Validate() error {
	switch {
	case !(p.Dt > 0) || math.IsInf(p.Dt, 0):
		return ParamError{Param: "dt", Value: p.Dt, Want: "a finite number > 0"}
	case !(p.Mass > 0) || math.IsInf(p.Mass, 0):
		return ParamError{Param: "mass", Value: p.Mass, Want: "a finite number > 0"}
	case !(p.Friction >= 0) || math.IsInf(p.Friction, 0):
		return ParamError{Param: "friction", Value: p.Friction, Want: "a finite number ≥ 0"}
	}
	return nil
}

// FromOptimizer returns the physical parameters that make method m the
// optimizer with learning rate η and momentum μ, counting one step as one
// unit of time:
//   - flow: gradient descent with step η is flow with Δt = η;
//   - heavy: Δt = 1, m = 1/η (μ is 1 by definition);
//   - damped: Δt = 1, m = 1/η, ε = (1 − μ)/η, so Δt²/m = η and 1 − Δtε/m = μ.
func FromOptimizer(m Method, lr, momentum float64) Params {
	return methodTable[m].fromOptimizer(lr, momentum)
}
