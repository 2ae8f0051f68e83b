// Package termbg asks a terminal for its background colour and reads the
// answer, for both hosts: the local terminal (momentum ui) and a session's
// terminal (momentum serve). Each host reads the answer from its own input
// and bounds its own wait.
package termbg

import (
	"strconv"
	"strings"
)

// Query asks for the background colour (OSC 11), then for the device
// attributes (DA1), which every terminal answers: the second answer says
// the first one has come, or never will.
const Query = "\x1b]11;?\x1b\\" + "\x1b[c"

// Dark reads an X11 colour as terminals report it in their OSC 11 answer,
// rgb:RRRR/GGGG/BBBB with one to four hex digits a channel, and says
// whether it is dark: HSL lightness under one half, as termenv decides.
// ok is false when s is not such a colour.
func Dark(s string) (dark, ok bool) {
	hexes, found := strings.CutPrefix(s, "rgb:")
	parts := strings.Split(hexes, "/")
	if !found || len(parts) != 3 {
		return false, false
	}
	var c [3]float64
	for i, h := range parts {
		if len(h) < 1 || len(h) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(h, 16, 16)
		if err != nil {
			return false, false
		}
		c[i] = float64(v) / float64(uint64(1)<<(4*len(h))-1)
	}
	return (max(c[0], c[1], c[2])+min(c[0], c[1], c[2]))/2 < 0.5, true
}
