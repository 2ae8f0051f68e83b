package sim

import (
	"context"
	"fmt"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
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
