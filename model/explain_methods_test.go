package model

import (
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// explainFlat is the whole explain page of the model, its words joined by
// single spaces (lines wrap anywhere).
func explainFlat(t *testing.T, m *Model) string {
	t.Helper()
	m.SetSize(120, 40)
	all := strings.Join(explainAll(t, m, 120, 40), "\n")
	press(m, "esc")
	return strings.Join(strings.Fields(all), " ")
}

// minus writes a negative number's sign as the page does, −.
func minus(s string) string { return strings.Replace(s, "-", "−", 1) }

// ravineGrad is ∇f of the ravine, f = (x² + 20y²)/2, worked out here.
func ravineGrad(x, y float64) (float64, float64) { return x, 20 * y }

// Nesterov's page gives its own limit, rates, rule and energy: values
// worked out here from its characteristic polynomial
// z² − (1+μ)(1−ηλ)z + μ(1−ηλ) and from its state.
func TestExplainNesterovIsItsOwn(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Nesterov)
	m.Advance(3)
	p := m.tuning.For(sim.Nesterov)
	eta, mu := p.Dt*p.Dt/p.Mass, 1-p.Dt*p.Friction/p.Mass
	rate := func(s float64) float64 {
		a, b := complex((1+mu)*(1-s), 0), complex(mu*(1-s), 0)
		d := cmplx.Sqrt(a*a - 4*b)
		return max(cmplx.Abs((a+d)/2), cmplx.Abs((a-d)/2))
	}
	r := m.racers[0]
	w := r.p.Mem.Buf
	flat := explainFlat(t, m)
	for _, s := range []string{
		"2(1+μ)/(1+2μ) = " + num(2*(1+mu)/(1+2*mu)),
		"predicted from ηλ and μ: " + num(rate(eta*1)) + " and " + num(rate(eta*20)),
		"shrinking by √(μ(1−ηλ)) a step",
		"ηλ = ((1−μ)/(1+μ))² and ηλ = 1",
		"w ← " + num(mu) + "·w − " + num(p.Dt/p.Mass) + "·∇f",
		"x ← x + " + num(p.Dt) + "·d",
		"½m|w|² + f the ball's kinetic energy, from its own velocity w, plus f: " + num(0.5*p.Mass*(w.X*w.X+w.Y*w.Y)+r.p.F),
		"|w| = " + num(math.Hypot(w.X, w.Y)),
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("nesterov: %q missing", s)
		}
	}
	for _, s := range []string{"2(1+μ) = ", "by √μ", "Ẽ", "α, β", "undamped", "v ← "} {
		if strings.Contains(flat, s) {
			t.Errorf("nesterov: %q is the damped ball's, not Nesterov's", s)
		}
	}
}

// The adaptive methods have no linear rate: their pages say so and show
// each coordinate's learning rate and last move, worked out here by
// running PyTorch's update rules by hand from the same start.
func TestExplainAdaptiveIsItsOwn(t *testing.T) {
	for _, meth := range []sim.Method{sim.Adam, sim.RMSprop, sim.Adagrad} {
		m := newTestModel(t, "ravine", meth)
		start := m.racers[0].p.Pos
		const steps = 3
		m.Advance(steps)
		p := m.tuning.For(meth)
		eta, mu := p.Dt*p.Dt/p.Mass, 1-p.Dt*p.Friction/p.Mass
		x, y := start.X, start.Y
		var mx, my, vx, vy, bx, by, lx, ly, dx, dy float64
		for k := 1; k <= steps; k++ {
			gx, gy := ravineGrad(x, y)
			switch meth {
			case sim.Adam:
				b2, d := sim.DefaultBeta2, sim.DefaultAdamEps
				mx, my = mu*mx+(1-mu)*gx, mu*my+(1-mu)*gy
				vx, vy = b2*vx+(1-b2)*gx*gx, b2*vy+(1-b2)*gy*gy
				c2 := 1 - math.Pow(b2, float64(k))
				lx, ly = eta/(math.Sqrt(vx/c2)+d), eta/(math.Sqrt(vy/c2)+d)
				c1 := 1 - math.Pow(mu, float64(k))
				dx, dy = -lx*mx/c1, -ly*my/c1
			case sim.RMSprop:
				a, d := sim.DefaultRMSAlpha, sim.DefaultRMSEps
				vx, vy = a*vx+(1-a)*gx*gx, a*vy+(1-a)*gy*gy
				bx, by = mu*bx+gx/(math.Sqrt(vx)+d), mu*by+gy/(math.Sqrt(vy)+d)
				lx, ly = eta/(math.Sqrt(vx)+d), eta/(math.Sqrt(vy)+d)
				dx, dy = -eta*bx, -eta*by
			case sim.Adagrad:
				eta = p.Dt / p.Friction
				d := sim.DefaultAdagradEps
				vx, vy = vx+gx*gx, vy+gy*gy
				lx, ly = eta/(math.Sqrt(vx)+d), eta/(math.Sqrt(vy)+d)
				dx, dy = -lx*gx, -ly*gy
			}
			x, y = x+dx, y+dy
		}
		if got := m.racers[0].p.Pos; math.Abs(got.X-x) > 1e-12 || math.Abs(got.Y-y) > 1e-12 {
			t.Fatalf("%s: at (%v, %v), the rule by hand at (%v, %v)", meth.Name(), got.X, got.Y, x, y)
		}
		m.SetSize(120, 40)
		view := m.View()
		gathered := map[sim.Method]string{sim.Adam: "averaged with memory β₂:", sim.RMSprop: "averaged with memory α:", sim.Adagrad: "summed since the start:"}[meth]
		for _, s := range []string{"lr x " + num(lx) + "  y " + num(ly), "moved Δx " + num(dx) + "  Δy " + num(dy), gathered} {
			if !strings.Contains(view, s) {
				t.Errorf("%s: panel: %q missing\n%s", meth.Name(), s, view)
			}
		}
		flat := explainFlat(t, m)
		want := []string{
			"no linear rate", "do not apply",
			num(lx) + " along x and " + num(ly) + " along y",
			"Δx = " + minus(num(dx)) + " and Δy = " + minus(num(dy)),
			"learning rate over y's, " + num(lx/ly),
		}
		if meth.HasMass() {
			want = append(want, "the energy shown is f alone, "+num(m.racers[0].p.F), "η = Δt²/m = "+num(eta))
		} else {
			want = append(want, "just f = "+num(m.racers[0].p.F), "η = Δt/ε = "+num(eta),
				"|v| = "+num(math.Hypot(dx, dy)/p.Dt), "x ← x − "+num(eta)+"·∇f/(√s + δ)")
		}
		for _, s := range want {
			if !strings.Contains(flat, s) {
				t.Errorf("%s: %q missing\n%s", meth.Name(), s, flat)
			}
		}
		// lx, ly are the rates the last step used. The next step's adds the
		// slope here first: for Adagrad, whose sum only grows, it is
		// smaller, so the page must not call lx the rate "now".
		if meth == sim.Adagrad {
			gx, _ := ravineGrad(x, y)
			if next := eta / (math.Sqrt(vx+gx*gx) + sim.DefaultAdagradEps); !(next < lx*0.99) {
				t.Errorf("adagrad: next step's lr x %v, last step's %v: expected it to shrink", next, lx)
			}
		}
		if !strings.Contains(flat, "learning rate in the last step") {
			t.Errorf("%s: the page does not say lr x, y is the last step's\n%s", meth.Name(), flat)
		}
		for _, s := range []string{"NaN", "2(1+μ)", "/limit", "Ẽ", "gradient descent.", "v = −∇f/ε", "x ← x + ", "learning rate now"} {
			if strings.Contains(flat, s) {
				t.Errorf("%s: %q on the page", meth.Name(), s)
			}
		}
	}
}

// What the page says of α, β and the rule matches what the panel shows,
// for every method: the EMA line where the panel has one, and the panel's
// own rule lines.
func TestExplainMatchesThePanel(t *testing.T) {
	for _, meth := range sim.Methods {
		m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", meth.Name())
		m.SetSize(160, 60)
		m.Advance(3)
		view := m.View()
		flat := explainFlat(t, m)
		if strings.Contains(view, "EMA") != strings.Contains(flat, "α, β") {
			t.Errorf("%s: panel EMA %v, page α, β %v", meth.Name(), strings.Contains(view, "EMA"), strings.Contains(flat, "α, β"))
		}
		var pn panel
		pn.styles = m.styles
		pn.text.setSize(40, 100)
		pn.text.reset()
		pn.panelRule(&pn.text, meth, m.tuning.For(meth))
		for i := range pn.text.ends {
			start := 0
			if i > 0 {
				start = pn.text.ends[i-1]
			}
			line := strings.Join(strings.Fields(string(pn.text.buf[start:pn.text.ends[i]])), " ")
			if !strings.Contains(view, strings.TrimSpace(string(pn.text.buf[start:pn.text.ends[i]]))) {
				t.Errorf("%s: rule line %q not in the panel", meth.Name(), line)
			}
			if !strings.Contains(flat, line) {
				t.Errorf("%s: rule line %q not on the page", meth.Name(), line)
			}
		}
	}
}

// The heavy ball ignores ε: its μ is 1 whatever ε says, and the page does
// not claim μ = 1 − Δtε/m (which at its ε would not be 1).
func TestExplainHeavyIgnoresFriction(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Heavy)
	p := m.tuning.For(sim.Heavy)
	if 1-p.Dt*p.Friction/p.Mass == 1 {
		t.Fatalf("the test needs ε > 0, has %v", p.Friction)
	}
	flat := explainFlat(t, m)
	if !strings.Contains(flat, "ignores ε") || !strings.Contains(flat, "so μ = 1.") || strings.Contains(flat, "1 − Δtε/m") {
		t.Errorf("heavy: μ explained wrong:\n%s", flat)
	}
}

// Key k's note names the direction it makes critical: the flattest while
// η is at most Polyak's, the stiff one past it (μ = (√(ηλ₂) − 1)²).
func TestExplainCriticalNamesItsDirection(t *testing.T) {
	for _, c := range []struct {
		args  []string
		which string
		mu    func(eta float64) float64
	}{
		{nil, "flattest direction critical", func(eta float64) float64 { return math.Pow(1-math.Sqrt(eta*1), 2) }},
		{[]string{"--lr", "0.15", "--momentum", "0.5"}, "stiff direction critical", func(eta float64) float64 { return math.Pow(math.Sqrt(eta*20)-1, 2) }},
	} {
		m := newSim(t, NewStyles(termenv.Ascii, true), append([]string{"--landscape", "ravine"}, c.args...)...)
		eta, _ := m.tuning.Knobs()
		flat := explainFlat(t, m)
		if want := c.which; !strings.Contains(flat, want) {
			t.Errorf("%v: %q missing", c.args, want)
		}
		if want := "μ " + num(c.mu(eta)); !strings.Contains(flat, want) {
			t.Errorf("%v: %q missing", c.args, want)
		}
	}
}

// The ghost of a method with no single ODE is not drawn, and the page says
// so instead of describing ◌.
func TestExplainGhostNone(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Nesterov)
	press(m, "h")
	m.Advance(5)
	if !m.ghost {
		t.Skip("no ghost key")
	}
	flat := explainFlat(t, m)
	if !strings.Contains(flat, "none is drawn") || strings.Contains(flat, "drawn as ◌") {
		t.Errorf("nesterov ghost:\n%s", flat)
	}
}
