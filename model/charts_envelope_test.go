package model

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// A chart that thins a long run must keep its extremes: an oscillating
// ball's loss swings by decades every few steps, and a chart that kept one
// step in k drew a range (and y labels) that missed the lows. Over a
// neighbourhood of landscapes, methods, starts and run lengths, the lowest
// and highest values each chart draws are the true extremes of what it
// plots, from a simulation of every step run here.
func TestChartsKeepTheRunsExtremes(t *testing.T) {
	for _, land := range []string{"rosenbrock", "ravine", "camel", "himmelblau"} {
		for _, meth := range []string{"heavy", "damped", "flow"} {
			for _, scale := range []float64{1, 0.8, 1.2} {
				for _, n := range []int{700, 3000, 5000} {
					args := []string{"--landscape", land, "--method", meth}
					s0, err := settings.Parse(args)
					if err != nil {
						t.Fatal(err)
					}
					l0, _ := s0.Land()
					start := l0.Start.Scale(scale)
					args = append(args, "--start", g(start.X)+","+g(start.Y))
					name := strings.Join(args, " ") + " steps " + strconv.Itoa(n)
					checkChartExtremes(t, name, args, n)
				}
			}
		}
	}
}

func checkChartExtremes(t *testing.T, name string, args []string, n int) {
	t.Helper()
	s, err := settings.Parse(args)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Land()
	if err != nil {
		t.Fatal(err)
	}
	meth := s.Methods[0]
	sys := sim.System{Land: l, Method: meth, Params: s.Tuning.For(meth), Noise: s.Noise}
	p := sim.NewParticle(l, s.Start)
	fmin, known := l.MinValue()
	if !known {
		t.Fatalf("%s: the test needs a known f*", name)
	}
	floor := 0x1p-52 * max(math.Abs(fmin), l.F(s.Start)-fmin)
	lossLo, lossHi := math.Inf(1), math.Inf(-1)
	var eLo, eHi [3]float64
	for i := range eLo {
		eLo[i], eHi[i] = math.Inf(1), math.Inf(-1)
	}
	for k := 0; k <= n; k++ {
		if k > 0 {
			sys.Advance(&p, 1)
		}
		if p.Diverged {
			t.Fatalf("%s: diverged; the test needs a run that stays", name)
		}
		v := math.Log10(max(p.F-fmin, floor))
		lossLo, lossHi = min(lossLo, v), max(lossHi, v)
		kin, f, tot := sim.EnergySplit(l, meth, sys.Params, &p)
		for i, e := range [3]float64{kin, f, tot} {
			eLo[i], eHi[i] = min(eLo[i], e), max(eHi[i], e)
		}
	}

	m := newSim(t, NewStyles(termenv.Ascii, true), args...)
	m.SetSize(120, 40)
	m.Advance(n)
	ext := func(se *series) (lo, hi float64) {
		se.line()
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, q := range se.pts {
			lo, hi = min(lo, q.Y), max(hi, q.Y)
		}
		return lo, hi
	}
	if lo, hi := ext(&m.charts.loss[0]); lo != lossLo || hi != lossHi {
		t.Errorf("%s: loss chart spans [%v, %v], the run [%v, %v]", name, lo, hi, lossLo, lossHi)
	}
	for i := range 3 {
		if lo, hi := ext(&m.charts.energy[i]); lo != eLo[i] || hi != eHi[i] {
			t.Errorf("%s: energy line %d spans [%v, %v], the run [%v, %v]", name, i, lo, hi, eLo[i], eHi[i])
		}
	}
	// The y labels say the same, to their three digits.
	var loss []float64
	strip := false
	for _, line := range strings.Split(ansi.Strip(m.View()), "\n") {
		strip = strip || strings.Contains(line, "loss log")
		if lab, _, ok := strings.Cut(line, "│"); strip && ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(lab), 64); err == nil {
				loss = append(loss, v)
			}
		}
	}
	if len(loss) < 2 {
		t.Fatalf("%s: no loss labels", name)
	}
	near := func(label, v float64) bool {
		return math.Abs(label-v) <= 0.006*math.Abs(v)+1e-9
	}
	if !near(loss[0], lossHi) || !near(loss[len(loss)-1], lossLo) {
		t.Errorf("%s: loss labels %v, the run spans [%.3g, %.3g]", name, loss, lossLo, lossHi)
	}
}

// brailleLine draws the dots ntcharts' GetLinePoints lists.
func TestBrailleLineIsGetLinePoints(t *testing.T) {
	for ax := 0; ax < 7; ax++ {
		for ay := 0; ay < 7; ay++ {
			for bx := 0; bx < 7; bx++ {
				for by := 0; by < 7; by++ {
					a, b := canvas.Point{X: ax, Y: ay}, canvas.Point{X: bx, Y: by}
					want := graph.NewBrailleGrid(4, 2, 0, 1, 0, 1)
					for _, q := range graph.GetLinePoints(a, b) {
						want.Set(q)
					}
					got := graph.NewBrailleGrid(4, 2, 0, 1, 0, 1)
					brailleLine(got, a, b)
					if !reflect.DeepEqual(got.BraillePatterns(), want.BraillePatterns()) {
						t.Fatalf("%v–%v: %v, want %v", a, b, got.BraillePatterns(), want.BraillePatterns())
					}
				}
			}
		}
	}
}
