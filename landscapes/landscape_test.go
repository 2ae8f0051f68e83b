package landscapes

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// samplePoints returns points spread over the view and a margin around it,
// from a fixed seed so failures reproduce.
func samplePoints(l *Landscape, n int) []Vec {
	r := rand.New(rand.NewPCG(1, 2))
	v := l.View
	pts := []Vec{l.Start}
	for _, m := range l.Minima() {
		pts = append(pts, m.At)
	}
	for range n {
		pts = append(pts, Vec{
			X: v.XMin - 0.2*v.Width() + 1.4*v.Width()*r.Float64(),
			Y: v.YMin - 0.2*v.Height() + 1.4*v.Height()*r.Float64(),
		})
	}
	return pts
}

// closeRel is |a − b| ≤ tol·max(1, |a|, |b|): relative for big numbers,
// absolute near zero, as gonum's validate.go compares derivatives.
func closeRel(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestGradientMatchesCentralDifferences(t *testing.T) {
	for _, l := range All() {
		t.Run(l.Name, func(t *testing.T) {
			for _, p := range samplePoints(l, 200) {
				h := 1e-6 * math.Max(1, p.Norm())
				g := l.Grad(p)
				dx := (l.F(p.Add(Vec{h, 0})) - l.F(p.Sub(Vec{h, 0}))) / (2 * h)
				dy := (l.F(p.Add(Vec{0, h})) - l.F(p.Sub(Vec{0, h}))) / (2 * h)
				// The error of the difference quotient grows with |f|; scale by it.
				tol := 1e-6 * math.Max(1, math.Abs(l.F(p)))
				if !closeRel(g.X, dx, tol) || !closeRel(g.Y, dy, tol) {
					t.Fatalf("at %v: Grad = %v, central differences = (%v, %v)", p, g, dx, dy)
				}
			}
		})
	}
}

func TestHessianMatchesCentralDifferencesOfGradient(t *testing.T) {
	for _, l := range All() {
		t.Run(l.Name, func(t *testing.T) {
			for _, p := range samplePoints(l, 200) {
				h := 1e-6 * math.Max(1, p.Norm())
				gx := l.Grad(p.Add(Vec{h, 0})).Sub(l.Grad(p.Sub(Vec{h, 0}))).Scale(1 / (2 * h))
				gy := l.Grad(p.Add(Vec{0, h})).Sub(l.Grad(p.Sub(Vec{0, h}))).Scale(1 / (2 * h))
				H := l.Hess(p)
				tol := 1e-6 * math.Max(1, l.Grad(p).Norm())
				if !closeRel(H.XX, gx.X, tol) || !closeRel(H.XY, gx.Y, tol) ||
					!closeRel(H.XY, gy.X, tol) || !closeRel(H.YY, gy.Y, tol) {
					t.Fatalf("at %v: Hess = %+v, differences of ∇f = %v, %v", p, H, gx, gy)
				}
			}
		})
	}
}

func TestMinimaAreStationaryWithListedValues(t *testing.T) {
	for _, l := range All() {
		t.Run(l.Name, func(t *testing.T) {
			ms := l.Minima()
			if len(ms) == 0 {
				t.Fatal("no minima listed")
			}
			for _, m := range ms {
				if g := l.Grad(m.At); g.Norm() > 1e-9 {
					t.Errorf("minimum %v: |∇f| = %g, want 0", m.At, g.Norm())
				}
				if f := l.F(m.At); math.Abs(f-m.Value) > 1e-12 {
					t.Errorf("minimum %v: f = %v, listed %v", m.At, f, m.Value)
				}
				if l1, _, _ := l.Hess(m.At).Eigen(); l1 <= 0 {
					t.Errorf("minimum %v: smallest Hessian eigenvalue %g, want > 0 for a minimum", m.At, l1)
				}
				if !l.View.Contains(m.At) {
					t.Errorf("minimum %v lies outside the view %+v", m.At, l.View)
				}
			}
		})
	}
}

func TestLiteratureMinima(t *testing.T) {
	// Published values: the polished minima must agree with them.
	cases := []struct {
		name  string
		at    Vec
		value float64
	}{
		{"rosenbrock", Vec{1, 1}, 0},
		{"himmelblau", Vec{3, 2}, 0},
		{"himmelblau", Vec{-2.805118, 3.131312}, 0},
		{"beale", Vec{3, 0.5}, 0},
		{"camel", Vec{0.0898, -0.7126}, -1.0316},
		{"saddle", Vec{0, 1}, -0.25},
	}
	for _, c := range cases {
		l, err := ByName(c.name)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range l.Minima() {
			if m.At.Dist(c.at) < 1e-4 && math.Abs(m.Value-c.value) < 1e-4 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no listed minimum near %v with value %v; have %v", c.name, c.at, c.value, l.Minima())
		}
	}
}

func TestPlateauIsFlatOverAThirdOfTheView(t *testing.T) {
	l, _ := ByName("plateau")
	const n = 200
	flat := 0
	for i := range n {
		for j := range n {
			p := Vec{
				X: l.View.XMin + (float64(i)+0.5)*l.View.Width()/n,
				Y: l.View.YMin + (float64(j)+0.5)*l.View.Height()/n,
			}
			if l.Grad(p).Norm() < 1e-3 {
				flat++
			}
		}
	}
	if frac := float64(flat) / (n * n); frac < 1.0/3 {
		t.Fatalf("|∇f| < 1e-3 on %.0f%% of the view, want at least a third", 100*frac)
	}
	// And the start lies on the flat part, yet not where ∇f vanishes.
	if g := l.Grad(l.Start).Norm(); !(g > 0 && g < 1e-3) {
		t.Fatalf("|∇f| at the start is %g, want in (0, 1e-3)", g)
	}
}

func TestEigen(t *testing.T) {
	cases := []Sym{{1, 0, 20}, {20, 0, 1}, {2, 1, 2}, {802, -400, 200}, {3, 0, 3}, {-1, 2, 5}}
	for _, h := range cases {
		l1, l2, v1 := h.Eigen()
		if l1 > l2 {
			t.Errorf("%+v: λ1 = %v > λ2 = %v", h, l1, l2)
		}
		if !closeRel(l1+l2, h.XX+h.YY, 1e-12) || !closeRel(l1*l2, h.XX*h.YY-h.XY*h.XY, 1e-12) {
			t.Errorf("%+v: trace or determinant disagree with λ = %v, %v", h, l1, l2)
		}
		if r := h.MulVec(v1).Sub(v1.Scale(l1)); r.Norm() > 1e-9*math.Max(1, math.Abs(l2)) {
			t.Errorf("%+v: H v1 − λ1 v1 = %v", h, r)
		}
		if !closeRel(v1.Norm(), 1, 1e-12) {
			t.Errorf("%+v: |v1| = %v", h, v1.Norm())
		}
	}
}

func TestByNameListsValidNames(t *testing.T) {
	_, err := ByName("nope")
	if err == nil {
		t.Fatal("want an error")
	}
	for _, n := range Names() {
		if !strings.Contains(err.Error(), n) {
			t.Errorf("error %q does not name %q", err, n)
		}
	}
}
