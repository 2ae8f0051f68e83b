package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// segment is a stretch of a racer's run with one system: the method, the
// parameters and the noise it ran with from step `from` on. The tape of
// segments replays the run exactly, since a step depends on nothing else.
type segment struct {
	from int
	sys  sim.System
}

// retape starts a new segment for every racer whose system changed in a
// way its method notices: gradient flow ignores m and ε, the heavy ball ε.
func (m *Model) retape() {
	for _, r := range m.racers {
		sys := m.system(r)
		if n := len(r.tape); n == 0 || !sameMotion(r.tape[n-1].sys, sys) {
			if n > 0 && r.tape[n-1].from == r.p.Step {
				r.tape[n-1].sys = sys // changed twice at one step: keep the last
				continue
			}
			r.tape = append(r.tape, segment{from: r.p.Step, sys: sys})
		}
	}
}

// sameMotion reports whether two systems move a particle identically.
func sameMotion(a, b sim.System) bool {
	return a.Land == b.Land && a.Method == b.Method && a.Noise == b.Noise &&
		a.Params.Coeffs(a.Method) == b.Params.Coeffs(b.Method)
}

// edited reports whether any racer's settings changed during its run, in
// which case a command line can only reproduce the current settings.
func (m *Model) edited() bool {
	for _, r := range m.racers {
		if len(r.tape) > 1 {
			return true
		}
	}
	return false
}

// Command is the `momentum` command line that reproduces the current state:
// landscape (or expression and view), method or racers, start, parameters,
// noise and seed. Numbers are in their shortest exact form, so the command
// reproduces the trajectory bit for bit.
func (m *Model) Command() string {
	if m.intactScenario() {
		return m.scenarioCommand()
	}
	var b strings.Builder
	b.WriteString("momentum")
	flag := func(name, value string) { b.WriteString(" --" + name + " " + value) }
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	l := m.land()
	if l.Name == landscapes.CustomName {
		flag("expr", shellQuote(l.Formula))
		v := l.View
		flag("bounds", num(v.XMin)+","+num(v.XMax)+","+num(v.YMin)+","+num(v.YMax))
	} else {
		flag("landscape", l.Name)
		if c, err := landscapes.ByName(l.Name); err == nil && c.View != l.View {
			v := l.View
			flag("bounds", num(v.XMin)+","+num(v.XMax)+","+num(v.YMin)+","+num(v.YMax))
		}
	}
	var methods []string
	hasDamped := false
	for _, r := range m.racers {
		if r.on {
			methods = append(methods, r.method.Name())
			hasDamped = hasDamped || r.method == sim.Damped
		}
	}
	if m.race && len(methods) == 1 {
		b.WriteString(" --race") // with one --method, a race of that racer alone
	}
	if len(methods) > 0 {
		flag("method", strings.Join(methods, ","))
	}
	flag("start", num(m.start.X)+","+num(m.start.Y))
	if t := m.tuning; t.Optimizer {
		flag("lr", num(t.LR))
		if hasDamped {
			flag("momentum", num(t.Momentum))
		}
	} else {
		flag("dt", num(t.Physical.Dt))
		flag("mass", num(t.Physical.Mass))
		flag("friction", num(t.Physical.Friction))
	}
	if m.noise.Sigma > 0 {
		flag("noise", num(m.noise.Sigma))
		flag("seed", strconv.FormatUint(m.noise.Seed, 10))
	}
	return b.String()
}

// shellQuote wraps s in single quotes for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// exportRows caps the rows of an exported trajectory: beyond it, every k-th
// step is written (with step 0 and the last always), as `run --every k`.
const exportRows = 100_000

// Export writes the trajectory so far, every racer one after the other, as
// `momentum run` prints it, to a new file in dir. It never overwrites: the
// name gets -copy2, -copy3, … until it is new. It returns the file's name.
func (m *Model) Export(dir string) (string, error) {
	var buf []byte
	buf = append(buf, sim.CSVHeader...)
	for _, r := range m.racers {
		if r.on || r.p.Step > 0 {
			buf = m.replay(buf, r)
		}
	}
	base := fmt.Sprintf("momentum-%s-step%d", m.land().Name, m.leadStep())
	for i := 1; ; i++ {
		name := base + ".csv"
		if i > 1 {
			name = base + "-copy" + strconv.Itoa(i) + ".csv"
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			where := dir
			if abs, aerr := filepath.Abs(dir); aerr == nil {
				where = abs
			}
			return "", fmt.Errorf("cannot write the trajectory in %s: %w", where, errors.Unwrap(err))
		}
		_, werr := f.Write(buf)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(f.Name())
			return "", fmt.Errorf("cannot write %s: %w", name, werr)
		}
		return name, nil
	}
}

// replay runs racer r's tape from the start and appends its rows.
func (m *Model) replay(buf []byte, r *racer) []byte {
	last := r.p.Step
	every := max(1, (last+exportRows-1)/exportRows)
	p := sim.NewParticle(m.land(), m.start)
	buf = sim.AppendCSV(buf, r.tape[0].sys.Method, &p)
	for i, seg := range r.tape {
		end := last
		if i+1 < len(r.tape) {
			end = r.tape[i+1].from
		}
		sys := seg.sys
		for p.Step < end && !p.Diverged {
			n := min(every-p.Step%every, end-p.Step)
			sys.Advance(&p, n)
			if p.Step%every == 0 || p.Step == last {
				buf = sim.AppendCSV(buf, seg.sys.Method, &p)
			}
		}
	}
	return buf
}
