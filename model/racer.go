package model

import (
	"strconv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
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

	// A --racer race's racer: tune is its own parameters (nil: the
	// model's tuning, which the parameter keys change), label its name in
	// the CSV (the method's, or name#k when the method runs more than
	// once) and tag that k ("" when the method runs once), drawn on the map
	// and in the panel so repeated racers are told apart.
	tune       *sim.Tuning
	adapt      *sim.Adaptive // β₂, δ of a racer without its own parameters that set them
	label, tag string
}

// racerTitle is the racer's method as the panel names it, with #k when
// the method runs more than once.
func racerTitle(r *racer) string {
	if r.tag == "" {
		return r.method.Title()
	}
	return r.method.Title() + " #" + r.tag
}

// racerShade is the shade of its method's colour a racer is drawn in:
// the full colour, or for the k-th racer of a repeated method a step
// fainter per k, so that charts and marks tell them apart.
func racerShade(r *racer) int {
	if r.tag == "" {
		return 0
	}
	k, _ := strconv.Atoi(r.tag)
	return min(2*(k-1), trailShades-1)
}

// params are the parameters the racer runs with: its own, or those the
// model's tuning gives its method.
func (r *racer) params(t sim.Tuning) sim.Params {
	if r.tune != nil {
		return r.tune.For(r.method)
	}
	if r.adapt != nil {
		t.Adaptive = *r.adapt
	}
	return t.For(r.method)
}

// lineup makes the racers of a --racer race, all on, labelled as
// settings.Lineup labels them.
func lineup(rs []settings.Racer, base sim.Tuning) []*racer {
	count := map[sim.Method]int{}
	for _, r := range rs {
		count[r.Method]++
	}
	seen := map[sim.Method]int{}
	var out []*racer
	for _, sr := range rs {
		r := &racer{method: sr.Method, on: true, label: sr.Method.Name()}
		if sr.Own {
			t := sr.Tuning
			r.tune = &t
		} else if a := sr.Tuning.Adaptive; a != base.Adaptive {
			r.adapt = &a
		}
		if count[sr.Method] > 1 {
			seen[sr.Method]++
			r.tag = strconv.Itoa(seen[sr.Method])
			r.label += "#" + r.tag
		}
		out = append(out, r)
	}
	return out
}

func (r *racer) reset(l *landscapes.Landscape, start landscapes.Vec) {
	r.p = sim.NewParticle(l, start)
	r.trail.Reset()
	r.meter = sim.NewContractionMeter(&r.p)
	r.forcePeak, r.velPeak = r.p.Grad.Norm(), 0 // the start counts: its force is often the largest
	r.tape.Reset()
	r.ghost.reset(start)
}
