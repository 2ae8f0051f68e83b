package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// The lessons of the new methods and of the race at several settings. Each
// claim is one function, checked at the shipped settings (TestScenarioClaims,
// through claimChecked) and from every nearby start and setting
// (TestScenarioClaimsNearby).

// claimChecked turns a nearby claim into a check of the shipped lesson.
func claimChecked(claim func(*landscapes.Landscape, Scenario) error) func(*testing.T, Scenario) {
	return func(t *testing.T, s Scenario) {
		l, err := landscapes.ByName(s.Landscape)
		if err != nil {
			t.Fatal(err)
		}
		if err := claim(l, s); err != nil {
			t.Error(err)
		}
	}
}

// scRacerPaths runs racer i of s with its own setting; ok is false when it
// diverged.
func scRacerPaths(l *landscapes.Landscape, s Scenario) ([][]Particle, error) {
	var out [][]Particle
	for i, m := range s.Racers {
		path, diverged := scRun(l, m, s.RacerTuning(i).For(m), s.Noise, s.Start, s.Steps)
		if diverged {
			return nil, scErr("%s #%d diverged at step %d", m.Name(), i+1, len(path))
		}
		out = append(out, path)
	}
	return out, nil
}

// scOvershoots counts the steps at which coordinate c changes sign while
// the particle is still away from the minimum (|c| > tol on both sides),
// so rounding-level jitter at the bottom does not count.
func scOvershoots(path []Particle, c func(Vec) float64, tol float64) int {
	n := 0
	for k := 1; k < len(path); k++ {
		a, b := c(path[k-1].Pos), c(path[k].Pos)
		if a*b < 0 && math.Abs(a) > tol && math.Abs(b) > tol {
			n++
		}
	}
	return n
}

// Momentum race: f stays below 1e-3 of its start from a step that is
// earliest for μ = 0.5, later for 0.9 and at least 5× later still for 0.99
// ("rings 10× longer" at the shipped settings, where it is 11×); μ = 0.5
// never overshoots along the valley (its valley roots are real and
// positive), 0.9 and 0.99 do. The linear theory agrees: μ = 0.5's valley
// direction is overdamped, the others' decay at √μ.
func nearMomentumRace(l *landscapes.Landscape, s Scenario) error {
	paths, err := scRacerPaths(l, s)
	if err != nil {
		return err
	}
	var arrive [3]int
	for i, path := range paths {
		f0 := path[0].F
		arrive[i] = scSettled(path, func(p Particle) bool { return p.F < 1e-3*f0 })
		if arrive[i] < 0 {
			return scErr("μ racer %d has not arrived by step %d", i+1, s.Steps)
		}
	}
	if !(arrive[0] < arrive[1] && 5*arrive[1] <= arrive[2]) {
		return scErr("arrivals at steps %v: want μ 0.5 first, then 0.9, then 0.99 at least 5× later", arrive)
	}
	if n := scOvershoots(paths[0], xOf, 1e-9); n != 0 {
		return scErr("μ 0.5 overshoots along the valley %d times", n)
	}
	for i := 1; i < 3; i++ {
		if scOvershoots(paths[i], xOf, 1e-9) == 0 {
			return scErr("racer %d does not overshoot along the valley", i+1)
		}
	}
	eta, mu := OptimizerOf(Damped, s.Tunings[0].Physical)
	if md := Direction(eta, mu, 1); md.Regime != Overdamped {
		return scErr("μ %.3g along the valley is %v, want overdamped", mu, md.Regime)
	}
	if s.Tunings[0] == s.Tuning && s.Start == (Vec{X: -4.5, Y: 1.2}) && 10*arrive[1] > arrive[2] {
		return scErr("at the shipped settings μ 0.99 arrives at %d, less than 10× μ 0.9's %d", arrive[2], arrive[1])
	}
	return nil
}

// Nesterov: at the same (η, μ), |y| (across the valley) stays below 1 % of
// its start from step < 15 for Nesterov, ≥ 65 for the damped ball (89 at
// the shipped settings, 69–111 after one key press: "70+"); and the linear
// theory says why: across the valley Nesterov's rate √(μ(1−ηλ)) is below
// 0.8× the damped ball's √μ (Polyak's "heavy ball" momentum at the same η
// and μ): 0.55× at the shipped settings, 0.74× after t.
func nearNesterov(l *landscapes.Landscape, s Scenario) error {
	y0 := math.Abs(s.Start.Y)
	var settle [2]int
	for i, m := range []Method{Damped, Nesterov} {
		path, diverged := scRun(l, m, s.Tuning.For(m), s.Noise, s.Start, s.Steps)
		if diverged {
			return scErr("%s diverged", m.Name())
		}
		settle[i] = scSettled(path, func(p Particle) bool { return math.Abs(p.Pos.Y) < 0.01*y0 })
	}
	if !(settle[1] >= 0 && settle[1] < 15) {
		return scErr("Nesterov's |y| below 1 %% from step %d, want < 15", settle[1])
	}
	if !(settle[0] < 0 || settle[0] >= 65) {
		return scErr("the damped ball's |y| below 1 %% from step %d, want ≥ 65 (70+)", settle[0])
	}
	if s.Start == (Vec{X: -4.5, Y: 1.2}) && s.Tuning.Physical == (Params{Dt: 0.07, Mass: 0.14, Friction: 0.2}) && settle[0] < 70 {
		return scErr("shipped: the damped ball settles across the valley at %d, not 70+", settle[0])
	}
	p := s.Tuning.For(Nesterov)
	eta, mu := OptimizerOf(Nesterov, p)
	n, h := NesterovDirection(eta, mu, 20), Direction(eta, mu, 20)
	if !(n.Contraction < 0.8*h.Contraction) {
		return scErr("across the valley Nesterov's rate %.3g is not below 0.8× the heavy ball's %.3g", n.Contraction, h.Contraction)
	}
	return nil
}

// Adam on the plateau: on the plain (both ends of a step at r ≥ 4.7) each
// coordinate moves η a step within 5 %; it reaches the well (r < 1)
// within 110 steps (80 at the shipped settings); the damped ball at the
// same (η, μ) moves less than 0.2 in the lesson's 300 steps (0.087 at the
// shipped settings; TestAdamPlateauDampedCrawls widens μ).
func nearAdamPlateau(l *landscapes.Landscape, s Scenario) error {
	adam, div := scRun(l, Adam, s.Tuning.For(Adam), s.Noise, s.Start, s.Steps)
	if div {
		return scErr("adam diverged")
	}
	eta, _ := OptimizerOf(Adam, s.Tuning.For(Adam))
	plain := 0
	for k := 1; k < len(adam) && adam[k].Pos.Norm() >= 4.7; k++ {
		d := adam[k].Pos.Sub(adam[k-1].Pos)
		if math.Abs(math.Abs(d.X)-eta) > 0.05*eta || math.Abs(math.Abs(d.Y)-eta) > 0.05*eta {
			return scErr("adam step %d on the plain moves x %.4g, y %.4g; want each within 5 %% of η = %.4g", k, d.X, d.Y, eta)
		}
		plain++
	}
	if plain < 20 {
		return scErr("adam spends %d steps on the plain, too few for the claim", plain)
	}
	k := scFirst(adam, func(p Particle) bool { return p.Pos.Norm() < 1 })
	if k < 0 || k > 110 {
		return scErr("adam reaches the well at step %d, want ≤ 110", k)
	}
	damped, div := scRun(l, Damped, s.Tuning.For(Damped), s.Noise, s.Start, s.Steps)
	if div {
		return scErr("damped diverged")
	}
	if d := damped[len(damped)-1].Pos.Dist(s.Start); d >= 0.2 {
		return scErr("damped moved %.3g in %d steps, want < 0.2", d, s.Steps)
	}
	if s.Start == (Vec{X: -6, Y: 4.5}) && s.Tuning.Physical == FromOptimizer(0.05, 0.9) && (k < 70 || k > 90) {
		return scErr("shipped: adam reaches the well at %d, not ~80", k)
	}
	return nil
}

// Adam on the ravine: Adam's first step is η·sign(∂ᵢf), and for its first
// 8 steps (10 at the shipped settings) |Δx| and |Δy| are within 10 % of
// each other and of η, though the curvatures are 1 and 20; the damped
// ball's first step is η∇f = η(x, 20y), so its |Δy/Δx| is 20|y₀/x₀| (to
// rounding) from any start: 5.3 at the shipped one, "5 here".
func nearAdamRavine(l *landscapes.Landscape, s Scenario) error {
	p := s.Tuning.For(Adam)
	eta, _ := OptimizerOf(Adam, p)
	adam, div := scRun(l, Adam, p, s.Noise, s.Start, s.Steps)
	if div {
		return scErr("adam diverged")
	}
	steps := 8
	shipped := s.Start == (Vec{X: -4.5, Y: 1.2}) && s.Tuning == (Tuning{Physical: FromOptimizer(0.05, 0.9)})
	if shipped {
		steps = 10
	}
	for k := 1; k <= steps; k++ {
		d := adam[k].Pos.Sub(adam[k-1].Pos)
		dx, dy := math.Abs(d.X), math.Abs(d.Y)
		if r := dx / dy; r < 1/1.1 || r > 1.1 || math.Abs(dx-eta) > 0.1*eta || math.Abs(dy-eta) > 0.1*eta {
			return scErr("adam step %d moves x %.4g, y %.4g; want both within 10 %% of η = %.4g", k, dx, dy, eta)
		}
	}
	damped, div := scRun(l, Damped, s.Tuning.For(Damped), s.Noise, s.Start, 1)
	if div {
		return scErr("damped diverged")
	}
	d := damped[1].Pos.Sub(damped[0].Pos)
	r, want := math.Abs(d.Y)/math.Abs(d.X), 20*math.Abs(s.Start.Y/s.Start.X)
	if math.Abs(r/want-1) > 1e-9 {
		return scErr("damped's first step moves y %.4g× as far as x, want 20|y/x| = %.4g", r, want)
	}
	if shipped && math.Round(want) != 5 {
		return scErr("20|y/x| = %.3g at the shipped start, the caption says 5", want)
	}
	return nil
}

// TestAdamPlateauDampedCrawls: the caption's "damped crawls < 0.2 in 300"
// holds for μ 0.85…0.95 and η ± 10 % from every nearby start, where the
// terminal speed η|∇f|/(1−μ) stays below 0.2/300 (at μ 0.95, η 0.055:
// 6e-4·0.055/0.05 = 6.6e-4 a step, 0.2 in 300). The earlier bound 0.1 failed
// at μ 0.93.
func TestAdamPlateauDampedCrawls(t *testing.T) {
	s, err := ScenarioByName("adam-plateau")
	if err != nil {
		t.Fatal(err)
	}
	l, err := landscapes.ByName(s.Landscape)
	if err != nil {
		t.Fatal(err)
	}
	for _, mu := range []float64{0.85, 0.9, 0.93, 0.95} {
		for _, eta := range []float64{0.045, 0.05, 0.055} {
			p := FromOptimizer(eta, mu)
			// The terminal speed bounds the crawl: |∇f| ≤ 6e-4 on the plain.
			if bound := 300 * eta * 6e-4 / (1 - mu); bound >= 0.2 {
				t.Errorf("μ %v, η %v: terminal-speed bound %.3g ≥ 0.2", mu, eta, bound)
			}
			for _, v := range scNearby(s) {
				if v.Tuning.Physical != s.Tuning.Physical {
					continue
				}
				path, div := scRun(l, Damped, p, v.Noise, v.Start, v.Steps)
				if d := path[len(path)-1].Pos.Dist(v.Start); div || d >= 0.2 {
					t.Errorf("μ %v, η %v from %v: damped moved %.3g in %d steps, caption says < 0.2", mu, eta, v.Start, d, v.Steps)
				}
			}
		}
	}
}
