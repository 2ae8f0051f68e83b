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
// Where the motion is linear, so are the steps d_k = x_k − x_{k−1}: they
// follow d_{k+1} = M·d_k for the method's one-step map M (2-D for flow,
// 4-D with the velocity), in which the fixed point has cancelled out. By
// Cayley–Hamilton every coordinate of d then obeys one scalar recurrence
// u_{k+1} = c₁u_k + … + c_p·u_{k+1−p} of order p ≤ 4 (2 for flow) whose
// characteristic roots are M's eigenvalues σ. Rate fits the c's by least
// squares (both coordinates at once) and returns the largest |σ| of the
// modes present: exactly the Contraction that Direction predicts for the
// slowest direction the ball moves in, whatever the phase of an
// oscillation at the window's ends (a plain ratio |d_n|/|d_0| would see
// the phase). It reports only when the window really is one such
// recurrence (see Rate): elsewhere a fitted root means nothing.
//
// The window holds the steps of one system only: M is the map of one
// method with one set of parameters, so a step taken under another (a
// parameter key, a snap, a method switch) starts a fresh window, and a
// rate is only given for the system the window was taken under. The meter
// keeps that system itself, so no change to a racer can leave it showing
// the old setting's rate beside the new ρ.
//
// A value; recording allocates nothing.
type ContractionMeter struct {
	steps [MeterWindow]Vec // the last steps d_k, a ring ending at next−1
	next  int              // where the next step goes
	n     int              // how many steps are recorded, up to MeterWindow
	prev  Vec              // the latest position: before the next step, and the round-off floor's scale
	sys   System           // the system every step in the window was taken under (Land nil: none yet)
	memo  meterMemo        // Rate's last answer, until the next Record
}

// meterMemo keeps Rate's answer for the window as it stands: the panel
// asks every frame, and the test (up to 12 fits) costs about 10 µs.
type meterMemo struct {
	valid bool
	rate  float64
	steps int
	ok    bool
}

// NewContractionMeter starts a meter for a run from the particle p.
func NewContractionMeter(p *Particle) ContractionMeter {
	return ContractionMeter{prev: p.Pos}
}

// Record adds the state after a step taken under sys. A step under a
// system that moves the particle differently from the window's (see
// SameMotion) starts a new window with it: the step from the state where
// the system changed is the first of the new map's recurrence.
func (c *ContractionMeter) Record(p *Particle, sys *System) {
	if c.sys.Land == nil || !SameMotion(c.sys, *sys) {
		c.n, c.next = 0, 0
		c.sys = *sys
	}
	c.steps[c.next] = p.Pos.Sub(c.prev)
	c.next = (c.next + 1) % MeterWindow
	c.n = min(c.n+1, MeterWindow)
	c.prev = p.Pos
	c.memo.valid = false
}

// at is the i-th recorded step, oldest first.
func (c *ContractionMeter) at(i int) Vec {
	return c.steps[(c.next-c.n+i+MeterWindow)%MeterWindow]
}

// meterMinSteps is the fewest steps Rate measures over: two halves of 16,
// each long enough to fit an order-4 recurrence with room to spare.
const meterMinSteps = 32

// meterMinCut is the shortest window Rate cuts down to when it leaves out
// a window's oldest steps (see Rate).
const meterMinCut = 48

// meterSignal is how far above the round-off floor of the position a step
// must be to count: 10⁴ of it, where the step's own round-off is below 10⁻⁶
// of it. Trailing steps below it (the ball arriving) are left out.
const meterSignal = 1e4

// meterMaxMiss is how much the recurrence fitted to the older half may
// miss the newer half's steps by when it predicts them on its own, run
// freely from the older half's last steps: as a share (in norm) of how
// much those steps change from one to the next, not of the steps
// themselves. A ball gliding over nearly flat ground (plateau,
// rosenbrock's valley) takes steps that barely change, so a miss of 10⁻⁴
// of the steps can still be most of what the roots are fitted to; there
// such a gate passed windows whose rate was 1 % off the theory's.
//
// meterMaxDisagree is the most the rates fitted to the two halves may
// differ by (relative to the rate, or absolute below 1).
//
// Both were chosen on the sweep in meter_sweep_test.go (every landscape,
// flow, heavy, damped and Nesterov, settings ±30 %, starts ±20 %, 3000
// steps): with both at 10⁻³ every rate shown is within 0.0054 of the
// theory's at the ball; looser gates (10⁻²) let 0.02–0.06 through, and
// tighter ones only hide more of the settling.

const (
	meterMaxMiss     = 1e-3
	meterMaxDisagree = 1e-3
)

// Rate is the measured contraction per step over the steps it spans, of
// the window taken under sys, or ok = false when the window was taken
// under another system (sys changed since the last step: nothing has been
// measured of it yet), before there are meterMinSteps steps, once the steps are at
// the round-off of the position (the ball has arrived: there is nothing
// left to measure), or when the window is not one linear recurrence.
//
// What "one linear recurrence" must mean. By the mean value theorem
// ∇f(x_k) − ∇f(x_{k−1}) = H̄_k·d_k, with H̄_k the Hessian averaged along
// the step, so the steps obey one constant-coefficient recurrence exactly
// when H̄_k is the same for every k: on a quadratic, and to a good
// approximation wherever the Hessian barely changes over the window (near
// a minimum, or anywhere on nearly quadratic ground). Then its roots are
// the theory's σ at the ball, and the rate is the ρ the panel predicts.
// A small in-sample residual does not show that: a recurrence of order 4
// has enough freedom to fit almost any smooth window of 64 steps to 10⁻⁴
// (a frictionless ball orbiting through curved ground, a ball sliding
// down rosenbrock's valley), and the roots it finds there mean nothing
// (they reached 7 on the plateau, 1.3 for a ball converging on
// himmelblau). So the window is split in two: the recurrence fitted to
// the older half must predict the newer half by running freely (each
// prediction built on its own earlier ones, which amplifies any change in
// the dynamics instead of absorbing it), and the rates fitted to each
// half separately must agree. Only then is a rate shown, the newer half's,
// the one nearest the ball.
func (c *ContractionMeter) Rate(sys *System) (rate float64, steps int, ok bool) {
	if c.sys.Land == nil || !SameMotion(c.sys, *sys) {
		return 0, 0, false
	}
	if m := c.memo; m.valid {
		return m.rate, m.steps, m.ok
	}
	rate, steps, ok = c.measure(sys.Method)
	c.memo = meterMemo{valid: true, rate: rate, steps: steps, ok: ok}
	return rate, steps, ok
}

// measure is Rate without the memo.
func (c *ContractionMeter) measure(meth Method) (rate float64, steps int, ok bool) {
	n := c.n
	if n < meterMinSteps {
		return 0, 0, false
	}
	scale := 0.0
	for i := range n {
		d := c.at(i)
		scale = max(scale, math.Abs(d.X), math.Abs(d.Y))
	}
	// The round-off of the position; near the smallest normal numbers
	// (a ball closing on a minimum at 0) precision is lost long before
	// the position reaches 0, so the floor does not fall below 2^-960.
	floor := max(64*0x1p-52*max(math.Abs(c.prev.X), math.Abs(c.prev.Y)), 0x1p-960)
	if !(scale > floor) || math.IsInf(scale, 0) {
		return 0, 0, false
	}
	var u [2 * MeterWindow]float64 // x coordinates, then y, scaled to order 1
	for i := range n {
		d := c.at(i)
		u[i], u[MeterWindow+i] = d.X/scale, d.Y/scale
	}
	// Leave out the trailing steps lost in round-off.
	tiny := meterSignal * floor / scale
	for n > 0 && max(math.Abs(u[n-1]), math.Abs(u[MeterWindow+n-1])) <= tiny {
		n--
	}
	if n < meterMinSteps {
		return 0, 0, false
	}
	// Cayley–Hamilton bounds the order by the state's dimension: 2 for
	// the massless ball (position only), 4 with a velocity. A higher order
	// would only add a root free to absorb a trace of nonlinearity (3 on
	// a flow down rosenbrock's valley put 1.017 beside its real 1.0007).
	order := 4
	if !meth.HasMass() {
		order = 2
	}
	// The window's older steps may still be in the approach (a ball
	// arriving at a minimum through curved ground): if the whole window is
	// not one recurrence, its newer part may be, so the window is cut from
	// its old end, 8 steps at a time, down to meterMinCut steps. (Shorter
	// windows let a frictionless ball's orbit through curved ground pass
	// for linear: beale, 32 steps, ρ 0.98 against the theory's 1.)
	for lo := 0; lo == 0 || n-lo >= meterMinCut; lo += 8 {
		if rate, ok := linearRate(&u, lo, n, order, floor/scale); ok {
			return rate, n - lo, true
		}
	}
	return 0, 0, false
}

// linearRate is Rate's test and measurement on the steps lo ≤ k < n, with
// recurrences of order at most order: the smallest order whose fit to the
// older half predicts the newer half, run freely, and whose rates on the
// two halves agree.
func linearRate(u *[2 * MeterWindow]float64, lo, n, order int, noise float64) (float64, bool) {
	h := lo + (n-lo)/2
	for p := 1; p <= order && 3*p < h-lo; p++ {
		older, _, fit := fitRecurrence(u, lo, h, p)
		if !fit || !predicts(u, older[:p], h, n, noise) {
			continue
		}
		// The newer half may need fewer terms: modes that died out in the
		// older half leave its normal equations singular at order p.
		q := p
		newer, _, fit := fitRecurrence(u, h, n, q)
		for !fit && q > 1 {
			q--
			newer, _, fit = fitRecurrence(u, h, n, q)
		}
		if !fit {
			continue
		}
		ra, _ := presentRate(u, older[:p], lo, h)
		rb, twin := presentRate(u, newer[:q], h, n)
		if math.IsNaN(ra) || math.IsNaN(rb) || math.Abs(ra-rb) > meterMaxDisagree*max(1, rb) {
			continue
		}
		if twin && math.Abs(1-rb) < meterNearOne {
			obs := stepRatio(u, h, n)
			if !(math.Abs(rb-obs) <= meterDeparture*max(math.Abs(1-rb), math.Abs(1-obs))+meterNearFloor) {
				continue
			}
			rb = obs
		}
		return rb, true
	}
	return 0, false
}

// Near 1 a fitted root may not be the rate. There the steps barely
// change across the window, and a slow drift of their ratio (the
// curvature changing along rosenbrock's valley, or as a ball on the
// plateau's plain nears the well) is fitted by two real roots near 1 that
// the window cannot tell apart (meterResolve), the larger of them well
// off the steps' real ratio: 0.99939 and 0.99731 where the steps shrink by
// 0.99911 a step, 1.0036 and 0.99999 where they grow by 1.00005. Both
// halves drift alike, so they agree to the gate above, and the fit
// predicts. What the panel shows near 1 is the departure 1 − ρ, which
// must be right relative to itself; so there, for such an unresolved
// pair, the rate shown is the steps' own: the ratio of their norms over
// the newer half's last half, per step (one slow mode left: exactly its
// root). The fitted root must still give that departure to within
// meterDeparture of it, so the window is the one mode the fit describes.
// Even two roots that coincide may be such a fit (beale: 0.99830 and
// 0.99829 where the steps shrink by 0.99884), so a true double root
// (critical damping) near 1 is read the same way, by the steps' own
// ratio, σ(1 + 1/k) for the k-th step of the mode (shown only while that
// is within meterDeparture of σ's departure). On the sweep in
// meter_near_test.go the rates shown near 1 then give 1 − ρ to 10 %,
// where the fitted root was off by up to a third of it, or by ten times
// it on the plateau.
const (
	meterNearOne   = 0.05
	meterDeparture = 0.5
	meterNearFloor = 1e-6 // below what the panel's four digits show
)

// stepRatio is the steps' own rate per step over the last half of the
// newer half h ≤ k < n: the ratio of their norms, per step.
func stepRatio(u *[2 * MeterWindow]float64, h, n int) float64 {
	j := (n - h) / 2
	end := math.Hypot(u[n-1], u[MeterWindow+n-1])
	from := math.Hypot(u[n-1-j], u[MeterWindow+n-1-j])
	return math.Pow(end/from, 1/float64(j))
}

// predicts says whether the recurrence coef, run freely from the steps
// just before h, reproduces the steps h ≤ k < n of both coordinates to
// within meterMaxMiss of their norm (and of their round-off, noise each).
func predicts(u *[2 * MeterWindow]float64, coef []float64, h, n int, noise float64) bool {
	p := len(coef)
	var miss, ref float64
	for _, off := range [2]int{0, MeterWindow} {
		var w [MeterWindow]float64 // the predicted sequence, seeded with the real one
		copy(w[h-p:h], u[off+h-p:off+h])
		for k := h; k < n; k++ {
			v := 0.0
			for i := range p {
				v += coef[i] * w[k-1-i]
			}
			w[k] = v
			e := v - u[off+k]
			miss += e * e
			dk := u[off+k] - u[off+k-1]
			ref += dk * dk
		}
	}
	return miss <= meterMaxMiss*meterMaxMiss*ref+float64(2*(n-h))*noise*noise
}

// fitRecurrence fits u_{k} = Σ_j coef[j]·u_{k−1−j} (j < p) to both
// coordinate sequences of u (at offsets 0 and MeterWindow), over the steps
// lo ≤ k < hi of each, by
// least squares: the normal equations solved by Cholesky. fit is false
// when they are singular to round-off (the window has fewer than p modes).
// resid is the sum of squared residuals.
func fitRecurrence(u *[2 * MeterWindow]float64, lo, hi, p int) (coef [4]float64, resid float64, fit bool) {
	var g [4][4]float64
	var b [4]float64
	for _, off := range [2]int{0, MeterWindow} {
		for k := lo + p; k < hi; k++ {
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
		for k := lo + p; k < hi; k++ {
			r := u[off+k]
			for i := range p {
				r -= coef[i] * u[off+k-1-i]
			}
			resid += r * r
		}
	}
	return coef, resid, true
}

// roots are the p ≤ 4 roots of σ^p − c₀σ^{p−1} − … − c_{p−1}: by formula
// for p ≤ 2, else by the Durand–Kerner iteration; ok is false if it does
// not converge.
func roots(c []float64) (z [4]complex128, ok bool) {
	p := len(c)
	switch p {
	case 1:
		z[0] = complex(c[0], 0)
		return z, true
	case 2: // σ² − c₀σ − c₁: the quadratic formula in complex arithmetic
		d := cmplx.Sqrt(complex(c[0]*c[0]+4*c[1], 0))
		z[0], z[1] = (complex(c[0], 0)+d)/2, (complex(c[0], 0)-d)/2
		return z, true
	}
	poly := func(z complex128) complex128 {
		v := complex(1, 0)
		for _, ci := range c {
			v = v*z - complex(ci, 0)
		}
		return v
	}
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
				return z, false
			}
			dz := poly(z[i]) / den
			z[i] -= dz
			moved = max(moved, cmplx.Abs(dz))
		}
		if moved <= 1e-15*radius {
			break
		}
	}
	for i := range p {
		if cmplx.IsNaN(z[i]) || cmplx.IsInf(z[i]) {
			return z, false
		}
	}
	return z, true
}

// meterMinShare is the smallest share of the steps at the window's end a
// root's own part must carry for its |σ| to count.
const meterMinShare = 1e-2

// presentRate is the largest |σ| over the roots of the recurrence coef
// whose part in the steps lo ≤ k < hi is not negligible at hi: each
// coordinate is written as Σⱼ aⱼσⱼ^(k−lo) by least squares, and a root
// whose part at the end, |aⱼ||σⱼ|^(hi−1−lo), is below meterMinShare of the
// largest part is one the fit put there to absorb a trace (on nearly flat
// ground a third root of 1.14 fitted 10⁻⁷ of a plateau ball's steps, whose
// real roots are all within 0.03 of 1). When the parts cannot be told
// apart (roots that nearly coincide, as at critical damping) every root
// counts.
func presentRate(u *[2 * MeterWindow]float64, coef []float64, lo, hi int) (float64, bool) {
	rate, root, z, p := presentRoot(u, coef, lo, hi)
	if math.IsNaN(rate) {
		return rate, false
	}
	// Another root nearer the top one than the window can resolve: their
	// powers differ by under meterResolve over it. Real or complex: a
	// drift is fitted by a complex pair too (beale's flow, whose roots are
	// all real: 0.99902 where the steps shrink by 0.99927); the price is a
	// true slow swing near 1, such as the heavy ball's |σ| = 1 on the
	// plateau's plain while its steps grow by 1/k a step as it gathers
	// speed, which is then hidden rather than read off the fit.
	twin := false
	for j := range p {
		if d := cmplx.Abs(z[j] - root); z[j] != root && d*float64(hi-lo) < meterResolve {
			twin = true
		}
	}
	return rate, twin
}

// meterResolve is how far apart (times the window's length) two roots
// must be for the fit to tell their parts apart.
const meterResolve = 0.25

// presentRoot is presentRate's rate and the root it is the modulus of, with
// all p roots.
func presentRoot(u *[2 * MeterWindow]float64, coef []float64, lo, hi int) (float64, complex128, [4]complex128, int) {
	z, ok := roots(coef)
	if !ok {
		return math.NaN(), 0, z, 0
	}
	p := len(coef)
	all, top := 0.0, complex128(0)
	for j := range p {
		if a := cmplx.Abs(z[j]); a > all {
			all, top = a, z[j]
		}
	}
	// Normal equations G a = b of the fit by powers of the roots; G is
	// the same for both coordinates.
	var g [4][4]complex128
	var b [2][4]complex128
	var pw [4]complex128
	for j := range p {
		pw[j] = 1
	}
	for k := lo; k < hi; k++ {
		for i := range p {
			ci := cmplx.Conj(pw[i])
			for j := range p {
				g[i][j] += ci * pw[j]
			}
			b[0][i] += ci * complex(u[k], 0)
			b[1][i] += ci * complex(u[MeterWindow+k], 0)
		}
		for j := range p {
			pw[j] *= z[j]
		}
	}
	// Gaussian elimination with partial pivoting, both right-hand sides.
	for col := range p {
		piv := col
		for r := col + 1; r < p; r++ {
			if cmplx.Abs(g[r][col]) > cmplx.Abs(g[piv][col]) {
				piv = r
			}
		}
		g[col], g[piv] = g[piv], g[col]
		b[0][col], b[0][piv] = b[0][piv], b[0][col]
		b[1][col], b[1][piv] = b[1][piv], b[1][col]
		if !(cmplx.Abs(g[col][col]) > 1e-10*cmplx.Abs(g[0][0])) {
			return all, top, z, p
		}
		for r := col + 1; r < p; r++ {
			f := g[r][col] / g[col][col]
			for j := col; j < p; j++ {
				g[r][j] -= f * g[col][j]
			}
			b[0][r] -= f * b[0][col]
			b[1][r] -= f * b[1][col]
		}
	}
	var a [2][4]complex128
	for s := range 2 {
		for i := p - 1; i >= 0; i-- {
			v := b[s][i]
			for j := i + 1; j < p; j++ {
				v -= g[i][j] * a[s][j]
			}
			a[s][i] = v / g[i][i]
		}
	}
	var part [4]float64
	biggest := 0.0
	for j := range p {
		end := cmplx.Abs(pw[j] / z[j]) // |σⱼ|^(hi−1−lo)
		part[j] = math.Hypot(cmplx.Abs(a[0][j]), cmplx.Abs(a[1][j])) * end
		biggest = max(biggest, part[j])
	}
	if !(biggest > 0) || math.IsInf(biggest, 0) {
		return all, top, z, p
	}
	rate, root := 0.0, complex128(0)
	for j := range p {
		if a := cmplx.Abs(z[j]); part[j] >= meterMinShare*biggest && a > rate {
			rate, root = a, z[j]
		}
	}
	return rate, root, z, p
}
