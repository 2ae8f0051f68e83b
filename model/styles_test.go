package model

import (
	"fmt"
	"testing"

	"github.com/muesli/termenv"
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
