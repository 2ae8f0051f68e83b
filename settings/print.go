package settings

import (
	"slices"
	"strconv"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// Args is the command line that Parse reads back into s: every setting
// explicit, or `--scenario NAME` (and --seed if it differs) while s is
// still its lesson. Numbers are in their shortest exact form, so the
// command reproduces a trajectory bit for bit. For every s that Parse
// returns, Parse(s.Args()) equals s.
func (s Settings) Args() []string {
	var args []string
	flag := func(name, value string) { args = append(args, "--"+name, value) }
	if s.intact() {
		flag("scenario", s.Scenario)
		if sc, _ := s.Lesson(); s.Noise.Seed != sc.Noise.Seed {
			flag("seed", strconv.FormatUint(s.Noise.Seed, 10))
		}
		if s.Play {
			args = append(args, "--play")
		}
		if s.Ghost {
			args = append(args, "--ghost")
		}
		return args
	}
	rect := func(v landscapes.Rect) string {
		return num(v.XMin) + "," + num(v.XMax) + "," + num(v.YMin) + "," + num(v.YMax)
	}
	if s.Landscape == landscapes.CustomName {
		flag("expr", s.Expr)
		flag("bounds", rect(s.View))
	} else {
		flag("landscape", s.Landscape)
		if c, err := landscapes.ByName(s.Landscape); err == nil && c.View != s.View {
			flag("bounds", rect(s.View))
		}
	}
	var methods []string
	for _, m := range s.Methods {
		methods = append(methods, m.Name())
	}
	switch {
	case len(s.Racers) > 0:
		for _, r := range s.Racers {
			flag("racer", r.arg(s.Tuning))
		}
	case s.Race && len(methods) == 1:
		args = append(args, "--race") // with one --method, a race of that racer alone
		fallthrough
	case len(methods) > 0:
		flag("method", strings.Join(methods, ","))
	}
	flag("start", num(s.Start.X)+","+num(s.Start.Y))
	if t := s.Tuning; t.Optimizer {
		flag("lr", num(t.LR))
		// --momentum only where a racer reads it (through ε).
		if slices.ContainsFunc(s.Methods, sim.Method.ReadsFriction) {
			flag("momentum", num(t.Momentum))
		}
	} else {
		flag("dt", num(t.Physical.Dt))
		flag("mass", num(t.Physical.Mass))
		flag("friction", num(t.Physical.Friction))
	}
	// β₂ and δ only where set: zero is the method's PyTorch default.
	if a := s.Tuning.Adaptive; a.Beta2 != 0 {
		flag("beta2", num(a.Beta2))
	}
	if a := s.Tuning.Adaptive; a.Eps != 0 {
		flag("adam-eps", num(a.Eps))
	}
	// The seed is printed whenever it is not the default, even without
	// noise, since turning noise on later draws from it.
	if s.Noise.Sigma > 0 {
		flag("noise", num(s.Noise.Sigma))
	}
	if s.Noise.Sigma > 0 || s.Noise.Seed != 1 {
		flag("seed", strconv.FormatUint(s.Noise.Seed, 10))
	}
	if s.Play {
		args = append(args, "--play")
	}
	if s.Ghost {
		args = append(args, "--ghost")
	}
	return args
}

// Command is Args as a line for a POSIX shell, starting with `momentum`.
func (s Settings) Command() string {
	var b strings.Builder
	b.WriteString("momentum")
	args := s.Args()
	for i, a := range args {
		b.WriteByte(' ')
		if i > 0 && args[i-1] == "--expr" {
			b.WriteString(shellQuote(a)) // always quoted, however plain it looks
		} else {
			b.WriteString(shellWord(a))
		}
	}
	return b.String()
}

// shellWord leaves a word a shell reads as itself alone, and quotes any
// other.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+.,_=/:") == "" {
		return s
	}
	return shellQuote(s)
}

// shellQuote wraps s in single quotes for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
