// Package landscapes holds the loss surfaces the particle rolls over: each
// with its value, analytic gradient and Hessian, the part of the plane worth
// looking at, a start that tells its story, default dynamics parameters and
// its known minima. It is pure math and knows nothing of terminals.
package landscapes

import (
	"fmt"
	"sort"
	"strings"
)

// Rect is an axis-aligned region of the plane.
type Rect struct{ XMin, XMax, YMin, YMax float64 }

func (r Rect) Width() float64  { return r.XMax - r.XMin }
func (r Rect) Height() float64 { return r.YMax - r.YMin }

// Contains reports whether p lies in r, edges included.
func (r Rect) Contains(p Vec) bool {
	return p.X >= r.XMin && p.X <= r.XMax && p.Y >= r.YMin && p.Y <= r.YMax
}

// Minimum is a known local or global minimum.
type Minimum struct {
	At    Vec
	Value float64
}

// Defaults are the physical parameters a landscape suggests: the step Δt,
// the mass m and the friction ε. They are chosen so that gradient flow,
// the heavy ball and the damped ball all behave well from the default start.
// The field set matches sim.Params so one converts to the other.
type Defaults struct {
	Dt, Mass, Friction float64
}

// Landscape is one surface. The value, gradient and Hessian are functions
// rather than an interface per landscape so that the catalog and custom
// expressions share one concrete type (after gonum's optimize/functions,
// which gives each function F, Grad, Hess and Minima).
type Landscape struct {
	Name    string
	Formula string // how f is written, for `momentum list` and the side panel
	About   string // one line: what the landscape shows
	View    Rect
	Start   Vec
	Defaults
	// StepsPerSecond is how fast the UI plays this landscape by default, so that
	// a stiff surface with a tiny Δt still moves visibly.
	StepsPerSecond int
	// LogScale asks contour plots to band log(f − f_min) because f spans
	// many orders of magnitude over the view.
	LogScale bool

	minima []Minimum
	f      func(Vec) float64
	grad   func(Vec) Vec
	hess   func(Vec) Sym
	fgrad  func(Vec) (float64, Vec) // f and ∇f in one pass, when cheaper than two
}

// F is the loss at p.
func (l *Landscape) F(p Vec) float64 { return l.f(p) }

// Grad is the analytic gradient ∇f at p.
func (l *Landscape) Grad(p Vec) Vec { return l.grad(p) }

// FGrad is f and ∇f at p: what every step needs. A landscape that computes
// both in one pass (an expression: its gradient carries its value) gives
// that pass with SetFGrad; the catalog's closed forms are called one after
// the other.
func (l *Landscape) FGrad(p Vec) (float64, Vec) {
	if l.fgrad != nil {
		return l.fgrad(p)
	}
	return l.f(p), l.grad(p)
}

// OnePass is the one-pass f and ∇f SetFGrad gave, or nil: for a loop that
// picks once which to call rather than testing at every point (FGrad
// itself is too big for the compiler to inline).
func (l *Landscape) OnePass() func(Vec) (float64, Vec) { return l.fgrad }

// SetFGrad gives l a one-pass f and ∇f. It must return exactly what F and
// Grad do (the step loop uses it in their place).
func (l *Landscape) SetFGrad(fg func(Vec) (float64, Vec)) { l.fgrad = fg }

// Hess is the analytic Hessian at p.
func (l *Landscape) Hess(p Vec) Sym { return l.hess(p) }

// FiniteAt reports whether f and ∇f are finite numbers at p: where a ball
// can start or be.
func (l *Landscape) FiniteAt(p Vec) bool {
	f, g := l.FGrad(p)
	return isFinite(f) && g.IsFinite()
}

// Minima returns the known minima; the slice is a copy.
func (l *Landscape) Minima() []Minimum { return append([]Minimum(nil), l.minima...) }

// MinValue returns the smallest known minimum value and whether one is known.
func (l *Landscape) MinValue() (float64, bool) {
	if len(l.minima) == 0 {
		return 0, false
	}
	best := l.minima[0].Value
	for _, m := range l.minima[1:] {
		best = min(best, m.Value)
	}
	return best, true
}

// New builds a landscape from its functions. It exists for custom surfaces
// (expressions, tests); the catalog uses it too.
func New(name, formula, about string, view Rect, start Vec, d Defaults, minima []Minimum,
	f func(Vec) float64, grad func(Vec) Vec, hess func(Vec) Sym) *Landscape {
	return &Landscape{
		Name: name, Formula: formula, About: about, View: view, Start: start,
		Defaults: d, StepsPerSecond: 60, minima: minima, f: f, grad: grad, hess: hess,
	}
}

// All returns the catalog in display order. Each call builds fresh values so
// callers may change them (a UI that moves the start, say).
func All() []*Landscape {
	return catalog()
}

// Names returns the catalog's names in display order.
func Names() []string {
	var names []string
	for _, l := range catalog() {
		names = append(names, l.Name)
	}
	return names
}

// ByName finds a catalog landscape; the error lists the valid names.
func ByName(name string) (*Landscape, error) {
	for _, l := range catalog() {
		if l.Name == name {
			return l, nil
		}
	}
	return nil, fmt.Errorf("unknown landscape %q; want one of %s", name, strings.Join(Names(), ", "))
}

// sortedMinima orders minima by value then position, so listings are stable.
func sortedMinima(ms []Minimum) []Minimum {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Value != ms[j].Value {
			return ms[i].Value < ms[j].Value
		}
		if ms[i].At.X != ms[j].At.X {
			return ms[i].At.X < ms[j].At.X
		}
		return ms[i].At.Y < ms[j].At.Y
	})
	return ms
}

// CustomName is the name of every landscape made from an expression
// (package landscapes/expr).
const CustomName = "custom"
