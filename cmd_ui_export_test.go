package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/momentum-sim/momentum/internal/shelltest"
)

// The CSV that w writes opens with comment lines naming the landscape and
// the settings, and a `momentum run` command; run as printed, that command
// prints exactly the export's rows (its stdout plain CSV, no comments). A
// reader that skips # lines reads the export as the run format.
func TestExportCommentsGiveTheCommand(t *testing.T) {
	for _, flags := range [][]string{
		{"--landscape", "rosenbrock", "--race"},
		{"--landscape", "himmelblau", "--method", "heavy", "--noise", "3", "--seed", "42"},
		{"--scenario", "noise"},
		{"--landscape", "ravine", "--lr", "0.05", "--momentum", "0.5", "--race", "--method", "flow,damped"},
	} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			m := simulator(t, flags)
			m.Advance(157)
			_, data := m.Export()
			text := string(data)
			var comments []string
			for _, l := range strings.Split(text, "\n") {
				if !strings.HasPrefix(l, "# ") {
					break
				}
				comments = append(comments, strings.TrimPrefix(l, "# "))
			}
			if len(comments) < 4 || !strings.Contains(comments[1], "landscape "+m.Settings().Landscape) ||
				!strings.Contains(comments[2], "methods ") || !strings.Contains(comments[len(comments)-2], "the same rows") {
				t.Fatalf("comment lines:\n%s", strings.Join(comments, "\n"))
			}
			cmd := comments[len(comments)-1]
			words := shelltest.Words(t, cmd)
			if words[0] != "momentum" || words[1] != "run" {
				t.Fatalf("command %q", cmd)
			}
			var out, errOut bytes.Buffer
			if err := run(words[1:], nil, &out, &errOut); err != nil {
				t.Fatalf("%q: %v", cmd, err)
			}
			if strings.Contains(out.String(), "#") {
				t.Fatal("momentum run printed comment lines")
			}
			body := text[strings.Index(text, "method,step"):]
			if body != out.String() {
				t.Fatalf("%q does not print the export's rows:\nexport %d bytes, run %d bytes", cmd, len(body), out.Len())
			}
			r := csv.NewReader(strings.NewReader(text))
			r.Comment = '#'
			rows, err := r.ReadAll()
			if err != nil || strings.Join(rows[0], ",") != "method,step,x,y,vx,vy,f,energy" {
				t.Fatalf("read with Comment '#': %v, header %v", err, rows[0])
			}
		})
	}
	// A change mid-run: the comments say the command runs the current
	// settings from the start instead.
	m := simulator(t, []string{"--landscape", "ravine"})
	m.Advance(10)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("M")})
	m.Advance(10)
	_, data := m.Export()
	if !strings.Contains(string(data), "# settings changed during the run") {
		t.Fatalf("an edited run's export:\n%s", data[:400])
	}
}
