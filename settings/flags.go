package settings

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
	"github.com/momentum-sim/momentum/sim"
)

// DefaultLandscape is where the simulator opens: on the ravine the three
// methods look different within seconds (flow zig-zags, the heavy ball
// swings, the damped ball runs down the valley).
const DefaultLandscape = "ravine"

// Help texts of the flags only the simulator and frame take.
const (
	RaceHelp = "race gradient flow, heavy ball and damped from the same start"
	PlayHelp = "start playing instead of paused"
	// GhostHelp is --ghost's help text in the simulator and frame.
	GhostHelp = "draw each particle's ghost: the exact solution of its method's ODE from the same start"
)

// Flags are the settings' flags on a FlagSet, as given, until Resolve.
type Flags struct {
	fs               *FlagSet
	defaultLandscape string

	landscape string
	methods   []sim.Method
	start     *landscapes.Vec
	dt, mass, friction,
	lr, momentum, beta2, adamEps float64
	expr       *expr.Expr
	bounds     *landscapes.Rect
	noise      float64
	seed       uint64
	scenario   string
	race, play *bool
	racers     []racerSpec
	ghost      *bool
}

// Register adds the flags every command shares: where, how, and with what
// parameters the particle moves. defaultLandscape is where it moves when
// neither --landscape nor --expr is given; the default method is damped.
func Register(fs *FlagSet, defaultLandscape string) *Flags {
	f := &Flags{fs: fs, defaultLandscape: defaultLandscape, methods: []sim.Method{sim.Damped}, seed: 1}
	fs.Value("landscape", "`name` of the landscape: "+strings.Join(landscapes.Names(), ", ")+" (default: per command)",
		func(s string) error {
			if _, err := landscapes.ByName(s); err != nil {
				return err
			}
			f.landscape = s
			return nil
		})
	fs.Value("method", "`methods`: flow, heavy, damped, nesterov, adam, rmsprop or adagrad, or a comma list such as flow,heavy,damped (default damped)",
		func(s string) (err error) {
			f.methods, err = sim.ParseMethods(s)
			return err
		})
	fs.Value("racer", "a racer `METHOD[:key=value,...]` with its own parameters, keys named like the flags (dt, mass, friction or lr, momentum; beta2, adam-eps), e.g. damped:lr=0.02,momentum=0.9; repeat it for a race of one method at several settings",
		func(s string) error {
			spec, err := parseRacer(s)
			f.racers = append(f.racers, spec)
			return err
		})
	fs.Value("start", "start `x,y` (default: the landscape's)", func(s string) error {
		p, err := parseVec(s)
		f.start = &p
		return err
	})
	floatFlag := func(name, help string, dst *float64) {
		fs.Value(name, help, func(s string) (err error) {
			*dst, err = parseFloat(s)
			return err
		})
	}
	floatFlag("dt", "time step `Δt` > 0 (default: the landscape's)", &f.dt)
	floatFlag("mass", "mass `m` > 0 (default: the landscape's)", &f.mass)
	floatFlag("friction", "friction `ε` ≥ 0 with Δt·ε ≤ m, > 0 for flow (default: the landscape's)", &f.friction)
	floatFlag("lr", "optimizer view: learning rate `η` > 0; one step is one unit of time: Δt = 1, m = 1/η, ε = (1−μ)/η", &f.lr)
	floatFlag("momentum", "optimizer view: momentum `μ` in [0, 1) for damped, nesterov and rmsprop, β₁ for adam, and for flow and adagrad, which step at η/(1−μ) (default 0, as in PyTorch's SGD; 0.9 for adam alone, as in PyTorch's Adam)", &f.momentum)
	floatFlag("beta2", "adam's `β₂` (rmsprop's α) in (0, 1): the memory of the squared gradient's average (default 0.999; 0.99 for rmsprop)", &f.beta2)
	floatFlag("adam-eps", "adam's `δ` > 0, added to the root of the squared gradient (default 1e-8; 1e-10 for adagrad)", &f.adamEps)
	fs.Value("expr", "your own landscape: an `expression` in x and y, e.g. 'x^2 + 10*y^2' (+ − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan, pi, e)",
		func(s string) (err error) {
			f.expr, err = expr.Parse(s) // checked now, so its error comes in command-line order
			return err
		})
	fs.Value("bounds", "the view `xmin,xmax,ymin,ymax` (default: the landscape's; -3,3,-3,3 for --expr)", func(s string) error {
		r, err := parseRect(s)
		f.bounds = &r
		return err
	})
	fs.Value("noise", "stochastic gradients: add `σ`·ξ to ∇f each step, ξ standard normal (default 0)", func(s string) error {
		v, err := parseFloat(s)
		if err == nil && v < 0 {
			err = fmt.Errorf("%q is not allowed; want a finite number ≥ 0", s)
		}
		f.noise = v
		return err
	})
	fs.Value("scenario", "a ready-made `lesson`: "+strings.Join(sim.ScenarioNames(), ", ")+" (sets landscape, start, parameters, methods and noise)",
		func(s string) error {
			if _, err := sim.ScenarioByName(s); err != nil {
				return err
			}
			f.scenario = s
			return nil
		})
	fs.Value("seed", "the noise generator's `seed`, a whole number ≥ 0 (default 1)", func(s string) error {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not allowed; want a whole number from 0 to %d", s, uint64(math.MaxUint64))
		}
		f.seed = v
		return nil
	})
	return f
}

// Race adds --race: race the methods listed, or all three without --method.
func (f *Flags) Race(help string) { f.race = f.fs.Bool("race", false, help) }

// Play adds --play.
func (f *Flags) Play(help string) { f.play = f.fs.Bool("play", false, help) }

// Ghost adds --ghost.
func (f *Flags) Ghost(help string) { f.ghost = f.fs.Bool("ghost", false, help) }

// Parse reads the simulator's own command line (the flags `momentum`
// takes, without --print-command) into settings.
func Parse(args []string) (Settings, error) {
	fs := NewFlagSet("momentum", "")
	f := Register(fs, DefaultLandscape)
	f.Race(RaceHelp)
	f.Play(PlayHelp)
	f.Ghost(GhostHelp)
	if err := fs.ParseArgs(args, io.Discard); err != nil {
		return Settings{}, err
	}
	return f.Resolve()
}

// parseFloat accepts a finite number.
func parseFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// parseVec accepts "x,y" with two finite numbers.
func parseVec(s string) (landscapes.Vec, error) {
	xs, ys, ok := strings.Cut(s, ",")
	if !ok {
		return landscapes.Vec{}, fmt.Errorf("%q is not a point; want x,y such as -1.5,2", s)
	}
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	p := landscapes.Vec{X: x, Y: y}
	if errX != nil || errY != nil || !p.IsFinite() {
		return landscapes.Vec{}, fmt.Errorf("%q is not a point; want x,y with two finite numbers such as -1.5,2", s)
	}
	return p, nil
}

// parseRect accepts "xmin,xmax,ymin,ymax" with finite, increasing bounds.
func parseRect(s string) (landscapes.Rect, error) {
	parts := strings.Split(s, ",")
	bad := fmt.Errorf("%q is not a view; want xmin,xmax,ymin,ymax with xmin < xmax and ymin < ymax, such as -3,3,-2,2", s)
	if len(parts) != 4 {
		return landscapes.Rect{}, bad
	}
	var v [4]float64
	for i, p := range parts {
		f, err := parseFloat(p)
		if err != nil {
			return landscapes.Rect{}, bad
		}
		v[i] = f
	}
	r := landscapes.Rect{XMin: v[0], XMax: v[1], YMin: v[2], YMax: v[3]}
	if !(r.XMin < r.XMax && r.YMin < r.YMax) || math.IsInf(r.Width(), 0) || math.IsInf(r.Height(), 0) {
		return landscapes.Rect{}, bad
	}
	return r, nil
}

// scenarioOwns lists the flags a scenario sets; giving one with --scenario
// is an error rather than a silent override, so a lesson is always the same
// lesson. --seed may change a noisy lesson's draw.
var scenarioOwns = []string{"landscape", "expr", "bounds", "start", "method", "racer", "dt", "mass", "friction", "lr", "momentum", "beta2", "adam-eps", "noise"}

// Resolve checks the flags together and fills in the lesson or the
// landscape's defaults.
func (f *Flags) Resolve() (Settings, error) {
	s, err := f.resolve()
	if f.play != nil {
		s.Play = *f.play
	}
	if f.ghost != nil {
		s.Ghost = *f.ghost
	}
	return s, err
}

func (f *Flags) resolve() (Settings, error) {
	fs := f.fs
	if f.scenario != "" {
		return f.fromScenario()
	}
	land, err := f.landscapeOf()
	if err != nil {
		return Settings{}, err
	}
	s := Settings{Landscape: land.Name, View: land.View, Methods: f.methods, Start: land.Start,
		Noise: sim.Noise{Sigma: f.noise, Seed: f.seed}}
	if f.expr != nil {
		s.Expr = f.expr.String()
	}
	// A list of methods is a race; so is --race, of the methods listed or,
	// without --method, of all three. `--race --method damped` is a race of
	// one, which is what Args prints for a race with two racers off.
	if f.race != nil && *f.race || len(f.methods) > 1 {
		s.Race = true
		if !fs.IsSet("method") {
			s.Methods = sim.DefaultRace()
		}
	}
	if f.start != nil {
		s.Start = *f.start
	}
	if len(f.racers) > 0 {
		// The command's parameter flags are for the racers without
		// parameter keys of their own: check them against those.
		var plain []sim.Method
		for _, r := range f.racers {
			if !r.ownParams() {
				plain = append(plain, r.method)
			}
		}
		if len(plain) > 0 {
			s.Methods = plain
		}
	}

	var adaptive sim.Adaptive
	if fs.IsSet("beta2") {
		if !(f.beta2 > 0 && f.beta2 < 1) {
			return Settings{}, Usagef("--beta2: %v is not allowed; want a number in (0, 1)", f.beta2)
		}
		adaptive.Beta2 = f.beta2
	}
	if fs.IsSet("adam-eps") {
		if !(f.adamEps > 0) {
			return Settings{}, Usagef("--adam-eps: %v is not allowed; want a finite number > 0", f.adamEps)
		}
		adaptive.Eps = f.adamEps
	}
	physical := fs.IsSet("dt") || fs.IsSet("mass") || fs.IsSet("friction")
	optimizer := fs.IsSet("lr") || fs.IsSet("momentum")
	defaults := sim.ParamsOf(land.Defaults)
	switch {
	case physical && optimizer:
		return Settings{}, Usagef("--lr/--momentum and --dt/--mass/--friction: cannot mix the optimizer view with the physical view; give one or the other")
	case optimizer:
		// Without --lr the landscape's η; without --momentum μ = 0 for every
		// method, as PyTorch's SGD defaults to (so flow is gradient descent
		// with step η), except for Adam alone, where β₁ = 0.9 as in PyTorch.
		s.Tuning = sim.Tuning{Optimizer: true, LR: defaults.LR(), Adaptive: adaptive}
		if !slices.ContainsFunc(s.Methods, func(m sim.Method) bool { return m != sim.Adam }) {
			// Adam alone: β₁ = 0.9, PyTorch's default for Adam.
			s.Tuning.Momentum = 0.9
		}
		if fs.IsSet("lr") {
			if !(f.lr > 0) {
				return Settings{}, Usagef("--lr: %v is not allowed; want a finite number > 0", f.lr)
			}
			s.Tuning.LR = f.lr
		}
		if fs.IsSet("momentum") {
			if !(f.momentum >= 0 && f.momentum < 1) {
				return Settings{}, Usagef("--momentum: %v is not allowed; want a number in [0, 1)", f.momentum)
			}
			if !slices.ContainsFunc(s.Methods, sim.Method.ReadsFriction) {
				return Settings{}, Usagef("--momentum: %v given but heavy has μ = 1 by definition; add damped or flow to --method", f.momentum)
			}
			s.Tuning.Momentum = f.momentum
		}
		for _, m := range s.Methods {
			if s.Tuning.For(m).ValidFor(m) != nil {
				return Settings{}, Usagef("--lr: %v is not allowed; want a finite number > 0 whose inverse 1/η (the mass) is finite too", s.Tuning.LR)
			}
		}
	default:
		p := defaults
		if fs.IsSet("dt") {
			p.Dt = f.dt
		}
		if fs.IsSet("mass") {
			p.Mass = f.mass
		}
		if fs.IsSet("friction") {
			p.Friction = f.friction
		}
		s.Tuning = sim.Tuning{Physical: p, Adaptive: adaptive}
		if err := s.Tuning.Valid(s.Methods...); err != nil {
			return Settings{}, FlagError(err)
		}
	}
	if err := f.resolveRacers(&s, land); err != nil {
		return Settings{}, err
	}
	if !land.FiniteAt(s.Start) {
		return Settings{}, Usagef("--start: %v,%v is where f or ∇f is not finite; pick another start", s.Start.X, s.Start.Y)
	}
	return s, nil
}

// FlagError words an error from sim in terms of the command line: a
// sim.ParamError names its flag. Other errors pass through.
func FlagError(err error) error {
	if pe, ok := err.(sim.ParamError); ok {
		return Usagef("--%s: %v %s; want %s", pe.Param, pe.Value, pe.Reason(), pe.Want)
	}
	return err
}

// fromScenario resolves --scenario.
func (f *Flags) fromScenario() (Settings, error) {
	for _, name := range scenarioOwns {
		if f.fs.IsSet(name) {
			return Settings{}, Usagef("--scenario %s and --%s: a scenario sets the landscape, start, parameters, methods and noise; drop --%s or the scenario", f.scenario, name, name)
		}
	}
	sc, err := sim.ScenarioByName(f.scenario)
	if err != nil {
		return Settings{}, Usagef("--scenario: %v", err)
	}
	s := FromScenario(sc) // the lesson decides whether it is a race: --race is ignored
	if f.fs.IsSet("seed") {
		s.Noise.Seed = f.seed
	}
	return s, nil
}

// landscapeOf is the catalog landscape, or the user's expression, with
// --bounds applied to its view. A custom expression starts where
// expr.NewLandscape puts it; --start, when given, replaces that later.
func (f *Flags) landscapeOf() (*landscapes.Landscape, error) {
	if f.expr != nil {
		if f.fs.IsSet("landscape") {
			return nil, Usagef("--landscape %s and --expr: give one landscape, a catalog name or an expression", f.landscape)
		}
		view := expr.DefaultView
		if f.bounds != nil {
			view = *f.bounds
		}
		l, err := expr.NewLandscape(f.expr.String(), view, f.start)
		if errors.Is(err, expr.ErrNowhereFinite) {
			return nil, Usagef("--expr: %s is not finite anywhere in the view %v,%v,%v,%v; give --bounds where it is", f.expr, view.XMin, view.XMax, view.YMin, view.YMax)
		}
		if err != nil {
			return nil, Usagef("--expr: %v", err)
		}
		return l, nil
	}
	name := f.landscape
	if name == "" {
		name = f.defaultLandscape
	}
	l, err := landscapes.ByName(name)
	if err != nil {
		return nil, Usagef("--landscape: %v", err)
	}
	if f.bounds != nil {
		l.View = *f.bounds
	}
	return l, nil
}
