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
// theory of stability.go wherever it applies, and again from a grid of
// nearby starts and parameters: a claim must not hang on one exact start.
type Scenario struct {
	Name      string
	Caption   [2]string // two short lines (≤ 60 characters each) for the UI
	Landscape string    // a catalog name (landscapes.ByName)
	Start     landscapes.Vec
	Tuning    Tuning   // one setting shared by every racer; see Tuning.For
	Racers    []Method // the methods that run, side by side from the same start (a race when > 1)
	// Tunings, when set, give racer i its own setting Tunings[i] (a race
	// of one method at several settings, as --racer makes); Tuning is then
	// Tunings[0].
	Tunings []Tuning
	Noise   Noise
	SPS     int // suggested playback speed, steps per second, so the claim shows within seconds at 30 fps
	Steps   int // how many steps the claim needs: tests run this many
	// Invites are the tunings the caption asks the student to try with
	// its keys (friction-basins: e ×5). Its claims about them are tested
	// too, so the simulator does not call the lesson changed there.
	Invites []Tuning
}

// Scenarios returns the lessons in teaching order: first what momentum is
// good for (plateau, saddle, local-minima, ravine), then what it costs
// (too-much-momentum), then the physics behind both (frictionless, noise,
// critical). Each call builds fresh values, so callers may change them.
//
// Every lesson is one physical system with one parameter set (Δt, m, ε),
// shared by its racers: the damped ball uses all three (η = Δt²/m,
// μ = 1 − Δtε/m), the heavy ball ignores ε (μ = 1), and gradient flow is the
// massless limit εx' = −∇f, one step x ← x − (Δt/ε)∇f. Flow's step Δt/ε is
// always the damped ball's effective step η/(1−μ), its terminal speed per
// unit gradient. So flow is never "the same step η" as the damped ball: it
// is the damped ball with its mass taken away.
//
// What each shows:
//   - plateau: on the plain the gradient is steady, and flow and the damped
//     ball cross at the same top speed Δt|∇f|/ε (flow has it at once, the
//     damped ball after ~1/(1−μ) steps). In the curved well the damped
//     ball's step is η = (1−μ)Δt/ε, flow's is still Δt/ε = 3 > 2/λ: flow
//     is thrown across the well and back forever, the damped ball settles.
//     Momentum's gift is a large effective step where the gradient is
//     steady and a small one where it curves.
//   - saddle: from rest a hair off the ridge the unstable y grows as e^{rt}
//     with r the positive root of m r² + ε r = |λ|, largest when m → 0.
//     With one physical tuning mass only delays the escape: flow leaves
//     first.
//   - local-minima: flow stops in the dip beside the start; the damped ball
//     rolls through it and settles in a lower minimum; the heavy ball,
//     with no friction, keeps its energy and never stops.
//   - ravine: flow at step Δt/ε = 0.08 (below its limit 2/λ2 = 0.1 by more
//     than the tests' 10 %) zig-zags across the valley and shrinks by
//     1 − Δtλ1/ε = 0.92 a step; the damped ball at the same Δt/ε, critically
//     damped in the flat direction, by (1−Δtλ1/ε)/(1+Δtλ1/ε) = 0.85 in both.
//   - too-much-momentum: μ = 0.98 rings, fading √μ a step; the heavy ball
//     never settles; flow's step Δt/ε = 4.8 is far past 2/λ and diverges.
//   - frictionless: the heavy ball keeps its (shadow) energy and orbits
//     forever; the damped ball's drains away.
//   - noise: noisy gradients at one effective step: across the valley
//     flow's step is 90 % of its limit and amplifies every kick; the
//     damped ball's η there is far inside its own.
//   - critical: the three methods are the limits of one family on the bowl
//     (λ = 1): heavy is ε = 0 (undamped: overshoots forever), damped sits at
//     the critical ε (μ = (1−√ηλ)²: a double root, no overshoot), and flow
//     is the massless limit m → 0 (overdamped: its one root is 1 − Δtλ/ε,
//     no overshoot, slower).
func Scenarios() []Scenario {
	return []Scenario{
		{
			// η = 0.3, μ = 0.9, flow's step Δt/ε = 3 on the well's λ = 1.
			// Flow's map x ← x(1 − 3e^{−x²/2}) has a stable 2-cycle at
			// |x| = √(2 ln 1.5) ≈ 0.9: it jumps across the well forever.
			Name: "plateau",
			Caption: [2]string{
				"Plain: both creep Δt|∇f|/ε a step; flow has that at once.",
				"Well: flow's step Δt/ε = 3 > 2/λ rings; damped's η settles.",
			},
			Landscape: "plateau",
			Start:     landscapes.Vec{X: -4.8, Y: 3.6},
			Tuning:    Tuning{Physical: Params{Dt: 0.6, Mass: 1.2, Friction: 0.2}},
			Racers:    []Method{Flow, Damped},
			SPS:       150,
			Steps:     1500,
		},
		{
			// Near the ridge y grows by the dominant root of
			// σ² − (1+μ+η)σ + μ at λ = −1: flow's is 1 + Δt/ε = 1.1, the
			// damped ball's (η = 0.005, μ = 0.95) about 1.05.
			Name: "saddle",
			Caption: [2]string{
				"A hair off the ridge, the push away from the saddle is tiny.",
				"From rest, mass only delays escape: massless flow is first.",
			},
			Landscape: "saddle",
			Start:     landscapes.Vec{X: -1.9, Y: 1e-3},
			Tuning:    Tuning{Physical: Params{Dt: 0.05, Mass: 0.5, Friction: 0.5}},
			Racers:    []Method{Flow, Damped},
			SPS:       40,
			Steps:     400,
		},
		{
			// The six-hump camel from beside its shallowest dip (f ≈ 2.10),
			// where flow (step Δt/ε = 0.01) stops. The damped ball (μ = 0.975)
			// rolls through that dip and settles in a lower minimum: here
			// the global one (f ≈ −1.03); the heavy ball keeps its energy and
			// rolls on. Which lower minimum depends on the ball's energy, so
			// on start and friction: from starts 0.2 away, or after one press
			// of a parameter key, it is sometimes the local minimum
			// (±1.70, ∓0.80) (f ≈ −0.22) beyond the global one or beside the
			// start, so the caption says "a lower one", which holds there
			// too. Δt = 0.005 keeps flow's step below its limit 2/λ on the
			// steep wall left of the start (λ ≈ 155 at x = −2.3); at
			// Δt = 0.01 flow was thrown across the dip from starts 0.2 left.
			Name: "local-minima",
			Caption: [2]string{
				"Flow stops in its first dip; damped rolls on to a lower one.",
				"Heavy, with no friction to lose energy, never stops at all.",
			},
			Landscape: "camel",
			Start:     landscapes.Vec{X: -2.15, Y: -0.7},
			Tuning:    Tuning{Physical: Params{Dt: 0.005, Mass: 0.1, Friction: 0.5}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       200,
			Steps:     2000,
		},
		{
			// Flow at Δt/ε = 0.08 shrinks the flat direction by 0.92 a step
			// and the stiff one by |1 − 1.6| = 0.6, flipping its sign each
			// step. The damped ball at the same Δt/ε has η = (1−μ)·0.08, and
			// μ = (23/27)² makes the flat direction critical: both directions
			// then shrink by √μ = 23/27 ≈ 0.85.
			Name: "ravine",
			Caption: [2]string{
				"Flow (step Δt/ε = 0.08) zig-zags, shrinking 0.92 a step.",
				"Damped, same Δt/ε, critical along the valley: 0.85 a step.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1},
			Tuning:    Tuning{Physical: ravineCritical()},
			Racers:    []Method{Flow, Damped},
			SPS:       20,
			Steps:     160,
		},
		{
			// η = Δt²/m = 0.096 for both balls: ηλ = 0.096 and 1.92 on the
			// ravine. damped (μ = 0.98) is well within its limit
			// ηλ < 2(1+μ) = 3.96 but its roots are complex in both
			// directions: it rings, decaying by exactly √μ per step. The
			// heavy ball (μ = 1) rings forever. Flow's step is Δt/ε = 4.8,
			// 48 times past 2/λ2 = 0.1: its stiff direction grows by
			// |1 − 96| a step until it overflows. ηλ2 sits at half the
			// balls' limit so that one press of any parameter key keeps them
			// stable (one T: ηλ2 = 3 < 3.95): at the first settings
			// (Δt 0.15, ηλ2 = 3) one T made both diverge, which in this
			// lesson would blame momentum for what the step did.
			Name: "too-much-momentum",
			Caption: [2]string{
				"μ = 0.98 overshoots and rings, fading only √μ ≈ 0.99 a step.",
				"μ = 1 never settles; flow's Δt/ε = 4.8 > 2/λ: diverges.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4, Y: 0.8},
			Tuning:    Tuning{Physical: Params{Dt: 0.12, Mass: 0.15, Friction: 0.025}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       60,
			Steps:     600,
		},
		{
			// The frictionless ball traces a Lissajous figure over the
			// ravine. The energy on screen is the shadow energy H̃ the
			// discrete step keeps: exactly constant on this quadratic.
			Name: "frictionless",
			Caption: [2]string{
				"No friction: the heavy ball trades f for motion and back,",
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
			// Flow's step Δt/ε = 0.09 is the damped ball's η/(1−μ). Along
			// the valley floor (ηλ small) both then jitter alike: at one
			// effective step momentum does not average noise away. Across
			// it flow's step is 90 % of its limit (Δtλ/ε = 1.8 of 2), where
			// gradient descent amplifies each kick by about 1/(2 − Δtλ/ε),
			// while the damped ball's η is ten times smaller, far inside
			// its own limit. The stationary variance of momentum SGD along
			// curvature λ, ησ²(1+μ) / ((1−μ) λ (2(1+μ) − ηλ)), predicts a
			// mean f of 0.99 for flow and 0.185 for damped (5.4×). The
			// ratio is that of flow's nearness to its limit, so the
			// caption says both: one t (Δtλ/ε = 1.44) gives 2.4×, and one
			// T or e passes the limit (2.25), where flow diverges.
			Name: "noise",
			Caption: [2]string{
				"Noisy ∇f, same Δt/ε: flow's step across the valley is 90 %",
				"of its limit, so it echoes each kick: f ≈ 5× damped's here.",
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
			// η = Δt²/m = 0.04 on the bowl (λ = 1), ε = 0.36 gives
			// μ = 0.64 = (1 − √0.04)², critical. Flow's step is
			// Δt/ε = 1/9: it shrinks by 8/9 a step against critical's 0.8.
			Name: "critical",
			Caption: [2]string{
				"Heavy is ε = 0, damped critical ε, flow the massless m → 0.",
				"Heavy overshoots forever, flow creeps: critical is first.",
			},
			Landscape: "bowl",
			Start:     landscapes.Vec{X: -2.5, Y: 2},
			Tuning:    Tuning{Physical: Params{Dt: 0.04, Mass: 0.04, Friction: 0.36}},
			Racers:    []Method{Flow, Heavy, Damped},
			SPS:       40,
			Steps:     200,
		},
		{
			// Three balls of one mass, η = Δt²/m = 0.05, three momenta (Δt = 1, m = 20,
			// ε = 20(1−μ)). Along the valley (ηλ = 0.05) critical damping
			// is μ = (1 − √0.05)² = 0.60: μ = 0.5 is just overdamped, its
			// roots real and positive (0.885 and 0.565), so x never
			// changes sign, and it is the fastest; μ = 0.9 and 0.99 are
			// underdamped in both directions and decay at √μ = 0.949 and
			// 0.995 a step, overshooting along the valley. f falls below
			// 1e-3 of its start for good at steps 27, 62 and 686.
			Name: "momentum-race",
			Caption: [2]string{
				"Same mass, 3 frictions (η 0.05, μ 0.5/0.9/0.99): 0.5 first,",
				"0.9 overshoots along the valley, 0.99 rings 10× longer.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1.2},
			Tuning:    Tuning{Physical: FromOptimizer(0.05, 0.5)},
			Racers:    []Method{Damped, Damped, Damped},
			Tunings: []Tuning{
				{Physical: FromOptimizer(0.05, 0.5)},
				{Physical: FromOptimizer(0.05, 0.9)},
				{Physical: FromOptimizer(0.05, 0.99)},
			},
			SPS:   100,
			Steps: 1000,
		},
		{
			// η = 0.035, μ = 0.9 (Δt 0.07, m 0.14, ε 0.2). Across the
			// valley (ηλ = 0.7) the damped ball's (Polyak's heavy-ball
			// momentum's) roots are complex with modulus √μ = 0.949
			// whatever ηλ; Nesterov's polynomial
			// z² − (1+μ)(1−ηλ)z + μ(1−ηλ) gives √(μ(1−ηλ)) = 0.52. |y| stays
			// below 1 % of its start from step 7 for Nesterov, from step 89
			// for the damped ball. Along the valley (ηλ = 0.035) both ring
			// alike. ηλ = 0.7 sits well inside Nesterov's narrower limit
			// 2(1+μ)/(1+2μ) = 1.36, so one press of any parameter key keeps
			// the claim (Nesterov 5–14 steps, damped 69–111); at η = 0.04
			// one T (ηλ 1.25) took Nesterov 19 steps and 0.13 reversed the
			// ranking.
			Name: "nesterov",
			Caption: [2]string{
				"Same η 0.035, μ 0.9: damped swings across the valley for",
				"70+ steps; Nesterov's look-ahead stops the swing in < 15.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1.2},
			Tuning:    Tuning{Physical: Params{Dt: 0.07, Mass: 0.14, Friction: 0.2}},
			Racers:    []Method{Damped, Nesterov},
			SPS:       20,
			Steps:     200,
		},
		{
			// η = 0.05, β₁ = μ = 0.9 (Δt 1, m 20, ε 2). On the plain
			// |∇f| ≈ 6e-4: the damped ball's terminal speed is
			// η|∇f|/(1−μ) ≈ 3e-4 a step: it moves 0.087 in 300 steps, under
			// 0.2 for μ 0.85…0.95 and η ± 10 %. Adam divides by the
			// gradient's RMS, so on the plain (r ≥ 4.7) each coordinate
			// moves η a step within 5 % (a Euclidean step of √2·η); near
			// the well v̂ lags the growing gradient and the step grows to
			// 2η. It reaches the well (r < 1) at step 80.
			Name: "adam-plateau",
			Caption: [2]string{
				"Adam divides by ∇f's RMS: x and y each move ≈ η a step on",
				"the plain; well in ~80 steps. Damped crawls < 0.2 in 300.",
			},
			Landscape: "plateau",
			Start:     landscapes.Vec{X: -6, Y: 4.5},
			Tuning:    Tuning{Physical: FromOptimizer(0.05, 0.9)},
			Racers:    []Method{Damped, Adam},
			SPS:       50,
			Steps:     300,
		},
		{
			// η = 0.05, μ = 0.9 again. Adam's first step is η·sign(∂ᵢf) in
			// each coordinate, and for its first 10 steps |Δx| and |Δy| stay
			// within 10 % of each other and of η: curvatures 1 and 20 alike.
			// After one press of a parameter key (a larger η reaches the
			// valley floor sooner) that holds for 8 steps, which the caption
			// says. The damped ball's first step is η∇f = η(x, 20y): its
			// |Δy/Δx| is 20|y/x| from any start, 5.3 from this one (4.1–6.2
			// from starts 0.2 away), so the caption gives the law and says
			// "5 here". Only the first: afterwards its ratio runs 2.6, 0.19,
			// 1.6, …, and by step 20 Adam's steps have shrunk to 0.72η
			// (0.38η at 30), so the caption says both claims' reach.
			Name: "adam-ravine",
			Caption: [2]string{
				"Adam: mass per coordinate, heavy where steep; for 8 steps",
				"x and y move ≈ η; damped's first |Δy/Δx| = 20|y/x|, 5 here.",
			},
			Landscape: "ravine",
			Start:     landscapes.Vec{X: -4.5, Y: 1.2},
			Tuning:    Tuning{Physical: FromOptimizer(0.05, 0.9)},
			Racers:    []Method{Damped, Adam},
			SPS:       20,
			Steps:     100,
		},
		{
			// Camel's defaults, started left of the shallow dip at
			// (−1.61, −0.57) (f = 2.10): at ε = 0.5 the ball stops in it;
			// with ε ÷ 1.25⁵ = 0.16 it keeps enough momentum to climb out
			// and settles in the global minimum (0.09, −0.71) instead.
			// Where a ball ends hangs on its energy, so on its start: the
			// starts for which both hold form a strip about 0.35 wide in x
			// (0.15 wide once a parameter key is pressed too), and the
			// caption says "from here". (−2.05, −0.75) is inside it: both
			// hold from every start within 0.175, and after one press of any
			// parameter key from every start within 0.05 (from (−2, −0.75)
			// they failed 0.13 to the right).
			Name: "friction-basins",
			Caption: [2]string{
				"From here ε 0.5 stops the ball in the dip at (−1.61, −0.57).",
				"e ×5, r (ε 0.16): momentum carries it on to (0.09, −0.71).",
			},
			Landscape: "camel",
			Start:     landscapes.Vec{X: -2.05, Y: -0.75},
			Tuning:    Tuning{Physical: Params{Dt: 0.005, Mass: 0.0125, Friction: 0.5}},
			Racers:    []Method{Damped},
			SPS:       120,
			Steps:     800,
			Invites:   []Tuning{{Physical: lessFriction(Params{Dt: 0.005, Mass: 0.0125, Friction: 0.5}, 5)}},
		},
	}
}

// RacerTuning is the setting racer i runs with: its own (Tunings) or the
// shared Tuning.
func (s Scenario) RacerTuning(i int) Tuning {
	if s.Tunings != nil {
		return s.Tunings[i]
	}
	return s.Tuning
}

// lessFriction is p after presses of the simulator's e key (ε ÷ 1.25 each,
// FrictionDown), bit for bit the friction the student reaches.
func lessFriction(p Params, presses int) Params {
	for range presses {
		FrictionDown(&p, 1.25)
	}
	return p
}

// ravineCritical is the ravine's (curvatures 1 and 20) lesson tuning: ε = 1,
// flow's step Δt/ε = 0.08, and the damped ball at that same Δt/ε critically
// damped along the flat direction λ1 = 1. With η = (1−μ)Δt/ε,
// μ = (1 − √(ηλ1))² solves to √μ = (1 − Δt/ε)/(1 + Δt/ε) = 23/27, and
// m = Δtε/(1−μ) = 0.2916.
func ravineCritical() Params {
	const eps, dt = 1.0, 0.08
	s := (1 - dt/eps) / (1 + dt/eps)
	return Params{Dt: dt, Mass: dt * eps / (1 - s*s), Friction: eps}
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
