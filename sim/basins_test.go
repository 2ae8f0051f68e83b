package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
)

// hessFD is l's Hessian at p by central differences of f alone: a check
// independent of the landscape's own Hess.
func hessFD(l *landscapes.Landscape, p Vec) (xx, xy, yy float64) {
	h := 1e-4
	f := func(dx, dy float64) float64 { return l.F(Vec{X: p.X + dx, Y: p.Y + dy}) }
	xx = (f(h, 0) - 2*f(0, 0) + f(-h, 0)) / (h * h)
	yy = (f(0, h) - 2*f(0, 0) + f(0, -h)) / (h * h)
	xy = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
	return xx, xy, yy
}

// A grid with a row or column on a symmetry line starts balls that the
// gradient keeps on it, and they come to rest on the saddle. Such a point
// is no minimum: every numbered basin must be a point whose Hessian is
// positive definite, each saddle fate a point whose Hessian is not, and
// there are no more basins than the landscape has minima.
func TestBasinsNumberOnlyMinima(t *testing.T) {
	cases := []struct {
		land   string
		minima int
	}{{"saddle", 2}, {"camel", 6}}
	for _, c := range cases {
		l, err := landscapes.ByName(c.land)
		if err != nil {
			t.Fatal(err)
		}
		for _, meth := range []Method{Damped, Flow} {
			for _, grid := range [][2]int{{4, 5}, {5, 5}, {7, 3}, {9, 9}, {11, 7}, {5, 21}} {
				name := fmt.Sprintf("%s %s %dx%d", c.land, meth.Name(), grid[0], grid[1])
				sys := System{Land: l, Method: meth, Params: ParamsOf(l.Defaults)}
				outs, err := sys.Fates(context.Background(), GridStarts(l.View, grid[0], grid[1]), 50000, nil)
				if err != nil {
					t.Fatal(err)
				}
				extra := Classify(l, outs)
				if len(l.Minima())+len(extra) > c.minima {
					t.Errorf("%s: %d minima listed and %d more numbered (%v); it has %d", name, len(l.Minima()), len(extra), extra, c.minima)
				}
				saddles := 0
				for _, o := range outs {
					xx, xy, yy := hessFD(l, o.At)
					pd := xx > 0 && xx*yy-xy*xy > 0
					switch {
					case o.Fate == Settled && !pd:
						t.Errorf("%s: from %v numbered basin %d at %v, Hessian [[%g %g] [%g %g]] not positive definite", name, o.Start, o.Basin, o.At, xx, xy, xy, yy)
					case o.Fate == Saddle && pd:
						t.Errorf("%s: from %v a saddle at %v, but the Hessian is positive definite", name, o.Start, o.At)
					case o.Fate == Saddle && o.Basin != 0:
						t.Errorf("%s: a saddle numbered %d", name, o.Basin)
					}
					if o.Fate == Saddle {
						saddles++
					}
				}
				// An odd number of rows puts a row on y = 0, which the saddle's
				// gradient keeps; camel's keeps only the start (0, 0), the centre
				// of a grid odd both ways. The test is about those balls.
				onLine := grid[1]%2 == 1 && (c.land == "saddle" || grid[0]%2 == 1)
				if onLine && saddles == 0 {
					t.Errorf("%s: no ball came to rest on the saddle; the test needs one", name)
				}
			}
		}
	}
}

// The settle test is relative: on c·g for a small c a ball crawling with
// the same Δt, m and ε is not at rest (it used to 'settle' wherever it
// stood, every start a minimum of its own), and with time rescaled
// (Δt/√c, ε·√c: the same motion) it settles in the same minima as on g.
func TestSettleTestIsScaleFree(t *testing.T) {
	view := landscapes.Rect{XMin: -2, XMax: 2, YMin: -1.5, YMax: 1.5}
	minima := []Vec{{X: -1, Y: 0}, {X: 1, Y: 0}} // of x⁴ − 2x² + y²
	base := Params{Dt: 0.01, Mass: 0.1, Friction: 1}
	starts := GridStarts(view, 8, 6)
	var want []int
	for _, c := range []float64{1, 1e-3, 1e-6, 1e-9} {
		src := fmt.Sprintf("%g*(x^4 - 2*x^2 + y^2)", c)
		l, err := expr.NewLandscape(src, view, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The same Δt, m, ε: on a small c the ball barely moves.
		sys := System{Land: l, Method: Damped, Params: base}
		outs, err := sys.Fates(context.Background(), starts, 3000, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			near := false
			for _, m := range minima {
				near = near || o.At.Dist(m) < 1e-3
			}
			if o.Fate == Settled && !near {
				t.Errorf("%s: from %v 'settled' at %v, no minimum", src, o.Start, o.At)
			}
		}
		// Time rescaled: the same motion, so the same minima.
		r := math.Sqrt(c)
		sys.Params = Params{Dt: base.Dt / r, Mass: base.Mass, Friction: base.Friction * r}
		outs, err = sys.Fates(context.Background(), starts, 20000, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, o := range outs {
			k := 0
			for i, m := range minima {
				if o.Fate == Settled && o.At.Dist(m) < 1e-3 {
					k = i + 1
				}
			}
			got = append(got, k)
		}
		if want == nil {
			want = got
			for i, k := range got {
				if k == 0 {
					t.Fatalf("%s: from %v no minimum reached; the test needs every start to settle", src, starts[i])
				}
			}
		} else if !slices.Equal(got, want) {
			t.Errorf("%s with time rescaled: minima %v, on c = 1 %v", src, got, want)
		}
	}
}

// No built-in landscape's basins change with the relative test: the fate
// and minimum of every start are what the old absolute floor of 1 gave
// (the plateau, shallower than 1 across its view, settles a little later
// and closer; the others are steeper, so their floor is the 1 it was).
func TestBuiltinBasinsKeepTheirMinima(t *testing.T) {
	for _, l := range landscapes.All() {
		for _, meth := range []Method{Damped, Flow} {
			sys := System{Land: l, Method: meth, Params: ParamsOf(l.Defaults)}
			if sys.Params.ValidFor(meth) != nil {
				continue
			}
			slope := viewSlope(l)
			var now, was []Outcome
			for _, p := range GridStarts(l.View, 30, 15) {
				now = append(now, sys.fate(p, 20000, slope))
				was = append(was, sys.fate(p, 20000, 1)) // gradScale(g, 1) = max(g, 1), the old floor
			}
			Classify(l, now)
			Classify(l, was)
			// A rest point is a saddle only where the Hessian is clearly
			// indefinite, and points of a flat valley count as one minimum;
			// no built-in landscape has either, so every outcome is what
			// the old rule gave: Saddle exactly where the Hessian is not
			// positive definite, each settling point numbered as it came.
			old := oldClassify(l, slices.Clone(now))
			for i := range now {
				if now[i].Fate != old[i].Fate || now[i].Basin != old[i].Basin {
					t.Errorf("%s %s from %v: %v %d; by the old rule %v %d", l.Name, meth.Name(), now[i].Start, now[i].Fate, now[i].Basin, old[i].Fate, old[i].Basin)
				}
			}
			for i := range now {
				if now[i].Fate != was[i].Fate || now[i].Basin != was[i].Basin {
					t.Errorf("%s %s from %v: %v %d, was %v %d", l.Name, meth.Name(), now[i].Start, now[i].Fate, now[i].Basin, was[i].Fate, was[i].Basin)
				}
			}
			if slope >= 1 && !slices.Equal(now, was) {
				t.Errorf("%s %s: steeper than 1 across the view, yet the outcomes changed", l.Name, meth.Name())
			}
		}
	}
}

// A ball at rest on a flat minimum, where the Hessian has a zero
// eigenvalue (a valley or ring of minima, or a minimum flatter than a
// quadratic), is at a minimum, not on a saddle: round-off gives that zero
// either sign. And the points of one valley are one minimum, not one per
// ball: the ring (x² + y² − 1)² is one, x² and (x + y)² one line each,
// x² + y⁴ one point; (x² − 1)² has two lines, x = ±1, with a ridge
// between. (A ball the gradient keeps on a ridge or top, which odd grids
// start, is on no minimum: 'saddle' is true there.) Each ball is checked against the function itself: it rests
// where f is its minimum 0, and its number is the valley's own (by sign
// of x on the two lines).
func TestFlatMinimaAreMinima(t *testing.T) {
	cases := []struct {
		src     string
		valleys int
		valley  func(p Vec) int // which valley a point at f = 0 is on, from 0
	}{
		{"(x^2+y^2-1)^2", 1, nil},
		{"(x+y)^2", 1, nil},
		{"x^2", 1, nil},
		{"x^2+y^4", 1, nil},
		{"(x^2-1)^2", 2, func(p Vec) int {
			if p.X < 0 {
				return 0
			}
			return 1
		}},
	}
	for _, c := range cases {
		l, err := expr.NewLandscape(c.src, expr.DefaultView, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, meth := range []Method{Damped, Flow} {
			// Grids of odd rows start a row on y = 0, the only one that
			// settles on x² + y⁴ in the step limit (y⁴ is too flat
			// elsewhere). 7×9 leaves the ring's rest points far apart.
			for _, grid := range [][2]int{{20, 15}, {21, 15}, {12, 9}, {7, 9}} {
				name := fmt.Sprintf("%s %s %dx%d", c.src, meth.Name(), grid[0], grid[1])
				sys := System{Land: l, Method: meth, Params: ParamsOf(l.Defaults)}
				outs, err := sys.Fates(context.Background(), GridStarts(l.View, grid[0], grid[1]), BasinSteps, nil)
				if err != nil {
					t.Fatal(err)
				}
				extra := Classify(l, outs)
				if len(extra) != c.valleys {
					t.Errorf("%s: %d minima numbered (%v); it has %d", name, len(extra), extra, c.valleys)
				}
				settled, of := 0, map[int]int{} // valley → basin number
				for _, o := range outs {
					switch o.Fate {
					case Saddle:
						// Only a point off the minima may be one: the ridge
						// x = 0 of (x² − 1)², the ring's top (0, 0), where odd
						// grids start balls the gradient keeps there.
						if l.F(o.At) > 1e-8 {
							continue
						}
						t.Errorf("%s: from %v 'saddle' at %v, where f = %g, its minimum", name, o.Start, o.At, l.F(o.At))
					case Settled:
						settled++
						if f := l.F(o.At); f > 1e-8 {
							t.Errorf("%s: from %v settled at %v, where f = %g, not its minimum 0", name, o.Start, o.At, f)
						}
						v := 0
						if c.valley != nil {
							v = c.valley(o.At)
						}
						if b, ok := of[v]; ok && b != o.Basin {
							t.Errorf("%s: from %v numbered %d, on the valley numbered %d", name, o.Start, o.Basin, b)
						}
						of[v] = o.Basin
					}
				}
				if settled == 0 {
					t.Errorf("%s: no ball settled; the test needs some", name)
				}
			}
		}
	}
}

// The saddle landscape's balls come to rest on the saddle exactly from the
// row of starts on y = 0 (the gradient keeps them on it) and there only:
// its Hessian there, diag(2, −2) on f = x² − y² near the origin, is
// clearly indefinite.
func TestSaddleRowStaysSaddle(t *testing.T) {
	l, err := landscapes.ByName("saddle")
	if err != nil {
		t.Fatal(err)
	}
	if l.View.YMin != -l.View.YMax {
		t.Skipf("the saddle's view %v is not symmetric about y = 0", l.View)
	}
	for _, meth := range []Method{Damped, Flow} {
		sys := System{Land: l, Method: meth, Params: ParamsOf(l.Defaults)}
		outs, err := sys.Fates(context.Background(), GridStarts(l.View, 20, 15), BasinSteps, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if onRow := math.Abs(o.Start.Y) < 1e-12; onRow != (o.Fate == Saddle) {
				t.Errorf("%s from %v: %v at %v", meth.Name(), o.Start, o.Fate, o.At)
			}
		}
	}
}

// oldClassify is how the basins were told before flat minima were: a rest
// point whose Hessian is not positive definite is a saddle, and each
// settling point beyond the list within 1e-3 of the view's size of no
// earlier one is a minimum of its own.
func oldClassify(l *landscapes.Landscape, outs []Outcome) []Outcome {
	ms := l.Minima()
	tol := 1e-3 * max(l.View.Width(), l.View.Height())
	var extra []Vec
	for i := range outs {
		o := &outs[i]
		o.Basin = 0
		if o.Fate == Settled || o.Fate == Saddle {
			if lo, _, _ := l.Hess(o.At).Eigen(); lo > 0 {
				o.Fate = Settled
			} else {
				o.Fate = Saddle
			}
		}
		if o.Fate != Settled {
			continue
		}
		for k, m := range ms {
			if o.At.Dist(m.At) <= tol && o.Basin == 0 {
				o.Basin = k + 1
			}
		}
		for k, p := range extra {
			if o.Basin == 0 && o.At.Dist(p) <= tol {
				o.Basin = len(ms) + k + 1
			}
		}
		if o.Basin == 0 {
			extra = append(extra, o.At)
			o.Basin = len(ms) + len(extra)
		}
	}
	return outs
}
