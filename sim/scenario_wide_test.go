package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// scWide is the wider neighbourhood the lessons' claims are held to: the
// shipped start and 12 starts on a circle of radius 0.2 around it, each at
// the shipped parameters and after one press of each parameter key the
// student is likely to try (t/T: Δt ÷/× 1.25, m/M: m ÷/× 1.25, e/E:
// FrictionDown/FrictionUp by 1.25, as model/input.go's paramFactor):
// 13 × 7 variants, the shipped one first. A lesson whose racers have their
// own settings changes each alike.
func scWide(s Scenario) []Scenario {
	const factor = 1.25 // model's paramFactor: one key press
	keys := []func(*Params){
		func(*Params) {},
		func(p *Params) { p.Dt /= factor },
		func(p *Params) { p.Dt *= factor },
		func(p *Params) { p.Mass /= factor },
		func(p *Params) { p.Mass *= factor },
		func(p *Params) { FrictionDown(p, factor) },
		func(p *Params) { FrictionUp(p, factor) },
	}
	var out []Scenario
	for _, key := range keys {
		for i := -1; i < 12; i++ {
			v := s
			v.Tuning = Tuning{Physical: s.Tuning.Physical}
			key(&v.Tuning.Physical)
			if s.Tunings != nil {
				v.Tunings = nil
				for _, t := range s.Tunings {
					p := t.Physical
					key(&p)
					v.Tunings = append(v.Tunings, Tuning{Physical: p})
				}
				v.Tuning = v.Tunings[0]
			}
			if i >= 0 {
				a := 2 * math.Pi * float64(i) / 12
				v.Start = Vec{X: s.Start.X + 0.2*math.Cos(a), Y: s.Start.Y + 0.2*math.Sin(a)}
			}
			out = append(out, v)
		}
	}
	return out
}

// scWideClaims are the lessons whose claims hold in scWide too.
// friction-basins is not among them: where a ball ends hangs on its start,
// its caption says "from here", and TestFrictionBasinsFromNearby says how
// far that reaches.
var scWideClaims = map[string]func(*landscapes.Landscape, Scenario) error{
	"local-minima":      nearLocalMinima,
	"too-much-momentum": nearTooMuchMomentum,
	"noise":             scNoiseSeeds,
	"nesterov":          nearNesterov,
	"adam-ravine":       nearAdamRavine,
}

// The lessons of scWideClaims keep their captions' claims from every start
// within 0.2 and after one press of any parameter key.
func TestScenarioClaimsWide(t *testing.T) {
	for _, s := range Scenarios() {
		claim, ok := scWideClaims[s.Name]
		if !ok {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			l, err := landscapes.ByName(s.Landscape)
			if err != nil {
				t.Fatal(err)
			}
			bad := 0
			for _, v := range scWide(s) {
				if err := claim(l, v); err != nil {
					if bad++; bad <= 40 {
						t.Errorf("from %v with %+v: %v", v.Start, v.Tuning.Physical, err)
					}
				}
			}
			if bad > 0 {
				t.Errorf("the claim fails for %d of %d variants", bad, len(scWide(s)))
			}
		})
	}
}

// scNoiseSeeds is nearNoise at seeds 1 to 4: the caption's claim is about
// every seed, as `momentum run --scenario noise --seed K` runs them.
func scNoiseSeeds(l *landscapes.Landscape, s Scenario) error {
	for seed := uint64(1); seed <= 4; seed++ {
		v := s
		v.Noise.Seed = seed
		if err := nearNoise(l, v); err != nil {
			return scErr("seed %d: %v", seed, err)
		}
	}
	return nil
}

// A claim that holds only near the lesson's start or settings says what it
// hangs on: noise's ratio on flow's nearness to its limit, adam-ravine's
// 5 on the start (the law is 20|y/x|), friction-basins' minima on the
// start; local-minima's damped ball ends in a lower minimum, which one
// hanging on its energy.
func TestScenarioCaptionsSayWhatTheyHangOn(t *testing.T) {
	for name, wants := range map[string][]string{
		"noise":           {"90 % of its limit", "5× damped's here"},
		"adam-ravine":     {"for 8 steps", "20|y/x|, 5 here"},
		"friction-basins": {"From here"},
		"local-minima":    {"rolls on to a lower one"},
	} {
		s, err := ScenarioByName(name)
		if err != nil {
			t.Fatal(err)
		}
		caption := s.Caption[0] + " " + s.Caption[1]
		for _, w := range wants {
			if !strings.Contains(caption, w) {
				t.Errorf("%s: caption %q does not say %q", name, caption, w)
			}
		}
	}
}
