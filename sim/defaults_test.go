package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// Every landscape's defaults must make all three methods behave well from
// the default start: nothing diverges or flies far off, gradient flow and
// the damped ball settle at a known minimum, and the heavy ball's energy
// stays near its start value.
func TestDefaultsBehaveWell(t *testing.T) {
	const steps = 200_000
	for _, l := range landscapes.All() {
		t.Run(l.Name, func(t *testing.T) {
			params := Params(l.Defaults)
			if mu := params.Momentum(); !(mu >= 0 && mu < 1) {
				t.Errorf("default momentum μ = %v, want in [0, 1)", mu)
			}
			for _, m := range Methods {
				sys := System{Land: l, Method: m, Params: params}
				p := NewParticle(l, l.Start)
				e0 := Energy(m, params, p.State, p.F)
				far := 0.0
				for p.Step < steps && !p.Diverged {
					sys.Advance(&p, 1000)
					far = max(far, outside(l.View, p.Pos))
				}
				if p.Diverged {
					t.Fatalf("%s diverged at step %d", m.Name(), p.Step+1)
				}
				// A frictionless ball may roam its whole energy sublevel set.
				if far > 1 && m != Heavy {
					t.Errorf("%s went %.2g view-widths outside the view", m.Name(), far)
				}
				switch m {
				case Heavy:
					if f := l.F(p.Pos); f > e0+0.25*max(1, abs(e0)) {
						t.Errorf("heavy: f = %v above the starting energy %v", f, e0)
					}
					if e := Energy(m, params, p.State, p.F); !closeTo(e, e0, 0.25*max(1, abs(e0))) {
						t.Errorf("heavy: energy %v after %d steps, started at %v", e, steps, e0)
					}
				default:
					// A local minimum counts: rastrigin's dimples are meant to trap.
					l1, _, _ := l.Hess(p.Pos).Eigen()
					if g := p.Grad.Norm(); g > 1e-6 || l1 <= 0 {
						t.Errorf("%s ended at %v with |∇f| = %.3g and λ1 = %.3g: not at a minimum", m.Name(), p.Pos, g, l1)
					}
				}
			}
		})
	}
}

// outside measures how far p lies outside r, in units of r's larger side.
func outside(r landscapes.Rect, p Vec) float64 {
	dx := max(r.XMin-p.X, p.X-r.XMax, 0)
	dy := max(r.YMin-p.Y, p.Y-r.YMax, 0)
	return max(dx, dy) / max(r.Width(), r.Height())
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func closeTo(a, b, tol float64) bool { return abs(a-b) <= tol }
