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
				rows[k] = strings.TrimRight(string([]rune(r)[m.field.contours.cols+1:]), " ") // the panel, past its margin
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
		cols := min(m.panel.text.width-2, 34)
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
