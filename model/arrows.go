package model

import "math"

// ArrowScale defines what an arrow's length means, in the words the
// explain page and the README use.
const ArrowScale = "an arrow's length is logarithmic in its size: 6 cells at the largest size it has had since the last reset, one cell shorter for every factor of 10 below that, never under half a cell"

// arrowMinCells is the shortest arrow: a force or velocity many decades
// below its peak still shows its direction.
const arrowMinCells = 0.5

// arrowLength is the length in cells of an arrow of magnitude n whose
// largest magnitude since the last reset is peak (see ArrowScale): one cell
// per decade, so equal ratios look equally different wherever the ball is,
// from a steep start (|∇f| in the hundreds on rosenbrock) to the floor of a
// valley (below 1e-3), five decades that a linear scale would squash to
// nothing.
func arrowLength(n, peak float64) float64 {
	if !(n > 0) || !(peak > 0) {
		return 0
	}
	peak = max(peak, n)
	return max(arrowMinCells, arrowCells+math.Log10(n/peak))
}
