package model

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/lucasb-eyer/go-colorful"
	"github.com/muesli/termenv"

	"github.com/momentum-sim/momentum/sim"
)

// Styles is every colour and text style the simulator draws with, built once
// for one colour profile. The landscape and particles do not go through
// lipgloss per cell: their escape sequences are precomputed here, so a frame
// is assembled from byte strings.
type Styles struct {
	Profile termenv.Profile
	// Color is false on terminals without colour (NO_COLOR, TERM=dumb):
	// bands are then drawn with shade characters.
	Color bool

	Bands []cellColor // the contour bands, low f first
	Edges []cellColor // the same bands darkened, drawn where a band ends
	// Racer holds each method's particle colour, brightest first then
	// fading shades for its trail.
	Racer [][trailShades]cellColor // indexed by sim.Method
	// RacerPlain is Racer for a race's trails without colour: the racer's
	// letter in lower case (f, h, d, …) instead of braille dots, since
	// the particles' F, H, D alone cannot say whose path is whose. With
	// colour it is Racer.
	RacerPlain [][trailShades]cellColor
	Minimum    cellColor
	Start      cellColor
	Marker     cellColor // edge markers and the diverged banner
	NotFinite  cellColor // cells where f is NaN

	Title, Label, Value, Dim, Warn, Good lipgloss.Style
	RacerText                            []lipgloss.Style // a method's name in its colour
	Force, Velocity                      cellColor        // the arrows at the particle
	Kinetic, Potential, Total            cellColor        // the energy chart's lines
	Help                                 help.Styles

	// The panel's text styles as escape pairs, split once here so a frame
	// appends bytes instead of rendering through lipgloss.
	title, label, value, dim, warn, good wrap
	racerWrap                            []wrap

	// renderer is this simulator's own lipgloss renderer, for the styles
	// of bubbles components (the text input): never the process-wide one,
	// which would guess the profile from the process's stdout.
	renderer *lipgloss.Renderer
}

// cellColor is one colour as ready-made SGR sequences for foreground and
// background. Empty strings mean "no colour" (the Ascii profile).
type cellColor struct {
	fg, bg string
	// glyph, when set, is drawn in a trail's cell instead of its braille
	// dots: without colour, a race's trails are told apart by their
	// racers' letters (see Styles.RacerPlain).
	glyph string
}

const trailShades = 4

// bandHex runs from the valley floor (deep blue-grey) to the heights (pale
// sand). It is muted on purpose, so the saturated particles stand out, and
// it is sequential in lightness, so it reads on dark and light terminals.
var bandHex = []string{
	"#1b2a41", "#213a55", "#274b63", "#2f5d6e", "#3b6e74", "#4d7f77",
	"#638f7a", "#7c9e80", "#97ac8b", "#b1ba99", "#c9c8ab", "#dfd7c0",
}

// ansiBands is the 16-colour fallback: nearest-colour conversion of bandHex
// would merge most bands into black and white, so the bands take the dim
// colours, in order of lightness (black, blue, grey, cyan, yellow, light
// grey), two bands to a colour. No band is green, red or magenta: those hues,
// and the bright colours (9–15), are left to the particles, arrows and
// markers, so nothing drawn on the map vanishes into a band (the damped
// ball, bright green, was lost on green bands).
var ansiBands = []string{"0", "0", "4", "4", "8", "8", "6", "6", "3", "3", "7", "7"}

// Each method's colour is data in sim's table of methods (Method.Color):
// saturated, so the particles stand apart from the bands, and in 16 colours
// bright ones no band uses.

// markANSI are the 16-colour markers: force, velocity, minimum, start,
// diverged banner and not-finite cells. The force arrow is white there, not
// red as in true colour: the 16 colours have no orange, so gradient flow's
// particle is bright red, and a red arrow would look like its trail.
var markANSI = struct{ force, velocity, minimum, start, marker, notFinite string }{"15", "14", "11", "15", "9", "5"}

// NewStyles builds the styles for a colour profile. dark says whether the
// terminal background is dark; it only matters for text outside the field.
func NewStyles(profile termenv.Profile, dark bool) Styles {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(dark)
	s := Styles{Profile: profile, Color: profile != termenv.Ascii, renderer: r}

	color := func(hex string) cellColor {
		c := profile.Color(hex)
		if c == nil {
			return cellColor{}
		}
		fg, bg := c.Sequence(false), c.Sequence(true)
		if fg == "" {
			return cellColor{}
		}
		return cellColor{fg: "\x1b[" + fg + "m", bg: "\x1b[" + bg + "m"}
	}
	bands := bandHex
	if profile == termenv.ANSI {
		bands = ansiBands
	}
	for _, h := range bands {
		s.Bands = append(s.Bands, color(h))
		s.Edges = append(s.Edges, color(darken(h, profile)))
	}
	s.Racer = make([][trailShades]cellColor, len(sim.Methods))
	s.RacerText = make([]lipgloss.Style, len(sim.Methods))
	for _, meth := range sim.Methods {
		hex, ansi := meth.Color()
		for k := range trailShades {
			if profile == termenv.ANSI {
				s.Racer[meth][k] = color(ansi)
				continue
			}
			s.Racer[meth][k] = color(fade(hex, float64(k)/trailShades))
		}
		s.RacerPlain = append(s.RacerPlain, s.Racer[meth])
		if profile == termenv.Ascii {
			for k := range trailShades {
				s.RacerPlain[meth][k] = cellColor{glyph: racerMark(meth)}
			}
		}
		c := hex
		if profile == termenv.ANSI {
			c = ansi
		}
		s.RacerText[meth] = r.NewStyle().Bold(true).Foreground(lipgloss.Color(c))
	}
	s.Kinetic = color("#5fd7ff")
	s.Potential = color("#d7af5f")
	s.Total = color("#f0f0f0")
	s.Force = color("#ff3030")
	s.Velocity = color("#30d0ff")
	s.Minimum = color("#ffd700")
	s.Start = color("#ffffff")
	s.Marker = color("#ff5f5f")
	s.NotFinite = color("#5f005f") // dark magenta: no band is near it
	if profile == termenv.ANSI {
		s.Force, s.Velocity = color(markANSI.force), color(markANSI.velocity)
		s.Minimum, s.Start = color(markANSI.minimum), color(markANSI.start)
		s.Marker, s.NotFinite = color(markANSI.marker), color(markANSI.notFinite)
	}

	adaptive := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	s.Title = r.NewStyle().Bold(true)
	s.Label = r.NewStyle().Foreground(adaptive("#5a5a5a", "#9a9a9a"))
	s.Value = r.NewStyle()
	s.Dim = r.NewStyle().Foreground(adaptive("#8a8a8a", "#6c6c6c"))
	s.Warn = r.NewStyle().Bold(true).Foreground(adaptive("#c00000", "#ff5f5f"))
	s.Good = r.NewStyle().Foreground(adaptive("#007a33", "#5fd75f"))
	s.title, s.label, s.value = wrapOf(s.Title), wrapOf(s.Label), wrapOf(s.Value)
	s.dim, s.warn, s.good = wrapOf(s.Dim), wrapOf(s.Warn), wrapOf(s.Good)
	s.racerWrap = make([]wrap, len(s.RacerText))
	for i := range s.RacerText {
		s.racerWrap[i] = wrapOf(s.RacerText[i])
	}
	s.Help = help.Styles{
		ShortKey:       r.NewStyle().Foreground(adaptive("#303030", "#c0c0c0")),
		ShortDesc:      r.NewStyle().Foreground(adaptive("#6a6a6a", "#7a7a7a")),
		ShortSeparator: r.NewStyle().Foreground(adaptive("#a0a0a0", "#4a4a4a")),
		Ellipsis:       r.NewStyle().Foreground(adaptive("#a0a0a0", "#4a4a4a")),
		FullKey:        r.NewStyle().Foreground(adaptive("#303030", "#c0c0c0")),
		FullDesc:       r.NewStyle().Foreground(adaptive("#6a6a6a", "#7a7a7a")),
		FullSeparator:  r.NewStyle().Foreground(adaptive("#a0a0a0", "#4a4a4a")),
	}
	return s
}

// restyle switches m to other styles, for a session whose terminal has
// another colour profile or background than m was built with.
func (m *Model) restyle(st Styles) {
	*m.styles = st // shared by every component
	m.bar.restyle()
	m.expr.restyle(m.styles)
	m.field.contours.rebuild()
	m.charts.dirty = true
	if m.width > 0 && m.height > 0 {
		m.layout()
	}
	m.touch()
}

// darken returns the band colour used on contour edges.
func darken(hex string, profile termenv.Profile) string {
	if profile == termenv.ANSI {
		return hex // 16 colours have no darker shade to spare
	}
	c, err := colorful.Hex(hex)
	if err != nil {
		return hex
	}
	return c.BlendRgb(colorful.Color{}, 0.22).Hex()
}

// fade blends hex toward a neutral grey by t ∈ [0, 1): older trail points.
func fade(hex string, t float64) string {
	c, err := colorful.Hex(hex)
	if err != nil {
		return hex
	}
	grey := colorful.Color{R: 0.44, G: 0.44, B: 0.44}
	return c.BlendRgb(grey, 0.8*t).Hex()
}

// racerMark is a racer's mark where there is no colour, on its trail and
// its chart lines: its letter in lower case, so a path and a line read as
// the particle's (F, H, D) without being mistaken for it.
func racerMark(meth sim.Method) string { return strings.ToLower(meth.Letter()) }
