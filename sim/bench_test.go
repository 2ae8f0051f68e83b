package sim

import "testing"

// One op is one step, called through Advance one step at a time as the UI's
// slowest path does, so ns/op is the per-step cost a frame budget divides by.
func BenchmarkAdvance(b *testing.B) {
	l := mustLandscape(b, "rosenbrock")
	params := Params(l.Defaults)
	for _, m := range Methods {
		b.Run(m.Name(), func(b *testing.B) {
			sys := System{Land: l, Method: m, Params: params}
			p := NewParticle(l, l.Start)
			for b.Loop() {
				if sys.Advance(&p, 1) != 1 {
					// Never expected on the defaults; restart rather than
					// time a no-op.
					p = NewParticle(l, l.Start)
				}
			}
		})
	}
}

// Advance runs every frame for every racer; an allocation per step would
// hand the garbage collector work proportional to the simulation speed.
func TestAdvanceDoesNotAllocate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	params := Params(l.Defaults)
	for _, m := range Methods {
		sys := System{Land: l, Method: m, Params: params}
		p := NewParticle(l, l.Start)
		allocs := testing.AllocsPerRun(100, func() {
			if sys.Advance(&p, 10) != 10 {
				t.Fatalf("%s diverged", m.Name())
			}
		})
		if allocs != 0 {
			t.Errorf("%s: Advance(10 steps) allocates %v times per call, want 0", m.Name(), allocs)
		}
	}
}
