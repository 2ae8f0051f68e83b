package model

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// The energy chart's title names what its lines are for each method, and
// its note is whole or ends in "…" at every width: Ẽ only for the balls
// that keep it; Nesterov's total is ½m|w|² + f (worked out here from its
// ball's velocity w), the others' is f.
func TestEnergyChartSaysWhatItDraws(t *testing.T) {
	for _, meth := range sim.Methods {
		for _, size := range [][2]int{{100, 30}, {120, 40}, {160, 50}, {200, 60}} {
			for _, profile := range []termenv.Profile{termenv.Ascii, termenv.TrueColor} {
				m := newSim(t, NewStyles(profile, true), "--landscape", "ravine", "--method", meth.Name())
				m.SetSize(size[0], size[1])
				m.Advance(5)
				press(m, "n")
				if m.charts.width < 2*chartMinWidth {
					continue
				}
				title, note := m.charts.energyTitle, m.charts.energyNote
				switch {
				case meth.KeepsEnergy():
					if !strings.Contains(title, "Ẽ") || note != "" {
						t.Errorf("%s: %q / %q", meth.Name(), title, note)
					}
				case meth.HasKinetic():
					if strings.Contains(title, "Ẽ") || !strings.Contains(title, "½m|w|²") {
						t.Errorf("%s: %q", meth.Name(), title)
					}
					r := m.racers[0]
					w, p := r.p.Mem.Buf, m.tuning.For(meth)
					want := 0.5*p.Mass*(w.X*w.X+w.Y*w.Y) + r.p.F
					last, _ := m.charts.energy[2].latest()
					if got := last.Y; got != want {
						t.Errorf("%s: the sum drawn is %v, ½m|w|² + f = %v", meth.Name(), got, want)
					}
				default:
					if strings.Contains(title, "Ẽ") || strings.Contains(title, "½m") || !strings.Contains(title, "energy f") {
						t.Errorf("%s: %q", meth.Name(), title)
					}
				}
				view := plainView(m)
				if !strings.Contains(view, strings.TrimSpace(title)) {
					t.Errorf("%s %v: title %q not drawn", meth.Name(), size, title)
				}
				if note != "" && !strings.Contains(view, " "+note) {
					for _, l := range strings.Split(view, "\n") {
						if strings.Contains(l, note[:10]) && !strings.Contains(l, "…") {
							t.Errorf("%s %v: the note is cut unmarked: %q", meth.Name(), size, l)
						}
					}
				}
			}
		}
	}
}

// In a race the title says Ẽ while every racer with a mass keeps it, and
// "or as noted", with the note, once Nesterov or an adaptive method runs.
func TestRaceEnergyTitle(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--race")
	m.SetSize(160, 50)
	m.Advance(3)
	press(m, "n")
	if title, note := m.charts.energyTitle, m.charts.energyNote; title != " energy Ẽ (shadow)" || note != "" {
		t.Errorf("flow, heavy, damped: %q / %q", title, note)
	}
	for _, k := range []string{"4", "5"} {
		press(m, k, "n")
		if title, note := m.charts.energyTitle, m.charts.energyNote; strings.Contains(title, "(shadow)") || note == "" || !strings.Contains(plainView(m), note) {
			t.Errorf("with %s on: %q / %q", k, title, note)
		}
	}
}
