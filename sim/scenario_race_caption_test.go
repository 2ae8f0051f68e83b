package sim

import (
	"fmt"
	"strings"
	"testing"
)

// TestMomentumRaceCaptionCountsItsBalls: the caption says "same mass, 3
// frictions" (η = Δt²/m and μ = 1 − εΔt/m): so the race has three racers,
// all of one mass and Δt, each with its own friction, and μ as listed.
func TestMomentumRaceCaptionCountsItsBalls(t *testing.T) {
	s, err := ScenarioByName("momentum-race")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Caption[0], "Same mass, 3 frictions") {
		t.Fatalf("caption %q", s.Caption[0])
	}
	if len(s.Racers) != 3 {
		t.Fatalf("%d racers, caption says 3", len(s.Racers))
	}
	first := s.RacerTuning(0).For(s.Racers[0])
	seen := map[float64]bool{}
	for i, m := range s.Racers {
		p := s.RacerTuning(i).For(m)
		if p.Mass != first.Mass || p.Dt != first.Dt {
			t.Errorf("racer %d: m %v, Δt %v; racer 0: m %v, Δt %v", i, p.Mass, p.Dt, first.Mass, first.Dt)
		}
		if seen[p.Friction] {
			t.Errorf("racer %d repeats friction %v", i, p.Friction)
		}
		seen[p.Friction] = true
		if mu := 1 - p.Friction*p.Dt/p.Mass; !strings.Contains(s.Caption[0], fmt.Sprintf("%.2g", mu)) {
			t.Errorf("racer %d: μ %v not in caption %q", i, mu, s.Caption[0])
		}
	}
}
