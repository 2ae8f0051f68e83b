package record

import (
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"sort"
)

// WritePNG writes one screen as a PNG.
func (r *Renderer) WritePNG(w io.Writer, s *Screen) error {
	return png.Encode(w, r.Render(s))
}

// GIF collects screens for an animated GIF. Its palette is built from the
// screens' own colours, every cell's foreground and background (at most
// 256; the most used first), and the rest of the 256 entries are blends
// of the commonest foreground/background pairs, which is what a
// glyph's smoothed edges are: the map's bands and the particles keep
// their exact colours.
type GIF struct {
	r       *Renderer
	screens []*Screen
	delays  []int
}

// NewGIF starts an animation drawn by r.
func NewGIF(r *Renderer) *GIF { return &GIF{r: r} }

// Add appends a screen shown for delay hundredths of a second.
func (g *GIF) Add(s *Screen, delay int) {
	g.screens = append(g.screens, s)
	g.delays = append(g.delays, delay)
}

// Len is the number of frames so far.
func (g *GIF) Len() int { return len(g.screens) }

// Encode draws every frame with one palette and writes the GIF, calling
// progress (if not nil) after each frame is drawn.
func (g *GIF) Encode(w io.Writer, progress func(done, total int)) error {
	pal := g.palette()
	out := &gif.GIF{LoopCount: 0}
	if len(g.screens) == 0 {
		return gif.EncodeAll(w, out)
	}
	size := g.r.Size(g.screens[0].Cols, g.screens[0].Rows)
	rgba := image.NewRGBA(image.Rectangle{Max: size})
	index := map[color.RGBA]uint8{}
	for i, c := range pal {
		index[c.(color.RGBA)] = uint8(i)
	}
	for i, s := range g.screens {
		g.r.RenderInto(rgba, s)
		p := image.NewPaletted(rgba.Rect, pal)
		last, lastIdx := color.RGBA{}, uint8(0)
		for k := 0; k < len(rgba.Pix); k += 4 {
			c := color.RGBA{rgba.Pix[k], rgba.Pix[k+1], rgba.Pix[k+2], 0xff}
			if c != last || k == 0 {
				// Runs of one colour are the rule: look up only changes.
				idx, ok := index[c]
				if !ok {
					idx = uint8(pal.Index(c))
					index[c] = idx
				}
				last, lastIdx = c, idx
			}
			p.Pix[k/4] = lastIdx
		}
		out.Image = append(out.Image, p)
		out.Delay = append(out.Delay, g.delays[i])
		if progress != nil {
			progress(i+1, len(g.screens))
		}
	}
	return gif.EncodeAll(w, out)
}

// palette is the colours of every cell, most used first, then blends.
func (g *GIF) palette() color.Palette {
	uses := map[color.RGBA]int{}
	pairs := map[[2]color.RGBA]int{}
	for _, s := range g.screens {
		for _, c := range s.Cells {
			uses[c.BG]++
			if c.Text != " " && c.Text != "" {
				uses[c.FG]++
				if c.FG != c.BG {
					pairs[[2]color.RGBA{c.FG, c.BG}]++
				}
			}
		}
	}
	pure := make([]color.RGBA, 0, len(uses))
	for c := range uses {
		pure = append(pure, c)
	}
	sort.Slice(pure, func(i, j int) bool {
		if uses[pure[i]] != uses[pure[j]] {
			return uses[pure[i]] > uses[pure[j]]
		}
		return rgbKey(pure[i]) < rgbKey(pure[j])
	})
	var pal color.Palette
	seen := map[color.RGBA]bool{}
	add := func(c color.RGBA) {
		if len(pal) < 256 && !seen[c] {
			seen[c] = true
			pal = append(pal, c)
		}
	}
	for _, c := range pure {
		add(c)
	}
	ps := make([][2]color.RGBA, 0, len(pairs))
	for p := range pairs {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if pairs[ps[i]] != pairs[ps[j]] {
			return pairs[ps[i]] > pairs[ps[j]]
		}
		return rgbKey(ps[i][0])<<24|rgbKey(ps[i][1]) < rgbKey(ps[j][0])<<24|rgbKey(ps[j][1])
	})
	for _, t := range []float64{0.5, 0.25, 0.75} {
		for _, p := range ps {
			add(Blend(p[1], p[0], t))
		}
	}
	if len(pal) == 0 {
		pal = append(pal, DefaultBG)
	}
	return pal
}

func rgbKey(c color.RGBA) uint64 { return uint64(c.R)<<16 | uint64(c.G)<<8 | uint64(c.B) }
