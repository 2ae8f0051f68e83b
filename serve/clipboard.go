package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

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
// know. A CSV over limit is thinned to every k-th step, as `momentum run
// --every k` prints it, and the message says so.
type clipboardSink struct {
	out   io.Writer // the session's screen, shared with the painter
	limit int       // bytes; 0 means clipboardLimit
}

func (c clipboardSink) Export(name string, data []byte) (string, error) {
	limit := c.limit
	if limit == 0 {
		limit = clipboardLimit
	}
	every := 0
	if len(data) > limit {
		var ok bool
		if data, every, ok = thinCSV(data, limit); !ok {
			return "", errors.New("the CSV does not fit a clipboard copy even thinned: press p for the flags and give them to 'momentum run'")
		}
	}
	if _, err := osc52.New(string(data)).WriteTo(c.out); err != nil {
		return "", fmt.Errorf("cannot send the CSV: %w", err)
	}
	// Under 80 columns with the model's "wrote ", so one line says it.
	if every > 0 {
		return fmt.Sprintf("%d CSV rows to your clipboard (OSC 52, if allowed), every %s step", csvRows(data), ordinal(every)), nil
	}
	return fmt.Sprintf("%d CSV rows to your clipboard (OSC 52, if your terminal allows it)", csvRows(data)), nil
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

// everyArg is the --every of the command line the export's comments quote.
var everyArg = regexp.MustCompile(` --every (\d+)`)

// thinCSV keeps, of an export's rows (method,step,…, each racer's rows
// one after the other), those whose step is a multiple of every and each
// racer's last row: what `momentum run --every every` prints. every is the
// smallest multiple of the export's own --every (1 if none) that fits
// limit bytes. The comments' command line gets the new --every, so it
// still prints the same rows.
func thinCSV(data []byte, limit int) (thinned []byte, every int, ok bool) {
	var comments, rows [][]byte
	var header []byte
	for line := range bytes.Lines(data) {
		switch {
		case len(bytes.TrimSpace(line)) == 0:
		case line[0] == '#':
			comments = append(comments, line)
		case header == nil:
			header = line
		default:
			rows = append(rows, line)
		}
	}
	was := 1
	for _, c := range comments {
		if m := everyArg.FindSubmatch(c); m != nil {
			was, _ = strconv.Atoi(string(m[1]))
		}
	}
	steps := make([]int, len(rows))
	lastOfRacer := make([]bool, len(rows))
	for i, r := range rows {
		f := bytes.SplitN(r, []byte(","), 3)
		if len(f) < 3 {
			return nil, 0, false
		}
		steps[i], _ = strconv.Atoi(string(f[1]))
		lastOfRacer[i] = i == len(rows)-1 || !bytes.HasPrefix(rows[i+1], append(f[0], ','))
	}
	// Starting from the ratio of sizes, since rows are alike in length.
	for k := max(2, len(data)/limit); k <= max(2, len(rows)); k++ {
		every = was * k
		out := make([]byte, 0, limit)
		for _, c := range comments {
			if bytes.HasPrefix(c, []byte("# momentum run ")) {
				c = withEvery(c, every)
			}
			out = append(out, c...)
		}
		out = append(out, header...)
		for i, r := range rows {
			if steps[i]%every == 0 || lastOfRacer[i] {
				out = append(out, r...)
			}
		}
		if len(out) <= limit {
			return out, every, true
		}
	}
	return nil, 0, false
}

// withEvery sets the --every of a quoted command line.
func withEvery(line []byte, every int) []byte {
	arg := []byte(" --every " + strconv.Itoa(every))
	if everyArg.Match(line) {
		return everyArg.ReplaceAll(line, arg)
	}
	// After "# momentum run --steps N", where the export puts it.
	m := regexp.MustCompile(`^# momentum run --steps \d+`).Find(line)
	return append(append(append([]byte{}, m...), arg...), line[len(m):]...)
}

// ordinal is 2nd, 3rd, 4th, 11th, 21st, …
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
