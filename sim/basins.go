package sim

import (
	"context"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/momentum-sim/momentum/landscapes"
)

// Fate is how a ball started somewhere ends: settled in a minimum, still
// moving when the step limit came, off the finite numbers, or at rest at
// a stationary point that is not a minimum.
type Fate int

const (
	// Settled: came to rest in a minimum: ∇f ≈ 0 and no direction of
	// clearly negative curvature (see restAt). The minimum may be flat: a
	// zero curvature along a valley or ring of minima (x², (x²+y²−1)²) or
	// a minimum flatter than a quadratic (x² + y⁴).
	Settled   Fate = iota
	Unsettled      // still moving after the step limit ("none")
	Diverged       // a step left the finite numbers
	// Saddle: came to rest where ∇f ≈ 0 but the Hessian has a clearly
	// negative eigenvalue: a saddle (or a top it started on). A ball gets
	// there only from a set of starts of no area (a symmetry line the
	// gradient keeps it on), and it is no basin: any nudge sends it on.
	Saddle
)

// Outcome is where one start leads.
type Outcome struct {
	Start Vec
	Fate  Fate
	// At is where the ball settled, or where it was at the step limit, or
	// its last finite position.
	At Vec
	// Steps is the steps taken: the step at which it was first seen at
	// rest (checked every settleEvery steps), the limit, or the finite
	// steps before it diverged. Running the same system from Start for
	// Steps steps ends exactly at At.
	Steps int
	// Basin is the 1-based index of the minimum reached (see Classify), or
	// 0 when the ball did not settle.
	Basin int
}

// BasinSteps is the step limit per start of the basin map (the
// simulator's b) and the default of 'momentum basins', so that each cell
// of the map is what the command prints for that start.
const BasinSteps = 50000

// settleEvery is how often the settle test runs: between tests the step
// loop runs at full speed.
const settleEvery = 16

// Settled reports whether particle p is at rest at a stationary point of
// l: its last step moved it less than 1e-10 of the view's size and the
// gradient is below 1e-8 of gradScale (see gradScale). Both tests are
// relative, so they mean the same on every scale. A frictionless ball
// never passes (it does not come to rest), which is the truth: it has no
// basin.
func settled(p *Particle, dt, viewSize, gradScale float64) bool {
	return dt*p.Vel.Norm() <= 1e-10*viewSize && p.Grad.Norm() <= 1e-8*gradScale
}

// viewSlope is the slope of l across its view: (max f − min f) over the
// view's size, on a 9×9 grid of points; 1 where it has none (f constant
// or nowhere finite there).
func viewSlope(l *landscapes.Landscape) float64 {
	v := l.View
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range GridStarts(v, 9, 9) {
		if f := l.F(p); !math.IsNaN(f) && !math.IsInf(f, 0) {
			lo, hi = min(lo, f), max(hi, f)
		}
	}
	if s := (hi - lo) / max(v.Width(), v.Height()); s > 0 && !math.IsInf(s, 0) {
		return s
	}
	return 1
}

// gradScale is what a ball from a start of gradient g0 compares its
// gradient with: g0, or where the start is flatter than that, the
// landscape's slope across the view (at most 1), so that a start near a
// minimum, whose gradient may be near round-off, can still settle. Scaling
// f by c < 1 scales both, so on a landscape as shallow as 1e-9·(x² + y²) a
// ball is at rest only where it is at rest on x² + y² (an absolute floor
// of 1 took every crawling ball for settled: 1248 'minima' of its one); on
// landscapes steeper than 1 across the view, as every built-in one is, the
// floor is 1, as it always was.
func gradScale(g0, slope float64) float64 { return max(g0, min(1, slope)) }

// curvTol is how negative, relative to the curvature scale (see restAt),
// the smallest Hessian eigenvalue at a rest point must be to make it a
// saddle, and how near 0 it may be to make the minimum flat. Round-off
// gives a zero eigenvalue (on a valley of minima) a size near 1e-16 of the
// scale, and a ball resting a distance d off a curved valley sees one of
// about |∇f|/(the valley's radius), which the settle test keeps below
// about 1e-8 of the view's curvature; a real saddle's negative curvature
// is of the landscape's own size (−2 against 2 on the saddle, −1.7
// against 1.1 on camel's, ≥ 1e-3 of the scale on every built-in one).
const curvTol = 1e-6

// restAt says what the rest point p of l is: a saddle when the smallest
// eigenvalue of its Hessian is below −curvTol·scale, else a minimum, flat
// when that eigenvalue is within curvTol·scale of 0. The scale is the
// larger of the Hessian's largest |eigenvalue| and the landscape's
// curvature across its view, viewCurv: on a Hessian that is 0 to
// round-off both ways (x⁴ + y⁴ at its minimum) the view's curvature is
// the yardstick.
func restAt(l *landscapes.Landscape, p Vec, viewCurv float64) (saddle, flat bool) {
	lo, hi, _ := l.Hess(p).Eigen()
	scale := max(math.Abs(lo), math.Abs(hi), viewCurv)
	return lo < -curvTol*scale, lo <= curvTol*scale
}

// viewCurv is the landscape's curvature across its view: its slope across
// the view (viewSlope) over the view's size.
func viewCurv(l *landscapes.Landscape, slope float64) float64 {
	return slope / max(l.View.Width(), l.View.Height())
}

// Fate runs the system from start for at most maxSteps steps and says how
// it ends. It is what `momentum run` would do from start: the same
// System.Advance, in chunks of settleEvery steps. The system's noise is
// used as given; a noisy ball never comes to rest.
func (sys *System) Fate(start Vec, maxSteps int) Outcome {
	return sys.fate(start, maxSteps, viewSlope(sys.Land))
}

func (sys *System) fate(start Vec, maxSteps int, slope float64) Outcome {
	p := NewParticle(sys.Land, start)
	out := Outcome{Start: start}
	view := sys.Land.View
	size := max(view.Width(), view.Height())
	gs := gradScale(p.Grad.Norm(), slope)
	for p.Step < maxSteps {
		n := min(settleEvery, maxSteps-p.Step)
		sys.Advance(&p, n)
		if p.Diverged {
			out.Fate, out.At, out.Steps = Diverged, p.Pos, p.Step
			return out
		}
		if settled(&p, sys.Params.Dt, size, gs) {
			out.Fate, out.At, out.Steps = Settled, p.Pos, p.Step
			if saddle, _ := restAt(sys.Land, p.Pos, viewCurv(sys.Land, slope)); saddle {
				out.Fate = Saddle
			}
			return out
		}
	}
	if p.Diverged { // a start where f or ∇f is not finite
		out.Fate = Diverged
	} else {
		out.Fate = Unsettled
	}
	out.At, out.Steps = p.Pos, p.Step
	return out
}

// Fates runs sys from every start on all cores and returns the outcomes
// in the order of starts, the same whatever the number of workers. done,
// if not nil, is incremented once per finished start, for a progress
// indicator. When ctx is cancelled it stops early and returns ctx.Err().
func (sys System) Fates(ctx context.Context, starts []Vec, maxSteps int, done *atomic.Int64) ([]Outcome, error) {
	return sys.FatesOn(ctx, starts, maxSteps, runtime.GOMAXPROCS(0), done)
}

// FatesOn is Fates on at most workers goroutines: a server of many
// sessions gives each one, so one session's map cannot take every core.
func (sys System) FatesOn(ctx context.Context, starts []Vec, maxSteps, workers int, done *atomic.Int64) ([]Outcome, error) {
	out := make([]Outcome, len(starts))
	var next atomic.Int64
	var wg sync.WaitGroup
	workers = max(1, min(workers, len(starts)))
	slope := viewSlope(sys.Land)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := sys // each worker its own copy: Advance reads it only, but stays private
			for {
				i := int(next.Add(1)) - 1
				if i >= len(starts) || ctx.Err() != nil {
					return
				}
				out[i] = s.fate(starts[i], maxSteps, slope)
				if done != nil {
					done.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Classify numbers the basins of settled outcomes in place: a ball that
// settled within 1e-3 of the view's size of a listed minimum of l gets
// that minimum's 1-based index in l.Minima() order (`momentum list`
// order). Settling points near no listed minimum (every point of a custom
// expression, which lists none, or an unlisted local minimum) are
// numbered after the listed ones, len(minima)+1, +2, …, in the order of
// the outcomes, points within that same distance counting as one, and so
// do all the points of one valley of minima (see chordLevel and valleyPath): a line or
// ring of minima such as x² or (x² + y² − 1)² is one minimum, not one per
// point a ball came to rest on. It returns one point of each minimum
// numbered beyond the list.
func Classify(l *landscapes.Landscape, outs []Outcome) (extra []Vec) {
	ms := l.Minima()
	view := l.View
	size := max(view.Width(), view.Height())
	tol := 1e-3 * size
	slope := viewSlope(l)
	var points []Vec // the settling points beyond the list, each once
	var flat []bool  // whether each is a flat minimum (see restAt)
	for i := range outs {
		o := &outs[i]
		o.Basin = 0
		if o.Fate != Settled {
			continue
		}
		best, bestD := 0, math.Inf(1)
		for k, m := range ms {
			if d := o.At.Dist(m.At); d < bestD {
				best, bestD = k+1, d
			}
		}
		if bestD <= tol {
			o.Basin = best
			continue
		}
		for k, p := range points {
			if o.At.Dist(p) <= tol {
				o.Basin = len(ms) + k + 1
				break
			}
		}
		if o.Basin == 0 {
			_, f := restAt(l, o.At, viewCurv(l, slope))
			points, flat = append(points, o.At), append(flat, f)
			o.Basin = len(ms) + len(points)
		}
	}
	// One number per valley: flat points joined along a valley are one
	// minimum, and so, in turn, is whatever either is joined to (a
	// union-find over the points); the numbers close up in order. A point
	// is compared with the representatives only: the points no chord
	// joined to an earlier representative, a few dozen on a ring at any
	// grid; and only a new representative has its chords let down
	// (valleyPath, the slow test), so that it runs between few.
	root := make([]int, len(points))
	find := func(k int) int {
		for root[k] != k {
			root[k] = root[root[k]]
			k = root[k]
		}
		return k
	}
	tolF := 1e-6 * slope * size
	var reps []int
	for k := range points {
		root[k] = k
		if !flat[k] {
			continue
		}
		union := func(j int) {
			if rj, rk := find(j), find(k); rj != rk {
				root[max(rj, rk)] = min(rj, rk) // the earlier point names the valley
			}
		}
		rep := true
		for _, j := range reps {
			if sameLevel(l, points[j], points[k], tolF) && chordLevel(l, points[j], points[k], tolF) {
				union(j)
				rep = false
			}
		}
		if !rep {
			continue
		}
		for _, j := range reps {
			if find(j) != find(k) && sameLevel(l, points[j], points[k], tolF) && valleyPath(l, points[j], points[k], tolF) {
				union(j)
			}
		}
		reps = append(reps, k)
	}
	num := make([]int, len(points)) // each point's number past the list
	for k := range points {
		if r := find(k); r == k {
			extra = append(extra, points[k])
			num[k] = len(extra)
		} else {
			num[k] = num[r]
		}
	}
	for i := range outs {
		if o := &outs[i]; o.Basin > len(ms) {
			o.Basin = len(ms) + num[o.Basin-len(ms)-1]
		}
	}
	return extra
}

// Flat minima a and b lie on one valley of minima when they are at one
// level (a connected set of local minima is) and either their chord stays
// at that level (chordLevel), which joins points of a straight valley or
// near points of a curved one, or the chord's points, each let down into
// the valley, reach its level and still follow each other (valleyPath),
// which joins points of a ring as far apart as a coarse grid leaves them.
// Points of two valleys (the lines x = ±1 of (x² − 1)²) fail both ways:
// the chord crosses the ridge between them, and let down its points part
// there, one side to each valley. tolF is the tolerance in f.

// sameLevel reports whether f at a and at b agree to within tolF.
func sameLevel(l *landscapes.Landscape, a, b Vec, tolF float64) bool {
	return math.Abs(l.F(a)-l.F(b)) <= tolF
}

// chordLevel reports whether f stays within tolF of the higher of f(a),
// f(b) along the chord, at 1/2, then 1/4 and 3/4, … down to 1/32 of its
// length (the likeliest rise first).
func chordLevel(l *landscapes.Landscape, a, b Vec, tolF float64) bool {
	top := max(l.F(a), l.F(b)) + tolF
	for n := 2; n <= 32; n *= 2 {
		for k := 1; k < n; k += 2 {
			if !(l.F(a.Add(b.Sub(a).Scale(float64(k)/float64(n)))) <= top) {
				return false
			}
		}
	}
	return true
}

// valleyPath reports whether the chord from a to b, in 32 pieces, let down
// point by point to f ≤ top (within tolF of the higher of f(a), f(b)) (Newton steps along −∇f: the exact minimum
// along the gradient's line where f is quadratic there), stays a path:
// each point let down within 3 pieces' length of the one before. A point
// that does not get down (a ridge or top between, where the curvature
// along ∇f is not positive, or ∇f is 0) fails it.
func valleyPath(l *landscapes.Landscape, a, b Vec, tolF float64) bool {
	top := max(l.F(a), l.F(b)) + tolF
	const n = 32
	piece := a.Dist(b) / n
	prev := a
	for k := 1; k <= n; k++ {
		q := a.Add(b.Sub(a).Scale(float64(k) / n))
		for range 30 {
			if l.F(q) <= top {
				break
			}
			g := l.Grad(q)
			gg := g.Dot(g)
			c := g.Dot(l.Hess(q).MulVec(g)) / gg
			if !(gg > 0) || !(c > 0) {
				return false
			}
			q = q.Sub(g.Scale(1 / c))
		}
		if !(l.F(q) <= top) || q.Dist(prev) > 3*piece {
			return false
		}
		prev = q
	}
	return true
}

// GridStarts are the centres of a cols × rows grid over r, row by row from
// the top (largest y) down, as a screen shows them.
func GridStarts(r landscapes.Rect, cols, rows int) []Vec {
	starts := make([]Vec, 0, cols*rows)
	for j := range rows {
		y := r.YMax - (float64(j)+0.5)*r.Height()/float64(rows)
		for i := range cols {
			starts = append(starts, Vec{X: r.XMin + (float64(i)+0.5)*r.Width()/float64(cols), Y: y})
		}
	}
	return starts
}

// AppendBasinCSV appends one row of `momentum basins`: x,y,minimum,mx,my,steps.
func AppendBasinCSV(b []byte, o Outcome) []byte {
	b = strconv.AppendFloat(b, o.Start.X, 'g', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, o.Start.Y, 'g', -1, 64)
	b = append(b, ',')
	switch o.Fate {
	case Settled:
		b = strconv.AppendInt(b, int64(o.Basin), 10)
	case Diverged:
		b = append(b, "diverged"...)
	case Saddle:
		b = append(b, "saddle"...)
	default:
		b = append(b, "none"...)
	}
	b = append(b, ',')
	b = strconv.AppendFloat(b, o.At.X, 'g', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, o.At.Y, 'g', -1, 64)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(o.Steps), 10)
	return append(b, '\n')
}
