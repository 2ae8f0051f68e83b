package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

var racerArgs = []string{"--landscape", "ravine", "--racer", "damped:lr=0.02,momentum=0.5",
	"--racer", "damped:lr=0.02,momentum=0.9", "--racer", "damped:lr=0.02,momentum=0.99", "--racer", "nesterov"}

// A --racer race: each racer moves exactly as its own settings alone do,
// the panel names the repeats #1 #2 #3 with their own μ, the map draws
// their k (with and without colour), the share key prints the same racers
// and the export labels their rows name#k.
func TestRacerRace(t *testing.T) {
	for _, st := range []Styles{NewStyles(termenv.TrueColor, true), NewStyles(termenv.Ascii, true)} {
		m := newSim(t, st, racerArgs...)
		m.SetSize(120, 40)
		s0 := m.Settings()
		m.Advance(50)
		if len(m.racers) != 4 {
			t.Fatalf("%d racers, want 4", len(m.racers))
		}
		for i, mu := range []float64{0.5, 0.9, 0.99} {
			r := m.racers[i]
			sys := sim.System{Land: m.land(), Method: sim.Damped, Params: sim.FromOptimizer(0.02, mu)}
			want := sim.NewParticle(m.land(), m.start)
			sys.Advance(&want, 50)
			if r.p.Pos != want.Pos || r.p.Step != 50 {
				t.Fatalf("damped#%d at %v, alone at μ %v it is at %v", i+1, r.p.Pos, mu, want.Pos)
			}
		}
		if m.racers[3].tune != nil {
			t.Error("nesterov without keys should follow the shared settings")
		}
		v := ansi.Strip(m.View())
		for _, want := range []string{"Damped #1", "Damped #2", "Damped #3", "μ 0.5", "μ 0.9", "μ 0.99", "Nesterov"} {
			if !strings.Contains(strings.ToLower(v), strings.ToLower(want)) {
				t.Errorf("the race view has no %q", want)
			}
		}
		field := m.field.contours
		for i, r := range m.racers[:3] {
			col, row, inside := field.Cell(r.p.Pos)
			if inside && m.field.marks.row(row)[col].glyph != r.tag {
				t.Errorf("damped#%d is not drawn as %q on the map", i+1, r.tag)
			}
		}
		s := m.Settings()
		if !s.Equal(s0) || !slices.Equal(s.Racers, s0.Racers) {
			t.Fatalf("the share key's settings %+v differ from the race's %+v", s.Racers, s0.Racers)
		}
		back, err := settings.Parse(s.Args())
		if err != nil || !back.Equal(s) {
			t.Fatalf("%q reads back as %+v (%v)", s.Args(), back.Racers, err)
		}
		if c := s.Command(); strings.Count(c, "--racer") != 4 || !strings.Contains(c, "--racer damped:lr=0.02,momentum=0.99") {
			t.Errorf("share command %q", c)
		}
		_, data := m.Export()
		for _, label := range []string{"\ndamped#1,50,", "\ndamped#2,50,", "\ndamped#3,50,", "\nnesterov,50,"} {
			if !strings.Contains(string(data), label) {
				t.Errorf("the export has no %q row", strings.TrimSpace(label))
			}
		}
	}
}

// Method keys toggle every racer of that method; a method not in the race
// says so; c leaves the race and c again races the default three.
func TestRacerKeys(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), racerArgs...)
	m.SetSize(120, 40)
	press(m, "3")
	for _, r := range m.racers[:3] {
		if r.on {
			t.Fatal("3 left a damped racer on")
		}
	}
	press(m, "5")
	if !strings.Contains(m.note, "no Adam in this race") {
		t.Errorf("5 in a race without Adam: note %q", m.note)
	}
	press(m, "3")
	for _, r := range m.racers[:3] {
		if !r.on {
			t.Fatal("3 again left a damped racer off")
		}
	}
	press(m, "c", "c")
	if !m.race || m.custom != nil || len(m.running()) != len(sim.DefaultRace()) {
		t.Fatalf("c, c: race %v with %d running", m.race, len(m.running()))
	}
}
