// Package model is the interactive simulator: a bubbletea Model that owns
// everything that changes while the program runs (the particles, their
// parameters, play and ticks) and routes keys, and components that draw it:
// the field (the map with trails, arrows and marks), the side panel, the
// charts and the bottom bar, each sized by the layout (view.go) and fed
// the scene they draw (scene.go). It reads sim and landscapes and never
// the other way round.
package model

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/settings"
	"github.com/momentum-sim/momentum/sim"
)

// FPS is the frame rate while playing. Speed is set in steps per second and
// spread over frames with an integer accumulator, so it stays deterministic.
const FPS = 30

// Model is the simulator's state.
type Model struct {
	keys   keyMap
	styles *Styles // shared by every component; restyle swaps it in place

	lands  []*landscapes.Landscape
	li     int
	start  landscapes.Vec
	tuning sim.Tuning
	noise  sim.Noise
	// optView shows and changes the parameters as an optimizer's η and μ
	// instead of the ball's Δt, m and ε (see optview.go).
	optView bool

	// racers holds the particles: one outside race mode (its method
	// switches), three in race mode (flow, heavy, damped; toggled on/off).
	racers []*racer
	race   bool
	method sim.Method // the single particle's method, kept while racing
	// custom holds a --racer race's racers while it lasts (nil otherwise):
	// one method may run at several settings.
	custom []settings.Racer

	playing bool
	gen     int // bumped on every play/pause; ticks of older generations are dropped
	sps     int // steps per second
	acc     int // step accumulator: sps steps spread over FPS frames
	pace    pace

	arrows      bool     // force and velocity arrows at the particles
	ghost       bool     // each particle's continuous-time twin is drawn (ghost.go)
	basins      basinMap // the basin map, computed in the background (basins.go)
	showCharts  bool
	chartsView  bool // the charts instead of the map, where they do not fit under it
	explain     bool // the explain page ('i') instead of the screen (explain.go)
	explainPage int
	note        string // a one-line answer to the last key, e.g. why a snap failed
	message     string // a line shown instead of the help bar until the next key
	expr        exprInput
	scenario    *sim.Scenario // the lesson running; leaving its landscape forgets it
	quitting    bool
	exporter    ExportSink // where w sends the trajectory (see Run)

	// shownLesson is what the bottom bar last said of the lesson (see syncLesson).
	shownLesson lessonBar

	// basinWorkers is the goroutines the basin map may use; 0: every core
	// (see Session.BasinWorkers).
	basinWorkers int

	// The components, laid out by layout (view.go).
	width, height int
	field         *field
	panel         *panel
	charts        *charts
	bar           *bottomBar
	frame         *frameCache
}

// New builds a simulator at step 0 with the settings s, paused unless
// s.Play. Tab cycles through the catalog, in which s's landscape (with its
// view) replaces its stock copy; a custom landscape joins at the end.
func New(s settings.Settings, st Styles) (*Model, error) {
	m := &Model{
		keys:       newKeyMap(),
		styles:     &st,
		lands:      landscapes.All(),
		arrows:     true,
		showCharts: true,
		expr:       newExprInput(&st),
	}
	m.field = newField(m.styles)
	m.panel = newPanel(m.styles)
	m.charts = newCharts(m.styles)
	m.bar = newBottomBar(m.styles)
	m.frame = newFrameCache()
	if len(s.Methods) == 0 {
		return nil, errors.New("no method to run")
	}
	m.method = s.Methods[len(s.Methods)-1]
	m.ghost = s.Ghost // before load, whose reset starts the ghosts
	if err := m.load(s); err != nil {
		return nil, err
	}
	m.setOptView(s.Tuning.Optimizer)
	m.playing = s.Play
	return m, nil
}

// load puts the simulator at step 0 of the settings s: their landscape
// (replacing the one of that name, or joining the list), start,
// parameters, racers, noise, and the lesson's caption and speed. Outside a
// race the particle takes s's method; in a race the single particle's
// method is kept for when the race ends.
// useLandscape makes l the current landscape: it replaces the entry of
// the same name (a catalog landscape with its own view, or the custom
// expression, of which there is one) or joins the list at the end.
func (m *Model) useLandscape(l *landscapes.Landscape) {
	for i, old := range m.lands {
		if old.Name == l.Name {
			m.lands[i], m.li = l, i
			return
		}
	}
	m.lands = append(m.lands, l)
	m.li = len(m.lands) - 1
}

func (m *Model) load(s settings.Settings) error {
	l, err := s.Land()
	if err != nil {
		return err
	}
	m.useLandscape(l)
	m.loadLandscape()
	m.start, m.tuning, m.noise = s.Start, s.Tuning, s.Noise
	m.race = s.Race
	m.custom = nil
	var racers []sim.Method
	if m.race {
		racers = s.Methods
		if len(s.Racers) > 0 {
			m.custom = s.Racers
		}
	} else {
		m.method = s.Methods[0]
	}
	m.scenario = nil
	if sc, ok := s.Lesson(); ok {
		m.scenario = &sc
		m.sps = max(1, sc.SPS)
	}
	m.buildRacers(racers)
	m.reset()
	m.layout()
	return nil
}

func (m *Model) land() *landscapes.Landscape { return m.lands[m.li] }

// loadLandscape takes the current landscape's start, parameters and speed.
func (m *Model) loadLandscape() {
	l := m.land()
	m.start = l.Start
	m.tuning = sim.Tuning{Physical: sim.ParamsOf(l.Defaults)}
	m.sps = max(1, l.StepsPerSecond)
	m.field.SetLandscape(l)
}

// buildRacers makes the particles for the current mode. In race mode on
// lists the racers that run (nil: sim.DefaultRace); the others wait, off,
// for their keys.
func (m *Model) buildRacers(on []sim.Method) {
	if !m.race {
		m.racers = []*racer{{method: m.method, on: true}}
		return
	}
	m.racers = m.racers[:0]
	if m.custom != nil {
		// A --racer race: its racers, each with its own settings.
		m.racers = lineup(m.custom, m.tuning)
		for _, r := range m.racers {
			if err := m.system(r).Params.ValidFor(r.method); err != nil {
				r.on = false
				m.note = refusal(err)
			}
		}
		return
	}
	if on == nil {
		on = sim.DefaultRace()
	}
	for _, meth := range sim.Methods {
		r := &racer{method: meth}
		for _, o := range on {
			r.on = r.on || o == meth
		}
		if err := m.tuning.Valid(meth); r.on && err != nil {
			// A method these parameters do not define (flow with ε = 0)
			// sits the race out, and the panel says why.
			r.on = false
			m.note = refusal(err)
		}
		m.racers = append(m.racers, r)
	}
}

// running lists the methods that move: the single particle's, or the
// racers switched on. Parameter keys need to keep only these valid, so a
// frictionless heavy ball can still change its Δt and m although flow,
// not running, would need ε > 0.
func (m *Model) running() []sim.Method {
	var ms []sim.Method
	for _, r := range m.racers {
		if r.on && r.tune == nil { // a racer with its own settings ignores the keys
			ms = append(ms, r.method)
		}
	}
	return ms
}

// reset puts every particle back at the start, at rest, at step 0.
func (m *Model) reset() {
	for _, r := range m.racers {
		r.reset(m.land(), m.start)
		m.recordTrail(r)
		m.followGhost(r)
	}
	m.acc = 0
	m.retape()
	m.charts.reset(m.land(), m.start)
	m.charts.sample(m.scene()) // step 0
	m.touch()
}

// touch marks the frame as changed since it was last drawn.
func (m *Model) touch() { m.frame.stale = true }

// System is what racer r runs with now (scene.system, from the model's
// landscape, tuning and noise).
func (m *Model) system(r *racer) sim.System {
	return scene{land: m.land(), tuning: m.tuning, noise: m.noise}.system(r)
}

// advance takes n steps for every running racer, one step at a time for
// all of them, so they stay in lockstep and the trails see the path. The
// charts take every step: they keep each stretch's extremes (see bucket),
// so a fast oscillation is not sampled into a false range or false beats.
func (m *Model) advance(n int) {
	sc := m.scene()
	systems := [sim.NumMethods]sim.System{}
	for i, r := range m.racers {
		systems[i] = sc.system(r)
	}
	for k := 1; k <= n; k++ {
		moved := false
		for i, r := range m.racers {
			if !r.on || r.p.Diverged {
				continue
			}
			systems[i].Advance(&r.p, 1)
			if m.ghost {
				r.ghost.follow(systems[i], r.p.Time, m.field.dotSize())
			}
			r.meter.Record(&r.p, &systems[i])
			m.recordTrail(r)
			moved = true
		}
		if !moved {
			break
		}
		m.charts.sample(sc)
	}
	for _, r := range m.racers {
		r.forcePeak = max(r.p.Grad.Norm(), r.forcePeak) // the arrows' scale: see ArrowScale
		r.velPeak = max(r.p.Vel.Norm(), r.velPeak)
	}
	m.touch()
}

// recordTrail adds r's position to its trail, about one braille dot from
// the last point.
func (m *Model) recordTrail(r *racer) { r.trail.Add(r.p.Pos, m.field.dotSize()) }

// allStopped reports whether no racer can move any more.
func (m *Model) allStopped() bool {
	for _, r := range m.racers {
		if r.on && !r.p.Diverged {
			return false
		}
	}
	return true
}

// Init starts the tick loop if launched playing.
func (m *Model) Init() tea.Cmd {
	if m.playing {
		return m.tick()
	}
	return nil
}

// tickMsg drives play. It carries the generation that scheduled it.
type tickMsg struct {
	gen int
	at  time.Time // when the timer fired (zero for ticks tests send)
}

func (m *Model) tick() tea.Cmd {
	gen := m.gen
	return tea.Tick(time.Second/FPS, func(at time.Time) tea.Msg { return tickMsg{gen: gen, at: at} })
}

// setPlaying starts or stops play. Both bump the generation, so a tick
// already in flight is dropped and exactly one tick loop runs.
func (m *Model) setPlaying(on bool) tea.Cmd {
	m.gen++
	m.playing = on && !m.allStopped()
	m.pace.restart()
	m.touch()
	if m.playing {
		return m.tick()
	}
	return nil
}

// Playing reports whether the simulation is running.
func (m *Model) Playing() bool { return m.playing }

// Update handles global keys and window sizes first, then the rest.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return m, m.refreshBasins()
	case tea.KeyMsg:
		var cmd tea.Cmd
		switch {
		case msg.Type == tea.KeyCtrlC:
			return m, tea.Quit
		case msg.Paste && !m.expr.open:
			// A bracketed paste is text, never keys: pasted prose would
			// otherwise write files, switch lessons or quit.
			m.note = "paste ignored: paste an expression after /"
			m.touch()
		case m.expr.open:
			cmd = m.updateExpr(msg)
		case msg.Type == tea.KeyRunes && len(msg.Runes) > 1:
			cmd = m.pasted(msg)
		default:
			cmd = m.handleKey(msg)
		}
		m.syncLesson()
		m.updateCharts()
		return m, tea.Batch(cmd, m.refreshBasins())
	case basinsMsg:
		return m, m.basinsDone(msg)
	case basinsTickMsg:
		if msg.gen != m.basins.gen || !m.basins.busy {
			return m, nil
		}
		m.touch() // the progress moved
		return m, m.basinsTick()
	case exportedMsg:
		m.exported(msg)
		return m, nil
	case tea.MouseMsg:
		m.handleMouse(msg)
		m.syncLesson()
		m.updateCharts()
		return m, m.refreshBasins()
	case tickMsg:
		if msg.gen != m.gen || !m.playing {
			return m, nil
		}
		m.acc += m.sps
		n := m.acc / FPS
		if n > 0 {
			m.acc -= n * FPS
			m.advance(n)
		}
		m.pace.tick(msg.at, n, m.sps)
		m.charts.frameTick()
		if m.allStopped() {
			cmd := m.setPlaying(false)
			m.syncLesson()
			m.updateCharts()
			return m, cmd
		}
		m.updateCharts()
		return m, m.tick()
	}
	return m, nil
}

// pasted handles keys that arrived together (a paste, or keys typed faster
// than the terminal is read): bubbletea hands them over as one message, and
// each is a key of its own, in order.
func (m *Model) pasted(msg tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range msg.Runes {
		key := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if m.expr.open {
			cmds = append(cmds, m.updateExpr(key))
			continue
		}
		cmds = append(cmds, m.handleKey(key))
		if m.quitting {
			break // keys after a pasted q are not acted on
		}
	}
	return tea.Sequence(cmds...)
}

// updateCharts lets the chart strip render if it is due.
func (m *Model) updateCharts() { m.charts.update(m.playing) }

// Advance takes n steps at once, as n presses of the step key would. The charts are drawn at once even
// in a model shown playing (a recording's frames): their once-every-few-
// frames pace is for ticks, and no tick comes between Advances.
func (m *Model) Advance(n int) {
	m.advance(n)
	m.charts.update(false)
}

// Racer is what tests and the command line may read of one particle.
type Racer struct {
	Method sim.Method
	On     bool
	sim.Particle
}

// Racers returns the particles, in race mode flow, heavy and damped.
func (m *Model) Racers() []Racer {
	out := make([]Racer, len(m.racers))
	for i, r := range m.racers {
		out[i] = Racer{Method: r.method, On: r.on, Particle: r.p}
	}
	return out
}
