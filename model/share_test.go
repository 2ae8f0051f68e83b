package model

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// Export replays the run, including a method switch, a parameter change
// and noise mid-run, and its last row per racer is the racer's state.
func TestExportReplaysTheRun(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	press(m, "]") // noise on
	m.Advance(120)
	press(m, "2", "M") // heavy ball, heavier
	m.Advance(80)
	name, data := m.Export()
	if name != "momentum-rosenbrock-step200.csv" {
		t.Fatalf("export named %q", name)
	}
	r := csv.NewReader(strings.NewReader(string(data)))
	r.Comment = '#' // the lines that say what the export is
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",")+"\n" != sim.CSVHeader {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != 1+201 {
		t.Fatalf("%d rows, want the header and steps 0…200", len(rows))
	}
	// rows[k+1] is step k: step 120 was reached by the damped ball, step 121 by the heavy one.
	if rows[121][0] != "damped" || rows[122][0] != "heavy" {
		t.Fatalf("steps 120/121 say %s, %s: the method switch at step 120 is not in the replay", rows[121][0], rows[122][0])
	}
	last := rows[len(rows)-1]
	p := m.racers[0].p
	for i, want := range []float64{float64(p.Step), p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y, p.F} {
		if got, _ := strconv.ParseFloat(last[i+1], 64); got != want {
			t.Fatalf("last row column %d = %s, the particle has %v", i+1, last[i+1], want)
		}
	}
}

func TestExpressionInput(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	press(m, "/")
	if !m.expr.open {
		t.Fatal("/ did not open the expression input")
	}
	for _, r := range "x^2+" {
		press(m, string(r))
	}
	m.Update(keyMsg("enter"))
	v := m.View()
	checkFrame(t, v, 100, 30)
	if !m.expr.open || m.expr.err == nil || m.expr.err.Column != 5 || !strings.Contains(v, "column 5") {
		t.Fatalf("a bad expression: open %v, err %v; want the error at column 5 shown", m.expr.open, m.expr.err)
	}
	// q while typing is text, not quit.
	for _, r := range "3*y^2 + 0*q" {
		_, cmd := m.Update(keyMsg(string(r)))
		if cmd != nil {
			if _, quit := cmd().(interface{ String() string }); quit {
				t.Fatal("typing q quit")
			}
		}
	}
	m.expr.field.SetValue("x^2 + 3*y^2")
	m.Update(keyMsg("enter"))
	l := m.land()
	if m.expr.open || l.Name != landscapes.CustomName || l.Formula != "x^2 + 3*y^2" {
		t.Fatalf("after enter: open %v, landscape %s %q", m.expr.open, l.Name, l.Formula)
	}
	if g := l.Grad(landscapes.Vec{X: 1, Y: 1}); g != (landscapes.Vec{X: 2, Y: 6}) {
		t.Fatalf("∇f(1, 1) = %v, want (2, 6) exactly", g)
	}
	if m.racers[0].p.Step != 0 || m.racers[0].p.Pos != l.Start {
		t.Fatal("a new landscape did not start from its start")
	}
	checkFrame(t, m.View(), 100, 30)
	// Esc closes without change.
	press(m, "/")
	m.Update(keyMsg("esc"))
	if m.expr.open || m.land().Formula != "x^2 + 3*y^2" {
		t.Fatal("esc did not close the input unchanged")
	}
}

// Noise: the same seed gives the same run; a new seed a different one; the
// noise keys change σ as documented.
func TestNoiseKeysAndReproducibility(t *testing.T) {
	run := func(keys ...string) landscapes.Vec {
		m := newTestModel(t, "ravine", sim.Damped)
		press(m, keys...)
		m.Advance(100)
		return m.Racers()[0].Pos
	}
	quiet := run()
	a, b := run("]"), run("]")
	if a != b {
		t.Fatal("the same noise seed gave two different runs")
	}
	if a == quiet {
		t.Fatal("noise did not change the run")
	}
	if c := run("]", "N"); c == a {
		t.Fatal("a new seed gave the same run")
	}
	m := newTestModel(t, "ravine", sim.Damped)
	press(m, "]")
	s := m.noise.Sigma
	if want := 0.1 * m.land().Grad(m.start).Norm(); s != want {
		t.Fatalf("first ] gave σ %v, want a tenth of |∇f| at the start, %v", s, want)
	}
	press(m, "]")
	if m.noise.Sigma != 2*s {
		t.Fatalf("] doubled σ to %v, want %v", m.noise.Sigma, 2*s)
	}
	for range 40 {
		press(m, "[")
	}
	if m.noise.Sigma != 0 {
		t.Fatalf("[ many times left σ = %v, want 0", m.noise.Sigma)
	}
}
