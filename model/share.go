package model

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

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
	s := settings.Settings{Landscape: l.Name, View: l.View, Start: m.start, Race: m.race, Tuning: m.tuning, Noise: m.noise, Ghost: m.ghost}
	if l.Name == landscapes.CustomName {
		s.Expr = l.Formula
	}
	for _, r := range m.racers {
		if r.on {
			s.Methods = append(s.Methods, r.method)
			if m.custom != nil {
				// A --racer race prints as --racer flags: each with its
				// own settings, or the shared ones.
				sr := settings.Racer{Method: r.method, Tuning: m.tuning}
				if r.tune != nil {
					sr.Own, sr.Tuning = true, *r.tune
				} else if r.adapt != nil {
					sr.Tuning.Adaptive = *r.adapt
				}
				s.Racers = append(s.Racers, sr)
			}
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

// exportEvery is the stride of the rows exported for a run of last steps,
// and the --every of the command in their comments: 1 up to exportRows
// steps, else last/exportRows rounded up.
func exportEvery(last int) int { return max(1, (last+exportRows-1)/exportRows) }

// Export is the trajectory so far, every racer one after the other, as
// `momentum run` prints it, and the name a file of it gets:
// momentum-LANDSCAPE-stepN.csv. Comment lines (# …) before the header say
// what it is: the landscape, the settings and the `momentum run` command
// that prints the same rows (CSV readers skip them with a comment
// character: pandas' comment='#', encoding/csv's Reader.Comment). `momentum
// run` itself prints plain CSV, with no comments.
func (m *Model) Export() (name string, data []byte) {
	data = m.appendExportComments(data)
	data = append(data, sim.CSVHeader...)
	for _, r := range m.racers {
		if r.on || r.p.Step > 0 {
			data = m.replay(data, r)
		}
	}
	return fmt.Sprintf("momentum-%s-step%d.csv", m.land().Name, m.leadStep()), data
}

// appendExportComments appends the export's comment lines.
func (m *Model) appendExportComments(b []byte) []byte {
	l := m.land()
	s := m.Settings()
	s.Ghost = false // the ghost's rows are not exported
	last := m.leadStep()
	line := func(text string) { b = append(b, "# "+text+"\n"...) }
	line(fmt.Sprintf("momentum: the simulator's trajectory, steps 0 to %d", last))
	line(fmt.Sprintf("landscape %s: f = %s", l.Name, l.Formula))
	var names []string
	for _, meth := range s.Methods {
		names = append(names, meth.Name())
	}
	set := fmt.Sprintf("methods %s; start %s, %s; ", strings.Join(names, ","), num(m.start.X), num(m.start.Y))
	if t := m.tuning; t.Optimizer {
		set += fmt.Sprintf("η %s, μ %s (optimizer view: Δt 1, m 1/η, ε (1 − μ)/η)", num(t.LR), num(t.Momentum))
	} else {
		p := t.Physical
		set += fmt.Sprintf("Δt %s, m %s, ε %s (η %s, μ %s)", num(p.Dt), num(p.Mass), num(p.Friction), num(p.LR()), num(p.Momentum()))
	}
	if n := m.noise; n.Sigma > 0 {
		set += fmt.Sprintf("; noise σ %s, seed %d", num(n.Sigma), n.Seed)
	}
	line(set)
	args := "momentum run --steps " + strconv.Itoa(last)
	if every := exportEvery(last); every > 1 {
		args += " --every " + strconv.Itoa(every)
	}
	args += strings.TrimPrefix(s.Command(), "momentum")
	// The command runs every racer that is on for the same steps: it
	// reproduces the rows only if they all ran from step 0 to the last (or
	// until they diverged, where run stops too) and no racer that is off
	// left rows.
	lockstep := true
	for _, r := range m.racers {
		ran := r.p.Step == last || r.p.Diverged
		lockstep = lockstep && (r.on && ran || !r.on && r.p.Step == 0)
	}
	if m.edited() || !lockstep {
		line("settings changed during the run (the rows follow each change where it happened), so this")
		line("command runs the current settings from the start instead:")
	} else {
		line("the same rows again:")
	}
	line(args)
	return b
}

// num is a number as the panel shows it (four digits): the command line
// after it has every number exactly.
func num(v float64) string { return string(appendNum(nil, v)) }

// exportedMsg is what the session's sink made of an export.
type exportedMsg struct {
	where string
	err   error
}

// export is the w key: the CSV is built here, in Update, and handed to the
// session's sink in a command, so a slow sink never holds up the screen.
func (m *Model) export() tea.Cmd {
	if m.exporter == nil {
		m.message = "✗ this simulator has nowhere to write the trajectory"
		m.layout()
		return nil
	}
	name, data := m.Export()
	sink := m.exporter
	return func() tea.Msg {
		where, err := sink.Export(name, data)
		return exportedMsg{where: where, err: err}
	}
}

// exported says where the trajectory went, or why it did not.
func (m *Model) exported(msg exportedMsg) {
	if msg.err != nil {
		m.message = "✗ " + msg.err.Error()
	} else {
		m.message = "wrote " + msg.where
	}
	m.layout()
}

// replay runs racer r's tape from the start and appends its rows.
func (m *Model) replay(buf []byte, r *racer) []byte {
	last := r.p.Step
	every := exportEvery(last)
	if r.tag != "" {
		// A method that runs more than once: name#k, as run prints it.
		return r.tape.AppendCSVAs(buf, r.label, m.start, last, every)
	}
	return r.tape.AppendCSV(buf, m.start, last, every)
}
