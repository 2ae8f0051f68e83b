package model

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// chartYLabels reads the three y labels of the loss and energy charts off a
// frame: the first and last labelled rows of the strip.
func chartYLabels(t *testing.T, lines []string) (loss, energy []float64) {
	t.Helper()
	for _, l := range lines {
		l = ansi.Strip(l)
		parts := strings.Split(l, "│")
		if len(parts) < 3 {
			continue
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64); err == nil {
			loss = append(loss, v)
		}
		// The energy chart's label sits just before the second axis.
		mid := strings.Fields(parts[1])
		if len(mid) > 0 {
			if v, err := strconv.ParseFloat(mid[len(mid)-1], 64); err == nil {
				energy = append(energy, v)
			}
		}
	}
	return loss, energy
}

// A minimum whose value is not 0 makes f − f* exactly 0 once the ball is
// home. The loss axis must stop at round-off of the numbers involved
// (about 16 decades below them), not at 1e-300.
func TestLossAxisStopsAtRoundOff(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "saddle", "--method", "damped", "--start", "-1.9,0.3")
	m.SetSize(120, 40)
	m.Advance(20000)
	if r := m.Racers()[0]; math.Abs(r.F-(-0.25)) > 1e-12 {
		t.Fatalf("the ball did not settle in a minimum (f = %v); the test needs one", r.F)
	}
	loss, _ := chartYLabels(t, strings.Split(m.View(), "\n"))
	if len(loss) == 0 {
		t.Fatal("no loss axis labels on screen")
	}
	low := slices.Min(loss)
	// f* = −0.25 and f(start) − f* ≈ 2: the floor is 2⁻⁵²·2 ≈ 4e-16.
	if low < -16.5 {
		t.Errorf("loss axis reaches %v; want it floored near log₁₀(2⁻⁵²·2) ≈ −15.4", low)
	}
}

// A racer that diverges must not set the scale for the others: its last
// finite numbers are astronomical. The chart leaves it out and says so.
func TestDivergedRacerIsLeftOutOfTheScale(t *testing.T) {
	// Flow's step Δt/ε = 0.12 is past 2/λ = 0.1 across the ravine: it
	// diverges; damped (η = 0.0144, μ = 0.4) does not.
	m := newSim(t, NewStyles(termenv.Ascii, true), "--landscape", "ravine", "--method", "flow,damped",
		"--dt", "0.12", "--mass", "1", "--friction", "1")
	m.SetSize(140, 44)
	m.Advance(3000)
	rs := m.Racers()
	if !rs[0].Diverged || rs[len(rs)-1].Diverged {
		t.Fatalf("want flow diverged and damped not: %+v", rs)
	}
	v := m.View()
	loss, energy := chartYLabels(t, strings.Split(v, "\n"))
	if len(loss) == 0 || len(energy) == 0 {
		t.Fatalf("no axis labels found:\n%s", v)
	}
	if hi := slices.Max(loss); hi > 3 {
		t.Errorf("loss axis goes up to %v: the diverged racer set the scale", hi)
	}
	if hi := slices.Max(energy); hi > 100 {
		t.Errorf("energy axis goes up to %v: the diverged racer set the scale", hi)
	}
	if !strings.Contains(ansi.Strip(v), "gradient flow diverged at") {
		t.Errorf("the charts do not say which racer left the scale:\n%s", v)
	}
}

// At step 0 the x axis says 0 once (not "0 0 1"); later first, middle and
// last step, each once. Labels of round-off beside the span read 0, and
// every y label has a blank column before it, so it never touches the
// chart to its left.
func TestChartAxisLabels(t *testing.T) {
	st := NewStyles(termenv.Ascii, true)
	axis := func(pts ...canvas.Float64Point) []string {
		lines := chartBox(&st, " t", "", []series{{pts: pts}}, 40, 9)
		return lines
	}
	lines := axis(canvas.Float64Point{X: 0, Y: 3})
	if got := strings.Fields(lines[len(lines)-1]); !slices.Equal(got, []string{"0"}) {
		t.Fatalf("step 0: x labels %q; want just 0", got)
	}
	lines = axis(canvas.Float64Point{X: 0, Y: 24.4}, canvas.Float64Point{X: 1, Y: 2.09e-15})
	if got := strings.Fields(lines[len(lines)-1]); !slices.Equal(got, []string{"0", "1"}) {
		t.Fatalf("steps 0, 1: x labels %q; want 0 1", got)
	}
	lines = axis(canvas.Float64Point{X: 0, Y: 24.4}, canvas.Float64Point{X: 800, Y: 2.09e-15})
	if got := strings.Fields(lines[len(lines)-1]); !slices.Equal(got, []string{"0", "400", "800"}) {
		t.Fatalf("steps 0…800: x labels %q", got)
	}
	var ys []string
	for _, l := range lines[1 : len(lines)-2] {
		if !strings.HasPrefix(l, " ") {
			t.Fatalf("a chart line starts with no gap: %q", l)
		}
		if lab := strings.TrimSpace(strings.Split(l, "│")[0]); lab != "" {
			ys = append(ys, lab)
		}
	}
	if !slices.Equal(ys, []string{"24.4", "12.2", "0"}) {
		t.Fatalf("y labels %q; want 24.4 12.2 0", ys)
	}
}

// Without colour the single ball's three energy lines are drawn with k, f
// and e, and the title names them; with colour they are braille dots.
func TestEnergyLinesWithoutColour(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.TrueColor} {
		m := newSim(t, NewStyles(profile, true), "--landscape", "bowl", "--method", "damped")
		m.SetSize(120, 40)
		m.Advance(200)
		plotted := ""
		cols, _ := m.field.Size()
		for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
			if r := []rune(l); len(r) > cols {
				l = string(r[:cols]) // the charts, not the panel beside them
			}
			if parts := strings.Split(l, "│"); len(parts) >= 3 {
				plotted += parts[2] // the energy chart's plot, right of its axis
			}
		}
		plain := profile == termenv.Ascii
		for _, mark := range []string{"k", "f", "e"} {
			if strings.Contains(plotted, mark) != plain {
				t.Errorf("%v: %q among the energy lines is %v, want %v", profile, mark, !plain, plain)
			}
		}
		if strings.Contains(m.View(), "energy ½m|v|²=k, f, Ẽ=e") != plain {
			t.Errorf("%v: the title's key", profile)
		}
	}
}
