package sim

import (
	"fmt"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
)

// Scenario is a ready-made lesson: a landscape, a start, parameters, which
// racers run, noise, and a two-line caption saying what to watch and why.
//
// Every claim a caption makes is checked by a test in scenario_test.go that
// runs the scenario headlessly (System.Advance for each racer from Start,
// with Tuning.For(racer) and Noise, for Steps steps), against the linear
// theory of stability.go wherever it applies.
type Scenario struct {
	Name      string
	Caption   [2]string // two short lines (≤ 60 characters each) for the UI
	Landscape string    // a catalog name (landscapes.ByName)
	Start     landscapes.Vec
	Tuning    Tuning   // one setting shared by every racer; see Tuning.For
	Racers    []Method // the methods that run, side by side from the same start (a race when > 1)
	Noise     Noise
	SPS       int // suggested playback speed, steps per second, so the claim shows within seconds at 30 fps
	Steps     int // how many steps the claim needs: tests run this many
}

// Scenarios returns the lessons in teaching order: first what momentum is
// good for (plateau, saddle, local-minima, ravine), then what it costs
// (too-much-momentum), then the physics behind both (frictionless, noise,
// critical). Each call builds fresh values, so callers may change them.
//
// All tunings are physical (Δt, m, ε) so the UI's side panel shows the
// numbers the scenario was built from. Most pick m = Δt: then the damped
// and heavy balls' learning rate η = Δt²/m equals Δt, which is gradient
// flow's learning rate, so every racer takes "the same step η" and only the
// momentum μ = 1 − ε differs (0 for flow, 1 for the heavy ball).
//
// The design of critical. The textbook picture is three balls of one mass
// with three frictions, which would need three damped racers; but racers are
// distinct methods (the UI keys them by method), and no per-racer parameter
// override is needed, because the three methods already are three points of
// that one family. With m = Δt = η, the damped ball's friction ε gives
// μ = 1 − ε, and
//   - the heavy ball is ε = 0 (μ = 1): undamped, the limit of underdamping.
//     Its roots lie on the unit circle (Direction reports Underdamped with
//     contraction 1): it overshoots and never settles;
//   - damped is ε = 1 − μc with μc = (1 − √(ηλ))², CriticalMomentum: a
//     double root, the fastest decay with no overshoot;
//   - gradient flow is exactly the damped ball with ε = m/Δt (μ = 0), the
//     most friction one step can apply: it forgets all velocity every step.
//     Its roots 1 − ηλ and 0 are real and distinct: overdamped.
//
// What this leaves out is a ball that is underdamped yet settles
// (0 < ζ < 1); too-much-momentum shows one (μ = 0.98 on the ravine).
func Scenarios() []Scenario {
	return []Scenario{
		{
			// On the plain |∇f| ≈ 6e-4. Flow moves Δt|∇f| per step; the
			// damped ball's velocity approaches the terminal η|∇f|/(1−μ) per
			// step, with η = Δt²/m = 1 = flow's Δt and μ = 0.95: 20× faster.
			Name: "plateau",
			Caption: [2]string{
				"A near-flat plain: flow moves η|∇f| a step and crawls.",
				"Momentum builds to η|∇f|/(1−μ), 20× faster, and gets home.",
			},
			Landscape: "plateau",
			Start:     landscapes.Vec{X: -6, Y: 4.5},
			Tuning:    Tuning{Physical: Params{Dt: 1, Mass: 1, Friction: 0.05}},
			Racers:    []Method{Flow, Damped},
			SPS:       120,
			Steps:     720,
		},
		{
			// The y motion is exactly one-dimensional (f is separable) and,
			// near the ridge, linear with curvature −1: flow grows y by
			// 1 + η per step, momentum by the larger root of
			// σ² − (1+μ+η)σ + μ, here 1.2 against 1.05 (η = 0.05, μ = 0.9).
			Name: "saddle",
			Caption: [2]string{
				"A hair off the ridge, the push away from the saddle is tiny.",
				"Same η: momentum compounds it and escapes over 3× sooner.",
			},
			Landscape: "saddle",
			Start:     landscapes.Vec{X: -1.9, Y: 1e-3},
			Tuning:    Tuning{Physical: Params{Dt: 0.05, Mass: 0.05, Friction: 0.1}},
			Racers:    []Method{Flow, Damped},
			SPS:       40,
			Steps:     200,
		},
		{
			// The six-hump camel from beside its shallowest dip (f ≈ 2.10),
			// where flow stops. The damped ball (μ = 0.95) rolls through that
			// dip, within 0.15 of its bottom, and settles in a global minimum
			// (f ≈ −1.03). That takes the right friction: with a fifth of it
			// the ball overshoots the global minima and ends in another local
			// one, and the heavy ball (no friction) passes close to a global
			// minimum and rolls on forever.
			Name: "local-minima",
			Caption: [2]string{
				"Flow stops in its first dip; damped rolls over to the best.",
				"Less friction overshoots the best; heavy never stops at all.",
			},
			Landscape: "camel",
			Start:     landscapes.Vec{X: -2.1, Y: -1},
			Tuning:    Tuning{Physical: Params{Dt: 0.01, Mass: 0.1, Friction: 0.5}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       100,
			Steps:     500,
		},
		{
			// Each at its best: flow at gradient descent's optimal step
			// Δt = 2/(λ1+λ2) = 2/21, which shrinks both directions by 19/21
			// per step, the stiff one flipping sign each step; damped at
			// Polyak's (η, μ), a double root of modulus (√20−1)/(√20+1) ≈ 0.63
			// in both directions. Polyak's ηλ2 ≈ 2.67 is past flow's limit 2,
			// so its first bounces across the valley are bigger than flow's;
			// they die within a few steps.
			Name: "ravine",
			Caption: [2]string{
				"Flow at its best step zig-zags, shrinking only 19/21 a step.",
				"Polyak's momentum bounces harder but is home 3× sooner.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1},
			Tuning:    Tuning{Physical: polyakRavine(2.0 / 21)},
			Racers:    []Method{Flow, Damped},
			SPS:       20,
			Steps:     120,
		},
		{
			// One step η = 0.15 for all: ηλ = 0.15 and 3 on the ravine.
			// damped (μ = 0.98) is within its limit ηλ < 2(1+μ) = 3.96 but
			// its roots are complex in both directions: it rings, decaying
			// by exactly √μ per step. The heavy ball (μ = 1) rings forever.
			// Flow (μ = 0) has the smallest limit, ηλ < 2: its stiff
			// direction grows by |1 − 3| = 2 per step until the numbers
			// overflow. On a quadratic more momentum never crosses the limit
			// by itself (2(1+μ) grows with μ); what it costs is the ringing.
			Name: "too-much-momentum",
			Caption: [2]string{
				"μ = 0.98 overshoots and rings, fading only √μ ≈ 0.99 a step.",
				"μ = 1 never settles; flow (μ = 0) is past ηλ < 2: diverges.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4, Y: 0.8},
			Tuning:    Tuning{Physical: Params{Dt: 0.15, Mass: 0.15, Friction: 0.02}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       60,
			Steps:     600,
		},
		{
			// The frictionless ball traces a Lissajous figure over the
			// ravine. Its energy is not exactly constant: the step conserves
			// E − (Δt/2)∇f·v instead, so E wiggles by under 2% with Δt = 0.01.
			Name: "frictionless",
			Caption: [2]string{
				"No friction: the heavy ball trades f for ½m|v|² and back,",
				"orbiting forever at constant energy; damped's drains away.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1.2},
			Tuning:    Tuning{Physical: Params{Dt: 0.01, Mass: 1, Friction: 0.5}},
			Racers:    []Method{Heavy, Damped},
			SPS:       300,
			Steps:     3000,
		},
		{
			// Friction ε = 1 gives the damped ball the effective step
			// η/(1−μ) = Δt/ε = Δt, flow's step. Along the valley floor
			// (ηλ small) both then jitter alike; across it flow's step is
			// near its limit (Δtλ = 1.8) and overreacts to each kick, while
			// the damped ball's η is ten times smaller. The stationary
			// variance of momentum SGD along curvature λ is
			// ησ²(1+μ) / ((1−μ) λ (2(1+μ) − ηλ)), which predicts a mean f
			// of 0.99 for flow and 0.185 for damped.
			Name: "noise",
			Caption: [2]string{
				"Noisy gradients, same effective step η/(1−μ) for both:",
				"momentum averages the kicks across the valley: 5× lower f.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1},
			Tuning:    Tuning{Physical: Params{Dt: 0.09, Mass: 0.9, Friction: 1}},
			Racers:    []Method{Flow, Damped},
			Noise:     Noise{Sigma: 2, Seed: 1},
			SPS:       200,
			Steps:     2000,
		},
		{
			// See "The design of critical" above: η = Δt = m = 0.04 on the
			// bowl (λ = 1), ε = 1 − μc with μc = (1 − √0.04)² = 0.64.
			Name: "critical",
			Caption: [2]string{
				"Under-, critically, over-damped: μ = 1, (1−√ηλ)², 0.",
				"Heavy overshoots forever, flow creeps: critical is first.",
			},
			Landscape: "bowl",
			Start:     landscapes.Vec{X: -2.5, Y: 2},
			Tuning:    Tuning{Physical: Params{Dt: 0.04, Mass: 0.04, Friction: 0.36}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       40,
			Steps:     200,
		},
	}
}

// polyakRavine is Polyak's optimal momentum for the ravine's curvatures 1
// and 20, as physical parameters with time step dt.
func polyakRavine(dt float64) Params {
	eta, mu, err := PolyakOptimal(1, 20)
	if err != nil {
		panic(err) // 1 and 20 are a strict minimum's curvatures
	}
	return ParamsFor(eta, mu, dt)
}

// ScenarioNames returns the scenarios' names in teaching order.
func ScenarioNames() []string {
	var names []string
	for _, s := range Scenarios() {
		names = append(names, s.Name)
	}
	return names
}

// ScenarioByName finds a scenario; the error lists the valid names.
func ScenarioByName(name string) (Scenario, error) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, nil
		}
	}
	return Scenario{}, fmt.Errorf("unknown scenario %q; want one of %s", name, strings.Join(ScenarioNames(), ", "))
}
