package sim

import (
	"testing"
)

// A tape of one system replays the same numbers as a straight run.
func TestTapeReplayEqualsStraightRun(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	sys := System{Land: l, Method: Damped, Params: ParamsOf(l.Defaults), Noise: Noise{Sigma: 0.3, Seed: 7}}
	var tape Tape
	tape.Record(0, sys)
	p := NewParticle(l, l.Start)
	want := []Particle{p}
	for range 500 {
		sys.Advance(&p, 1)
		want = append(want, p)
	}
	var got []Particle
	tape.Replay(l.Start, 500, 1, func(sys *System, q *Particle) {
		if sys.Method != Damped {
			t.Errorf("step %d replayed as %s", q.Step, sys.Method.Name())
		}
		got = append(got, *q)
	})
	if len(got) != len(want) {
		t.Fatalf("replayed %d states, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].State != want[i].State || got[i].Step != want[i].Step || got[i].Time != want[i].Time {
			t.Fatalf("step %d: replay %+v, run %+v", i, got[i], want[i])
		}
	}
	if tape.Edited() {
		t.Error("one system, yet the tape says it was edited")
	}
}

// A change of method and of parameters mid-run replays bit for bit, and a
// sampled replay (every k-th step) visits exactly those states.
func TestTapeReplaysChangesMidRun(t *testing.T) {
	l := mustLandscape(t, "ravine")
	a := System{Land: l, Method: Heavy, Params: ParamsOf(l.Defaults)}
	b := System{Land: l, Method: Damped, Params: Params{Dt: 0.05, Mass: 0.08, Friction: 0.4}}
	c := System{Land: l, Method: Flow, Params: Params{Dt: 0.02, Mass: 1, Friction: 1}}
	var tape Tape
	p := NewParticle(l, l.Start)
	want := map[int]State{0: p.State}
	for _, leg := range []struct {
		sys   System
		steps int
	}{{a, 37}, {b, 50}, {c, 13}} {
		tape.Record(p.Step, leg.sys)
		for range leg.steps {
			leg.sys.Advance(&p, 1)
			want[p.Step] = p.State
		}
	}
	if !tape.Edited() {
		t.Error("three systems, yet the tape says it was not edited")
	}
	visits := 0
	tape.Replay(l.Start, 100, 10, func(_ *System, q *Particle) {
		visits++
		if q.Step%10 != 0 {
			t.Errorf("visited step %d with every = 10", q.Step)
		}
		if q.State != want[q.Step] {
			t.Errorf("step %d: replay %+v, run %+v", q.Step, q.State, want[q.Step])
		}
	})
	if visits != 11 {
		t.Errorf("%d visits, want steps 0, 10, …, 100", visits)
	}
}

// Record starts a segment only when the motion changes: gradient flow
// ignores m, the heavy ball ε; two changes at one step keep the last.
func TestTapeRecordsOnlyChangesOfMotion(t *testing.T) {
	l := mustLandscape(t, "ravine")
	p := Params{Dt: 0.1, Mass: 1, Friction: 0.5}
	q := p
	q.Friction = 2
	var tape Tape
	tape.Record(0, System{Land: l, Method: Heavy, Params: p})
	tape.Record(5, System{Land: l, Method: Heavy, Params: q})
	if tape.Edited() {
		t.Error("a friction change started a heavy-ball segment")
	}
	tape.Record(9, System{Land: l, Method: Damped, Params: p})
	tape.Record(9, System{Land: l, Method: Damped, Params: q})
	if len(tape.segs) != 2 || tape.segs[1].sys.Params != q {
		t.Errorf("segments %+v; want the heavy one and the last damped one", tape.segs)
	}
	tape.Reset()
	if tape.Edited() || len(tape.segs) != 0 {
		t.Error("Reset left segments")
	}
}

// A change taken back at the same step leaves no trace: pressing 1 then 3
// mid-lesson must not make the run look edited (the share key would then
// print every setting instead of the lesson's name).
func TestTapeForgetsAChangeTakenBackAtOneStep(t *testing.T) {
	l := mustLandscape(t, "ravine")
	damped := System{Land: l, Method: Damped, Params: ParamsOf(l.Defaults)}
	flow := damped
	flow.Method = Flow
	var tape Tape
	tape.Record(0, damped)
	tape.Record(5, flow)
	tape.Record(5, damped)
	if tape.Edited() {
		t.Fatal("a change undone at the same step left the run edited")
	}
	tape.Record(7, flow)
	if !tape.Edited() {
		t.Fatal("a real change at step 7 was not recorded")
	}
}

// A tape reseeded mid-run is edited, but not besides its seed; a change of
// σ or of the parameters is.
func TestTapeEditedBesidesSeed(t *testing.T) {
	l := mustLandscape(t, "ravine")
	sys := System{Land: l, Method: Damped, Params: Params{Dt: 0.1, Mass: 1, Friction: 1}, Noise: Noise{Sigma: 1, Seed: 1}}
	var tp Tape
	tp.Record(0, sys)
	if tp.Edited() || tp.EditedBesidesSeed() {
		t.Fatal("one segment is no edit")
	}
	reseeded := sys
	reseeded.Noise.Seed = 2
	tp.Record(10, reseeded)
	if !tp.Edited() || tp.EditedBesidesSeed() {
		t.Fatalf("reseeded: Edited %v, EditedBesidesSeed %v; want true, false", tp.Edited(), tp.EditedBesidesSeed())
	}
	louder := reseeded
	louder.Noise.Sigma = 2
	tp.Record(20, louder)
	if !tp.EditedBesidesSeed() {
		t.Fatal("σ changed mid-run is an edit besides the seed")
	}
}
