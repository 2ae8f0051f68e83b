package sim

import (
	"math"
	"testing"
)

// Near ρ = 1 what the panel shows is the departure 1 − ρ (0.9991: the
// steps shrink by 0.09 % a step), so a measured rate must get that
// departure right, not merely come within the sweep's 0.01 of ρ: on the
// plateau's plain with ε ×0.7 the meter showed 1.005 (steps growing
// 0.5 % a step) where they grew by 0.005 %, and on rosenbrock's valley at
// the defaults 0.9994 where they shrink by 0.99911. Over every landscape
// and method with a linear rate, settings ±30 % and starts ±20 % (as in
// the sweep), plus the plateau cases the panel showed, whenever a rate is
// shown where the panel's ρ is within 0.01 of 1, its departure from 1
// agrees with that of the steps' own ratio |d_k|/|d_{k−1}| and with the
// panel's ρ at the ball to within 10 % of it (and 2·10⁻⁵, below the
// panel's four digits); the steps' ratio only where it is a rate: the
// slowest direction does not swing (its roots are real) and the ratio has
// settled.
func TestContractionMeterNearOneGetsTheDeparture(t *testing.T) {
	variants, steps := 4, 3000
	if testing.Short() {
		variants, steps = 1, 3000
	}
	cases := meterNeighbourhood(variants)
	plateau := mustLandscape(t, "plateau")
	for _, s := range [][3]float64{{1, 1, 0.7}, {1.4, 1, 0.6}, {1.2, 1, 0.8}} {
		p := ParamsOf(plateau.Defaults)
		p.Dt, p.Mass, p.Friction = p.Dt*s[0], p.Mass*s[1], p.Friction*s[2]
		for _, meth := range []Method{Flow, Damped, Nesterov} {
			cases = append(cases, meterCase{plateau, meth, p, plateau.Start, "plateau, lower friction"})
		}
	}
	near, shown := 0, 0
	for _, c := range cases {
		sys := System{Land: c.land, Method: c.meth, Params: c.params}
		p := NewParticle(c.land, c.start)
		mt := NewContractionMeter(&p)
		prev, prevStep, prevRatio := p.Pos, 0.0, 0.0
		bad := 0
		for k := 1; k <= steps; k++ {
			if sys.Advance(&p, 1) != 1 {
				break
			}
			mt.Record(&p, &sys)
			step := p.Pos.Sub(prev).Norm()
			ratio := step / prevStep
			// The steps' ratio is the slowest mode's rate once the others
			// have died: once it has settled, changing by under 1 % of its
			// departure from 1 a step (from rest on the plateau it still
			// falls from 1.0001 to 1.00005 over steps 32–34 as the ball
			// reaches its terminal speed).
			settled := math.Abs(ratio-prevRatio) < 0.01*math.Abs(1-ratio)
			prev, prevStep, prevRatio = p.Pos, step, ratio
			md := Modes(c.meth, c.params, c.land.Hess(p.Pos))
			slow := md[0]
			if md[1].Contraction > slow.Contraction {
				slow = md[1]
			}
			rho := slow.Contraction
			if math.Abs(1-rho) >= 0.01 {
				continue
			}
			near++
			got, _, ok := mt.Rate(&sys)
			if !ok {
				continue
			}
			shown++
			wants := []struct {
				name string
				v    float64
			}{{"the panel's ρ", rho}}
			if settled && slow.Regime != Underdamped && slow.Regime != Undamped {
				// Real roots: the steps' norm ratio is the rate (a swing's
				// ratio turns with its phase).
				wants = append(wants, wants[0])
				wants[1].name, wants[1].v = "the steps' own ratio", ratio
			}
			for _, want := range wants {
				if off := math.Abs(got - want.v); off > 0.1*math.Abs(1-want.v)+2e-5 {
					if bad++; bad <= 3 {
						t.Errorf("%s %s (%s) step %d: measured ρ %.6f, %s %.6f: 1 − ρ off by %.0f %%", c.land.Name, c.meth.Name(), c.label, k, got, want.name, want.v, 100*off/math.Abs(1-want.v))
					}
				}
			}
		}
	}
	// The meter must still speak near 1 (the slow creep it is for).
	if shown < near/5 {
		t.Errorf("near ρ = 1 shown at only %d of %d steps", shown, near)
	}
	t.Logf("near ρ = 1 shown at %d of %d steps", shown, near)
}
