package sim

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// testdata/torch_reference.csv holds trajectories of PyTorch's own
// optimizers (SGD with and without Nesterov, Adam, RMSprop, Adagrad) in
// float64, written by scripts/torch_reference.py. Each case is replayed
// here in the optimizer view (Δt = 1, m = 1/η, ε = (1 − μ)/η; Adagrad,
// like flow, at η/(1 − μ) with μ = 0) and must agree at every step to
// 1e-12, relative to the problem's size (the start's largest coordinate,
// at least 1): the same optimizer up to rounding. (PyTorch's gradient comes
// from autograd, ours from the analytic formula; near a minimum Adam divides
// one tiny number by another, so those last-bit differences grow there.)
func TestMethodsMatchPyTorch(t *testing.T) {
	f, err := os.Open("testdata/torch_reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type run struct {
		sys   System
		p     Particle
		seen  int
		scale float64
	}
	runs := map[string]*run{}
	var order []string
	for _, row := range rows[1:] {
		name := row[0]
		r := runs[name]
		step, pos := int(num(row[7])), Vec{X: num(row[8]), Y: num(row[9])}
		if r == nil {
			meth, err := ParseMethod(row[2])
			if err != nil {
				t.Fatal(err)
			}
			l := mustLandscape(t, row[1])
			p := FromOptimizer(num(row[3]), num(row[4]))
			p.Adaptive = Adaptive{Beta2: num(row[5]), Eps: num(row[6])}
			r = &run{sys: System{Land: l, Method: meth, Params: p}, p: NewParticle(l, pos),
				scale: max(1, math.Abs(pos.X), math.Abs(pos.Y))}
			runs[name] = r
			order = append(order, name)
		} else if r.sys.Advance(&r.p, 1) != 1 {
			t.Fatalf("%s: diverged at step %d", name, step)
		}
		if r.p.Step != step {
			t.Fatalf("%s: rows out of order at step %d", name, step)
		}
		for _, c := range [][2]float64{{r.p.Pos.X, pos.X}, {r.p.Pos.Y, pos.Y}} {
			if d := math.Abs(c[0]-c[1]) / max(r.scale, math.Abs(c[1])); d > 1e-12 {
				t.Fatalf("%s (%s) step %d: %v, PyTorch %v (%.3g apart)", name, r.sys.Method.Name(), step, r.p.Pos, pos, d)
			}
		}
		r.seen++
	}
	for _, m := range []Method{Damped, Nesterov, Adam, RMSprop, Adagrad} {
		found := false
		for _, name := range order {
			found = found || runs[name].sys.Method == m && runs[name].seen > 100
		}
		if !found {
			t.Errorf("no PyTorch reference for %s", m.Name())
		}
	}
}
