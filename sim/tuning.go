package sim

// Tuning is how the user set the parameters: physically (Δt, m, ε), shared
// by every method, or as an optimizer (η, μ), which maps to different
// physical parameters for each method (see FromOptimizer). Keeping the
// choice lets one set of flags give each racer its own exact parameters.
type Tuning struct {
	Physical Params
	// Optimizer is true when LR and Momentum were given instead of Physical.
	Optimizer    bool
	LR, Momentum float64
}

// For returns the physical parameters method m runs with.
func (t Tuning) For(m Method) Params {
	if t.Optimizer {
		return FromOptimizer(m, t.LR, t.Momentum)
	}
	return t.Physical
}
