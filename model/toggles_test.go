package model

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/momentum-sim/momentum/sim"
)

func TestArrowsAndChartsToggle(t *testing.T) {
	m := newTestModel(t, "himmelblau", sim.Heavy)
	m.SetSize(120, 40)
	m.Advance(30)
	m.View()
	withArrows := len(m.field.trails.touched)
	press(m, "a")
	m.View()
	if m.arrows || len(m.field.trails.touched) >= withArrows {
		t.Fatalf("a: arrows %v, dots on %d cells (with arrows %d); want fewer without arrows", m.arrows, len(m.field.trails.touched), withArrows)
	}
	if m.charts.height == 0 || !strings.Contains(m.View(), "loss") {
		t.Fatal("charts are not shown at 120×40")
	}
	rows := m.field.contours.rows
	press(m, "g")
	if m.charts.height != 0 || strings.Contains(m.View(), "loss log") || m.field.contours.rows != rows+chartStripLines {
		t.Fatalf("g: strip %d rows, field %d rows (was %d); want the strip gone and the map taller", m.charts.height, m.field.contours.rows, rows)
	}
	checkFrame(t, m.View(), 120, 40)
}

func TestShareAndWriteKeys(t *testing.T) {
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
	if v := lastLine(m.View()); !strings.Contains(v, "nowhere to write") {
		t.Fatalf("w without a sink: frame says %q", v)
	}
	sink := &memSink{}
	m.exporter = sink // what Run does with the session's sink
	cmd := press(m, "w")
	if cmd == nil || len(sink.names) != 0 {
		t.Fatal("w must hand the export to the sink in a command, outside Update")
	}
	m.Update(cmd())
	if len(sink.names) != 1 || sink.names[0] != "momentum-saddle-step13.csv" {
		t.Fatalf("w exported %v", sink.names)
	}
	if v := lastLine(m.View()); !strings.Contains(v, "wrote mem:"+sink.names[0]) {
		t.Fatalf("after w the frame says %q", v)
	}
	if rows := strings.Count(string(sink.data[0]), "\n") - strings.Count(string(sink.data[0]), "# "); rows != 1+14 {
		t.Fatalf("%s has %d lines, want the header and steps 0…13", sink.names[0], rows)
	}
	sink.err = errors.New("the disk is full")
	m.Update(press(m, "w")())
	if v := lastLine(m.View()); !strings.Contains(v, "✗ the disk is full") {
		t.Fatalf("a failed export: the frame says %q", v)
	}
}

// memSink keeps exports in memory.
type memSink struct {
	mu    sync.Mutex
	names []string
	data  [][]byte
	err   error
}

func (s *memSink) Export(name string, data []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return "", s.err
	}
	s.names = append(s.names, name)
	s.data = append(s.data, data)
	return "mem:" + name, nil
}

func lastLine(s string) string { return s[strings.LastIndexByte(s, '\n')+1:] }
