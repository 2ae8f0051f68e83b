package sim

import (
	"math"
	"testing"
)

// stepMatrix is one step of meth on f = λx²/2 (one coordinate) as the 2×2
// matrix acting on (x, velocity), built by stepping the unit states with
// the method's own step: the velocity is Vel, or Mem.Buf for a method that
// keeps the ball's velocity there (Nesterov).
func stepMatrix(meth Method, p Params, lambda float64) (tr, det float64) {
	spec := &methodTable[meth]
	c := p.Coeffs(meth)
	col := func(x, v float64) (float64, float64) {
		s := State{Pos: Vec{X: x}}
		if spec.velInMem {
			s.Mem.Buf.X = v
		} else {
			s.Vel.X = v
		}
		n := spec.step(c, s, Vec{X: lambda * s.Pos.X})
		if spec.velInMem {
			return n.Pos.X, n.Mem.Buf.X
		}
		return n.Pos.X, n.Vel.X
	}
	a, c2 := col(1, 0)
	b, d := col(0, 1)
	return a + d, a*d - b*c2
}

// radius is the largest root modulus of z² − tr·z + det.
func radius(tr, det float64) float64 {
	disc := tr*tr - 4*det
	if disc < 0 {
		return math.Sqrt(det)
	}
	return max(math.Abs((tr+math.Sqrt(disc))/2), math.Abs((tr-math.Sqrt(disc))/2))
}

// Each method's formulas, read as text, are what its own step does on a
// quadratic: the limit is where the step matrix's spectral radius passes 1,
// the critical curves where its discriminant vanishes, and between them
// the radius is the spiral rate. The formulas are worked out here from the
// text, not taken from the form's functions.
func TestFormIsTheStepsOwn(t *testing.T) {
	limits := map[string]func(mu float64) float64{
		"2(1+μ)":        func(mu float64) float64 { return 2 * (1 + mu) },
		"2(1+μ)/(1+2μ)": func(mu float64) float64 { return 2 * (1 + mu) / (1 + 2*mu) },
	}
	crit := map[string]func(mu float64) float64{
		"(1 − √μ)²":      func(mu float64) float64 { return (1 - math.Sqrt(mu)) * (1 - math.Sqrt(mu)) },
		"(1 + √μ)²":      func(mu float64) float64 { return (1 + math.Sqrt(mu)) * (1 + math.Sqrt(mu)) },
		"((1−μ)/(1+μ))²": func(mu float64) float64 { return (1 - mu) * (1 - mu) / ((1 + mu) * (1 + mu)) },
		"1":              func(float64) float64 { return 1 },
	}
	spiral := map[string]func(s, mu float64) float64{
		"√μ":         func(s, mu float64) float64 { return math.Sqrt(mu) },
		"√(μ(1−ηλ))": func(s, mu float64) float64 { return math.Sqrt(mu * (1 - s)) },
	}
	for _, meth := range []Method{Damped, Nesterov} {
		form, ok := meth.Form()
		if !ok {
			t.Fatalf("%s: no form", meth.Name())
		}
		lim, lo, hi, sp := limits[form.LimitText], crit[form.CriticalLoText], crit[form.CriticalHiText], spiral[form.SpiralText]
		if lim == nil || lo == nil || hi == nil || sp == nil {
			t.Fatalf("%s: a formula not known to the test: %+v", meth.Name(), form)
		}
		for _, mu := range []float64{0.1, 0.5, 0.7, 0.9, 0.99} {
			const eta = 0.05
			p := ParamsFor(eta, mu, 0.1)
			at := func(s float64) (float64, float64) { return stepMatrix(meth, p, s/eta) }
			if l := lim(mu); math.Abs(form.Limit(mu)-l) > 1e-12*l {
				t.Errorf("%s μ %v: Limit %v, %s = %v", meth.Name(), mu, form.Limit(mu), form.LimitText, l)
			}
			l := lim(mu)
			if r := radius(at(l * (1 - 1e-6))); !(r < 1) {
				t.Errorf("%s μ %v: just below %s = %v the radius is %v ≥ 1", meth.Name(), mu, form.LimitText, l, r)
			}
			if r := radius(at(l * (1 + 1e-6))); !(r > 1) {
				t.Errorf("%s μ %v: just past %s = %v the radius is %v ≤ 1", meth.Name(), mu, form.LimitText, l, r)
			}
			sLo, sHi := lo(mu), hi(mu)
			gLo, gHi := form.Critical(mu)
			if math.Abs(gLo-sLo) > 1e-12 || math.Abs(gHi-sHi) > 1e-12 {
				t.Errorf("%s μ %v: Critical %v %v, formulas %v %v", meth.Name(), mu, gLo, gHi, sLo, sHi)
			}
			for _, s := range []float64{sLo, sHi} {
				tr, det := at(s)
				if d := tr*tr - 4*det; math.Abs(d) > 1e-9 {
					t.Errorf("%s μ %v: discriminant %v at the critical ηλ %v", meth.Name(), mu, d, s)
				}
			}
			mid := (sLo + sHi) / 2
			tr, det := at(mid)
			if tr*tr-4*det >= 0 {
				t.Errorf("%s μ %v: real roots between the critical curves (ηλ %v)", meth.Name(), mu, mid)
			}
			if r, want := radius(tr, det), sp(mid, mu); math.Abs(r-want) > 1e-9 {
				t.Errorf("%s μ %v ηλ %v: spiral rate %v, %s = %v", meth.Name(), mu, mid, r, form.SpiralText, want)
			}
		}
	}
	for _, meth := range []Method{Adam, RMSprop, Adagrad} {
		if _, ok := meth.Form(); ok || meth.Linear() {
			t.Errorf("%s: a linear form for a method with no fixed rate", meth.Name())
		}
		if _, ok := meth.Adapts(); !ok {
			t.Errorf("%s: no adaptation", meth.Name())
		}
	}
	for _, meth := range Methods {
		_, hasForm := meth.Form()
		if hasForm != meth.Linear() {
			t.Errorf("%s: form %v, linear %v", meth.Name(), hasForm, meth.Linear())
		}
	}
}
