package landscapes

import "math"

// Vec is a point or direction in the plane. It is a value: every method
// returns a new Vec, after gonum's spatial/r2. It lives with the math because
// landscapes take and return it, and everything downstream (sim, model) reads it.
type Vec struct{ X, Y float64 }

func (a Vec) Add(b Vec) Vec       { return Vec{a.X + b.X, a.Y + b.Y} }
func (a Vec) Sub(b Vec) Vec       { return Vec{a.X - b.X, a.Y - b.Y} }
func (a Vec) Scale(k float64) Vec { return Vec{k * a.X, k * a.Y} }
func (a Vec) Dot(b Vec) float64   { return a.X*b.X + a.Y*b.Y }
func (a Vec) Norm() float64       { return math.Hypot(a.X, a.Y) }
func (a Vec) IsFinite() bool      { return isFinite(a.X) && isFinite(a.Y) }
func (a Vec) Dist(b Vec) float64  { return a.Sub(b).Norm() }

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Sym is a symmetric 2×2 matrix [[XX, XY], [XY, YY]]: a Hessian.
type Sym struct{ XX, XY, YY float64 }

// Eigen returns the eigenvalues λ1 ≤ λ2 and the unit eigenvector of λ1
// (the one of λ2 is its perpendicular). It uses the closed form for a
// symmetric 2×2 matrix, written to avoid cancellation when XY is tiny.
func (h Sym) Eigen() (l1, l2 float64, v1 Vec) {
	mean := (h.XX + h.YY) / 2
	half := (h.XX - h.YY) / 2
	r := math.Hypot(half, h.XY)
	l1, l2 = mean-r, mean+r
	switch {
	case r == 0:
		v1 = Vec{1, 0}
	case half <= 0:
		// λ1 direction lies nearer the x axis.
		v1 = Vec{r - half, -h.XY}
	default:
		v1 = Vec{-h.XY, r + half}
	}
	if n := v1.Norm(); n > 0 {
		v1 = v1.Scale(1 / n)
	}
	return l1, l2, v1
}

// MulVec returns h·v.
func (h Sym) MulVec(v Vec) Vec { return Vec{h.XX*v.X + h.XY*v.Y, h.XY*v.X + h.YY*v.Y} }
