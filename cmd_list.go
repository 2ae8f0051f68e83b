package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

func listCmd(args []string, stdout io.Writer) error {
	fs := settings.NewFlagSet("list", "usage: momentum list\n\nLists the landscapes, the lessons and the methods.\n")
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("LANDSCAPES\n")
	for _, l := range landscapes.All() {
		fmt.Fprintf(&b, "\n  %s: f = %s\n", l.Name, l.Formula)
		fmt.Fprintf(&b, "    %s\n", l.About)
		v := l.View
		fmt.Fprintf(&b, "    view x ∈ [%s, %s], y ∈ [%s, %s]; start (%s, %s)\n",
			num(v.XMin), num(v.XMax), num(v.YMin), num(v.YMax), num(l.Start.X), num(l.Start.Y))
		fmt.Fprintf(&b, "    defaults Δt = %s, m = %s, ε = %s\n", num(l.Dt), num(l.Mass), num(l.Friction))
		var ms []string
		for _, m := range l.Minima() {
			ms = append(ms, fmt.Sprintf("f(%s, %s) = %s", num(m.At.X), num(m.At.Y), num(m.Value)))
		}
		fmt.Fprintf(&b, "    minima %s\n", strings.Join(ms, "; "))
	}
	b.WriteString("\nSCENARIOS (momentum --scenario NAME)\n")
	for _, sc := range sim.Scenarios() {
		var ms []string
		for i, m := range sc.Racers {
			if sc.Tunings != nil {
				// One method at several settings: each with its μ.
				_, mu := sim.OptimizerOf(m, sc.Tunings[i].For(m))
				ms = append(ms, m.Name()+" μ "+num(mu))
				continue
			}
			ms = append(ms, m.Name())
		}
		fmt.Fprintf(&b, "\n  %s: %s, %s\n", sc.Name, sc.Landscape, strings.Join(ms, " vs "))
		fmt.Fprintf(&b, "    %s\n    %s\n", sc.Caption[0], sc.Caption[1])
	}
	b.WriteString("\nMETHODS\n\n")
	// Columns as wide as their widest entry, counted in characters (the
	// laws hold multi-byte symbols).
	pad := func(s string, w int) string { return s + strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s))) }
	var wName, wTitle, wLaw int
	for _, m := range sim.Methods {
		wName = max(wName, utf8.RuneCountInString(m.Name()))
		wTitle = max(wTitle, utf8.RuneCountInString(m.Title()))
		wLaw = max(wLaw, utf8.RuneCountInString(m.Law()))
	}
	for _, m := range sim.Methods {
		fmt.Fprintf(&b, "  %s %s %s uses %s\n", pad(m.Name(), wName), pad(m.Title(), wTitle), pad(m.Law(), wLaw), m.Uses())
	}
	b.WriteString(`
  One step (symplectic Euler): v ← A·v − B·∇f, then x ← x + Δt·v
    flow:   A = 0, B = 1/ε        (gradient descent with learning rate Δt/ε)
    heavy:  A = 1, B = Δt/m
    damped: A = 1 − Δtε/m, B = Δt/m
  As an optimizer: learning rate η = Δt²/m, momentum μ = 1 − Δtε/m
  (flow: η = Δt/ε, μ = 0).
  nesterov: w ← μw − (Δt/m)∇f, x ← x + Δt(μw − (Δt/m)∇f)  (PyTorch SGD, nesterov=True)
  adam, rmsprop, adagrad: PyTorch's optimizers of those names at (η, μ), --beta2, --adam-eps
  (adagrad, massless like flow, at η = Δt/ε).
`)
	_, err := io.WriteString(stdout, b.String())
	return err
}

// num prints a number briefly: at most 6 significant digits.
func num(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
