package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// A damped ball on rosenbrock comes to rest exactly (the rounded gradient
// no longer moves it); one still rolling, the frictionless one, a noisy one
// and a diverged one do not.
func TestAtRest(t *testing.T) {
	land, err := landscapes.ByName("rosenbrock")
	if err != nil {
		t.Fatal(err)
	}
	sys := System{Land: land, Method: Damped, Params: ParamsOf(land.Defaults)}
	p := NewParticle(land, land.Start)
	sys.Advance(&p, 80000)
	if !sys.AtRest(p) {
		t.Fatalf("damped on rosenbrock after 80000 steps at %v, |v| %g: not at rest", p.Pos, p.Vel.Norm())
	}
	q := p
	sys.Advance(&q, 1)
	if q.Pos != p.Pos || q.Vel != p.Vel {
		t.Fatal("AtRest said yes, but a step moved the ball")
	}
	early := NewParticle(land, land.Start)
	sys.Advance(&early, 100)
	if sys.AtRest(early) {
		t.Error("a ball still rolling at step 100 is at rest")
	}
	noisy := sys
	noisy.Noise = Noise{Sigma: 1e-3, Seed: 1}
	if noisy.AtRest(p) {
		t.Error("with noise a ball is at rest")
	}
	heavy := System{Land: land, Method: Heavy, Params: ParamsOf(land.Defaults)}
	h := NewParticle(land, land.Start)
	heavy.Advance(&h, 1000)
	if heavy.AtRest(h) {
		t.Error("the frictionless ball is at rest")
	}
	gone := p
	gone.Diverged = true
	if sys.AtRest(gone) {
		t.Error("a diverged particle is at rest")
	}
}
