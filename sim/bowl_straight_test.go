package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// The bowl's description in `momentum list` says which methods head
// straight for the centre: on a round quadratic ∇f is parallel to x, so a
// method whose step is a sum of past gradients times scalars stays on the
// line through the start and 0; one that scales each coordinate apart
// leaves it. Checked from starts around the default and at scaled
// parameters, by the distance of every position from that line.
func TestBowlStraightLineIsAsDescribed(t *testing.T) {
	l, err := landscapes.ByName("bowl")
	if err != nil {
		t.Fatal(err)
	}
	straight := map[Method]bool{Flow: true, Heavy: true, Damped: true, Nesterov: true}
	for _, m := range Methods {
		name := strings.ToLower(m.Name())
		if says := strings.Contains(l.About, name); !says {
			t.Errorf("the bowl's description does not name %s: %q", name, l.About)
		}
		worst := 0.0
		for _, start := range []Vec{l.Start, l.Start.Scale(0.7), {X: -1.5, Y: 2.4}, {X: 2.2, Y: -0.9}} {
			for _, k := range []float64{0.6, 1, 1.4} {
				d := l.Defaults
				p := ParamsOf(landscapes.Defaults{Dt: d.Dt * k, Mass: d.Mass, Friction: d.Friction})
				sys := System{Land: l, Method: m, Params: p}
				pt := NewParticle(l, start)
				u := start.Scale(1 / start.Norm()) // the line through start and 0
				for range 300 {
					sys.Advance(&pt, 1)
					off := math.Abs(pt.Pos.X*u.Y-pt.Pos.Y*u.X) / start.Norm()
					worst = max(worst, off)
				}
			}
		}
		if straight[m] && worst > 1e-12 {
			t.Errorf("%s: described as heading straight for the centre, but strays %.3g (of the start's distance) off the line", name, worst)
		}
		if !straight[m] && worst < 1e-2 {
			t.Errorf("%s: described as curving, but stays within %.3g of the line", name, worst)
		}
	}
}
