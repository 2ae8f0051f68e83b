package model

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"

	"github.com/momentum-sim/momentum/sim"
)

// keyMap is every key the simulator answers to; the help bar is built from it.
type keyMap struct {
	Play, Step, Reset        key.Binding
	Methods                  []key.Binding // one per sim.Method, its key and title
	Race                     key.Binding
	NextLand, PrevLand       key.Binding
	DtDown, DtUp             key.Binding
	MassDown, MassUp         key.Binding
	FrictionDown, FrictionUp key.Binding
	Critical, Optimal        key.Binding
	Slower, Faster           key.Binding
	Arrows, Charts           key.Binding
	ClearTrail               key.Binding
	NoiseDown, NoiseUp       key.Binding
	Reseed                   key.Binding
	Expr, Share, Export      key.Binding
	Scenario, PrevScenario   key.Binding
	Ghost, Basins            key.Binding
	ZoomIn, ZoomOut          key.Binding
	PanLeft, PanRight        key.Binding
	PanUp, PanDown           key.Binding
	ZoomReset                key.Binding
	Click                    key.Binding // documents the mouse; no key produces it
	Explain                  key.Binding
	Help, Close, Quit        key.Binding

	// The view key and mass's keys in the optimizer view: bound and
	// labelled by setOptView (optview.go).
	View, MassElsewhere key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Play:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "play/pause")),
		Step:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "one step")),
		Reset:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset")),
		Methods:      methodBindings(),
		Race:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "race")),
		NextLand:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next landscape")),
		PrevLand:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev landscape")),
		DtDown:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t/T", "Δt −/+")),
		DtUp:         key.NewBinding(key.WithKeys("T")),
		MassDown:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m/M", "mass −/+")),
		MassUp:       key.NewBinding(key.WithKeys("M")),
		FrictionDown: key.NewBinding(key.WithKeys("e"), key.WithHelp("e/E", "friction −/+")),
		FrictionUp:   key.NewBinding(key.WithKeys("E")),
		Critical:     key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "critical")),
		Optimal:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "Polyak optimal")),
		Slower:       key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("−/+", "speed")),
		Faster:       key.NewBinding(key.WithKeys("+", "=")),
		Arrows:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "arrows")),
		Charts:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "charts")),
		ClearTrail:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "clear trail")),
		NoiseDown:    key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "noise σ −/+")),
		NoiseUp:      key.NewBinding(key.WithKeys("]")),
		Reseed:       key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "new seed")),
		Expr:         key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "own f(x,y)")),
		Share:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "share")),
		Export:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write CSV")),
		Scenario:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s/S", "lesson +/−")),
		PrevScenario: key.NewBinding(key.WithKeys("S")),
		Ghost:        key.NewBinding(key.WithKeys("h"), key.WithHelp("h b", "ghost · basins")),
		Basins:       key.NewBinding(key.WithKeys("b")),
		ZoomIn:       key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "zoom Z ←↑↓→ 0")),
		ZoomOut:      key.NewBinding(key.WithKeys("Z")),
		PanLeft:      key.NewBinding(key.WithKeys("left")),
		PanRight:     key.NewBinding(key.WithKeys("right")),
		PanUp:        key.NewBinding(key.WithKeys("up")),
		PanDown:      key.NewBinding(key.WithKeys("down")),
		ZoomReset:    key.NewBinding(key.WithKeys("0")),
		Click:        key.NewBinding(key.WithKeys("click"), key.WithHelp("click", "start here")),
		Explain:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "explain")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Close:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// methodKeys is each method's key as text, made once so that drawing it
// allocates nothing.
var methodKeys = func() []string {
	k := make([]string, len(sim.Methods))
	for _, meth := range sim.Methods {
		k[meth] = string(meth.Key())
	}
	return k
}()

// methodBindings are the keys that pick a method, from sim's table.
func methodBindings() []key.Binding {
	var b []key.Binding
	for _, meth := range sim.Methods {
		k := string(meth.Key())
		b = append(b, key.NewBinding(key.WithKeys(k), key.WithHelp(k, meth.Title())))
	}
	return b
}

// methodsHelp is how the method keys read in help: the default race's
// balls one by one, and the others as one entry ("4–7 methods": the
// panel names each when it is chosen, the race panel lists the keys of
// those off), so the bar keeps room for the race and lesson keys.
func (k keyMap) methodsHelp() (race []key.Binding, more key.Binding) {
	var rest []sim.Method
	for i, meth := range sim.Methods {
		if slices.Contains(sim.DefaultRace(), meth) {
			race = append(race, k.Methods[i])
		} else {
			rest = append(rest, meth)
		}
	}
	if len(rest) > 0 {
		keys := string(rest[0].Key()) + "–" + string(rest[len(rest)-1].Key())
		more = key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, "methods"))
	}
	return race, more
}

// ShortHelp is the one-line help bar in priority order, except that its
// last two, the way to every key and the way out, are always shown: where
// the line is too narrow the bar drops whole bindings from the end of the
// others (see shortHelp).
func (k keyMap) ShortHelp() []key.Binding {
	race, more := k.methodsHelp()
	b := []key.Binding{k.Play, k.Step, k.Explain}
	b = append(b, race...)
	return append(b, k.Race, k.Scenario, more, k.NextLand, k.Reset, k.Help, k.Quit)
}

// FullHelp is the help expanded by '?', in groups the bar lays out as
// columns, paged when they do not fit (see helpPages). Bindings without
// help text (the upper-case halves of pairs) are described by their
// lower-case partner.
func (k keyMap) FullHelp() [][]key.Binding {
	race, more := k.methodsHelp()
	return [][]key.Binding{
		{k.Play, k.Step, k.Reset, k.Click, k.ClearTrail, k.Explain, k.Help, k.Quit},
		append(race, k.Race, k.Arrows, k.Charts, k.Expr, k.ZoomIn),
		{k.DtDown, k.MassDown, k.FrictionDown, k.Slower, k.Critical, k.Optimal, k.NoiseDown, more},
		{k.NextLand, k.PrevLand, k.Scenario, k.Reseed, k.Share, k.Export, k.View, k.Ghost},
	}
}
