package sim

import (
	"context"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// The outcomes are the same on one worker as on every core, so a server
// can give each session one.
func TestFatesOnOneWorkerIsFatesOnAll(t *testing.T) {
	l, err := landscapes.ByName("camel")
	if err != nil {
		t.Fatal(err)
	}
	sys := System{Land: l, Method: Damped, Params: Params{Dt: l.Defaults.Dt, Mass: l.Defaults.Mass, Friction: l.Defaults.Friction}}
	starts := GridStarts(l.View, 12, 8)
	all, err := sys.Fates(context.Background(), starts, 20000, nil)
	if err != nil {
		t.Fatal(err)
	}
	one, err := sys.FatesOn(context.Background(), starts, 20000, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if all[i] != one[i] {
			t.Fatalf("start %v: %+v on every core, %+v on one", starts[i], all[i], one[i])
		}
	}
}
