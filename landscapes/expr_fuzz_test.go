package landscapes

import (
	"errors"
	"strings"
	"testing"
)

// FuzzExpr checks that ParseExpr never panics, that every error is an
// *ExprError pointing inside the input, that scan alone catches every
// syntax error (the parser's safety net speaks of "tokens"), and that an
// accepted expression evaluates with its three evaluations in agreement.
func FuzzExpr(f *testing.F) {
	for _, src := range catalogExprs {
		f.Add(src)
	}
	for _, src := range []string{
		"x^2 + 10*y^2", "-x^2", "2^3^2", "x**y", "sin(x)*cos(y)/(1 + abs(x - y))",
		"log(x) + sqrt(-y)", "atan(1/x) - tanh(y)^-2", "sinh(cosh(exp(x)))",
		"x +", "sin(x, y)", "((x)", "x)", "2x", "x ? 1 : 2", `"s"`, "x.y", "[1]",
		"len(x)", "x in y", "x // y", "1e999", "π", "", strings.Repeat("(", 120),
	} {
		f.Add(src)
	}
	pts := []Vec{{0, 0}, {1, -1}, {0.5, 2}, {-3, 0.25}, {1e300, -1e-300}}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := ParseExpr(src)
		if err != nil {
			var ee *ExprError
			if !errors.As(err, &ee) {
				t.Fatalf("%q: error %v is a %T, not an *ExprError", src, err, err)
			}
			if ee.Msg == "" || strings.Contains(ee.Msg, "token") {
				t.Fatalf("%q: message %q", src, ee.Msg)
			}
			whole := len(src) > MaxExprBytes || strings.Trim(src, " \t\n\r\v\f") == ""
			if whole != (ee.Column == 0) {
				t.Fatalf("%q: %v: column %d", src, err, ee.Column)
			}
			// Columns count characters; everything before the error is ASCII,
			// so they are byte offsets too.
			if ee.Column > len(src)+1 {
				t.Fatalf("%q: %v: column past the end", src, err)
			}
			for i := 0; i < ee.Column-1; i++ {
				if src[i] >= 0x80 {
					t.Fatalf("%q: %v: non-ASCII before the column", src, err)
				}
			}
			return
		}
		if e.String() != src {
			t.Fatalf("String() = %q, want %q", e.String(), src)
		}
		for _, p := range pts {
			evalAll(t, e, p)
		}
	})
}
