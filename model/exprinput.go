package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/momentum-sim/momentum/landscapes"
	"github.com/momentum-sim/momentum/landscapes/expr"
)

const exprPrompt = "f(x, y) = "

// exprInput is the line where the user types a landscape of their own.
type exprInput struct {
	open  bool
	field textinput.Model
	err   *expr.Error
}

func newExprInput(st *Styles) exprInput {
	ti := textinput.New()
	ti.Prompt = exprPrompt
	ti.Placeholder = "x^2 + 10*y^2"
	ti.CharLimit = expr.MaxBytes
	// A blinking cursor needs ticks; nothing ticks while paused.
	ti.Cursor.SetMode(cursor.CursorStatic)
	in := exprInput{field: ti}
	in.restyle(st)
	return in
}

// restyle gives the input's styles to the simulator's own renderer;
// textinput.New builds them on the process-wide one. The looks are
// textinput's defaults.
func (in *exprInput) restyle(st *Styles) {
	r := st.renderer
	f := &in.field
	f.PromptStyle, f.TextStyle = r.NewStyle(), r.NewStyle()
	f.PlaceholderStyle = r.NewStyle().Foreground(lipgloss.Color("240"))
	f.CompletionStyle = r.NewStyle().Foreground(lipgloss.Color("240"))
	f.Cursor.Style, f.Cursor.TextStyle = r.NewStyle(), r.NewStyle()
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
	view := expr.DefaultView
	if l := m.land(); l.Name == landscapes.CustomName {
		view = l.View
	}
	l, err := expr.NewLandscape(strings.TrimSpace(src), view, nil)
	if err != nil {
		in.err = asExprError(err)
		return
	}
	in.open = false
	in.field.Blur()
	m.useLandscape(l)
	m.scenario = nil // the caller lays the screen out again: the caption goes
	m.loadLandscape()
	m.reset()
	m.message = "your landscape: f = " + l.Formula
}

// asExprError shows any error the way the input shows a mistake in the
// text; one without a column (f not finite anywhere) gets no caret.
func asExprError(err error) *expr.Error {
	if e, ok := err.(*expr.Error); ok {
		return e
	}
	return &expr.Error{Msg: err.Error()}
}

// lines is the input drawn width cells wide and, after a failed enter, a
// caret under the offending column and the message.
func (in *exprInput) lines(width int, st *Styles) []string {
	in.field.Width = max(1, width-len(exprPrompt)-1)
	lines := []string{in.field.View()}
	if e := in.err; e != nil {
		src := []rune(in.field.Value())
		switch {
		case e.Column < 1:
		case len(src) < in.field.Width:
			// The whole expression is on screen: point at the column.
			lines = append(lines, strings.Repeat(" ", len(exprPrompt)+e.Column-1)+st.Warn.Render("^"))
		default:
			// The input has scrolled: quote the neighbourhood of the column.
			from := max(0, e.Column-1-20)
			to := min(len(src), e.Column-1+20)
			lines = append(lines, "  …"+string(src[from:to])+"…",
				strings.Repeat(" ", 3+e.Column-1-from)+st.Warn.Render("^"))
		}
		// Wrapped at words, not cut: the list of names it wants must be
		// read to its end.
		lines = append(lines, wrapWords(st.Warn.Render("✗ "+e.Error())+st.Dim.Render("  (esc closes)"), width)...)
	} else {
		lines = append(lines, wrapWords(st.Dim.Render("enter: use it · esc: cancel · + − * / ^ ( ) pi e sin cos tan exp log sqrt abs tanh sinh cosh atan"), width)...)
	}
	return lines
}
