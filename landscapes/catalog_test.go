package landscapes

import (
	"math"
	"testing"
)

// A minimum's value is f at its polished point, except that round-off of 0
// is 0: himmelblau's four minima are exact zeros of a sum of squares, and
// every snapped value was within 1e-27 of 0 before. Values away from 0 are
// untouched and agree with the literature (camel's three levels, to the
// published 10 digits).
func TestMinimumValues(t *testing.T) {
	for _, l := range All() {
		for _, m := range l.Minima() {
			f := l.F(m.At)
			switch {
			case m.Value == f:
			case m.Value == 0 && math.Abs(f) < 1e-27:
			default:
				t.Errorf("%s: minimum at %v listed as %v, f there is %v", l.Name, m.At, m.Value, f)
			}
		}
	}
	h, _ := ByName("himmelblau")
	if ms := h.Minima(); len(ms) != 4 {
		t.Fatalf("himmelblau has %d minima, want 4", len(ms))
	}
	for _, m := range h.Minima() {
		if m.Value != 0 {
			t.Errorf("himmelblau minimum at %v has value %v, want exactly 0", m.At, m.Value)
		}
	}
	c, _ := ByName("camel")
	published := []float64{-1.031628453, -1.031628453, -0.2154638244, -0.2154638244, 2.104250310, 2.104250310}
	ms := c.Minima()
	if len(ms) != len(published) {
		t.Fatalf("camel has %d minima, want %d", len(ms), len(published))
	}
	for i, m := range ms {
		if math.Abs(m.Value-published[i]) > 1e-9 {
			t.Errorf("camel minimum at %v has value %.12g, published %.10g", m.At, m.Value, published[i])
		}
	}
}
