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
	// Adaptive are the adaptive methods' β₂ and δ in either view (zero:
	// PyTorch's defaults); For puts them into every Params it returns.
	Adaptive Adaptive
}

// For returns the physical parameters method m runs with. The optimizer
// view maps to one physical system for every method (see FromOptimizer);
// each method then reads the parameters it uses.
func (t Tuning) For(m Method) Params {
	p := t.Physical
	if t.Optimizer {
		p = FromOptimizer(t.LR, t.Momentum)
	}
	p.Adaptive = t.Adaptive
	return p
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

// Snap is what a snap chose: the new tuning, the (η, μ) it performs and a
// note saying what was chosen and why, for the simulator to show.
type Snap struct {
	Tuning  Tuning
	Eta, Mu float64
	Note    string
}

// SnapCritical tunes Tunable, at its current η, to the fastest decay that
// η allows on the local quadratic with Hessian h, keeping Δt (or the
// optimizer view).
//
// Critical damping of the flattest direction, μ = (1 − √(ηλ₁))², makes its
// decay 1 − √(ηλ₁) = √μ, the fastest any μ gives the slowest direction; every
// stiffer direction is then underdamped and decays at √μ too, as long as
// ηλ₂ ≤ (1 + √μ)², that is √(ηλ₁) + √(ηλ₂) ≤ 2 (η at most Polyak's). For a
// larger η that μ leaves the stiff direction overdamped with a negative
// root, slower than √μ or past the limit 2(1+μ); the best μ is then the
// stiff direction's own critical point on the other side,
// μ = (√(ηλ₂) − 1)², where it alternates at √μ and the flat direction is
// underdamped at √μ: a smaller μ makes the stiff direction slower, a larger
// one every direction. It is stable with a margin (ηλ₂ is (1−√μ)² below the
// limit) while ηλ₂ < 4; beyond that no μ < 1 is stable and the error says
// to lower η.
func (t Tuning) SnapCritical(h landscapes.Sym) (Snap, error) {
	l1, l2, _ := h.Eigen()
	eta := t.For(Tunable).LR()
	s2 := eta * l2
	switch {
	case !(l1 > 0):
		return Snap{}, fmt.Errorf("no critical μ here: the landscape is flat or curves down along one direction (λ₁ = %.3g)", l1)
	case !(s2 < 4):
		return Snap{}, fmt.Errorf("no stable μ at this η: ηλ₂ = %.3g ≥ 4 is past every μ < 1's limit 2(1+μ); lower η first", s2)
	}
	mu, _ := CriticalMomentum(eta, l1)
	note := fmt.Sprintf("flattest direction critical, ρ %.4g", math.Sqrt(mu))
	if hi := math.Sqrt(s2) - 1; hi > math.Sqrt(mu) {
		why := "slower"
		if s2 >= StabilityLimit(mu) {
			why = "unstable"
		}
		note = fmt.Sprintf("stiff direction critical (alternates), ρ %.4g; flattest-critical μ %.4g would be %s", hi, mu, why)
		mu = hi * hi
	}
	return t.snap(eta, mu, note), nil
}

// SnapPolyak tunes Tunable to Polyak's optimal η and μ for the local
// quadratic with Hessian h, keeping Δt (or the optimizer view).
func (t Tuning) SnapPolyak(h landscapes.Sym) (Snap, error) {
	l1, l2, _ := h.Eigen()
	eta, mu, err := PolyakOptimal(l1, l2)
	if err != nil {
		return Snap{}, err
	}
	return t.snap(eta, mu, fmt.Sprintf("Polyak's optimum: both extreme directions critical, ρ %.4g", math.Sqrt(mu))), nil
}

// snap is the Snap that gives Tunable η and μ, with the note after the
// numbers.
func (t Tuning) snap(eta, mu float64, note string) Snap {
	return Snap{Tuning: t.snapped(eta, mu), Eta: eta, Mu: mu,
		Note: fmt.Sprintf("snapped: η %.4g, μ %.4g: %s", eta, mu, note)}
}

// snapped is the tuning that gives Tunable η and μ: in the optimizer view
// those numbers; physically Δt kept and m, ε from ParamsFor.
func (t Tuning) snapped(eta, mu float64) Tuning {
	if t.Optimizer {
		return Tuning{Optimizer: true, LR: eta, Momentum: mu, Adaptive: t.Adaptive}
	}
	return Tuning{Physical: ParamsFor(eta, mu, t.For(Tunable).Dt), Adaptive: t.Adaptive}
}

// Knobs are the optimizer's two settings the tuning gives Tunable: its
// learning rate η = Δt²/m and momentum μ = 1 − Δtε/m (in the optimizer view,
// the numbers given).
func (t Tuning) Knobs() (eta, mu float64) {
	if t.Optimizer {
		return t.LR, t.Momentum
	}
	return OptimizerOf(Tunable, t.Physical)
}

// LRScaled returns the tuning with η multiplied by factor and μ kept, as
// the optimizer view's η keys change it. Physically Δt stays: η = Δt²/m
// scales by dividing m by factor, and ε with it, so that Δtε/m, which is
// 1 − μ, is unchanged.
func (t Tuning) LRScaled(factor float64) Tuning {
	if t.Optimizer {
		t.LR *= factor
		return t
	}
	t.Physical.Mass /= factor
	t.Physical.Friction /= factor
	return t
}

// MomentumUp returns the tuning with μ raised and η kept: 1 − μ, the share
// of velocity friction takes per step, divided by factor. μ approaches 1
// and never reaches it (the frictionless ball is the heavy ball's).
func (t Tuning) MomentumUp(factor float64) Tuning {
	_, mu := t.Knobs()
	return t.withMomentum(1 - (1-mu)/factor)
}

// MomentumDown returns the tuning with μ lowered and η kept: 1 − μ
// multiplied by factor, or, from μ = 1 (no friction, where that would stay
// 1), μ = 0.99. A step that would pass μ = 0 stops on it; from μ = 0 itself
// it goes past, and Valid refuses it with the reason, as FrictionUp does.
func (t Tuning) MomentumDown(factor float64) Tuning {
	_, mu := t.Knobs()
	next := 1 - (1-mu)*factor
	switch {
	case mu >= 1:
		next = 1 - frictionStart
	case mu > 0 && next < 0:
		next = 0
	}
	return t.withMomentum(next)
}

// withMomentum sets μ keeping η: in the optimizer view the number, else the
// friction ε = (1 − μ)m/Δt at the same Δt and m. μ = 0 is kept at or above
// 0 although m/Δt may round up by an ulp.
func (t Tuning) withMomentum(mu float64) Tuning {
	if t.Optimizer {
		t.Momentum = mu
		return t
	}
	p := &t.Physical
	p.Friction = (1 - mu) * p.Mass / p.Dt
	if mu >= 0 {
		for p.Momentum() < 0 {
			p.Friction = math.Nextafter(p.Friction, 0)
		}
	}
	return t
}
