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

// retape records each racer's current system on its tape.
func (m *Model) retape() {
	for _, r := range m.racers {
		r.tape.Record(r.p.Step, m.system(r))
	}
}

// edited reports whether any racer's settings changed during its run, in
// which case a command line can only reproduce the current settings.
func (m *Model) edited() bool {
	for _, r := range m.racers {
		if r.tape.Edited() {
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
	hasMomentum := false // a racer whose μ is a knob, so --momentum applies
	for _, r := range m.racers {
		if r.on {
			methods = append(methods, r.method.Name())
			hasMomentum = hasMomentum || r.method.HasFriction()
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
		if hasMomentum {
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
	return r.tape.AppendCSV(buf, m.start, last, every)
}
