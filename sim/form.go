package sim

// The formulas of a method as text, for the pages that explain them: the
// stability limit and critical curves of its characteristic polynomial,
// and for the adaptive methods what each coordinate's step is divided by.
// Each is a table field (method.go), so the explain page says what the
// method's own analysis (Direction, NesterovDirection) computes.

// LinearForm is the linear analysis of a method with a fixed rate on a
// quadratic, as functions of μ with the formulas they compute.
type LinearForm struct {
	// Limit is the largest stable ηλ; LimitText its formula.
	Limit     func(mu float64) float64
	LimitText string
	// Critical are the ηλ of a double root: between them the roots are
	// complex (underdamped); CriticalLoText and CriticalHiText the formulas.
	Critical                       func(mu float64) (lo, hi float64)
	CriticalLoText, CriticalHiText string
	// SpiralText is the modulus of complex roots, the rate an underdamped
	// direction shrinks by a step.
	SpiralText string
	// Orbits: at μ = 1 complex roots lie on the unit circle (undamped
	// orbits); false where they stay inside (Nesterov's √(1−ηλ)).
	Orbits bool
}

// heavyBallForm is σ² − (1+μ−ηλ)σ + μ (stability.go): gradient descent
// (μ = 0), the heavy ball (μ = 1) and the damped ball.
var heavyBallForm = LinearForm{
	Limit: StabilityLimit, LimitText: "2(1+μ)",
	Critical: CriticalCurves, CriticalLoText: "(1 − √μ)²", CriticalHiText: "(1 + √μ)²",
	SpiralText: "√μ", Orbits: true,
}

// nesterovForm is z² − (1+μ)(1−ηλ)z + μ(1−ηλ) (nesterov.go).
var nesterovForm = LinearForm{
	Limit: NesterovLimit, LimitText: "2(1+μ)/(1+2μ)",
	Critical: NesterovCriticalCurves, CriticalLoText: "((1−μ)/(1+μ))²", CriticalHiText: "1",
	SpiralText: "√(μ(1−ηλ))",
}

// Form is the method's linear analysis as formulas; ok is false for a
// method with no fixed linear rate (Linear is false).
func (m Method) Form() (LinearForm, bool) {
	s := m.spec()
	if s == nil || s.form == nil {
		return LinearForm{}, false
	}
	return *s.form, true
}

// Adaptation is what an adaptive method divides each coordinate's step by:
// Divisor the expression ("√v̂ᵢ + δ") and Of what it is the root of, in a
// sentence; Short says in a few words, for the panel, how the ∂ᵢf² felt
// are gathered (a running average forgets, a sum does not).
type Adaptation struct {
	Divisor, Of, Short string
}

// Adapts is the method's Adaptation; ok is false for a method whose step
// is not divided per coordinate.
func (m Method) Adapts() (Adaptation, bool) {
	s := m.spec()
	if s == nil || s.adapts == nil {
		return Adaptation{}, false
	}
	return *s.adapts, true
}

var (
	adamAdapts = Adaptation{Divisor: "√v̂ᵢ + δ",
		Of:    "v the running average of ∂ᵢf² with memory β₂, v̂ its bias correction v/(1−β₂ᵗ)",
		Short: "averaged with memory β₂"}
	rmspropAdapts = Adaptation{Divisor: "√vᵢ + δ",
		Of:    "v the running average of ∂ᵢf² with memory α",
		Short: "averaged with memory α"}
	adagradAdapts = Adaptation{Divisor: "√sᵢ + δ",
		Of:    "s the sum of every ∂ᵢf² felt since the start",
		Short: "summed since the start"}
)

// LastMove is the particle's last move per coordinate, Δx and Δy, from the
// velocity of its step (State.Vel is Δx/Δt for every method).
func LastMove(p Params, s State) (dx, dy float64) {
	return s.Vel.X * p.Dt, s.Vel.Y * p.Dt
}

// LooksAhead reports whether the point drawn is not the ball itself but
// where its momentum is about to carry it (Nesterov): the ball's own
// velocity is then BallVelocity, not State.Vel.
func (m Method) LooksAhead() bool { s := m.spec(); return s != nil && s.velInMem }
