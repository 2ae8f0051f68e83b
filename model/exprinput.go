package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/landscapes"
)

// defaultBounds is the view of an expression typed in the simulator when
// the current landscape is not already a custom one.
var defaultBounds = landscapes.Rect{XMin: -3, XMax: 3, YMin: -3, YMax: 3}

const exprPrompt = "f(x, y) = "

// exprInput is the line where the user types a landscape of their own.
type exprInput struct {
	open  bool
	field textinput.Model
	err   *landscapes.ExprError
}

func newExprInput() exprInput {
	ti := textinput.New()
	ti.Prompt = exprPrompt
	ti.Placeholder = "x^2 + 10*y^2"
	ti.CharLimit = landscapes.MaxExprBytes
	// A blinking cursor needs ticks; nothing ticks while paused.
	ti.Cursor.SetMode(cursor.CursorStatic)
	return exprInput{field: ti}
}

// openExpr opens the input, prefilled with the current custom expression.
func (m *Model) openExpr() {
	in := &m.expr
	in.open, in.err = true, nil
	if l := m.land(); l.Name == landscapes.CustomName {
		in.field.SetValue(l.Formula)
	}
	in.field.CursorEnd()
	in.field.Focus()
	m.layout()
}

// updateExpr handles keys while the input is open: enter tries the
// expression, esc closes, everything else edits.
func (m *Model) updateExpr(msg tea.KeyMsg) tea.Cmd {
	in := &m.expr
	switch msg.Type {
	case tea.KeyEsc:
		in.open = false
		in.field.Blur()
		m.layout()
		return nil
	case tea.KeyEnter:
		m.applyExpr(in.field.Value())
		m.layout()
		return nil
	}
	var cmd tea.Cmd
	in.field, cmd = in.field.Update(msg)
	in.err = nil
	m.layout()
	return cmd
}

// applyExpr makes the expression the current landscape, or shows where it
// is wrong and keeps the input open.
func (m *Model) applyExpr(src string) {
	in := &m.expr
	view := defaultBounds
	if l := m.land(); l.Name == landscapes.CustomName {
		view = l.View
	}
	start := landscapes.Vec{X: view.XMin + view.Width()/4, Y: view.YMax - view.Height()/4}
	l, err := landscapes.FromExpr(strings.TrimSpace(src), view, start)
	if err != nil {
		in.err = asExprError(err)
		return
	}
	in.open = false
	in.field.Blur()
	replaced := false
	for i, old := range m.lands {
		if old.Name == landscapes.CustomName {
			m.lands[i], m.li, replaced = l, i, true
		}
	}
	if !replaced {
		m.lands = append(m.lands, l)
		m.li = len(m.lands) - 1
	}
	if m.scenario != nil {
		m.scenario = nil
		defer m.layout()
	}
	m.loadLandscape()
	m.reset()
	m.message = "your landscape: f = " + l.Formula
}

func asExprError(err error) *landscapes.ExprError {
	if e, ok := err.(*landscapes.ExprError); ok {
		return e
	}
	return &landscapes.ExprError{Msg: err.Error()}
}

// exprLines is the input and, after a failed enter, a caret under the
// offending column and the message.
func (m *Model) exprLines() []string {
	in := &m.expr
	in.field.Width = max(1, m.width-len(exprPrompt)-1)
	lines := []string{in.field.View()}
	if e := in.err; e != nil {
		if e.Column >= 1 && e.Column <= in.field.Width {
			lines = append(lines, strings.Repeat(" ", len(exprPrompt)+e.Column-1)+m.styles.Warn.Render("^"))
		}
		lines = append(lines, m.styles.Warn.Render("✗ "+e.Error())+m.styles.Dim.Render("  (esc closes)"))
	} else {
		lines = append(lines, m.styles.Dim.Render("enter: use it · esc: cancel · + − * / ^ ( ) pi e sin cos tan exp log sqrt abs tanh sinh cosh atan"))
	}
	return lines
}
