package sim

import (
	"errors"
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

// rhoOf is the slowest direction's max|σ| for the damped ball with p on
// curvatures l1, l2.
func rhoOf(p Params, l1, l2 float64) float64 {
	eta, mu := p.LR(), p.Momentum()
	return max(Direction(eta, mu, l1).Contraction, Direction(eta, mu, l2).Contraction)
}

// k snaps to critical damping of the flattest direction, μ = (1 − √(ηλ₁))²,
// keeping Δt: every direction then decays at √μ = 1 − √(ηλ₁), faster than
// the old snap to the stiffest direction and than the ball before the snap.
func TestSnapCriticalDampsTheFlattestDirection(t *testing.T) {
	h := landscapes.Sym{XX: 1, YY: 20} // the ravine
	for _, c := range []struct {
		p      Params
		before float64 // ρ before the snap, from the issue at the old defaults
	}{
		{Params{Dt: 0.08, Mass: 0.08, Friction: 0.4}, 0.775},
		{ParamsOf(mustLandscape(t, "ravine").Defaults), 0},
	} {
		snap, err := Tuning{Physical: c.p}.SnapCritical(h)
		if err != nil {
			t.Fatal(err)
		}
		eta := c.p.LR()
		r := 1 - math.Sqrt(eta)
		if relErr(snap.Eta, eta) > 1e-15 || relErr(snap.Mu, r*r) > 1e-15 || snap.Tuning.Physical.Dt != c.p.Dt {
			t.Errorf("%+v: η %v, μ %v, Δt %v; want %v, (1 − √(ηλ₁))² = %v, %v", c.p, snap.Eta, snap.Mu, snap.Tuning.Physical.Dt, eta, r*r, c.p.Dt)
		}
		p := snap.Tuning.For(Tunable)
		if md := Direction(p.LR(), p.Momentum(), 1); md.Regime != Critical {
			t.Errorf("%+v: the flattest direction is %v after the snap", c.p, md.Regime)
		}
		rho := rhoOf(p, 1, 20)
		if math.Abs(rho-r) > 1e-7 {
			t.Errorf("%+v: ρ %v after the snap, want 1 − √(ηλ₁) = %v", c.p, rho, r)
		}
		old := 1 - math.Sqrt(eta*20)
		oldRho := rhoOf(ParamsFor(eta, old*old, c.p.Dt), 1, 20)
		if before := max(c.before, rhoOf(c.p, 1, 20)); !(rho <= before && rho < oldRho) {
			t.Errorf("%+v: ρ %v after the snap; before %v, the stiff-direction snap %v", c.p, rho, before, oldRho)
		}
		if !strings.Contains(snap.Note, "flattest direction critical") {
			t.Errorf("note %q", snap.Note)
		}
	}
}

// Near rosenbrock's minimum (λ ≈ 0.4 and 1002) at its defaults the old
// stiff-direction snap needed tens of thousands of steps per e-fold; the
// flattest-direction snap needs 1/(−ln(1 − √(ηλ₁))).
func TestSnapCriticalNearRosenbrocksMinimum(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	h := l.Hess(Vec{X: 1, Y: 1})
	l1, l2, _ := h.Eigen()
	p := ParamsOf(l.Defaults)
	snap, err := Tuning{Physical: p}.SnapCritical(h)
	if err != nil {
		t.Fatal(err)
	}
	efold := func(rho float64) float64 { return -1 / math.Log(rho) }
	got := efold(rhoOf(snap.Tuning.For(Tunable), l1, l2))
	want := efold(1 - math.Sqrt(p.LR()*l1))
	old := 1 - math.Sqrt(p.LR()*l2)
	oldSteps := efold(rhoOf(ParamsFor(p.LR(), old*old, p.Dt), l1, l2))
	if relErr(got, want) > 1e-6 || !(got < oldSteps/10) {
		t.Errorf("%.0f steps per e-fold after the snap, want %.0f; the old snap took %.0f", got, want, oldSteps)
	}
	t.Logf("steps per e-fold: %.0f (the stiff-direction snap: %.0f)", got, oldSteps)
}

// Past Polyak's η (√(ηλ₁) + √(ηλ₂) > 2) critical damping of the flattest
// direction leaves the stiff one slower or unstable; the snap then takes
// μ = (√(ηλ₂) − 1)², the stiff direction's alternating double root, where
// every direction decays at √μ, faster than any other μ at that η (checked
// on a grid). With ηλ₂ ≥ 4 no μ < 1 is stable: an error says to lower η.
func TestSnapCriticalWhenTheStiffDirectionWouldNotKeepUp(t *testing.T) {
	h := landscapes.Sym{XX: 1, YY: 20}
	// Polyak's η is 4/(1 + √20)² ≈ 0.134; at 0.135 the flattest-critical μ
	// is stable but slower, at 0.16 and 0.19 unstable.
	for _, eta := range []float64{0.135, 0.16, 0.19} {
		snap, err := Tuning{Optimizer: true, LR: eta, Momentum: 0.5}.SnapCritical(h)
		if err != nil {
			t.Fatal(err)
		}
		r := math.Sqrt(eta*20) - 1
		if relErr(snap.Mu, r*r) > 1e-14 || !snap.Tuning.Optimizer || relErr(snap.Tuning.LR, eta) > 1e-15 {
			t.Errorf("η %v: %+v, want μ (√(ηλ₂) − 1)² = %v in the optimizer view", eta, snap, r*r)
		}
		stiff := Direction(eta, snap.Mu, 20)
		if stiff.Regime != Critical || !stiff.Alternates() {
			t.Errorf("η %v: the stiff direction is %v (alternates %v), want critical, alternating", eta, stiff.Regime, stiff.Alternates())
		}
		rho := rhoOf(snap.Tuning.For(Tunable), 1, 20)
		for mu := 0.0; mu < 1; mu += 0.001 {
			if other := rhoOf(FromOptimizer(eta, mu), 1, 20); other < rho-1e-9 {
				t.Errorf("η %v: μ %v gives ρ %v, below the snap's %v", eta, mu, other, rho)
			}
		}
		flatMu := (1 - math.Sqrt(eta)) * (1 - math.Sqrt(eta))
		wantWhy := "slower"
		if eta*20 >= StabilityLimit(flatMu) {
			wantWhy = "unstable"
		}
		if !strings.Contains(snap.Note, "stiff direction critical") || !strings.Contains(snap.Note, wantWhy) {
			t.Errorf("η %v: note %q, want it to say the flattest-critical μ would be %s", eta, snap.Note, wantWhy)
		}
	}
	_, err := Tuning{Optimizer: true, LR: 0.2, Momentum: 0.5}.SnapCritical(h)
	if err == nil || !strings.Contains(err.Error(), "lower η") {
		t.Errorf("ηλ₂ = 4: %v, want an error saying to lower η", err)
	}
	if _, err := (Tuning{Optimizer: true, LR: 0.1}).SnapCritical(landscapes.Sym{XX: -1, YY: 1}); err == nil {
		t.Error("critical on a saddle: no error")
	}
}

// A direction at its critically damped negative double root is Critical,
// and alternates: ηλ = (1 + √μ)².
func TestCriticalDirectionThatAlternates(t *testing.T) {
	for _, mu := range []float64{0.04, 0.25, 0.6} {
		_, hi := CriticalCurves(mu)
		md := Direction(hi, mu, 1)
		if md.Regime != Critical || !md.Alternates() || math.Abs(md.Contraction-math.Sqrt(mu)) > 1e-12 {
			t.Errorf("μ %v at ηλ %v: %v, alternates %v, ρ %v; want critical, alternating, √μ", mu, hi, md.Regime, md.Alternates(), md.Contraction)
		}
	}
}

// Polyak's snap gives the formula's (η, μ), in the view it was asked in.
func TestSnapPolyak(t *testing.T) {
	h := landscapes.Sym{XX: 1, YY: 20} // the ravine
	snap, err := Tuning{Optimizer: true, LR: 0.3, Momentum: 0.5}.SnapPolyak(h)
	wantEta := 4 / ((1 + math.Sqrt(20)) * (1 + math.Sqrt(20)))
	q := (math.Sqrt(20) - 1) / (math.Sqrt(20) + 1)
	if err != nil || relErr(snap.Eta, wantEta) > 1e-15 || relErr(snap.Mu, q*q) > 1e-15 ||
		snap.Tuning != (Tuning{Optimizer: true, LR: snap.Eta, Momentum: snap.Mu}) {
		t.Errorf("Polyak: %+v %v; want η %v, μ %v in the optimizer view", snap, err, wantEta, q*q)
	}
	if _, err := (Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 1}}).SnapPolyak(landscapes.Sym{XX: -1, YY: 1}); err == nil {
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

// The split is ½m|v|² (0 for flow), f and H̃, with H̃ written out on the bowl
// (f = |x|²/2, ∇f = x, ∇²f = I) from ShadowEnergy's formula: for the heavy
// ball (μ = 1) ½m|v|² + f − (h/2)v·x + (h²/12)(|x|²/m + |v|² − (h/m)v·x);
// for the damped ball with μ = 1 − hε/m the general form; for flow f alone.
func TestEnergySplit(t *testing.T) {
	l := mustLandscape(t, "bowl")
	p := Params{Dt: 0.1, Mass: 2, Friction: 1}
	pt := NewParticle(l, Vec{X: 1, Y: -2})
	pt.Vel = Vec{X: 3, Y: 4}
	pt.Mem.Buf = Vec{X: -1, Y: 2} // Nesterov's ball velocity w
	x, v, h, m := pt.Pos, pt.Vel, p.Dt, p.Mass
	xx, vv, vx := x.Dot(x), v.Dot(v), v.Dot(x)
	mu := 1 - h*p.Friction/m
	want := map[Method]float64{
		Flow:  2.5,
		Heavy: 0.5*m*vv + 2.5 - h/2*vx + h*h/12*(xx/m+vv-h/m*vx),
		Damped: (m*vv-0.5*(1-mu)*h*h*vv)/(1+mu) + 2.5 - mu/(1+mu)*h*vx +
			h*h/12*(xx/m+(2*vv-(1-mu)*h*h/m*vv)/(1+mu)-2*mu/(1+mu)*h/m*vx),
		Nesterov: 0.5*m*5 + 2.5, // ½m|w|² + f: no kept energy is known
		Adam:     2.5,           // no single mass
		RMSprop:  2.5,
		Adagrad:  2.5, // massless
	}
	for _, meth := range Methods {
		k, f, total := EnergySplit(l, meth, p, &pt)
		kin := 0.5 * m * vv // ½m|v|² = 25
		switch meth {
		case Flow, Adam, RMSprop, Adagrad:
			kin = 0
		case Nesterov:
			kin = 0.5 * m * 5
		}
		if f != 2.5 || relErr(total, want[meth]) > 1e-15 || k != kin || Energy(l, meth, p, &pt) != total {
			t.Errorf("%s: kinetic %v, f %v, total %v; want %v, 2.5, %v", meth.Name(), k, f, total, kin, want[meth])
		}
	}
}

// The optimizer view's keys change one knob each: η with μ kept, μ with η
// kept, in both kinds of tuning; physically Δt stays and η = Δt²/m,
// μ = 1 − Δtε/m read back the intended numbers.
func TestKnobKeysChangeOneKnob(t *testing.T) {
	for _, tu := range []Tuning{
		{Physical: Params{Dt: 0.01, Mass: 0.1, Friction: 1}}, // η 1e-3, μ 0.9
		{Optimizer: true, LR: 1e-3, Momentum: 0.9},
	} {
		eta, mu := tu.Knobs()
		if relErr(eta, 1e-3) > 1e-12 || math.Abs(mu-0.9) > 1e-12 {
			t.Fatalf("%+v: knobs %v, %v; want 1e-3, 0.9", tu, eta, mu)
		}
		up := tu.LRScaled(1.25)
		if e, m := up.Knobs(); relErr(e, 1.25e-3) > 1e-12 || math.Abs(m-0.9) > 1e-12 {
			t.Errorf("%+v η ×1.25: %v, %v; want 1.25e-3, 0.9", tu, e, m)
		}
		if !tu.Optimizer && up.Physical.Dt != tu.Physical.Dt {
			t.Errorf("η key changed Δt: %v", up.Physical.Dt)
		}
		hi := tu.MomentumUp(1.25)
		if e, m := hi.Knobs(); relErr(e, 1e-3) > 1e-12 || math.Abs(m-0.92) > 1e-12 {
			t.Errorf("%+v μ up: %v, %v; want 1e-3, 0.92 (1 − μ ÷ 1.25)", tu, e, m)
		}
		lo := tu.MomentumDown(1.25)
		if e, m := lo.Knobs(); relErr(e, 1e-3) > 1e-12 || math.Abs(m-0.875) > 1e-12 {
			t.Errorf("%+v μ down: %v, %v; want 1e-3, 0.875 (1 − μ × 1.25)", tu, e, m)
		}
		// Down from μ = 0.1: 0.9·1.25 > 1 would pass 0; it stops on 0,
		// valid, and the next press is refused.
		at := tu.withMomentum(0.1).MomentumDown(1.25)
		if _, m := at.Knobs(); m != 0 || at.Valid() != nil {
			t.Errorf("%+v μ down past 0: μ %v, Valid %v; want exactly 0, valid", tu, m, at.Valid())
		}
		if err := at.MomentumDown(1.25).Valid(); err == nil {
			t.Errorf("%+v μ down from 0 was accepted", tu)
		}
		// μ never reaches 1 going up.
		for range 200 {
			at = at.MomentumUp(1.25)
		}
		if _, m := at.Knobs(); !(m < 1) || at.Valid() != nil {
			t.Errorf("%+v: 200 presses up give μ %v, Valid %v", tu, m, at.Valid())
		}
	}
	// From no friction (μ = 1) down starts at 0.99, not stuck at 1.
	free := Tuning{Physical: Params{Dt: 0.1, Mass: 1, Friction: 0}}
	if _, m := free.MomentumDown(1.25).Knobs(); math.Abs(m-0.99) > 1e-12 {
		t.Errorf("μ down from 1: %v; want 0.99", m)
	}
	// The physical refusal is the friction ParamError the panel shows today.
	past := Tuning{Physical: Params{Dt: 0.1, Mass: 0.1, Friction: 1}}.MomentumDown(1.25)
	if pe := (ParamError{}); !errors.As(past.Valid(), &pe) {
		t.Errorf("μ below 0 physically: %v; want a ParamError", past.Valid())
	}
}
