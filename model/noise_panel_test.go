package model

import (
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

// While noise is on its σ and seed stay in the panel, after other keys too,
// in a single run and in a race; the noise lesson shows its σ from the
// start; with no noise the line is not there.
func TestNoiseStaysInThePanel(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	if strings.Contains(plainView(m), "noise σ") {
		t.Fatal("noise shown with none on")
	}
	press(m, "]", "a", "n", "N")
	sigma := string(appendNum(nil, m.noise.Sigma))
	for _, race := range []bool{false, true} {
		if race {
			press(m, "c", "a")
		}
		if v := plainView(m); !strings.Contains(v, "noise σ "+sigma+"  seed 2") {
			t.Fatalf("race %v: no 'noise σ %s  seed 2' in the panel:\n%s", race, sigma, v)
		}
	}
	press(m, "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[", "[")
	if m.noise.Sigma != 0 || strings.Contains(plainView(m), "noise σ") {
		t.Fatalf("noise off (σ %v) still shown", m.noise.Sigma)
	}
	for _, sc := range sim.Scenarios() {
		if sc.Noise.Sigma == 0 {
			continue
		}
		m.applyScenario(sc)
		if v := plainView(m); !strings.Contains(v, "noise σ "+string(appendNum(nil, sc.Noise.Sigma))) {
			t.Fatalf("lesson %s does not show its σ:\n%s", sc.Name, v)
		}
	}
}
