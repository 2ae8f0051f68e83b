package settings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// Racer is one --racer METHOD[:key=value,...]: a method with its own
// parameters when its keys set any (Own), else the command's.
type Racer struct {
	Method sim.Method
	// Own: the racer's keys set its parameters, as if they were the only
	// parameter flags of the command (dt, mass, friction or lr, momentum);
	// Tuning is then the racer's own. Otherwise Tuning is the command's.
	Own    bool
	Tuning sim.Tuning
}

// MaxRacers is the most racers a race holds: one per method's colour and
// chart series.
var MaxRacers = sim.NumMethods

// racerKeys are the keys a --racer takes, named like the flags.
var racerKeys = []string{"dt", "mass", "friction", "lr", "momentum", "beta2", "adam-eps"}

// racerSpec is a --racer as given, before the landscape is known.
type racerSpec struct {
	method sim.Method
	keys   map[string]float64
}

// parseRacer reads METHOD[:key=value,...].
func parseRacer(s string) (racerSpec, error) {
	name, rest, hasKeys := strings.Cut(s, ":")
	m, err := sim.ParseMethod(strings.TrimSpace(name))
	if err != nil {
		return racerSpec{}, err
	}
	spec := racerSpec{method: m, keys: map[string]float64{}}
	if !hasKeys {
		return spec, nil
	}
	for _, kv := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || !slices.Contains(racerKeys, k) {
			return racerSpec{}, fmt.Errorf("%q: %q is not key=value with a key of %s", s, kv, strings.Join(racerKeys, ", "))
		}
		if _, dup := spec.keys[k]; dup {
			return racerSpec{}, fmt.Errorf("%q: %s is given twice", s, k)
		}
		f, err := parseFloat(v)
		if err != nil {
			return racerSpec{}, fmt.Errorf("%q: %s: %v", s, k, err)
		}
		spec.keys[k] = f
	}
	return spec, nil
}

// ownParams reports whether the racer's keys set its parameters.
func (spec racerSpec) ownParams() bool {
	for _, k := range []string{"dt", "mass", "friction", "lr", "momentum"} {
		if _, ok := spec.keys[k]; ok {
			return true
		}
	}
	return false
}

// resolve turns a racer's keys into its tuning: its own view from its keys
// and the landscape's defaults, or the command's tuning base; β₂ and δ from
// its keys, else the command's.
func (spec racerSpec) resolve(defaults sim.Params, base sim.Tuning) (Racer, error) {
	r := Racer{Method: spec.method, Tuning: base}
	has := func(k string) bool { _, ok := spec.keys[k]; return ok }
	physical := has("dt") || has("mass") || has("friction")
	optimizer := has("lr") || has("momentum")
	name := spec.method.Name()
	switch {
	case physical && optimizer:
		return Racer{}, Usagef("--racer %s: lr/momentum and dt/mass/friction: cannot mix the optimizer view with the physical view; give one or the other", name)
	case optimizer:
		r.Own = true
		r.Tuning = sim.Tuning{Optimizer: true, LR: defaults.LR()}
		if spec.method == sim.Adam {
			r.Tuning.Momentum = 0.9 // PyTorch's β₁
		}
		if lr, ok := spec.keys["lr"]; ok {
			if !(lr > 0) {
				return Racer{}, Usagef("--racer %s: lr %v is not allowed; want a finite number > 0", name, lr)
			}
			r.Tuning.LR = lr
		}
		if mu, ok := spec.keys["momentum"]; ok {
			if !(mu >= 0 && mu < 1) {
				return Racer{}, Usagef("--racer %s: momentum %v is not allowed; want a number in [0, 1)", name, mu)
			}
			if !spec.method.ReadsFriction() {
				return Racer{}, Usagef("--racer %s: momentum %v given but %s has μ = 1 by definition", name, mu, name)
			}
			r.Tuning.Momentum = mu
		}
	case physical:
		r.Own = true
		p := defaults
		for k, dst := range map[string]*float64{"dt": &p.Dt, "mass": &p.Mass, "friction": &p.Friction} {
			if v, ok := spec.keys[k]; ok {
				*dst = v
			}
		}
		r.Tuning = sim.Tuning{Physical: p}
	}
	r.Tuning.Adaptive = base.Adaptive
	if b2, ok := spec.keys["beta2"]; ok {
		if !(b2 > 0 && b2 < 1) {
			return Racer{}, Usagef("--racer %s: beta2 %v is not allowed; want a number in (0, 1)", name, b2)
		}
		r.Tuning.Adaptive.Beta2 = b2
	}
	if eps, ok := spec.keys["adam-eps"]; ok {
		if !(eps > 0) {
			return Racer{}, Usagef("--racer %s: adam-eps %v is not allowed; want a finite number > 0", name, eps)
		}
		r.Tuning.Adaptive.Eps = eps
	}
	if err := r.Tuning.Valid(spec.method); err != nil {
		if pe, ok := err.(sim.ParamError); ok {
			return Racer{}, Usagef("--racer %s: %s %v %s; want %s", name, pe.Param, pe.Value, pe.Reason(), pe.Want)
		}
		return Racer{}, Usagef("--racer %s: %v", name, err)
	}
	return r, nil
}

// arg is the racer as --racer prints it: the method, then its own view's
// keys (lr and momentum, the latter only where the method reads it; or dt,
// mass and friction), then β₂ and δ where they differ from the command's.
func (r Racer) arg(base sim.Tuning) string {
	var keys []string
	key := func(k string, v float64) { keys = append(keys, k+"="+num(v)) }
	if r.Own {
		if t := r.Tuning; t.Optimizer {
			key("lr", t.LR)
			if r.Method.ReadsFriction() {
				key("momentum", t.Momentum)
			}
		} else {
			key("dt", t.Physical.Dt)
			key("mass", t.Physical.Mass)
			key("friction", t.Physical.Friction)
		}
	}
	if a := r.Tuning.Adaptive; a.Beta2 != base.Adaptive.Beta2 {
		key("beta2", a.Beta2)
	}
	if a := r.Tuning.Adaptive; a.Eps != base.Adaptive.Eps {
		key("adam-eps", a.Eps)
	}
	if len(keys) == 0 {
		return r.Method.Name()
	}
	return r.Method.Name() + ":" + strings.Join(keys, ",")
}

// Entry is one particle a run moves: its label (the method's name, or
// name#k when the method appears more than once, k counted from 1 in
// command-line order), method and tuning.
type Entry struct {
	Label  string
	Method sim.Method
	Tuning sim.Tuning
}

// Lineup lists the particles the settings run, in order: the --racer
// racers, or the methods with the command's tuning.
func (s Settings) Lineup() []Entry {
	var out []Entry
	if len(s.Racers) == 0 {
		for _, m := range s.Methods {
			out = append(out, Entry{Label: m.Name(), Method: m, Tuning: s.Tuning})
		}
		return out
	}
	count := map[sim.Method]int{}
	for _, r := range s.Racers {
		count[r.Method]++
	}
	seen := map[sim.Method]int{}
	for _, r := range s.Racers {
		label := r.Method.Name()
		if count[r.Method] > 1 {
			seen[r.Method]++
			label = fmt.Sprintf("%s#%d", label, seen[r.Method])
		}
		out = append(out, Entry{Label: label, Method: r.Method, Tuning: r.Tuning})
	}
	return out
}

// resolveRacers fills s.Racers from the --racer flags: each racer's own
// tuning, or s.Tuning (already resolved from the command's flags).
func (f *Flags) resolveRacers(s *Settings, land *landscapes.Landscape) error {
	if len(f.racers) == 0 {
		return nil
	}
	if f.fs.IsSet("method") {
		return Usagef("--racer and --method: give the racers one way, a --method list or --racer flags")
	}
	if len(f.racers) > MaxRacers {
		return Usagef("--racer: %d racers; a race holds at most %d", len(f.racers), MaxRacers)
	}
	defaults := sim.ParamsOf(land.Defaults)
	s.Racers, s.Methods, s.Race = nil, nil, true
	for _, spec := range f.racers {
		r, err := spec.resolve(defaults, s.Tuning)
		if err != nil {
			return err
		}
		s.Racers = append(s.Racers, r)
		s.Methods = append(s.Methods, r.Method)
	}
	return nil
}
