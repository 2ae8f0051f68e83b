package model

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// The one-line help keeps "? more keys" and "q quit" at every width down
// to the minimum, drops whole bindings (never a cut word or a bare "•"),
// and keeps play and step before anything else.
func TestShortHelpKeepsHelpAndQuitAtEveryWidth(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	var items []string
	for _, k := range m.keys.ShortHelp() {
		items = append(items, k.Help().Key+" "+k.Help().Desc)
	}
	for w := minWidth; w <= 300; w++ {
		m.SetSize(w, 30)
		line := lastLine(m.View())
		if got := ansi.StringWidth(line); got > w {
			t.Fatalf("width %d: bar is %d cells", w, got)
		}
		if !strings.HasSuffix(line, "? more keys • q quit") {
			t.Fatalf("width %d: bar %q does not end in the help and quit keys", w, line)
		}
		if !strings.HasPrefix(line, "space play/pause • n one step • ") {
			t.Fatalf("width %d: bar %q lost play or step", w, line)
		}
		// Every piece is a whole binding, in the keys' order.
		next := 0
		for _, piece := range strings.Split(line, " • ") {
			for next < len(items) && items[next] != piece {
				next++
			}
			if next == len(items) {
				t.Fatalf("width %d: %q is not a whole binding (bar %q)", w, piece, line)
			}
		}
	}
	m.SetSize(300, 30)
	if line := lastLine(m.View()); !strings.Contains(line, "r reset") {
		t.Fatalf("at 300 columns the bar still drops keys: %q", line)
	}
}

// '?' shows every key with help text: on one page at 80×24, on pages with
// a page line at 60×16, and never a line cut short.
func TestFullHelpPages(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {60, 16}, {60, 24}, {80, 16}} {
		w, h := size[0], size[1]
		m := newTestModel(t, "camel", sim.Damped)
		m.SetSize(w, h)
		var want []string
		for _, g := range m.keys.FullHelp() {
			for _, k := range g {
				if k.Help().Key != "" && k.Help().Key != "?" { // '?' is relabelled while open
					want = append(want, k.Help().Desc)
				}
			}
		}
		press(m, "?")
		var seen strings.Builder
		pages := m.bar.pages
		if w == 60 && h == 16 && pages < 2 {
			t.Fatalf("%d×%d: %d pages", w, h, pages)
		}
		for p := range pages {
			v := m.View()
			checkFrame(t, v, w, h)
			bar := m.bar.text
			if strings.Contains(bar, "…") {
				t.Fatalf("%d×%d page %d: a cut line:\n%s", w, h, p+1, bar)
			}
			if pages > 1 && !strings.Contains(lastLine(v), "keys ") {
				t.Fatalf("%d×%d page %d: no page line: %q", w, h, p+1, lastLine(v))
			}
			if _, rows := m.field.Size(); rows < helpFieldRows {
				t.Fatalf("%d×%d: the help left %d field rows", w, h, rows)
			}
			seen.WriteString(bar)
			press(m, "?")
		}
		if m.bar.showAll {
			t.Fatalf("%d×%d: '?' on the last page did not close the help", w, h)
		}
		for _, d := range want {
			if !strings.Contains(seen.String(), d) {
				t.Fatalf("%d×%d: %q is on no page", w, h, d)
			}
		}
	}
}

// esc closes the help from any page; the label of '?' says what it does next.
func TestHelpLabelAndEscape(t *testing.T) {
	m := newTestModel(t, "ravine", sim.Damped)
	m.SetSize(60, 16)
	press(m, "?")
	if m.bar.pages < 2 || !strings.Contains(m.View(), "next keys") {
		t.Fatalf("60×16: %d pages, first page:\n%s", m.bar.pages, m.bar.text)
	}
	press(m, "esc")
	if m.bar.showAll || !strings.HasSuffix(m.View(), "? more keys • q quit") {
		t.Fatalf("esc left the help open:\n%s", m.bar.text)
	}
	m.SetSize(80, 24)
	press(m, "?")
	for m.bar.page+1 < m.bar.pages {
		press(m, "?")
	}
	if !strings.Contains(m.View(), "close help") {
		t.Fatalf("80×24 last page: '?' does not say it closes:\n%s", m.bar.text)
	}
}

// A lesson's line with its note wraps at words at the smallest width
// instead of losing the end of the sentence.
func TestLessonLineWraps(t *testing.T) {
	m := newSim(t, NewStyles(termenv.Ascii, true), "--scenario", "too-much-momentum")
	m.SetSize(60, 16)
	press(m, "T")
	v := m.View()
	checkFrame(t, v, 60, 16)
	flat := strings.Join(strings.Fields(m.bar.text), " ")
	if !strings.Contains(flat, lessonChangedNote) || strings.Contains(m.bar.text, "…") {
		t.Fatalf("lesson line cut:\n%s", m.bar.text)
	}
}
