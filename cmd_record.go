package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/model"
	"github.com/momentum-sim/momentum/record"
	"github.com/momentum-sim/momentum/settings"
)

const recordUsage = `usage: momentum record --out FILE.gif|FILE.png [flags]

Draws the simulator's screen, as a --width × --height terminal in true
colour shows it, to a picture: FILE.png is the screen after --steps steps;
FILE.gif an animation from step 0 with one frame every --every steps up to
--steps, playing at the simulator's speed for the landscape or lesson
(frames at least 20 ms apart). Text is set in Go Mono, block elements,
shades, braille and box lines are drawn as shapes. A progress bar goes to
stderr when it is a terminal.

flags:
`

// recordFontSize is Go Mono's size in pixels: cells of 10 × 20 pixels.
const recordFontSize = 16

func recordCmd(args []string, stdout, stderr io.Writer) error {
	fs := settings.NewFlagSet("record", recordUsage)
	flags := settings.Register(fs, settings.DefaultLandscape)
	flags.Race(settings.RaceHelp)
	flags.Ghost(settings.GhostHelp)
	basins := fs.Bool("basins", false, "tint the map by the minimum a ball started in each cell reaches (the simulator's b)")
	out := ""
	fs.Value("out", "the `FILE` to write: .gif for an animation, .png for one frame (required)", func(s string) error {
		switch strings.ToLower(filepath.Ext(s)) {
		case ".gif", ".png":
			out = s
			return nil
		}
		return fmt.Errorf("%q is not allowed; want a file name ending in .gif or .png", s)
	})
	width, height, steps, every := 100, 30, 300, 10
	fs.Int("width", "terminal width `COLS` in cells (default 100)", &width, 60, 400)
	fs.Int("height", "terminal height `ROWS` in cells (default 30)", &height, 16, 200)
	fs.Int("steps", "steps `N` to record (default 300)", &steps, 0, math.MaxInt32)
	fs.Int("every", "a GIF frame every `K` steps (default 10)", &every, 1, math.MaxInt32)
	if err := fs.ParseArgs(args, stdout); err != nil {
		return err
	}
	if out == "" {
		return settings.Usagef("--out: missing; want a file name ending in .gif or .png")
	}
	s, err := flags.Resolve()
	if err != nil {
		return err
	}
	gifOut := strings.EqualFold(filepath.Ext(out), ".gif")
	if frames := steps/every + 2; gifOut && frames > 2000 {
		return settings.Usagef("--every: %d steps every %d make %d frames; want at most 2000 (a larger --every)", steps, every, frames)
	}
	m, err := recordModel(s, gifOut, width, height)
	if err != nil {
		return err
	}
	if *basins {
		m.ComputeBasins()
	}
	r, err := record.NewRenderer(recordFontSize)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if gifOut {
		err = recordGIF(w, stderr, m, r, s, width, height, steps, every)
	} else {
		m.Advance(steps)
		err = r.WritePNG(w, record.Parse(m.View(), width, height))
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// recordModel is the simulator a recording draws, in true colour at the
// picture's size. An animation shows it playing ("▶ playing"), as it moves;
// one PNG frame is the screen after the steps, paused.
func recordModel(s settings.Settings, gif bool, width, height int) (*model.Model, error) {
	s.Play = gif
	m, err := model.New(s, model.NewStyles(termenv.TrueColor, true))
	if err != nil {
		return nil, err
	}
	m.SetSize(width, height)
	return m, nil
}

// recordGIF steps the simulator and collects a frame every `every` steps.
func recordGIF(w io.Writer, stderr io.Writer, m *model.Model, r *record.Renderer, s settings.Settings, width, height, steps, every int) error {
	sps := 60
	if sc, ok := s.Lesson(); ok && sc.SPS > 0 {
		sps = sc.SPS
	} else if l, err := s.Land(); err == nil && l.StepsPerSecond > 0 {
		sps = l.StepsPerSecond
	}
	delay := max(2, int(math.Round(100*float64(every)/float64(sps))))
	g := record.NewGIF(r)
	gifFrames(m, steps, every, func(view string) { g.Add(record.Parse(view, width, height), delay) })
	return g.Encode(w, progressBar(stderr, "recording"))
}

// gifFrames hands add the screen at step 0, then every `every` steps, and
// at the last step.
func gifFrames(m *model.Model, steps, every int, add func(view string)) {
	add(m.View())
	for done := 0; done < steps; {
		n := min(every, steps-done)
		m.Advance(n)
		done += n
		add(m.View())
	}
}

// progressBar draws a bar on stderr while frames are drawn, when stderr is
// a terminal; elsewhere it stays silent.
func progressBar(stderr io.Writer, label string) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return func(done, total int) {
		const cells = 30
		full := done * cells / max(total, 1)
		fmt.Fprintf(stderr, "\r%s %s%s %d/%d frames", label, strings.Repeat("█", full), strings.Repeat("░", cells-full), done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}
}
