package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// cli runs the command as main would and returns what it wrote and its exit
// status. A panic fails the test with the arguments that caused it.
func cli(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("momentum %q panicked: %v", args, r)
			}
		}()
		err := run(args, strings.NewReader(""), &out, &errb)
		code = exitCode(err, &errb)
	}()
	return out.String(), errb.String(), code
}

// row is one parsed CSV row; fields keeps the text as printed.
type row struct {
	method          string
	step            int
	x, y, vx, vy, f float64
	energy          float64
	fields          []string
	pos, vel        landscapes.Vec
	line            string
}

const header = "method,step,x,y,vx,vy,f,energy"

// parseCSV checks the header, the shortest round-trip form of every number
// and that every number is finite, and returns the rows.
func parseCSV(t *testing.T, out string) []row {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end in a newline: %q", tail(out))
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != header {
		t.Fatalf("header = %q, want %q", lines[0], header)
	}
	var rows []row
	for _, line := range lines[1:] {
		fs := strings.Split(line, ",")
		if len(fs) != 8 {
			t.Fatalf("row %q has %d fields, want 8", line, len(fs))
		}
		r := row{method: fs[0], fields: fs, line: line}
		var err error
		if r.step, err = strconv.Atoi(fs[1]); err != nil || strconv.Itoa(r.step) != fs[1] {
			t.Fatalf("row %q: step %q is not a plain integer", line, fs[1])
		}
		vals := make([]float64, 6)
		for i, s := range fs[2:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("row %q: %q is not a number: %v", line, s, err)
			}
			if (math.IsNaN(v) || math.IsInf(v, 0)) && (i != 5 || !huge(vals[:5])) {
				t.Fatalf("row %q: %q is not finite", line, s)
			}
			if want := strconv.FormatFloat(v, 'g', -1, 64); s != want {
				t.Fatalf("row %q: %q is not the shortest round-trip form %q", line, s, want)
			}
			vals[i] = v
		}
		r.x, r.y, r.vx, r.vy, r.f, r.energy = vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]
		r.pos, r.vel = landscapes.Vec{X: r.x, Y: r.y}, landscapes.Vec{X: r.vx, Y: r.vy}
		rows = append(rows, r)
	}
	return rows
}

// huge reports whether a row's numbers are so large that the energy, which
// adds squares of them, may overflow: only then may it be ±Inf or NaN.
func huge(vals []float64) bool {
	for _, v := range vals {
		if math.Abs(v) > 1e100 {
			return true
		}
	}
	return false
}

func tail(s string) string {
	if len(s) > 200 {
		return "…" + s[len(s)-200:]
	}
	return s
}

// byMethod splits rows into per-method blocks in the order they appear.
func byMethod(rows []row) (order []string, blocks map[string][]row) {
	blocks = map[string][]row{}
	for _, r := range rows {
		if _, ok := blocks[r.method]; !ok {
			order = append(order, r.method)
		}
		blocks[r.method] = append(blocks[r.method], r)
	}
	return order, blocks
}

func mustLand(t testing.TB, name string) *landscapes.Landscape {
	t.Helper()
	l, err := landscapes.ByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// coeffs are the step coefficients from the physics, written out here
// rather than taken from sim: flow v = −∇f/ε; heavy v ← v − (Δt/m)∇f;
// damped v ← (1 − Δtε/m)v − (Δt/m)∇f; then x ← x + Δt·v.
func coeffs(method string, dt, m, eps float64) (a, b float64) {
	switch method {
	case "flow":
		return 0, 1 / eps
	case "heavy":
		return 1, dt / m
	case "damped":
		return 1 - dt*eps/m, dt / m
	}
	panic(method)
}

// near reports whether got is within a few rounding errors of want, where
// scale is the size of the terms that were summed to make want.
func near(got, want, scale float64) bool {
	return math.Abs(got-want) <= 1e-14*scale+1e-300
}

// checkPhysics checks rows printed with --every 1 step by step against the
// symplectic Euler law, from each row to the next.
func checkPhysics(t *testing.T, l *landscapes.Landscape, start landscapes.Vec, rows []row, dt, m, eps float64) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	r0 := rows[0]
	if r0.step != 0 || r0.pos != start || r0.vx != 0 || r0.vy != 0 {
		t.Fatalf("%s: first row %q, want step 0 at the start %v at rest", r0.method, r0.line, start)
	}
	a, b := coeffs(r0.method, dt, m, eps)
	for k, r := range rows {
		if r.step != k {
			t.Fatalf("%s: row %d is step %d, want %d", r.method, k, r.step, k)
		}
		if f := l.F(r.pos); r.f != f {
			t.Fatalf("%s step %d: f = %v, want f(%v) = %v", r.method, k, r.f, r.pos, f)
		}
		if k == 0 {
			continue
		}
		p := rows[k-1]
		g := l.Grad(p.pos)
		// The velocity of step k follows from the previous state...
		wantV := landscapes.Vec{X: a*p.vx - b*g.X, Y: a*p.vy - b*g.Y}
		if !near(r.vx, wantV.X, math.Abs(a*p.vx)+math.Abs(b*g.X)) ||
			!near(r.vy, wantV.Y, math.Abs(a*p.vy)+math.Abs(b*g.Y)) {
			t.Fatalf("%s step %d: v = %v, want A·v − B·∇f = %v", r.method, k, r.vel, wantV)
		}
		if r.method == "flow" && (!near(r.vx, -g.X/eps, math.Abs(g.X/eps)) || !near(r.vy, -g.Y/eps, math.Abs(g.Y/eps))) {
			t.Fatalf("flow step %d: v = %v, want the terminal velocity −∇f(x_%d)/ε = %v", k, r.vel, k-1, g.Scale(-1/eps))
		}
		if r.method == "flow" && r.energy != r.f {
			t.Fatalf("flow step %d: energy %v, want f = %v (no mass, no kinetic energy)", k, r.energy, r.f)
		}
		// ...and is the velocity Δx/Δt of the step: x_k − x_{k−1} = Δt·v_k.
		if !near(r.x, p.x+dt*r.vx, math.Abs(p.x)+math.Abs(dt*r.vx)) ||
			!near(r.y, p.y+dt*r.vy, math.Abs(p.y)+math.Abs(dt*r.vy)) {
			t.Fatalf("%s step %d: x = %v, want x_%d + Δt·v_%d = %v", r.method, k, r.pos, k-1, k,
				landscapes.Vec{X: p.x + dt*r.vx, Y: p.y + dt*r.vy})
		}
	}
}

// expected computes a trajectory with sim.System.Advance, one step at a
// time, independently of the CSV code, and formats the rows it should print.
func expected(l *landscapes.Landscape, m sim.Method, params sim.Params, start landscapes.Vec, steps, every int) (rows []string, diverged int) {
	sys := sim.System{Land: l, Method: m, Params: params}
	p := sim.NewParticle(l, start)
	format := func(p *sim.Particle) string {
		s := []string{m.Name(), strconv.Itoa(p.Step)}
		for _, v := range []float64{p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y, p.F, sim.Energy(l, m, params, p)} {
			s = append(s, strconv.FormatFloat(v, 'g', -1, 64))
		}
		return strings.Join(s, ",")
	}
	rows = append(rows, format(&p))
	for k := 1; k <= steps; k++ {
		if sys.Advance(&p, 1) != 1 {
			if last := rows[len(rows)-1]; !strings.HasPrefix(last, m.Name()+","+strconv.Itoa(p.Step)+",") {
				rows = append(rows, format(&p))
			}
			return rows, k
		}
		if k%every == 0 || k == steps {
			rows = append(rows, format(&p))
		}
	}
	return rows, 0
}

func TestRunDefaults(t *testing.T) {
	out, errs, code := cli(t, "run")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	rows := parseCSV(t, out)
	l := mustLand(t, "rosenbrock")
	if len(rows) != 101 {
		t.Fatalf("%d rows, want 101 (steps 0..100 by default)", len(rows))
	}
	for _, r := range rows {
		if r.method != "damped" {
			t.Fatalf("default method: row %q, want damped", r.line)
		}
	}
	checkPhysics(t, l, l.Start, rows, l.Dt, l.Mass, l.Friction)
}

// Every method, several landscapes, physical and optimizer parameters: the
// CSV equals what sim computes and obeys the step law row by row.
func TestRunTrajectories(t *testing.T) {
	cases := []struct {
		land, method string
		extra        []string
		dt, m, eps   float64 // what the run must use; 0 means the landscape default
	}{
		{land: "bowl", method: "flow"},
		{land: "bowl", method: "heavy"},
		{land: "bowl", method: "damped"},
		{land: "ravine", method: "flow,heavy,damped"},
		{land: "rosenbrock", method: "damped,flow"},
		{land: "himmelblau", method: "heavy", extra: []string{"--start", "1.5,-2"}},
		{land: "beale", method: "damped", extra: []string{"--dt", "0.002", "--mass", "0.3", "--friction", "2"}, dt: 0.002, m: 0.3, eps: 2},
		{land: "camel", method: "heavy,flow", extra: []string{"--dt", "0.01"}, dt: 0.01},
		{land: "rastrigin", method: "damped", extra: []string{"--friction", "0"}, eps: -1},
		{land: "saddle", method: "flow", extra: []string{"--dt", "0.15"}, dt: 0.15},
		{land: "plateau", method: "damped,heavy", extra: []string{"--mass", "2.5"}, m: 2.5},
	}
	for _, c := range cases {
		t.Run(c.land+"/"+c.method, func(t *testing.T) {
			l := mustLand(t, c.land)
			dt, m, eps := l.Dt, l.Mass, l.Friction
			if c.dt != 0 {
				dt = c.dt
			}
			if c.m != 0 {
				m = c.m
			}
			switch {
			case c.eps < 0:
				eps = 0
			case c.eps != 0:
				eps = c.eps
			}
			start := l.Start
			for i, a := range c.extra {
				if a == "--start" {
					p, err := parseVecForTest(c.extra[i+1])
					if err != nil {
						t.Fatal(err)
					}
					start = p
				}
			}
			const steps = 300
			args := append([]string{"run", "--landscape", c.land, "--method", c.method, "--steps", strconv.Itoa(steps)}, c.extra...)
			out, errs, code := cli(t, args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			order, blocks := byMethod(parseCSV(t, out))
			if got := strings.Join(order, ","); got != c.method {
				t.Fatalf("methods in order %q, want %q (one after the other)", got, c.method)
			}
			// Each method runs as one contiguous block.
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:]
			var want []string
			for _, name := range order {
				meth, err := sim.ParseMethod(name)
				if err != nil {
					t.Fatal(err)
				}
				rows := blocks[name]
				checkPhysics(t, l, start, rows, dt, m, eps)
				exp, div := expected(l, meth, sim.Params{Dt: dt, Mass: m, Friction: eps}, start, steps, 1)
				if div != 0 {
					t.Fatalf("%s diverged at %d with default-ish parameters; pick another case", name, div)
				}
				if len(rows) != steps+1 {
					t.Fatalf("%s: %d rows, want %d", name, len(rows), steps+1)
				}
				want = append(want, exp...)
			}
			for i := range want {
				if lines[i] != want[i] {
					t.Fatalf("line %d = %q, want %q (from sim.System.Advance)", i+1, lines[i], want[i])
				}
			}
			if errs != "" && !onlyAtRest(errs) {
				t.Fatalf("stderr %q, want nothing but a ball at rest", errs)
			}
		})
	}
}

func parseVecForTest(s string) (landscapes.Vec, error) {
	xs, ys, _ := strings.Cut(s, ",")
	x, err1 := strconv.ParseFloat(xs, 64)
	y, err2 := strconv.ParseFloat(ys, 64)
	if err1 != nil || err2 != nil {
		return landscapes.Vec{}, fmt.Errorf("bad vec %q", s)
	}
	return landscapes.Vec{X: x, Y: y}, nil
}

// Gradient flow on the bowl with Δt/ε = 1/2 halves the position every step:
// x_k = (1 − Δt/ε)^k x_0, exactly in binary for the start (−2.5, 2).
func TestRunFlowBowlClosedForm(t *testing.T) {
	out, errs, code := cli(t, "run", "--landscape", "bowl", "--method", "flow", "--dt", "0.5", "--friction", "1", "--start", "-2.5,2", "--steps", "60")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	rows := parseCSV(t, out)
	if len(rows) != 61 {
		t.Fatalf("%d rows, want 61", len(rows))
	}
	for k, r := range rows {
		s := math.Ldexp(1, -k)
		wx, wy := -2.5*s, 2*s
		if r.x != wx || r.y != wy {
			t.Fatalf("step %d: (%v, %v), want (%v, %v)", k, r.x, r.y, wx, wy)
		}
		if k > 0 && (r.vx != -2*wx || r.vy != -2*wy) { // v = −x_{k−1} = −2x_k
			t.Fatalf("step %d: v = (%v, %v), want −x_{k−1} = (%v, %v)", k, r.vx, r.vy, -2*wx, -2*wy)
		}
		if wf := (wx*wx + wy*wy) / 2; r.f != wf {
			t.Fatalf("step %d: f = %v, want %v", k, r.f, wf)
		}
	}
}

// The heavy ball on the bowl with m = 1 is a harmonic oscillator. Symplectic
// Euler conserves Q = x² + v² − Δt·x·v in each coordinate exactly (in exact
// arithmetic), where v is the velocity that brought the particle to x. The
// explicit Euler energy x² + v² would drift; this checks the step order too.
func TestRunHeavyBowlInvariant(t *testing.T) {
	const dt = 0.1
	out, _, code := cli(t, "run", "--landscape", "bowl", "--method", "heavy", "--dt", "0.1", "--mass", "1", "--steps", "5000", "--every", "7")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows := parseCSV(t, out)
	l := mustLand(t, "bowl")
	q0x, q0y := l.Start.X*l.Start.X, l.Start.Y*l.Start.Y
	for _, r := range rows {
		qx := r.x*r.x + r.vx*r.vx - dt*r.x*r.vx
		qy := r.y*r.y + r.vy*r.vy - dt*r.y*r.vy
		if math.Abs(qx-q0x) > 1e-10 || math.Abs(qy-q0y) > 1e-10 {
			t.Fatalf("step %d: Q = (%v, %v), want the conserved (%v, %v)", r.step, qx, qy, q0x, q0y)
		}
		// The energy column is the shadow energy, which on a quadratic is
		// invariant: (1 + ηλ/6)·½(Qx + Qy) with η = Δt²/m = 0.01, λ = 1.
		if e0 := (1 + dt*dt/6) * (q0x + q0y) / 2; math.Abs(r.energy-e0) > 1e-9*e0 {
			t.Fatalf("step %d: energy %v, want the invariant %v", r.step, r.energy, e0)
		}
	}
	if last := rows[len(rows)-1]; last.step != 5000 {
		t.Fatalf("last row is step %d, want 5000", last.step)
	}
}

// The damped ball is momentum SGD: x_{k+1} = x_k + μ(x_k − x_{k−1}) − η∇f(x_k)
// with η = Δt²/m and μ = 1 − Δtε/m. Checked on positions alone.
func TestRunDampedIsMomentumSGD(t *testing.T) {
	l := mustLand(t, "himmelblau")
	dt, m, eps := 0.01, 0.05, 0.5
	eta, mu := dt*dt/m, 1-dt*eps/m
	out, _, code := cli(t, "run", "--landscape", "himmelblau", "--method", "damped", "--dt", "0.01", "--mass", "0.05", "--friction", "0.5", "--steps", "400")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows := parseCSV(t, out)
	for k := 1; k+1 < len(rows); k++ {
		a, b, c := rows[k-1], rows[k], rows[k+1]
		g := l.Grad(b.pos)
		wx := b.x + mu*(b.x-a.x) - eta*g.X
		wy := b.y + mu*(b.y-a.y) - eta*g.Y
		if math.Abs(c.x-wx) > 1e-12*(1+math.Abs(wx)) || math.Abs(c.y-wy) > 1e-12*(1+math.Abs(wy)) {
			t.Fatalf("step %d: (%v, %v), want momentum SGD (%v, %v)", c.step, c.x, c.y, wx, wy)
		}
	}
}

func TestRunEvery(t *testing.T) {
	cases := []struct{ steps, every int }{
		{10, 3}, {10, 5}, {10, 1}, {10, 10}, {10, 11}, {10, 1000}, {0, 1}, {0, 4}, {1, 1}, {1, 2}, {97, 8},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("steps=%d,every=%d", c.steps, c.every), func(t *testing.T) {
			base := []string{"run", "--landscape", "camel", "--method", "flow,damped", "--steps", strconv.Itoa(c.steps)}
			full, _, code1 := cli(t, base...)
			out, errs, code2 := cli(t, append(base, "--every", strconv.Itoa(c.every))...)
			if code1 != 0 || code2 != 0 || errs != "" {
				t.Fatalf("exit %d/%d, stderr %q", code1, code2, errs)
			}
			_, all := byMethod(parseCSV(t, full))
			order, got := byMethod(parseCSV(t, out))
			if strings.Join(order, ",") != "flow,damped" {
				t.Fatalf("methods %v", order)
			}
			for _, name := range order {
				var want []string
				for k := 0; k <= c.steps; k++ {
					if k%c.every == 0 || k == c.steps {
						want = append(want, all[name][k].line)
					}
				}
				var have []string
				for _, r := range got[name] {
					have = append(have, r.line)
				}
				if strings.Join(have, "\n") != strings.Join(want, "\n") {
					t.Fatalf("%s rows:\n%s\nwant steps 0, every %d-th and %d:\n%s",
						name, strings.Join(have, "\n"), c.every, c.steps, strings.Join(want, "\n"))
				}
			}
		})
	}
}

// divergenceStep predicts the first step whose state is not finite for a
// linear step on the ravine f = (x² + 20y²)/2 started at rest. Along y
// (curvature λ = 20) every method is the recurrence
// y_{k+1} = (1 + μ − s)·y_k − μ·y_{k−1}, y_1 = (1 − s)·y_0, with s = ηλ,
// η = Δt/ε (flow) or Δt²/m, and μ = 0 (flow), 1 (heavy) or 1 − Δtε/m. With
// real roots z1, z2 (|z1| > |z2|), y_k ≈ a·z1^k, a = y_0(1 − s − z2)/(z1 − z2).
// The first number to overflow is f, through 20y², once |y| > √(max/20) —
// long before y itself, at about half the steps.
func divergenceStep(t *testing.T, y0, s, mu float64) float64 {
	p := 1 + mu - s
	disc := p*p - 4*mu
	if disc <= 0 {
		t.Fatalf("complex roots: s=%v μ=%v", s, mu)
	}
	r := math.Sqrt(disc)
	z1, z2 := (p+r)/2, (p-r)/2
	if math.Abs(z2) > math.Abs(z1) {
		z1, z2 = z2, z1
	}
	a := y0 * (1 - s - z2) / (z1 - z2)
	limit := math.Sqrt(math.MaxFloat64 / 20)
	return math.Ceil(math.Log(limit/math.Abs(a)) / math.Log(math.Abs(z1)))
}

func TestRunDivergence(t *testing.T) {
	l := mustLand(t, "ravine")
	y0 := l.Start.Y
	cases := []struct {
		method     string
		dt, m, eps float64
		every      int
		s, mu      float64
	}{
		// flow: s = (Δt/ε)·20; Δt/ε = 1/2 gives y ← −9y.
		{method: "flow", dt: 0.5, m: 1, eps: 1, every: 1, s: 10, mu: 0},
		{method: "flow", dt: 0.5, m: 1, eps: 1, every: 7, s: 10, mu: 0},
		{method: "flow", dt: 1, m: 1, eps: 1, every: 1, s: 20, mu: 0},
		// heavy: s = Δt²·20/m = 5, z1 = (3 + √5)/2.
		{method: "heavy", dt: 0.5, m: 1, eps: 0, every: 1, s: 5, mu: 1},
		{method: "heavy", dt: 0.5, m: 1, eps: 0, every: 10, s: 5, mu: 1},
		// damped: s = 5, μ = 1 − 0.5·0.4/1 = 0.8.
		{method: "damped", dt: 0.5, m: 1, eps: 0.4, every: 3, s: 5, mu: 0.8},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s/dt=%v/every=%d", c.method, c.dt, c.every)
		t.Run(name, func(t *testing.T) {
			theory := divergenceStep(t, y0, c.s, c.mu)
			out, errs, code := cli(t, "run", "--landscape", "ravine", "--method", c.method,
				"--dt", fmt.Sprint(c.dt), "--mass", fmt.Sprint(c.m), "--friction", fmt.Sprint(c.eps),
				"--steps", "100000", "--every", strconv.Itoa(c.every))
			if code != 0 {
				t.Fatalf("exit %d, want 0 for a divergence; stderr %q", code, errs)
			}
			var k int
			if _, err := fmt.Sscanf(errs, "momentum: "+c.method+" diverged at step %d\n", &k); err != nil {
				t.Fatalf("stderr %q, want 'momentum: %s diverged at step K'", errs, c.method)
			}
			if errs != fmt.Sprintf("momentum: %s diverged at step %d\n", c.method, k) {
				t.Fatalf("stderr %q, want exactly one line", errs)
			}
			if math.Abs(float64(k)-theory) > 2 {
				t.Errorf("diverged at step %d, theory says %v (±2)", k, theory)
			}
			rows := parseCSV(t, out) // every row finite
			last := rows[len(rows)-1]
			if last.step != k-1 {
				t.Errorf("last row is step %d, want the last finite step %d", last.step, k-1)
			}
			// Step K itself is not finite: take it from the last finite state.
			a, b := coeffs(c.method, c.dt, c.m, c.eps)
			g := l.Grad(last.pos)
			v := landscapes.Vec{X: a*last.vx - b*g.X, Y: a*last.vy - b*g.Y}
			next := last.pos.Add(v.Scale(c.dt))
			if f := l.F(next); next.IsFinite() && v.IsFinite() && !math.IsNaN(f) && !math.IsInf(f, 0) && l.Grad(next).IsFinite() {
				t.Errorf("step %d from the last row is finite (%v, f = %v); the run stopped early", k, next, f)
			}
			for i, r := range rows {
				if r.step%c.every != 0 && i != len(rows)-1 {
					t.Errorf("row %q is neither a multiple of %d nor the last", r.line, c.every)
				}
			}
		})
	}
}

// Two methods diverging in one run: each says so on its own line, each
// starts at step 0, and the run still exits 0.
func TestRunDivergenceSeveralMethods(t *testing.T) {
	out, errs, code := cli(t, "run", "--landscape", "ravine", "--method", "heavy,flow,damped", "--dt", "1", "--mass", "1", "--friction", "0.1", "--steps", "1000")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	order, blocks := byMethod(parseCSV(t, out))
	if strings.Join(order, ",") != "heavy,flow,damped" {
		t.Fatalf("order %v", order)
	}
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("stderr %q, want one divergence line per method", errs)
	}
	for i, name := range order {
		rows := blocks[name]
		want := fmt.Sprintf("momentum: %s diverged at step %d", name, rows[len(rows)-1].step+1)
		if lines[i] != want {
			t.Errorf("stderr line %d = %q, want %q", i, lines[i], want)
		}
		if rows[0].step != 0 || rows[0].pos != mustLand(t, "ravine").Start {
			t.Errorf("%s does not start at step 0 from the start: %q", name, rows[0].line)
		}
	}
}

// runRows runs args and returns stdout and stderr, failing on a non-zero exit.
func runOK(t *testing.T, args ...string) (string, string) {
	t.Helper()
	out, errs, code := cli(t, args...)
	if code != 0 {
		t.Fatalf("momentum %q: exit %d, stderr %q", args, code, errs)
	}
	parseCSV(t, out)
	return out, errs
}

// The optimizer view is the physical view with Δt = 1, m = 1/η, ε = (1−μ)/η
// for every method; μ is 0 unless --momentum says otherwise.
func TestRunOptimizerView(t *testing.T) {
	t.Run("spec example", func(t *testing.T) {
		for _, land := range []string{"rosenbrock", "bowl", "ravine"} {
			a, ae := runOK(t, "run", "--landscape", land, "--method", "damped", "--lr", "0.01", "--momentum", "0.9")
			b, be := runOK(t, "run", "--landscape", land, "--method", "damped", "--dt", "1", "--mass", "100", "--friction", "10")
			if a != b || ae != be {
				t.Errorf("%s: --lr 0.01 --momentum 0.9 differs from --dt 1 --mass 100 --friction 10:\n%s\nvs\n%s", land, tail(a), tail(b))
			}
		}
	})
	ff := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	cases := []struct {
		land, method string
		lr, mu       float64
		phys         []string // the same run in the physical view
	}{
		{"bowl", "flow", 0.3, 0, []string{"--dt", "1", "--mass", ff(1 / 0.3), "--friction", ff(1 / 0.3)}},
		{"rosenbrock", "flow", 1e-3, 0.5, []string{"--dt", "1", "--mass", ff(1 / 1e-3), "--friction", ff((1 - 0.5) / 1e-3)}},
		{"bowl", "heavy", 0.25, 0, []string{"--dt", "1", "--mass", "4"}},
		{"himmelblau", "heavy", 1e-3, 0, []string{"--dt", "1", "--mass", ff(1 / 1e-3)}},
		{"camel", "damped", 0.02, 0.5, []string{"--dt", "1", "--mass", ff(1 / 0.02), "--friction", ff((1 - 0.5) / 0.02)}},
		{"bowl", "damped", 0.5, 0, []string{"--dt", "1", "--mass", "2", "--friction", "2"}},
	}
	for _, c := range cases {
		t.Run(c.land+"/"+c.method, func(t *testing.T) {
			args := []string{"run", "--landscape", c.land, "--method", c.method, "--steps", "200", "--lr", ff(c.lr)}
			if c.mu != 0 {
				args = append(args, "--momentum", ff(c.mu))
			}
			a, _ := runOK(t, args...)
			b, _ := runOK(t, append([]string{"run", "--landscape", c.land, "--method", c.method, "--steps", "200"}, c.phys...)...)
			if a != b {
				t.Errorf("optimizer view %q differs from physical view %q", args, c.phys)
			}
		})
	}
	// One --lr gives each method of a list its own physical parameters.
	t.Run("list", func(t *testing.T) {
		l := mustLand(t, "bowl")
		out, _ := runOK(t, "run", "--landscape", "bowl", "--method", "flow,heavy,damped", "--lr", "0.25", "--momentum", "0.5", "--steps", "50")
		_, blocks := byMethod(parseCSV(t, out))
		checkPhysics(t, l, l.Start, blocks["flow"], 1, 4, 2)
		checkPhysics(t, l, l.Start, blocks["heavy"], 1, 4, 0)
		checkPhysics(t, l, l.Start, blocks["damped"], 1, 4, 2)
	})
}

// Flow in the optimizer view is gradient descent at the effective step
// η/(1 − μ), and with --lr alone at η: on the bowl x ← x − η'·x.
func TestRunFlowOptimizerIsGradientDescent(t *testing.T) {
	for _, c := range []struct {
		args []string
		step float64
	}{
		{[]string{"--lr", "0.25", "--momentum", "0.5"}, 0.5},
		{[]string{"--lr", "0.25"}, 0.25},
	} {
		out, _ := runOK(t, append([]string{"run", "--landscape", "bowl", "--method", "flow", "--start", "-2.5,2", "--steps", "40"}, c.args...)...)
		x := landscapes.Vec{X: -2.5, Y: 2}
		for k, r := range parseCSV(t, out) {
			if r.pos != x {
				t.Fatalf("%q step %d: %v, want gradient descent at %v: %v", c.args, k, r.pos, c.step, x)
			}
			x = x.Sub(x.Scale(c.step)) // ∇f = x on the bowl
		}
	}
}

func TestRunHelp(t *testing.T) {
	for _, h := range []string{"--help", "-h", "-help"} {
		out, errs, code := cli(t, "run", h)
		if code != 0 || errs != "" {
			t.Errorf("run %s: exit %d, stderr %q; want 0 and nothing", h, code, errs)
		}
		if !strings.Contains(out, "usage: momentum run") {
			t.Errorf("run %s: stdout has no usage line:\n%s", h, out)
		}
		for _, f := range []string{"landscape", "method", "start", "dt", "mass", "friction", "lr", "momentum", "steps", "every"} {
			if !strings.Contains(out, "-"+f+" ") {
				t.Errorf("run %s: usage does not mention -%s", h, f)
			}
		}
	}
}

// badInput lists inputs that must fail with status 2 and one line naming
// the flag, the value and what is accepted.
var badRunInput = []struct {
	name string
	args []string
	want []string // all must appear in the one stderr line
}{
	{"unknown landscape", []string{"--landscape", "moon"}, append([]string{"--landscape", `"moon"`}, landscapes.Names()...)},
	{"empty landscape", []string{"--landscape", ""}, []string{"--landscape", `""`, "rosenbrock"}},
	{"unknown method", []string{"--method", "lion"}, []string{"--method", `"lion"`, "flow", "heavy", "damped", "nesterov", "adam"}},
	{"unknown method in list", []string{"--method", "flow,lbfgs"}, []string{"--method", `"lbfgs"`, "flow, heavy, damped, nesterov, adam"}},
	{"empty method", []string{"--method", ""}, []string{"--method", `""`, "flow, heavy, damped"}},
	{"trailing comma", []string{"--method", "flow,"}, []string{"--method", `""`, "flow, heavy, damped"}},
	{"method twice", []string{"--method", "flow,flow"}, []string{"--method", `"flow"`, "once"}},
	{"unknown flag", []string{"--speed", "3"}, []string{"--speed", "--help"}},
	{"unknown flag with =", []string{"--steps=3", "--color=red"}, []string{"--color", "--help"}},
	{"start one number", []string{"--start", "1"}, []string{"--start", `"1"`, "x,y"}},
	{"start words", []string{"--start", "a,b"}, []string{"--start", `"a,b"`, "x,y"}},
	{"start three numbers", []string{"--start", "1,2,3"}, []string{"--start", `"1,2,3"`, "x,y"}},
	{"start empty", []string{"--start", ""}, []string{"--start", `""`, "x,y"}},
	{"start semicolon", []string{"--start", "1;2"}, []string{"--start", `"1;2"`, "x,y"}},
	{"start NaN", []string{"--start", "1,NaN"}, []string{"--start", `"1,NaN"`, "finite"}},
	{"start Inf", []string{"--start", "Inf,0"}, []string{"--start", `"Inf,0"`, "finite"}},
	{"start -Inf", []string{"--start", "0,-Inf"}, []string{"--start", `"0,-Inf"`, "finite"}},
	{"start f overflows", []string{"--landscape", "bowl", "--start", "1e200,1e200"}, []string{"--start", "1e+200", "finite"}},
	{"dt NaN", []string{"--dt", "NaN"}, []string{"--dt", `"NaN"`, "finite"}},
	{"dt nan", []string{"--dt", "nan"}, []string{"--dt", `"nan"`, "finite"}},
	{"dt Inf", []string{"--dt", "Inf"}, []string{"--dt", `"Inf"`, "finite"}},
	{"dt -Inf", []string{"--dt", "-Inf"}, []string{"--dt", `"-Inf"`, "finite"}},
	{"dt +Inf", []string{"--dt", "+Inf"}, []string{"--dt", `"+Inf"`, "finite"}},
	{"dt overflow", []string{"--dt", "1e400"}, []string{"--dt", `"1e400"`, "finite"}},
	{"dt word", []string{"--dt", "fast"}, []string{"--dt", `"fast"`, "finite number"}},
	{"dt 0", []string{"--dt", "0"}, []string{"--dt", "0", "> 0"}},
	{"dt -0", []string{"--dt", "-0"}, []string{"--dt", "-0", "> 0"}},
	{"dt negative", []string{"--dt", "-0.1"}, []string{"--dt", "-0.1", "> 0"}},
	{"mass NaN", []string{"--mass", "NaN"}, []string{"--mass", `"NaN"`, "finite"}},
	{"mass Inf", []string{"--mass", "Inf"}, []string{"--mass", `"Inf"`, "finite"}},
	{"mass 0", []string{"--mass", "0"}, []string{"--mass", "0", "> 0"}},
	{"mass negative", []string{"--mass", "-2"}, []string{"--mass", "-2", "> 0"}},
	{"friction NaN", []string{"--friction", "NaN"}, []string{"--friction", `"NaN"`, "finite"}},
	{"friction Inf", []string{"--friction", "Inf"}, []string{"--friction", `"Inf"`, "finite"}},
	{"friction negative", []string{"--friction", "-0.5"}, []string{"--friction", "-0.5", "≥ 0"}},
	{"lr NaN", []string{"--lr", "NaN"}, []string{"--lr", `"NaN"`, "finite"}},
	{"lr Inf", []string{"--lr", "Inf"}, []string{"--lr", `"Inf"`, "finite"}},
	{"lr 0", []string{"--lr", "0"}, []string{"--lr", "0", "> 0"}},
	{"lr negative", []string{"--lr", "-0.01"}, []string{"--lr", "-0.01", "> 0"}},
	// 1/η overflows: the mass would be +Inf and the damped step NaN.
	{"lr too small for a mass", []string{"--lr", "1e-320", "--method", "heavy,damped"}, []string{"--lr", "1e-320", "> 0"}},
	{"momentum NaN", []string{"--momentum", "NaN"}, []string{"--momentum", `"NaN"`, "finite"}},
	{"momentum Inf", []string{"--momentum", "-Inf"}, []string{"--momentum", `"-Inf"`, "finite"}},
	{"momentum 1", []string{"--momentum", "1"}, []string{"--momentum", "1", "[0, 1)"}},
	{"momentum above 1", []string{"--momentum", "1.5"}, []string{"--momentum", "1.5", "[0, 1)"}},
	{"momentum negative", []string{"--momentum", "-0.1"}, []string{"--momentum", "-0.1", "[0, 1)"}},
	{"momentum with heavy", []string{"--method", "heavy", "--lr", "0.1", "--momentum", "0.5"}, []string{"--momentum", "0.5", "μ = 1", "damped or flow"}},
	{"flow without friction", []string{"--method", "flow", "--friction", "0"}, []string{"--friction", "0", "flow", "massless", "ε > 0"}},
	{"flow without friction in a list", []string{"--method", "heavy,flow", "--friction", "0"}, []string{"--friction", "0", "flow", "ε > 0"}},
	{"friction reverses the velocity", []string{"--dt", "0.1", "--mass", "0.1", "--friction", "1.5"},
		[]string{"--friction: 1.5 is too much for Δt 0.1 and m 0.1: Δt·ε/m = 1.5 > 1 would reverse the velocity each step (μ = 1 − Δt·ε/m must be ≥ 0); want ε ≤ m/Δt = 1"}},
	{"friction reverses the heavy ball's velocity too", []string{"--method", "heavy", "--dt", "0.2", "--mass", "0.1", "--friction", "1"}, []string{"--friction", "too much", "ε ≤ m/Δt = 0.5"}},
	{"lr with dt", []string{"--lr", "0.1", "--dt", "0.1"}, []string{"--lr", "--dt", "one or the other"}},
	{"momentum with mass", []string{"--momentum", "0.5", "--mass", "1"}, []string{"--momentum", "--mass", "one or the other"}},
	{"lr with friction", []string{"--friction", "0", "--lr", "0.1"}, []string{"--lr", "--friction", "one or the other"}},
	{"steps negative", []string{"--steps", "-1"}, []string{"--steps", `"-1"`, "≥ 0"}},
	{"steps word", []string{"--steps", "many"}, []string{"--steps", `"many"`, "whole number"}},
	{"steps fraction", []string{"--steps", "1.5"}, []string{"--steps", `"1.5"`, "whole number"}},
	{"steps NaN", []string{"--steps", "NaN"}, []string{"--steps", `"NaN"`, "whole number"}},
	{"steps too big", []string{"--steps", "99999999999999999999"}, []string{"--steps", `"99999999999999999999"`, "whole number"}},
	{"every 0", []string{"--every", "0"}, []string{"--every", `"0"`, "≥ 1"}},
	{"every negative", []string{"--every", "-3"}, []string{"--every", `"-3"`, "≥ 1"}},
	{"every Inf", []string{"--every", "Inf"}, []string{"--every", `"Inf"`, "≥ 1"}},
	{"positional", []string{"extra"}, []string{`"extra"`, "only flags"}},
	{"positional after flags", []string{"--steps", "5", "rosenbrock"}, []string{`"rosenbrock"`, "only flags"}},
	{"positional after --", []string{"--", "--steps"}, []string{`"--steps"`, "only flags"}},
	{"dt missing value", []string{"--dt"}, []string{"--dt", "needs a value"}},
	{"landscape missing value", []string{"--landscape"}, []string{"--landscape", "needs a value"}},
	{"steps missing value", []string{"--method", "flow", "--steps"}, []string{"--steps", "needs a value"}},
	{"start missing value", []string{"--start"}, []string{"--start", "needs a value"}},
	{"method missing value", []string{"--method"}, []string{"--method", "needs a value"}},
	{"lr missing value", []string{"--lr"}, []string{"--lr", "needs a value"}},
}

func TestRunBadInput(t *testing.T) {
	for _, c := range badRunInput {
		t.Run(c.name, func(t *testing.T) {
			checkUsageError(t, append([]string{"run"}, c.args...), c.want)
		})
	}
}

func checkUsageError(t *testing.T, args, want []string) {
	t.Helper()
	out, errs, code := cli(t, args...)
	if code != 2 {
		t.Errorf("momentum %q: exit %d, want 2", args, code)
	}
	if out != "" {
		t.Errorf("momentum %q: stdout %q, want nothing", args, tail(out))
	}
	if strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") || !strings.HasPrefix(errs, "momentum: ") {
		t.Fatalf("momentum %q: stderr %q, want exactly one line 'momentum: …'", args, errs)
	}
	for _, w := range want {
		if !strings.Contains(errs, w) {
			t.Errorf("momentum %q: stderr %q does not contain %q", args, errs, w)
		}
	}
}

// Edge values on the allowed side of every bound are accepted.
func TestRunAcceptsBoundaryValues(t *testing.T) {
	for _, args := range [][]string{
		{"--friction", "0"},
		{"--landscape", "bowl", "--dt", "0.1", "--mass", "0.1", "--friction", "1"}, // μ = 0 exactly
		{"--method", "flow", "--momentum", "0.5"},
		{"--momentum", "0"},
		{"--momentum", "0.999999"},
		{"--steps", "0"},
		{"--every", "1"},
		{"--start", " -1.5 , 2 "},
		{"--start", "1e-300,0"},
		{"--dt", "1e-300"},
		{"--method", "damped, flow"},
		{"--lr", "1e-300", "--method", "heavy,damped"},
		{"-dt=0.002", "-steps=3"},
	} {
		out, errs, code := cli(t, append([]string{"run", "--steps", "20"}, args...)...)
		if code != 0 || errs != "" && !onlyAtRest(errs) {
			t.Errorf("run %q: exit %d, stderr %q; want success", args, code, errs)
			continue
		}
		parseCSV(t, out)
	}
}

// FuzzRun: whatever the arguments, run never panics; it either succeeds with
// finite CSV or fails with status 2, one line and nothing on stdout.
func FuzzRun(f *testing.F) {
	for _, c := range badRunInput {
		f.Add(strings.Join(c.args, " "))
	}
	f.Add("--landscape ravine --method flow --dt 1")
	f.Add("--method flow,heavy,damped --lr 0.1 --momentum 0.5 --every 3")
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Fields(s)
		for _, a := range args {
			if strings.Contains(a, "steps") || strings.Contains(a, "every") {
				t.Skip() // keep runs short
			}
		}
		args = append([]string{"run", "--steps", "50"}, args...)
		out, errs, code := cli(t, args...)
		switch {
		case code == 0 && strings.HasPrefix(out, "usage: momentum run"):
			if errs != "" { // -h somewhere in the arguments
				t.Fatalf("run %q: help with stderr %q", args, errs)
			}
		case code == 0:
			parseCSV(t, out)
			for _, line := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
				if line != "" && !strings.Contains(line, " diverged at step ") && !atRestLine.MatchString(line) {
					t.Fatalf("run %q: exit 0 with stderr %q", args, errs)
				}
			}
		case code == 2:
			if out != "" || strings.Count(errs, "\n") != 1 {
				t.Fatalf("run %q: exit 2 with stdout %q and stderr %q", args, out, errs)
			}
		default:
			t.Fatalf("run %q: exit %d, stderr %q", args, code, errs)
		}
	})
}

// BenchmarkRun: one particle, a million steps on rosenbrock, printing only
// the first and the last row. Target ≥ 20 million steps per second.
// "moving" is the frictionless ball, which never comes to rest, so every
// step is computed; "settling" is the damped ball, which reaches a state
// that maps to itself at step 75 387, after which whole cycles are counted
// rather than computed (sim.System.Advance).
func BenchmarkRun(b *testing.B) {
	const steps = 1_000_000
	for _, tc := range []struct{ name, method string }{{"moving", "heavy"}, {"settling", "damped"}} {
		b.Run(tc.name, func(b *testing.B) {
			args := []string{"run", "--landscape", "rosenbrock", "--method", tc.method,
				"--steps", strconv.Itoa(steps), "--every", strconv.Itoa(steps)}
			for b.Loop() {
				if err := run(args, strings.NewReader(""), io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}

// atRestLine is run's note that a ball has converged exactly.
var atRestLine = regexp.MustCompile(`^momentum: [a-z]+(#[0-9]+)? is at rest by step [0-9]+: a step maps its state to itself exactly, so every later row repeats it$`)

// onlyAtRest: every line of stderr is the at-rest note.
func onlyAtRest(errs string) bool {
	for _, line := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
		if !atRestLine.MatchString(line) {
			return false
		}
	}
	return true
}

// run says on stderr when a ball has converged exactly (a step maps its
// state to itself), and only then: the damped ball on rosenbrock rests
// there by step 80 000 (from 75 387); the frictionless ball never does, and
// the damped ball on the bowl circles among the subnormal numbers (every
// 54 steps) without resting. The rows are the same either way.
func TestRunSaysWhenABallIsAtRest(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--landscape", "rosenbrock", "--steps", "80000", "--every", "80000"}, "momentum: damped is at rest by step 80000: a step maps its state to itself exactly, so every later row repeats it\n"},
		{[]string{"--landscape", "rosenbrock", "--steps", "70000", "--every", "70000"}, ""},
		{[]string{"--landscape", "rosenbrock", "--method", "heavy", "--steps", "80000", "--every", "80000"}, ""},
		{[]string{"--landscape", "bowl", "--steps", "100000", "--every", "100000"}, ""},
		{[]string{"--landscape", "rosenbrock", "--noise", "1e-9", "--steps", "80000", "--every", "80000"}, ""},
	} {
		out, errs, code := cli(t, append([]string{"run"}, c.args...)...)
		if code != 0 || errs != c.want {
			t.Errorf("run %q: exit %d, stderr %q; want 0 and %q", c.args, code, errs, c.want)
		}
		rows := parseCSV(t, out)
		if c.want != "" {
			// The last row, stepped once more, stays where it is.
			last := rows[len(rows)-1]
			again, _, _ := cli(t, "run", "--landscape", "rosenbrock", "--steps", "80001", "--every", "80001")
			if r := parseCSV(t, again); r[len(r)-1].pos != last.pos || r[len(r)-1].vel != last.vel {
				t.Errorf("at rest, yet step 80001 is at %v, step 80000 at %v", r[len(r)-1].pos, last.pos)
			}
		}
	}
}
