package sim

import (
	"math"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// noiseSamples returns ξ_k/σ for steps k = 0 … n−1 of seed, as two columns.
func noiseSamples(seed uint64, sigma float64, n int) (xs, ys []float64) {
	nz := Noise{Sigma: sigma, Seed: seed}
	xs, ys = make([]float64, n), make([]float64, n)
	for k := range n {
		v := nz.At(k)
		xs[k], ys[k] = v.X/sigma, v.Y/sigma
	}
	return xs, ys
}

func meanOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// correlation is the sample correlation coefficient of a and b.
func correlation(a, b []float64) float64 {
	ma, mb := meanOf(a), meanOf(b)
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	return sab / math.Sqrt(saa*sbb)
}

func TestNoiseIsAFunctionOfSeedAndStep(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1<<63 + 5} {
		for _, k := range []int{0, 1, 7, 1_000_000, math.MaxInt32} {
			a := Noise{Sigma: 0.3, Seed: seed}.At(k)
			b := Noise{Sigma: 0.3, Seed: seed}.At(k)
			if a != b || !a.IsFinite() {
				t.Fatalf("seed %d step %d: %v then %v", seed, k, a, b)
			}
			// σ only scales ξ_k: doubling it is exact in floating point.
			if c := (Noise{Sigma: 0.6, Seed: seed}).At(k); c != a.Scale(2) {
				t.Fatalf("seed %d step %d: σ = 0.6 gives %v, want 2 × %v", seed, k, c, a)
			}
			if z := (Noise{Sigma: 0, Seed: seed}).At(k); z != (Vec{}) {
				t.Fatalf("σ = 0 gives %v", z)
			}
		}
	}
	// Order does not matter: asking for step 5 after step 900 gives the same.
	n := Noise{Sigma: 1, Seed: 9}
	first := n.At(5)
	n.At(900)
	if again := n.At(5); again != first {
		t.Fatalf("step 5 gave %v, then %v after another step", first, again)
	}
}

func TestNoiseDiffersAcrossStepsAndSeeds(t *testing.T) {
	const n = 10_000
	seen := map[Vec]int{}
	for k := range n {
		v := Noise{Sigma: 1, Seed: 3}.At(k)
		if j, ok := seen[v]; ok {
			t.Fatalf("steps %d and %d give the same ξ %v", j, k, v)
		}
		seen[v] = k
		for _, other := range []uint64{2, 4} {
			if w := (Noise{Sigma: 1, Seed: other}).At(k); w.X == v.X || w.Y == v.Y {
				t.Fatalf("step %d: seeds 3 and %d share a component: %v, %v", k, other, v, w)
			}
		}
	}
}

// Over 10⁵ steps each statistic is compared with its exact value for an
// independent standard normal pair, allowing 5 standard errors.
func TestNoiseMoments(t *testing.T) {
	const n = 100_000
	const sigma = 0.7
	xs, ys := noiseSamples(11, sigma, n)
	se := 1 / math.Sqrt(n) // of a mean of unit variance, and of a correlation near 0
	for name, col := range map[string][]float64{"x": xs, "y": ys} {
		m := meanOf(col)
		if math.Abs(m) > 5*se {
			t.Errorf("%s: mean ξ = %.4g, want 0 ± %.2g", name, m, 5*se)
		}
		v := 0.0
		for _, x := range col {
			v += (x - m) * (x - m)
		}
		v /= n - 1
		// Var of a normal sample variance: 2σ⁴/(n−1); here σ = 1 after scaling.
		if seV := math.Sqrt(2.0 / (n - 1)); math.Abs(v-1) > 5*seV {
			t.Errorf("%s: variance of ξ/σ = %.4f, want 1 ± %.3f", name, v, 5*seV)
		}
		// A normal shape, not just normal moments: P(|ξ| < σ) = erf(1/√2).
		p := math.Erf(1 / math.Sqrt2)
		in := 0
		for _, x := range col {
			if math.Abs(x) < 1 {
				in++
			}
		}
		if frac, seP := float64(in)/n, math.Sqrt(p*(1-p)/n); math.Abs(frac-p) > 5*seP {
			t.Errorf("%s: P(|ξ| < σ) = %.4f, want %.4f ± %.4f", name, frac, p, 5*seP)
		}
		// Successive steps are independent.
		if r := correlation(col[1:], col[:n-1]); math.Abs(r) > 5*se {
			t.Errorf("%s: correlation of ξ_k and ξ_k+1 = %.4g, want 0 ± %.2g", name, r, 5*se)
		}
	}
	if r := correlation(xs, ys); math.Abs(r) > 5*se {
		t.Errorf("correlation of the components = %.4g, want 0 ± %.2g", r, 5*se)
	}
	// |ξ|² of a standard normal pair is exponential with mean 2: P(|ξ|² > 2) = 1/e.
	p, out := math.Exp(-1), 0
	for i := range xs {
		if xs[i]*xs[i]+ys[i]*ys[i] > 2 {
			out++
		}
	}
	if frac, seP := float64(out)/n, math.Sqrt(p*(1-p)/n); math.Abs(frac-p) > 5*seP {
		t.Errorf("P(|ξ|² > 2σ²) = %.4f, want 1/e = %.4f ± %.4f", frac, p, 5*seP)
	}
	// Neighbouring seeds, as the scenario tests use, are independent too.
	xs2, _ := noiseSamples(12, sigma, n)
	if r := correlation(xs, xs2); math.Abs(r) > 5*se {
		t.Errorf("correlation of seeds 11 and 12 = %.4g, want 0 ± %.2g", r, 5*se)
	}
}

// The gradient a noisy step uses is ∇f + σξ_k with k the particle's step
// count, for every method: racers that have taken the same number of steps
// feel the same kick.
func TestNoisyStepUsesTheNoiseOfItsStep(t *testing.T) {
	l, err := landscapes.ByName("bowl")
	if err != nil {
		t.Fatal(err)
	}
	params := Params{Dt: 0.1, Mass: 0.5, Friction: 1}
	nz := Noise{Sigma: 0.4, Seed: 77}
	for _, m := range Methods {
		sys := System{Land: l, Method: m, Params: params, Noise: nz}
		p := NewParticle(l, l.Start)
		sys.Advance(&p, 3)
		want := p
		sys.Advance(&p, 1)
		g := want.Grad.Add(nz.At(3))
		next := methodTable[m].step(params.Coeffs(m), want.State, g)
		if p.State != next {
			t.Errorf("%s: step 4 went to %v, want %v with ∇f + σξ_3", m.Name(), p.State, next)
		}
	}
}

func TestNoisyAdvanceDoesNotAllocate(t *testing.T) {
	l, err := landscapes.ByName("rosenbrock")
	if err != nil {
		t.Fatal(err)
	}
	params := ParamsOf(l.Defaults)
	for _, m := range Methods {
		sys := System{Land: l, Method: m, Params: params, Noise: Noise{Sigma: 0.01, Seed: 5}}
		p := NewParticle(l, l.Start)
		allocs := testing.AllocsPerRun(100, func() {
			if sys.Advance(&p, 10) != 10 {
				t.Fatalf("%s diverged", m.Name())
			}
		})
		if allocs != 0 {
			t.Errorf("%s: noisy Advance(10 steps) allocates %v times per call, want 0", m.Name(), allocs)
		}
	}
	if a := testing.AllocsPerRun(100, func() { Noise{Sigma: 1, Seed: 1}.At(12) }); a != 0 {
		t.Errorf("Noise.At allocates %v times per call, want 0", a)
	}
}

func BenchmarkNoiseAt(b *testing.B) {
	n := Noise{Sigma: 1, Seed: 1}
	var s Vec
	k := 0
	for b.Loop() {
		s = s.Add(n.At(k))
		k++
	}
	_ = s
}
