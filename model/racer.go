package model

import (
	"math"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// measureWindow is how many steps the measured contraction looks back.
const measureWindow = 64

// racer is one particle with its method, trail and recent history.
type racer struct {
	method sim.Method
	on     bool
	p      sim.Particle
	trail  trail

	// dist holds, for the last steps, the size of the state's distance to
	// the nearest known minimum: √(|x − x*|² + |Δx|²). Its ratio over the
	// window is the measured per-step contraction.
	dist   [measureWindow + 1]float64
	nDist  int
	prev   landscapes.Vec       // position before the last step
	minima []landscapes.Minimum // the landscape's, copied once per reset

	forcePeak, velPeak float64 // the arrows' reference magnitudes (see drawArrows)

	tape []segment // the systems this run used, to replay it for export
}

func (r *racer) reset(l *landscapes.Landscape, start landscapes.Vec) {
	r.p = sim.NewParticle(l, start)
	r.trail.Reset()
	r.nDist = 0
	r.prev = start
	r.minima = l.Minima()
	r.forcePeak, r.velPeak = 0, 0
	r.tape = r.tape[:0]
	r.measure()
}

// measure records the distance after a step.
func (r *racer) measure() {
	d := r.p.Grad.Norm() // without a known minimum, |∇f| shrinks at the same rate near one
	if len(r.minima) > 0 {
		best := math.Inf(1)
		for _, m := range r.minima {
			best = min(best, m.At.Dist(r.p.Pos))
		}
		step := r.p.Pos.Sub(r.prev).Norm()
		d = math.Hypot(best, step)
	}
	r.prev = r.p.Pos
	copy(r.dist[:], r.dist[1:])
	r.dist[measureWindow] = d
	r.nDist = min(r.nDist+1, measureWindow+1)
}

// measuredContraction is the geometric mean per-step ratio of the distance
// over the window, or ok = false before there is a window's worth.
func (r *racer) measuredContraction() (rate float64, steps int, ok bool) {
	n := r.nDist - 1
	if n < 8 {
		return 0, 0, false
	}
	first, last := r.dist[measureWindow-n], r.dist[measureWindow]
	if !(first > 0) || !(last > 0) {
		return 0, 0, false
	}
	return math.Pow(last/first, 1/float64(n)), n, true
}
