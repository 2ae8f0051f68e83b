package model

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// helpFieldRows is the least number of field rows the full help leaves
// above it; more keys than fit go on further pages.
const helpFieldRows = 8

// bottomBar is the component under the field and the charts: a lesson's
// caption above the expression input while it is open, else a message
// (after share or export), else the help: one line of keys, or every key
// in columns, a page at a time when they do not fit.
type bottomBar struct {
	styles        *Styles
	width, height int // the terminal's: the full help must leave room above it

	showAll     bool // every key, not the one line
	page, pages int  // the full help's page shown and how many there are

	text  string // the bar as drawn, lines joined by newlines
	lines int    // how many lines it takes

	// The one-line help's keys as last styled and what they were styled
	// from (each key's state and labels), since styling them is costly.
	helpFrom  []byte
	helpItems shortItems
	scratch   []byte
}

// barInput is what the bar shows: the keys for the help, the expression
// input when it is open (else nil), a message and the lesson running.
type barInput struct {
	keys    keyMap
	expr    *exprInput
	message string
	lesson  lessonBar
}

func newBottomBar(st *Styles) *bottomBar { return &bottomBar{styles: st} }

// restyle forgets the help drawn in the old styles; the bar reads its
// styles from the shared Styles on every draw.
func (b *bottomBar) restyle() { b.helpFrom = b.helpFrom[:0] }

// SetSize sets the terminal's size, which the bar spans across and whose
// height decides how many keys a page of the full help holds.
func (b *bottomBar) SetSize(w, h int) { b.width, b.height = w, h }

// draw lays the bar out for in.
func (b *bottomBar) draw(in barInput) {
	b.text, b.lines = b.render(in)
}

// render draws the bar's lines, none wider than the bar.
func (b *bottomBar) render(in barInput) (string, int) {
	var lines []string
	if in.expr == nil {
		lines = in.lesson.lines(b.styles, b.width)
	}
	switch {
	case in.expr != nil:
		lines = append(lines, in.expr.lines(b.width, b.styles)...)
	case in.message != "":
		lines = append(lines, wrapCells(in.message, b.width)...)
	case b.showAll:
		rows := b.height - helpFieldRows - len(lines) - 1 // one line for the page indicator
		pages := helpPages(b.styles, in.keys.FullHelp(), b.width, max(1, rows))
		b.pages = len(pages)
		b.page = min(b.page, b.pages-1)
		lines = append(lines, pages[b.page]...)
		if b.pages > 1 {
			lines = append(lines, b.pageLine())
		}
	default:
		lines = append(lines, b.shortHelp(in.keys.ShortHelp()))
	}
	// A line too wide is wrapped at words, not cut: every line is built
	// to fit, but a lesson's line with its note, say, may not at 60 columns.
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) <= b.width {
			out = append(out, l)
			continue
		}
		for _, w := range wrapWords(l, b.width) {
			out = append(out, ansi.Truncate(w, b.width, "…"))
		}
	}
	return strings.Join(out, "\n"), len(out)
}

// pageLine says which page of keys this is and how to turn it.
func (b *bottomBar) pageLine() string {
	h := b.styles.Help
	at := h.FullDesc.Render("keys " + strconv.Itoa(b.page+1) + "/" + strconv.Itoa(b.pages) + " · ")
	if b.page == b.pages-1 {
		return at + h.FullKey.Render("?/esc") + h.FullDesc.Render(" close")
	}
	return at + h.FullKey.Render("?") + h.FullDesc.Render(" next page · ") +
		h.FullKey.Render("esc") + h.FullDesc.Render(" close")
}

// shortHelp is the one-line help for the bar's width. Its keys are styled
// again only when a key's state or labels changed: a resize, or a key or
// tick that lays the screen out again, mostly leaves them as they were.
func (b *bottomBar) shortHelp(keys []key.Binding) string {
	from := b.scratch[:0]
	for _, k := range keys {
		on := byte(0)
		if k.Enabled() {
			on = 1
		}
		from = append(append(append(append(from, on), k.Help().Key...), 0), k.Help().Desc...)
	}
	b.scratch = from
	if len(b.helpFrom) == 0 || string(from) != string(b.helpFrom) {
		b.helpItems = styleShortHelp(b.styles, keys)
		b.helpFrom = append(b.helpFrom[:0], from...)
	}
	return b.helpItems.fit(2, b.width)
}

// shortItems are the one-line help's keys styled, with their widths.
type shortItems struct {
	sep    string
	sepW   int
	items  []string
	widths []int
}

// styleShortHelp styles each enabled key with a label, and the separator.
func styleShortHelp(st *Styles, keys []key.Binding) shortItems {
	h := st.Help
	s := shortItems{sep: h.ShortSeparator.Render(" • ")}
	s.sepW = ansi.StringWidth(s.sep)
	for _, k := range keys {
		if k.Enabled() && k.Help().Key != "" {
			it := h.ShortKey.Render(k.Help().Key) + " " + h.ShortDesc.Render(k.Help().Desc)
			s.items = append(s.items, it)
			s.widths = append(s.widths, ansi.StringWidth(it))
		}
	}
	return s
}

// fit is the one-line help in width cells: the last `pinned` bindings (the
// way to more help and out) always, and before them as many of the others
// as fit, in order, dropping whole bindings from the end.
func (s shortItems) fit(pinned, width int) string {
	pinned = min(pinned, len(s.items))
	cut := len(s.items) - pinned
	head, tail := s.items[:cut], s.items[cut:]
	used := -s.sepW
	for _, w := range s.widths[cut:] {
		used += s.sepW + w
	}
	n := 0
	for n < len(head) && used+s.sepW+s.widths[n] <= width {
		used += s.sepW + s.widths[n]
		n++
	}
	return strings.Join(append(head[:n:n], tail...), s.sep)
}

// helpPages lays every key out in columns of at most rows lines (a group
// longer than that continues in the next column) and puts as many columns
// side by side as fit width: a page. Each page is its lines.
func helpPages(st *Styles, groups [][]key.Binding, width, rows int) [][]string {
	h := st.Help
	type column struct {
		lines []string
		width int
	}
	var cols []column
	for _, g := range groups {
		var ks []key.Binding
		for _, k := range g {
			if k.Enabled() && k.Help().Key != "" {
				ks = append(ks, k)
			}
		}
		for len(ks) > 0 {
			chunk := ks[:min(rows, len(ks))]
			ks = ks[len(chunk):]
			kw := 0
			for _, k := range chunk {
				kw = max(kw, ansi.StringWidth(k.Help().Key))
			}
			var c column
			for _, k := range chunk {
				pad := strings.Repeat(" ", kw-ansi.StringWidth(k.Help().Key))
				l := ansi.Truncate(h.FullKey.Render(k.Help().Key)+pad+" "+h.FullDesc.Render(k.Help().Desc), width, "…")
				c.lines = append(c.lines, l)
				c.width = max(c.width, ansi.StringWidth(l))
			}
			cols = append(cols, c)
		}
	}
	const sep = "  "
	var pages [][]string
	for i := 0; i < len(cols); {
		// One page: columns while they fit (always at least one).
		j, w := i+1, cols[i].width
		for j < len(cols) && w+len(sep)+cols[j].width <= width {
			w += len(sep) + cols[j].width
			j++
		}
		height := 0
		for _, c := range cols[i:j] {
			height = max(height, len(c.lines))
		}
		page := make([]string, height)
		for r := range height {
			var b strings.Builder
			for k, c := range cols[i:j] {
				l := ""
				if r < len(c.lines) {
					l = c.lines[r]
				}
				if k < j-i-1 {
					l += strings.Repeat(" ", c.width-ansi.StringWidth(l)) + sep
				}
				b.WriteString(l)
			}
			page[r] = strings.TrimRight(b.String(), " ")
		}
		pages = append(pages, page)
		i = j
	}
	if len(pages) == 0 {
		pages = [][]string{{""}}
	}
	return pages
}

// wrapCells breaks plain text into lines of at most w cells (not runes: a
// wide character takes two), so a long command line stays whole on screen
// and can be copied.
func wrapCells(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}

// wrapWords breaks text into lines of at most w cells at spaces, breaking
// a word only when it is longer than a line.
func wrapWords(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}
