package model

import (
	"strconv"
	"testing"

	"github.com/momentum-sim/momentum/settings"
)

// newSim builds the simulator the command line args would start.
func newSim(tb testing.TB, st Styles, args ...string) *Model {
	tb.Helper()
	s, err := settings.Parse(args)
	if err != nil {
		tb.Fatalf("%q: %v", args, err)
	}
	m, err := New(s, st)
	if err != nil {
		tb.Fatalf("%q: %v", args, err)
	}
	return m
}

// g prints a number as the command line reads it back exactly.
func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
