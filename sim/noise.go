package sim

import (
	"math"
	"math/rand/v2"
)

// Noise makes stochastic gradients: at step k the gradient is ∇f + σ·ξ_k
// with ξ_k a standard normal pair. ξ_k depends only on the seed and k, so
// every racer sees the same noise at the same step, and a run is
// reproducible from its seed.
type Noise struct {
	Sigma float64
	Seed  uint64
}

// At returns σ·ξ_k for step k.
//
// ξ_k comes from a PCG generator seeded with (Seed, k), held as a value on
// the stack, and turned into two independent standard normals by the
// Box–Muller transform of two uniform draws:
//
//	ξ = √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂),  u₁ ∈ (0, 1], u₂ ∈ [0, 1).
//
// Going through rand.New would store the generator in an interface, which
// escapes to the heap: one allocation per step of every noisy racer.
// math/rand/v2 offers NormFloat64 only on *rand.Rand, so the transform is
// done here. u₁ excludes 0 so the logarithm stays finite; the largest
// |ξ| component is then √(−2 ln 2⁻⁵³) ≈ 8.6.
func (n Noise) At(step int) Vec {
	var src rand.PCG
	src.Seed(n.Seed, uint64(step))
	const unit = 1.0 / (1 << 53)
	u1 := float64(src.Uint64()>>11+1) * unit // (0, 1]
	u2 := float64(src.Uint64()>>11) * unit   // [0, 1)
	r := n.Sigma * math.Sqrt(-2*math.Log(u1))
	sin, cos := math.Sincos(2 * math.Pi * u2)
	return Vec{X: r * cos, Y: r * sin}
}
