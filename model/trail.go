package model

import "github.com/momentum-sim/momentum/landscapes"

// trailCap bounds a trail: it is a ring, so a long run costs no more memory
// than a short one.
const trailCap = 1024

// trail is the recent path of one particle, thinned in space so that its
// points are about one braille dot apart on screen however fast the
// particle moves in steps.
type trail struct {
	pts  [trailCap]landscapes.Vec
	head int // index of the next write
	n    int
}

// Add records p unless it lies within minDist of the last point.
func (t *trail) Add(p landscapes.Vec, minDist float64) {
	if t.n > 0 && t.last().Dist(p) < minDist {
		return
	}
	t.pts[t.head] = p
	t.head = (t.head + 1) % trailCap
	t.n = min(t.n+1, trailCap)
}

func (t *trail) last() landscapes.Vec { return t.pts[(t.head-1+trailCap)%trailCap] }

// Reset forgets the path.
func (t *trail) Reset() { t.head, t.n = 0, 0 }

// Len is the number of points held.
func (t *trail) Len() int { return t.n }

// At returns the i-th point, oldest first.
func (t *trail) At(i int) landscapes.Vec {
	return t.pts[(t.head-t.n+i+2*trailCap)%trailCap]
}
