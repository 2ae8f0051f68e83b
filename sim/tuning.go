package sim

import (
	"fmt"
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

// Tuning is how the user set the parameters: physically (Δt, m, ε), shared
// by every method, or as an optimizer (η, μ), which maps to different
// physical parameters for each method (see FromOptimizer). Keeping the
// choice lets one set of flags give each racer its own exact parameters.
type Tuning struct {
	Physical Params
	// Optimizer is true when LR and Momentum were given instead of Physical.
	Optimizer    bool
	LR, Momentum float64
}

// For returns the physical parameters method m runs with. The optimizer
// view maps to one physical system for every method (see FromOptimizer);
// each method then reads the parameters it uses.
func (t Tuning) For(m Method) Params {
	if t.Optimizer {
		return FromOptimizer(t.LR, t.Momentum)
	}
	return t.Physical
}

// Scaled returns the tuning with change applied to the physical parameters.
// In the optimizer view the change is made to the ball that view describes
// (Δt = 1, m = 1/η, ε = (1−μ)/η) and read back as a new η = Δt²/m and
// μ = 1 − Δtε/m, so the view stays an optimizer view with Δt = 1.
func (t Tuning) Scaled(change func(*Params)) Tuning {
	if t.Optimizer {
		p := FromOptimizer(t.LR, t.Momentum)
		change(&p)
		t.LR, t.Momentum = p.LR(), p.Momentum()
		return t
	}
	change(&t.Physical)
	return t
}

// Valid reports why a tuning cannot be run by the given methods (every
// method when none is given, as in the simulator, which can switch to any),
// or nil: the optimizer view needs 0 ≤ μ < 1, and each method's parameters
// must be in its domain (see Params.ValidFor).
func (t Tuning) Valid(methods ...Method) error {
	if t.Optimizer && !(t.Momentum >= 0 && t.Momentum < 1) {
		return fmt.Errorf("μ would be %.4g; the optimizer view needs 0 ≤ μ < 1", t.Momentum)
	}
	if len(methods) == 0 {
		methods = Methods
	}
	for _, meth := range methods {
		if err := t.For(meth).ValidFor(meth); err != nil {
			return err
		}
	}
	return nil
}

// frictionStart is 1 − μ of the first step up from no friction: multiplying
// 0 would stay 0.
const frictionStart = 0.01

// FrictionUp multiplies the friction by factor, or from none sets it to
// μ = 0.99. A step that would pass μ = 0 (friction reversing the velocity)
// stops on it; from μ = 0 itself it goes past, and Validate refuses it
// with the reason.
func FrictionUp(p *Params, factor float64) {
	if p.Friction == 0 {
		p.Friction = frictionStart * p.Mass / p.Dt
		return
	}
	limit := p.Mass / p.Dt // μ = 0
	if p.Friction < limit && p.Friction*factor > limit {
		p.Friction = limit
		for p.Momentum() < 0 { // m/Δt may round up by an ulp
			p.Friction = math.Nextafter(p.Friction, 0)
		}
		return
	}
	p.Friction *= factor
}

// FrictionDown divides the friction by factor. It never reaches 0: the
// massless ball (flow) needs ε > 0, and a ball with mass at tiny ε already
// moves like the frictionless one.
func FrictionDown(p *Params, factor float64) {
	p.Friction /= factor
}

// SnapCritical tunes Tunable to critical damping of the stiffest direction
// of the Hessian h at its current η: μ = (1 − √(ηλ₂))², keeping Δt (or the
// optimizer view). It returns the new tuning and the (η, μ) it performs.
func (t Tuning) SnapCritical(h landscapes.Sym) (next Tuning, eta, mu float64, err error) {
	_, l2, _ := h.Eigen()
	eta = t.For(Tunable).LR()
	mu, ok := CriticalMomentum(eta, l2)
	if !ok {
		return t, 0, 0, fmt.Errorf("no critical μ: ηλ₂ = %.3g is outside (0, 4)", eta*l2)
	}
	return t.snapped(eta, mu), eta, mu, nil
}

// SnapPolyak tunes Tunable to Polyak's optimal η and μ for the local
// quadratic with Hessian h, keeping Δt (or the optimizer view).
func (t Tuning) SnapPolyak(h landscapes.Sym) (next Tuning, eta, mu float64, err error) {
	l1, l2, _ := h.Eigen()
	eta, mu, err = PolyakOptimal(l1, l2)
	if err != nil {
		return t, 0, 0, err
	}
	return t.snapped(eta, mu), eta, mu, nil
}

// snapped is the tuning that gives Tunable η and μ: in the optimizer view
// those numbers; physically Δt kept and m, ε from ParamsFor.
func (t Tuning) snapped(eta, mu float64) Tuning {
	if t.Optimizer {
		return Tuning{Optimizer: true, LR: eta, Momentum: mu}
	}
	return Tuning{Physical: ParamsFor(eta, mu, t.For(Tunable).Dt)}
}
