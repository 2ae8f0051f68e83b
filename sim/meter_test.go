package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// offsetQuadratic is f = ½(x − c)ᵀH(x − c) with H's eigenvalues l1, l2 along
// axes rotated by a, minimum at c, and no listed minima: the meter must
// find the rate without knowing where the ball settles.
func offsetQuadratic(l1, l2, a float64, c Vec) *landscapes.Landscape {
	q := quadratic(l1, l2, a)
	return landscapes.New("offset quadratic", "", "", landscapes.Rect{XMin: -5, XMax: 5, YMin: -5, YMax: 5},
		Vec{}, landscapes.Defaults{}, nil,
		func(p Vec) float64 { return q.F(p.Sub(c)) },
		func(p Vec) Vec { return q.Grad(p.Sub(c)) },
		func(p Vec) landscapes.Sym { return q.Hess(p.Sub(c)) })
}

// On random quadratics, for flow and the damped ball at random stable
// (η, μ), the measured rate is the theory's max|σ| over both directions,
// the slowest direction's, whatever the phase of the motion.
func TestContractionMeterMatchesTheoryOnRandomQuadratics(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	tested := 0
	for range 400 {
		l1 := math.Exp(r.Float64()*4 - 2)
		l2 := l1 * math.Exp(r.Float64()*3)
		c := Vec{X: r.Float64()*4 - 2, Y: r.Float64()*4 - 2}
		l := offsetQuadratic(l1, l2, r.Float64()*math.Pi, c)
		meth := []Method{Flow, Damped}[r.IntN(2)]
		eta := r.Float64() * 3.5 / l2
		mu := r.Float64() * 0.97
		p := ParamsFor(eta, mu, 0.1)
		if meth == Flow {
			p = FromOptimizer(eta, 0)
		}
		e, m := OptimizerOf(meth, p)
		want := max(Direction(e, m, l1).Contraction, Direction(e, m, l2).Contraction)
		// Rates near 0 die out before the window fills; near 1 they
		// barely move. Both are measured, but not to this precision.
		if !(want > 0.3 && want < 0.995) {
			continue
		}
		// Stop while the steps are still far above the round-off of the
		// position: the amplitude shrinks by want per step.
		steps := min(200, int(math.Log(1e-5)/math.Log(want)))
		if steps < MeterWindow {
			continue
		}
		tested++
		start := c.Add(Vec{X: r.Float64()*2 - 1, Y: r.Float64()*2 - 1})
		pt := NewParticle(l, start)
		meter := NewContractionMeter(&pt)
		sys := System{Land: l, Method: meth, Params: p}
		for range steps {
			sys.Advance(&pt, 1)
			meter.Record(&pt, &sys)
		}
		got, n, ok := meter.Rate(&sys)
		if !ok || n != MeterWindow || relErr(got, want) > 1e-5 {
			t.Errorf("%s λ %.3g, %.3g, η %.3g, μ %.3g: measured %v over %d (ok %v), theory %v",
				meth.Name(), l1, l2, e, m, got, n, ok, want)
		}
	}
	if tested < 100 {
		t.Fatalf("only %d cases tested", tested)
	}
}

// Gradient descent along one axis of the ravine at ηλ = 0.4: every step is
// −0.6 times the last, and the meter says so exactly.
func TestContractionMeterOnOneAxis(t *testing.T) {
	l := mustLandscape(t, "ravine")
	p := NewParticle(l, Vec{Y: 1.2})
	meter := NewContractionMeter(&p)
	sys := System{Land: l, Method: Flow, Params: Params{Dt: 0.02, Mass: 1, Friction: 1}}
	for range 7 {
		sys.Advance(&p, 1)
		meter.Record(&p, &sys)
	}
	if _, _, ok := meter.Rate(&sys); ok {
		t.Error("a rate from 7 steps")
	}
	for range 93 {
		sys.Advance(&p, 1)
		meter.Record(&p, &sys)
	}
	if got, n, ok := meter.Rate(&sys); !ok || n != MeterWindow || math.Abs(got-0.6) > 1e-12 {
		t.Errorf("measured %v over %d steps (ok %v), want exactly |1 − ηλ| = 0.6", got, n, ok)
	}
}

// In one of rastrigin's dimples, a local minimum the catalog does not list,
// the damped ball at the landscape's defaults settles at the local theory's
// rate: there ∇²f = (2 + 40π²cos 2πx)·I, both directions underdamped, so
// max|σ| = √μ = √0.8 ≈ 0.894.
func TestContractionMeterInARastriginDimple(t *testing.T) {
	l := mustLandscape(t, "rastrigin")
	params := ParamsOf(l.Defaults)
	p := NewParticle(l, Vec{X: -2.1, Y: 1.85})
	meter := NewContractionMeter(&p)
	sys := System{Land: l, Method: Damped, Params: params}
	for range 150 {
		sys.Advance(&p, 1)
		meter.Record(&p, &sys)
	}
	// Where it settles: a local minimum near (−2, 2), not the listed (0, 0).
	if p.Pos.Dist(Vec{X: -1.99, Y: 1.99}) > 0.02 {
		t.Fatalf("the ball is at %v, not in the dimple near (−1.99, 1.99)", p.Pos)
	}
	h := l.Hess(p.Pos)
	l1, l2, _ := h.Eigen()
	eta, mu := OptimizerOf(Damped, params)
	want := max(Direction(eta, mu, l1).Contraction, Direction(eta, mu, l2).Contraction)
	if math.Abs(want-math.Sqrt(0.8)) > 1e-12 {
		t.Fatalf("local theory %v, want √0.8 (underdamped at μ = 0.8)", want)
	}
	got, _, ok := meter.Rate(&sys)
	if !ok || math.Abs(got-want) > 1e-3 {
		t.Errorf("measured %v (ok %v), local theory %v", got, ok, want)
	}
}

// Once the ball has arrived, to round-off, there is nothing to measure.
func TestContractionMeterStopsAtRoundOff(t *testing.T) {
	l := offsetQuadratic(1, 3, 0.3, Vec{X: 1, Y: -2})
	p := NewParticle(l, Vec{X: 1.5, Y: -1})
	meter := NewContractionMeter(&p)
	sys := System{Land: l, Method: Damped, Params: ParamsFor(0.3, 0.2, 0.1)}
	for range 2000 {
		sys.Advance(&p, 1)
		meter.Record(&p, &sys)
	}
	if rate, _, ok := meter.Rate(&sys); ok {
		t.Errorf("measured %v at the minimum, want no measurement", rate)
	}
}

// Recording allocates nothing: it runs after every step of every racer.
func TestContractionMeterDoesNotAllocate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	p := NewParticle(l, l.Start)
	meter := NewContractionMeter(&p)
	sys := System{Land: l, Method: Damped, Params: ParamsOf(l.Defaults)}
	if a := testing.AllocsPerRun(100, func() { meter.Record(&p, &sys); meter.Rate(&sys) }); a != 0 {
		t.Errorf("Record and Rate allocate %v times", a)
	}
}

// A frictionless ball orbiting through curved ground keeps its energy:
// nothing contracts, and no linear recurrence explains its steps. The meter
// must say nothing rather than fit a rate (it used to show 0.89 on
// rastrigin and 0.95 on himmelblau, where the theory for μ = 1 is 1). Near
// a minimum, where the motion is linear, it still reads while the steps
// are above round-off (camel's damped ball from step 118 to 206).
func TestContractionMeterStaysSilentOnNonlinearOrbits(t *testing.T) {
	for _, c := range []struct {
		land  string
		meth  Method
		steps int
		reads bool
	}{
		{"rastrigin", Heavy, 3000, false},
		{"himmelblau", Heavy, 3000, false},
		{"camel", Damped, 150, true},
		{"himmelblau", Damped, 180, true},
		{"ravine", Heavy, 300, true}, // linear: ρ = 1 exactly
	} {
		l := mustLandscape(t, c.land)
		sys := System{Land: l, Method: c.meth, Params: ParamsOf(l.Defaults)}
		p := NewParticle(l, l.Start)
		mt := NewContractionMeter(&p)
		for range c.steps {
			sys.Advance(&p, 1)
			mt.Record(&p, &sys)
		}
		rate, _, ok := mt.Rate(&sys)
		if ok != c.reads {
			t.Errorf("%s %s after %d steps: reads %v (ρ %v), want %v", c.land, c.meth.Name(), c.steps, ok, rate, c.reads)
		}
		if c.land == "ravine" && ok && math.Abs(rate-1) > 1e-9 {
			t.Errorf("frictionless ball on a quadratic: ρ %v, want 1", rate)
		}
	}
}

// On the quadratics the steps are one recurrence exactly, for every method
// that has a linear rate, at the defaults and with the settings moved: the
// meter shows from its 32nd step until the steps reach round-off, and
// shows the theory's ρ (the larger of the two directions') to 1e-5, far
// below the panel's four digits (round-off in the last steps before the
// floor moves the fitted roots by a few 1e-6).
func TestContractionMeterExactOnQuadratics(t *testing.T) {
	for _, c := range meterNeighbourhood(3) {
		if c.land.Name != "bowl" && c.land.Name != "ravine" {
			continue
		}
		sys := System{Land: c.land, Method: c.meth, Params: c.params}
		p := NewParticle(c.land, c.start)
		mt := NewContractionMeter(&p)
		want := rhoAtBall(c.land, c.meth, c.params, p.Pos)
		shown := 0
		for k := 1; k <= 3000; k++ {
			sys.Advance(&p, 1)
			mt.Record(&p, &sys)
			got, _, ok := mt.Rate(&sys)
			if k == meterMinSteps && !ok {
				t.Errorf("%s %s (%s): nothing shown at step %d", c.land.Name, c.meth.Name(), c.label, k)
			}
			if ok {
				shown++
				if math.Abs(got-want) > 1e-5 {
					t.Errorf("%s %s (%s) at step %d: measured %v, theory %v", c.land.Name, c.meth.Name(), c.label, k, got, want)
					break
				}
			}
		}
		if shown < 32 {
			t.Errorf("%s %s (%s): shown at only %d steps", c.land.Name, c.meth.Name(), c.label, shown)
		}
	}
}

// The ravine lesson's rates show as its caption says: flow shrinks 0.92 a
// step (1 − Δtλ₁/ε) and the damped ball, critically damped along the
// valley, √μ = 23/27 ≈ 0.85 in both directions (a double root, which the
// fit must still find).
func TestContractionMeterShowsTheRavineLessonsRates(t *testing.T) {
	sc, err := ScenarioByName("ravine")
	if err != nil {
		t.Fatal(err)
	}
	l := mustLandscape(t, sc.Landscape)
	for meth, want := range map[Method]float64{Flow: 0.92, Damped: 23.0 / 27} {
		params := sc.Tuning.For(meth)
		sys := System{Land: l, Method: meth, Params: params}
		p := NewParticle(l, sc.Start)
		mt := NewContractionMeter(&p)
		for k := 1; k <= 160; k++ {
			sys.Advance(&p, 1)
			mt.Record(&p, &sys)
			if k < 40 {
				continue
			}
			got, _, ok := mt.Rate(&sys)
			// A double root moves by the square root of what moves the
			// coefficients: round-off's 1e-8 becomes 1e-4.
			if !ok || math.Abs(got-want) > 2e-4 {
				t.Errorf("%s at step %d: measured %v (shown %v), want %v", meth.Name(), k, got, ok, want)
				break
			}
		}
	}
}

// Once a ball settles into a minimum it is shown on every landscape: the
// damped ball at each landscape's defaults, for at least 40 steps before
// its steps reach round-off, at the theory's rate (the sweep above).
func TestContractionMeterShowsOnceSettled(t *testing.T) {
	for _, l := range landscapes.All() {
		params := ParamsOf(l.Defaults)
		sys := System{Land: l, Method: Damped, Params: params}
		p := NewParticle(l, l.Start)
		mt := NewContractionMeter(&p)
		shown := 0
		for range 20_000 {
			sys.Advance(&p, 1)
			mt.Record(&p, &sys)
			if _, _, ok := mt.Rate(&sys); ok {
				shown++
			}
		}
		if shown < 40 {
			t.Errorf("%s: the damped ball's rate shown at only %d steps", l.Name, shown)
		}
	}
}
