package main

import (
	"os"
	"strings"
	"testing"
)

// frame's step limit fits a 32-bit int, so the flag means the same on every
// platform: the largest int32 is the most, one more is refused by name.
func TestFrameStepLimitFitsInt32(t *testing.T) {
	var out, errOut strings.Builder
	err := run([]string{"frame", "--steps", "2147483648"}, nil, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `--steps: "2147483648" is not allowed; want a whole number from 0 to 2147483647`) {
		t.Fatalf("frame --steps 2^31: %v", err)
	}
}

// The README's text screen is what its own command prints today: a change
// that moves a dot of the screen must print it again into the README.
func TestREADMEScreenIsTheCommandsOwn(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	const command = "momentum frame --color never --landscape rosenbrock --steps 800 --width 100 --height 42"
	s := string(readme)
	i := strings.Index(s, "`"+command+"` prints")
	if i < 0 {
		t.Fatalf("the README no longer shows %q", command)
	}
	start := strings.Index(s[i:], "```\n")
	if start < 0 {
		t.Fatal("no screen after the command in the README")
	}
	block := s[i+start+4:]
	block = block[:strings.Index(block, "```")]
	var out strings.Builder
	if err := frameCmd(strings.Fields(command)[2:], &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimRight(out.String(), "\n"); got != strings.TrimRight(block, "\n") {
		t.Errorf("the README's screen differs from what %q prints now; print it again into the README:\n%s", command, got)
	}
}
