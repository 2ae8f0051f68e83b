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

// The simulator runs the settings it is given: reading them back from a
// fresh simulator gives them again (it starts paused in either case).
func TestNewKeepsTheSettings(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"--landscape", "camel", "--race", "--method", "heavy"},
		{"--landscape", "himmelblau", "--method", "heavy,damped", "--noise", "3", "--seed", "42"},
		{"--expr", "x^2 + 10*y^2", "--bounds", "-2,2,-1,1", "--method", "flow", "--start", "1,0.5"},
		{"--landscape", "bowl", "--bounds", "-5,5,-5,5", "--lr", "0.1"},
		{"--scenario", "noise", "--seed", "7"},
		{"--scenario", "saddle"},
	} {
		s, err := settings.Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(s, NewStyles(0, true))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Settings(); !got.Equal(s) {
			t.Errorf("%q:\nnew  %+v\nback %+v", args, s, got)
		}
	}
}
