package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// In the optimizer view a physical change is made to the ball with
// Δt = 1, m = 1/η, ε = (1−μ)/η and read back through η = Δt²/m,
// μ = 1 − Δtε/m: scaling m by k divides η by k and, with ε fixed, moves
// 1 − μ = Δtε/m to (1 − μ)/k.
func TestTuningScaledOptimizerView(t *testing.T) {
	opt := Tuning{Optimizer: true, LR: 0.1, Momentum: 0.9}
	got := opt.Scaled(func(p *Params) { p.Mass *= 2 })
	if !got.Optimizer || relErr(got.LR, 0.05) > 1e-15 || math.Abs(got.Momentum-0.95) > 1e-15 {
		t.Errorf("mass ×2: η %v, μ %v; want 0.05, 0.95", got.LR, got.Momentum)
	}
	got = opt.Scaled(func(p *Params) { p.Dt *= 2 })
	// Δt = 2: η = 4/m = 4·0.1, 1 − μ = 2ε/m = 2·0.1.
	if relErr(got.LR, 0.4) > 1e-15 || math.Abs(got.Momentum-0.8) > 1e-15 {
		t.Errorf("Δt ×2: η %v, μ %v; want 0.4, 0.8", got.LR, got.Momentum)
	}
	phys := Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 2}}
	if got := phys.Scaled(func(p *Params) { p.Mass *= 2 }); got.Physical != (Params{Dt: 0.1, Mass: 2, Friction: 2}) || got.Optimizer {
		t.Errorf("physical mass ×2: %+v", got)
	}
}

func TestTuningValid(t *testing.T) {
	cases := []struct {
		t  Tuning
		ok bool
	}{
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 0}}, true},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 0, Friction: 0}}, false},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: -1}}, false},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: 0}, true},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: 1}, false},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: -0.01}, false},
		{Tuning{Optimizer: true, LR: 0, Momentum: 0.5}, false}, // m = 1/η is infinite
	}
	for _, c := range cases {
		if err := c.t.Valid(); (err == nil) != c.ok {
			t.Errorf("%+v: Valid() = %v, want ok %v", c.t, err, c.ok)
		}
	}
}

// From no friction the first step up lands on μ = 0.99; steps down snap to
// no friction once μ would pass 0.999, and otherwise divide ε exactly.
func TestFrictionSteps(t *testing.T) {
	p := Params{Dt: 0.08, Mass: 0.5}
	FrictionUp(&p, 1.25)
	if math.Abs(p.Momentum()-0.99) > 1e-15 {
		t.Errorf("from none, up gives μ %v, want 0.99", p.Momentum())
	}
	FrictionUp(&p, 1.25)
	if math.Abs((1-p.Momentum())-0.0125) > 1e-15 {
		t.Errorf("second step up: 1 − μ = %v, want 0.01·1.25", 1-p.Momentum())
	}
	for i := 0; p.Friction != 0; i++ {
		before := p.Friction
		FrictionDown(&p, 1.25)
		if p.Friction != 0 && p.Friction != before/1.25 {
			t.Fatalf("down from ε %v gave %v", before, p.Friction)
		}
		if p.Friction == 0 && !(p.Dt*before/1.25/p.Mass < 1e-3) {
			t.Fatalf("snapped to 0 from 1 − μ = %v", p.Dt*before/p.Mass)
		}
		if i > 100 {
			t.Fatal("friction never reached 0")
		}
	}
}

// The snaps give Tunable the (η, μ) of the formulas, keeping Δt in the
// physical view and the view itself in the optimizer view.
func TestSnaps(t *testing.T) {
	h := landscapes.Sym{XX: 1, YY: 20} // the ravine
	phys := Tuning{Physical: Params{Dt: 0.08, Mass: 0.08, Friction: 0.4}}
	next, eta, mu, err := phys.SnapCritical(h)
	if err != nil {
		t.Fatal(err)
	}
	r := 1 - math.Sqrt(0.08*20)
	if eta != 0.08 || relErr(mu, r*r) > 1e-15 || next.Physical.Dt != 0.08 {
		t.Errorf("critical: η %v, μ %v, Δt %v; want 0.08, (1 − √(ηλ₂))² = %v, 0.08", eta, mu, next.Physical.Dt, r*r)
	}
	if p := next.For(Tunable); relErr(p.LR(), eta) > 1e-15 || math.Abs(p.Momentum()-mu) > 1e-15 {
		t.Errorf("critical tuning performs η %v, μ %v", p.LR(), p.Momentum())
	}
	next, eta, mu, err = Tuning{Optimizer: true, LR: 0.3, Momentum: 0.5}.SnapPolyak(h)
	wantEta := 4 / ((1 + math.Sqrt(20)) * (1 + math.Sqrt(20)))
	q := (math.Sqrt(20) - 1) / (math.Sqrt(20) + 1)
	if err != nil || relErr(eta, wantEta) > 1e-15 || relErr(mu, q*q) > 1e-15 ||
		next != (Tuning{Optimizer: true, LR: eta, Momentum: mu}) {
		t.Errorf("Polyak: %+v η %v μ %v %v; want η %v, μ %v in the optimizer view", next, eta, mu, err, wantEta, q*q)
	}
	if _, _, _, err := phys.SnapCritical(landscapes.Sym{XX: 1, YY: 100}); err == nil {
		t.Error("critical at ηλ₂ = 8: no error")
	}
	if _, _, _, err := phys.SnapPolyak(landscapes.Sym{XX: -1, YY: 1}); err == nil {
		t.Error("Polyak on a saddle: no error")
	}
}

// The curves of the (ηλ, μ) picture are where the discriminant of
// σ² − (1+μ−ηλ)σ + μ vanishes, and where a root reaches −1.
func TestCriticalCurvesAndLimit(t *testing.T) {
	for _, mu := range []float64{0, 0.1, 0.5, 0.9, 1} {
		lo, hi := CriticalCurves(mu)
		for _, s := range []float64{lo, hi} {
			a := 1 + mu - s
			if d := a*a - 4*mu; math.Abs(d) > 1e-12 {
				t.Errorf("μ %v, ηλ %v: discriminant %v, want 0", mu, s, d)
			}
		}
		if !(lo <= hi) {
			t.Errorf("μ %v: lo %v > hi %v", mu, lo, hi)
		}
		l := StabilityLimit(mu)
		// σ = −1 is a root: 1 + (1+μ−ηλ) + μ = 0.
		if r := 1 + (1 + mu - l) + mu; math.Abs(r) > 1e-15 {
			t.Errorf("μ %v: limit %v does not put a root at −1 (%v)", mu, l, r)
		}
	}
}

// The split is ½m|v|², f and their sum for a method with mass, and 0, f, f
// without: gradient flow's velocity is −∇f, not a store of energy.
func TestEnergySplit(t *testing.T) {
	p := Params{Dt: 0.1, Mass: 2, Friction: 1}
	s := State{Vel: Vec{X: 3, Y: 4}}
	for _, meth := range Methods {
		k, f, total := EnergySplit(meth, p, s, 1.5)
		wantK := 0.0
		if meth.HasMass() {
			wantK = 25
		}
		if k != wantK || f != 1.5 || total != wantK+1.5 || Energy(meth, p, s, 1.5) != total {
			t.Errorf("%s: %v + %v = %v; want %v + 1.5", meth.Name(), k, f, total, wantK)
		}
	}
}
