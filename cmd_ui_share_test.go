package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/internal/shelltest"
	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// simulator builds the model the UI would from these flags.
func simulator(t *testing.T, args []string) *model.Model {
	t.Helper()
	s, err := settings.Parse(args)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	m, err := model.New(s, model.NewStyles(termenv.Ascii, true))
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	m.SetSize(120, 40)
	return m
}

// The command the share key prints, run headlessly, reproduces the
// trajectory bit for bit; and it is a fixed point: the simulator it
// starts prints the same command again.
func TestShareCommandRoundTrip(t *testing.T) {
	flagSets := [][]string{
		nil,
		{"--landscape", "rosenbrock", "--race"},
		{"--landscape", "himmelblau", "--method", "heavy,damped", "--noise", "3", "--seed", "42"},
		{"--expr", "x^2 + 10*y^2 - 0.5*cos(3*x)", "--bounds", "-2,2,-1,1", "--method", "flow"},
		{"--landscape", "ravine", "--lr", "0.03", "--momentum", "0.7", "--start", "-3.3,0.7"},
		{"--landscape", "bowl", "--bounds", "-5,5,-5,5", "--dt", "0.3", "--friction", "0"},
		{"--scenario", "noise", "--seed", "7"},
		{"--scenario", "too-much-momentum"},
		{"--scenario", "saddle"},
		{"--landscape", "camel", "--race", "--method", "heavy"},
		{"--landscape", "ravine", "--race", "--lr", "0.05", "--momentum", "0.5"},
	}
	const steps = 321
	for _, flags := range flagSets {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			m := simulator(t, flags)
			m.Advance(steps)
			cmd := m.Command()
			words := shelltest.Words(t, cmd)
			if words[0] != "momentum" {
				t.Fatalf("command %q does not start with momentum", cmd)
			}
			again := simulator(t, words[1:])
			if got := again.Command(); got != cmd {
				t.Fatalf("not a fixed point:\n%s\n%s", cmd, got)
			}
			// The command runs headlessly exactly as printed (run accepts --race).
			runArgs := append([]string{"run", "--steps", strconv.Itoa(steps), "--every", strconv.Itoa(steps)}, words[1:]...)
			var out, errOut bytes.Buffer
			if err := run(runArgs, nil, &out, &errOut); err != nil {
				t.Fatalf("%v: %v", runArgs, err)
			}
			last := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
				last[line[:strings.IndexByte(line, ',')]] = line
			}
			on := 0
			for _, r := range m.Racers() {
				if !r.On {
					continue
				}
				on++
				st := m.Settings()
				land, err := st.Land()
				if err != nil {
					t.Fatal(err)
				}
				energy := sim.Energy(land, r.Method, st.Tuning.For(r.Method), &r.Particle)
				want := strings.Join([]string{r.Method.Name(), strconv.Itoa(r.Step), g(r.Pos.X), g(r.Pos.Y), g(r.Vel.X), g(r.Vel.Y), g(r.F), g(energy)}, ",")
				if last[r.Method.Name()] != want {
					t.Fatalf("%s: run printed\n%s\nthe simulator has\n%s", r.Method.Name(), last[r.Method.Name()], want)
				}
			}
			if on != len(last) {
				t.Fatalf("the simulator runs %d racers, run printed %d methods", on, len(last))
			}
		})
	}
}

func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func TestPrintCommandFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"--print-command", "--landscape", "saddle", "--noise", "0.2"}, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(out.String())
	for _, want := range []string{"momentum --landscape saddle", "--noise 0.2", "--seed 1", "--dt 0.05"} {
		if !strings.Contains(got, want) {
			t.Errorf("--print-command printed %q, which lacks %q", got, want)
		}
	}
}

func TestScenarioFlagErrors(t *testing.T) {
	cases := []struct{ args, want []string }{
		{[]string{"run", "--scenario", "nope"}, []string{"--scenario", `"nope"`, "plateau", "critical"}},
		{[]string{"run", "--scenario", "saddle", "--dt", "1"}, []string{"--scenario saddle", "--dt"}},
		{[]string{"frame", "--scenario", "noise", "--landscape", "bowl"}, []string{"--landscape"}},
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		code := exitCode(run(c.args, nil, &out, &errOut), &errOut)
		msg := errOut.String()
		if code != 2 || out.Len() != 0 || strings.Count(msg, "\n") != 1 {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want 2, nothing, one line", c.args, code, out.String(), msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: %q does not mention %q", c.args, msg, w)
			}
		}
	}
}
