package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// referenceAdvance is the step loop as it was written before the state was
// kept in locals: a candidate particle built and checked every step, Time
// from the clock every step. The fast loop must give the same particle.
func referenceAdvance(sys *System, p *Particle, n int) int {
	if p.Diverged {
		return 0
	}
	p.Adopt(sys.Method)
	c := sys.Params.Coeffs(sys.Method)
	step := methodTable[sys.Method].step
	if p.clock.dt != c.Dt {
		p.clock = clock{base: p.Time, from: p.Step, dt: c.Dt}
	}
	for i := range n {
		g := p.Grad
		if sys.Noise.Sigma != 0 {
			g = g.Add(sys.Noise.At(p.Step))
		}
		next := step(c, p.State, g)
		f, grad := sys.Land.F(next.Pos), sys.Land.Grad(next.Pos)
		cand := Particle{State: next, Step: p.Step + 1, F: f, Grad: grad, clock: p.clock, owner: p.owner}
		cand.Time = p.clock.at(cand.Step)
		if !cand.Finite() {
			p.Diverged = true
			return i
		}
		*p = cand
	}
	return n
}

// sameParticle compares every number bit for bit (−0 is not 0: the CSV
// prints them differently).
func sameParticle(a, b *Particle) bool {
	return same(a.Pos.X, b.Pos.X) && same(a.Pos.Y, b.Pos.Y) && same(a.Vel.X, b.Vel.X) &&
		same(a.Vel.Y, b.Vel.Y) && same(a.F, b.F) && same(a.Grad.X, b.Grad.X) &&
		same(a.Grad.Y, b.Grad.Y) && same(a.Time, b.Time) && a.Step == b.Step && a.Diverged == b.Diverged &&
		same(a.Mem.Buf.X, b.Mem.Buf.X) && same(a.Mem.Buf.Y, b.Mem.Buf.Y) && same(a.Mem.Sq.X, b.Mem.Sq.X) &&
		same(a.Mem.Sq.Y, b.Mem.Sq.Y) && a.Mem.T == b.Mem.T
}

// The fast loop gives the reference loop's particle bit for bit on every
// landscape and method, with and without noise, in chunks of several
// sizes (cycles are counted only inside one Advance), through a change of
// Δt, into divergence and into the subnormal cycles near a minimum.
func TestAdvanceMatchesTheReferenceLoop(t *testing.T) {
	for _, l := range landscapes.All() {
		for _, m := range Methods {
			for _, noise := range []Noise{{}, {Sigma: 0.3, Seed: 7}} {
				for _, chunk := range []int{1, 7, 1000, 200_000} {
					sys := System{Land: l, Method: m, Params: ParamsOf(l.Defaults), Noise: noise}
					fast, ref := NewParticle(l, l.Start), NewParticle(l, l.Start)
					total := 400_000
					if noise.Sigma != 0 || chunk < 1000 || methodTable[m].memory {
						// Only the linear loop has cycles to reach.
						total = 20_000
					}
					for done := 0; done < total && !fast.Diverged; done += chunk {
						if done == total/2 {
							sys.Params.Dt *= 0.75
						}
						nf, nr := sys.Advance(&fast, chunk), referenceAdvance(&sys, &ref, chunk)
						if nf != nr || !sameParticle(&fast, &ref) {
							t.Fatalf("%s %s σ=%v chunk %d after %d steps: fast took %d, reference %d\nfast %+v\nref  %+v",
								l.Name, m.Name(), noise.Sigma, chunk, done, nf, nr, fast, ref)
						}
					}
				}
			}
		}
	}
}

// A run through a tape, as `momentum run` and the export print it, is byte
// for byte the same with the fast loop as with the reference loop.
func TestCSVMatchesTheReferenceLoop(t *testing.T) {
	for _, l := range landscapes.All() {
		for _, m := range Methods {
			sys := System{Land: l, Method: m, Params: ParamsOf(l.Defaults)}
			var tape Tape
			tape.Record(0, sys)
			got := string(tape.AppendCSV(nil, l.Start, 30_000, 997))
			var want []byte
			p := NewParticle(l, l.Start)
			want = AppendCSV(want, &sys, &p)
			for p.Step < 30_000 {
				n := min(997-p.Step%997, 30_000-p.Step)
				if referenceAdvance(&sys, &p, n) < n {
					if p.Step%997 != 0 {
						want = AppendCSV(want, &sys, &p)
					}
					break
				}
				want = AppendCSV(want, &sys, &p)
			}
			if got != string(want) {
				t.Errorf("%s %s: CSV differs from the reference loop's", l.Name, m.Name())
			}
		}
	}
}

// A damped ball that has decayed into the subnormal numbers circles there
// for ever (on the bowl with a period of 54 steps; flow settles on a fixed
// point). Advance finds the cycle and counts whole cycles without computing
// them, so a million steps there cost what a few hundred do. The state it
// ends in is the one stepping would give: stepping the found period from
// it comes back to it bit for bit.
func TestAdvanceCountsCyclesAtRest(t *testing.T) {
	l := mustLandscape(t, "bowl")
	for _, tc := range []struct {
		m      Method
		period int
	}{{Damped, 54}, {Flow, 1}} {
		sys := System{Land: l, Method: tc.m, Params: ParamsOf(l.Defaults)}
		p := NewParticle(l, l.Start)
		sys.Advance(&p, 100_000) // long into the subnormal numbers
		if p.Cycle != 0 && p.Cycle != tc.period {
			t.Fatalf("%s: found period %d, want %d", tc.m.Name(), p.Cycle, tc.period)
		}
		sys.Advance(&p, 1_000_000)
		if p.Cycle != tc.period || p.CycleFrom < 100_000 || p.Step != 1_100_000 {
			t.Fatalf("%s: cycle %d from %d at step %d, want period %d found after step 100000 at step 1100000",
				tc.m.Name(), p.Cycle, p.CycleFrom, p.Step, tc.period)
		}
		if p.Pos.Norm() > 1e-300 {
			t.Fatalf("%s: at %v, not near the minimum", tc.m.Name(), p.Pos)
		}
		q := p
		referenceAdvance(&sys, &q, tc.period)
		if !same(q.Pos.X, p.Pos.X) || !same(q.Pos.Y, p.Pos.Y) || !same(q.Vel.X, p.Vel.X) || !same(q.Vel.Y, p.Vel.Y) {
			t.Fatalf("%s: %d steps from %+v reach %+v, not the same state", tc.m.Name(), tc.period, p.State, q.State)
		}
		// A moving ball (the frictionless one) never repeats.
		sys.Method = Heavy
		h := NewParticle(l, l.Start)
		sys.Advance(&h, 100_000)
		if h.Cycle != 0 {
			t.Fatalf("heavy ball on the bowl found a cycle of %d steps", h.Cycle)
		}
	}
}
