package serve

import (
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/momentum-sim/momentum/internal/termbg"
)

// backgroundWait bounds how long a session waits for the answers to
// termbg.Query before its first frame (about one round trip when the
// terminal answers).
const backgroundWait = 500 * time.Millisecond

// Terminal answers in the input stream: any OSC string (keys never produce
// one) and a DA1 report. They are taken out before the simulator reads its
// keys, however late they come: bubbletea would read "rgb:…" as keys.
var (
	oscReply = regexp.MustCompile("\x1b\\](?:11;([^\x07\x1b]*)|[^\x07\x1b]*)(?:\x07|\x1b\\\\)")
	da1Reply = regexp.MustCompile(`\x1b\[\?[0-9;]*c`)
)

// input is a session's keys as the simulator reads them. One goroutine
// reads the session, takes the terminal's answers out, notes when the
// last key came (for the idle timeout) and hands the rest on; the
// simulator reads them from Read. When the session's stream ends it calls
// gone: bubbletea keeps running after its input's EOF, and a paused
// simulator writes nothing that would notice the client left.
type input struct {
	chunks chan []byte
	done   chan struct{} // closed by stop: nobody reads any more
	rest   []byte        // of the chunk Read is handing out
	last   atomic.Int64  // unix nanoseconds of the last key

	answered   chan struct{} // closed at the terminal's DA1 answer
	answerOnce sync.Once
	background atomic.Int32 // 0 not known, 1 dark, 2 light
	stopOnce   sync.Once
}

func newInput(r io.Reader, gone func()) *input {
	in := &input{chunks: make(chan []byte, 8), done: make(chan struct{}), answered: make(chan struct{})}
	in.last.Store(time.Now().UnixNano())
	go func() {
		defer close(in.chunks)
		for {
			buf := make([]byte, 1024)
			n, err := r.Read(buf)
			if keys := in.filter(buf[:n]); len(keys) > 0 {
				in.last.Store(time.Now().UnixNano())
				select {
				case in.chunks <- keys:
				case <-in.done:
					return
				}
			}
			if err != nil {
				gone()
				return
			}
		}
	}()
	return in
}

// filter takes the terminal's answers out of a chunk of input and notes
// what they say.
func (in *input) filter(b []byte) []byte {
	if len(b) == 0 || !strings.Contains(string(b), "\x1b") {
		return b
	}
	for _, m := range oscReply.FindAllSubmatch(b, -1) {
		if len(m[1]) > 0 {
			if dark, ok := termbg.Dark(string(m[1])); ok {
				in.background.Store(map[bool]int32{true: 1, false: 2}[dark])
			}
		}
	}
	b = oscReply.ReplaceAll(b, nil)
	if da1Reply.Match(b) {
		in.answerOnce.Do(func() { close(in.answered) })
		b = da1Reply.ReplaceAll(b, nil)
	}
	return b
}

// Read hands out the keys in order; io.EOF once the session's stream ended
// or stop was called.
func (in *input) Read(p []byte) (int, error) {
	if len(in.rest) == 0 {
		select {
		case chunk, ok := <-in.chunks:
			if !ok {
				return 0, io.EOF
			}
			in.rest = chunk
		case <-in.done:
			return 0, io.EOF
		}
	}
	n := copy(p, in.rest)
	in.rest = in.rest[n:]
	return n, nil
}

// stop ends Read and lets the reading goroutine go once the session's
// stream ends.
func (in *input) stop() { in.stopOnce.Do(func() { close(in.done) }) }

// dark waits up to wait for the terminal's answer to termbg.Query and
// reports whether its background is dark; dark when it did not say.
func (in *input) dark(wait time.Duration) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-in.answered:
	case <-t.C:
	case <-in.done:
	}
	return in.background.Load() != 2
}

// watch ends the session (cause errIdle) once no key came for timeout.
func (in *input) watch(ctx context.Context, timeout time.Duration, cancel context.CancelCauseFunc) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			idle := time.Since(time.Unix(0, in.last.Load()))
			if idle >= timeout {
				cancel(errIdle)
				return
			}
			t.Reset(timeout - idle)
		}
	}
}
