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
			meter.Record(&pt)
		}
		got, n, ok := meter.Rate()
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
		meter.Record(&p)
	}
	if _, _, ok := meter.Rate(); ok {
		t.Error("a rate from 7 steps")
	}
	for range 93 {
		sys.Advance(&p, 1)
		meter.Record(&p)
	}
	if got, n, ok := meter.Rate(); !ok || n != MeterWindow || math.Abs(got-0.6) > 1e-12 {
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
		meter.Record(&p)
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
	got, _, ok := meter.Rate()
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
		meter.Record(&p)
	}
	if rate, _, ok := meter.Rate(); ok {
		t.Errorf("measured %v at the minimum, want no measurement", rate)
	}
}

// Recording allocates nothing: it runs after every step of every racer.
func TestContractionMeterDoesNotAllocate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	p := NewParticle(l, l.Start)
	meter := NewContractionMeter(&p)
	if a := testing.AllocsPerRun(100, func() { meter.Record(&p); meter.Rate() }); a != 0 {
		t.Errorf("Record and Rate allocate %v times", a)
	}
}

// A frictionless ball orbiting through curved ground keeps its energy:
// nothing contracts, and no linear recurrence explains its steps. The meter
// must say nothing rather than fit a rate (it used to show 0.89 on
// rastrigin and 0.95 on himmelblau, where the theory for μ = 1 is 1). Near
// a minimum, where the motion is linear, it still reads.
func TestContractionMeterStaysSilentOnNonlinearOrbits(t *testing.T) {
	for _, c := range []struct {
		land  string
		meth  Method
		steps int
		reads bool
	}{
		{"rastrigin", Heavy, 3000, false},
		{"himmelblau", Heavy, 3000, false},
		{"camel", Damped, 300, true},
		{"himmelblau", Damped, 100, true},
		{"ravine", Heavy, 300, true}, // linear: ρ = 1 exactly
	} {
		l := mustLandscape(t, c.land)
		sys := System{Land: l, Method: c.meth, Params: ParamsOf(l.Defaults)}
		p := NewParticle(l, l.Start)
		mt := NewContractionMeter(&p)
		for range c.steps {
			sys.Advance(&p, 1)
			mt.Record(&p)
		}
		rate, _, ok := mt.Rate()
		if ok != c.reads {
			t.Errorf("%s %s after %d steps: reads %v (ρ %v), want %v", c.land, c.meth.Name(), c.steps, ok, rate, c.reads)
		}
		if c.land == "ravine" && ok && math.Abs(rate-1) > 1e-9 {
			t.Errorf("frictionless ball on a quadratic: ρ %v, want 1", rate)
		}
	}
}
