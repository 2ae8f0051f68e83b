package landscapes

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// Limits on user expressions. They exist so that hostile input (a megabyte
// of text, a hundred thousand nested parentheses) fails fast with a message
// instead of exhausting time or memory: the length bound caps the work of
// every later stage, and the nesting bound is enforced by our own linear
// scan before expr's recursive-descent parser ever sees the text.
const (
	MaxExprBytes = 10000
	MaxExprDepth = 100
)

// exprDefaults are the dynamics suggested for a custom surface. Nothing is
// known about its curvature λ, so they are the textbook momentum-SGD setting
// (learning rate η = Δt²/m = 10⁻³, momentum μ = 1 − Δtε/m = 0.9): gradient
// flow stays stable for λ < 2/Δt = 200 and the damped ball for
// λ < 2(1+μ)/η = 3800, which covers hand-written formulas over views a few
// units wide.
var exprDefaults = Defaults{Dt: 0.01, Mass: 0.1, Friction: 1}

// ExprError is a mistake in a user expression. It is a type, not a string,
// so the CLI can prefix the flag name and tests can check the position.
type ExprError struct {
	// Column is the 1-based position of the offending character, counted in
	// characters from the start of the expression (newlines count as one).
	// It is 0 when the error concerns the whole expression (empty, too long).
	Column int
	Msg    string
	// Hint, when set, follows the position: what would have been accepted.
	Hint string
}

func (e *ExprError) Error() string {
	s := e.Msg
	if e.Column > 0 {
		s = fmt.Sprintf("%s at column %d", s, e.Column)
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func errAt(col int, format string, args ...any) *ExprError {
	return &ExprError{Column: col, Msg: fmt.Sprintf(format, args...)}
}

// Expr is a compiled expression in x and y. It is immutable and safe for
// concurrent use, so one landscape can be sampled from several goroutines.
type Expr struct {
	src   string
	code  []instr
	depth int // stack slots the code needs
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

func unknownName(col int, name string) *ExprError {
	return &ExprError{Column: col, Msg: fmt.Sprintf("unknown name %q", name),
		Hint: "want x, y, pi, e or one of " + strings.Join(funcNames, ", ")}
}

// ParseExpr compiles src, an expression in x and y with + - * / ^ (or **),
// parentheses, unary minus, decimal numbers, the constants pi and e and the
// one-argument functions sin cos tan exp log sqrt abs tanh sinh cosh atan
// (log is the natural logarithm).
//
// Precedence is expr-lang's and the usual one: ^ binds tighter than unary
// minus, which binds tighter than * and /, then + and -; ^ is
// right-associative. So -x^2 is -(x^2), 2^3^2 is 2^9 = 512 and 2^-1 is 0.5.
//
// Errors are *ExprError. Values that leave the reals (log of a negative,
// division by zero) are not errors: evaluation returns NaN or ±Inf there.
func ParseExpr(src string) (*Expr, error) {
	if len(src) > MaxExprBytes {
		return nil, &ExprError{Msg: fmt.Sprintf("expression is %d bytes long; at most %d are accepted", len(src), MaxExprBytes)}
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
	return &Expr{src: src, code: code, depth: depth}, nil
}

// CustomName is the name of every landscape made from an expression.
const CustomName = "custom"

// DefaultExprView is the view of an expression when the user gives none.
var DefaultExprView = Rect{XMin: -3, XMax: 3, YMin: -3, YMax: 3}

// FromExpr makes a landscape of a user expression. The view and start come
// from the caller because only it knows what the user asked to look at. No
// minima are known, and the defaults are exprDefaults.
func FromExpr(src string, view Rect, start Vec) (*Landscape, error) {
	e, err := ParseExpr(src)
	if err != nil {
		return nil, err
	}
	return e.Landscape(view, start), nil
}

// ExprStart is where a custom landscape starts when the user names no
// start: a quarter of the way in from the view's top-left corner (off the
// centre, where symmetric functions have their minimum), or, where f or ∇f
// is not finite there, the nearest finite point of a 17×17 grid over the
// view. ok is false when no point of that grid is finite.
func ExprStart(l *Landscape) (start Vec, ok bool) {
	v := l.View
	want := Vec{X: v.XMin + v.Width()/4, Y: v.YMax - v.Height()/4}
	finiteAt := func(p Vec) bool {
		f, g := l.F(p), l.Grad(p)
		return isFinite(f) && g.IsFinite()
	}
	if finiteAt(want) {
		return want, true
	}
	best := math.Inf(1)
	const n = 16
	for i := range n + 1 {
		for j := range n + 1 {
			p := Vec{X: v.XMin + v.Width()*float64(i)/n, Y: v.YMin + v.Height()*float64(j)/n}
			if d := p.Dist(want); d < best && finiteAt(p) {
				start, best, ok = p, d, true
			}
		}
	}
	return start, ok
}

// Landscape makes a landscape of the expression.
func (e *Expr) Landscape(view Rect, start Vec) *Landscape {
	src := e.src
	l := New(CustomName, src, "a surface written as an expression in x and y", view, start, exprDefaults, nil,
		e.Value,
		func(p Vec) Vec { _, g := e.ValueGrad(p); return g },
		func(p Vec) Sym { _, _, h := e.ValueGradHess(p); return h })
	// Δt is small, so play more steps per second to keep the ball moving
	// visibly, as the catalog does for its stiff surfaces.
	l.StepsPerSecond = 120
	return l
}

// frame is an open parenthesis during the scan.
type frame struct {
	col    int    // column of the "("
	fn     string // the function it calls, or "" for grouping
	fnCol  int
	commas int
}

// scan checks src token by token before expr's parser sees it. Doing the
// lexical work ourselves bounds the nesting depth without recursion, gives
// messages in our words at exact columns, and closes doors the parser would
// open: its // and /* comments, strings, keywords, member access, and its
// int64 literals (which would reject 1e20 written as digits). Numbers are
// parsed here to float64 and replaced in the text by runs of '_' of the same
// length, a name the parser takes as an identifier; the position of that
// identifier finds the number again. Every accepted character is ASCII, so
// byte offsets equal character columns.
func scan(src string) (masked string, nums map[int]float64, err *ExprError) {
	out := []byte(src)
	nums = map[int]float64{}
	var frames []frame
	operand := true // whether an operand is expected next
	justOpened := false
	seen := false
	for i := 0; i < len(src); {
		c := src[i]
		col := i + 1
		if isSpaceByte(c) {
			i++
			continue
		}
		seen = true
		wasOpened := justOpened
		justOpened = false
		switch {
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			j := numberEnd(src, i)
			if !operand {
				return "", nil, errAt(col, "missing operator before %q", src[i:j])
			}
			// Underflow is not an error: 1e-400 is 0, as in any calculator.
			v, perr := strconv.ParseFloat(src[i:j], 64)
			switch {
			case math.IsInf(v, 0):
				return "", nil, errAt(col, "number %s is too large", src[i:j])
			case perr != nil && !errors.Is(perr, strconv.ErrRange):
				return "", nil, errAt(col, "malformed number %s", src[i:j])
			}
			nums[i] = v
			for k := i; k < j; k++ {
				out[k] = '_'
			}
			operand = false
			i = j
		case isLetter(c):
			j := i + 1
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			name := src[i:j]
			_, isFunc := funcOps[name]
			_, isConst := constants[name]
			if !isFunc && !isConst && name != "x" && name != "y" {
				return "", nil, unknownName(col, name)
			}
			if !operand {
				return "", nil, errAt(col, "missing operator before %q", name)
			}
			if isFunc {
				k := j
				for k < len(src) && isSpaceByte(src[k]) {
					k++
				}
				if k == len(src) || src[k] != '(' {
					return "", nil, errAt(k+1, "expected \"(\" after %s", name)
				}
				if len(frames) == MaxExprDepth {
					return "", nil, errAt(k+1, "parentheses nested more than %d deep", MaxExprDepth)
				}
				frames = append(frames, frame{col: k + 1, fn: name, fnCol: col})
				justOpened = true
				i = k + 1
				continue // an operand is still expected: the argument
			}
			operand = false
			i = j
		case c == '(':
			if !operand {
				return "", nil, errAt(col, "missing operator before \"(\"")
			}
			if len(frames) == MaxExprDepth {
				return "", nil, errAt(col, "parentheses nested more than %d deep", MaxExprDepth)
			}
			frames = append(frames, frame{col: col})
			justOpened = true
			i++
		case c == ')':
			if len(frames) == 0 {
				return "", nil, errAt(col, "unmatched \")\"")
			}
			top := frames[len(frames)-1]
			switch {
			case operand && wasOpened && top.fn != "":
				return "", nil, errAt(top.fnCol, "%s takes 1 argument, got 0", top.fn)
			case operand && wasOpened:
				return "", nil, errAt(col, "empty parentheses")
			case operand:
				return "", nil, errAt(col, "unexpected \")\"")
			case top.commas > 0:
				return "", nil, errAt(top.fnCol, "%s takes 1 argument, got %d", top.fn, top.commas+1)
			}
			frames = frames[:len(frames)-1]
			i++
		case c == ',':
			if operand || len(frames) == 0 || frames[len(frames)-1].fn == "" {
				return "", nil, errAt(col, "unexpected \",\"")
			}
			frames[len(frames)-1].commas++
			operand = true
			i++
		case c == '+' || c == '-':
			operand = true // unary when an operand was expected, binary otherwise
			i++
		case c == '*' || c == '/' || c == '^':
			op := src[i : i+1]
			if c == '*' && i+1 < len(src) && src[i+1] == '*' {
				op = "**"
			}
			if operand {
				return "", nil, errAt(col, "unexpected %q", op)
			}
			operand = true
			i += len(op)
		case c == '"' || c == '\'' || c == '`':
			return "", nil, errAt(col, "strings are not allowed")
		case c == '.':
			return "", nil, errAt(col, "unexpected \".\"")
		case c >= utf8.RuneSelf:
			r, _ := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError {
				return "", nil, errAt(col, "invalid UTF-8 byte %#x", c)
			}
			return "", nil, errAt(col, "unexpected character %q", string(r))
		default:
			return "", nil, errAt(col, "unexpected character %q", string(rune(c)))
		}
	}
	if !seen {
		return "", nil, &ExprError{Msg: "expression is empty"}
	}
	if operand {
		return "", nil, errAt(len(src)+1, "unexpected end of input")
	}
	if len(frames) > 0 {
		return "", nil, errAt(frames[len(frames)-1].col, "unclosed \"(\"")
	}
	return string(out), nums, nil
}

// numberEnd returns the end of the decimal number starting at i: digits, an
// optional fraction and an optional exponent. An "e" not followed by digits
// is not part of the number, so 2e reads as 2 then the name e.
func numberEnd(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
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
func build(n ast.Node, nums map[int]float64) (*node, *ExprError) {
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

func call(col int, name string, args []ast.Node, nums map[int]float64) (*node, *ExprError) {
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
	return &node{op: opConst, k: (&Expr{code: code, depth: depth}).Value(Vec{})}
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
	return code, root.need
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
