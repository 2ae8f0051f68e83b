package model

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// Terminal is the simulator as the program runs it on a real terminal: the
// same Model, painted by a painter after every Update instead of through
// bubbletea's renderer (run the program with tea.WithoutRenderer). View
// returns nothing, so bubbletea draws nothing itself.
type Terminal struct {
	m   *Model
	p   *painter
	fw  *frameWriter // nil: paint synchronously (tests, one-shot frames)
	err error        // the write that failed, which ended the program
}

// NewTerminal paints m on w.
func NewTerminal(m *Model, w io.Writer) *Terminal { return &Terminal{m: m, p: newPainter(w)} }

// Init starts the model.
func (t *Terminal) Init() tea.Cmd { return t.m.Init() }

// Update runs the model's Update, then paints what changed. A write error
// (the terminal went away) ends the program; Err reports it.
func (t *Terminal) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if t.err != nil {
		return t, tea.Quit
	}
	if w, ok := msg.(frameWrittenMsg); ok {
		if err := t.fw.written(w, t.m, t.p); err != nil {
			t.err = err
			return t, tea.Quit
		}
		return t, nil
	}
	_, cmd := t.m.Update(msg)
	if t.m.width > 0 && t.m.height > 0 {
		if t.fw != nil {
			t.fw.paint(t.m, t.p)
		} else if err := t.m.Paint(t.p); err != nil {
			t.err = err
			return t, tea.Quit
		}
	}
	return t, cmd
}

// View is empty: the painter has already drawn the frame.
func (t *Terminal) View() string { return "" }
