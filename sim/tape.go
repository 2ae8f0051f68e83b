package sim

// Tape records the systems a run used, segment by segment, so the run can
// be replayed exactly: a step depends on nothing but the system and the
// state, so the same systems from the same start give the same numbers.
type Tape struct {
	segs []segment
}

// segment is a stretch of a run with one system, from step From on.
type segment struct {
	from int
	sys  System
}

// Reset empties the tape for a new run (keeping its storage).
func (t *Tape) Reset() { t.segs = t.segs[:0] }

// Record notes that from step on the run uses sys. A new segment starts
// only when sys moves a particle differently from the last one (gradient
// flow ignores m, the heavy ball ε); two changes at one step keep the last.
func (t *Tape) Record(step int, sys System) {
	n := len(t.segs)
	if n > 0 && SameMotion(t.segs[n-1].sys, sys) {
		return
	}
	if n > 0 && t.segs[n-1].from == step {
		if n > 1 && SameMotion(t.segs[n-2].sys, sys) {
			// Changed and changed back at one step: nothing happened.
			t.segs = t.segs[:n-1]
			return
		}
		t.segs[n-1].sys = sys
		return
	}
	t.segs = append(t.segs, segment{from: step, sys: sys})
}

// Edited reports whether the system changed during the run.
func (t *Tape) Edited() bool { return len(t.segs) > 1 }

// EditedBesidesSeed reports whether the system changed during the run in
// more than its noise seed: a lesson's claims hold at every seed, so a run
// reseeded mid-way is still the lesson's run.
func (t *Tape) EditedBesidesSeed() bool {
	for _, seg := range t.segs[min(1, len(t.segs)):] {
		a, b := t.segs[0].sys, seg.sys
		a.Noise.Seed, b.Noise.Seed = 0, 0
		if !SameMotion(a, b) {
			return true
		}
	}
	return false
}

// SameMotion reports whether two systems move a particle identically.
func SameMotion(a, b System) bool {
	return a.Land == b.Land && a.Method == b.Method && a.Noise == b.Noise &&
		a.Params.Coeffs(a.Method) == b.Params.Coeffs(b.Method)
}

// Replay runs the tape from start up to step last, calling visit with the
// system and particle at step 0, at every step that is a multiple of every,
// and at step last. A step that would diverge ends the replay there, after
// visiting the last finite state if it was not visited yet: the rows are
// the ones `momentum run` prints. It returns the particle as it ended
// (Diverged set if it did).
func (t *Tape) Replay(start Vec, last, every int, visit func(*System, *Particle)) Particle {
	if len(t.segs) == 0 {
		return Particle{}
	}
	every = max(1, every)
	p := NewParticle(t.segs[0].sys.Land, start)
	visit(&t.segs[0].sys, &p)
	for i, seg := range t.segs {
		end := last
		if i+1 < len(t.segs) {
			end = t.segs[i+1].from
		}
		sys := seg.sys
		for p.Step < end && !p.Diverged {
			n := min(every-p.Step%every, end-p.Step)
			if sys.Advance(&p, n) < n {
				if p.Step%every != 0 && p.Step != last {
					visit(&sys, &p) // the last finite state is the last row
				}
				return p
			}
			if p.Step%every == 0 || p.Step == last {
				visit(&sys, &p)
			}
		}
	}
	return p
}

// AppendCSV appends the replayed rows in the `momentum run` format.
func (t *Tape) AppendCSV(buf []byte, start Vec, last, every int) []byte {
	t.Replay(start, last, every, func(sys *System, p *Particle) { buf = AppendCSV(buf, sys, p) })
	return buf
}

// AppendCSVAs is AppendCSV with name in the method column (see AppendCSVAs).
func (t *Tape) AppendCSVAs(buf []byte, name string, start Vec, last, every int) []byte {
	t.Replay(start, last, every, func(sys *System, p *Particle) { buf = AppendCSVAs(buf, name, sys, p) })
	return buf
}

// Segments calls visit with each stretch of the run in order: the step it
// starts at and the system it runs with (to replay something other than
// the particle, such as its continuous-time twin).
func (t *Tape) Segments(visit func(from int, sys System)) {
	for _, s := range t.segs {
		visit(s.from, s.sys)
	}
}
