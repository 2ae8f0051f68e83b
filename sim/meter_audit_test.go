package sim

import (
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// The windows where the meter used to show a rate the motion does not
// have: a growing ρ (up to 2.6) while the ball converged, and rates for a
// frictionless ball orbiting through curved ground, whose kept energy
// means nothing contracts (7.07 on the plateau). None is one linear
// recurrence, and the meter now says nothing there. (In the plateau
// lesson at step 300 flow's window is linear: it glides at 0.99999, the
// theory's 1.00002, and is shown; the damped ball's 1.01 was not.)
func TestContractionMeterSilentWhereItUsedToInvent(t *testing.T) {
	type at struct {
		land   string
		lesson string
		meth   Method
		steps  []int
	}
	for _, c := range []at{
		{land: "himmelblau", meth: Damped, steps: []int{30}},
		{land: "himmelblau", meth: Flow, steps: []int{14}},
		{land: "saddle", meth: Damped, steps: []int{70, 80, 90, 100, 110}},
		{land: "beale", meth: Damped, steps: []int{400}},
		{land: "rosenbrock", meth: Nesterov, steps: []int{10}},
		{land: "plateau", meth: Heavy, steps: []int{1248}},
		{land: "camel", meth: Heavy, steps: []int{12, 905}},
		{land: "rosenbrock", meth: Heavy, steps: []int{543}},
		{lesson: "plateau", meth: Damped, steps: []int{300}},
		{lesson: "saddle", meth: Flow, steps: []int{80, 100}},
		{lesson: "saddle", meth: Damped, steps: []int{80, 100}},
	} {
		var l *landscapes.Landscape
		var params Params
		var start Vec
		if c.lesson != "" {
			sc, err := ScenarioByName(c.lesson)
			if err != nil {
				t.Fatal(err)
			}
			l = mustLandscape(t, sc.Landscape)
			params, start = sc.Tuning.For(c.meth), sc.Start
		} else {
			l = mustLandscape(t, c.land)
			params, start = ParamsOf(l.Defaults), l.Start
		}
		sys := System{Land: l, Method: c.meth, Params: params}
		p := NewParticle(l, start)
		mt := NewContractionMeter(&p)
		for _, n := range c.steps {
			for p.Step < n {
				sys.Advance(&p, 1)
				mt.Record(&p, &sys)
			}
			if rate, k, ok := mt.Rate(&sys); ok {
				t.Errorf("%s%s %s at step %d: measured ρ %v over %d steps; theory at the ball %v", c.land, c.lesson, c.meth.Name(), n, rate, k, rhoAtBall(l, c.meth, params, p.Pos))
			}
		}
	}
}
