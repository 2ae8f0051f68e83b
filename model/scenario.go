package model

import (
	"math"
	"slices"
	"strconv"

	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// applyScenario loads a lesson: its landscape, start, parameters, racers,
// noise and speed, from step 0. Its caption shows above the help bar for as
// long as the simulator still runs the lesson's landscape.
//
// The view returns to the lesson's (physical for every lesson): a caption's
// keys are the physical view's (friction-basins' "e ×5" lowers ε), and in
// the optimizer view the same keys would lower μ, the opposite.
func (m *Model) applyScenario(sc sim.Scenario) {
	m.setOptView(sc.Tuning.Optimizer)
	if err := m.load(settings.FromScenario(sc)); err != nil {
		m.note = err.Error()
	}
}

// stepScenario moves through the lessons, forward (delta 1, s) or back
// (−1, S), wrapping around; the first press starts the first lesson
// forward and the last one back.
func (m *Model) stepScenario(delta int) {
	all := sim.Scenarios()
	i := 0
	if delta < 0 {
		i = len(all) - 1
	}
	if k := lessonIndex(all, m.scenario); k >= 0 {
		i = ((k+delta)%len(all) + len(all)) % len(all)
	}
	m.applyScenario(all[i])
}

// lessonIndex is the position of sc among the lessons, or −1.
func lessonIndex(all []sim.Scenario, sc *sim.Scenario) int {
	if sc == nil {
		return -1
	}
	return slices.IndexFunc(all, func(a sim.Scenario) bool { return a.Name == sc.Name })
}

// lessonBar is what the bottom bar says about the lesson running: which
// of how many it is, its caption, whether the settings still are the
// lesson's (the caption's claim is only checked for those), and, while
// paused, how to start it.
type lessonBar struct {
	sc      *sim.Scenario
	k, n    int  // lesson k of n, from 1
	changed bool // a setting differs from the lesson's (the noise seed aside)
	// midRun: the settings are the lesson's (or one it invites) now, but
	// changed during this run, so the run is not the one the caption
	// describes until r starts it again.
	midRun bool
	paused bool
}

// lesson is the lesson bar's state now; its sc is nil outside a lesson.
func (m *Model) lesson() lessonBar {
	if m.scenario == nil {
		return lessonBar{}
	}
	all := sim.Scenarios()
	changed := m.lessonChanged()
	return lessonBar{sc: m.scenario, k: lessonIndex(all, m.scenario) + 1, n: len(all),
		changed: changed, midRun: !changed && m.editedBesidesSeed(), paused: !m.playing}
}

// lessonChanged reports whether the landscape, start, parameters, racers or
// noise differ from the lesson's, and from every tuning its caption
// invites (Scenario.Invites: its claims are tested there too). The seed may
// differ: every seed draws the same lesson (its claims are tested over
// many); so may the ghost, which only draws. Parameters count as the
// lesson's when every racer moves as the lesson's would (sameMotion): k on
// a lesson already critical re-snaps ε to within an ulp, and the optimizer
// view reaches the same (η, μ) with another Δt. The shared tuning is
// compared only for the racers that run with it: in a lesson whose racers
// all have their own (momentum-race), the parameter keys change the shared
// tuning alone, which no racer runs, so the lesson's claim still holds.
func (m *Model) lessonChanged() bool {
	s := m.Settings()
	shared := sharedMethods(s)
	slices.Sort(s.Methods)
	for i := -1; i < len(m.scenario.Invites); i++ {
		sc := *m.scenario
		if i >= 0 {
			sc.Tuning = sc.Invites[i]
		}
		want := settings.FromScenario(sc)
		s.Scenario, s.Play, s.Noise.Seed, s.Ghost = want.Scenario, want.Play, want.Noise.Seed, want.Ghost
		slices.Sort(want.Methods)
		if sameMotion(s.Tuning, want.Tuning, shared) {
			want.Tuning = s.Tuning
		}
		if len(s.Racers) == len(want.Racers) {
			for j, r := range want.Racers {
				if got := s.Racers[j]; got.Method == r.Method && got.Own == r.Own && sameMotion(got.Tuning, r.Tuning, []sim.Method{r.Method}) {
					want.Racers[j].Tuning = got.Tuning
				}
			}
		}
		if s.Equal(want) {
			return false
		}
	}
	return true
}

// sharedMethods are the methods of the racers in s that run with the shared
// tuning s.Tuning: every racer's outside a --racer race, else those of the
// racers without their own parameters.
func sharedMethods(s settings.Settings) []sim.Method {
	if len(s.Racers) == 0 {
		return s.Methods
	}
	var out []sim.Method
	for _, r := range s.Racers {
		if !r.Own {
			out = append(out, r.Method)
		}
	}
	return out
}

// sameMotion reports whether tunings a and b move each of the methods
// alike: the same step η and momentum μ to within a relative 1e-12 (a
// few ulps: what a re-snapped ε or a round trip through the optimizer view
// leaves) and the same adaptive constants. The position after every step
// depends on nothing else.
func sameMotion(a, b sim.Tuning, meths []sim.Method) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y)) }
	for _, meth := range meths {
		pa, pb := a.For(meth), b.For(meth)
		ea, ma := sim.OptimizerOf(meth, pa)
		eb, mb := sim.OptimizerOf(meth, pb)
		if !near(ea, eb) || !near(ma, mb) || pa.Adaptive != pb.Adaptive {
			return false
		}
	}
	return true
}

// editedBesidesSeed reports whether any racer's settings changed during its
// run in more than the noise seed (N), which every lesson's claims allow.
func (m *Model) editedBesidesSeed() bool {
	for _, r := range m.racers {
		if r.tape.EditedBesidesSeed() {
			return true
		}
	}
	return false
}

// syncLesson redraws the bottom bar when the lesson's line changed (it
// was played or paused, or a setting left the lesson's), laying the screen
// out again when the bar's height changed.
func (m *Model) syncLesson() {
	if m.scenario == nil && m.shownLesson.sc == nil {
		return
	}
	if now := m.lesson(); now != m.shownLesson {
		m.layout()
	}
}

// lines are the bar's lesson lines: "lesson K/N NAME" with, while paused,
// how to start it, or, once a setting left the lesson's, a warning that
// its claim may not hold there; then the caption's two lines, each
// wrapped at word boundaries to the bar's width.
func (l lessonBar) lines(st *Styles, width int) []string {
	if l.sc == nil {
		return nil
	}
	head := st.Title.Render(" lesson " + strconv.Itoa(l.k) + "/" + strconv.Itoa(l.n) + " " + l.sc.Name)
	switch {
	case l.changed:
		head += st.Warn.Render("  " + lessonChangedNote)
	case l.midRun:
		head += st.Warn.Render("  " + lessonMidRunNote)
	case l.paused:
		head += st.Dim.Render("  space to play")
	}
	out := []string{head}
	for _, c := range l.sc.Caption {
		for _, line := range wrapWords(c, width-1) {
			out = append(out, " "+line)
		}
	}
	return out
}

// lessonChangedNote is what the lesson line says once a setting differs
// from the lesson's: its claims are tested for the lesson's settings only.
const lessonChangedNote = "settings changed: the claim may not hold"

// lessonMidRunNote is what it says once the settings are the lesson's but
// were changed during the run: the run so far is not the lesson's (in
// friction-basins, ε lowered after step 10 leaves the ball in the dip), and
// r starts the lesson's run again.
const lessonMidRunNote = "settings changed mid-run: r restarts the lesson"
