package main

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// closeTo6 accepts a number printed with about six significant digits.
func closeTo6(got, want float64) bool {
	return math.Abs(got-want) <= 1e-5*math.Max(1, math.Abs(want))
}

var (
	viewRE   = regexp.MustCompile(`x ∈ \[(\S+), (\S+)\], y ∈ \[(\S+), (\S+)\]`)
	minimaRE = regexp.MustCompile(`f\((\S+), (\S+)\) = (\S+?)(?:;|$)`)
)

func parseNums(t *testing.T, ss ...string) []float64 {
	t.Helper()
	var vs []float64
	for _, s := range ss {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q is not a number: %v", s, err)
		}
		vs = append(vs, v)
	}
	return vs
}

// landscapeBlock returns the lines that describe one landscape: from its
// "name: f = …" line to the next blank line.
func landscapeBlock(out, name string) (string, bool) {
	_, after, ok := strings.Cut(out, "\n  "+name+": f = ")
	if !ok {
		return "", false
	}
	block, _, _ := strings.Cut(after, "\n\n")
	return block, true
}

// Minimum values print as the published ones: himmelblau's four are exactly
// 0 (a sum of squares that vanishes there), not the round-off 7.9e-31 that
// f gives at the rounded points, and camel's three levels are the
// literature's −1.031628453, −0.2154638244 and 2.104250310.
func TestListPrintsMinimumValues(t *testing.T) {
	out, _, code := cli(t, "list")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	values := func(name string) []string {
		block, ok := landscapeBlock(out, name)
		if !ok {
			t.Fatalf("no %s in list", name)
		}
		var vs []string
		for _, m := range minimaRE.FindAllStringSubmatch(block, -1) {
			vs = append(vs, m[3])
		}
		return vs
	}
	if got := values("himmelblau"); strings.Join(got, " ") != "0 0 0 0" {
		t.Errorf("himmelblau minima values %q, want four 0", got)
	}
	got := values("camel")
	want := []string{"-1.03163", "-1.03163", "-0.215464", "-0.215464", "2.10425", "2.10425"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("camel minima values %q, want %q", got, want)
	}
}

func TestListLandscapes(t *testing.T) {
	out, errs, code := cli(t, "list")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	names := landscapes.Names()
	if len(names) == 0 {
		t.Fatal("no landscapes")
	}
	byName := map[string]*landscapes.Landscape{}
	for _, l := range landscapes.All() {
		byName[l.Name] = l
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			l := byName[name]
			block, ok := landscapeBlock(out, name)
			if !ok {
				t.Fatalf("list does not name landscape %q", name)
			}
			if first, _, _ := strings.Cut(block, "\n"); first != l.Formula {
				t.Errorf("formula %q, want %q", first, l.Formula)
			}
			// Bounds: the view rectangle.
			m := viewRE.FindStringSubmatch(block)
			if m == nil {
				t.Fatalf("no bounds 'x ∈ [a, b], y ∈ [c, d]' in:\n%s", block)
			}
			got := parseNums(t, m[1:]...)
			want := []float64{l.View.XMin, l.View.XMax, l.View.YMin, l.View.YMax}
			for i := range want {
				if !closeTo6(got[i], want[i]) {
					t.Errorf("bounds %v, want %v", got, want)
					break
				}
			}
			// Minima: every known minimum, position and value, and no others.
			var line string
			for _, ln := range strings.Split(block, "\n") {
				if s, ok := strings.CutPrefix(strings.TrimSpace(ln), "minima "); ok {
					line = s
				}
			}
			if line == "" {
				t.Fatalf("no minima line in:\n%s", block)
			}
			listed := minimaRE.FindAllStringSubmatch(line, -1)
			minima := l.Minima()
			if len(listed) != len(minima) {
				t.Fatalf("%d minima listed (%q), want %d", len(listed), line, len(minima))
			}
			for _, mn := range minima {
				found := false
				for _, s := range listed {
					v := parseNums(t, s[1:]...)
					// Coordinates and values to six digits.
					if closeTo6(v[0], mn.At.X) && closeTo6(v[1], mn.At.Y) && math.Abs(v[2]-mn.Value) <= 1e-5*math.Max(1, math.Abs(mn.Value)) {
						found = true
					}
				}
				if !found {
					t.Errorf("minimum f(%v, %v) = %v not listed in %q", mn.At.X, mn.At.Y, mn.Value, line)
				}
			}
		})
	}
}

func TestListMethods(t *testing.T) {
	out, _, code := cli(t, "list")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	_, methods, ok := strings.Cut(out, "\nMETHODS\n")
	if !ok {
		t.Fatalf("no METHODS section:\n%s", out)
	}
	for _, m := range sim.Methods {
		if m.Law() == "" {
			t.Fatalf("%s has no law", m.Name())
		}
		found := false
		for _, line := range strings.Split(methods, "\n") {
			if fs := strings.Fields(line); len(fs) > 0 && fs[0] == m.Name() {
				found = true
				if !strings.Contains(line, m.Law()) {
					t.Errorf("line %q for %s lacks its law %q", line, m.Name(), m.Law())
				}
			}
		}
		if !found {
			t.Errorf("method %s is not listed:\n%s", m.Name(), methods)
		}
	}
}

func TestListHelp(t *testing.T) {
	out, errs, code := cli(t, "list", "--help")
	if code != 0 || errs != "" || !strings.Contains(out, "usage: momentum list") {
		t.Errorf("list --help: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestListBadInput(t *testing.T) {
	for _, c := range []struct {
		args, want []string
	}{
		{[]string{"list", "landscapes"}, []string{`"landscapes"`, "only flags"}},
		{[]string{"list", "--long"}, []string{"--long", "--help"}},
	} {
		checkUsageError(t, c.args, c.want)
	}
}
