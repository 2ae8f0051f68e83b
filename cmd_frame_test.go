package main

import (
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
