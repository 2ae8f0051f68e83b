package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

const basinsUsage = `usage: momentum basins [flags]

Starts a ball at rest at the centre of every cell of a --grid COLSxROWS
over the view and prints where each one ends, as CSV: x,y,minimum,mx,my,steps.
minimum is the 1-based index of the listed minimum it settled in (in
'momentum list' order), numbers past the list for settling points the list
does not have (every point of an --expr; a valley or ring of minima, such
as x^2 or (x^2+y^2-1)^2, is one number however many points balls rest on),
'none' when it was still moving after --steps steps, 'diverged' when it
left the finite numbers, 'saddle' when it came to rest where the gradient
is 0 and the Hessian has a clearly negative eigenvalue (below -1e-6 of its
largest, or of the view's curvature; a zero eigenvalue, as along a valley
of minima, is a flat minimum, numbered); (mx, my) is where it settled (or
stood at the limit, or was last finite) and steps the steps it took.
'momentum run' from (x, y) for that many steps ends at (mx, my) exactly. Rows run from the top of the view down, left to right.

flags:
`

func basinsCmd(args []string, stdout io.Writer) error {
	fs := settings.NewFlagSet("basins", basinsUsage)
	flags := settings.Register(fs, "himmelblau")
	cols, rows := 60, 30
	fs.Value("grid", "`COLSxROWS` starts across and down the view, each 1…2000 (default 60x30)", func(s string) (err error) {
		cols, rows, err = parseGrid(s)
		return err
	})
	if f := fs.Lookup("method"); f != nil {
		// The shared flag takes a comma list; basins follow one method.
		f.Usage = "`method`: one of " + strings.Join(methodNames(), ", ") + " (default damped; basins follow one method at a time)"
	}
	// The simulator's basin map runs the same limit, so each of its cells
	// is what this prints for that start.
	steps := sim.BasinSteps
	fs.Int("steps", "the step limit `N` per start (default "+strconv.Itoa(sim.BasinSteps)+", the basin map's)", &steps, 1, 1<<31-1)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	if len(s.Methods) != 1 {
		return settings.Usagef("--method: basins follow one method at a time; give one of %s", methodList())
	}
	if s.Noise.Sigma > 0 {
		return settings.Usagef("--noise: %v is not allowed; a noisy ball never comes to rest, so basins need --noise 0", s.Noise.Sigma)
	}
	land, err := s.Land()
	if err != nil {
		return err
	}
	sys := sim.System{Land: land, Method: s.Methods[0], Params: s.Tuning.For(s.Methods[0])}
	outs, err := sys.Fates(context.Background(), sim.GridStarts(land.View, cols, rows), steps, nil)
	if err != nil {
		return err
	}
	sim.Classify(land, outs)
	w := bufio.NewWriterSize(stdout, 64<<10)
	w.WriteString("x,y,minimum,mx,my,steps\n")
	var b []byte
	for _, o := range outs {
		b = sim.AppendBasinCSV(b[:0], o)
		w.Write(b)
	}
	return w.Flush()
}

// parseGrid reads COLSxROWS.
func parseGrid(s string) (cols, rows int, err error) {
	cs, rs, ok := strings.Cut(strings.ToLower(s), "x")
	c, errC := strconv.Atoi(strings.TrimSpace(cs))
	r, errR := strconv.Atoi(strings.TrimSpace(rs))
	if !ok || errC != nil || errR != nil || c < 1 || r < 1 || c > 2000 || r > 2000 {
		return 0, 0, fmt.Errorf("%q is not a grid; want COLSxROWS with whole numbers from 1 to 2000, such as 60x30", s)
	}
	return c, r, nil
}

// methodList names the methods for a message.
func methodList() string { return strings.Join(methodNames(), ", ") }

func methodNames() []string {
	var names []string
	for _, m := range sim.Methods {
		names = append(names, m.Name())
	}
	return names
}
