// Package sim is the physics: a particle's state, the three dynamics and one
// step of each. It imports no terminal package, so every number it makes can
// be checked exactly.
package sim

import (
	"fmt"
	"strings"
)

// Method is one of the dynamics the particle can follow: an index into the
// table of methods below. Everything that differs between methods (names,
// law, which parameters it reads, its step, its optimizer reading, its
// colour and key) is a field of its table entry, so code outside sim asks a
// method for a property instead of switching on which method it is.
type Method int

const (
	Flow     Method = iota // gradient flow, the massless limit: ε x' = −∇f
	Heavy                  // heavy ball: m x'' = −∇f
	Damped                 // damped: m x'' + ε x' = −∇f
	Nesterov               // damped, the force felt where the momentum is about to carry the ball
	Adam                   // damped EMA form with a mass and friction per coordinate
	RMSprop                // damped, the force divided by the gradient's running RMS per coordinate
	Adagrad                // massless, the friction per coordinate the root of all gradient² felt
)

// Methods lists every method in display order (the order of the table).
var Methods = []Method{Flow, Heavy, Damped, Nesterov, Adam, RMSprop, Adagrad}

// DefaultRace is the race of `c` and of --race without --method: the three
// balls of one physical system (flow, heavy, damped). The others join a
// race by their keys, --method or --racer.
func DefaultRace() []Method { return []Method{Flow, Heavy, Damped} }

// NumMethods is how many methods there are, for arrays indexed by Method.
const NumMethods = len(methodTable)

// Tunable is the method with both optimizer knobs, η and μ: the snaps set
// its parameters, the race panel shows its reading, and the optimizer view's
// parameter keys change the ball it describes.
const Tunable = Damped

// methodSpec is one method as data.
//
// A method gives its Coeffs (the numbers of one step), its step (a small
// pure function of the coefficients, the state and the gradient), its
// (η, μ), and the linear analysis of one quadratic direction (direction),
// nil when none applies. The first three are linear in their state: one
// step is v ← A·v − B·∇f, x ← x + Δt·v, analysed by Direction. Nesterov's
// step keeps the ball's velocity in State.Mem and has its own polynomial
// (NesterovDirection); Adam keeps running averages there and is not linear.
type methodSpec struct {
	name, title, law string
	// inertia: the particle has a velocity that persists between steps
	// (a mass). friction: the ball with mass reads ε, so μ is a knob, not
	// fixed. readsFriction: the step reads ε at all (flow's speed is 1/ε).
	inertia, friction, readsFriction bool
	key                              rune   // the key that picks the method in the simulator
	letter                           string // the racer's letter without colour
	hex, ansi                        string // the racer's colour: true colour, and 16-colour
	coeffs                           func(Params) Coeffs
	step                             func(Coeffs, State, Vec) State
	optimizer                        func(Params) (eta, mu float64)
	// ode is the continuous equation the step discretises (see Law), or
	// nil for a method that discretises no single ODE.
	ode func(Params) Law
	// noGhost is why a method with no ode has no continuous-time twin, in
	// a few words for the panel ("" reads "no single ODE").
	noGhost   string
	direction func(eta, mu, lambda float64) Mode
	// energy is what the method's energy is (see Energy).
	energy energyKind
	// velInMem: the ball's own velocity is State.Mem.Buf, not Vel (the
	// point drawn is not the ball: Nesterov's look-ahead point).
	velInMem bool
	// reset says what switching to this method forgets ("" when nothing).
	reset string
	// memory: the step keeps State.Mem, so it runs through step
	// (System.runMemory) rather than the linear loop of Coeffs.
	memory bool
	// needsFriction, when set, is why the method needs ε > 0 (μ < 1),
	// and short the same in a few words for the simulator's panel.
	needsFriction, needsFrictionShort string
	// form is the linear analysis as formulas (form.go), nil with no
	// linear rate; adapts what an adaptive step divides by, else nil.
	form   *LinearForm
	adapts *Adaptation
}

var methodTable = [...]methodSpec{
	Flow: {
		// The massless limit m → 0 of m x'' + ε x' = −∇f: the ball moves
		// at its terminal velocity −∇f/ε, so flow, heavy and damped are one
		// physical system with one parameter set.
		name: "flow", title: "gradient flow", law: "ε x' = −∇f(x)",
		readsFriction: true,
		key:           '1', letter: "F", hex: "#ff8c1a", ansi: "9", // orange
		// No memory (A = 0): the velocity is the terminal one, −∇f/ε.
		coeffs: func(p Params) Coeffs { return Coeffs{A: 0, B: 1 / p.Friction, Dt: p.Dt} },
		step:   Coeffs.Step, direction: Direction, energy: energyF, form: &heavyBallForm,
		needsFriction:      "the massless ball needs friction ε > 0",
		needsFrictionShort: "gradient flow needs friction ε > 0: the massless ball moves at −∇f/ε",
		// Gradient descent with η = Δt/ε and no memory, whatever m says.
		optimizer: func(p Params) (float64, float64) { return p.Dt / p.Friction, 0 },
		ode:       func(p Params) Law { return Law{Friction: p.Friction} },
	},
	Heavy: {
		name: "heavy", title: "heavy ball", law: "m x'' = −∇f(x)",
		inertia: true,
		key:     '2', letter: "H", hex: "#ff4fd8", ansi: "13", // magenta
		// Forgets nothing (A = 1): it ignores ε, so μ = 1.
		coeffs: func(p Params) Coeffs { return Coeffs{A: 1, B: p.Dt / p.Mass, Dt: p.Dt} },
		step:   Coeffs.Step, direction: Direction, energy: energyShadow, form: &heavyBallForm,
		optimizer: func(p Params) (float64, float64) { return p.LR(), 1 },
		ode:       func(p Params) Law { return Law{Mass: p.Mass} },
	},
	Damped: {
		name: "damped", title: "damped", law: "m x'' + ε x' = −∇f(x)",
		inertia: true, friction: true, readsFriction: true,
		key: '3', letter: "D", hex: "#3cf06e", ansi: "10", // green
		// Forgets a fraction Δtε/m each step.
		coeffs: func(p Params) Coeffs { return Coeffs{A: p.Momentum(), B: p.Dt / p.Mass, Dt: p.Dt} },
		step:   Coeffs.Step, direction: Direction, energy: energyShadow, form: &heavyBallForm,
		optimizer: func(p Params) (float64, float64) { return p.LR(), p.Momentum() },
		ode:       func(p Params) Law { return Law{Mass: p.Mass, Friction: p.Friction} },
	},
	Nesterov: {
		// The damped ball whose force is felt where its momentum is
		// about to carry it (nesterov.go): the same (Δt, m, ε), so the
		// same (η, μ), as damped.
		name: "nesterov", title: "Nesterov", law: "m x'' + ε x' = −∇f(x + μΔt·x')",
		inertia: true, friction: true, readsFriction: true,
		key: '4', letter: "N", hex: "#4fb4ff", ansi: "12", // blue
		coeffs: func(p Params) Coeffs { return Coeffs{A: p.Momentum(), B: p.Dt / p.Mass, Dt: p.Dt} },
		step:   nesterovStep, memory: true,
		optimizer: func(p Params) (float64, float64) { return p.LR(), p.Momentum() },
		direction: NesterovDirection, form: &nesterovForm,
		energy: energyMechanical, velInMem: true,
		// Its law feels the force μΔt·x' ahead: Δt is in the equation, so
		// no continuous-time twin is independent of the step.
		noGhost: "none, law depends on Δt",
	},
	Adam: {
		// Momentum whose mass and friction adapt per coordinate (adam.go):
		// PyTorch's Adam(lr=η, betas=(μ, β₂), eps=δ).
		name: "adam", title: "Adam", law: "mᵢxᵢ'' + εᵢxᵢ' = −∂ᵢf, mᵢ ∝ RMS",
		inertia: true, friction: true, readsFriction: true,
		key: '5', letter: "A", hex: "#ffe14f", ansi: "11", // yellow
		coeffs: adamCoeffs,
		step:   adamStep, memory: true, adapts: &adamAdapts,
		optimizer:          func(p Params) (float64, float64) { return p.LR(), p.Momentum() },
		reset:              "Adam's running averages start empty (bias correction from step 1)",
		needsFriction:      "Adam needs β₁ = μ < 1, that is friction ε > 0: its bias correction divides by 1 − β₁ᵗ",
		needsFrictionShort: "Adam needs friction ε > 0 (β₁ = μ < 1)",
	},
	RMSprop: {
		// rmsprop.go: PyTorch's RMSprop(lr=η, alpha=β₂, eps=δ, momentum=μ).
		name: "rmsprop", title: "RMSprop", law: "m x'' + ε x' = −∇f/RMS(∇f)",
		inertia: true, friction: true, readsFriction: true,
		key: '6', letter: "R", hex: "#b388ff", ansi: "5", // violet
		coeffs: rmspropCoeffs,
		step:   rmspropStep, memory: true, adapts: &rmspropAdapts,
		optimizer: func(p Params) (float64, float64) { return p.LR(), p.Momentum() },
		reset:     "RMSprop's running average of ∇f² starts empty",
	},
	Adagrad: {
		// rmsprop.go: PyTorch's Adagrad(lr=η, eps=δ), η = Δt/ε as for flow.
		name: "adagrad", title: "Adagrad", law: "εᵢ xᵢ' = −∂ᵢf, εᵢ ∝ √Σ(∂ᵢf)²",
		readsFriction: true,
		key:           '7', letter: "G", hex: "#ff6b6b", ansi: "1", // red
		coeffs: adagradCoeffs,
		step:   adagradStep, memory: true, adapts: &adagradAdapts,
		optimizer:          func(p Params) (float64, float64) { return p.Dt / p.Friction, 0 },
		reset:              "Adagrad's sum of ∇f² starts empty",
		needsFriction:      "the massless ball needs friction ε > 0",
		needsFrictionShort: "Adagrad needs friction ε > 0: the massless ball moves at −∇f/ε",
	},
}

func (m Method) spec() *methodSpec {
	if m < 0 || int(m) >= len(methodTable) {
		return nil
	}
	return &methodTable[m]
}

// Name is the command-line name.
func (m Method) Name() string {
	if s := m.spec(); s != nil {
		return s.name
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Title is the name people read on screen.
func (m Method) Title() string {
	if s := m.spec(); s != nil {
		return s.title
	}
	return m.Name()
}

// Law is the continuous equation of motion.
func (m Method) Law() string {
	if s := m.spec(); s != nil {
		return s.law
	}
	return ""
}

// Uses names the physical parameters that enter the method's step.
func (m Method) Uses() string {
	u := "Δt"
	if m.HasMass() {
		u += ", m"
	}
	if m.ReadsFriction() {
		u += ", ε"
	}
	return u
}

// HasMass reports whether the method carries velocity from step to step.
// Without it there is no kinetic energy and no velocity of its own to draw.
func (m Method) HasMass() bool { s := m.spec(); return s != nil && s.inertia }

// HasFriction reports whether the ball with mass reads ε: then its momentum
// μ is a knob (and the EMA form exists), not fixed at 0 or 1.
func (m Method) HasFriction() bool { s := m.spec(); return s != nil && s.friction }

// ReadsFriction reports whether the method's step reads ε at all: damped,
// and flow, whose speed is 1/ε. Only the heavy ball ignores it, so only it
// ignores the optimizer view's μ (which sets ε).
func (m Method) ReadsFriction() bool { s := m.spec(); return s != nil && s.readsFriction }

// Linear reports whether a method has a fixed linear rate on a quadratic:
// a characteristic polynomial whose roots the stability panel can show.
// Adam's step is divided by running averages of the gradient, so it has none.
func (m Method) Linear() bool { s := m.spec(); return s != nil && s.direction != nil }

// energyKind says what a method's energy is.
type energyKind uint8

const (
	// energyF: no mass (flow), or no single mass (Adam): the energy is f.
	energyF energyKind = iota
	// energyShadow: the discrete ball keeps the shadow energy of
	// ShadowEnergy (symplectic Euler: the heavy and damped balls).
	energyShadow
	// energyMechanical: a ball with one mass but no known kept energy
	// (Nesterov's force is felt elsewhere than the ball): ½m|w|² + f.
	energyMechanical
)

// KeepsEnergy reports whether the discrete method keeps the shadow energy
// of ShadowEnergy (exactly for the frictionless ball, falling with friction).
// For the others the energy shown is f alone.
func (m Method) KeepsEnergy() bool { s := m.spec(); return s != nil && s.energy == energyShadow }

// HasKinetic reports whether the method has one mass and so a kinetic
// energy ½m|w|² (w its ball's velocity, BallVelocity).
func (m Method) HasKinetic() bool { s := m.spec(); return s != nil && s.energy != energyF }

// Resets says what switching the particle to m forgets, "" when nothing.
func (m Method) Resets() string {
	if s := m.spec(); s != nil {
		return s.reset
	}
	return ""
}

// Key is the key that picks the method in the simulator.
func (m Method) Key() rune {
	if s := m.spec(); s != nil {
		return s.key
	}
	return 0
}

// Letter marks the method's particle where there is no colour.
func (m Method) Letter() string {
	if s := m.spec(); s != nil {
		return s.letter
	}
	return "?"
}

// Color is the method's particle colour: a true-colour hex value and the
// 16-colour ANSI index used when only those exist.
func (m Method) Color() (hex, ansi string) {
	if s := m.spec(); s != nil {
		return s.hex, s.ansi
	}
	return "#ffffff", "15"
}

func methodNames() string {
	var names []string
	for _, m := range Methods {
		names = append(names, m.Name())
	}
	return strings.Join(names, ", ")
}

// ParseMethod reads one command-line method name.
func ParseMethod(s string) (Method, error) {
	for _, m := range Methods {
		if s == m.Name() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown method %q; want one of %s", s, methodNames())
}

// ParseMethods reads a comma list such as "flow,heavy,damped". A method may
// appear once.
func ParseMethods(s string) ([]Method, error) {
	var ms []Method
	seen := map[Method]bool{}
	for _, part := range strings.Split(s, ",") {
		m, err := ParseMethod(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if seen[m] {
			return nil, fmt.Errorf("method %q is listed twice; want each of %s at most once", m.Name(), methodNames())
		}
		seen[m] = true
		ms = append(ms, m)
	}
	return ms, nil
}
