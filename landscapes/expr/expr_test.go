package expr

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/expr-lang/expr/parser"

	"github.com/momentum-sim/momentum/landscapes"
)

// samplePoints returns points spread over the view and a margin around it,
// from a fixed seed so failures reproduce.
func samplePoints(l *landscapes.Landscape, n int) []landscapes.Vec {
	r := rand.New(rand.NewPCG(1, 2))
	v := l.View
	pts := []landscapes.Vec{l.Start}
	for _, m := range l.Minima() {
		pts = append(pts, m.At)
	}
	for range n {
		pts = append(pts, landscapes.Vec{
			X: v.XMin - 0.2*v.Width() + 1.4*v.Width()*r.Float64(),
			Y: v.YMin - 0.2*v.Height() + 1.4*v.Height()*r.Float64(),
		})
	}
	return pts
}

// closeRel is |a − b| ≤ tol·max(1, |a|, |b|): relative for big numbers,
// absolute near zero, as gonum's validate.go compares derivatives.
func closeRel(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// catalogExprs writes each built-in landscape as a user expression.
var catalogExprs = map[string]string{
	"bowl":       "(x^2 + y^2)/2",
	"ravine":     "(x^2 + 20*y^2)/2",
	"rosenbrock": "(1 - x)^2 + 100*(y - x^2)^2",
	"himmelblau": "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
	"beale":      "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
	"camel":      "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
	"rastrigin":  "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
	"saddle":     "x^2/2 + y^4/4 - y^2/2",
	"plateau":    "6e-4*sqrt(1 + x^2 + y^2) - exp(-(x^2 + y^2)/2)",
}

func mustParse(t testing.TB, src string) *Expr {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return e
}

// same is bitwise equality that counts NaN equal to NaN.
func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// evalAll runs the three evaluations and checks they agree exactly on what
// they share: they must, since all three run the same operations.
func evalAll(t testing.TB, e *Expr, p landscapes.Vec) (float64, landscapes.Vec, landscapes.Sym) {
	t.Helper()
	v0 := e.Value(p)
	v1, g1 := e.ValueGrad(p)
	v2, g2, h := e.ValueGradHess(p)
	if !same(v0, v1) || !same(v0, v2) {
		t.Fatalf("%q at %v: Value %v, ValueGrad %v, ValueGradHess %v", e, p, v0, v1, v2)
	}
	if !same(g1.X, g2.X) || !same(g1.Y, g2.Y) {
		t.Fatalf("%q at %v: ValueGrad ∇f %v, ValueGradHess ∇f %v", e, p, g1, g2)
	}
	// The first-order pass runs fused code (fuseDual), and plain
	// arithmetic in its own loop (dualArith): both must give the plain
	// code's numbers to the bit, signed zeros included.
	v3, g3 := unfused(e).ValueGrad(p)
	if !identical(v1, v3) || !identical(g1.X, g3.X) || !identical(g1.Y, g3.Y) {
		t.Fatalf("%q at %v: fused f, ∇f %v %v, unfused %v %v", e, p, v1, g1, v3, g3)
	}
	return v2, g2, h
}

// unfused is e with its first-order pass running the plain code, through
// the general loop.
func unfused(e *Expr) *Expr {
	return &Expr{src: e.src, code: e.code, fast: e.code, depth: e.depth, sqX: true, sqY: true}
}

// identical is equality of the bits, with any NaN equal to any other.
func identical(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// namesLeaf is whether a fused opcode takes a leaf operand.
func namesLeaf(op opcode) bool {
	switch op {
	case opAddKSq, opKSubSq, opSqMulK, opMulKAddK, opMulKKSub, opAddSq:
		return false
	}
	return true
}

// TestFusedCode pins what fuseDual makes of the catalog's formulas: fewer
// instructions than the plain code, plain arithmetic where there are no
// functions, each fused instruction exact (evalAll compares the bits).
func TestFusedCode(t *testing.T) {
	for name, want := range map[string]int{"rosenbrock": 6, "himmelblau": 7, "camel": 10, "beale": 13} {
		e := mustParse(t, catalogExprs[name])
		if len(e.fast) != want || !e.arith {
			t.Errorf("%s: %d plain, %d fused instructions (want %d), plain arithmetic %v",
				name, len(e.code), len(e.fast), want, e.arith)
		}
	}
	// Every fused instruction that names a leaf says so to usesSquares.
	for op := opAddL; op <= opMulLAdd; op++ {
		in := instr{op: op, l: leafXSq, n: leafYSq}
		x, y := usesSquares([]instr{in})
		if two := op == opLMulL || op == opAddLL; !x && namesLeaf(op) || y != two {
			t.Errorf("opcode %d: uses x² %v, y² %v", op, x, y)
		}
	}
	for _, src := range []string{"sin(x) + y^2", "x^7 + y", "x^y", "sqrt(x^2 + 1)"} {
		if mustParse(t, src).arith {
			t.Errorf("%q runs in the loop without calls", src)
		}
	}
	for _, src := range []string{
		"x*y + x^3 - 2*y^4 + (3 - x)^2/(1 + y^2)", "x/y - y/x + x^6 - y^5", "-x*y^2 + 4 - 2*x",
		"(x - y)^2*3 + (2 - x*y)^2", "x^2 + y^2 - x*x - y*y", "1/(x^2 + y^2)", "x^0 + y^1 + x^-2",
		"sin(x*y) + (x + y^2 - 7)^2 + exp(-x^2)*y", "x^y + (y - 3*x^2)^2",
		// Leaves used by one fused instruction only, which must still be
		// computed: (a + x·1)·x² is a + b·x² with x² in opMulLAdd alone.
		"0^x + x*1*x^2", "y + x*y^2", "x - y*x^2", "x + y/y^2", "x*y^2 + y", "x + x^2*y^2",
	} {
		e := mustParse(t, src)
		for _, p := range points(15, -3, 3) {
			evalAll(t, e, p)
		}
		for _, p := range []landscapes.Vec{{X: 0, Y: 0}, {X: math.Copysign(0, -1), Y: 1}, {X: 1e200, Y: -1e200}, {X: math.Inf(1), Y: 2}, {X: math.NaN(), Y: 0}} {
			evalAll(t, e, p)
		}
	}
}

func TestExprMatchesCatalog(t *testing.T) {
	for _, l := range landscapes.All() {
		t.Run(l.Name, func(t *testing.T) {
			src, ok := catalogExprs[l.Name]
			if !ok {
				t.Fatalf("no expression for %s; add one to catalogExprs", l.Name)
			}
			e := mustParse(t, src)
			const tol = 1e-12
			for _, p := range samplePoints(l, 2000) {
				v, g, h := evalAll(t, e, p)
				wg, wh := l.Grad(p), l.Hess(p)
				if !closeRel(v, l.F(p), tol) {
					t.Fatalf("at %v: f = %v, analytic %v", p, v, l.F(p))
				}
				if !closeRel(g.X, wg.X, tol) || !closeRel(g.Y, wg.Y, tol) {
					t.Fatalf("at %v: ∇f = %v, analytic %v", p, g, wg)
				}
				if !closeRel(h.XX, wh.XX, tol) || !closeRel(h.XY, wh.XY, tol) || !closeRel(h.YY, wh.YY, tol) {
					t.Fatalf("at %v: Hessian = %+v, analytic %+v", p, h, wh)
				}
			}
		})
	}
}

func TestNewLandscapeMatchesCatalog(t *testing.T) {
	l0, _ := landscapes.ByName("rosenbrock")
	l, err := NewLandscape(catalogExprs["rosenbrock"], l0.View, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "custom" || l.Formula != catalogExprs["rosenbrock"] || l.About == "" {
		t.Errorf("Name %q, Formula %q, About %q", l.Name, l.Formula, l.About)
	}
	if l.View != l0.View {
		t.Errorf("view %+v, want the caller's %+v", l.View, l0.View)
	}
	if l.Defaults != (landscapes.Defaults{Dt: 0.01, Mass: 0.1, Friction: 1}) {
		t.Errorf("Defaults %+v", l.Defaults)
	}
	if len(l.Minima()) != 0 {
		t.Errorf("minima %v, want none", l.Minima())
	}
	if _, ok := l.MinValue(); ok {
		t.Error("MinValue reports a known minimum")
	}
	for _, p := range samplePoints(l0, 100) {
		if !closeRel(l.F(p), l0.F(p), 1e-12) || l.Grad(p).Dist(l0.Grad(p)) > 1e-12*math.Max(1, l0.Grad(p).Norm()) {
			t.Fatalf("at %v: f %v ∇f %v, catalog %v %v", p, l.F(p), l.Grad(p), l0.F(p), l0.Grad(p))
		}
		h, h0 := l.Hess(p), l0.Hess(p)
		if !closeRel(h.XX, h0.XX, 1e-12) || !closeRel(h.XY, h0.XY, 1e-12) || !closeRel(h.YY, h0.YY, 1e-12) {
			t.Fatalf("at %v: Hessian %+v, catalog %+v", p, h, h0)
		}
	}

	_, err = NewLandscape("x +", l0.View, nil)
	var ee *Error
	if !errors.As(err, &ee) || ee.Column != 4 || err.Error() != "unexpected end of input at column 4" {
		t.Fatalf("NewLandscape(%q) error %v (%#v)", "x +", err, ee)
	}
}

// Without a start, NewLandscape starts a quarter of the way in from the
// view's top-left corner, or at the nearest grid point where f and ∇f are
// finite, or refuses with ErrNowhereFinite.
func TestNewLandscapeFindsAStart(t *testing.T) {
	view := landscapes.Rect{XMin: -4, XMax: 4, YMin: -2, YMax: 6}
	cases := []struct {
		src  string
		want landscapes.Vec
	}{
		{"x^2 + y^2", landscapes.Vec{X: -2, Y: 4}},
		// log(x) is finite only for x > 0: the grid's columns are 0.5 apart,
		// so the nearest finite point to (−2, 4) is (0.5, 4).
		{"log(x) + y^2", landscapes.Vec{X: 0.5, Y: 4}},
		// sqrt(y - 5) has an infinite derivative at y = 5, so y = 5.5.
		{"sqrt(y - 5) + x^2", landscapes.Vec{X: -2, Y: 5.5}},
	}
	for _, c := range cases {
		// A fallback is only for when no start is found.
		for _, fallback := range []*landscapes.Vec{nil, {X: 1, Y: 1}} {
			l, err := NewLandscape(c.src, view, fallback)
			if err != nil {
				t.Fatalf("%s: %v", c.src, err)
			}
			if l.Start != c.want || l.View != view {
				t.Errorf("%s: start %v view %+v, want %v %+v", c.src, l.Start, l.View, c.want, view)
			}
		}
	}
	for _, src := range []string{"log(-x^2 - 1)", "1/0 + x", "sqrt(-1) * y"} {
		if _, err := NewLandscape(src, view, nil); !errors.Is(err, ErrNowhereFinite) {
			t.Errorf("%s: error %v, want ErrNowhereFinite", src, err)
		}
		// A caller with a start of its own is not refused: it checks that
		// start itself.
		p := landscapes.Vec{X: 1, Y: 1}
		if l, err := NewLandscape(src, view, &p); err != nil || l.Start != p {
			t.Errorf("%s with fallback %v: %v", src, p, err)
		}
	}
}

// points returns n points of the box [lo, hi]² from a fixed seed.
func points(n int, lo, hi float64) []landscapes.Vec {
	r := rand.New(rand.NewPCG(3, 4))
	ps := make([]landscapes.Vec, n)
	for i := range ps {
		ps[i] = landscapes.Vec{X: lo + (hi-lo)*r.Float64(), Y: lo + (hi-lo)*r.Float64()}
	}
	return ps
}

// TestFunctionDerivatives checks each function g through f = g(u) with
// u = x·y, against derivatives written out by hand and computed another way:
// with g1 = g′ and g2 = g″: f_x = g1·y, f_y = g1·x, f_xx = g2·y²,
// f_xy = g2·xy + g1, f_yy = g2·x².
func TestFunctionDerivatives(t *testing.T) {
	cases := []struct {
		name      string
		g, g1, g2 func(u float64) float64
	}{
		{"sin", math.Sin, math.Cos, func(u float64) float64 { return -math.Sin(u) }},
		{"cos", math.Cos, func(u float64) float64 { return -math.Sin(u) }, func(u float64) float64 { return -math.Cos(u) }},
		{"tan", math.Tan,
			func(u float64) float64 { c := math.Cos(u); return 1 / (c * c) },
			func(u float64) float64 { c := math.Cos(u); return 2 * math.Sin(u) / (c * c * c) }},
		{"exp", math.Exp, math.Exp, math.Exp},
		{"log", math.Log, func(u float64) float64 { return 1 / u }, func(u float64) float64 { return -1 / (u * u) }},
		{"sqrt", math.Sqrt,
			func(u float64) float64 { return 1 / (2 * math.Sqrt(u)) },
			func(u float64) float64 { return -1 / (4 * u * math.Sqrt(u)) }},
		{"abs", math.Abs, func(u float64) float64 { return math.Copysign(1, u) }, func(float64) float64 { return 0 }},
		{"tanh", math.Tanh,
			func(u float64) float64 { c := math.Cosh(u); return 1 / (c * c) },
			func(u float64) float64 { c := math.Cosh(u); return -2 * math.Sinh(u) / (c * c * c) }},
		{"sinh", math.Sinh, math.Cosh, math.Sinh},
		{"cosh", math.Cosh, math.Sinh, math.Cosh},
		{"atan", math.Atan,
			func(u float64) float64 { return 1 / (1 + u*u) },
			func(u float64) float64 { return -2 * u / ((1 + u*u) * (1 + u*u)) }},
	}
	if len(cases) != len(funcNames) {
		t.Fatalf("%d functions tested, %d defined", len(cases), len(funcNames))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustParse(t, c.name+"(x*y)")
			// u = xy stays in (0.04, 1.44): inside every domain, short of π/2.
			pts := points(300, 0.2, 1.2)
			if c.name == "abs" {
				pts = append(pts, points(300, -1.2, -0.2)...)
				for i := range 300 {
					pts = append(pts, landscapes.Vec{X: pts[i].X, Y: -pts[i].Y})
				}
			}
			for _, p := range pts {
				u := p.X * p.Y
				g, g1, g2 := c.g(u), c.g1(u), c.g2(u)
				want := [6]float64{g, g1 * p.Y, g1 * p.X, g2 * p.Y * p.Y, g2*p.X*p.Y + g1, g2 * p.X * p.X}
				v, gr, h := evalAll(t, e, p)
				got := [6]float64{v, gr.X, gr.Y, h.XX, h.XY, h.YY}
				for i := range got {
					if !closeRel(got[i], want[i], 1e-12) {
						t.Fatalf("at %v: (f, fx, fy, fxx, fxy, fyy) = %v, want %v", p, got, want)
					}
				}
			}
		})
	}
}

// hand is an expected value, gradient and Hessian.
type hand struct {
	f          float64
	fx, fy     float64
	xx, xy, yy float64
}

func TestPowers(t *testing.T) {
	ln2 := math.Ln2
	cases := []struct {
		src  string
		at   landscapes.Vec
		want func(x, y float64) hand
	}{
		{"x^2", landscapes.Vec{X: -1, Y: 0}, func(x, y float64) hand { return hand{1, -2, 0, 2, 0, 0} }},
		{"x^2", landscapes.Vec{X: 0, Y: 0}, func(x, y float64) hand { return hand{0, 0, 0, 2, 0, 0} }},
		{"x^3", landscapes.Vec{X: -1.7, Y: 0}, func(x, y float64) hand { return hand{x * x * x, 3 * x * x, 0, 6 * x, 0, 0} }},
		{"x^-2", landscapes.Vec{X: -0.7, Y: 0}, func(x, y float64) hand { return hand{1 / (x * x), -2 / (x * x * x), 0, 6 / (x * x * x * x), 0, 0} }},
		{"x^0", landscapes.Vec{X: 0, Y: 0}, func(x, y float64) hand { return hand{1, 0, 0, 0, 0, 0} }},
		{"x^1", landscapes.Vec{X: 0, Y: 0}, func(x, y float64) hand { return hand{0, 1, 0, 0, 0, 0} }},
		{"x^0.5", landscapes.Vec{X: 2.3, Y: 0}, func(x, y float64) hand {
			return hand{math.Sqrt(x), 0.5 / math.Sqrt(x), 0, -0.25 / (x * math.Sqrt(x)), 0, 0}
		}},
		{"x^1.5", landscapes.Vec{X: 2.3, Y: 0}, func(x, y float64) hand {
			return hand{x * math.Sqrt(x), 1.5 * math.Sqrt(x), 0, 0.75 / math.Sqrt(x), 0, 0}
		}},
		{"x^70", landscapes.Vec{X: 1.01, Y: 0}, func(x, y float64) hand {
			return hand{math.Pow(x, 70), 70 * math.Pow(x, 69), 0, 70 * 69 * math.Pow(x, 68), 0, 0}
		}},
		{"2^x", landscapes.Vec{X: 1.3, Y: 0}, func(x, y float64) hand {
			v := math.Pow(2, x)
			return hand{v, ln2 * v, 0, ln2 * ln2 * v, 0, 0}
		}},
		{"e^x", landscapes.Vec{X: 1.3, Y: 0}, func(x, y float64) hand { v := math.Exp(x); return hand{v, v, 0, v, 0, 0} }},
		{"x**y", landscapes.Vec{X: 1.7, Y: 0.6}, func(x, y float64) hand {
			v, l := math.Pow(x, y), math.Log(x)
			return hand{v, y * math.Pow(x, y-1), v * l, y * (y - 1) * math.Pow(x, y-2),
				math.Pow(x, y-1) * (1 + y*l), v * l * l}
		}},
		// (x² + 1)^y = exp(y·log(x² + 1)), differentiated by hand.
		{"(x^2 + 1)^y", landscapes.Vec{X: 0.8, Y: -1.3}, func(x, y float64) hand {
			a := x*x + 1
			v, l := math.Pow(a, y), math.Log(a)
			ax := 2 * x / a // d/dx log a
			return hand{v, v * y * ax, v * l, v * (y*y*ax*ax + y*(2/a-ax*ax)),
				v * (y*l*ax + ax), v * l * l}
		}},
	}
	for _, c := range cases {
		e := mustParse(t, c.src)
		v, g, h := evalAll(t, e, c.at)
		w := c.want(c.at.X, c.at.Y)
		got := [6]float64{v, g.X, g.Y, h.XX, h.XY, h.YY}
		want := [6]float64{w.f, w.fx, w.fy, w.xx, w.xy, w.yy}
		for i := range got {
			if !closeRel(got[i], want[i], 1e-12) {
				t.Errorf("%s at %v: (f, fx, fy, fxx, fxy, fyy) = %v, want %v", c.src, c.at, got, want)
				break
			}
		}
	}

	// x^2 at −1 is exact, not merely close: integer powers are products.
	if v, g, h := evalAll(t, mustParse(t, "x^2"), landscapes.Vec{X: -1, Y: 0}); v != 1 || g.X != -2 || h.XX != 2 {
		t.Errorf("x^2 at −1: %v %v %+v", v, g, h)
	}
	// A negative base with an integer-valued variable exponent has a value
	// and an x-derivative; the y-derivative needs log(x) and is NaN.
	v, g, _ := evalAll(t, mustParse(t, "x^y"), landscapes.Vec{X: -2, Y: 3})
	if v != -8 || g.X != 12 || !math.IsNaN(g.Y) {
		t.Errorf("x^y at (−2, 3): f %v ∇f %v, want −8, (12, NaN)", v, g)
	}
}

// TestChainRuleIgnoresAbsentVariables pins the 0·∞ = 0 rule: sqrt(y) does
// not depend on x, so ∂/∂x is 0 even where ∂/∂y is infinite.
func TestChainRuleIgnoresAbsentVariables(t *testing.T) {
	v, g, h := evalAll(t, mustParse(t, "sqrt(y) + x"), landscapes.Vec{X: 1, Y: 0})
	if v != 1 || g.X != 1 || !math.IsInf(g.Y, 1) || h.XX != 0 || h.XY != 0 || !math.IsInf(h.YY, -1) {
		t.Errorf("sqrt(y) + x at (1, 0): %v %v %+v", v, g, h)
	}
	if _, g, _ := evalAll(t, mustParse(t, "abs(x)"), landscapes.Vec{X: 0, Y: 0}); g.X != 0 {
		t.Errorf("abs'(0) = %v, want the subgradient 0", g.X)
	}
}

func TestNonFiniteValuesAreNotErrors(t *testing.T) {
	cases := []struct {
		src  string
		at   landscapes.Vec
		want float64
	}{
		{"log(x)", landscapes.Vec{X: -1, Y: 0}, math.NaN()},
		{"log(x)", landscapes.Vec{X: 0, Y: 0}, math.Inf(-1)},
		{"1/x", landscapes.Vec{X: 0, Y: 0}, math.Inf(1)},
		{"x/y", landscapes.Vec{X: 0, Y: 0}, math.NaN()},
		{"sqrt(x)", landscapes.Vec{X: -4, Y: 0}, math.NaN()},
		{"x^0.5", landscapes.Vec{X: -4, Y: 0}, math.NaN()},
		{"exp(x)", landscapes.Vec{X: 1000, Y: 0}, math.Inf(1)},
	}
	for _, c := range cases {
		v, _, _ := evalAll(t, mustParse(t, c.src), c.at)
		if !same(v, c.want) {
			t.Errorf("%s at %v = %v, want %v", c.src, c.at, v, c.want)
		}
	}
}

// TestPrecedence pins how expr-lang's parser groups operators: ^ and ** are
// right-associative and bind tighter than unary minus, which binds tighter
// than * and /.
func TestPrecedence(t *testing.T) {
	x, y := 1.5, -0.5
	cases := []struct {
		src  string
		want float64
	}{
		{"-x^2", -(x * x)},
		{"-2^2", -4},
		{"(-2)^2", 4},
		{"2^3^2", 512},
		{"2**3**2", 512},
		{"(2^3)^2", 64},
		{"2^-1", 0.5},
		{"2^-1^2", 0.5}, // 2^(−(1^2))
		{"x^-y^2", math.Pow(x, -(y * y))},
		{"-x*y", -(x * y)},
		{"2*-x", -2 * x},
		{"x - -y", x + y},
		{"--x", x},
		{"+x", x},
		{"x - y - 1", (x - y) - 1},
		{"x / y / 2", (x / y) / 2},
		{"1 + 2*3", 7},
		{"(1 + 2)*3", 9},
		{"2*3^2", 18},
		{"-sin(x)^2", -(math.Sin(x) * math.Sin(x))},
		{"x*y^2", x * y * y},
		{"pi", math.Pi},
		{"e", math.E},
		{"2*pi*x", 2 * math.Pi * x},
		{"1.5e2 + .5 + 5. + 1E-3", 150 + 0.5 + 5 + 1e-3},
		{"1e-400", 0},
		{"123456789012345678901234567890", 123456789012345678901234567890},
		{" x\t+\ny ", x + y},
		{"sin (x)", math.Sin(x)},
	}
	for _, c := range cases {
		e := mustParse(t, c.src)
		if got := e.Value(landscapes.Vec{X: x, Y: y}); !closeRel(got, c.want, 1e-15) {
			t.Errorf("%s = %v, want %v", c.src, got, c.want)
		}
		if e.String() != c.src {
			t.Errorf("String() = %q, want %q", e.String(), c.src)
		}
	}
}

func TestExprErrors(t *testing.T) {
	want := "want x, y, pi, e or one of sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, atan"
	cases := []struct {
		src, msg string
		col      int
	}{
		{"", "expression is empty", 0},
		{" \t ", "expression is empty", 0},
		{"x +", "unexpected end of input at column 4", 4},
		{"x + ", "unexpected end of input at column 5", 5},
		{"-", "unexpected end of input at column 2", 2},
		{"x + z", `unknown name "z" at column 5; ` + want, 5},
		{"X", `unknown name "X" at column 1; ` + want, 1},
		{"len(x)", `unknown name "len" at column 1; ` + want, 1},
		{"foo(x)", `unknown name "foo" at column 1; ` + want, 1},
		{"x in y", `unknown name "in" at column 3; ` + want, 3},
		{"x and y", `unknown name "and" at column 3; ` + want, 3},
		{"true", `unknown name "true" at column 1; ` + want, 1},
		{"x2", `unknown name "x2" at column 1; ` + want, 1},
		{"sin(x, y)", "sin takes 1 argument, got 2 at column 1", 1},
		{"1 + cos()", "cos takes 1 argument, got 0 at column 5", 5},
		{"sin x", `expected "(" after sin at column 5`, 5},
		{"exp", `expected "(" after exp at column 4`, 4},
		{"2x", `missing operator before "x" at column 2`, 2},
		{"2e", `missing operator before "e" at column 2`, 2},
		{"x y", `missing operator before "y" at column 3`, 3},
		{"2 3", `missing operator before "3" at column 3`, 3},
		{"x(y)", `missing operator before "(" at column 2`, 2},
		{"(x)(y)", `missing operator before "(" at column 4`, 4},
		{"* x", `unexpected "*" at column 1`, 1},
		{"x * / y", `unexpected "/" at column 5`, 5},
		{"x ^^ y", `unexpected "^" at column 4`, 4},
		{"x *** y", `unexpected "*" at column 5`, 5},
		{"x // y", `unexpected "/" at column 4`, 4},
		{"x /* y */", `unexpected "*" at column 4`, 4},
		{"(x", `unclosed "(" at column 1`, 1},
		{"sin(cos(x)", `unclosed "(" at column 4`, 4},
		{"x)", `unmatched ")" at column 2`, 2},
		{"()", "empty parentheses at column 2", 2},
		{"(x +)", `unexpected ")" at column 5`, 5},
		{"x, y", `unexpected "," at column 2`, 2},
		{"(x, y)", `unexpected "," at column 3`, 3},
		{"1e999", "number 1e999 is too large at column 1", 1},
		{"x % 2", `unexpected character "%" at column 3`, 3},
		{"x²", `unexpected character "²" at column 2`, 2},
		{"π", `unexpected character "π" at column 1`, 1},
		{"x + \xff", "invalid UTF-8 byte 0xff at column 5", 5},
		{"x_1", `unexpected character "_" at column 2`, 2},
		{"x == y", `unexpected character "=" at column 3`, 3},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		var ee *Error
		if !errors.As(err, &ee) {
			t.Errorf("Parse(%q) = %v, want an *Error", c.src, err)
			continue
		}
		if err.Error() != c.msg || ee.Column != c.col {
			t.Errorf("Parse(%q):\n got %q (column %d)\nwant %q (column %d)", c.src, err, ee.Column, c.msg, c.col)
		}
	}
}

// TestRejectedConstructs covers expr-lang features outside our grammar:
// each must fail at the column where it starts.
func TestRejectedConstructs(t *testing.T) {
	cases := []struct {
		src, msg string
	}{
		{`"x"`, "strings are not allowed at column 1"},
		{`x + 'a'`, "strings are not allowed at column 5"},
		{"x + `a`", "strings are not allowed at column 5"},
		{"x.y", `unexpected "." at column 2`},
		{"[1]", `unexpected character "[" at column 1`},
		{"{a: 1}", `unexpected character "{" at column 1`},
		{"x ? 1 : 2", `unexpected character "?" at column 3`},
		{"x ?? 1", `unexpected character "?" at column 3`},
		{"x | sin()", `unexpected character "|" at column 3`},
		{"x; y", `unexpected character ";" at column 2`},
		{"let a = 1; a", `unknown name "let" at column 1`},
		{"if x { 1 } else { 2 }", `unknown name "if" at column 1`},
		{"not x", `unknown name "not" at column 1`},
		{"nil", `unknown name "nil" at column 1`},
		{"map(x, # + 1)", `unknown name "map" at column 1`},
		{"x..y", `unexpected "." at column 2`},
		{"#", `unexpected character "#" at column 1`},
		{"$env", `unexpected character "$" at column 1`},
		{"0x10", `unknown name "x10" at column 2`},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		var ee *Error
		if !errors.As(err, &ee) || ee.Column < 1 || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("Parse(%q) = %v, want %q…", c.src, err, c.msg)
		}
	}
}

// TestBuildRejectsForeignNodes feeds build trees straight from expr-lang's
// parser, bypassing scan, so the second line of defence is tested on its
// own: nothing outside the grammar reaches the evaluator.
func TestBuildRejectsForeignNodes(t *testing.T) {
	cases := []struct {
		src, msg string
	}{
		{`x + "a"`, "strings are not allowed at column 5"},
		{`x.y`, "member access is not allowed at column 3"},
		{`x?.y`, "member access is not allowed at column 4"},
		{`x[1]`, "member access is not allowed at column 2"},
		{`x[1:2]`, "slices are not allowed at column 2"},
		{`[1]`, "arrays are not allowed at column 1"},
		{`{a: 1}`, "maps are not allowed at column 1"},
		{`x ? 1 : 2`, "conditionals are not allowed"},
		{`true`, "booleans are not allowed at column 1"},
		{`nil`, "nil is not allowed at column 1"},
		{`len(x)`, `unknown name "len" at column 1`},
		{`max(x, y)`, `unknown name "max" at column 1`},
		{`foo(x)`, `unknown name "foo" at column 1`},
		{`sin(x, y)`, "sin takes 1 argument, got 2 at column 1"},
		{`abs(x, y)`, "abs takes 1 argument, got 2 at column 1"},
		{`x.sin(y)`, "only the functions"},
		{`x in y`, `operator "in" is not allowed at column 3`},
		{`x == y`, `operator "==" is not allowed at column 3`},
		{`x % y`, `operator "%" is not allowed at column 3`},
		{`x .. y`, `operator ".." is not allowed at column 3`},
		{`!x`, `operator "!" is not allowed at column 1`},
		{`not x`, `operator "not" is not allowed at column 1`},
		{`z`, `unknown name "z" at column 1`},
		{`sin + 1`, `expected "(" after sin at column 1`},
		{`let a = 1; a`, "variables are not allowed"},
		{`x; y`, "sequences are not allowed"},
		{`map([1], # * 2)`, `unknown name "map" at column 1`},
	}
	for _, c := range cases {
		tree, err := parser.Parse(c.src)
		if err != nil {
			t.Errorf("parser.Parse(%q): %v", c.src, err)
			continue
		}
		_, ee := build(tree.Node, nil)
		if ee == nil || ee.Column < 1 || !strings.HasPrefix(ee.Error(), c.msg) {
			t.Errorf("build(%q) = %v, want %q…", c.src, ee, c.msg)
		}
	}
	// What build accepts from expr-lang directly still evaluates right.
	tree, err := parser.Parse("1 + 2.5*x - abs(y)")
	if err != nil {
		t.Fatal(err)
	}
	n, ee := build(tree.Node, nil)
	if ee != nil {
		t.Fatal(ee)
	}
	code, depth := emit(n)
	if v := (&Expr{code: code, depth: depth}).Value(landscapes.Vec{X: 2, Y: -3}); v != 3 {
		t.Errorf("1 + 2.5*x - abs(y) at (2, −3) = %v, want 3", v)
	}
}

func TestExprLimits(t *testing.T) {
	// A megabyte, and 100,000 nested parentheses: refused by length at once.
	huge := strings.Repeat("x+", 1<<19) + "x"
	_, err := Parse(huge)
	if want := fmt.Sprintf("expression is %d bytes long; at most 10000 are accepted", len(huge)); err == nil || err.Error() != want {
		t.Errorf("1 MB expression: %v", err)
	}
	if _, err := Parse(strings.Repeat("(", 100000) + "x" + strings.Repeat(")", 100000)); err == nil {
		t.Error("100,000 nested parentheses accepted")
	}

	// Within the length limit, the depth limit stops the nesting before the
	// parser recurses.
	nest := func(n int, inner string) string {
		return strings.Repeat("(", n) + inner + strings.Repeat(")", n)
	}
	if _, err := Parse(nest(MaxDepth, "x")); err != nil {
		t.Errorf("%d nested parentheses: %v", MaxDepth, err)
	}
	_, err = Parse(nest(MaxDepth+1, "x"))
	if want := "parentheses nested more than 100 deep at column 101"; err == nil || err.Error() != want {
		t.Errorf("%d nested parentheses: %v, want %q", MaxDepth+1, err, want)
	}
	if _, err := Parse(nest(4999, "x")); err == nil {
		t.Error("4999 nested parentheses accepted")
	}
	if _, err := Parse(strings.Repeat("sin(", 101) + "x" + strings.Repeat(")", 101)); err == nil {
		t.Error("101 nested calls accepted")
	}

	// The longest accepted expressions evaluate correctly.
	long := strings.Repeat("x+", 4999) + "x" // 9999 bytes
	if v := mustParse(t, long).Value(landscapes.Vec{X: 1, Y: 0}); v != 5000 {
		t.Errorf("5000 x summed = %v", v)
	}
	tower := mustParse(t, strings.Repeat("x^", 4999)+"x") // 5000-storey power tower
	if v, _, _ := evalAll(t, tower, landscapes.Vec{X: 1, Y: 0}); v != 1 {
		t.Errorf("x^x^…^x at 1 = %v", v)
	}
	minus := strings.Repeat("-", MaxBytes-1) + "x" // 9999 unary minuses
	if v := mustParse(t, minus).Value(landscapes.Vec{X: 2, Y: 0}); v != -2 {
		t.Errorf("9999 minuses of 2 = %v", v)
	}
}

// TestDeepStack exercises the pooled stacks used past smallStack slots.
func TestDeepStack(t *testing.T) {
	// x − (x − (… − x)) with 60 subtractions is x, and needs 61 stack slots.
	src := strings.Repeat("x-(", 60) + "x" + strings.Repeat(")", 60)
	e := mustParse(t, src)
	if e.depth <= smallStack {
		t.Fatalf("depth %d, want more than %d", e.depth, smallStack)
	}
	v, g, h := evalAll(t, e, landscapes.Vec{X: 1.25, Y: 0})
	if v != 1.25 || g != (landscapes.Vec{X: 1, Y: 0}) || h != (landscapes.Sym{}) {
		t.Errorf("at 1.25: %v %v %+v, want 1.25, (1, 0), 0", v, g, h)
	}
	// Power towers nest on the right without parentheses.
	tower := mustParse(t, strings.Repeat("x^", 40)+"1")
	if tower.depth <= smallStack {
		t.Fatalf("tower depth %d", tower.depth)
	}
	want := 1.2 // x^1
	for range 39 {
		want = math.Pow(1.2, want)
	}
	if v, _, _ := evalAll(t, tower, landscapes.Vec{X: 1.2, Y: 0}); v != want {
		t.Errorf("x^x^…^1 at 1.2 = %v, want %v", v, want)
	}
}

func TestExprIsSafeForConcurrentUse(t *testing.T) {
	shallow := mustParse(t, catalogExprs["camel"])
	deep := mustParse(t, strings.Repeat("y-(", 30)+"x*y"+strings.Repeat(")", 30))
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				p := landscapes.Vec{X: float64(w) / 8, Y: float64(i) / 2000}
				for _, e := range []*Expr{shallow, deep} {
					v0 := e.Value(p)
					v1, g1 := e.ValueGrad(p)
					v2, g2, _ := e.ValueGradHess(p)
					if !same(v0, v1) || !same(v0, v2) || !same(g1.X, g2.X) || !same(g1.Y, g2.Y) {
						t.Errorf("%v: evaluations disagree", p)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestExprEvaluationDoesNotAllocate(t *testing.T) {
	p := landscapes.Vec{X: 0.3, Y: -0.7}
	for _, src := range []string{catalogExprs["camel"], catalogExprs["plateau"], catalogExprs["rastrigin"]} {
		e := mustParse(t, src)
		if n := testing.AllocsPerRun(1000, func() { e.Value(p) }); n != 0 {
			t.Errorf("%s: Value allocates %v times", src, n)
		}
		if n := testing.AllocsPerRun(1000, func() { e.ValueGrad(p) }); n != 0 {
			t.Errorf("%s: ValueGrad allocates %v times", src, n)
		}
		if n := testing.AllocsPerRun(1000, func() { e.ValueGradHess(p) }); n != 0 {
			t.Errorf("%s: ValueGradHess allocates %v times", src, n)
		}
	}
}

func TestDeepExprEvaluationDoesNotAllocate(t *testing.T) {
	e := mustParse(t, strings.Repeat("x-(", 40)+"y"+strings.Repeat(")", 40))
	p := landscapes.Vec{X: 0.3, Y: -0.7}
	e.ValueGradHess(p) // fill the pools
	for name, f := range map[string]func(){
		"Value":         func() { e.Value(p) },
		"ValueGrad":     func() { e.ValueGrad(p) },
		"ValueGradHess": func() { e.ValueGradHess(p) },
	} {
		// A collection may empty a pool mid-run; allow for that, not more.
		if n := testing.AllocsPerRun(1000, f); n > 0.01 {
			t.Errorf("%s of a deep expression allocates %v times per call", name, n)
		}
	}
}

var benchExprs = []struct{ name, src string }{
	{"quadratic", "x^2 + 10*y^2"},
	{"rosenbrock", catalogExprs["rosenbrock"]},
	{"trig", "sin(3*x)*cos(2*y) + 0.1*(x^2 + y^2) - tanh(x*y) + atan(x - y)"},
	{"camel", catalogExprs["camel"]},
}

var sink float64

func BenchmarkExprValue(b *testing.B) {
	for _, c := range benchExprs {
		b.Run(c.name, func(b *testing.B) {
			e := mustParse(b, c.src)
			p := landscapes.Vec{X: 0.3, Y: -0.7}
			for b.Loop() {
				sink += e.Value(p)
			}
		})
	}
}

func BenchmarkExprValueGrad(b *testing.B) {
	for _, c := range benchExprs {
		b.Run(c.name, func(b *testing.B) {
			e := mustParse(b, c.src)
			p := landscapes.Vec{X: 0.3, Y: -0.7}
			for b.Loop() {
				v, g := e.ValueGrad(p)
				sink += v + g.X
			}
		})
	}
}

func BenchmarkExprValueGradHess(b *testing.B) {
	for _, c := range benchExprs {
		b.Run(c.name, func(b *testing.B) {
			e := mustParse(b, c.src)
			p := landscapes.Vec{X: 0.3, Y: -0.7}
			for b.Loop() {
				v, _, h := e.ValueGradHess(p)
				sink += v + h.XY
			}
		})
	}
}

// BenchmarkNativeCamel is the same surface as compiled Go, for scale.
func BenchmarkNativeCamel(b *testing.B) {
	l, _ := landscapes.ByName("camel")
	p := landscapes.Vec{X: 0.3, Y: -0.7}
	for b.Loop() {
		sink += l.F(p)
	}
}

func BenchmarkParseExpr(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(catalogExprs["beale"]); err != nil {
			b.Fatal(err)
		}
	}
}

// At a zero base with an exponent above 1, a power has the one-sided
// derivatives of its limit from a > 0: d/db a^b = a^b·log a → 0 because the
// power beats the log, and d/da a^b = b·a^(b−1) → 0. Written out by hand:
// f = x^y has f_x = y·x^(y−1), f_y = x^y·log x, f_xx = y(y−1)·x^(y−2),
// f_xy = x^(y−1)(1 + y·log x), f_yy = x^y·log²x, all 0 at x = 0 for y > 2.
func TestPowersAtZeroBase(t *testing.T) {
	cases := []struct {
		src  string
		at   landscapes.Vec
		want hand
	}{
		{"x^y", landscapes.Vec{X: 0, Y: 3}, hand{0, 0, 0, 0, 0, 0}},
		{"x^y", landscapes.Vec{X: 0, Y: 2.5}, hand{0, 0, 0, 0, 0, 0}},
		// y = 2: f_xx = y(y−1)·x^0 = 2.
		{"x^y", landscapes.Vec{X: 0, Y: 2}, hand{0, 0, 0, 2, 0, 0}},
		// A negative zero is the same point.
		{"x^y", landscapes.Vec{X: math.Copysign(0, -1), Y: 3}, hand{0, 0, 0, 0, 0, 0}},
		// The exponent varies through a chain: f = x^(y² + 1.5) at y = 0.7,
		// b = 1.99 > 1, so ∇f = 0; f_xx = b(b−1)·0^(b−2) is +∞ (b < 2).
		{"x^(y^2 + 1.5)", landscapes.Vec{X: 0, Y: 0.7}, hand{0, 0, 0, math.Inf(1), 0, 0}},
		// Constant exponents need no log at all: x²·y³ has ∇f = (2xy³, 3x²y²)
		// and Hessian (2y³, 6xy², 6x²y); x^2.5 has f_x = 2.5·x^1.5 and
		// f_xx = 3.75·x^0.5.
		{"x^2*y^3", landscapes.Vec{X: 0, Y: 1.3}, hand{0, 0, 0, 2 * 1.3 * 1.3 * 1.3, 0, 0}},
		{"x^2.5", landscapes.Vec{X: 0, Y: -0.4}, hand{0, 0, 0, 0, 0, 0}},
		// y^y at 1: f_y = y^y(1 + log y) = 1, f_yy = y^y((1 + log y)² + 1/y) = 2.
		{"x^2.5 + y^y", landscapes.Vec{X: 0, Y: 1}, hand{1, 0, 1, 0, 0, 2}},
	}
	for _, c := range cases {
		v, g, h := evalAll(t, mustParse(t, c.src), c.at)
		got := [6]float64{v, g.X, g.Y, h.XX, h.XY, h.YY}
		w := c.want
		want := [6]float64{w.f, w.fx, w.fy, w.xx, w.xy, w.yy}
		for i := range got {
			if !same(got[i], want[i]) && !closeRel(got[i], want[i], 1e-12) {
				t.Errorf("%s at %v: (f, fx, fy, fxx, fxy, fyy) = %v, want %v", c.src, c.at, got, want)
				break
			}
		}
	}
	// Such a point is a valid start: the landscape has a finite f and ∇f
	// there, so NewLandscape's search accepts it (the view's quarter point is
	// (0, 2) here).
	l, err := NewLandscape("x^y + (y - 2)^2", landscapes.Rect{XMin: -2, XMax: 6, YMin: -4, YMax: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (landscapes.Vec{X: 0, Y: 2}); l.Start != want || l.Grad(want) != (landscapes.Vec{}) {
		t.Errorf("x^y + (y − 2)²: start %v, want %v; ∇f there %v, want (0, 0)", l.Start, want, l.Grad(want))
	}
}

// Away from x = 0, x^y's gradient and Hessian agree with central
// differences of its value and gradient.
func TestPowerMatchesCentralDifferences(t *testing.T) {
	e := mustParse(t, "x^y")
	const d = 1e-5
	for _, p := range points(200, 0.05, 3) {
		_, g, h := evalAll(t, e, p)
		dx, dy := landscapes.Vec{X: d}, landscapes.Vec{Y: d}
		fx := (e.Value(p.Add(dx)) - e.Value(p.Sub(dx))) / (2 * d)
		fy := (e.Value(p.Add(dy)) - e.Value(p.Sub(dy))) / (2 * d)
		_, gx1 := e.ValueGrad(p.Add(dx))
		_, gx0 := e.ValueGrad(p.Sub(dx))
		_, gy1 := e.ValueGrad(p.Add(dy))
		_, gy0 := e.ValueGrad(p.Sub(dy))
		fxx, fxy := (gx1.X-gx0.X)/(2*d), (gy1.X-gy0.X)/(2*d)
		fyx, fyy := (gx1.Y-gx0.Y)/(2*d), (gy1.Y-gy0.Y)/(2*d)
		for _, c := range [][2]float64{{g.X, fx}, {g.Y, fy}, {h.XX, fxx}, {h.XY, fxy}, {h.XY, fyx}, {h.YY, fyy}} {
			if !closeRel(c[0], c[1], 1e-5) {
				t.Fatalf("x^y at %v: ∇f %v, Hessian %+v; differences give (%v, %v), (%v, %v, %v, %v)",
					p, g, h, fx, fy, fxx, fxy, fyx, fyy)
			}
		}
	}
}

// The step loop asks an expression's landscape for f and ∇f in one pass;
// that pass gives exactly what F and Grad give (and so the same trajectory).
func TestLandscapeFGradIsFAndGrad(t *testing.T) {
	for name, src := range catalogExprs {
		l0, _ := landscapes.ByName(name)
		l, err := NewLandscape(src, l0.View, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range samplePoints(l0, 200) {
			f, g := l.FGrad(p)
			if wf, wg := l.F(p), l.Grad(p); !same(f, wf) || !same(g.X, wg.X) || !same(g.Y, wg.Y) {
				t.Fatalf("%s at %v: FGrad %v %v, F and Grad %v %v", name, p, f, g, wf, wg)
			}
		}
	}
}
