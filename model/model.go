// Package model is the interactive simulator: a bubbletea Model that owns
// everything that changes while the program runs (time, keys, layout) and
// draws the landscape, the particles and the side panel. It reads sim and
// landscapes and never the other way round.
package model

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/sim"
)

// FPS is the frame rate while playing. Speed is set in steps per second and
// spread over frames with an integer accumulator, so it stays deterministic.
const FPS = 30

// Config is how the simulator starts.
type Config struct {
	Landscapes []*landscapes.Landscape // tab cycles through these
	Index      int                     // the landscape shown first
	Start      *landscapes.Vec         // overrides the first landscape's start
	Method     sim.Method
	Tuning     *sim.Tuning // overrides the first landscape's defaults
	Play       bool
	Styles     Styles
}

// racer is one particle with its method and trail.
type racer struct {
	method sim.Method
	p      sim.Particle
	trail  trail
}

// Model is the simulator's state.
type Model struct {
	keys   keyMap
	help   help.Model
	styles *Styles

	lands  []*landscapes.Landscape
	li     int
	start  landscapes.Vec
	tuning sim.Tuning
	racer  racer

	playing bool
	gen     int // bumped on every play/pause; ticks of older generations are dropped
	sps     int // steps per second
	acc     int // step accumulator: sps steps spread over FPS frames

	width, height int
	field         *field
	frame         *frameCache
}

// New builds a paused (or playing, if cfg.Play) simulator at step 0.
func New(cfg Config) *Model {
	st := cfg.Styles
	m := &Model{
		keys:   newKeyMap(),
		help:   help.New(),
		styles: &st,
		lands:  cfg.Landscapes,
		li:     cfg.Index,
	}
	m.help.Styles = st.Help
	m.field = newField(m.styles)
	m.frame = newFrameCache()
	m.racer.method = cfg.Method
	m.loadLandscape()
	if cfg.Start != nil {
		m.start = *cfg.Start
	}
	if cfg.Tuning != nil {
		m.tuning = *cfg.Tuning
	}
	m.reset()
	m.playing = cfg.Play
	return m
}

func (m *Model) land() *landscapes.Landscape { return m.lands[m.li] }

// loadLandscape takes the current landscape's start, parameters and speed.
func (m *Model) loadLandscape() {
	l := m.land()
	m.start = l.Start
	m.tuning = sim.Tuning{Physical: sim.Params(l.Defaults)}
	m.sps = max(1, l.StepsPerSecond)
	m.field.SetLandscape(l)
}

// reset puts the particle back at the start, at rest, at step 0.
func (m *Model) reset() {
	m.racer.p = sim.NewParticle(m.land(), m.start)
	m.racer.trail.Reset()
	m.acc = 0
	m.recordTrail()
	m.frame.stale = true
}

func (m *Model) system(r *racer) sim.System {
	return sim.System{Land: m.land(), Method: r.method, Params: m.tuning.For(r.method)}
}

// advance takes n steps and records the trail.
func (m *Model) advance(n int) {
	sys := m.system(&m.racer)
	// One step at a time so the trail sees the path, not just where a
	// frame's steps ended; it thins the points itself.
	for ; n > 0 && !m.racer.p.Diverged; n-- {
		sys.Advance(&m.racer.p, 1)
		m.recordTrail()
	}
	m.frame.stale = true
}

func (m *Model) recordTrail() {
	// One braille dot is half a cell across: 1/(2·scale) in the plane.
	m.racer.trail.Add(m.racer.p.Pos, 0.5/m.field.scaleOr1())
}

// Init starts the tick loop if launched playing.
func (m *Model) Init() tea.Cmd {
	if m.playing {
		return m.tick()
	}
	return nil
}

// tickMsg drives play. It carries the generation that scheduled it.
type tickMsg struct{ gen int }

func (m *Model) tick() tea.Cmd {
	gen := m.gen
	return tea.Tick(time.Second/FPS, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// setPlaying starts or stops play. Both bump the generation, so a tick
// already in flight is dropped and exactly one tick loop runs.
func (m *Model) setPlaying(on bool) tea.Cmd {
	m.gen++
	m.playing = on
	if on && !m.racer.p.Diverged {
		return m.tick()
	}
	m.playing = false
	return nil
}

// Playing reports whether the simulation is running.
func (m *Model) Playing() bool { return m.playing }

// Update handles global keys and window sizes first, then the rest.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case tea.MouseMsg:
		m.handleMouse(msg)
		return m, nil
	case tickMsg:
		if msg.gen != m.gen || !m.playing {
			return m, nil
		}
		m.acc += m.sps
		if n := m.acc / FPS; n > 0 {
			m.acc -= n * FPS
			m.advance(n)
		}
		if m.racer.p.Diverged {
			return m, m.setPlaying(false)
		}
		return m, m.tick()
	}
	return m, nil
}

// Advance takes n steps at once, as n presses of the step key would.
func (m *Model) Advance(n int) { m.advance(n) }
