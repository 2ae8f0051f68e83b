package record

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// shape draws the characters the simulator uses that Go Mono lacks, as
// antialiased outlines in a square centred in the cell (a terminal would
// take them from a fallback font). It reports whether ch was one of them.
func (r *Renderer) shape(img *image.RGBA, rect image.Rectangle, ch rune, fg color.RGBA) bool {
	w := float64(rect.Dx())
	cx, cy := float64(rect.Min.X)+w/2, float64(rect.Min.Y)+float64(rect.Dy())/2
	// Points in units of the cell's width, from its centre, y down.
	var polys [][][2]float64
	poly := func(pts ...[2]float64) { polys = append(polys, pts) }
	// stroke is a segment of width th as a quadrilateral.
	stroke := func(x0, y0, x1, y1, th float64) {
		dx, dy := x1-x0, y1-y0
		n := math.Hypot(dx, dy)
		nx, ny := -dy/n*th/2, dx/n*th/2
		poly([2]float64{x0 + nx, y0 + ny}, [2]float64{x1 + nx, y1 + ny}, [2]float64{x1 - nx, y1 - ny}, [2]float64{x0 - nx, y0 - ny})
	}
	switch ch {
	case '▶':
		poly([2]float64{-0.35, -0.4}, [2]float64{0.4, 0}, [2]float64{-0.35, 0.4})
	case '◀':
		poly([2]float64{0.35, -0.4}, [2]float64{-0.4, 0}, [2]float64{0.35, 0.4})
	case '∇':
		// An outline: the inner triangle runs the other way, a hole.
		poly([2]float64{-0.42, -0.35}, [2]float64{0.42, -0.35}, [2]float64{0, 0.45})
		poly([2]float64{-0.22, -0.23}, [2]float64{0, 0.22}, [2]float64{0.22, -0.23})
	case '‖':
		stroke(-0.15, -0.8, -0.15, 0.8, 0.1)
		stroke(0.15, -0.8, 0.15, 0.8, 0.1)
	case '✕':
		stroke(-0.35, -0.35, 0.35, 0.35, 0.12)
		stroke(-0.35, 0.35, 0.35, -0.35, 0.12)
	case '◌':
		for k := range 8 {
			a := float64(k) * math.Pi / 4
			x, y := 0.38*math.Cos(a), 0.38*math.Sin(a)
			poly([2]float64{x - 0.06, y - 0.06}, [2]float64{x + 0.06, y - 0.06}, [2]float64{x + 0.06, y + 0.06}, [2]float64{x - 0.06, y + 0.06})
		}
	case '↖', '↗', '↘', '↙':
		a := map[rune]float64{'↗': -math.Pi / 4, '↘': math.Pi / 4, '↙': 3 * math.Pi / 4, '↖': -3 * math.Pi / 4}[ch]
		c, s := math.Cos(a), math.Sin(a)
		rot := func(x, y float64) [2]float64 { return [2]float64{x*c - y*s, x*s + y*c} }
		shaft := [][2]float64{rot(-0.45, -0.05), rot(0.15, -0.05), rot(0.15, 0.05), rot(-0.45, 0.05)}
		poly(shaft...)
		poly(rot(0.45, 0), rot(0.1, -0.25), rot(0.1, 0.25))
	case 'Ẽ':
		// E with a tilde above it: the tilde drawn from the font, raised.
		r.glyph(img, rect, "E", fg, r.face, 0)
		r.glyph(img, rect, "~", fg, r.face, -int(0.42*float64(rect.Dy())))
		return true
	default:
		return false
	}
	z := vector.NewRasterizer(rect.Dx(), rect.Dy())
	for _, p := range polys {
		for i, pt := range p {
			x := float32(cx + pt[0]*w - float64(rect.Min.X))
			y := float32(cy + pt[1]*w - float64(rect.Min.Y))
			if i == 0 {
				z.MoveTo(x, y)
			} else {
				z.LineTo(x, y)
			}
		}
		z.ClosePath()
	}
	z.Draw(img, rect, &image.Uniform{fg}, image.Point{})
	return true
}

// glyph draws text from face in the cell, raised by lift pixels (negative
// is up).
func (r *Renderer) glyph(img *image.RGBA, rect image.Rectangle, text string, fg color.RGBA, face font.Face, lift int) {
	d := font.Drawer{Dst: img, Src: &image.Uniform{fg}, Face: face, Dot: fixed.P(rect.Min.X, rect.Min.Y+r.ascent+lift)}
	d.DrawString(text)
}
