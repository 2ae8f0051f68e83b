package expr

import (
	"errors"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// FuzzExpr checks that Parse never panics, that every error is an
// *Error pointing inside the input, that scan alone catches every
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
	pts := []landscapes.Vec{{X: 0, Y: 0}, {X: 1, Y: -1}, {X: 0.5, Y: 2}, {X: -3, Y: 0.25}, {X: 1e300, Y: -1e-300}}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var ee *Error
			if !errors.As(err, &ee) {
				t.Fatalf("%q: error %v is a %T, not an *Error", src, err, err)
			}
			if ee.Msg == "" || strings.Contains(ee.Msg, "token") {
				t.Fatalf("%q: message %q", src, ee.Msg)
			}
			whole := len(src) > MaxBytes || strings.Trim(src, " \t\n\r\v\f") == ""
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
