package sim

// AtRest reports whether the ball has converged exactly: without noise, one
// more step maps p's state to itself bit for bit (position, velocity and
// memory; Adam's step count moves on, so it never rests in this sense), and
// so every later step repeats it. It is false with noise, which moves any
// ball, and for a diverged particle.
func (sys System) AtRest(p Particle) bool {
	if p.Diverged || sys.Noise.Sigma > 0 {
		return false
	}
	q := p
	if sys.Advance(&q, 1) < 1 {
		return false
	}
	return q.State == p.State
}
