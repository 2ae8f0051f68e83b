package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// Every landscape's defaults must make every method behave well from
// the default start: nothing diverges or flies far off, gradient flow and
// the damped and Nesterov balls settle at a minimum, Adam comes within 2η
// of one, and the heavy ball's energy
// stays near its start value.
func TestDefaultsBehaveWell(t *testing.T) {
	const steps = 200_000
	for _, l := range landscapes.All() {
		t.Run(l.Name, func(t *testing.T) {
			params := ParamsOf(l.Defaults)
			if mu := params.Momentum(); !(mu >= 0 && mu < 1) {
				t.Errorf("default momentum μ = %v, want in [0, 1)", mu)
			}
			for _, m := range Methods {
				sys := System{Land: l, Method: m, Params: params}
				p := NewParticle(l, l.Start)
				e0 := Energy(l, m, params, &p)
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
					if e := Energy(l, m, params, &p); !closeTo(e, e0, 0.25*max(1, abs(e0))) {
						t.Errorf("heavy: energy %v after %d steps, started at %v", e, steps, e0)
					}
				case Adagrad:
					// Its steps shrink as 1/√t on any slope: it slows to a
					// stop on its own, at a minimum or not (rosenbrock's
					// valley is too long for it). f must have fallen.
					if !(p.F < l.F(l.Start)) {
						t.Errorf("adagrad: f %v, not below the start's %v", p.F, l.F(l.Start))
					}
				case Adam, RMSprop:
					// An adaptive method with a fixed η does not settle
					// exactly: near a minimum the RMS it divides by shrinks
					// with the gradient, so its step stays of order η (η/(1−μ)
					// for RMSprop, whose momentum buffer sums normalised
					// steps). It must end in a minimum's basin (λ₁ > 0)
					// within twice that of it, by the Newton step |H⁻¹∇f|.
					eta, mu := OptimizerOf(m, params)
					bound := 2 * eta
					if m == RMSprop {
						bound /= 1 - mu
					}
					h := l.Hess(p.Pos)
					l1, _, _ := h.Eigen()
					det := h.XX*h.YY - h.XY*h.XY
					newton := Vec{X: (h.YY*p.Grad.X - h.XY*p.Grad.Y) / det, Y: (h.XX*p.Grad.Y - h.XY*p.Grad.X) / det}
					if d := newton.Norm(); !(l1 > 0) || d > bound {
						t.Errorf("%s ended at %v, %.3g from a minimum by the Newton step (λ1 = %.3g); want ≤ %.3g",
							m.Name(), p.Pos, d, l1, bound)
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

// The energy the screen shows tells the truth at every landscape's defaults,
// over defaultsHorizon steps from the default start: the frictionless
// ball's shadow energy stays within 1 % of its height above the lowest f it
// reaches; the damped ball's never rises above its start by more than
// 5e-5 of that height (the O(Δt³)(1−μ)·∇³f[g,g,g] residual at turning
// points, see shadow.go) and ends below it; flow does not diverge and f
// falls.
func TestDefaultsEnergyTellsTheTruth(t *testing.T) {
	const defaultsHorizon = 20_000
	for _, l := range landscapes.All() {
		t.Run(l.Name, func(t *testing.T) {
			params := ParamsOf(l.Defaults)
			for _, m := range Methods {
				sys := System{Land: l, Method: m, Params: params}
				p := NewParticle(l, l.Start)
				e0, f0 := Energy(l, m, params, &p), p.F
				lo, eMin, eMax := p.F, e0, e0
				for p.Step < defaultsHorizon {
					if sys.Advance(&p, 1) != 1 {
						t.Fatalf("%s diverged at step %d", m.Name(), p.Step+1)
					}
					e := Energy(l, m, params, &p)
					lo, eMin, eMax = min(lo, p.F), min(eMin, e), max(eMax, e)
				}
				height := e0 - lo
				end := Energy(l, m, params, &p)
				switch m {
				case Heavy:
					if dev := max(eMax-e0, e0-eMin) / height; dev > 0.01 {
						t.Errorf("heavy: H̃ ranged over [%.6g, %.6g] from %.6g: %.2f %% of its height %.4g", eMin, eMax, e0, 100*dev, height)
					}
				case Damped:
					if rise := (eMax - e0) / height; rise > 5e-5 {
						t.Errorf("damped: H̃ rose to %.9g from %.9g: %.3g of its height %.4g", eMax, e0, rise, height)
					}
					if !(end < e0) {
						t.Errorf("damped: H̃ ended at %v, not below its start %v", end, e0)
					}
				case Flow:
					if !(p.F < f0) {
						t.Errorf("flow: f ended at %v, not below its start %v", p.F, f0)
					}
				}
				t.Logf("%s: H̃ %.6g → %.6g, range [%.6g, %.6g], lowest f %.4g", m.Name(), e0, end, eMin, eMax, lo)
			}
		})
	}
}
