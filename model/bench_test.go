package model

import (
	"io"

	"fmt"
	tea "github.com/charmbracelet/bubbletea"
	"testing"

	"github.com/muesli/termenv"
)

// benchModel is a true-colour race on rosenbrock with every panel on
// (arrows, charts, stability), playing, sized w×h, with trails already
// drawn: the expensive case for a frame.
func benchModel(tb testing.TB, w, h int) *Model {
	m := newSim(tb, NewStyles(termenv.TrueColor, true), "--landscape", "rosenbrock", "--race")
	m.SetSize(w, h)
	press(m, " ")
	for range 60 {
		m.Update(tickMsg{gen: m.gen})
	}
	m.View()
	return m
}

var benchSizes = [][2]int{{80, 24}, {200, 60}, {300, 90}}

// BenchmarkFrame measures one frame while playing: a tick (steps, trail)
// and the View that follows it.
func BenchmarkFrame(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) {
			m := benchModel(b, s[0], s[1])
			b.ReportAllocs()
			for b.Loop() {
				m.Update(tickMsg{gen: m.gen})
				_ = m.View()
			}
		})
	}
}

// BenchmarkView measures View alone while playing: each iteration takes a
// tick (untimed) and then draws the frame. "race" is three racers with
// every panel; "single" one damped particle with every panel.
func BenchmarkView(b *testing.B) {
	for _, race := range []bool{true, false} {
		for _, s := range benchSizes {
			name := "single"
			if race {
				name = "race"
			}
			b.Run(fmt.Sprintf("%s/%dx%d", name, s[0], s[1]), func(b *testing.B) {
				m := benchModel(b, s[0], s[1])
				if !race {
					press(m, "c") // still playing
				}
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					m.Update(tickMsg{gen: m.gen})
					b.StartTimer()
					_ = m.View()
				}
			})
		}
	}
}

// BenchmarkViewRedrawAll is the worst case: every row under a mark is
// rendered again, as after a landscape change.
func BenchmarkViewRedrawAll(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) {
			m := benchModel(b, s[0], s[1])
			b.ReportAllocs()
			for b.Loop() {
				m.frame.stale = true
				m.field.marks.invalidate()
				_ = m.View()
			}
		})
	}
}

// BenchmarkResize measures a re-layout: the field sampled and its rows
// built, plus the first frame after it.
func BenchmarkResize(b *testing.B) {
	m := benchModel(b, 200, 60)
	sizes := [][2]int{{300, 90}, {299, 90}}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		s := sizes[i%2]
		i++
		m.SetSize(s[0], s[1])
		_ = m.View()
	}
}

// View while playing allocates a small constant, whatever the size: the
// field rows are cached, and trails, overlays, panel and frame are built
// into reused buffers. Marking the frame stale makes every View redo all
// of a playing frame's drawing work (charts render from Update, at 10 Hz).
func TestViewAllocationsAreSmallAndSizeIndependent(t *testing.T) {
	var counts []float64
	for _, s := range benchSizes {
		m := benchModel(t, s[0], s[1])
		n := testing.AllocsPerRun(50, func() {
			m.frame.stale = true
			_ = m.View()
		})
		if n > 10 {
			t.Errorf("%dx%d: %.0f allocations per tick and View, want ≤ 10", s[0], s[1], n)
		}
		counts = append(counts, n)
	}
	for _, n := range counts[1:] {
		if n != counts[0] {
			t.Errorf("allocations per frame depend on the size: %v", counts)
		}
	}
}

// BenchmarkTerminalFrame is one frame as the program runs it: a tick and
// the painter sending what changed to the terminal (discarded here).
func BenchmarkTerminalFrame(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) {
			m := benchModel(b, s[0], s[1])
			term := NewTerminal(m, io.Discard)
			term.Update(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
			b.ReportAllocs()
			for b.Loop() {
				term.Update(tickMsg{gen: m.gen})
			}
		})
	}
}
