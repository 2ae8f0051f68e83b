package expr

import (
	"fmt"
	"strings"
)

// Error is a mistake in a user expression. It is a type, not a string,
// so the CLI can prefix the flag name and tests can check the position.
type Error struct {
	// Column is the 1-based position of the offending character, counted in
	// characters from the start of the expression (newlines count as one).
	// It is 0 when the error concerns the whole expression (empty, too long).
	Column int
	Msg    string
	// Hint, when set, follows the position: what would have been accepted.
	Hint string
}

func (e *Error) Error() string {
	s := e.Msg
	if e.Column > 0 {
		s = fmt.Sprintf("%s at column %d", s, e.Column)
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func errAt(col int, format string, args ...any) *Error {
	return &Error{Column: col, Msg: fmt.Sprintf(format, args...)}
}

func unknownName(col int, name string) *Error {
	return &Error{Column: col, Msg: fmt.Sprintf("unknown name %q", name),
		Hint: "want x, y, pi, e or one of " + strings.Join(funcNames, ", ")}
}
