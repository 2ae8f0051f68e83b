package model

import (
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/sim"
)

func arrowKey(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

// onScreen reports whether the particle's cell is inside the field.
func onScreen(m *Model) bool {
	_, _, inside := m.field.Cell(m.focus().p.Pos)
	return inside
}

// TestZoomKeepsTheParticleOnScreen: zooming in and out centres the map on
// the particle, so it stays on screen at every magnification, also after
// panning it off screen; 0 brings back the landscape's view.
func TestZoomKeepsTheParticleOnScreen(t *testing.T) {
	for _, name := range []string{"ravine", "rosenbrock", "himmelblau"} {
		m := newTestModel(t, name, sim.Damped)
		m.Advance(300)
		home := m.field.contours.scale
		for k := 1; k <= 12; k++ {
			press(m, "z")
			if !onScreen(m) {
				t.Fatalf("%s: particle off screen after %d zooms in", name, k)
			}
			if got, want := m.field.contours.scale, home*math.Pow(2, float64(k)); math.Abs(got/want-1) > 1e-12 {
				t.Fatalf("%s: scale %v after %d zooms, want %v", name, got, k, want)
			}
		}
		// The map is sampled where it now is: the cell under the particle
		// is centred within half a cell of it.
		col, row, _ := m.field.Cell(m.focus().p.Pos)
		if d := m.field.CellCenter(col, row).Dist(m.focus().p.Pos); d > 1/m.field.contours.scale {
			t.Errorf("%s: the particle's cell centre is %v from it", name, d)
		}
		for range 4 {
			m.Update(arrowKey(tea.KeyRight))
		}
		if onScreen(m) {
			t.Errorf("%s: four pans right (a field's width) left the particle on screen", name)
		}
		press(m, "Z")
		if !onScreen(m) {
			t.Errorf("%s: zoom out did not bring the particle back", name)
		}
		for range 20 {
			press(m, "Z")
			if !onScreen(m) {
				t.Fatalf("%s: particle off screen zooming out", name)
			}
		}
		press(m, "0")
		if m.field.contours.scale != home || m.field.contours.zoom.on {
			t.Errorf("%s: 0 left scale %v (home %v)", name, m.field.contours.scale, home)
		}
	}
}

// TestZoomIntoRosenbrockValley: the student zooms into the valley floor
// near (1, 1) and sees the ball's last oscillations: at ×64 the field is
// about a tenth across (it was 6.4), holds the ball and the minimum's ×, and the
// contour bands are re-sampled there (more than one band on screen).
func TestZoomIntoRosenbrockValley(t *testing.T) {
	m := newTestModel(t, "rosenbrock", sim.Damped)
	m.Advance(15000)
	if d := m.focus().p.Pos.Dist(sim.Vec{X: 1, Y: 1}); d > 0.05 {
		t.Fatalf("after 15000 steps the ball is %v from (1, 1)", d)
	}
	for range 6 {
		press(m, "z")
	}
	cols, _ := m.field.Size()
	if w := float64(cols) / m.field.contours.scale; w > 0.11 {
		t.Errorf("the field is %v across at ×64", w)
	}
	if !onScreen(m) {
		t.Fatal("the ball is off screen")
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "×") {
		t.Error("the minimum (1, 1) is not on screen at ×64 near it")
	}
	bands := map[uint8]bool{}
	for _, c := range m.field.contours.class {
		bands[c&^edgeFlag] = true
	}
	if len(bands) < 3 {
		t.Errorf("%d bands on the zoomed map: the bands were not re-sampled", len(bands))
	}
}

// TestNewLandscapeForgetsTheZoom: tab shows the next landscape whole.
func TestNewLandscapeForgetsTheZoom(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	press(m, "z", "z")
	press(m, "tab")
	if m.field.contours.zoom.on {
		t.Error("the zoom survived a change of landscape")
	}
}
