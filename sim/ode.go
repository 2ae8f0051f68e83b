package sim

import (
	"math"
	"strconv"

	"github.com/momentum-sim/momentum/landscapes"
)

// Law is the continuous equation of motion a method discretises:
// Mass·ẍ + Friction·ẋ = −∇f(x), or, with Mass = 0, the first-order
// Friction·ẋ = −∇f(x) of gradient flow. Its exact solution from the
// ball's start is the ball's continuous-time twin, the "ghost".
type Law struct{ Mass, Friction float64 }

// FirstOrder reports whether the law has no mass: the state is x alone.
func (l Law) FirstOrder() bool { return l.Mass == 0 }

// ODE returns the equation method m discretises with parameters p, and
// false for a method that has no single ODE (an adaptive method whose
// step is no discretisation of one fixed equation).
func (m Method) ODE(p Params) (Law, bool) {
	s := m.spec()
	if s == nil || s.ode == nil {
		return Law{}, false
	}
	return s.ode(p), true
}

// HasODE reports whether the method discretises one ODE.
func (m Method) HasODE() bool { s := m.spec(); return s != nil && s.ode != nil }

// NoGhost says in a few words why m has no continuous-time twin, "" when
// it has one: Nesterov's written law m x” + ε x' = −∇f(x + μΔt·x') has Δt
// in it, so it is no ODE of the continuous-time limit; an adaptive
// method's mass or friction depends on its history.
func (m Method) NoGhost() string {
	switch s := m.spec(); {
	case m.HasODE():
		return ""
	case s != nil && s.noGhost != "":
		return s.noGhost
	}
	return "no single ODE"
}

// Tolerances of the twin's integrator: each accepted step's local error
// estimate is below odeAtol + odeRtol·|y| in every component.
const (
	odeRtol = 1e-10
	odeAtol = 1e-12
	// odeMaxSteps bounds the integrator's work for one query, so a twin
	// that runs into a singularity (f not finite, a stiff wall) stops and
	// says so instead of stalling the caller.
	odeMaxSteps = 200000
)

// Twin is the exact (to odeRtol) solution of a Law on a landscape from an
// initial state, integrated by the Dormand–Prince 5(4) pair with its
// continuous extension: the integrator takes its own adaptive steps and
// the state at any time inside the last step is read off a fourth-order
// interpolant, so sampling at every kΔt costs no extra steps however small
// Δt is. Time only moves forward. A zero Twin is invalid; use NewTwin.
type Twin struct {
	land *landscapes.Landscape
	law  Law
	n    int // 2 (x, y) for a first-order law, 4 (x, y, vx, vy) otherwise

	t, h float64    // time reached and the next step size to try
	y, k [4]float64 // state at t and its derivative there (FSAL)

	// The continuous extension of the last accepted step, on [t0, t].
	t0, hl float64
	rc     [5][4]float64
	dense  bool

	// Steps counts accepted steps, Evals derivative evaluations.
	Steps, Evals int
	// Failed is set once the solution left the finite numbers or the step
	// size collapsed; the twin then stays where it last was finite.
	Failed bool
}

// NewTwin starts the twin of law on l at time t0 from position pos and
// velocity vel (ignored for a first-order law, whose velocity is
// −∇f/ε wherever it is).
func NewTwin(l *landscapes.Landscape, law Law, pos, vel Vec, t0 float64) Twin {
	tw := Twin{land: l, law: law, n: 4, t: t0, t0: t0}
	if law.FirstOrder() {
		tw.n = 2
	}
	tw.y = [4]float64{pos.X, pos.Y, vel.X, vel.Y}
	tw.k = tw.deriv(tw.y)
	tw.Failed = !tw.finite(tw.y) || !tw.finite(tw.k)
	return tw
}

// Law is the equation the twin solves.
func (tw *Twin) Law() Law { return tw.law }

// deriv is the right-hand side y' of the law.
func (tw *Twin) deriv(y [4]float64) [4]float64 {
	tw.Evals++
	g := tw.land.Grad(Vec{X: y[0], Y: y[1]})
	if tw.n == 2 {
		return [4]float64{-g.X / tw.law.Friction, -g.Y / tw.law.Friction}
	}
	m, e := tw.law.Mass, tw.law.Friction
	return [4]float64{y[2], y[3], (-g.X - e*y[2]) / m, (-g.Y - e*y[3]) / m}
}

func (tw *Twin) finite(y [4]float64) bool {
	for i := range tw.n {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return false
		}
	}
	return true
}

// Time is the latest time the twin has reached; At answers any time from
// the start of its last step on.
func (tw *Twin) Time() float64 { return tw.t }

// At returns the twin's state at time t, integrating forward as far as
// needed. ok is false when the twin failed before t (the state is then
// its last finite one) or t lies before its last step, which it no longer
// remembers.
func (tw *Twin) At(t float64) (s State, ok bool) {
	for !tw.Failed && tw.t < t {
		tw.advanceTo(t)
	}
	switch {
	case t == tw.t || tw.Failed || !tw.dense:
		return tw.state(tw.y), !tw.Failed && t == tw.t
	case t < tw.t0:
		return tw.state(tw.y), false
	}
	th := (t - tw.t0) / tw.hl
	th1 := 1 - th
	var y [4]float64
	for i := range tw.n {
		r := &tw.rc
		y[i] = r[0][i] + th*(r[1][i]+th1*(r[2][i]+th*(r[3][i]+th1*r[4][i])))
	}
	return tw.state(y), true
}

// state reads a solution vector as a State: for the first-order law the
// velocity is the one the law gives at that point.
func (tw *Twin) state(y [4]float64) State {
	s := State{Pos: Vec{X: y[0], Y: y[1]}, Vel: Vec{X: y[2], Y: y[3]}}
	if tw.n == 2 {
		s.Vel = tw.land.Grad(s.Pos).Scale(-1 / tw.law.Friction)
	}
	return s
}

// Dormand–Prince 5(4) coefficients (Hairer, Nørsett and Wanner, Solving
// ODEs I, table 5.2) and the dense-output weights of their dopri5 code.
// The law is autonomous, so the nodes c_i do not appear.
const (
	dpA21                      = 1.0 / 5
	dpA31, dpA32               = 3.0 / 40, 9.0 / 40
	dpA41, dpA42, dpA43        = 44.0 / 45, -56.0 / 15, 32.0 / 9
	dpA51, dpA52, dpA53, dpA54 = 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729
	dpA61, dpA62, dpA63, dpA64 = 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176
	dpA65                      = -5103.0 / 18656
	dpA71, dpA73, dpA74, dpA75 = 35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784
	dpA76                      = 11.0 / 84

	dpE1, dpE3, dpE4, dpE5 = 71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200
	dpE6, dpE7             = 22.0 / 525, -1.0 / 40

	dpD1, dpD3, dpD4 = -12715105075.0 / 11282082432, 87487479700.0 / 32700410799, -10690763975.0 / 1880347072
	dpD5, dpD6, dpD7 = 701980252875.0 / 199316789632, -1453857185.0 / 822651844, 69997945.0 / 29380423
)

// advanceTo takes accepted steps until the twin reaches or passes t (or
// fails), at most odeMaxSteps of them.
func (tw *Twin) advanceTo(t float64) {
	if tw.h == 0 {
		tw.h = tw.initialStep(t - tw.t)
	}
	for range odeMaxSteps {
		if tw.t >= t {
			return
		}
		if !tw.step() {
			tw.Failed = true
			return
		}
	}
	tw.Failed = true
}

// sc is the error scale of component i between states a and b.
func sc(a, b float64) float64 { return odeAtol + odeRtol*max(math.Abs(a), math.Abs(b)) }

// initialStep guesses a first step from the sizes of y and y' (Hairer's
// hinit, simplified): one that changes y by about 1 % of its scale, and no
// more than the time asked for.
func (tw *Twin) initialStep(span float64) float64 {
	var d0, d1 float64
	for i := range tw.n {
		s := sc(tw.y[i], tw.y[i])
		d0 += (tw.y[i] / s) * (tw.y[i] / s)
		d1 += (tw.k[i] / s) * (tw.k[i] / s)
	}
	h := 1e-6
	if d0 > 1e-10 && d1 > 1e-10 {
		h = 0.01 * math.Sqrt(d0/d1)
	}
	return min(h, max(span, 1e-12))
}

// step tries steps from the current state until one is accepted; false
// when the step size collapses or the state leaves the finite numbers.
func (tw *Twin) step() bool {
	n := tw.n
	y, k1 := tw.y, tw.k
	for {
		h := tw.h
		if !(h > 0) || tw.t+h == tw.t || math.IsInf(h, 0) {
			return false
		}
		var tmp [4]float64
		stage := func(f func(i int) float64) [4]float64 {
			for i := range n {
				tmp[i] = y[i] + h*f(i)
			}
			return tw.deriv(tmp)
		}
		k2 := stage(func(i int) float64 { return dpA21 * k1[i] })
		k3 := stage(func(i int) float64 { return dpA31*k1[i] + dpA32*k2[i] })
		k4 := stage(func(i int) float64 { return dpA41*k1[i] + dpA42*k2[i] + dpA43*k3[i] })
		k5 := stage(func(i int) float64 { return dpA51*k1[i] + dpA52*k2[i] + dpA53*k3[i] + dpA54*k4[i] })
		k6 := stage(func(i int) float64 {
			return dpA61*k1[i] + dpA62*k2[i] + dpA63*k3[i] + dpA64*k4[i] + dpA65*k5[i]
		})
		var y1 [4]float64
		for i := range n {
			y1[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
		}
		k7 := tw.deriv(y1)
		var errSum float64
		for i := range n {
			e := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
			r := e / sc(y[i], y1[i])
			errSum += r * r
		}
		err := math.Sqrt(errSum / float64(n))
		if math.IsNaN(err) || !tw.finite(y1) || !tw.finite(k7) {
			// Off the finite numbers: a smaller step may stay on them.
			tw.h = h / 10
			continue
		}
		fac := 10.0
		if err > 0 {
			fac = min(10, max(0.2, 0.9*math.Pow(err, -0.2)))
		}
		if err > 1 {
			tw.h = h * min(1, fac)
			continue
		}
		for i := range n {
			diff := y1[i] - y[i]
			bspl := h*k1[i] - diff
			tw.rc[0][i] = y[i]
			tw.rc[1][i] = diff
			tw.rc[2][i] = bspl
			tw.rc[3][i] = diff - h*k7[i] - bspl
			tw.rc[4][i] = h * (dpD1*k1[i] + dpD3*k3[i] + dpD4*k4[i] + dpD5*k5[i] + dpD6*k6[i] + dpD7*k7[i])
		}
		tw.t0, tw.hl, tw.dense = tw.t, h, true
		tw.t += h
		tw.y, tw.k = y1, k7
		tw.h = h * fac
		tw.Steps++
		return true
	}
}

// TrueEnergy is the energy of the continuous motion, ½m|v|² + f for a law
// with mass and f for the massless one: the heavy ball's ODE keeps it
// exactly, the damped one loses it at the rate ε|v|².
func (l Law) TrueEnergy(land *landscapes.Landscape, s State) float64 {
	f := land.F(s.Pos)
	if l.FirstOrder() {
		return f
	}
	return 0.5*l.Mass*s.Vel.Dot(s.Vel) + f
}

// AppendTwinCSV appends the twin's row at step `step` (time t) in the
// columns of AppendCSV, named after method m with "-ode" appended: the
// position, the ODE's own velocity x'(t), f, and the true energy of the
// continuous motion (TrueEnergy), which the heavy ball's ODE keeps
// exactly and the damped one dissipates. ok is false, and nothing is
// appended, once the twin has failed before t.
func (tw *Twin) AppendTwinCSV(b []byte, m Method, step int, t float64) ([]byte, bool) {
	s, ok := tw.At(t)
	if !ok {
		return b, false
	}
	b = append(b, m.Name()...)
	b = append(b, "-ode,"...)
	b = strconv.AppendInt(b, int64(step), 10)
	for _, v := range [...]float64{s.Pos.X, s.Pos.Y, s.Vel.X, s.Vel.Y, tw.land.F(s.Pos), tw.law.TrueEnergy(tw.land, s)} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return append(b, '\n'), true
}
