package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/momentum-sim/momentum/internal/termbg"
)

// backgroundWait bounds the wait for the answers to termbg.Query: a
// terminal that ignores OSC 11 is known as soon as its DA1 answer arrives,
// and one that answers neither is given backgroundWait, after which the
// background is taken as dark (as most terminals are): the first frame never
// waits on the terminal for long (termenv waits up to 5 s).
const backgroundWait = 100 * time.Millisecond

// colorFGBG reads COLORFGBG ("fg;bg", or "fg;default;bg"), which rxvt,
// Konsole and others set: the background is the last field, an ANSI colour
// index where 0–6 and 8 are dark. ok is false when it is unset or not a
// number.
func colorFGBG() (dark, ok bool) {
	v := os.Getenv("COLORFGBG")
	if v == "" {
		return false, false
	}
	bg, err := strconv.Atoi(v[strings.LastIndexByte(v, ';')+1:])
	if err != nil || bg < 0 || bg > 15 {
		return false, false
	}
	return bg <= 6 || bg == 8, true
}

// backgroundReply finds the answers to termbg.Query in what the terminal
// sent: done once DA1's answer (ESC [ ? … c) is in, dark from OSC 11's
// answer (ESC ] 11 ; rgb:R/G/B ended by BEL or ST) when there was one, and
// the other bytes, keys typed meanwhile, in order.
func backgroundReply(b []byte) (dark, known, done bool, typed []byte) {
	dark = true
	for len(b) > 0 {
		switch {
		case bytes.HasPrefix(b, []byte("\x1b]11;")):
			end := bytes.IndexByte(b, '\a')
			if st := bytes.Index(b, []byte("\x1b\\")); st >= 0 && (end < 0 || st < end) {
				end = st
			}
			if end < 0 {
				return dark, known, false, typed // the rest has not arrived yet
			}
			if d, ok := termbg.Dark(string(b[len("\x1b]11;"):end])); ok {
				dark, known = d, true
			}
			if b[end] == 0x1b {
				end++
			}
			b = b[end+1:]
		case bytes.HasPrefix(b, []byte("\x1b[?")):
			i := 3
			for i < len(b) && (b[i] >= '0' && b[i] <= '9' || b[i] == ';') {
				i++
			}
			if i == len(b) {
				return dark, known, false, typed
			}
			if b[i] == 'c' {
				done = true
				b = b[i+1:]
				continue
			}
			typed = append(typed, b[0])
			b = b[1:]
		default:
			typed = append(typed, b[0])
			b = b[1:]
		}
	}
	return dark, known, done, typed
}
