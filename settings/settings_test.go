package settings

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/internal/shelltest"
	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// commandLines covers every lesson, every landscape, the optimizer view,
// expressions that need quoting, bounds, noise and seed, and a race of one.
func commandLines() [][]string {
	lines := [][]string{
		nil,
		{"--play"},
		{"--race"},
		{"--race", "--method", "damped"},
		{"--race", "--method", "heavy", "--play"},
		{"--method", "heavy,flow"},
		{"--method", "flow,heavy,damped", "--noise", "0.25", "--seed", "18446744073709551615"},
		{"--seed", "5"},
		{"--noise", "3"},
		{"--lr", "0.03"},
		{"--lr", "0.03", "--momentum", "0.7", "--start", "-3.3,0.7"},
		{"--method", "flow,heavy", "--lr", "1e-3"},
		{"--landscape", "ravine", "--race", "--lr", "0.05", "--momentum", "0.5"},
		{"--dt", "0.3", "--friction", "0", "--bounds", "-5,5,-5,5"},
		{"--mass", "2.5", "--start", "0.1,-1e-9"},
		{"--expr", "x^2 + 10*y^2 - 0.5*cos(3*x)", "--bounds", "-2,2,-1,1", "--method", "flow"},
		{"--expr", "(x - 1)^2 + abs(y)", "--start", "0.5,0.25"},
		{"--expr", "  sin(x)*cos(y)  ", "--race"},
		{"--expr", "x"},
		{"--method", "adam", "--lr", "0.01"},
		{"--method", "adam,nesterov", "--lr", "0.01", "--momentum", "0.8", "--beta2", "0.99", "--adam-eps", "1e-6"},
		{"--method", "rmsprop", "--beta2", "0.9"},
		{"--method", "adagrad,flow", "--adam-eps", "1e-3", "--race"},
		{"--method", "nesterov", "--dt", "0.05"},
		{"--racer", "damped:lr=0.02,momentum=0.5", "--racer", "damped:lr=0.02,momentum=0.9", "--racer", "flow:lr=0.05"},
		{"--racer", "heavy:dt=0.1,mass=2", "--racer", "heavy", "--friction", "0"},
		{"--racer", "adam:beta2=0.9", "--racer", "adam:lr=0.1,adam-eps=1e-3", "--beta2", "0.95", "--lr", "0.01"},
		{"--landscape", "plateau", "--racer", "nesterov", "--noise", "0.1"},
	}
	for _, name := range landscapes.Names() {
		lines = append(lines, []string{"--landscape", name}, []string{"--landscape", name, "--race", "--noise", "1", "--seed", "0"})
	}
	for _, name := range sim.ScenarioNames() {
		lines = append(lines, []string{"--scenario", name}, []string{"--scenario", name, "--seed", "42", "--play"})
	}
	return lines
}

// Parse and Args are inverses: the settings a command line means print as
// a command line that means the same settings, and printing is canonical
// (it prints itself again).
func TestParseArgsRoundTrip(t *testing.T) {
	for _, args := range commandLines() {
		s, err := Parse(args)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		printed := s.Args()
		again, err := Parse(printed)
		if err != nil {
			t.Fatalf("%q printed %q, which does not parse: %v", args, printed, err)
		}
		if !again.Equal(s) {
			t.Fatalf("%q:\n%+v\nprinted %q, which parses to\n%+v", args, s, printed, again)
		}
		if twice := again.Args(); !slices.Equal(twice, printed) {
			t.Fatalf("%q: printing is not canonical:\n%q\n%q", args, printed, twice)
		}
		if words := shelltest.Words(t, s.Command()); words[0] != "momentum" || !slices.Equal(words[1:], printed) {
			t.Fatalf("%q: the shell reads Command %q as %q, not momentum %q", args, s.Command(), words, printed)
		}
	}
}

// Every setting the printer leaves out is one Parse fills in the same way.
func TestArgsAreExplicit(t *testing.T) {
	s, err := Parse([]string{"--landscape", "bowl"})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := landscapes.ByName("bowl")
	want := []string{"--landscape", "bowl", "--method", "damped",
		"--start", num(l.Start.X) + "," + num(l.Start.Y),
		"--dt", num(l.Dt), "--mass", num(l.Mass), "--friction", num(l.Friction)}
	if got := s.Args(); !slices.Equal(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if s.Race || s.Play || s.Noise != (sim.Noise{Seed: 1}) || s.View != l.View {
		t.Fatalf("defaults: %+v", s)
	}
}

// A lesson prints as its name while every setting is still the lesson's,
// and in full once one is not.
func TestLessonPrintsShortWhileIntact(t *testing.T) {
	for _, sc := range sim.Scenarios() {
		s, err := Parse([]string{"--scenario", sc.Name, "--seed", "7"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := s.Command(), "momentum --scenario "+sc.Name+" --seed 7"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if !s.Equal(func() Settings { f := FromScenario(sc); f.Noise.Seed = 7; return f }()) {
			t.Errorf("%s: --scenario does not give the lesson's settings: %+v", sc.Name, s)
		}
		moved := s
		moved.Start.X += 0.5
		if args := moved.Args(); slices.Contains(args, "--scenario") || !slices.Contains(args, "--start") {
			t.Errorf("%s with another start prints %q", sc.Name, args)
		}
		again, err := Parse(moved.Args())
		if err != nil {
			t.Fatal(err)
		}
		moved.Scenario = ""
		if !again.Equal(moved) {
			t.Errorf("%s moved:\n%+v\nreads back as\n%+v", sc.Name, moved, again)
		}
	}
}

// sim's parameter errors are typed; the command line names the flag and
// keeps its wording.
func TestParamErrorsNameTheFlag(t *testing.T) {
	cases := []struct {
		p    sim.Params
		want string
	}{
		{sim.Params{Dt: 0, Mass: 1}, "--dt: 0 is not allowed; want a finite number > 0"},
		{sim.Params{Dt: 1, Mass: -2}, "--mass: -2 is not allowed; want a finite number > 0"},
		{sim.Params{Dt: 1, Mass: 1, Friction: -0.5}, "--friction: -0.5 is not allowed; want a finite number ≥ 0"},
	}
	for _, c := range cases {
		err := c.p.Validate()
		var pe sim.ParamError
		if !errors.As(err, &pe) {
			t.Fatalf("%+v: %v is not a sim.ParamError", c.p, err)
		}
		var ue UsageError
		if got := FlagError(err); !errors.As(got, &ue) || got.Error() != c.want {
			t.Errorf("%+v: %q, want the usage error %q", c.p, got, c.want)
		}
	}
	if _, err := Parse([]string{"--mass", "0"}); err == nil || err.Error() != "--mass: 0 is not allowed; want a finite number > 0" {
		t.Errorf("--mass 0: %v", err)
	}
}

func TestShellQuote(t *testing.T) {
	for _, s := range []string{"x^2", "it's", "''", "a b", "$HOME", `\`, ""} {
		if got := shelltest.Words(t, shellWord(s)); len(got) != 1 || got[0] != s {
			t.Errorf("%q quotes as %s, which a shell reads as %q", s, shellWord(s), got)
		}
	}
}

// --momentum is Adam's β₁, PyTorch's 0.9 when Adam runs alone; --beta2 and
// --adam-eps reach the Params every method is given, and are checked.
func TestAdaptiveFlags(t *testing.T) {
	s, err := Parse([]string{"--method", "adam", "--lr", "0.01"})
	if err != nil || s.Tuning.Momentum != 0.9 {
		t.Fatalf("adam alone: μ %v, %v; want β₁ = 0.9", s.Tuning.Momentum, err)
	}
	s, err = Parse([]string{"--method", "adam,damped", "--lr", "0.01"})
	if err != nil || s.Tuning.Momentum != 0 {
		t.Fatalf("adam with damped: μ %v, %v; want PyTorch SGD's 0", s.Tuning.Momentum, err)
	}
	s, err = Parse([]string{"--method", "adam", "--beta2", "0.95", "--adam-eps", "1e-6"})
	if p := s.Tuning.For(sim.Adam); err != nil || p.Adaptive != (sim.Adaptive{Beta2: 0.95, Eps: 1e-6}) {
		t.Fatalf("--beta2 0.95 --adam-eps 1e-6: %+v, %v", p, err)
	}
	for _, c := range []struct{ args, want []string }{
		{[]string{"--beta2", "1"}, []string{"--beta2: 1 is not allowed; want a number in (0, 1)"}},
		{[]string{"--beta2", "0"}, []string{"--beta2: 0 is not allowed"}},
		{[]string{"--adam-eps", "0"}, []string{"--adam-eps: 0 is not allowed; want a finite number > 0"}},
		{[]string{"--method", "adam", "--friction", "0"}, []string{"--friction: 0 is not allowed with adam"}},
	} {
		_, err := Parse(c.args)
		if err == nil || !strings.HasPrefix(err.Error(), c.want[0]) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want[0])
		}
	}
}

// --racer: each racer's keys are its own parameter flags; the settings
// print back as the same racers.
func TestRacerFlags(t *testing.T) {
	s, err := Parse([]string{"--landscape", "ravine", "--racer", "damped:lr=0.02,momentum=0.5", "--racer", "damped:lr=0.02,momentum=0.9", "--racer", "flow:lr=0.05", "--racer", "adam"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Racer{
		{Method: sim.Damped, Own: true, Tuning: sim.Tuning{Optimizer: true, LR: 0.02, Momentum: 0.5}},
		{Method: sim.Damped, Own: true, Tuning: sim.Tuning{Optimizer: true, LR: 0.02, Momentum: 0.9}},
		{Method: sim.Flow, Own: true, Tuning: sim.Tuning{Optimizer: true, LR: 0.05}},
		{Method: sim.Adam, Tuning: s.Tuning},
	}
	if !slices.Equal(s.Racers, want) || !s.Race {
		t.Fatalf("racers %+v, want %+v", s.Racers, want)
	}
	var labels []string
	for _, e := range s.Lineup() {
		labels = append(labels, e.Label)
	}
	if !slices.Equal(labels, []string{"damped#1", "damped#2", "flow", "adam"}) {
		t.Errorf("labels %q", labels)
	}
	// A racer's own keys mean what the same flags mean alone.
	alone, err := Parse([]string{"--landscape", "ravine", "--method", "damped", "--lr", "0.02", "--momentum", "0.5"})
	if err != nil || alone.Tuning != s.Racers[0].Tuning {
		t.Errorf("damped:lr=0.02,momentum=0.5 is %+v; --method damped --lr 0.02 --momentum 0.5 is %+v (%v)", s.Racers[0].Tuning, alone.Tuning, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--racer", "sgd"}, "--racer: unknown method"},
		{[]string{"--racer", "damped:speed=2"}, "--racer: \"damped:speed=2\": \"speed=2\" is not key=value"},
		{[]string{"--racer", "damped:lr=0.1,dt=0.1"}, "--racer damped: lr/momentum and dt/mass/friction: cannot mix"},
		{[]string{"--racer", "damped:lr=0"}, "--racer damped: lr 0 is not allowed"},
		{[]string{"--racer", "heavy:momentum=0.5"}, "--racer heavy: momentum 0.5 given but heavy"},
		{[]string{"--racer", "damped:friction=1e9"}, "--racer damped: friction 1e+09 is too much"},
		{[]string{"--racer", "damped", "--method", "flow"}, "--racer and --method"},
		{[]string{"--racer", "adam:beta2=1"}, "--racer adam: beta2 1 is not allowed"},
	} {
		_, err := Parse(c.args)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q…", c.args, err, c.want)
		}
	}
	many := []string{}
	for range MaxRacers + 1 {
		many = append(many, "--racer", "flow")
	}
	if _, err := Parse(many); err == nil {
		t.Errorf("%d racers accepted", MaxRacers+1)
	}
}
