package sim

import "math/rand/v2"

// Noise makes stochastic gradients: at step k the gradient is ∇f + σ·ξ_k
// with ξ_k a standard normal pair. ξ_k depends only on the seed and k, so
// every racer sees the same noise at the same step, and a run is
// reproducible from its seed.
type Noise struct {
	Sigma float64
	Seed  uint64
}

// At returns σ·ξ_k for step k.
func (n Noise) At(step int) Vec {
	src := rand.NewPCG(n.Seed, uint64(step))
	r := rand.New(src)
	return Vec{X: n.Sigma * r.NormFloat64(), Y: n.Sigma * r.NormFloat64()}
}
