package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// flagSet wraps flag.FlagSet so that every problem becomes one usageError
// that names the flag, the value and what is accepted.
type flagSet struct {
	*flag.FlagSet
	valueErr error // the first error a flag's Set returned, already worded
	usage    string
}

func newFlagSet(name, usage string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), usage: usage}
	fs.SetOutput(io.Discard)
	return fs
}

// value registers a flag whose parse function returns a worded error.
func (fs *flagSet) value(name, help string, set func(string) error) {
	fs.Func(name, help, func(s string) error {
		if err := set(s); err != nil {
			if fs.valueErr == nil {
				fs.valueErr = fmt.Errorf("--%s: %w", name, err)
			}
			return err
		}
		return nil
	})
}

// parse parses args; help goes to stdout and returns errHelp.
func (fs *flagSet) parse(args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, fs.usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return errHelp
	case fs.valueErr != nil:
		return usageError{fs.valueErr.Error()}
	case err != nil:
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			return usagef("unknown flag --%s; see 'momentum %s --help' for the flags", name, fs.Name())
		}
		if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
			if f := fs.Lookup(name); f != nil {
				_, usage := flag.UnquoteUsage(f)
				return usagef("--%s: needs a value: %s", name, usage)
			}
			return usagef("--%s: needs a value", name)
		}
		return usageError{msg}
	case fs.NArg() > 0:
		return usagef("unexpected argument %q; 'momentum %s' takes only flags", fs.Arg(0), fs.Name())
	}
	return nil
}

// isSet reports whether the user gave the flag.
func (fs *flagSet) isSet(name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
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

// simFlags are the flags shared by run, frame and the interactive simulator:
// where, how, and with what parameters the particle moves.
type simFlags struct {
	landscape string
	methods   []sim.Method
	start     *landscapes.Vec
	dt, mass, friction,
	lr, momentum float64
	expr     *landscapes.Expr
	bounds   *landscapes.Rect
	noise    float64
	seed     uint64
	scenario string
}

// register adds the shared flags; defaultMethods is what --method means when absent.
func (sf *simFlags) register(fs *flagSet, defaultMethods string) {
	sf.landscape = ""
	sf.methods, _ = sim.ParseMethods(defaultMethods)
	sf.seed = 1
	fs.value("landscape", "`name` of the landscape: "+strings.Join(landscapes.Names(), ", ")+" (default: per command)",
		func(s string) error {
			if _, err := landscapes.ByName(s); err != nil {
				return err
			}
			sf.landscape = s
			return nil
		})
	fs.value("method", "`methods`: flow, heavy or damped, or a comma list such as flow,heavy,damped (default "+defaultMethods+")",
		func(s string) (err error) {
			sf.methods, err = sim.ParseMethods(s)
			return err
		})
	fs.value("start", "start `x,y` (default: the landscape's)", func(s string) error {
		p, err := parseVec(s)
		sf.start = &p
		return err
	})
	floatFlag := func(name, help string, dst *float64) {
		fs.value(name, help, func(s string) (err error) {
			*dst, err = parseFloat(s)
			return err
		})
	}
	floatFlag("dt", "time step `Δt` > 0 (default: the landscape's)", &sf.dt)
	floatFlag("mass", "mass `m` > 0 (default: the landscape's)", &sf.mass)
	floatFlag("friction", "friction `ε` ≥ 0 (default: the landscape's)", &sf.friction)
	floatFlag("lr", "optimizer view: learning rate `η` > 0 (one step is one unit of time)", &sf.lr)
	floatFlag("momentum", "optimizer view: momentum `μ` in [0, 1), damped only", &sf.momentum)
	fs.value("expr", "your own landscape: an `expression` in x and y, e.g. 'x^2 + 10*y^2' (+ − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan, pi, e)",
		func(s string) (err error) {
			sf.expr, err = landscapes.ParseExpr(s)
			return err
		})
	fs.value("bounds", "the view `xmin,xmax,ymin,ymax` (default: the landscape's; -3,3,-3,3 for --expr)", func(s string) error {
		r, err := parseRect(s)
		sf.bounds = &r
		return err
	})
	fs.value("noise", "stochastic gradients: add `σ`·ξ to ∇f each step, ξ standard normal (default 0)", func(s string) error {
		v, err := parseFloat(s)
		if err == nil && v < 0 {
			err = fmt.Errorf("%q is not allowed; want a finite number ≥ 0", s)
		}
		sf.noise = v
		return err
	})
	fs.value("scenario", "a ready-made `lesson`: "+strings.Join(sim.ScenarioNames(), ", ")+" (sets landscape, start, parameters, methods and noise)",
		func(s string) error {
			if _, err := sim.ScenarioByName(s); err != nil {
				return err
			}
			sf.scenario = s
			return nil
		})
	fs.value("seed", "the noise generator's `seed`, a whole number ≥ 0 (default 1)", func(s string) error {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not allowed; want a whole number from 0 to %d", s, uint64(math.MaxUint64))
		}
		sf.seed = v
		return nil
	})
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

// setup is what the shared flags resolve to.
type setup struct {
	land         *landscapes.Landscape
	methods      []sim.Method
	methodsGiven bool // --method was on the command line
	start        landscapes.Vec
	tuning       sim.Tuning
	noise        sim.Noise
	scenario     string // the lesson these settings come from, if any
}

// scenarioOwns lists the flags a scenario sets; giving one with --scenario
// is an error rather than a silent override, so a lesson is always the same
// lesson. --seed may change a noisy lesson's draw.
var scenarioOwns = []string{"landscape", "expr", "bounds", "start", "method", "dt", "mass", "friction", "lr", "momentum", "noise"}

// fromScenario resolves --scenario.
func (sf *simFlags) fromScenario(fs *flagSet) (setup, error) {
	for _, name := range scenarioOwns {
		if fs.isSet(name) {
			return setup{}, usagef("--scenario %s and --%s: a scenario sets the landscape, start, parameters, methods and noise; drop --%s or the scenario", sf.scenario, name, name)
		}
	}
	sc, err := sim.ScenarioByName(sf.scenario)
	if err != nil {
		return setup{}, usagef("--scenario: %v", err)
	}
	land, err := landscapes.ByName(sc.Landscape)
	if err != nil {
		return setup{}, err
	}
	su := setup{land: land, methods: sc.Racers, start: sc.Start, tuning: sc.Tuning, noise: sc.Noise, scenario: sc.Name}
	if fs.isSet("seed") {
		su.noise.Seed = sf.seed
	}
	return su, nil
}

// resolve checks the shared flags together and fills in landscape defaults.
func (sf *simFlags) resolve(fs *flagSet, defaultLandscape string) (setup, error) {
	if sf.scenario != "" {
		return sf.fromScenario(fs)
	}
	land, err := sf.landscapeOf(fs, defaultLandscape)
	if err != nil {
		return setup{}, err
	}
	su := setup{land: land, methods: sf.methods, methodsGiven: fs.isSet("method"), start: land.Start,
		noise: sim.Noise{Sigma: sf.noise, Seed: sf.seed}}
	if sf.start != nil {
		su.start = *sf.start
	}

	physical := fs.isSet("dt") || fs.isSet("mass") || fs.isSet("friction")
	optimizer := fs.isSet("lr") || fs.isSet("momentum")
	defaults := sim.Params(land.Defaults)
	switch {
	case physical && optimizer:
		return setup{}, usagef("--lr/--momentum and --dt/--mass/--friction: cannot mix the optimizer view with the physical view; give one or the other")
	case optimizer:
		su.tuning = sim.Tuning{Optimizer: true, LR: defaults.LR(), Momentum: defaults.Momentum()}
		if fs.isSet("lr") {
			if !(sf.lr > 0) {
				return setup{}, usagef("--lr: %v is not allowed; want a finite number > 0", sf.lr)
			}
			su.tuning.LR = sf.lr
		}
		if fs.isSet("momentum") {
			if !(sf.momentum >= 0 && sf.momentum < 1) {
				return setup{}, usagef("--momentum: %v is not allowed; want a number in [0, 1)", sf.momentum)
			}
			if !slices.Contains(su.methods, sim.Damped) {
				return setup{}, usagef("--momentum: %v given but only damped has a momentum to set (flow has none, heavy has μ = 1 by definition); add damped to --method", sf.momentum)
			}
			su.tuning.Momentum = sf.momentum
		}
		for _, m := range su.methods {
			if su.tuning.For(m).Validate() != nil {
				return setup{}, usagef("--lr: %v is not allowed; want a finite number > 0 whose inverse 1/η (the mass) is finite too", su.tuning.LR)
			}
		}
	default:
		p := defaults
		if fs.isSet("dt") {
			p.Dt = sf.dt
		}
		if fs.isSet("mass") {
			p.Mass = sf.mass
		}
		if fs.isSet("friction") {
			p.Friction = sf.friction
		}
		if err := p.Validate(); err != nil {
			return setup{}, usageError{err.Error()}
		}
		su.tuning = sim.Tuning{Physical: p}
	}
	if f, g := land.F(su.start), land.Grad(su.start); math.IsNaN(f) || math.IsInf(f, 0) || !g.IsFinite() {
		return setup{}, usagef("--start: %v,%v is where f or ∇f is not finite; pick another start", su.start.X, su.start.Y)
	}
	return su, nil
}

// landscapeOf is the catalog landscape, or the user's expression, with
// --bounds applied to its view. A custom expression starts at
// landscapes.ExprStart unless --start says otherwise.
func (sf *simFlags) landscapeOf(fs *flagSet, defaultLandscape string) (*landscapes.Landscape, error) {
	if sf.expr != nil {
		if fs.isSet("landscape") {
			return nil, usagef("--landscape %s and --expr: give one landscape, a catalog name or an expression", sf.landscape)
		}
		view := landscapes.DefaultExprView
		if sf.bounds != nil {
			view = *sf.bounds
		}
		l := sf.expr.Landscape(view, landscapes.Vec{})
		start, ok := landscapes.ExprStart(l)
		if !ok && sf.start == nil {
			return nil, usagef("--expr: %s is not finite anywhere in the view %v,%v,%v,%v; give --bounds where it is", sf.expr, view.XMin, view.XMax, view.YMin, view.YMax)
		}
		l.Start = start
		return l, nil
	}
	name := sf.landscape
	if name == "" {
		name = defaultLandscape
	}
	l, err := landscapes.ByName(name)
	if err != nil {
		return nil, usagef("--landscape: %v", err)
	}
	if sf.bounds != nil {
		l.View = *sf.bounds
	}
	return l, nil
}
