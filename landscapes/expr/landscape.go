package expr

import (
	"errors"
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

// defaults are the dynamics suggested for a custom surface. Nothing is
// known about its curvature λ, so they are the textbook momentum-SGD setting
// (learning rate η = Δt²/m = 10⁻³, momentum μ = 1 − Δtε/m = 0.9): gradient
// flow (step Δt/ε) stays stable for λ < 2ε/Δt = 200 and the damped ball for
// λ < 2(1+μ)/η = 3800, which covers hand-written formulas over views a few
// units wide.
var defaults = landscapes.Defaults{Dt: 0.01, Mass: 0.1, Friction: 1}

// DefaultView is the view of an expression when the user gives none.
var DefaultView = landscapes.Rect{XMin: -3, XMax: 3, YMin: -3, YMax: 3}

// ErrNowhereFinite is NewLandscape's error when f or ∇f is not finite at
// any point of the grid searched for a start. Callers word it for their
// context (the command line names --bounds).
var ErrNowhereFinite = errors.New("f is not finite anywhere in the view")

// NewLandscape parses src and makes a landscape of it over view, starting
// where findStart says: the one way the command line and the simulator turn
// text into a surface. Where findStart finds no finite point, the landscape
// starts at *fallback if the caller has one (the command line's --start,
// which it checks itself) and otherwise NewLandscape fails with
// ErrNowhereFinite. Any other error is an *Error, with the column of the
// mistake in src.
func NewLandscape(src string, view landscapes.Rect, fallback *landscapes.Vec) (*landscapes.Landscape, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	l := e.landscape(view)
	start, ok := findStart(l)
	switch {
	case ok:
		l.Start = start
	case fallback != nil:
		l.Start = *fallback
	default:
		return nil, ErrNowhereFinite
	}
	return l, nil
}

// findStart is where a custom landscape starts when the user names no
// start: a quarter of the way in from the view's top-left corner (off the
// centre, where symmetric functions have their minimum), or, where f or ∇f
// is not finite there, the nearest finite point of a 17×17 grid over the
// view. ok is false when no point of that grid is finite.
func findStart(l *landscapes.Landscape) (start landscapes.Vec, ok bool) {
	v := l.View
	want := landscapes.Vec{X: v.XMin + v.Width()/4, Y: v.YMax - v.Height()/4}
	if l.FiniteAt(want) {
		return want, true
	}
	best := math.Inf(1)
	const n = 16
	for i := range n + 1 {
		for j := range n + 1 {
			p := landscapes.Vec{X: v.XMin + v.Width()*float64(i)/n, Y: v.YMin + v.Height()*float64(j)/n}
			if d := p.Dist(want); d < best && l.FiniteAt(p) {
				start, best, ok = p, d, true
			}
		}
	}
	return start, ok
}

// landscape makes a landscape of the expression, starting at the origin
// until its caller picks a start. No minima are known.
func (e *Expr) landscape(view landscapes.Rect) *landscapes.Landscape {
	l := landscapes.New(landscapes.CustomName, e.src, "a surface written as an expression in x and y",
		view, landscapes.Vec{}, defaults, nil,
		e.Value,
		func(p landscapes.Vec) landscapes.Vec { _, g := e.ValueGrad(p); return g },
		func(p landscapes.Vec) landscapes.Sym { _, _, h := e.ValueGradHess(p); return h })
	// A step needs f and ∇f: one forward-mode pass gives both.
	l.SetFGrad(e.onePass())
	// Δt is small, so play more steps per second to keep the ball moving
	// visibly, as the catalog does for its stiff surfaces.
	l.StepsPerSecond = 120
	return l
}
