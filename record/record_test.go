package record

import (
	"bytes"
	"fmt"
	"image/color"
	"image/gif"
	"io"
	"testing"
)

func TestParseColours(t *testing.T) {
	frame := "\x1b[48;2;1;2;3m\x1b[38;2;200;100;50m▀a\x1b[0mb\x1b[1;38;5;196mc\x1b[39m\x1b[44md\n日x"
	s := Parse(frame, 6, 2)
	want := []Cell{
		{Text: "▀", FG: color.RGBA{200, 100, 50, 255}, BG: color.RGBA{1, 2, 3, 255}},
		{Text: "a", FG: color.RGBA{200, 100, 50, 255}, BG: color.RGBA{1, 2, 3, 255}},
		{Text: "b", FG: DefaultFG, BG: DefaultBG},
		{Text: "c", FG: color.RGBA{255, 0, 0, 255}, BG: DefaultBG, Bold: true}, // xterm 196 is pure red
		{Text: "d", FG: DefaultFG, BG: ansi16[4], Bold: true},
		{Text: " ", FG: DefaultFG, BG: DefaultBG},
	}
	for i, w := range want {
		if got := *s.At(i, 0); got != w {
			t.Errorf("cell %d: %+v, want %+v", i, got, w)
		}
	}
	// A wide character takes two cells; the second is its continuation.
	if a, b, c := s.At(0, 1).Text, s.At(1, 1).Text, s.At(2, 1).Text; a != "日" || b != "" || c != "x" {
		t.Errorf("wide row: %q %q %q", a, b, c)
	}
}

func TestParseClips(t *testing.T) {
	s := Parse("abcdef\nghi\njkl", 3, 2)
	if got := s.At(2, 0).Text + s.At(0, 1).Text; got != "cg" {
		t.Errorf("clipped to 3×2: %q", got)
	}
}

// TestGeometry: half blocks fill exactly half the cell, shades are the
// blend they stand for, and a braille dot lands in its place.
func TestGeometry(t *testing.T) {
	r, err := NewRenderer(16)
	if err != nil {
		t.Fatal(err)
	}
	if r.CellW != 10 || r.CellH != 20 {
		t.Fatalf("cell %d×%d, want 10×20 at 16 px", r.CellW, r.CellH)
	}
	fg, bg := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	s := &Screen{Cols: 3, Rows: 1, Cells: []Cell{
		{Text: "▀", FG: fg, BG: bg}, {Text: "▒", FG: fg, BG: bg}, {Text: "⠁", FG: fg, BG: bg}, // ⠁: dot 1, top left
	}}
	img := r.Render(s)
	at := func(x, y int) color.RGBA { return img.RGBAAt(x, y) }
	if at(5, 2) != fg || at(5, 9) != fg || at(5, 10) != bg || at(5, 19) != bg {
		t.Errorf("▀: top %v %v, bottom %v %v", at(5, 2), at(5, 9), at(5, 10), at(5, 19))
	}
	if got, want := at(15, 10), Blend(bg, fg, 0.5); got != want {
		t.Errorf("▒ is %v, want the half blend %v", got, want)
	}
	if at(22, 2) != fg || at(27, 2) != bg || at(22, 17) != bg {
		t.Errorf("⠁: dot 1 %v, dot 4 %v, dot 7 %v", at(22, 2), at(27, 2), at(22, 17))
	}
}

// TestGIFPalette: the cells' own colours are in the palette exactly, and
// a decoded frame has them where they were drawn.
func TestGIFPalette(t *testing.T) {
	r, _ := NewRenderer(16)
	g := NewGIF(r)
	band := color.RGBA{0xdf, 0xd7, 0xc0, 255}
	for k := range 3 {
		cells := make([]Cell, 4)
		for i := range cells {
			cells[i] = Cell{Text: " ", FG: DefaultFG, BG: band}
		}
		cells[k] = Cell{Text: "x", FG: color.RGBA{255, 79, 216, 255}, BG: band}
		g.Add(&Screen{Cols: 4, Rows: 1, Cells: cells}, 7)
	}
	var buf bytes.Buffer
	calls := 0
	if err := g.Encode(&buf, func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Errorf("progress called %d times for 3 frames", calls)
	}
	dec, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Image) != 3 || dec.Delay[2] != 7 {
		t.Fatalf("%d frames, delays %v", len(dec.Image), dec.Delay)
	}
	if got := color.RGBAModel.Convert(dec.Image[1].At(35, 10)).(color.RGBA); got != band {
		t.Errorf("a blank cell is %v, want %v", got, band)
	}
}

// BenchmarkFrame is one GIF frame's drawing: a 100×30 or 200×60 screen of
// map-like cells (half blocks in two colours, some braille and text)
// rendered to pixels and quantised to the palette.
func BenchmarkFrame(b *testing.B) {
	r, _ := NewRenderer(16)
	for _, size := range [][2]int{{100, 30}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			cols, rows := size[0], size[1]
			cells := make([]Cell, cols*rows)
			for i := range cells {
				c := Cell{Text: "▀", FG: color.RGBA{uint8(i % 12 * 20), 90, 110, 255}, BG: color.RGBA{uint8(i % 11 * 20), 80, 100, 255}}
				switch i % 7 {
				case 3:
					c.Text = "⣿"
				case 5:
					c.Text = "x"
				}
				cells[i] = c
			}
			g := NewGIF(r)
			for b.Loop() {
				g.screens, g.delays = g.screens[:0], g.delays[:0]
				g.Add(&Screen{Cols: cols, Rows: rows, Cells: cells}, 5)
				if err := g.Encode(io.Discard, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
