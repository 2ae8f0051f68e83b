// Package expr compiles a user's expression in x and y into a small stack
// program, evaluates it with its exact gradient and Hessian, and makes a
// landscape of it. The stages have a file each: scan (the lexical check that
// bounds the input), compile (expr-lang's parser, then our own tree and
// code, and that code fused further for the first-order pass), eval (the opcodes and the value interpreter), derivatives (forward-
// mode differentiation of the same code) and landscape (the one entry point
// the command line and the simulator share).
package expr

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/momentum-sim/momentum/landscapes"
)

// Expr is a compiled expression in x and y. It is immutable and safe for
// concurrent use, so one landscape can be sampled from several goroutines.
type Expr struct {
	src   string
	code  []instr
	fast  []instr // code fused further for the first-order pass: see fuseDual
	depth int     // stack slots the code needs (fast needs no more)
	sqX   bool    // fast names the leaf x²
	sqY   bool    // fast names the leaf y²
	arith bool    // fast calls no function: dualArith can run it
}

// String returns the source the expression was parsed from.
func (e *Expr) String() string { return e.src }

// funcNames is the order functions are listed in messages.
var funcNames = []string{"sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan"}

var funcOps = map[string]opcode{
	"sin": opSin, "cos": opCos, "tan": opTan, "exp": opExp, "log": opLog,
	"sqrt": opSqrt, "abs": opAbs, "tanh": opTanh, "sinh": opSinh, "cosh": opCosh,
	"atan": opAtan,
}

var constants = map[string]float64{"pi": math.Pi, "e": math.E}

// Parse compiles src, an expression in x and y with + - * / ^ (or **),
// parentheses, unary minus, decimal numbers, the constants pi and e and the
// one-argument functions sin cos tan exp log sqrt abs tanh sinh cosh atan
// (log is the natural logarithm).
//
// Precedence is expr-lang's and the usual one: ^ binds tighter than unary
// minus, which binds tighter than * and /, then + and -; ^ is
// right-associative. So -x^2 is -(x^2), 2^3^2 is 2^9 = 512 and 2^-1 is 0.5.
//
// Errors are *Error. Values that leave the reals (log of a negative,
// division by zero) are not errors: evaluation returns NaN or ±Inf there.
func Parse(src string) (*Expr, error) {
	if len(src) > MaxBytes {
		return nil, &Error{Msg: fmt.Sprintf("expression is %d bytes long; at most %d are accepted", len(src), MaxBytes)}
	}
	masked, nums, err := scan(src)
	if err != nil {
		return nil, err
	}
	tree, perr := parser.Parse(masked)
	if perr != nil {
		// scan accepts only what the parser accepts, so this is a safety net:
		// report the parser's own words at its position.
		var fe *file.Error
		if errors.As(perr, &fe) {
			return nil, errAt(fe.From+1, "%s", fe.Message)
		}
		return nil, errAt(1, "%s", perr.Error())
	}
	root, cerr := build(tree.Node, nums)
	if cerr != nil {
		return nil, cerr
	}
	code, depth := emit(root)
	fast := fuseDual(code)
	sqX, sqY := usesSquares(fast)
	return &Expr{src: src, code: code, fast: fast, depth: depth, sqX: sqX, sqY: sqY, arith: arithmetic(fast)}, nil
}

// node is our own tree, built once from expr's AST. Owning it means the
// evaluator depends on nothing but our opcodes: it can reach x, y
// and the listed functions and nothing else.
type node struct {
	op   opcode
	k    float64 // opConst: the value; opPowk: the exponent
	n    int     // opPowi: the exponent
	a, b *node
	need int // stack depth evaluating the node takes; set by emit
}

func (n *node) isConst() bool { return n.op == opConst }

// build converts expr's AST, rejecting every node kind, operator and name
// outside the grammar. scan already refuses all of these; build refuses them
// again so that what is evaluated never depends on scan being complete.
func build(n ast.Node, nums map[int]float64) (*node, *Error) {
	if n == nil {
		return nil, errAt(1, "missing expression")
	}
	col := n.Location().From + 1
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if strings.Trim(n.Value, "_") == "" {
			if v, ok := nums[n.Location().From]; ok {
				return &node{op: opConst, k: v}, nil
			}
		}
		switch n.Value {
		case "x":
			return &node{op: opX}, nil
		case "y":
			return &node{op: opY}, nil
		}
		if v, ok := constants[n.Value]; ok {
			return &node{op: opConst, k: v}, nil
		}
		if _, ok := funcOps[n.Value]; ok {
			return nil, errAt(col, "expected \"(\" after %s", n.Value)
		}
		return nil, unknownName(col, n.Value)
	case *ast.IntegerNode:
		return &node{op: opConst, k: float64(n.Value)}, nil
	case *ast.FloatNode:
		return &node{op: opConst, k: n.Value}, nil
	case *ast.UnaryNode:
		if n.Operator != "-" && n.Operator != "+" {
			return nil, errAt(col, "operator %q is not allowed", n.Operator)
		}
		a, err := build(n.Node, nums)
		if err != nil || n.Operator == "+" {
			return a, err
		}
		return fold(&node{op: opNeg, a: a}), nil
	case *ast.BinaryNode:
		var op opcode
		switch n.Operator {
		case "+":
			op = opAdd
		case "-":
			op = opSub
		case "*":
			op = opMul
		case "/":
			op = opDiv
		case "^", "**":
			op = opPow
		default:
			return nil, errAt(col, "operator %q is not allowed", n.Operator)
		}
		a, err := build(n.Left, nums)
		if err != nil {
			return nil, err
		}
		b, err := build(n.Right, nums)
		if err != nil {
			return nil, err
		}
		if op == opPow && b.isConst() {
			return fold(powConst(a, b.k)), nil
		}
		return fold(&node{op: op, a: a, b: b}), nil
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return nil, errAt(col, "only the functions %s can be called", strings.Join(funcNames, ", "))
		}
		return call(col, id.Value, n.Arguments, nums)
	case *ast.BuiltinNode:
		return call(col, n.Name, n.Arguments, nums)
	}
	return nil, errAt(col, "%s not allowed", describe(n))
}

func call(col int, name string, args []ast.Node, nums map[int]float64) (*node, *Error) {
	op, ok := funcOps[name]
	if !ok {
		return nil, unknownName(col, name)
	}
	if len(args) != 1 {
		return nil, errAt(col, "%s takes 1 argument, got %d", name, len(args))
	}
	a, err := build(args[0], nums)
	if err != nil {
		return nil, err
	}
	return fold(&node{op: op, a: a}), nil
}

// describe names a construct of expr's language that ours lacks.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.StringNode, *ast.BytesNode:
		return "strings are"
	case *ast.BoolNode:
		return "booleans are"
	case *ast.NilNode:
		return "nil is"
	case *ast.MemberNode, *ast.ChainNode:
		return "member access is"
	case *ast.SliceNode:
		return "slices are"
	case *ast.ArrayNode:
		return "arrays are"
	case *ast.MapNode, *ast.PairNode:
		return "maps are"
	case *ast.ConditionalNode:
		return "conditionals are"
	case *ast.PredicateNode, *ast.PointerNode:
		return "predicates are"
	case *ast.VariableDeclaratorNode:
		return "variables are"
	case *ast.SequenceNode:
		return "sequences are"
	}
	return fmt.Sprintf("%T is", n)
}

// powConst specialises a power with a constant exponent, the common case:
// small integer exponents become repeated multiplication, which is exact
// for x^2 and defined for negative bases.
func powConst(a *node, k float64) *node {
	if n, ok := smallInt(k); ok {
		if n == 2 {
			return &node{op: opSq, a: a}
		}
		return &node{op: opPowi, n: n, a: a}
	}
	return &node{op: opPowk, k: k, a: a}
}

// fold evaluates n now when its operands are constants, so that 2*pi or
// 10*cos(0) cost nothing per evaluation. It uses the evaluator's own code,
// so folding never changes a result.
func fold(n *node) *node {
	if !n.a.isConst() || n.b != nil && !n.b.isConst() {
		return n
	}
	code, depth := emit(n)
	return &node{op: opConst, k: (&Expr{code: code, depth: depth}).Value(landscapes.Vec{})}
}

// emit lays the tree out as postfix code for a stack machine and returns
// the stack depth it needs. For + and * it evaluates the deeper operand
// first (Sethi–Ullman order), which keeps the stack shallow; both are
// commutative in floating point, so values do not change.
func emit(root *node) ([]instr, int) {
	setNeed(root)
	var code []instr
	var walk func(n *node)
	walk = func(n *node) {
		switch {
		case n.a == nil: // leaf
			code = append(code, instr{op: n.op, k: n.k})
		case n.b == nil: // unary
			walk(n.a)
			code = append(code, instr{op: n.op, k: n.k, n: n.n})
		default:
			if op, k, other, ok := withConstant(n); ok {
				walk(other)
				code = append(code, instr{op: op, k: k})
				return
			}
			first, second := operands(n)
			walk(first)
			walk(second)
			code = append(code, instr{op: n.op})
		}
	}
	walk(root)
	return fuse(code), root.need
}

// fuse replaces x or y followed by a squaring with one instruction.
func fuse(code []instr) []instr {
	out := code[:0]
	for i := 0; i < len(code); i++ {
		in := code[i]
		if i+1 < len(code) && code[i+1].op == opSq && (in.op == opX || in.op == opY) {
			in = instr{op: opXSq}
			if code[i].op == opY {
				in.op = opYSq
			}
			i++
		}
		out = append(out, in)
	}
	return out
}

// withConstant reports whether n is an arithmetic operation with a constant
// operand, and if so which fused instruction computes it from the other.
func withConstant(n *node) (op opcode, k float64, other *node, ok bool) {
	if n.b.op == opConst {
		switch n.op {
		case opAdd:
			return opAddK, n.b.k, n.a, true
		case opSub:
			return opSubK, n.b.k, n.a, true
		case opMul:
			return opMulK, n.b.k, n.a, true
		case opDiv:
			return opDivK, n.b.k, n.a, true
		}
	}
	if n.a.op == opConst {
		switch n.op {
		case opAdd:
			return opAddK, n.a.k, n.b, true
		case opSub:
			return opKSub, n.a.k, n.b, true
		case opMul:
			return opMulK, n.a.k, n.b, true
		case opDiv:
			return opKDiv, n.a.k, n.b, true
		}
	}
	return 0, 0, nil, false
}

// operands returns n's operands in evaluation order.
func operands(n *node) (first, second *node) {
	if (n.op == opAdd || n.op == opMul) && n.b.need > n.a.need {
		return n.b, n.a
	}
	return n.a, n.b
}

// setNeed computes the stack depth of every node once, bottom up: the first
// operand's depth, or one more than the second's, which is evaluated while
// the first's value occupies a slot.
func setNeed(n *node) int {
	switch {
	case n.a == nil:
		n.need = 1
	case n.b == nil:
		n.need = setNeed(n.a)
	default:
		setNeed(n.a)
		setNeed(n.b)
		if _, _, other, ok := withConstant(n); ok {
			n.need = other.need
			break
		}
		first, second := operands(n)
		n.need = max(first.need, second.need+1)
	}
	return n.need
}

// fuseDual makes the code the first-order pass runs (value and gradient:
// every step of the simulation) out of code, by a peephole pass that joins
// an instruction with the one before it where the pair is common in
// hand-written formulas: a leaf pushed only to be combined with the top
// ((y − x²), x·y), a leaf raised to a power, a shift or a scale followed by
// a square ((x + y² − 7)², 100(…)²) or by a shift (4 − 2.1x²). Each fused
// instruction computes exactly what the pair computes, in the same order,
// so ValueGrad's numbers do not change; Value and ValueGradHess keep the
// plain code.
func fuseDual(code []instr) (fast []instr) {
	for _, in := range code {
		fast = append(fast, in)
		// A joined pair may join the instruction before it in turn: x, y,
		// · becomes x, ·y and then x·y.
		for n := len(fast); n >= 2; n-- {
			j, ok := join(fast[n-2], fast[n-1])
			if !ok {
				break
			}
			fast = append(fast[:n-2], j)
		}
	}
	return fast
}

// arithmetic reports whether code is plain arithmetic, with nothing that
// calls a function in the first-order pass (a function of the list, a
// power with a varying or a large exponent): the polynomials and rational
// functions that most hand-written surfaces are. dualArith runs those. The
// list is of what dualArith does, so that an instruction added later runs
// in the general loop until dualArith learns it.
func arithmetic(code []instr) bool {
	for _, in := range code {
		switch in.op {
		case opPowi, opLPowi:
			if !smallPowi(in.n) {
				return false
			}
		case opConst, opX, opY, opXSq, opYSq, opAdd, opSub, opMul, opDiv,
			opAddK, opSubK, opKSub, opMulK, opDivK, opKDiv, opSq, opNeg,
			opAddL, opSubL, opMulL, opDivL, opLKSub, opAddKSq, opKSubSq,
			opSqMulK, opMulKAddK, opMulKKSub, opAddSq, opLMulL, opAddLL, opMulLAdd:
		default:
			return false
		}
	}
	return true
}

// leafOf is the leaf an instruction pushes, if it pushes one.
func leafOf(in instr) (uint8, bool) {
	switch in.op {
	case opX:
		return leafX, true
	case opY:
		return leafY, true
	case opXSq:
		return leafXSq, true
	case opYSq:
		return leafYSq, true
	}
	return 0, false
}

var withLeaf = map[opcode]opcode{opAdd: opAddL, opSub: opSubL, opMul: opMulL, opDiv: opDivL}

// join is the one instruction that does p then in, if there is one.
func join(p, in instr) (instr, bool) {
	l, isLeaf := leafOf(p)
	switch {
	case isLeaf && withLeaf[in.op] != 0:
		return instr{op: withLeaf[in.op], l: l}, true
	case isLeaf && l <= leafY && in.op == opPowi:
		return instr{op: opLPowi, l: l, n: in.n}, true
	case isLeaf && l <= leafY && in.op == opKSub:
		return instr{op: opLKSub, l: l, k: in.k}, true
	case isLeaf && in.op == opMulL:
		return instr{op: opLMulL, l: l, n: int(in.l)}, true
	case p.op == opLMulL && in.op == opAdd:
		return instr{op: opAddLL, l: p.l, n: p.n}, true
	case p.op == opMulL && in.op == opAdd:
		return instr{op: opMulLAdd, l: p.l}, true
	// a − k is a + (−k) in IEEE arithmetic, bit for bit.
	case in.op == opSq && p.op == opAddK:
		return instr{op: opAddKSq, k: p.k}, true
	case in.op == opSq && p.op == opSubK:
		return instr{op: opAddKSq, k: -p.k}, true
	case in.op == opSq && p.op == opKSub:
		return instr{op: opKSubSq, k: p.k}, true
	case in.op == opSq && p.op == opAdd:
		return instr{op: opAddSq}, true
	case in.op == opMulK && p.op == opSq:
		return instr{op: opSqMulK, k: in.k}, true
	case in.op == opAddK && p.op == opMulK:
		return instr{op: opMulKAddK, k: p.k, k2: in.k}, true
	case in.op == opSubK && p.op == opMulK:
		return instr{op: opMulKAddK, k: p.k, k2: -in.k}, true
	case in.op == opKSub && p.op == opMulK:
		return instr{op: opMulKKSub, k: p.k, k2: in.k}, true
	}
	return instr{}, false
}

// usesSquares reports whether code names the leaves x² and y², which the
// first-order pass then computes once per evaluation, for every use.
func usesSquares(code []instr) (sqX, sqY bool) {
	for _, in := range code {
		for _, l := range leavesNamed(in) {
			sqX = sqX || l == leafXSq
			sqY = sqY || l == leafYSq
		}
	}
	return sqX, sqY
}

// leavesNamed lists the leaves an instruction of the first-order pass uses.
func leavesNamed(in instr) []uint8 {
	switch in.op {
	case opX, opY, opXSq, opYSq:
		l, _ := leafOf(in)
		return []uint8{l}
	case opAddL, opSubL, opMulL, opDivL, opLPowi, opLKSub, opMulLAdd:
		return []uint8{in.l}
	case opLMulL, opAddLL:
		return []uint8{in.l, uint8(in.n)}
	}
	return nil
}
