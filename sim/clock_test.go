package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// Time after a million steps is exactly Step·Δt (one rounding), and after a
// change of Δt it continues from where it was.
func TestTimeStaysExact(t *testing.T) {
	l, _ := landscapes.ByName("bowl")
	sys := System{Land: l, Method: Damped, Params: Params{Dt: 0.1, Mass: 1, Friction: 0.5}}
	p := NewParticle(l, l.Start)
	for range 1000 {
		sys.Advance(&p, 1000)
	}
	if p.Step != 1_000_000 || p.Time != float64(1_000_000)*0.1 {
		t.Fatalf("step %d, time %v; want 1e6 and exactly %v", p.Step, p.Time, float64(1_000_000)*0.1)
	}
	// Summing would not be exact: the test would be empty if it were.
	sum := 0.0
	for range 1_000_000 {
		sum += 0.1
	}
	if sum == p.Time {
		t.Fatal("summing Δt happens to be exact here; pick another Δt")
	}
	at := p.Time
	sys.Params.Dt = 0.03
	sys.Advance(&p, 1000)
	if want := at + float64(1000)*0.03; p.Time != want {
		t.Fatalf("after Δt changed: time %v, want %v", p.Time, want)
	}
}
