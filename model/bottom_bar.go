package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/x/ansi"

	"github.com/momentum-sim/momentum/sim"
)

// bottomBar is the component under the field and the charts: a lesson's
// two-line caption above the expression input while it is open, else a
// message (after share or export), else the help.
type bottomBar struct {
	styles        *Styles
	help          help.Model
	width, height int // the terminal's: the full help must leave room above it

	text  string // the bar as drawn, lines joined by newlines
	lines int    // how many lines it takes
}

// barInput is what the bar shows: the keys for the help, the expression
// input when it is open (else nil), a message and the lesson running.
type barInput struct {
	keys     keyMap
	expr     *exprInput
	message  string
	scenario *sim.Scenario
}

func newBottomBar(st *Styles) *bottomBar {
	b := &bottomBar{styles: st, help: help.New()}
	b.restyle()
	return b
}

// restyle takes the help's styles from the shared Styles.
func (b *bottomBar) restyle() {
	b.help.Styles = b.styles.Help
	b.help.FullSeparator = "  "
}

// SetSize sets the terminal's size, which the bar spans across and whose
// height decides whether the full help fits.
func (b *bottomBar) SetSize(w, h int) { b.width, b.height = w, h }

// draw lays the bar out for in. The full help falls back to the one-line
// bar when it would leave less than a usable screen above it.
func (b *bottomBar) draw(in barInput) {
	b.help.Width = b.width
	b.text, b.lines = b.render(in)
	if b.help.ShowAll && b.height-b.lines < minHeight-1 {
		b.help.ShowAll = false
		b.text, b.lines = b.render(in)
	}
}

// render draws the bar's lines. bubbles' help can overrun its width by the
// last item when the "…" tail does not fit, so every line is cut here.
func (b *bottomBar) render(in barInput) (string, int) {
	var lines []string
	switch {
	case in.expr != nil:
		lines = in.expr.lines(b.width, b.styles)
	case in.message != "":
		lines = wrapCells(in.message, b.width)
	default:
		lines = strings.Split(b.help.View(in.keys), "\n")
	}
	if sc := in.scenario; sc != nil && in.expr == nil {
		caption := b.styles.Title.Render(" "+sc.Name+": ") + sc.Caption[0]
		indent := strings.Repeat(" ", 3+len(sc.Name))
		lines = append([]string{caption, indent + sc.Caption[1]}, lines...)
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, b.width, "")
	}
	return strings.Join(lines, "\n"), len(lines)
}

// wrapCells breaks plain text into lines of at most w cells (not runes: a
// wide character takes two), so a long command line stays whole on screen
// and can be copied.
func wrapCells(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}
