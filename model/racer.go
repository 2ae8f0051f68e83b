package model

import (
	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// racer is one particle with its method, trail and recent history.
type racer struct {
	method sim.Method
	on     bool
	p      sim.Particle
	trail  trail
	meter  sim.ContractionMeter // the measured contraction over the last steps

	forcePeak, velPeak float64 // the largest |∇f| and |v| since the reset: the arrows' scale (see ArrowScale)

	tape sim.Tape // the systems this run used, to replay it for export

	ghost ghost // the continuous-time twin (ghost.go)
}

func (r *racer) reset(l *landscapes.Landscape, start landscapes.Vec) {
	r.p = sim.NewParticle(l, start)
	r.trail.Reset()
	r.meter = sim.NewContractionMeter(&r.p)
	r.forcePeak, r.velPeak = r.p.Grad.Norm(), 0 // the start counts: its force is often the largest
	r.tape.Reset()
	r.ghost.reset(start)
}
