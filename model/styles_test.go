package model

import (
	"fmt"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// Nothing drawn on the map may take a band's colour in any profile, or it
// would vanish where that band is: particles, arrows, markers, not-finite
// cells. (Trail shades fade toward grey, so only the particle colour counts.)
func TestMarksStandApartFromBands(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI} {
		st := NewStyles(profile, true)
		bands := map[string]int{}
		for i, b := range st.Bands {
			bands[b.fg] = i
		}
		for i, b := range st.Edges {
			bands[b.fg] = i
		}
		marks := map[string]cellColor{
			"force": st.Force, "velocity": st.Velocity, "minimum": st.Minimum, "start": st.Start,
			"banner": st.Marker, "not finite": st.NotFinite,
		}
		for i := range st.Racer {
			marks[fmt.Sprint("racer ", i)] = st.Racer[i][0]
		}
		for name, c := range marks {
			if c.fg == "" {
				t.Fatalf("%v: %s has no colour", profile, name)
			}
			if b, clash := bands[c.fg]; clash {
				t.Errorf("%v: %s has the colour of band %d (%q)", profile, name, b, c.fg)
			}
		}
		if st.Force.fg == st.Racer[0][0].fg || st.Force.fg == st.Velocity.fg {
			t.Errorf("%v: the force arrow shares a colour with the velocity or gradient flow", profile)
		}
	}
}

// ansiHue is the hue family of a 16-colour index: a colour and its bright
// twin look alike on a map (9 beside 1, 10 on 2), and the greys are one.
func ansiHue(code string) string {
	switch code {
	case "1", "9":
		return "red"
	case "2", "10":
		return "green"
	case "3", "11":
		return "yellow"
	case "4", "12":
		return "blue"
	case "5", "13":
		return "magenta"
	case "6", "14":
		return "cyan"
	}
	return "grey"
}

// In 16 colours the three physical racers differ in hue from each other,
// from every band they cross and from the force and velocity arrows drawn
// at them: flow was red like the force arrow, damped green on green bands.
func TestRacerColoursStandOutIn16Colours(t *testing.T) {
	bands := map[string]bool{}
	for _, b := range ansiBands {
		bands[ansiHue(b)] = true
	}
	seen := map[string]string{ansiHue(markANSI.force): "the force arrow", ansiHue(markANSI.velocity): "the velocity arrow"}
	for _, meth := range []sim.Method{sim.Flow, sim.Heavy, sim.Damped} {
		_, code := meth.Color()
		h := ansiHue(code)
		if bands[h] {
			t.Errorf("%s (%s, %s) is the hue of a band", meth.Title(), code, h)
		}
		if other, ok := seen[h]; ok {
			t.Errorf("%s (%s, %s) has the hue of %s", meth.Title(), code, h, other)
		}
		seen[h] = meth.Title()
	}
}
