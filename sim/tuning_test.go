package sim

import (
	"math"
	"strings"
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
		t       Tuning
		methods []Method
		ok      bool
	}{
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 0}}, []Method{Heavy, Damped}, true},
		// The massless ball moves at −∇f/ε: it needs friction.
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 0}}, []Method{Flow}, false},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 0}}, nil, false},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 0, Friction: 0}}, []Method{Heavy}, false},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: -1}}, nil, false},
		// Δtε = m is μ = 0, the boundary: allowed; beyond it friction
		// would reverse the velocity, whichever method runs.
		{Tuning{Physical: Params{Dt: 0.1, Mass: 0.1, Friction: 1}}, nil, true},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 0.1, Friction: 1.5}}, nil, false},
		{Tuning{Physical: Params{Dt: 0.1, Mass: 0.1, Friction: 1.5}}, []Method{Heavy}, false},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: 0}, nil, true},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: 1}, nil, false},
		{Tuning{Optimizer: true, LR: 0.1, Momentum: -0.01}, nil, false},
		{Tuning{Optimizer: true, LR: 0, Momentum: 0.5}, nil, false}, // m = 1/η is infinite
	}
	for _, c := range cases {
		if err := c.t.Valid(c.methods...); (err == nil) != c.ok {
			t.Errorf("%+v %v: Valid() = %v, want ok %v", c.t, c.methods, err, c.ok)
		}
	}
}

// The errors say why, with the numbers: the reversal bound names Δt·ε/m
// and the largest ε allowed, flow the friction it needs.
func TestParamErrorsSayWhy(t *testing.T) {
	err := Params{Dt: 0.1, Mass: 0.1, Friction: 1.5}.Validate()
	want := "friction 1.5 is too much for Δt 0.1 and m 0.1: Δt·ε/m = 1.5 > 1 would reverse the velocity each step (μ = 1 − Δt·ε/m must be ≥ 0); want ε ≤ m/Δt = 1"
	if err == nil || err.Error() != want {
		t.Errorf("reversal: %v\nwant %s", err, want)
	}
	err = Params{Dt: 0.1, Mass: 1}.ValidFor(Flow)
	if pe, ok := err.(ParamError); !ok || pe.Param != "friction" || !strings.Contains(pe.Error(), "flow: the massless ball needs friction ε > 0") {
		t.Errorf("flow without friction: %v", err)
	}
}

// From no friction the first step up lands on μ = 0.99; steps up stop on
// μ = 0 exactly (never past it, where friction would reverse the velocity)
// and steps down divide ε exactly, never reaching 0.
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
	for i := 0; p.Momentum() > 1e-12; i++ {
		before := p.Friction
		FrictionUp(&p, 1.25)
		if p.Momentum() < 0 {
			t.Fatalf("up from ε %v gave μ %v < 0", before, p.Momentum())
		}
		if p.Momentum() > 1e-12 && p.Friction != before*1.25 {
			t.Fatalf("up from ε %v gave %v", before, p.Friction)
		}
		if i > 100 {
			t.Fatal("friction never reached μ = 0")
		}
	}
	if err := p.Validate(); err != nil || math.Abs(p.Friction-p.Mass/p.Dt) > 1e-15*p.Friction {
		t.Errorf("stopped at ε %v (%v), want m/Δt = %v", p.Friction, err, p.Mass/p.Dt)
	}
	// One more step up from the boundary crosses it, and Validate says so.
	FrictionUp(&p, 1.25)
	if err := p.Validate(); err == nil {
		t.Errorf("ε %v (μ %v) passed Validate", p.Friction, p.Momentum())
	}
	for range 200 {
		before := p.Friction
		FrictionDown(&p, 1.25)
		if p.Friction != before/1.25 || !(p.Friction > 0) {
			t.Fatalf("down from ε %v gave %v", before, p.Friction)
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

// The split is f, H̃ − f and H̃, with H̃ written out on the bowl
// (f = |x|²/2, ∇f = x, ∇²f = I) from ShadowEnergy's formula: for the heavy
// ball (μ = 1) ½m|v|² + f − (h/2)v·x + (h²/12)(|x|²/m + |v|² − (h/m)v·x);
// for the damped ball with μ = 1 − hε/m the general form; for flow f alone.
func TestEnergySplit(t *testing.T) {
	l := mustLandscape(t, "bowl")
	p := Params{Dt: 0.1, Mass: 2, Friction: 1}
	pt := NewParticle(l, Vec{X: 1, Y: -2})
	pt.Vel = Vec{X: 3, Y: 4}
	x, v, h, m := pt.Pos, pt.Vel, p.Dt, p.Mass
	xx, vv, vx := x.Dot(x), v.Dot(v), v.Dot(x)
	mu := 1 - h*p.Friction/m
	want := map[Method]float64{
		Flow:  2.5,
		Heavy: 0.5*m*vv + 2.5 - h/2*vx + h*h/12*(xx/m+vv-h/m*vx),
		Damped: (m*vv-0.5*(1-mu)*h*h*vv)/(1+mu) + 2.5 - mu/(1+mu)*h*vx +
			h*h/12*(xx/m+(2*vv-(1-mu)*h*h/m*vv)/(1+mu)-2*mu/(1+mu)*h/m*vx),
	}
	for _, meth := range Methods {
		k, f, total := EnergySplit(l, meth, p, &pt)
		if f != 2.5 || relErr(total, want[meth]) > 1e-15 || math.Abs(k-(total-f)) > 0 || Energy(l, meth, p, &pt) != total {
			t.Errorf("%s: %v + %v = %v; want f 2.5, total %v", meth.Name(), k, f, total, want[meth])
		}
	}
}
