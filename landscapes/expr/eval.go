package expr

import (
	"math"
	"sync"

	"github.com/momentum-sim/momentum/landscapes"
)

// opcode is one instruction of the expression stack machine. Binary
// operations pop two values and push one; functions replace the top.
type opcode uint8

const (
	opConst opcode = iota
	opX
	opY
	opAdd
	opSub
	opMul
	opDiv
	opPow // a^b with b not constant: exp(b·log a) in general
	// Binary operations with a constant operand k, the other on the stack:
	// a+k, a−k, k−a, a·k, a/k, k/a. They save a push per constant.
	opAddK
	opSubK
	opKSub
	opMulK
	opDivK
	opKDiv
	opNeg
	opSq   // a^2, the commonest power, as one multiplication
	opPowi // a^n, n a small integer constant: repeated multiplication
	opPowk // a^k, k any other constant
	opSin
	opCos
	opTan
	opExp
	opLog
	opSqrt
	opAbs
	opTanh
	opSinh
	opCosh
	opAtan
	// Fused instructions the peephole pass in emit makes: x^2 and y^2
	// pushed at once (the commonest leaves of hand-written formulas), one
	// dispatch instead of two, the same numbers as opX or opY then opSq.
	opXSq
	opYSq
	// Instructions only the first-order pass runs (its code is fused
	// further by fuseDual, see there). Each does exactly the arithmetic of
	// the instructions it replaces, in the same order, so its numbers are
	// theirs to the last bit; what it saves is the dispatches, pushes and
	// pops between them. L is the leaf in.l: x, y, x² or y².
	opAddL     // top + L
	opSubL     // top − L
	opMulL     // top · L
	opDivL     // top / L
	opLPowi    // push L^n
	opLKSub    // push k − L
	opAddKSq   // (top + k)²
	opKSubSq   // (k − top)²
	opSqMulK   // top² · k
	opMulKAddK // top·k + k2
	opMulKKSub // k2 − top·k
	opAddSq    // (a + top)², a popped
	opLMulL    // push L·L', L' the leaf in.n
	opAddLL    // top + L·L'
	opMulLAdd  // a + top·L, a popped
)

// Leaves the fused instructions name in instr.l.
const (
	leafX = iota
	leafY
	leafXSq
	leafYSq
)

type instr struct {
	op opcode
	l  uint8   // the fused instructions' leaf: leafX … leafYSq
	n  int     // opPowi, opLPowi: the exponent
	k  float64 // opConst: the value; opPowk: the exponent
	k2 float64 // opMulKAddK, opMulKKSub: the constant added to or from
}

// maxPowi bounds the exponents done by repeated multiplication; beyond it
// math.Pow is as exact and faster.
const maxPowi = 64

func smallInt(k float64) (int, bool) {
	if k == math.Trunc(k) && math.Abs(k) <= maxPowi {
		return int(k), true
	}
	return 0, false
}

// powi is a^n by squaring. Unlike math.Pow it is a plain product, so x^2 is
// exactly x*x, as a hand-written gradient would compute it.
func powi(a float64, n int) float64 {
	if n < 0 {
		return 1 / powi(a, -n)
	}
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= a
		}
		if n > 1 {
			a *= a
		}
	}
	return r
}

// smallStack is the stack depth evaluated in a local array. Deeper
// expressions (rare: it takes nesting on the right of - / ^ or inside
// function calls) borrow a pooled slice instead, so evaluation never
// allocates in the steady state.
const smallStack = 16

// tinyStack is the depth of most hand-written formulas (rosenbrock needs 3).
const tinyStack = 4

var (
	floatPool = sync.Pool{New: func() any { return new([]float64) }}
	dualPool  = sync.Pool{New: func() any { return new([]dual) }}
	jetPool   = sync.Pool{New: func() any { return new([]jet) }}
)

func borrow[T any](pool *sync.Pool, n int) *[]T {
	s := pool.Get().(*[]T)
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	return s
}

// Value is f at p. It is the fast path, used to sample the screen.
func (e *Expr) Value(p landscapes.Vec) float64 {
	if e.depth <= smallStack {
		var st [smallStack]float64
		return e.value(p, st[:])
	}
	s := borrow[float64](&floatPool, e.depth)
	v := e.value(p, *s)
	floatPool.Put(s)
	return v
}

// value keeps the top of the stack in a local variable: each operation then
// reads its freshly computed operand from a register rather than from the
// store just made, which halves the time per instruction.
func (e *Expr) value(p landscapes.Vec, st []float64) float64 {
	sp := 0 // st[1:sp] holds the values under top; st[0] is a dummy
	var top float64
	for i := range e.code {
		in := &e.code[i]
		switch in.op {
		case opConst:
			st[sp] = top
			sp++
			top = in.k
		case opX:
			st[sp] = top
			sp++
			top = p.X
		case opY:
			st[sp] = top
			sp++
			top = p.Y
		case opXSq:
			st[sp] = top
			sp++
			top = p.X * p.X
		case opYSq:
			st[sp] = top
			sp++
			top = p.Y * p.Y
		case opAdd:
			sp--
			top = st[sp] + top
		case opSub:
			sp--
			top = st[sp] - top
		case opMul:
			sp--
			top = st[sp] * top
		case opDiv:
			sp--
			top = st[sp] / top
		case opPow:
			sp--
			top = math.Pow(st[sp], top)
		case opAddK:
			top += in.k
		case opSubK:
			top -= in.k
		case opKSub:
			top = in.k - top
		case opMulK:
			top *= in.k
		case opDivK:
			top /= in.k
		case opKDiv:
			top = in.k / top
		case opNeg:
			top = -top
		case opSq:
			top *= top
		default:
			top = apply1(in, top)
		}
	}
	return top
}

// apply1 is a one-argument operation's value. derivs must compute the same
// value the same way, so the three evaluations agree to the last bit.
func apply1(in *instr, u float64) float64 {
	switch in.op {
	case opPowi:
		return powi(u, in.n)
	case opPowk:
		return math.Pow(u, in.k)
	case opSin:
		return math.Sin(u)
	case opCos:
		return math.Cos(u)
	case opTan:
		return math.Tan(u)
	case opExp:
		return math.Exp(u)
	case opLog:
		return math.Log(u)
	case opSqrt:
		return math.Sqrt(u)
	case opAbs:
		return math.Abs(u)
	case opTanh:
		return math.Tanh(u)
	case opSinh:
		return math.Sinh(u)
	case opCosh:
		return math.Cosh(u)
	case opAtan:
		return math.Atan(u)
	}
	panic("expr: bad opcode")
}
