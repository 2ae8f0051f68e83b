// Package shelltest reads a command line back the way a POSIX shell would,
// for tests that check the commands the program prints (the share key,
// --print-command) reach the program as the words it meant.
package shelltest

import (
	"fmt"
	"strings"
	"testing"
)

// Split splits s into words as a POSIX shell does for plain words,
// backslash escapes and single-quoted strings, the quoting the program
// prints. An unquoted character a shell would act on (a $, a glob, a
// redirection, …) or an unbalanced quote is an error: the line would not
// reach the program as written.
func Split(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			if strings.ContainsRune("$`\"*?[]|&;<>()~#{}!^", rune(c)) {
				return nil, fmt.Errorf("%q: unquoted %q means something to a shell", s, c)
			}
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unbalanced quote in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// Words is Split for a test: a line a shell would not read as written
// fails t.
func Words(t testing.TB, s string) []string {
	t.Helper()
	words, err := Split(s)
	if err != nil {
		t.Fatal(err)
	}
	return words
}
