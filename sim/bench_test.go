package sim

import (
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
)

// One op is one step, called through Advance one step at a time as the UI's
// slowest path does, so ns/op is the per-step cost a frame budget divides by.
func BenchmarkAdvance(b *testing.B) {
	l := mustLandscape(b, "rosenbrock")
	params := ParamsOf(l.Defaults)
	for _, m := range Methods {
		b.Run(m.Name(), func(b *testing.B) {
			sys := System{Land: l, Method: m, Params: params}
			p := NewParticle(l, l.Start)
			for b.Loop() {
				if sys.Advance(&p, 1) != 1 {
					// Never expected on the defaults; restart rather than
					// time a no-op.
					p = NewParticle(l, l.Start)
				}
			}
		})
	}
}

// Advance runs every frame for every racer; an allocation per step would
// hand the garbage collector work proportional to the simulation speed.
func TestAdvanceDoesNotAllocate(t *testing.T) {
	l := mustLandscape(t, "rosenbrock")
	params := ParamsOf(l.Defaults)
	for _, m := range Methods {
		sys := System{Land: l, Method: m, Params: params}
		p := NewParticle(l, l.Start)
		allocs := testing.AllocsPerRun(100, func() {
			if sys.Advance(&p, 10) != 10 {
				t.Fatalf("%s diverged", m.Name())
			}
		})
		if allocs != 0 {
			t.Errorf("%s: Advance(10 steps) allocates %v times per call, want 0", m.Name(), allocs)
		}
	}
}

// bareLoops are the reference for BenchmarkStepLoop: each method's step
// written as plain Go over locals, with the same f, ∇f and finiteness check
// as Advance and nothing else (no noise, no clock, no cycle detection). A
// new method adds its bare loop here; TestEveryMethodHasABareLoop says so.
var bareLoops = map[string]func(l *landscapes.Landscape, p Params, pos Vec, n int) float64{
	"flow": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		b, dt := 1/p.Friction, p.Dt
		x, y := pos.X, pos.Y
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			vx, vy := -b*g.X, -b*g.Y
			x, y = x+dt*vx, y+dt*vy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(vx-vx)+(vy-vy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"heavy": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		b, dt := p.Dt/p.Mass, p.Dt
		x, y, vx, vy := pos.X, pos.Y, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			vx, vy = vx-b*g.X, vy-b*g.Y
			x, y = x+dt*vx, y+dt*vy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(vx-vx)+(vy-vy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"damped": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		a, b, dt := p.Momentum(), p.Dt/p.Mass, p.Dt
		x, y, vx, vy := pos.X, pos.Y, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			vx, vy = a*vx-b*g.X, a*vy-b*g.Y
			x, y = x+dt*vx, y+dt*vy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(vx-vx)+(vy-vy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"nesterov": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		a, b, dt := p.Momentum(), p.Dt/p.Mass, p.Dt
		x, y, wx, wy := pos.X, pos.Y, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			wx, wy = a*wx-b*g.X, a*wy-b*g.Y
			vx, vy := a*wx-b*g.X, a*wy-b*g.Y
			x, y = x+dt*vx, y+dt*vy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(vx-vx)+(vy-vy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"adam": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		b1, eta := p.Momentum(), p.LR()
		b2, eps := p.Adaptive.or(DefaultBeta2, DefaultAdamEps)
		x, y, mx, my, vx, vy := pos.X, pos.Y, 0.0, 0.0, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for t := 1; t <= n; t++ {
			mx, my = mx*b1+(1-b1)*g.X, my*b1+(1-b1)*g.Y
			vx, vy = vx*b2+(1-b2)*g.X*g.X, vy*b2+(1-b2)*g.Y*g.Y
			s, r := eta/(1-math.Pow(b1, float64(t))), math.Sqrt(1-math.Pow(b2, float64(t)))
			dx, dy := -s*mx/(math.Sqrt(vx)/r+eps), -s*my/(math.Sqrt(vy)/r+eps)
			x, y = x+dx, y+dy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(dx-dx)+(dy-dy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"rmsprop": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		mu, eta := p.Momentum(), p.LR()
		al, eps := p.Adaptive.or(DefaultRMSAlpha, DefaultRMSEps)
		x, y, bx, by, vx, vy := pos.X, pos.Y, 0.0, 0.0, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			vx, vy = vx*al+(1-al)*g.X*g.X, vy*al+(1-al)*g.Y*g.Y
			bx, by = bx*mu+g.X/(math.Sqrt(vx)+eps), by*mu+g.Y/(math.Sqrt(vy)+eps)
			x, y = x-eta*bx, y-eta*by
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(bx-bx)+(by-by)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
	"adagrad": func(l *landscapes.Landscape, p Params, pos Vec, n int) float64 {
		eta := p.Dt / p.Friction
		_, eps := p.Adaptive.or(0, DefaultAdagradEps)
		x, y, sx, sy := pos.X, pos.Y, 0.0, 0.0
		f, g := l.F(pos), l.Grad(pos)
		for range n {
			sx, sy = sx+g.X*g.X, sy+g.Y*g.Y
			dx, dy := -eta*g.X/(math.Sqrt(sx)+eps), -eta*g.Y/(math.Sqrt(sy)+eps)
			x, y = x+dx, y+dy
			q := Vec{X: x, Y: y}
			f, g = l.F(q), l.Grad(q)
			if (x-x)+(y-y)+(dx-dx)+(dy-dy)+(g.X-g.X)+(g.Y-g.Y)+(f-f) != 0 {
				break
			}
		}
		return x + y + f
	},
}

func TestEveryMethodHasABareLoop(t *testing.T) {
	for _, m := range Methods {
		if bareLoops[m.Name()] == nil {
			t.Errorf("BenchmarkStepLoop has no bare reference loop for %s: add one to bareLoops", m.Name())
		}
	}
}

var sink float64

// BenchmarkStepLoop times Advance against the same work written bare, for
// every method, on rosenbrock from its start (1000 steps a chunk, each from
// the start again). The two alternate chunk by chunk and are timed by the
// thread's CPU clock (threadCPU), so a busy machine slows both alike; it reports ns per step of each and their ratio
// bare/advance (1 is as fast as bare; the goal is ≥ 0.85).
func BenchmarkStepLoop(b *testing.B) {
	l := mustLandscape(b, "rosenbrock")
	params := ParamsOf(l.Defaults)
	const chunk = 1000
	for _, m := range Methods {
		bare := bareLoops[m.Name()]
		if bare == nil {
			b.Fatalf("no bare loop for %s", m.Name())
		}
		b.Run(m.Name(), func(b *testing.B) {
			sys := System{Land: l, Method: m, Params: params}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var fast, ref time.Duration
			for b.Loop() {
				t0 := threadCPU()
				p := NewParticle(l, l.Start)
				if sys.Advance(&p, chunk) != chunk {
					b.Fatalf("%s diverged", m.Name())
				}
				t1 := threadCPU()
				sink += bare(l, params, l.Start, chunk)
				t2 := threadCPU()
				fast, ref = fast+t1-t0, ref+t2-t1
			}
			steps := float64(b.N) * chunk
			b.ReportMetric(float64(fast.Nanoseconds())/steps, "ns/step")
			b.ReportMetric(float64(ref.Nanoseconds())/steps, "bare-ns/step")
			b.ReportMetric(float64(ref)/float64(fast), "bare/advance")
		})
	}
}

// BenchmarkExprStepLoop times Advance on a catalog landscape written as an
// expression (--expr) against the built-in one, same start and parameters,
// alternating chunk by chunk and timed like BenchmarkStepLoop. It reports the ratio
// builtin/expr of the time per step (1: as fast as compiled Go; the goal
// is ≥ 0.5). The frictionless ball never comes to rest, so every step of
// both is computed (a settled damped ball would count cycles instead).
func BenchmarkExprStepLoop(b *testing.B) {
	for _, c := range []struct{ name, src string }{
		{"rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2"},
		{"camel", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2"},
		{"himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"},
		{"beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"},
		{"rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)"},
		{"ravine", "(x^2 + 20*y^2)/2"},
		{"bowl", "(x^2 + y^2)/2"},
	} {
		b.Run(c.name, func(b *testing.B) {
			built := mustLandscape(b, c.name)
			custom, err := expr.NewLandscape(c.src, built.View, nil)
			if err != nil {
				b.Fatal(err)
			}
			params := ParamsOf(built.Defaults)
			const chunk = 1000
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var tb, te time.Duration
			for b.Loop() {
				t0 := threadCPU()
				p := NewParticle(built, built.Start)
				(&System{Land: built, Method: Heavy, Params: params}).Advance(&p, chunk)
				t1 := threadCPU()
				q := NewParticle(custom, built.Start)
				(&System{Land: custom, Method: Heavy, Params: params}).Advance(&q, chunk)
				t2 := threadCPU()
				tb, te = tb+t1-t0, te+t2-t1
				if p.Step != q.Step {
					b.Fatalf("built-in took %d steps, expression %d", p.Step, q.Step)
				}
			}
			steps := float64(b.N) * chunk
			b.ReportMetric(float64(te.Nanoseconds())/steps, "ns/step")
			b.ReportMetric(float64(tb.Nanoseconds())/steps, "builtin-ns/step")
			b.ReportMetric(float64(tb)/float64(te), "builtin/expr")
		})
	}
}
