package model

import (
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

// planeLines returns the picture's rows from a frame (without colour).
func planeLines(t *testing.T, m *Model) []string {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "(ηλ, μ):") {
			rows := lines[i+1 : i+1+planeRows]
			for k, r := range rows {
				rows[k] = strings.TrimRight(string([]rune(r)[m.field.contours.cols+1+planeGutter:]), " ") // the picture, past the panel's margin and the μ axis
			}
			return rows
		}
	}
	t.Fatal("no (ηλ, μ) picture in the frame")
	return nil
}

// The two directions sit where their (ηλ, μ) say: on the ravine with η 0.08
// and μ 0.6, direction 1 (ηλ 0.08) far left of direction 2 (ηλ 1.6), both
// on the row of μ = 0.6. Past the edge, an arrow.
func TestPlaneMarksTheDirections(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.SetSize(150, 50)
	rows := planeLines(t, m)
	mu := m.tuning.Physical.Momentum()
	wantRow := int((1-mu)*float64(4*planeRows-1)+0.5) / 4
	for r, l := range rows {
		i1, i2 := strings.Index(l, "1"), strings.Index(l, "2")
		if r != wantRow {
			if i1 >= 0 || i2 >= 0 {
				t.Fatalf("a marker on row %d, want both on row %d:\n%s", r, wantRow, strings.Join(rows, "\n"))
			}
			continue
		}
		cols := min(m.panel.text.width-2-planeGutter, planeMaxCols)
		c1, c2 := len([]rune(l[:i1])), len([]rune(l[:i2]))
		eta := m.tuning.Physical.LR() // ηλ₁ = η, ηλ₂ = 20η
		if want2 := float64(cols) * 20 * eta / planeMaxX; c1 > 1 || float64(c2) < want2-2 || float64(c2) > want2+2 {
			t.Fatalf("markers at columns %d and %d of %d, want about %.0f and %.0f", c1, c2, cols, eta/planeMaxX*float64(cols), want2)
		}
	}
	// Gradient flow with Δt as large as friction allows (Δt·ε ≤ m):
	// ηλ₂ = 20Δt/ε ≈ 5.5, off the scale.
	press(m, "1", "T", "T", "T", "T", "T", "T", "T", "T")
	if !strings.Contains(strings.Join(planeLines(t, m), "\n"), "›") {
		t.Fatal("no › for a direction past the right edge")
	}
}

// On the round bowl both directions have the same (ηλ, μ): they share a
// cell, and both markers must still show, side by side. The μ axis is
// labelled 1 (top), μ, 0 (bottom) in the gutter.
func TestPlaneShowsBothDirectionsAndTheMuAxis(t *testing.T) {
	m := newTestModel(t, "bowl", sim.Damped)
	m.SetSize(150, 50)
	lines := strings.Split(m.View(), "\n")
	var rows []string
	for i, l := range lines {
		if strings.Contains(l, "(ηλ, μ):") {
			for _, r := range lines[i+1 : i+1+planeRows] {
				rows = append(rows, string([]rune(r)[m.field.contours.cols+1:]))
			}
		}
	}
	if len(rows) != planeRows {
		t.Fatal("no picture")
	}
	for r, want := range map[int]string{0: "1", planeRows / 2: "μ", planeRows - 1: "0"} {
		if got := string([]rune(rows[r])[0]); got != want {
			t.Errorf("row %d's μ label %q, want %q", r, got, want)
		}
	}
	pic := strings.Join(planeLines(t, m), "\n")
	if !strings.Contains(pic, "12") && !strings.Contains(pic, "21") {
		t.Fatalf("the two directions of the bowl are not both shown side by side:\n%s", pic)
	}
}

// Without colour the critical curves and the limit still differ: the
// critical curves are dotted (about half the dots of the curve drawn
// whole), the limit solid, and the legend shows different samples.
func TestPlaneCurvesDifferWithoutColour(t *testing.T) {
	if planeLegendCritical == planeLegendLimit {
		t.Fatal("the legend draws critical and limit alike")
	}
	var pl plane
	pl.build(40, sim.Damped)
	var dense [planeRows][]uint8
	for r := range dense {
		dense[r] = make([]uint8, 40)
	}
	for i := 0; i <= 400; i++ {
		mu := float64(i) / 400
		lo, hi := sim.CriticalCurves(mu)
		pl.set(&dense, lo, mu)
		pl.set(&dense, hi, mu)
	}
	count := func(g *[planeRows][]uint8) (n int) {
		for _, row := range g {
			for _, b := range row {
				for ; b != 0; b &= b - 1 {
					n++
				}
			}
		}
		return n
	}
	if d, c := count(&dense), count(&pl.critical); c > d*6/10 || c < d*3/10 {
		t.Fatalf("critical curves have %d of the %d dots of a solid line; want about half", c, d)
	}
}
