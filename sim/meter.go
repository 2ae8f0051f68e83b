package sim

import (
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

// MeterWindow is how many steps the contraction meter looks back.
const MeterWindow = 64

// ContractionMeter measures how fast a run settles: after each step it
// records the size of the state's distance to the nearest known minimum,
// √(|x − x*|² + |Δx|²) (or |∇f| where no minimum is known, which shrinks at
// the same rate near one), and its rate is the geometric-mean ratio per step
// over the last MeterWindow steps. On a quadratic that is the largest |σ|
// of the characteristic polynomial, the Contraction that Direction predicts.
// It is a value without pointers of its own beyond the minima it is given,
// so recording allocates nothing.
type ContractionMeter struct {
	dist   [MeterWindow + 1]float64
	n      int
	prev   Vec
	minima []landscapes.Minimum
}

// NewContractionMeter starts a meter for a run on l from the particle p.
func NewContractionMeter(l *landscapes.Landscape, p *Particle) ContractionMeter {
	c := ContractionMeter{prev: p.Pos, minima: l.Minima()}
	c.Record(p)
	return c
}

// Record adds the state after a step.
func (c *ContractionMeter) Record(p *Particle) {
	d := p.Grad.Norm()
	if len(c.minima) > 0 {
		best := math.Inf(1)
		for _, m := range c.minima {
			best = min(best, m.At.Dist(p.Pos))
		}
		d = math.Hypot(best, p.Pos.Sub(c.prev).Norm())
	}
	c.prev = p.Pos
	copy(c.dist[:], c.dist[1:])
	c.dist[MeterWindow] = d
	c.n = min(c.n+1, MeterWindow+1)
}

// Rate is the measured contraction per step over the steps it spans, or
// ok = false before there are 8 steps to measure or when a distance is 0.
func (c *ContractionMeter) Rate() (rate float64, steps int, ok bool) {
	n := c.n - 1
	if n < 8 {
		return 0, 0, false
	}
	first, last := c.dist[MeterWindow-n], c.dist[MeterWindow]
	if !(first > 0) || !(last > 0) {
		return 0, 0, false
	}
	return math.Pow(last/first, 1/float64(n)), n, true
}
