package expr

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// Limits on user expressions. They exist so that hostile input (a megabyte
// of text, a hundred thousand nested parentheses) fails fast with a message
// instead of exhausting time or memory: the length bound caps the work of
// every later stage, and the nesting bound is enforced by our own linear
// scan before expr's recursive-descent parser ever sees the text.
const (
	MaxBytes = 10000
	MaxDepth = 100
)

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
func scan(src string) (masked string, nums map[int]float64, err *Error) {
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
				if len(frames) == MaxDepth {
					return "", nil, errAt(k+1, "parentheses nested more than %d deep", MaxDepth)
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
			if len(frames) == MaxDepth {
				return "", nil, errAt(col, "parentheses nested more than %d deep", MaxDepth)
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
		return "", nil, &Error{Msg: "expression is empty"}
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
