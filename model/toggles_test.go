package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

func TestArrowsAndChartsToggle(t *testing.T) {
	m := newTestModel(t, "himmelblau", sim.Heavy)
	m.SetSize(120, 40)
	m.Advance(30)
	m.View()
	withArrows := len(m.frame.trails.touched)
	press(m, "a")
	m.View()
	if m.arrows || len(m.frame.trails.touched) >= withArrows {
		t.Fatalf("a: arrows %v, dots on %d cells (with arrows %d); want fewer without arrows", m.arrows, len(m.frame.trails.touched), withArrows)
	}
	if m.frame.stripRows == 0 || !strings.Contains(m.View(), "loss") {
		t.Fatal("charts are not shown at 120×40")
	}
	rows := m.field.rows
	press(m, "g")
	if m.frame.stripRows != 0 || strings.Contains(m.View(), "loss log") || m.field.rows != rows+chartStripLines {
		t.Fatalf("g: strip %d rows, field %d rows (was %d); want the strip gone and the map taller", m.frame.stripRows, m.field.rows, rows)
	}
	checkFrame(t, m.View(), 120, 40)
}

func TestShareAndWriteKeys(t *testing.T) {
	t.Chdir(t.TempDir())
	m := newTestModel(t, "saddle", sim.Damped)
	m.Advance(12)
	press(m, "p")
	v := m.View()
	if !strings.Contains(v, "momentum --landscape saddle --method damped") {
		t.Fatalf("p does not show the command line:\n%s", v)
	}
	press(m, "n") // any key clears the message
	if strings.Contains(m.View(), "momentum --landscape") {
		t.Fatal("the command line stayed after the next key")
	}
	press(m, "w")
	v = m.View()
	files, _ := filepath.Glob("momentum-saddle-*.csv")
	if len(files) != 1 || !strings.Contains(v, "wrote "+files[0]) {
		t.Fatalf("w: files %v, frame says %q", files, lastLine(v))
	}
	data, _ := os.ReadFile(files[0])
	if rows := strings.Count(string(data), "\n"); rows != 1+14 {
		t.Fatalf("%s has %d lines, want the header and steps 0…13", files[0], rows)
	}
}

func lastLine(s string) string { return s[strings.LastIndexByte(s, '\n')+1:] }
