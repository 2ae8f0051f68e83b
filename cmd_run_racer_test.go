package main

import (
	"slices"
	"strings"
	"testing"
)

// A race of --racer flags prints each racer's rows under its label (the
// method, or name#k when the method runs more than once), and each racer's
// rows are exactly those of the same settings run alone.
func TestRunRacersEqualThemselvesAlone(t *testing.T) {
	common := []string{"run", "--landscape", "ravine", "--steps", "60", "--every", "7"}
	race := append(slices.Clone(common), "--racer", "damped:lr=0.02,momentum=0.5", "--racer", "damped:lr=0.02,momentum=0.9",
		"--racer", "flow:lr=0.05", "--racer", "nesterov", "--racer", "damped:dt=0.05,mass=0.2,friction=1", "--dt", "0.08")
	out, errOut, code := cli(t, race...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	alone := map[string][]string{
		"damped#1": {"--method", "damped", "--lr", "0.02", "--momentum", "0.5"},
		"damped#2": {"--method", "damped", "--lr", "0.02", "--momentum", "0.9"},
		"flow":     {"--method", "flow", "--lr", "0.05"},
		"nesterov": {"--method", "nesterov", "--dt", "0.08"}, // no keys: the command's flags
		"damped#3": {"--method", "damped", "--dt", "0.05", "--mass", "0.2", "--friction", "1"},
	}
	got := map[string][]string{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		label, rest, _ := strings.Cut(line, ",")
		if _, ok := got[label]; !ok {
			order = append(order, label)
		}
		got[label] = append(got[label], rest)
	}
	if want := []string{"damped#1", "damped#2", "flow", "nesterov", "damped#3"}; !slices.Equal(order, want) {
		t.Fatalf("racers in order %q, want %q", order, want)
	}
	for label, args := range alone {
		single, _, code := cli(t, append(slices.Clone(common), args...)...)
		if code != 0 {
			t.Fatalf("%s alone: exit %d", label, code)
		}
		var rows []string
		for _, line := range strings.Split(strings.TrimSpace(single), "\n")[1:] {
			_, rest, _ := strings.Cut(line, ",")
			rows = append(rows, rest)
		}
		if !slices.Equal(got[label], rows) {
			t.Errorf("%s: the race's rows differ from %q alone", label, args)
		}
	}
	// The μ = 0.5 and 0.9 balls really differ.
	if slices.Equal(got["damped#1"], got["damped#2"]) {
		t.Error("damped#1 and damped#2 printed the same rows")
	}
}

// A repeated racer's ghost rows carry its label: damped#2-ode.
func TestRunRacerGhostLabels(t *testing.T) {
	out, _, code := cli(t, "run", "--landscape", "ravine", "--steps", "2", "--ghost",
		"--racer", "damped:lr=0.02,momentum=0.5", "--racer", "damped:lr=0.02,momentum=0.9")
	if code != 0 || !strings.Contains(out, "\ndamped#1-ode,2,") || !strings.Contains(out, "\ndamped#2-ode,2,") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}
