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
	seq  int // points ever added; the i-th oldest held point is number seq−n+i
}

// Add records p unless it lies within minDist of the last point.
func (t *trail) Add(p landscapes.Vec, minDist float64) {
	if t.n > 0 && t.last().Dist(p) < minDist {
		return
	}
	t.pts[t.head] = p
	t.head = (t.head + 1) % trailCap
	t.n = min(t.n+1, trailCap)
	t.seq++
}

// shadeBucket is how many points share a shade. Shades are tied to a
// point's number, not its rank, so they change in steps of a bucket and a
// frame redraws only the rows where the trail grew.
const shadeBucket = trailCap / trailShades

// Shade is the age class of the i-th oldest point: 0 for the newest bucket.
func (t *trail) Shade(i int) int {
	seq := t.seq - t.n + i
	return min(trailShades-1, (t.seq-1)/shadeBucket-seq/shadeBucket)
}

func (t *trail) last() landscapes.Vec { return t.pts[(t.head-1+trailCap)%trailCap] }

// Reset forgets the path.
func (t *trail) Reset() { t.head, t.n, t.seq = 0, 0, 0 }

// Len is the number of points held.
func (t *trail) Len() int { return t.n }

// At returns the i-th point, oldest first.
func (t *trail) At(i int) landscapes.Vec {
	return t.pts[(t.head-t.n+i+2*trailCap)%trailCap]
}
