package model

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

func TestScenarioKeyLoadsLessonsInOrder(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	for _, want := range sim.Scenarios() {
		press(m, "s")
		v := m.View()
		checkFrame(t, v, 120, 40)
		if m.scenario == nil || m.scenario.Name != want.Name {
			t.Fatalf("s loaded %v, want %s", m.scenario, want.Name)
		}
		if m.land().Name != want.Landscape || m.start != want.Start || m.tuning != want.Tuning || m.noise != want.Noise {
			t.Fatalf("%s: loaded %s at %v with %+v, noise %+v", want.Name, m.land().Name, m.start, m.tuning, m.noise)
		}
		var on []sim.Method
		for _, r := range m.racers {
			if r.on {
				on = append(on, r.method)
			}
		}
		if len(on) != len(want.Racers) {
			t.Fatalf("%s: racers %v, want %v", want.Name, on, want.Racers)
		}
		if !strings.Contains(v, want.Caption[0]) || !strings.Contains(v, want.Caption[1]) {
			t.Fatalf("%s: the caption is not on screen", want.Name)
		}
		if got := m.Command(); got != "momentum --scenario "+want.Name {
			t.Fatalf("%s: command %q", want.Name, got)
		}
	}
	press(m, "s")
	if m.scenario.Name != sim.Scenarios()[0].Name {
		t.Fatal("s after the last lesson did not wrap around to the first")
	}
	// Changing a setting leaves the lesson: the command spells everything out.
	press(m, "M")
	if strings.Contains(m.Command(), "--scenario") {
		t.Fatalf("after changing the mass the command still says %q", m.Command())
	}
	press(m, "tab")
	if m.scenario != nil || strings.Contains(m.View(), sim.Scenarios()[0].Caption[0]) {
		t.Fatal("another landscape kept the lesson's caption")
	}
}

// The bar says which lesson of how many runs, S goes back as s goes
// forward, a paused lesson says how to start it, and changing a setting
// away from the lesson's says its claim may not hold, until the settings
// are the lesson's again (seed aside).
func TestLessonBar(t *testing.T) {
	all := sim.Scenarios()
	n := strconv.Itoa(len(all))
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	press(m, "S")
	last := all[len(all)-1]
	if m.scenario == nil || m.scenario.Name != last.Name {
		t.Fatalf("S from no lesson loaded %v; want the last, %s", m.scenario, last.Name)
	}
	v := plainView(m)
	if !strings.Contains(v, "lesson "+n+"/"+n+" "+last.Name+"  space to play") {
		t.Fatalf("paused lesson's bar:\n%s", v)
	}
	press(m, "S", "S")
	if m.scenario.Name != all[len(all)-3].Name || !strings.Contains(plainView(m), "lesson "+strconv.Itoa(len(all)-2)+"/"+n) {
		t.Fatalf("S S: %s", m.scenario.Name)
	}
	press(m, "s")
	if m.scenario.Name != all[len(all)-2].Name {
		t.Fatalf("s after S S S: %s; want %s", m.scenario.Name, all[len(all)-2].Name)
	}
	press(m, " ")
	if v := plainView(m); strings.Contains(v, "space to play") || strings.Contains(v, lessonChangedNote) {
		t.Fatalf("playing, unchanged lesson:\n%s", v)
	}
	press(m, " ", "N", "h") // a new seed draws the same lesson; the ghost only draws
	if strings.Contains(plainView(m), lessonChangedNote) {
		t.Fatal("a new seed or the ghost was called a change of the lesson")
	}
	press(m, "h")
	for _, k := range []string{"T", "1", "]", "c"} {
		press(m, k)
		if !strings.Contains(plainView(m), lessonChangedNote) {
			t.Fatalf("after %q the bar does not say the settings changed", k)
		}
		m.applyScenario(all[len(all)-2])
		press(m, "N")
	}
	// Taken back, the settings are the lesson's again.
	press(m, "T", "t")
	if strings.Contains(plainView(m), lessonChangedNote) {
		t.Fatalf("T t: %+v vs %+v", m.tuning, all[len(all)-2].Tuning)
	}
	checkFrame(t, m.View(), 120, 40)
}

// Following a caption's own instruction is not a change of the lesson:
// friction-basins asks for e ×5 and r, the tuning its test checks too;
// fewer or more presses are a change.
func TestLessonInvitationIsNotAChange(t *testing.T) {
	sc, err := sim.ScenarioByName("friction-basins")
	if err != nil || !strings.Contains(sc.Caption[1], "e ×5, r") {
		t.Skipf("friction-basins no longer asks for e ×5: %v %q", err, sc.Caption)
	}
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	m.applyScenario(sc)
	for i := 1; i <= 6; i++ {
		press(m, "e")
		if i == 5 {
			press(m, "r")
		}
		if changed := strings.Contains(plainView(m), lessonChangedNote); changed != (i != 5) {
			t.Errorf("after e ×%d: 'settings changed' shown %v (ε %v)", i, changed, m.tuning.For(sim.Damped).Friction)
		}
	}
}

// The invited friction reached during a run is not the lesson's run: with
// ε lowered after step 10 friction-basins' ball stays in the dip, so the
// bar says the settings changed mid-run until r starts the run again.
func TestLessonChangedMidRun(t *testing.T) {
	sc, err := sim.ScenarioByName("friction-basins")
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	m.applyScenario(sc)
	m.advance(50)
	press(m, "e", "e", "e", "e", "e")
	v := plainView(m)
	if !strings.Contains(v, lessonMidRunNote) || strings.Contains(v, lessonChangedNote) {
		t.Fatalf("e ×5 at step 50, no r: the bar says\n%s", v)
	}
	press(m, "r")
	if v := plainView(m); strings.Contains(v, lessonMidRunNote) || strings.Contains(v, lessonChangedNote) {
		t.Fatalf("e ×5, r: the bar says\n%s", v)
	}
	// Changed and taken back during the run: the run still is not the
	// lesson's.
	m.applyScenario(sc)
	m.advance(20)
	press(m, "T")
	m.advance(20)
	press(m, "t")
	if !strings.Contains(plainView(m), lessonMidRunNote) {
		t.Fatal("T at step 20, t at step 40: the bar does not say the run changed")
	}
	checkFrame(t, m.View(), 120, 40)
	m.SetSize(80, 24)
	checkFrame(t, m.View(), 80, 24)
}

// A lesson opens in its own (physical) view whatever view the student had,
// so the caption's e lowers ε; and a setting that moves every racer as the
// lesson's does is the lesson's: μ raised ×5 in the optimizer view is
// friction-basins' invited ε ÷ 1.25⁵ (to an ulp), and k on a lesson already critical
// re-snaps ε only to within an ulp.
func TestLessonComparesMotion(t *testing.T) {
	sc, err := sim.ScenarioByName("friction-basins")
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	press(m, "v")
	m.applyScenario(sc)
	if m.optView {
		t.Fatal("the lesson kept the optimizer view")
	}
	press(m, "e", "e", "e", "e", "e", "r")
	if got, want := m.tuning.For(sim.Damped), sc.Invites[0].For(sim.Damped); got != want {
		t.Fatalf("e ×5 in the lesson gives %+v, the caption's %+v", got, want)
	}
	if strings.Contains(plainView(m), lessonChangedNote) {
		t.Fatal("the invited e ×5 is called a change")
	}
	m.applyScenario(sc)
	press(m, "v", "E", "E", "E", "E", "E", "r")
	if !m.optView {
		t.Fatal("v did not open the optimizer view")
	}
	if strings.Contains(plainView(m), lessonChangedNote) {
		eta, mu := sim.OptimizerOf(sim.Damped, m.tuning.For(sim.Damped))
		t.Fatalf("μ ×5 up (η %v, μ %v), the invited motion, is called a change", eta, mu)
	}
	for _, name := range []string{"critical", "ravine"} {
		sc, err := sim.ScenarioByName(name)
		if err != nil {
			t.Fatal(err)
		}
		m.applyScenario(sc)
		press(m, "k")
		if strings.Contains(plainView(m), lessonChangedNote) {
			t.Errorf("%s: k (ε %v → %v) is called a change", name, sc.Tuning.Physical.Friction, m.tuning.Physical.Friction)
		}
		press(m, "e")
		if !strings.Contains(plainView(m), lessonChangedNote) {
			t.Errorf("%s: k e is not called a change", name)
		}
	}
}

// A new noise seed mid-run is no change of the lesson: every seed draws the
// same lesson (its claims are tested over several), so the bar stays quiet.
func TestLessonReseedMidRunIsNoChange(t *testing.T) {
	sc, err := sim.ScenarioByName("noise")
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	m.applyScenario(sc)
	m.advance(50)
	press(m, "N")
	m.advance(50)
	if v := plainView(m); strings.Contains(v, lessonMidRunNote) || strings.Contains(v, lessonChangedNote) {
		t.Fatalf("N at step 50: the bar says\n%s", v)
	}
}

// In momentum-race every racer runs its own (η, μ), so the parameter keys,
// which change only the shared tuning no racer runs, leave the lesson's
// claim standing: the bar stays quiet. Keys that change what a racer runs
// (noise, a racer taken out) are a change.
func TestLessonOwnRacersIgnoreSharedTuning(t *testing.T) {
	sc, err := sim.ScenarioByName("momentum-race")
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(120, 40)
	runs := func() []sim.Params {
		var ps []sim.Params
		for _, r := range m.racers {
			if r.on {
				ps = append(ps, r.params(m.tuning))
			}
		}
		return ps
	}
	m.applyScenario(sc)
	want := runs()
	for _, keys := range [][]string{{"t"}, {"T"}, {"m"}, {"M"}, {"e"}, {"E"}, {"k"}, {"o"}, {"T", "T", "e"}, {"v", "E"}, {"v", "t", "m"}} {
		m.applyScenario(sc)
		press(m, keys...)
		if m.tuning == sc.Tuning && keys[0] != "k" && keys[0] != "o" {
			t.Fatalf("%v left the shared tuning as it was: the test tests nothing", keys)
		}
		if !slices.Equal(runs(), want) {
			t.Fatalf("%v changed what a racer runs: %+v, lesson's %+v", keys, runs(), want)
		}
		if v := plainView(m); strings.Contains(v, lessonChangedNote) || strings.Contains(v, lessonMidRunNote) {
			t.Errorf("%v changes no racer's η, μ, yet the bar says the settings changed", keys)
		}
	}
	for _, keys := range [][]string{{"]"}, {"c"}} {
		m.applyScenario(sc)
		press(m, keys...)
		if !strings.Contains(plainView(m), lessonChangedNote) {
			t.Errorf("%v changes what the racers run, yet the bar does not say so", keys)
		}
	}
}
