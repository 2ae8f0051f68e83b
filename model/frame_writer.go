package model

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// frameWriter writes frames to the terminal off the Update loop, so a slow
// terminal (a slow SSH link) cannot hold up the ticks that step the
// simulation. At most one frame is in flight; while it is, new frames are
// not composed at all, and when it lands the screen is painted once from
// the model as it is then: the latest frame wins, intermediate ones are
// dropped, and nothing queues. Without it a 50 KB/s reader held the race
// to 37 % of its steps.
//
// Only the Update goroutine touches busy, pending and spare; the writing
// goroutine only the frame it was handed.
type frameWriter struct {
	w      io.Writer
	send   func(tea.Msg) // into the program: the frame landed
	frames chan []byte
	done   chan struct{}

	busy    bool   // a frame is being written
	pending bool   // the screen changed while it was: paint when it lands
	spare   []byte // the buffer of the last frame written, for reuse
}

// frameWrittenMsg says the frame in flight has been written (or failed).
type frameWrittenMsg struct {
	buf []byte
	err error
}

func newFrameWriter(w io.Writer, send func(tea.Msg)) *frameWriter {
	fw := &frameWriter{w: w, send: send, frames: make(chan []byte), done: make(chan struct{})}
	go fw.run()
	return fw
}

func (fw *frameWriter) run() {
	defer close(fw.done)
	for b := range fw.frames {
		_, err := fw.w.Write(b)
		fw.send(frameWrittenMsg{buf: b, err: err})
	}
}

// stop waits for the frame in flight, if any, to be written: nothing else
// may write to the terminal before (leaving the alternate screen).
func (fw *frameWriter) stop() {
	close(fw.frames)
	<-fw.done
}

// paint composes the model's frame and hands it to the writer, or, while a
// frame is in flight, only notes that the screen is out of date.
func (fw *frameWriter) paint(m *Model, p *painter) {
	if fw.busy {
		fw.pending = true
		return
	}
	fw.pending = false
	b := m.compose(p)
	if len(b) == 0 {
		return
	}
	// The writer owns b until it lands; the painter composes the next
	// frame into the buffer of the last one written.
	p.buf = fw.spare[:0]
	fw.spare = nil
	fw.busy = true
	fw.frames <- b
}

// written takes a landed frame back, and paints the latest screen if it
// changed meanwhile.
func (fw *frameWriter) written(msg frameWrittenMsg, m *Model, p *painter) error {
	fw.busy, fw.spare = false, msg.buf
	if msg.err != nil {
		return msg.err
	}
	if fw.pending {
		fw.paint(m, p)
	}
	return nil
}
