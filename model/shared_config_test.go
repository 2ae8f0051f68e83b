package model

import (
	"slices"
	"sync"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/settings"
)

// Two simulators built from one Settings share nothing mutable: a lesson or
// an expression replaces an entry of the simulator's own landscape list,
// never anything of the caller's. Under -race the concurrent half shows a
// race if they did (model.New once kept the caller's landscape slice and
// wrote into it); the check after it sees whether the caller's Settings
// changed, which only a shared value could do.
func TestSimulatorsFromOneSettingsShareNothing(t *testing.T) {
	s, err := settings.Parse([]string{"--landscape", "camel", "--race"})
	if err != nil {
		t.Fatal(err)
	}
	before := s
	before.Methods = slices.Clone(s.Methods)
	var wg sync.WaitGroup
	for _, keys := range [][]string{
		{"s", "s", "s", "1"},               // lessons replace their landscape's entry
		{"/", "x", "^", "2", "enter", "3"}, // an expression joins (or replaces) the custom entry
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := New(s, NewStyles(termenv.Ascii, true))
			if err != nil {
				t.Error(err)
				return
			}
			m.SetSize(100, 30)
			press(m, keys...)
			m.View()
		}()
	}
	wg.Wait()
	if !s.Equal(before) {
		t.Fatalf("the settings changed under the simulators: %+v, were %+v", s, before)
	}
}
