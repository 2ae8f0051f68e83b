package landscapes

import "math"

// catalog builds every built-in landscape. Formulas are the literature's,
// so results can be compared with published numbers.
func catalog() []*Landscape {
	return []*Landscape{
		bowl(), ravine(), rosenbrock(), himmelblau(), beale(),
		camel(), rastrigin(), saddle(), plateau(),
	}
}

func bowl() *Landscape {
	l := New("bowl", "(x² + y²)/2",
		"the round quadratic: flow, heavy, damped and nesterov head straight for the centre; adam, rmsprop and adagrad curve (a step per coordinate)",
		Rect{-3, 3, -3, 3}, Vec{-2.5, 2},
		Defaults{Dt: 0.1, Mass: 1, Friction: 0.5},
		[]Minimum{{Vec{0, 0}, 0}},
		func(p Vec) float64 { return (p.X*p.X + p.Y*p.Y) / 2 },
		func(p Vec) Vec { return p },
		func(Vec) Sym { return Sym{1, 0, 1} })
	return l
}

// ravine has Hessian eigenvalues 1 and 20; its defaults put gradient flow
// (step Δt/ε = 0.09) near its limit 2/20, where it zig-zags across the valley.
func ravine() *Landscape {
	l := New("ravine", "(x² + 20y²)/2",
		"an ill-conditioned quadratic (condition number 20): flow zig-zags, momentum runs down the valley",
		Rect{-5, 5, -2, 2}, Vec{-4.5, 1.2},
		Defaults{Dt: 0.09, Mass: 0.3, Friction: 1},
		[]Minimum{{Vec{0, 0}, 0}},
		func(p Vec) float64 { return (p.X*p.X + 20*p.Y*p.Y) / 2 },
		func(p Vec) Vec { return Vec{p.X, 20 * p.Y} },
		func(Vec) Sym { return Sym{1, 0, 20} })
	// Slow enough to watch each zig-zag: the damped ball is home in ~40 steps.
	l.StepsPerSecond = 20
	return l
}

func rosenbrock() *Landscape {
	l := New("rosenbrock", "(1 − x)² + 100(y − x²)²",
		"a curved, flat-bottomed valley: easy to find, slow to follow",
		Rect{-2, 2, -1, 3}, Vec{-1.2, 1},
		Defaults{Dt: 0.001, Mass: 0.025, Friction: 1},
		[]Minimum{{Vec{1, 1}, 0}},
		func(p Vec) float64 {
			a, b := 1-p.X, p.Y-p.X*p.X
			return a*a + 100*b*b
		},
		func(p Vec) Vec {
			b := p.Y - p.X*p.X
			return Vec{-2*(1-p.X) - 400*p.X*b, 200 * b}
		},
		func(p Vec) Sym {
			return Sym{2 - 400*p.Y + 1200*p.X*p.X, -400 * p.X, 200}
		})
	l.LogScale = true
	// 1200 steps/s: the damped ball is home in about 14 s (the valley is
	// slow to follow: that is its lesson), and a race here, the heaviest
	// screen, stays well inside the painter's budget of 10 % of a full
	// repaint per frame (scripts/perf.sh: 2400 steps/s sent 10.3 %).
	l.StepsPerSecond = 1200
	return l
}

func himmelblau() *Landscape {
	f := func(p Vec) float64 {
		a, b := p.X*p.X+p.Y-11, p.X+p.Y*p.Y-7
		return a*a + b*b
	}
	grad := func(p Vec) Vec {
		a, b := p.X*p.X+p.Y-11, p.X+p.Y*p.Y-7
		return Vec{4*p.X*a + 2*b, 2*a + 4*p.Y*b}
	}
	hess := func(p Vec) Sym {
		return Sym{12*p.X*p.X + 4*p.Y - 42, 4 * (p.X + p.Y), 12*p.Y*p.Y + 4*p.X - 26}
	}
	minima := polished(f, grad, hess, Vec{3, 2}, Vec{-2.805118, 3.131312},
		Vec{-3.779310, -3.283186}, Vec{3.584428, -1.848126})
	l := New("himmelblau", "(x² + y − 11)² + (x + y² − 7)²",
		"four equal minima around a central peak: which one a ball reaches depends on where it starts",
		Rect{-5, 5, -5, 5}, Vec{-0.3, -0.9},
		Defaults{Dt: 0.01, Mass: 0.05, Friction: 1},
		minima, f, grad, hess)
	l.LogScale = true
	l.StepsPerSecond = 120
	return l
}

func beale() *Landscape {
	cs := [3]float64{1.5, 2.25, 2.625}
	f := func(p Vec) float64 {
		s, yi := 0.0, 1.0
		for _, c := range cs {
			yi *= p.Y
			r := c - p.X + p.X*yi
			s += r * r
		}
		return s
	}
	grad := func(p Vec) Vec {
		var g Vec
		yPrev, yi := 1.0, 1.0 // y^(i−1), y^i
		for i, c := range cs {
			yPrev, yi = yi, yi*p.Y
			r := c - p.X + p.X*yi
			g.X += 2 * r * (yi - 1)
			g.Y += 2 * r * float64(i+1) * p.X * yPrev
		}
		return g
	}
	hess := func(p Vec) Sym {
		var h Sym
		yPrev2, yPrev, yi := 0.0, 1.0, 1.0 // y^(i−2), y^(i−1), y^i
		for i, c := range cs {
			n := float64(i + 1)
			yPrev2, yPrev, yi = yPrev, yi, yi*p.Y
			if i == 0 {
				yPrev2 = 0 // the i(i−1) factor is zero anyway; avoid y^(−1)
			}
			r := c - p.X + p.X*yi
			rx, ry := yi-1, n*p.X*yPrev
			h.XX += 2 * rx * rx
			h.XY += 2 * (ry*rx + r*n*yPrev)
			h.YY += 2 * (ry*ry + r*n*(n-1)*p.X*yPrev2)
		}
		return h
	}
	l := New("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
		"steep walls and a long flat arm leading to the minimum at (3, 0.5)",
		Rect{-1.5, 4.5, -1.5, 2}, Vec{4.2, 0.75},
		Defaults{Dt: 0.005, Mass: 0.1, Friction: 1},
		[]Minimum{{Vec{3, 0.5}, 0}}, f, grad, hess)
	l.LogScale = true
	l.StepsPerSecond = 300
	return l
}

func camel() *Landscape {
	f := func(p Vec) float64 {
		x2, y2 := p.X*p.X, p.Y*p.Y
		return (4-2.1*x2+x2*x2/3)*x2 + p.X*p.Y + (-4+4*y2)*y2
	}
	grad := func(p Vec) Vec {
		x, y := p.X, p.Y
		x2 := x * x
		return Vec{8*x - 8.4*x2*x + 2*x2*x2*x + y, x - 8*y + 16*y*y*y}
	}
	hess := func(p Vec) Sym {
		x2 := p.X * p.X
		return Sym{8 - 25.2*x2 + 10*x2*x2, 1, -8 + 48*p.Y*p.Y}
	}
	minima := polished(f, grad, hess,
		Vec{0.0898, -0.7126}, Vec{-0.0898, 0.7126},
		Vec{1.7036, -0.7961}, Vec{-1.7036, 0.7961},
		Vec{1.6071, 0.5687}, Vec{-1.6071, -0.5687})
	l := New("camel", "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
		"six-hump camel: two global and four local minima",
		Rect{-2.2, 2.2, -1.2, 1.2}, Vec{-1.9, 1.1},
		Defaults{Dt: 0.005, Mass: 0.0125, Friction: 0.5},
		minima, f, grad, hess)
	l.StepsPerSecond = 120
	return l
}

func rastrigin() *Landscape {
	const w = 2 * math.Pi
	l := New("rastrigin", "20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
		"a bowl covered in dimples: many local minima around the global one",
		Rect{-3, 3, -3, 3}, Vec{-2.4, 2.2},
		Defaults{Dt: 0.001, Mass: 0.002, Friction: 0.4},
		[]Minimum{{Vec{0, 0}, 0}},
		func(p Vec) float64 {
			return 20 + p.X*p.X - 10*math.Cos(w*p.X) + p.Y*p.Y - 10*math.Cos(w*p.Y)
		},
		func(p Vec) Vec {
			return Vec{2*p.X + 10*w*math.Sin(w*p.X), 2*p.Y + 10*w*math.Sin(w*p.Y)}
		},
		func(p Vec) Sym {
			return Sym{2 + 10*w*w*math.Cos(w*p.X), 0, 2 + 10*w*w*math.Cos(w*p.Y)}
		})
	l.StepsPerSecond = 600
	return l
}

// saddle has a saddle at the origin between minima at (0, ±1). Started just
// off the ridge y = 0, gradient flow lingers near the saddle.
func saddle() *Landscape {
	l := New("saddle", "x²/2 + y⁴/4 − y²/2",
		"a saddle at the origin between two minima at (0, ±1)",
		Rect{-2, 2, -1.8, 1.8}, Vec{-1.9, 0.001},
		Defaults{Dt: 0.05, Mass: 0.1, Friction: 0.5},
		[]Minimum{{Vec{0, -1}, -0.25}, {Vec{0, 1}, -0.25}},
		func(p Vec) float64 {
			y2 := p.Y * p.Y
			return p.X*p.X/2 + y2*y2/4 - y2/2
		},
		func(p Vec) Vec { return Vec{p.X, p.Y*p.Y*p.Y - p.Y} },
		func(p Vec) Sym { return Sym{1, 0, 3*p.Y*p.Y - 1} })
	return l
}

// plateauSlope is the pull of the plateau's gentle cone. It keeps |∇f| below
// 1e-3 on the flat part while still giving every method something to follow.
const plateauSlope = 6e-4

// plateau is a gaussian well sunk into a nearly flat mesa. Far from the well
// f ≈ plateauSlope·√(1+r²): a slope so gentle that flow and the damped
// ball, which reach their terminal velocity −∇f/ε, crawl, while the
// frictionless ball gathers speed across it.
func plateau() *Landscape {
	const d = plateauSlope
	l := New("plateau", "6e-4·√(1 + x² + y²) − exp(−(x² + y²)/2)",
		"a well in a vast, almost flat plain: with friction a ball creeps across at its terminal speed |∇f|/ε until it finds the well",
		Rect{-7, 7, -7, 7}, Vec{-6, 4.5},
		Defaults{Dt: 0.5, Mass: 1, Friction: 0.5},
		[]Minimum{{Vec{0, 0}, d - 1}},
		func(p Vec) float64 {
			r2 := p.X*p.X + p.Y*p.Y
			return d*math.Sqrt(1+r2) - math.Exp(-r2/2)
		},
		func(p Vec) Vec {
			r2 := p.X*p.X + p.Y*p.Y
			return p.Scale(d/math.Sqrt(1+r2) + math.Exp(-r2/2))
		},
		func(p Vec) Sym {
			r2 := p.X*p.X + p.Y*p.Y
			s := math.Sqrt(1 + r2)
			c := d / (s * s * s) // cone: d[(1+r²)I − ppᵀ]/(1+r²)^{3/2}
			g := math.Exp(-r2 / 2)
			return Sym{
				XX: c*(1+r2-p.X*p.X) + g*(1-p.X*p.X),
				XY: -c*p.X*p.Y - g*p.X*p.Y,
				YY: c*(1+r2-p.Y*p.Y) + g*(1-p.Y*p.Y),
			}
		})
	l.StepsPerSecond = 120
	return l
}

// polished turns approximate minima from the literature into stationary
// points to machine precision with a few Newton steps, so the listed
// positions and values are exact for our formulas.
//
// A value that is round-off of 0 becomes 0. The polished point is itself
// rounded, to within an ulp δ per coordinate, and over that distance f
// changes by up to ½·λmax·|δ|² around a minimum: below that, f at the point
// cannot tell its value from 0, and printing 7.9e-31 for a minimum whose
// exact value is 0 (himmelblau's sum of squares vanishes at all four) would
// claim a difference the arithmetic cannot see. The bound has a factor 8 of
// margin for the rounding of f's own terms; a minimum whose value is not
// near 0 (camel's, the saddle's) is far outside it and kept as computed.
func polished(f func(Vec) float64, grad func(Vec) Vec, hess func(Vec) Sym, seeds ...Vec) []Minimum {
	ms := make([]Minimum, 0, len(seeds))
	for _, p := range seeds {
		for range 50 {
			g, h := grad(p), hess(p)
			det := h.XX*h.YY - h.XY*h.XY
			if det == 0 {
				break
			}
			step := Vec{(h.YY*g.X - h.XY*g.Y) / det, (h.XX*g.Y - h.XY*g.X) / det}
			p = p.Sub(step)
			if step.Norm() < 1e-15 {
				break
			}
		}
		v := f(p)
		if math.Abs(v) <= roundoffNear(p, hess(p)) {
			v = 0
		}
		ms = append(ms, Minimum{p, v})
	}
	return sortedMinima(ms)
}

// roundoffNear is how much f can change between p and the representable
// points around it, where the Hessian is h and ∇f ≈ 0, with a factor 8 of
// margin: 8·½·λmax·|δ|², δ one ulp of each coordinate.
func roundoffNear(p Vec, h Sym) float64 {
	l1, l2, _ := h.Eigen()
	ulp := func(v float64) float64 { return math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v) }
	d := Vec{ulp(p.X), ulp(p.Y)}
	return 4 * max(math.Abs(l1), math.Abs(l2)) * d.Dot(d)
}
