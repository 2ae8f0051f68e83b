package serve

import (
	"bytes"
	"fmt"
	"io"

	"github.com/aymanbagabas/go-osc52/v2"
)

// clipboardLimit caps a CSV sent to the clipboard. OSC 52 carries it
// base64-encoded inside one escape sequence, which terminals and
// multiplexers buffer whole; several drop sequences past a megabyte or so.
const clipboardLimit = 1 << 20

// clipboardSink is a served session's export: the w key must not write on
// the server's disk, so the CSV goes to the student's own clipboard through
// their terminal (OSC 52), on the session's screen. Terminals that do not
// allow OSC 52 ignore it, which the message says, since the server cannot
// know.
type clipboardSink struct {
	out io.Writer // the session's screen, shared with the painter
}

func (c clipboardSink) Export(name string, data []byte) (string, error) {
	if len(data) > clipboardLimit {
		return "", fmt.Errorf("the CSV is %.1f MB, over the %d MB a clipboard copy carries: p shows the flags; give them to 'momentum run' on your machine",
			float64(len(data))/(1<<20), clipboardLimit>>20)
	}
	if _, err := osc52.New(string(data)).WriteTo(c.out); err != nil {
		return "", fmt.Errorf("cannot send the CSV: %w", err)
	}
	return fmt.Sprintf("%d CSV rows to your clipboard (OSC 52: if your terminal allows it)", csvRows(data)), nil
}

// csvRows counts the data rows of a CSV: lines other than the header and
// # comments.
func csvRows(data []byte) int {
	n := 0
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) > 0 && line[0] != '#' {
			n++
		}
	}
	return max(0, n-1)
}
