package record

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
)

// Renderer draws screens to pixels in cells of CellW × CellH pixels.
// Cells are twice as tall as wide, as in a terminal, so the map's round
// bowl stays round.
type Renderer struct {
	CellW, CellH int
	face, bold   font.Face
	ascent       int
}

// NewRenderer makes a renderer with Go Mono at size pixels per em.
func NewRenderer(size float64) (*Renderer, error) {
	face := func(ttf []byte) (font.Face, error) {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	reg, err := face(gomono.TTF)
	if err != nil {
		return nil, err
	}
	bold, err := face(gomonobold.TTF)
	if err != nil {
		return nil, err
	}
	adv, _ := reg.GlyphAdvance('M')
	r := &Renderer{face: reg, bold: bold}
	r.CellW = adv.Ceil()
	r.CellH = 2 * r.CellW
	m := reg.Metrics()
	// Centre the font's line in the taller cell.
	r.ascent = m.Ascent.Ceil() + (r.CellH-(m.Ascent+m.Descent).Ceil())/2
	return r, nil
}

// Size is the picture size of a cols × rows screen.
func (r *Renderer) Size(cols, rows int) image.Point {
	return image.Pt(cols*r.CellW, rows*r.CellH)
}

// Render draws s into a new picture.
func (r *Renderer) Render(s *Screen) *image.RGBA {
	img := image.NewRGBA(image.Rectangle{Max: r.Size(s.Cols, s.Rows)})
	r.RenderInto(img, s)
	return img
}

// RenderInto draws s into img, which must be Size(s.Cols, s.Rows).
func (r *Renderer) RenderInto(img *image.RGBA, s *Screen) {
	for row := range s.Rows {
		for col := range s.Cols {
			c := s.At(col, row)
			rect := image.Rect(col*r.CellW, row*r.CellH, (col+1)*r.CellW, (row+1)*r.CellH)
			draw.Draw(img, rect, &image.Uniform{c.BG}, image.Point{}, draw.Src)
			if c.Text == "" || c.Text == " " {
				continue
			}
			ch, _ := utf8.DecodeRuneInString(c.Text)
			if r.geometry(img, rect, ch, c.FG, c.BG) || r.shape(img, rect, ch, c.FG) {
				continue
			}
			face := r.face
			if c.Bold {
				face = r.bold
			}
			if _, ok := face.GlyphAdvance(ch); !ok {
				r.missing(img, rect, c.FG)
				continue
			}
			if base, ok := strings.CutSuffix(c.Text, "\u0303"); ok {
				// A combining tilde (x̃): the font has no combining marks,
				// so the tilde is the font's own, raised above the letter.
				r.glyph(img, rect, base, c.FG, face, 0)
				r.glyph(img, rect, "~", c.FG, face, -int(0.3*float64(rect.Dy())))
				continue
			}
			r.glyph(img, rect, c.Text, c.FG, face, 0)
		}
	}
}

// missing marks a character the font does not have with a small hollow
// box, as terminals do, so nothing is silently left out.
func (r *Renderer) missing(img *image.RGBA, rect image.Rectangle, fg color.RGBA) {
	in := image.Rect(rect.Min.X+2, rect.Min.Y+r.CellH/4, rect.Max.X-2, rect.Max.Y-r.CellH/4)
	for x := in.Min.X; x < in.Max.X; x++ {
		img.SetRGBA(x, in.Min.Y, fg)
		img.SetRGBA(x, in.Max.Y-1, fg)
	}
	for y := in.Min.Y; y < in.Max.Y; y++ {
		img.SetRGBA(in.Min.X, y, fg)
		img.SetRGBA(in.Max.X-1, y, fg)
	}
}

// geometry draws block elements, shades, braille and box lines as shapes
// filling the cell exactly, as a terminal does, rather than through the
// font (Go Mono has few of them, and font outlines leave seams between
// cells). It reports whether ch was one of them.
func (r *Renderer) geometry(img *image.RGBA, rect image.Rectangle, ch rune, fg, bg color.RGBA) bool {
	fill := func(x0, y0, x1, y1 float64, c color.RGBA) {
		w, h := float64(rect.Dx()), float64(rect.Dy())
		sub := image.Rect(rect.Min.X+int(math.Round(x0*w)), rect.Min.Y+int(math.Round(y0*h)),
			rect.Min.X+int(math.Round(x1*w)), rect.Min.Y+int(math.Round(y1*h)))
		draw.Draw(img, sub, &image.Uniform{c}, image.Point{}, draw.Src)
	}
	switch {
	case ch == '▀':
		fill(0, 0, 1, 0.5, fg)
	case ch == '▄':
		fill(0, 0.5, 1, 1, fg)
	case ch == '█':
		fill(0, 0, 1, 1, fg)
	case ch == '▌':
		fill(0, 0, 0.5, 1, fg)
	case ch == '▐':
		fill(0.5, 0, 1, 1, fg)
	case ch >= '▁' && ch <= '▇': // lower eighths
		fill(0, 1-float64(ch-'▁'+1)/8, 1, 1, fg)
	case ch == '░', ch == '▒', ch == '▓':
		// Shades as the blend they stand for: crisp, and the same
		// brightness at any size.
		fill(0, 0, 1, 1, Blend(bg, fg, float64(ch-'░'+1)/4))
	case ch >= 0x2800 && ch <= 0x28ff:
		r.braille(img, rect, uint8(ch-0x2800), fg)
	default:
		return r.box(img, rect, ch, fg)
	}
	return true
}

// brailleBits are the dot bits in Unicode's numbering by column and row.
var brailleBits = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// braille draws a pattern's dots as small discs on a 2 × 4 grid.
func (r *Renderer) braille(img *image.RGBA, rect image.Rectangle, bits uint8, fg color.RGBA) {
	w, h := float64(rect.Dx()), float64(rect.Dy())
	rad := max(1, 0.17*w)
	for cx := range 2 {
		for cy := range 4 {
			if bits&brailleBits[cx][cy] == 0 {
				continue
			}
			x0 := float64(rect.Min.X) + (float64(cx)+0.5)*w/2
			y0 := float64(rect.Min.Y) + (float64(cy)+0.5)*h/4
			for y := int(y0 - rad - 1); y <= int(y0+rad+1); y++ {
				for x := int(x0 - rad - 1); x <= int(x0+rad+1); x++ {
					dx, dy := float64(x)+0.5-x0, float64(y)+0.5-y0
					if dx*dx+dy*dy <= rad*rad && image.Pt(x, y).In(rect) {
						img.SetRGBA(x, y, fg)
					}
				}
			}
		}
	}
}

// boxArms says which arms of a box-drawing character reach the cell's
// edges: left, right, up, down.
var boxArms = map[rune][4]bool{
	'─': {true, true, false, false}, '│': {false, false, true, true},
	'┌': {false, true, false, true}, '┐': {true, false, false, true},
	'└': {false, true, true, false}, '┘': {true, false, true, false},
	'╭': {false, true, false, true}, '╮': {true, false, false, true},
	'╰': {false, true, true, false}, '╯': {true, false, true, false},
	'├': {false, true, true, true}, '┤': {true, false, true, true},
	'┬': {true, true, false, true}, '┴': {true, true, true, false},
	'┼': {true, true, true, true},
}

// box draws a box-drawing line one pixel (or a tenth of a cell) thick
// through the cell's centre.
func (r *Renderer) box(img *image.RGBA, rect image.Rectangle, ch rune, fg color.RGBA) bool {
	arms, ok := boxArms[ch]
	if !ok {
		return false
	}
	t := max(1, rect.Dx()/10)
	cx, cy := rect.Min.X+rect.Dx()/2, rect.Min.Y+rect.Dy()/2
	u := &image.Uniform{fg}
	if arms[0] {
		draw.Draw(img, image.Rect(rect.Min.X, cy, cx+t, cy+t), u, image.Point{}, draw.Src)
	}
	if arms[1] {
		draw.Draw(img, image.Rect(cx, cy, rect.Max.X, cy+t), u, image.Point{}, draw.Src)
	}
	if arms[2] {
		draw.Draw(img, image.Rect(cx, rect.Min.Y, cx+t, cy+t), u, image.Point{}, draw.Src)
	}
	if arms[3] {
		draw.Draw(img, image.Rect(cx, cy, cx+t, rect.Max.Y), u, image.Point{}, draw.Src)
	}
	return true
}
