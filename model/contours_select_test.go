package model

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// nthSmallest must return what sorting puts at k, and leave every smaller
// value before k, on inputs a landscape gives: random, sorted, reversed,
// flat, and few distinct values (a plateau sampled thousands of times).
func TestNthSmallestAgreesWithSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := map[string]func(i, n int) float64{
		"random":   func(int, int) float64 { return rng.NormFloat64() },
		"sorted":   func(i, _ int) float64 { return float64(i) },
		"reversed": func(i, n int) float64 { return float64(n - i) },
		"flat":     func(int, int) float64 { return 3 },
		"few":      func(int, int) float64 { return float64(rng.IntN(3)) },
		"organ":    func(i, n int) float64 { return float64(min(i, n-i)) },
	}
	for name, gen := range shapes {
		for _, n := range []int{1, 2, 3, 7, 100, 4096} {
			a := make([]float64, n)
			for i := range a {
				a[i] = gen(i, n)
			}
			want := slices.Sorted(slices.Values(a))
			for _, k := range []int{0, n / 2, n * 9 / 10, n - 1} {
				b := slices.Clone(a)
				if got := nthSmallest(b, k); got != want[k] {
					t.Fatalf("%s n=%d k=%d: %v, sorting gives %v", name, n, k, got, want[k])
				}
				for i := range k {
					if b[i] > b[k] {
						t.Fatalf("%s n=%d k=%d: a[%d]=%v > a[k]=%v", name, n, k, i, b[i], b[k])
					}
				}
				if !slices.Equal(slices.Sorted(slices.Values(b)), want) {
					t.Fatalf("%s n=%d k=%d: values lost", name, n, k)
				}
			}
		}
	}
}
