package sim

import (
	"math"
	"testing"
)

// On the ravine, a run along one axis settles at the rate the analysis
// predicts for that curvature, and the meter, looking at the last 64 steps,
// measures it.
func TestContractionMeterMeasuresThePredictedRate(t *testing.T) {
	l := mustLandscape(t, "ravine")
	cases := []struct {
		name   string
		start  Vec
		lambda float64
		p      Params
	}{
		// damped, underdamped along x: rate √μ = √0.6
		{"underdamped", Vec{X: -4.5}, 1, Params{Dt: 0.08, Mass: 0.08, Friction: 0.4}},
		// flow along y: gradient descent, rate |1 − ηλ| = 0.6 with η = Δt/ε
		{"overdamped", Vec{Y: 1.2}, 20, Params{Dt: 0.02, Mass: 1, Friction: 1}},
	}
	for _, c := range cases {
		meth := Damped
		if c.name == "overdamped" {
			meth = Flow
		}
		sys := System{Land: l, Method: meth, Params: c.p}
		p := NewParticle(l, c.start)
		meter := NewContractionMeter(l, &p)
		if _, _, ok := meter.Rate(); ok {
			t.Errorf("%s: a rate before any step", c.name)
		}
		for range 40 {
			sys.Advance(&p, 1)
			meter.Record(&p)
		}
		eta, mu := OptimizerOf(meth, c.p)
		want := Direction(eta, mu, c.lambda).Contraction
		got, n, ok := meter.Rate()
		if !ok || n != 40 {
			t.Fatalf("%s: rate %v over %d steps, ok %v; want 40 steps", c.name, got, n, ok)
		}
		// The window sees the oscillation's phase: a few per cent at 40 steps.
		if relErr(got, want) > 0.05 {
			t.Errorf("%s: measured %v, predicted %v", c.name, got, want)
		}
		for range 200 {
			sys.Advance(&p, 1)
			meter.Record(&p)
		}
		got, n, _ = meter.Rate()
		if n != MeterWindow || relErr(got, want) > 0.02 {
			t.Errorf("%s: after 240 steps measured %v over %d steps, predicted %v over %d", c.name, got, n, want, MeterWindow)
		}
	}
}

// Without a known minimum the meter follows |∇f|, which on a quadratic
// shrinks at the same rate.
func TestContractionMeterWithoutMinima(t *testing.T) {
	l := mustLandscape(t, "ravine")
	p := NewParticle(l, Vec{Y: 1.2})
	meter := NewContractionMeter(l, &p)
	meter.minima = nil
	sys := System{Land: l, Method: Flow, Params: Params{Dt: 0.02, Mass: 1, Friction: 1}}
	for range 100 {
		sys.Advance(&p, 1)
		meter.Record(&p)
	}
	if got, _, ok := meter.Rate(); !ok || math.Abs(got-0.6) > 1e-12 {
		t.Errorf("gradient descent at ηλ = 0.4 along y: measured %v, want exactly |1 − ηλ| = 0.6", got)
	}
}

// Recording allocates nothing: it runs after every step of every racer.
func TestContractionMeterDoesNotAllocate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	p := NewParticle(l, l.Start)
	meter := NewContractionMeter(l, &p)
	if a := testing.AllocsPerRun(100, func() { meter.Record(&p); meter.Rate() }); a != 0 {
		t.Errorf("Record and Rate allocate %v times", a)
	}
}
