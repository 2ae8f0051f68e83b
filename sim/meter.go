package sim

import (
	"math"
	"math/cmplx"
)

// MeterWindow is how many steps the contraction meter looks back.
const MeterWindow = 64

// ContractionMeter measures how fast a run settles, from the steps alone:
// it needs no listed minimum, so it works at any local minimum and on a
// custom expression.
//
// Near a minimum the motion is linear, and so are the steps d_k = x_k −
// x_{k−1}: they follow d_{k+1} = M·d_k for the method's one-step map M
// (2-D for flow, 4-D with the velocity), in which the fixed point has
// cancelled out. By Cayley–Hamilton every coordinate of d then obeys one
// scalar recurrence u_{k+1} = c₁u_k + … + c_p·u_{k+1−p} of order p ≤ 4 whose
// characteristic roots are M's eigenvalues σ. Rate fits the c's to the
// window by least squares (both coordinates at once) and returns the
// largest |σ|: on a quadratic exactly the Contraction that Direction
// predicts for the slowest direction, whatever the phase of an
// oscillation at the window's ends (a plain ratio |d_n|/|d_0| would see
// the phase). The order is the smallest that explains the window to
// round-off, so modes that have already died out do not enter.
//
// A value without pointers; recording allocates nothing.
type ContractionMeter struct {
	steps [MeterWindow]Vec // the last steps d_k, a ring ending at next−1
	next  int              // where the next step goes
	n     int              // how many steps are recorded, up to MeterWindow
	prev  Vec              // the latest position: before the next step, and the round-off floor's scale
}

// NewContractionMeter starts a meter for a run from the particle p.
func NewContractionMeter(p *Particle) ContractionMeter {
	return ContractionMeter{prev: p.Pos}
}

// Record adds the state after a step.
func (c *ContractionMeter) Record(p *Particle) {
	c.steps[c.next] = p.Pos.Sub(c.prev)
	c.next = (c.next + 1) % MeterWindow
	c.n = min(c.n+1, MeterWindow)
	c.prev = p.Pos
}

// at is the i-th recorded step, oldest first.
func (c *ContractionMeter) at(i int) Vec {
	return c.steps[(c.next-c.n+i+MeterWindow)%MeterWindow]
}

// meterMinSteps is the fewest steps Rate measures over.
const meterMinSteps = 8

// meterMaxResidual is the largest share of the window's squared steps the
// fitted recurrence may leave unexplained for Rate to report it.
const meterMaxResidual = 1e-4

// Rate is the measured contraction per step over the steps it spans, or
// ok = false before there are meterMinSteps steps, or once the steps are
// at the round-off of the position (the ball has arrived: there is
// nothing left to measure), or when no recurrence of order ≤ 4 fits.
func (c *ContractionMeter) Rate() (rate float64, steps int, ok bool) {
	n := c.n
	if n < meterMinSteps {
		return 0, 0, false
	}
	scale := 0.0
	for i := range n {
		d := c.at(i)
		scale = max(scale, math.Abs(d.X), math.Abs(d.Y))
	}
	floor := 64 * 0x1p-52 * max(math.Abs(c.prev.X), math.Abs(c.prev.Y))
	if !(scale > floor) || math.IsInf(scale, 0) {
		return 0, 0, false
	}
	var u [2 * MeterWindow]float64 // x coordinates, then y, scaled to order 1
	for i := range n {
		d := c.at(i)
		u[i], u[MeterWindow+i] = d.X/scale, d.Y/scale
	}
	total := 0.0
	for i := range n {
		total += u[i]*u[i] + u[MeterWindow+i]*u[MeterWindow+i]
	}
	var best, bestResid float64
	found := false
	for p := 1; p <= 4 && 3*p < n; p++ {
		coef, resid, fit := fitRecurrence(&u, n, p)
		if !fit {
			continue
		}
		rho := largestRoot(coef[:p])
		if math.IsNaN(rho) {
			continue
		}
		best, bestResid, found = rho, resid, true
		// Explained to round-off: a higher order would only fit noise.
		if resid <= 1e-20*total {
			break
		}
	}
	// A window that no linear recurrence explains is not a ball settling
	// (or leaving) at a rate: a frictionless ball orbiting through curved
	// ground, say, whose energy is kept so that nothing contracts. Any rate
	// fitted there would be an artefact, so there is none. Near a minimum
	// the motion is linear to within a few parts in 10⁵ (camel, himmelblau
	// at their defaults); orbits far from one leave 10⁻³ unexplained.
	if !found || bestResid > meterMaxResidual*total {
		return 0, 0, false
	}
	return best, n, true
}

// fitRecurrence fits u_{k} = Σ_j coef[j]·u_{k−1−j} (j < p) to both
// coordinate sequences of u (each n long, at offsets 0 and MeterWindow) by
// least squares: the normal equations solved by Cholesky. fit is false
// when they are singular to round-off (the window has fewer than p modes).
// resid is the sum of squared residuals.
func fitRecurrence(u *[2 * MeterWindow]float64, n, p int) (coef [4]float64, resid float64, fit bool) {
	var g [4][4]float64
	var b [4]float64
	for _, off := range [2]int{0, MeterWindow} {
		for k := p; k < n; k++ {
			for i := range p {
				ri := u[off+k-1-i]
				b[i] += ri * u[off+k]
				for j := range p {
					g[i][j] += ri * u[off+k-1-j]
				}
			}
		}
	}
	// Cholesky G = LLᵀ; a pivot below 1e-12 of its diagonal entry means
	// the regressors are dependent to round-off.
	var l [4][4]float64
	for i := range p {
		for j := 0; j <= i; j++ {
			s := g[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if !(s > 1e-12*g[i][i]) {
					return coef, 0, false
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	var y [4]float64
	for i := range p {
		s := b[i]
		for k := range i {
			s -= l[i][k] * y[k]
		}
		y[i] = s / l[i][i]
	}
	for i := p - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < p; k++ {
			s -= l[k][i] * coef[k]
		}
		coef[i] = s / l[i][i]
	}
	for _, off := range [2]int{0, MeterWindow} {
		for k := p; k < n; k++ {
			r := u[off+k]
			for i := range p {
				r -= coef[i] * u[off+k-1-i]
			}
			resid += r * r
		}
	}
	return coef, resid, true
}

// largestRoot is the largest |σ| over the roots of
// σ^p − c₀σ^{p−1} − … − c_{p−1}, found by the Durand–Kerner iteration
// (p ≤ 4), or NaN if it does not converge.
func largestRoot(c []float64) float64 {
	p := len(c)
	switch p {
	case 1:
		return math.Abs(c[0])
	case 2: // σ² − c₀σ − c₁: the quadratic formula in complex arithmetic
		d := cmplx.Sqrt(complex(c[0]*c[0]+4*c[1], 0))
		return max(cmplx.Abs((complex(c[0], 0)+d)/2), cmplx.Abs((complex(c[0], 0)-d)/2))
	}
	poly := func(z complex128) complex128 {
		v := complex(1, 0)
		for _, ci := range c {
			v = v*z - complex(ci, 0)
		}
		return v
	}
	var z [4]complex128
	radius := 1.0
	for _, ci := range c {
		radius = max(radius, 1+math.Abs(ci)) // every root lies inside (Cauchy)
	}
	for i := range p {
		z[i] = cmplx.Rect(radius*0.9, 0.4+2*math.Pi*float64(i)/float64(p))
	}
	for range 500 {
		moved := 0.0
		for i := range p {
			den := complex(1, 0)
			for j := range p {
				if j != i {
					den *= z[i] - z[j]
				}
			}
			if den == 0 {
				return math.NaN()
			}
			dz := poly(z[i]) / den
			z[i] -= dz
			moved = max(moved, cmplx.Abs(dz))
		}
		if moved <= 1e-15*radius {
			break
		}
	}
	r := 0.0
	for i := range p {
		r = max(r, cmplx.Abs(z[i]))
	}
	return r
}
