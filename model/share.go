package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
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

// Settings are the current settings: landscape (or expression and view),
// method or racers, start, parameters, noise and seed, and the lesson while
// no setting changed during the run. They start paused: a shared command
// opens where this run began.
func (m *Model) Settings() settings.Settings {
	l := m.land()
	s := settings.Settings{Landscape: l.Name, View: l.View, Start: m.start, Race: m.race, Tuning: m.tuning, Noise: m.noise}
	if l.Name == landscapes.CustomName {
		s.Expr = l.Formula
	}
	for _, r := range m.racers {
		if r.on {
			s.Methods = append(s.Methods, r.method)
		}
	}
	if m.scenario != nil && !m.edited() {
		s.Scenario = m.scenario.Name
	}
	return s
}

// Command is the `momentum` command line that reproduces the current state
// bit for bit (see settings.Settings.Command).
func (m *Model) Command() string { return m.Settings().Command() }

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
