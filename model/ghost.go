package model

import (
	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// ghost is a particle's continuous-time twin: the exact solution of its
// method's ODE (sim.Twin) from the same start, at rest like the ball, read
// at the ball's own time t = kΔt. The ball rides on it while Δt is small
// and zig-zags away or flies off when Δt is large, while the ODE does not.
//
// It follows the whole run, not the ball: when the law changes mid-run (a
// new mass, friction or method) the twin goes on from its own state under
// the new law, so a ball that has drifted away is never snapped back. A
// change of Δt alone changes no law (Δt is not in the ODE): the ghost goes
// on as before, and only the ball's steps change. The ghost has no noise.
type ghost struct {
	tw     sim.Twin
	law    sim.Law
	seeded bool // tw holds a twin (false for a method with no single ODE)
	none   bool // the racer's current method has no single ODE
	// tooLong: turned on after a run too long to replay (ghostCatchUpEvals).
	tooLong bool
	start   landscapes.Vec // where the run began: the twin's start
	// last is the ball's time at the last follow: a new law takes over
	// there, not at the end of the integrator's own last step, which lies
	// past it.
	last  float64
	at    sim.State
	trail trail
}

// reset starts the twin again at start, at rest at time 0, like the
// particle; its law is known at the next follow.
func (g *ghost) reset(start landscapes.Vec) {
	g.seeded, g.none, g.tooLong, g.start = false, false, false, start
	g.trail.Reset()
}

// follow brings the ghost to time t under sys's law.
func (g *ghost) follow(sys sim.System, t, dot float64) {
	law, ok := sys.Method.ODE(sys.Params)
	g.none = !ok
	if !ok {
		return
	}
	switch {
	case g.tooLong:
		return
	case !g.seeded:
		// From the start at rest at time 0, where the ball began.
		g.tw = sim.NewTwin(sys.Land, law, g.start, landscapes.Vec{}, 0)
		g.law, g.seeded, g.last = law, true, 0
	case law != g.law:
		// The same motion goes on under a new law from where the twin was
		// at the ball's time when the law changed (the last follow); a
		// first-order twin carries its velocity −∇f/ε into a massive one.
		s, ok := g.tw.At(g.last)
		if ok {
			g.tw = sim.NewTwin(sys.Land, law, s.Pos, s.Vel, g.last)
		}
		g.law = law
	}
	if g.tw.Failed {
		return
	}
	if s, ok := g.tw.At(t); ok {
		g.at, g.last = s, t
		g.trail.Add(s.Pos, dot)
	}
}

// shown reports whether the ghost has a position to draw.
func (g *ghost) shown() bool { return g.seeded && !g.none && g.trail.Len() > 0 }

// distance is |x − x̃| between the particle and its ghost.
func (g *ghost) distance(p landscapes.Vec) float64 { return p.Dist(g.at.Pos) }

// followGhost brings racer r's ghost to its particle, while ghosts are
// shown (hidden, they cost nothing; toggleGhost catches them up).
func (m *Model) followGhost(r *racer) {
	if m.ghost {
		r.ghost.follow(m.system(r), r.p.Time, m.field.dotSize())
	}
}

// ghostCatchUpEvals bounds the work of catching a ghost up with a long
// run when it is turned on (about 50 ms): a longer run is not replayed,
// and the panel says that r starts the ghost with the ball.
const ghostCatchUpEvals = 2_000_000

// toggleGhost shows or hides the ghosts. Turned on mid-run, each ghost
// replays the run so far (the laws of its tape, step by step), so it
// shows the twin from the start, not from where the ball is now.
func (m *Model) toggleGhost() {
	m.ghost = !m.ghost
	if !m.ghost {
		return
	}
	for _, r := range m.racers {
		if r.on {
			m.catchUpGhost(r)
		}
	}
	for _, meth := range m.running() {
		if !meth.HasODE() {
			m.note = "ghost: " + meth.Title() + ": " + meth.NoGhost()
		}
	}
}

// catchUpGhost replays racer r's run for its ghost: each stretch of the
// tape under its own law, sampled at every step for the trail.
func (m *Model) catchUpGhost(r *racer) {
	g := &r.ghost
	g.reset(m.start)
	type stretch struct {
		from int
		sys  sim.System
	}
	var run []stretch
	r.tape.Segments(func(from int, sys sim.System) { run = append(run, stretch{from, sys}) })
	dot := m.field.dotSize()
	t := 0.0
	for i, s := range run {
		end := r.p.Step
		if i+1 < len(run) {
			end = min(run[i+1].from, end)
		}
		g.follow(s.sys, t, dot)
		base := t
		for k := s.from + 1; k <= end; k++ {
			t = base + float64(k-s.from)*s.sys.Params.Dt
			g.follow(s.sys, t, dot)
			if g.seeded && g.tw.Evals > ghostCatchUpEvals {
				g.reset(m.start)
				g.tooLong = true
				return
			}
		}
	}
	g.follow(m.system(r), r.p.Time, dot)
}

// drawGhosts puts each shown ghost's path, faint, into the trail layer
// (under the particles' own trails, which are drawn after it) and returns
// the cells of their dots for markGhosts.
func (f *field) drawGhosts(s scene) {
	for _, r := range s.racers {
		if r.on && r.ghost.shown() {
			shade := f.styles.Racer[r.method][trailShades-1]
			for i := range f.ghostShades {
				f.ghostShades[i] = shade
			}
			f.trails.drawTrail(f.contours, &r.ghost.trail, &f.ghostShades)
		}
	}
}

// markGhosts marks each shown ghost's position with a faint ring, below
// the particles in importance.
func (f *field) markGhosts(s scene) {
	for _, r := range s.racers {
		if !r.on || !r.ghost.shown() {
			continue
		}
		if col, row, inside := f.contours.Cell(r.ghost.at.Pos); inside {
			f.marks.put(col, row, "◌", f.styles.Racer[r.method][trailShades/2])
		}
	}
}

// ghostLine is the panel's line about racer r's ghost: how far the ball
// is from its continuous-time twin, or why there is no twin to compare.
func ghostLine(p *panelText, st *Styles, r *racer, indent string) {
	g := &r.ghost
	switch {
	case !r.method.HasODE(): // also just after a switch, before a step
		p.text(st.dim, indent)
		p.text(st.dim, "ghost: "+r.method.NoGhost())
	case g.tooLong:
		p.text(st.dim, indent)
		p.text(st.dim, "ghost: run too long to replay; r")
	case !g.seeded:
		return
	case g.tw.Failed:
		p.text(st.warn, indent)
		p.text(st.warn, "ghost left the finite numbers")
	default:
		p.text(st.label, indent) // two calls: a concatenation would allocate per frame
		p.text(st.label, "ghost |x − x̃| ")
		p.num(st.value, g.distance(r.p.Pos))
	}
	p.end()
}
