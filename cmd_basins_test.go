package main

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/landscapes"
)

// basinRow is one parsed row of `momentum basins`.
type basinRow struct {
	x, y, minimum, mx, my, steps string
}

// basinsOK runs `momentum basins` and expects success.
func basinsOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := cli(t, append([]string{"basins"}, args...)...)
	if code != 0 {
		t.Fatalf("momentum basins %q: exit %d, stderr %q", args, code, errs)
	}
	return out
}

func parseBasins(t *testing.T, out string) []basinRow {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "x,y,minimum,mx,my,steps" {
		t.Fatalf("header %q", lines[0])
	}
	var rows []basinRow
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != 6 {
			t.Fatalf("row %q has %d fields", l, len(f))
		}
		rows = append(rows, basinRow{f[0], f[1], f[2], f[3], f[4], f[5]})
	}
	return rows
}

// TestBasinRowsAreRuns: every row of `basins` is what a single `run` from
// that start does: after `steps` steps it stands at (mx, my) bit for bit,
// and the minimum named is the listed minimum that point is at.
func TestBasinRowsAreRuns(t *testing.T) {
	for _, args := range [][]string{
		{"--landscape", "himmelblau"},
		{"--landscape", "camel", "--method", "flow"},
		{"--landscape", "himmelblau", "--method", "heavy"},                                          // never settles: none
		{"--landscape", "bowl", "--method", "flow", "--dt", "3", "--mass", "10", "--friction", "1"}, // step 3 > 2/λ: diverged
	} {
		out := basinsOK(t, append([]string{"--grid", "7x4", "--steps", "3000"}, args...)...)
		rows := parseBasins(t, out)
		if len(rows) != 28 {
			t.Fatalf("%v: %d rows for a 7x4 grid", args, len(rows))
		}
		land := mustLand(t, args[1])
		for _, r := range rows {
			run, _ := runOK(t, append([]string{"run", "--start", r.x + "," + r.y, "--steps", r.steps, "--every", r.steps}, args...)...)
			lines := strings.Split(strings.TrimSpace(run), "\n")
			last := strings.Split(lines[len(lines)-1], ",")
			if last[2] != r.mx || last[3] != r.my {
				t.Fatalf("%v from (%s, %s): basins says (%s, %s) after %s steps, run says (%s, %s)", args, r.x, r.y, r.mx, r.my, r.steps, last[2], last[3])
			}
			switch r.minimum {
			case "none":
				if args[len(args)-1] != "heavy" {
					t.Errorf("%v from (%s, %s): did not settle", args, r.x, r.y)
				}
			case "diverged":
				if args[1] != "bowl" {
					t.Errorf("%v from (%s, %s): diverged", args, r.x, r.y)
				}
			default:
				k, err := strconv.Atoi(r.minimum)
				ms := land.Minima()
				if err != nil || k < 1 || k > len(ms) {
					t.Fatalf("%v: minimum %q is not a listed minimum's index", args, r.minimum)
				}
				mx, _ := strconv.ParseFloat(r.mx, 64)
				my, _ := strconv.ParseFloat(r.my, 64)
				if d := ms[k-1].At.Dist(landscapes.Vec{X: mx, Y: my}); d > 1e-6 {
					t.Errorf("%v from (%s, %s): settled at (%v, %v), %v from minimum %d", args, r.x, r.y, mx, my, d, k)
				}
			}
		}
		if args[len(args)-1] == "heavy" || args[1] == "bowl" {
			continue
		}
		// Settled rows agree with the run's own steps: the ball is at rest.
		if rows[0].minimum == "none" {
			t.Errorf("%v: the first start did not settle", args)
		}
	}
}

// TestBasinsNumberUnlistedPoints: an expression lists no minima, so its
// settling points are numbered: x⁴ − 2x² + y² has minima at (±1, 0), the
// left half of the view settles in one, the right half in the other.
func TestBasinsNumberUnlistedPoints(t *testing.T) {
	out := basinsOK(t, "--expr", "x^4 - 2*x^2 + y^2", "--bounds", "-2,2,-1,1", "--grid", "6x3", "--method", "damped", "--dt", "0.01", "--mass", "0.1", "--friction", "1")
	for _, r := range parseBasins(t, out) {
		x, _ := strconv.ParseFloat(r.x, 64)
		mx, _ := strconv.ParseFloat(r.mx, 64)
		want := "1"
		if math.Signbit(x) != math.Signbit(parseFirstX(t, out)) {
			want = "2"
		}
		if r.minimum != want || math.Abs(math.Abs(mx)-1) > 1e-6 || math.Signbit(mx) != math.Signbit(x) {
			t.Errorf("from x = %s: minimum %s at mx = %s; want %s at %s1", r.x, r.minimum, r.mx, want, map[bool]string{true: "−", false: "+"}[x < 0])
		}
	}
}

func parseFirstX(t *testing.T, out string) float64 {
	x, err := strconv.ParseFloat(parseBasins(t, out)[0].x, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestBasinsBadInput(t *testing.T) {
	for _, c := range []struct{ args, want []string }{
		{[]string{"basins", "--grid", "10"}, []string{"--grid", `"10"`, "COLSxROWS"}},
		{[]string{"basins", "--grid", "0x5"}, []string{"--grid", "COLSxROWS"}},
		{[]string{"basins", "--noise", "0.1"}, []string{"--noise", "never comes to rest"}},
		{[]string{"basins", "--method", "flow,damped"}, []string{"--method", "one method"}},
	} {
		checkUsageError(t, c.args, c.want)
	}
}

// TestBasinsDefaultIsTheMapsLimit: the README says each cell of the
// simulator's map is what `basins` prints for that start, so the command's
// default step limit is the map's. Rosenbrock's balls take tens of
// thousands of steps down the valley: the map shows every cell in its one
// minimum, and so must `basins` at its defaults (at 20000 steps every row
// was `none`).
func TestBasinsDefaultIsTheMapsLimit(t *testing.T) {
	for _, r := range parseBasins(t, basinsOK(t, "--landscape", "rosenbrock", "--grid", "8x6")) {
		if r.minimum != "1" {
			t.Errorf("rosenbrock from (%s, %s): %s after %s steps; the map says 1", r.x, r.y, r.minimum, r.steps)
		}
	}
	out, _, code := cli(t, "basins", "--help")
	if code != 0 || !strings.Contains(out, "default 50000, the basin map's") {
		t.Errorf("basins --help does not give the map's limit as the default:\n%s", out)
	}
	// --method takes one method here, and the help says so.
	if strings.Contains(out, "comma list") || !strings.Contains(out, "one method at a time") {
		t.Errorf("basins --help offers a comma list of methods:\n%s", out)
	}
	if _, errs, code := cli(t, "basins", "--method", "flow,heavy"); code != 2 || !strings.Contains(errs, "one method at a time") {
		t.Errorf("basins --method flow,heavy: exit %d, %q", code, errs)
	}
}
