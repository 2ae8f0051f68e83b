// Package settings is how a run of the simulator is set up: the landscape,
// the methods, the start, the parameters, the noise and the lesson. It is
// the one place that reads them from a command line, resolves lessons and
// landscape defaults, and prints them back (Args is the inverse of Parse),
// so `momentum run`, `momentum frame`, the interactive simulator and its
// share key agree on what a command line means.
package settings

import (
	"slices"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
	"github.com/momentum-sim/momentum/sim"
)

// Settings are resolved: every field holds the value the run uses, with
// the landscape's defaults and the lesson already filled in.
type Settings struct {
	// Landscape is a catalog name, or landscapes.CustomName with Expr.
	Landscape string
	// Expr is the source of a custom landscape, as the user wrote it.
	Expr string
	// View is the part of the plane on screen (--bounds).
	View  landscapes.Rect
	Start landscapes.Vec
	// Methods is the particle's method, or in a race the racers that run.
	Methods []sim.Method
	// Racers, when set (--racer), are the race's racers in command-line
	// order, each with its tuning; Methods then lists their methods.
	Racers []Racer
	Race   bool
	Tuning sim.Tuning
	Noise  sim.Noise
	// Scenario names the lesson these settings are, if any; Args prints
	// the lesson's short form only while the settings are still the lesson's.
	Scenario string
	// Play starts the simulator playing instead of paused.
	Play bool
	// Ghost shows (or, for run, prints) each particle's continuous-time
	// twin: the exact solution of its method's ODE from the same start.
	Ghost bool
}

// Equal reports whether a and b set up the same run.
func (a Settings) Equal(b Settings) bool {
	return a.Landscape == b.Landscape && a.Expr == b.Expr && a.View == b.View && a.Start == b.Start &&
		slices.Equal(a.Methods, b.Methods) && slices.Equal(a.Racers, b.Racers) && a.Race == b.Race && a.Tuning == b.Tuning &&
		a.Noise == b.Noise && a.Scenario == b.Scenario && a.Play == b.Play && a.Ghost == b.Ghost
}

// Land builds the landscape with the settings' view. Its Start is the
// landscape's own start (where it begins when the user comes back to it),
// not the settings' Start.
func (s Settings) Land() (*landscapes.Landscape, error) {
	if s.Landscape == landscapes.CustomName {
		// Where the expression is finite nowhere on the grid searched for a
		// start, the landscape begins at the settings' Start, which Parse
		// has checked.
		return expr.NewLandscape(s.Expr, s.View, &s.Start)
	}
	l, err := landscapes.ByName(s.Landscape)
	if err != nil {
		return nil, err
	}
	l.View = s.View
	return l, nil
}

// FromScenario is the settings of a lesson.
func FromScenario(sc sim.Scenario) Settings {
	s := Settings{
		Landscape: sc.Landscape,
		Start:     sc.Start,
		Methods:   slices.Clone(sc.Racers),
		Race:      len(sc.Racers) > 1,
		Tuning:    sc.Tuning,
		Noise:     sc.Noise,
		Scenario:  sc.Name,
	}
	if sc.Tunings != nil {
		// One method at several settings: its racers as --racer gives them.
		for i, m := range sc.Racers {
			s.Racers = append(s.Racers, Racer{Method: m, Own: true, Tuning: sc.Tunings[i]})
		}
		s.Race = true
	}
	if l, err := landscapes.ByName(sc.Landscape); err == nil {
		s.View = l.View
	}
	return s
}

// Lesson is the scenario the settings name, with its caption and speed.
func (s Settings) Lesson() (sim.Scenario, bool) {
	if s.Scenario == "" {
		return sim.Scenario{}, false
	}
	sc, err := sim.ScenarioByName(s.Scenario)
	return sc, err == nil
}

// intact reports whether the settings are still their lesson's, so that
// `--scenario NAME` (and perhaps --seed) reproduces them.
func (s Settings) intact() bool {
	sc, ok := s.Lesson()
	if !ok {
		return false
	}
	want := FromScenario(sc)
	want.Noise.Seed, want.Play, want.Ghost = s.Noise.Seed, s.Play, s.Ghost
	return s.Equal(want)
}
