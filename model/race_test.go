package model

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

func TestRaceKeyRunsAllThreeFromOneStart(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.Advance(10)
	press(m, "c")
	if !m.race || len(m.racers) != len(sim.Methods) {
		t.Fatalf("race = %v with %d racers, want race mode with %d", m.race, len(m.racers), len(sim.Methods))
	}
	for i, r := range m.racers {
		// Flow, heavy and damped run; the others wait for their keys.
		on := slices.Contains(sim.DefaultRace(), r.method)
		if r.method != sim.Methods[i] || r.on != on || r.p.Step != 0 || r.p.Pos != m.start {
			t.Fatalf("racer %d: %v on=%v step %d at %v; want %v on=%v, at the start, step 0", i, r.method, r.on, r.p.Step, r.p.Pos, sim.Methods[i], on)
		}
	}
	// 4 brings Nesterov in, from the start.
	press(m, "4")
	if r := m.racers[sim.Nesterov]; !r.on || r.p.Step != 0 {
		t.Fatalf("4 in a race: Nesterov on=%v at step %d", r.on, r.p.Step)
	}
	m.Advance(30)
	for _, r := range m.racers {
		if r.on && r.p.Step != 30 {
			t.Fatalf("%v at step %d after 30 steps: racers must move in lockstep", r.method, r.p.Step)
		}
	}
	// 2 toggles the heavy ball off: it stops; on again, it restarts from the start.
	press(m, "2")
	m.Advance(5)
	if m.racers[sim.Heavy].on || m.racers[sim.Heavy].p.Step != 30 {
		t.Fatal("a racer toggled off kept moving")
	}
	press(m, "2")
	if r := m.racers[sim.Heavy]; !r.on || r.p.Step != 0 || r.p.Pos != m.start {
		t.Fatalf("toggled back on: on=%v step %d at %v; want a fresh start", r.on, r.p.Step, r.p.Pos)
	}
	press(m, "c")
	if m.race || len(m.racers) != 1 || m.racers[0].method != sim.Damped {
		t.Fatal("c again did not return to the single damped particle")
	}
}

// Each racer in the UI follows exactly the trajectory of sim.System with
// its own parameters, the same computation `momentum run` prints.
func TestRaceTrajectoriesMatchSystems(t *testing.T) {
	for _, tun := range []sim.Tuning{
		{Physical: sim.Params{Dt: 0.001, Mass: 0.01, Friction: 0.5}},
		{Optimizer: true, LR: 2e-4, Momentum: 0.9},
	} {
		all := landscapes.All()
		s, err := settings.Parse([]string{"--landscape", all[2].Name, "--race", "--method", "flow,heavy,damped,nesterov,adam,rmsprop,adagrad"})
		if err != nil {
			t.Fatal(err)
		}
		s.Tuning = tun
		m, err := New(s, NewStyles(0, true))
		if err != nil {
			t.Fatal(err)
		}
		m.SetSize(120, 40)
		m.Advance(700)
		for _, r := range m.Racers() {
			if !r.On {
				t.Fatalf("%v is not racing", r.Method)
			}
			sys := sim.System{Land: all[2], Method: r.Method, Params: tun.For(r.Method)}
			want := sim.NewParticle(all[2], all[2].Start)
			sys.Advance(&want, 700)
			if r.Particle != want {
				t.Fatalf("%+v: %v racer %+v, want %+v", tun, r.Method, r.Particle, want)
			}
		}
	}
}

func TestLeaderIsTheLowestLoss(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	press(m, "c")
	m.Advance(40)
	lead := m.scene().leader()
	for i, r := range m.racers {
		if r.on && r.p.F < m.racers[lead].p.F {
			t.Fatalf("leader %v has f = %v but %v has %v", m.racers[lead].method, m.racers[lead].p.F, m.racers[i].method, r.p.F)
		}
	}
	v := m.View()
	// One mark in the legend ("◀ lowest f", saying what it measures) and
	// one on the leader's line.
	if strings.Count(v, "◀") != 2 || !strings.Contains(v, "◀ lowest f") {
		t.Fatal("the race panel does not mark exactly one racer, with a legend saying \"lowest f\"")
	}
	leadLine := regexp.MustCompile(regexp.QuoteMeta(m.racers[lead].method.Title()) + `  step 40 ◀`)
	if !leadLine.MatchString(ansi.Strip(v)) {
		t.Fatalf("the mark is not on the leader's line (%v)", m.racers[lead].method.Title())
	}
	for _, r := range m.racers {
		if r.on && !strings.Contains(v, r.method.Title()+"  step 40") {
			t.Fatalf("the panel does not show %s at step 40", r.method.Title())
		}
	}

}

func TestChartsRedrawAtMostTenTimesASecond(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	m.SetSize(160, 50)
	press(m, "c", " ")
	before := m.charts.redraws
	const seconds = 3
	for range seconds * FPS {
		m.Update(tickMsg{gen: m.gen})
		_ = m.View()
		_ = m.View() // extra Views, as after other messages, must not redraw
	}
	if got := m.charts.redraws - before; got > seconds*chartHz+1 || got < seconds*chartHz-1 {
		t.Fatalf("%d chart redraws in %d s of play, want about %d and never more than %d", got, seconds, seconds*chartHz, seconds*chartHz+1)
	}
	// Paused with no new data: no redraws at all.
	press(m, " ")
	before = m.charts.redraws
	for range 20 {
		_ = m.View()
		m.Update(tickMsg{gen: m.gen})
	}
	if m.charts.redraws != before {
		t.Fatal("charts redrew while paused with no new data")
	}
}

// Each racer's rows carry its own step: flow's η is its gradient step
// Δt/ε, the heavy ball's μ is 1, the damped ball's η = Δt²/m and
// μ = 1 − Δtε/m, checked against the formulas, not against sim's table.
// At step 0 every racer has the same f: no racer leads, and nothing says so.
func TestRaceRowsShowEachRacersStep(t *testing.T) {
	for _, view := range []bool{false, true} {
		m := newTestModel(t, "rosenbrock", sim.Damped)
		m.SetSize(120, 40)
		press(m, "c")
		if view {
			press(m, "v")
		}
		v := plainView(m)
		if strings.Contains(v, "◀") || m.scene().leader() != -1 {
			t.Fatalf("at step 0, all tied, a racer is marked:\n%s", v)
		}
		p := m.tuning.Physical
		want := map[sim.Method][2]float64{
			sim.Flow:   {p.Dt / p.Friction, 0},
			sim.Heavy:  {p.Dt * p.Dt / p.Mass, 1},
			sim.Damped: {p.Dt * p.Dt / p.Mass, 1 - p.Dt*p.Friction/p.Mass},
		}
		lines := strings.Split(v, "\n")
		for meth, w := range want {
			row := "   η " + string(appendNum(nil, w[0])) + "  μ " + string(appendNum(nil, w[1]))
			found := false
			for i, l := range lines {
				if strings.Contains(l, meth.Title()+"  step") {
					found = i+2 < len(lines) && strings.Contains(lines[i+2], row)
				}
			}
			if !found {
				t.Fatalf("view %v: %s has no row %q under its name:\n%s", view, meth.Title(), row, v)
			}
		}
		m.Advance(10)
		if m.scene().leader() == -1 || strings.Count(plainView(m), "◀") != 2 {
			t.Fatalf("at step 10 no leader is marked")
		}
	}
}

// Without colour a race's trails and chart lines carry their racers'
// letters in lower case (the particles carry F, H, D); with colour they
// stay braille dots in the racer's colour.
func TestRaceTrailsAndLinesWithoutColour(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.TrueColor} {
		m := newSim(t, NewStyles(profile, true), "--landscape", "rosenbrock", "--race", "--method", "flow,heavy,damped")
		m.SetSize(100, 30)
		m.Advance(300)
		cols, rows := m.field.Size()
		lines := strings.Split(ansi.Strip(m.View()), "\n")
		field, charts := "", ""
		for i, l := range lines {
			r := []rune(l)
			if len(r) < cols {
				continue
			}
			if i < rows {
				field += string(r[:cols]) + "\n"
			} else {
				charts += string(r[:cols]) + "\n"
			}
		}
		letters := profile == termenv.Ascii
		for _, mark := range []string{"h", "d"} {
			if strings.Contains(field, mark) != letters {
				t.Errorf("%v: %q on the map is %v, want %v:\n%s", profile, mark, !letters, letters, field)
			}
		}
		for _, mark := range []string{"f", "h", "d"} {
			// The charts' titles have letters too: look in the plotted rows only.
			plotted := ""
			for _, l := range strings.Split(charts, "\n") {
				if _, after, ok := strings.Cut(l, "│"); ok {
					plotted += after
				}
			}
			if strings.Contains(plotted, mark) != letters {
				t.Errorf("%v: %q in the charts is %v, want %v:\n%s", profile, mark, !letters, letters, charts)
			}
		}
	}
}

// An adaptive racer's row says so: its η and μ are its settings (PyTorch's
// lr and β₁), not a fixed step; a linear racer's row does not.
func TestAdaptiveRacerRowSaysSo(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--race", "--method", "damped,adam")
	m.SetSize(120, 40)
	lines := strings.Split(plainView(m), "\n")
	found := 0
	for i, l := range lines {
		for _, meth := range []sim.Method{sim.Damped, sim.Adam} {
			if strings.Contains(l, meth.Title()+"  step") {
				found++
				row := lines[i+2]
				if strings.Contains(row, "adaptive") == meth.Linear() || !strings.Contains(row, "η ") {
					t.Errorf("%s's row %q", meth.Title(), row)
				}
			}
		}
	}
	if found != 2 {
		t.Fatalf("found %d racers' rows, want 2", found)
	}
}
