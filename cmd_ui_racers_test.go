package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
)

// The UI race and `momentum run` with a method list must agree number for
// number: for each flag set, every racer's state after N steps equals the
// last CSV row of its method.
func TestUIRaceMatchesRunCSV(t *testing.T) {
	flagSets := [][]string{
		{"--landscape", "ravine"},
		{"--landscape", "rosenbrock", "--dt", "0.0015", "--mass", "0.02", "--friction", "1"},
		{"--landscape", "himmelblau", "--lr", "0.002", "--momentum", "0.8"},
		{"--landscape", "saddle", "--start", "1.5,0.01"},
		{"--landscape", "plateau", "--method", "flow,damped"},
	}
	const steps = 437
	for _, flags := range flagSets {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			runFlags := append([]string{"--method", "flow,heavy,damped"}, flags...)
			if hasFlag(flags, "--method") {
				runFlags = flags
			}
			var out, errOut bytes.Buffer
			args := append(append([]string{"run"}, runFlags...), "--steps", strconv.Itoa(steps), "--every", strconv.Itoa(steps))
			if err := run(args, nil, &out, &errOut); err != nil {
				t.Fatalf("run: %v", err)
			}
			last := map[string][]string{}
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
				f := strings.Split(line, ",")
				last[f[0]] = f
			}

			s, err := settings.Parse(append([]string{"--race"}, runFlags...))
			if err != nil {
				t.Fatal(err)
			}
			m, err := model.New(s, model.NewStyles(termenv.Ascii, true))
			if err != nil {
				t.Fatal(err)
			}
			m.SetSize(120, 40)
			m.Advance(steps)
			seen := 0
			for _, r := range m.Racers() {
				row, ok := last[r.Method.Name()]
				if !r.On {
					if ok {
						t.Fatalf("%s ran in the CSV but is off in the UI race", r.Method.Name())
					}
					continue
				}
				seen++
				want := []float64{float64(r.Step), r.Pos.X, r.Pos.Y, r.Vel.X, r.Vel.Y, r.F}
				for i, w := range want {
					got, err := strconv.ParseFloat(row[i+1], 64)
					if err != nil || got != w {
						t.Fatalf("%s column %d: CSV %q, UI %v", r.Method.Name(), i+1, row[i+1], w)
					}
				}
			}
			if seen != len(last) {
				t.Fatalf("UI raced %d methods, CSV has %d", seen, len(last))
			}
		})
	}
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == name {
			return true
		}
	}
	return false
}
