package expr

import (
	"math"

	"github.com/momentum-sim/momentum/landscapes"
)

// derivs returns a one-argument operation's value g(u) and its first and
// second derivatives, which is all the chain rule needs.
func derivs(in *instr, u float64) (g, g1, g2 float64) {
	switch in.op {
	case opNeg:
		return -u, -1, 0
	case opSq:
		return u * u, 2 * u, 2
	case opPowi:
		// Guard the n = 0 and n = 1 cases: their vanishing factors would
		// meet 0^(−1) = Inf at u = 0.
		n := in.n
		g = powi(u, n)
		if n != 0 {
			g1 = float64(n) * powi(u, n-1)
		}
		if n != 0 && n != 1 {
			g2 = float64(n*(n-1)) * powi(u, n-2)
		}
		return g, g1, g2
	case opPowk: // k is not 0 or 1: those are small integers
		k := in.k
		return math.Pow(u, k), k * math.Pow(u, k-1), k * (k - 1) * math.Pow(u, k-2)
	case opSin:
		s := math.Sin(u)
		return s, math.Cos(u), -s
	case opCos:
		c := math.Cos(u)
		return c, -math.Sin(u), -c
	case opTan:
		t := math.Tan(u)
		d := 1 + t*t
		return t, d, 2 * t * d
	case opExp:
		v := math.Exp(u)
		return v, v, v
	case opLog:
		return math.Log(u), 1 / u, -1 / (u * u)
	case opSqrt:
		r := math.Sqrt(u)
		d := 0.5 / r
		return r, d, -d / (2 * u)
	case opAbs:
		// At 0, where |u| has no derivative, take the subgradient 0.
		switch {
		case u > 0:
			g1 = 1
		case u < 0:
			g1 = -1
		}
		return math.Abs(u), g1, 0
	case opTanh:
		t := math.Tanh(u)
		d := 1 - t*t
		return t, d, -2 * t * d
	case opSinh:
		s := math.Sinh(u)
		return s, math.Cosh(u), s
	case opCosh:
		c := math.Cosh(u)
		return c, math.Sinh(u), c
	case opAtan:
		d := 1 / (1 + u*u)
		return math.Atan(u), d, -2 * u * d * d
	}
	panic("expr: bad opcode")
}

// mulz is c·d with 0·∞ = 0. Derivative factors that vanish because a
// subexpression does not depend on x (d/dx of sqrt(y) is 0·∞ by the plain
// chain rule) must stay 0, or a finite surface gets NaN gradients.
func mulz(c, d float64) float64 {
	if c == 0 || d == 0 {
		return 0
	}
	return c * d
}

// powPartials are the partial derivatives of f(a, b) = a^b. Terms that
// involve log a are computed only when the exponent varies, since for a < 0
// they are NaN yet multiply zero; the b-coefficient factors are guarded like
// the integer powers' so that x^y at x = 0 does not meet 0·∞.
//
// At a = 0 the log terms are 0·(−∞) as written, but they have limits from
// a > 0 (the only side where a^b is real for every b): a^b·log a and
// a^b·log²a → 0 for b > 0, since any power beats the log, and
// a^(b−1)(1 + b·log a) → 0 for b > 1. Those limits are the one-sided
// derivatives there, so x^y at x = 0 with y > 1 has ∇f = (0, 0). For
// 0 < b ≤ 1 the mixed term truly diverges (to −∞), and is left to say so.
func powPartials(a, b float64, bVaries bool) (v, fa, fb, faa, fab, fbb float64) {
	v = math.Pow(a, b)
	if b != 0 {
		fa = b * math.Pow(a, b-1)
	}
	if b != 0 && b != 1 {
		faa = b * (b - 1) * math.Pow(a, b-2)
	}
	if !bVaries {
		return
	}
	if a == 0 && b > 0 {
		fb, fbb = 0, 0
		if b > 1 {
			fab = 0
		} else {
			fab = math.Inf(-1)
		}
		return
	}
	la := math.Log(a)
	fb = v * la
	fab = math.Pow(a, b-1) * (1 + b*la)
	fbb = fb * la
	return
}

// dual is a value with its gradient: first-order forward-mode
// differentiation, half the work of a jet when no Hessian is wanted.
type dual struct{ v, x, y float64 }

// ValueGrad is f and ∇f at p, exact up to rounding (forward-mode automatic
// differentiation, not differences).
func (e *Expr) ValueGrad(p landscapes.Vec) (float64, landscapes.Vec) {
	var d dual
	switch {
	case e.depth <= tinyStack:
		// Go zeroes a local array on every call: a short one for the
		// common short expressions saves most of that.
		var st [tinyStack]dual
		d = e.dual(p, st[:])
	case e.depth <= smallStack:
		var st [smallStack]dual
		d = e.dual(p, st[:])
	default:
		s := borrow[dual](&dualPool, e.depth)
		d = e.dual(p, *s)
		dualPool.Put(s)
	}
	return d.v, landscapes.Vec{X: d.x, Y: d.y}
}

// onePass is ValueGrad for the step loop, which calls it every step: for
// the common short expression the stack is chosen once here, not per call.
func (e *Expr) onePass() func(landscapes.Vec) (float64, landscapes.Vec) {
	if e.depth > tinyStack {
		return e.ValueGrad
	}
	if e.arith {
		return func(p landscapes.Vec) (float64, landscapes.Vec) {
			var st [tinyStack]dual
			d := e.dualArith(p, st[:])
			return d.v, landscapes.Vec{X: d.x, Y: d.y}
		}
	}
	return func(p landscapes.Vec) (float64, landscapes.Vec) {
		var st [tinyStack]dual
		d := e.dual(p, st[:])
		return d.v, landscapes.Vec{X: d.x, Y: d.y}
	}
}

func (e *Expr) dual(p landscapes.Vec, st []dual) dual {
	if e.arith {
		return e.dualArith(p, st)
	}
	// The leaves, in locals: x² and y² once each, and only when the code
	// uses them (storing them to an array would cost a short expression
	// more than it saves).
	lx, ly := dual{v: p.X, x: 1}, dual{v: p.Y, y: 1}
	var lxx, lyy dual
	if e.sqX {
		lxx = lx.sq()
	}
	if e.sqY {
		lyy = ly.sq()
	}
	leaf := func(l uint8) dual {
		switch l {
		case leafX:
			return lx
		case leafY:
			return ly
		case leafXSq:
			return lxx
		}
		return lyy
	}
	sp := 0 // as in value, the top of the stack lives in a local
	var top dual
	code := e.fast // in a local: stores to st might alias e for all the compiler knows
	for i := range code {
		in := &code[i]
		switch in.op {
		case opConst:
			st[sp] = top
			sp++
			top = dual{v: in.k}
		case opX:
			st[sp] = top
			sp++
			top = lx
		case opY:
			st[sp] = top
			sp++
			top = ly
		case opXSq:
			st[sp] = top
			sp++
			top = lxx
		case opYSq:
			st[sp] = top
			sp++
			top = lyy
		case opAdd:
			sp--
			top = st[sp].add(top)
		case opSub:
			sp--
			top = st[sp].sub(top)
		case opMul:
			sp--
			top = st[sp].mul(top)
		case opDiv:
			sp--
			top = st[sp].div(top)
		case opPow:
			sp--
			a, b := st[sp], top
			v, fa, fb, _, _, _ := powPartials(a.v, b.v, b.x != 0 || b.y != 0)
			top = dual{v, mulz(fa, a.x) + mulz(fb, b.x), mulz(fa, a.y) + mulz(fb, b.y)}
		case opAddK:
			top.v += in.k
		case opSubK:
			top.v -= in.k
		case opKSub:
			top = top.kSub(in.k)
		case opMulK:
			top = top.mulK(in.k)
		case opDivK:
			top = dual{top.v / in.k, top.x / in.k, top.y / in.k}
		case opKDiv:
			top = dual{v: in.k}.div(top)
		// The commonest one-argument operations, written out here rather
		// than through derivs's second switch; the numbers are derivs's.
		case opSq:
			top = top.sq()
		case opNeg:
			top = dual{-top.v, mulz(-1, top.x), mulz(-1, top.y)}
		case opPowi:
			top = top.powi(in.n)
		// The fused instructions: each is the pair fuseDual joined, step by
		// step.
		case opAddL:
			top = top.add(leaf(in.l))
		case opSubL:
			top = top.sub(leaf(in.l))
		case opMulL:
			top = top.mul(leaf(in.l))
		case opDivL:
			top = top.div(leaf(in.l))
		case opLPowi:
			st[sp] = top
			sp++
			top = leaf(in.l).powi(in.n)
		case opLKSub:
			st[sp] = top
			sp++
			top = leaf(in.l).kSub(in.k)
		case opAddKSq:
			top.v += in.k
			top = top.sq()
		case opKSubSq:
			top = top.kSub(in.k).sq()
		case opSqMulK:
			top = top.sq().mulK(in.k)
		case opMulKAddK:
			top = top.mulK(in.k)
			top.v += in.k2
		case opMulKKSub:
			top = top.mulK(in.k).kSub(in.k2)
		case opAddSq:
			sp--
			top = st[sp].add(top).sq()
		case opLMulL:
			st[sp] = top
			sp++
			top = leaf(in.l).mul(leaf(uint8(in.n)))
		case opAddLL:
			top = top.add(leaf(in.l).mul(leaf(uint8(in.n))))
		case opMulLAdd:
			sp--
			top = st[sp].add(top.mul(leaf(in.l)))
		default:
			g, g1, _ := derivs(in, top.v)
			top = dual{g, mulz(g1, top.x), mulz(g1, top.y)}
		}
	}
	return top
}

// dualArith is dual for code that is plain arithmetic (see arithmetic):
// the same cases computing the same numbers, less those that call a
// function. A loop with no call in it keeps its stack pointer and top in
// registers, where one call anywhere in the loop makes the compiler store
// them to memory at every instruction.
func (e *Expr) dualArith(p landscapes.Vec, st []dual) dual {
	// The leaves, in locals: x² and y² once each, and only when the code
	// uses them (storing them to an array would cost a short expression
	// more than it saves).
	lx, ly := dual{v: p.X, x: 1}, dual{v: p.Y, y: 1}
	var lxx, lyy dual
	if e.sqX {
		lxx = lx.sq()
	}
	if e.sqY {
		lyy = ly.sq()
	}
	leaf := func(l uint8) dual {
		switch l {
		case leafX:
			return lx
		case leafY:
			return ly
		case leafXSq:
			return lxx
		}
		return lyy
	}
	sp := 0
	var top dual
	code := e.fast
	for i := range code {
		in := &code[i]
		switch in.op {
		case opConst:
			st[sp] = top
			sp++
			top = dual{v: in.k}
		case opX:
			st[sp] = top
			sp++
			top = lx
		case opY:
			st[sp] = top
			sp++
			top = ly
		case opXSq:
			st[sp] = top
			sp++
			top = lxx
		case opYSq:
			st[sp] = top
			sp++
			top = lyy
		case opAdd:
			sp--
			top = st[sp].add(top)
		case opSub:
			sp--
			top = st[sp].sub(top)
		case opMul:
			sp--
			top = st[sp].mul(top)
		case opDiv:
			sp--
			top = st[sp].div(top)
		case opAddK:
			top.v += in.k
		case opSubK:
			top.v -= in.k
		case opKSub:
			top = top.kSub(in.k)
		case opMulK:
			top = top.mulK(in.k)
		case opDivK:
			top = dual{top.v / in.k, top.x / in.k, top.y / in.k}
		case opKDiv:
			top = dual{v: in.k}.div(top)
		case opSq:
			top = top.sq()
		case opNeg:
			top = dual{-top.v, mulz(-1, top.x), mulz(-1, top.y)}
		case opPowi:
			g, g1 := powSmall(top.v, in.n)
			top = dual{g, mulz(g1, top.x), mulz(g1, top.y)}
		case opAddL:
			top = top.add(leaf(in.l))
		case opSubL:
			top = top.sub(leaf(in.l))
		case opMulL:
			top = top.mul(leaf(in.l))
		case opDivL:
			top = top.div(leaf(in.l))
		case opLPowi:
			st[sp] = top
			sp++
			u := leaf(in.l)
			g, g1 := powSmall(u.v, in.n)
			top = dual{g, mulz(g1, u.x), mulz(g1, u.y)}
		case opLKSub:
			st[sp] = top
			sp++
			top = leaf(in.l).kSub(in.k)
		case opAddKSq:
			top.v += in.k
			top = top.sq()
		case opKSubSq:
			top = top.kSub(in.k).sq()
		case opSqMulK:
			top = top.sq().mulK(in.k)
		case opMulKAddK:
			top = top.mulK(in.k)
			top.v += in.k2
		case opMulKKSub:
			top = top.mulK(in.k).kSub(in.k2)
		case opAddSq:
			sp--
			top = st[sp].add(top).sq()
		case opLMulL:
			st[sp] = top
			sp++
			top = leaf(in.l).mul(leaf(uint8(in.n)))
		case opAddLL:
			top = top.add(leaf(in.l).mul(leaf(uint8(in.n))))
		case opMulLAdd:
			sp--
			top = st[sp].add(top.mul(leaf(in.l)))
		}
	}
	return top
}

func (a dual) add(b dual) dual { return dual{a.v + b.v, a.x + b.x, a.y + b.y} }
func (a dual) sub(b dual) dual { return dual{a.v - b.v, a.x - b.x, a.y - b.y} }

func (a dual) kSub(k float64) dual { return dual{k - a.v, -a.x, -a.y} }

// mulK is a·k. The conversion rounds the product, so that no architecture
// fuses it with a shift that follows (opMulKAddK) into one multiply-add
// that the unfused value pass would not make.
func (a dual) mulK(k float64) dual { return dual{float64(a.v * k), a.x * k, a.y * k} }

// powi is a^n, with derivs's numbers for opPowi (without its second
// derivative).
func (a dual) powi(n int) dual {
	var g, g1 float64
	if smallPowi(n) {
		g, g1 = powSmall(a.v, n)
	} else {
		g = powi(a.v, n)
		if n != 0 {
			g1 = float64(n) * powi(a.v, n-1)
		}
	}
	return dual{g, mulz(g1, a.x), mulz(g1, a.y)}
}

// smallPowi reports whether powSmall does u^n.
func smallPowi(n int) bool { return n >= 2 && n <= 6 }

// powSmall is u^n and n·u^(n−1) for the small exponents of hand-written
// formulas, 2 ≤ n ≤ 6, sharing the squarings between the two. The products
// are the very ones powi makes (its 1·a is a exactly), so the numbers are
// powi's.
func powSmall(u float64, n int) (g, g1 float64) {
	u2 := u * u
	switch n {
	case 2:
		return u2, 2 * u
	case 3:
		return u * u2, 3 * u2
	case 4:
		u4 := u2 * u2
		return u4, 4 * (u * u2)
	case 5:
		u4 := u2 * u2
		return u * u4, 5 * u4
	}
	u4 := u2 * u2
	return u2 * u4, 6 * (u * u4)
}

// sq is a², with derivs's numbers for opSq.
func (a dual) sq() dual {
	g1 := 2 * a.v
	return dual{a.v * a.v, mulz(g1, a.x), mulz(g1, a.y)}
}

func (a dual) mul(b dual) dual {
	return dual{a.v * b.v, a.x*b.v + a.v*b.x, a.y*b.v + a.v*b.y}
}

func (a dual) div(b dual) dual {
	q := a.v / b.v
	return dual{q, (a.x - q*b.x) / b.v, (a.y - q*b.y) / b.v}
}

// jet is a value with its gradient and Hessian: a second-order
// hyper-dual number in x and y, carried through every operation by the
// chain rule.
type jet struct{ v, x, y, xx, xy, yy float64 }

// ValueGradHess is f, ∇f and the Hessian at p, exact up to rounding.
func (e *Expr) ValueGradHess(p landscapes.Vec) (float64, landscapes.Vec, landscapes.Sym) {
	var j jet
	switch {
	case e.depth <= tinyStack:
		var st [tinyStack]jet // 48 bytes a slot: zeroing 16 costs as much as the pass
		j = e.jet(p, st[:])
	case e.depth <= smallStack:
		var st [smallStack]jet
		j = e.jet(p, st[:])
	default:
		s := borrow[jet](&jetPool, e.depth)
		j = e.jet(p, *s)
		jetPool.Put(s)
	}
	return j.v, landscapes.Vec{X: j.x, Y: j.y}, landscapes.Sym{XX: j.xx, XY: j.xy, YY: j.yy}
}

func (e *Expr) jet(p landscapes.Vec, st []jet) jet {
	sp := 0
	for i := range e.code {
		in := &e.code[i]
		switch in.op {
		case opConst:
			st[sp] = jet{v: in.k}
			sp++
		case opX:
			st[sp] = jet{v: p.X, x: 1}
			sp++
		case opY:
			st[sp] = jet{v: p.Y, y: 1}
			sp++
		case opXSq:
			u := jet{v: p.X, x: 1}
			st[sp] = u.chain(derivs(&instr{op: opSq}, u.v))
			sp++
		case opYSq:
			u := jet{v: p.Y, y: 1}
			st[sp] = u.chain(derivs(&instr{op: opSq}, u.v))
			sp++
		case opAdd:
			sp--
			a, b := &st[sp-1], &st[sp]
			*a = jet{a.v + b.v, a.x + b.x, a.y + b.y, a.xx + b.xx, a.xy + b.xy, a.yy + b.yy}
		case opSub:
			sp--
			a, b := &st[sp-1], &st[sp]
			*a = jet{a.v - b.v, a.x - b.x, a.y - b.y, a.xx - b.xx, a.xy - b.xy, a.yy - b.yy}
		case opMul:
			sp--
			st[sp-1] = st[sp-1].mul(&st[sp])
		case opDiv:
			sp--
			st[sp-1] = st[sp-1].div(&st[sp])
		case opPow:
			sp--
			st[sp-1] = st[sp-1].pow(&st[sp])
		case opAddK:
			st[sp-1].v += in.k
		case opSubK:
			st[sp-1].v -= in.k
		case opKSub:
			a := &st[sp-1]
			*a = jet{in.k - a.v, -a.x, -a.y, -a.xx, -a.xy, -a.yy}
		case opMulK:
			a, k := &st[sp-1], in.k
			*a = jet{a.v * k, a.x * k, a.y * k, a.xx * k, a.xy * k, a.yy * k}
		case opDivK:
			a, k := &st[sp-1], in.k
			*a = jet{a.v / k, a.x / k, a.y / k, a.xx / k, a.xy / k, a.yy / k}
		case opKDiv:
			st[sp-1] = jet{v: in.k}.div(&st[sp-1])
		default:
			a := &st[sp-1]
			g, g1, g2 := derivs(in, a.v)
			*a = a.chain(g, g1, g2)
		}
	}
	return st[0]
}

func (a jet) mul(b *jet) jet {
	return jet{
		v:  a.v * b.v,
		x:  a.x*b.v + a.v*b.x,
		y:  a.y*b.v + a.v*b.y,
		xx: a.xx*b.v + 2*a.x*b.x + a.v*b.xx,
		xy: a.xy*b.v + a.x*b.y + a.y*b.x + a.v*b.xy,
		yy: a.yy*b.v + 2*a.y*b.y + a.v*b.yy,
	}
}

// div differentiates q = a/b through q·b = a, which needs one division per
// component instead of powers of b.
func (a jet) div(b *jet) jet {
	q := a.v / b.v
	qx := (a.x - q*b.x) / b.v
	qy := (a.y - q*b.y) / b.v
	return jet{
		v: q, x: qx, y: qy,
		xx: (a.xx - 2*qx*b.x - q*b.xx) / b.v,
		xy: (a.xy - qx*b.y - qy*b.x - q*b.xy) / b.v,
		yy: (a.yy - 2*qy*b.y - q*b.yy) / b.v,
	}
}

// chain applies a one-argument function with value g and derivatives g1,
// g2 at u: (g∘u)_i = g1·u_i and (g∘u)_ij = g2·u_i·u_j + g1·u_ij.
func (u *jet) chain(g, g1, g2 float64) jet {
	return jet{
		v:  g,
		x:  mulz(g1, u.x),
		y:  mulz(g1, u.y),
		xx: mulz(g2, u.x*u.x) + mulz(g1, u.xx),
		xy: mulz(g2, u.x*u.y) + mulz(g1, u.xy),
		yy: mulz(g2, u.y*u.y) + mulz(g1, u.yy),
	}
}

// pow is the two-variable chain rule for a^b: first derivatives
// f_a·a_i + f_b·b_i, second ones including the mixed term f_ab.
func (a jet) pow(b *jet) jet {
	bVaries := b.x != 0 || b.y != 0 || b.xx != 0 || b.xy != 0 || b.yy != 0
	v, fa, fb, faa, fab, fbb := powPartials(a.v, b.v, bVaries)
	second := func(ai, aj, bi, bj, aij, bij float64) float64 {
		return mulz(faa, ai*aj) + mulz(fab, ai*bj+aj*bi) + mulz(fbb, bi*bj) +
			mulz(fa, aij) + mulz(fb, bij)
	}
	return jet{
		v:  v,
		x:  mulz(fa, a.x) + mulz(fb, b.x),
		y:  mulz(fa, a.y) + mulz(fb, b.y),
		xx: second(a.x, a.x, b.x, b.x, a.xx, b.xx),
		xy: second(a.x, a.y, b.x, b.y, a.xy, b.xy),
		yy: second(a.y, a.y, b.y, b.y, a.yy, b.yy),
	}
}
