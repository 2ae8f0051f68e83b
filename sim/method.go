// Package sim is the physics: a particle's state, the three dynamics and one
// step of each. It imports no terminal package, so every number it makes can
// be checked exactly.
package sim

import (
	"fmt"
	"strings"
)

// Method is one of the dynamics the particle can follow.
type Method int

const (
	Flow   Method = iota // gradient flow: x' = −∇f
	Heavy                // heavy ball: m x'' = −∇f
	Damped               // damped: m x'' + ε x' = −∇f
)

// Methods lists every method in display order.
var Methods = []Method{Flow, Heavy, Damped}

// Name is the command-line name.
func (m Method) Name() string {
	switch m {
	case Flow:
		return "flow"
	case Heavy:
		return "heavy"
	case Damped:
		return "damped"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Title is the name people read on screen.
func (m Method) Title() string {
	switch m {
	case Flow:
		return "gradient flow"
	case Heavy:
		return "heavy ball"
	case Damped:
		return "damped"
	}
	return m.Name()
}

// Law is the continuous equation of motion.
func (m Method) Law() string {
	switch m {
	case Flow:
		return "x' = −∇f(x)"
	case Heavy:
		return "m x'' = −∇f(x)"
	case Damped:
		return "m x'' + ε x' = −∇f(x)"
	}
	return ""
}

// Uses names the physical parameters that enter the method's step.
func (m Method) Uses() string {
	switch m {
	case Flow:
		return "Δt"
	case Heavy:
		return "Δt, m"
	}
	return "Δt, m, ε"
}

// HasMass reports whether the method carries velocity from step to step.
func (m Method) HasMass() bool { return m != Flow }

func methodNames() string {
	var names []string
	for _, m := range Methods {
		names = append(names, m.Name())
	}
	return strings.Join(names, ", ")
}

// ParseMethod reads one command-line method name.
func ParseMethod(s string) (Method, error) {
	for _, m := range Methods {
		if s == m.Name() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown method %q; want one of %s", s, methodNames())
}

// ParseMethods reads a comma list such as "flow,heavy,damped". A method may
// appear once.
func ParseMethods(s string) ([]Method, error) {
	var ms []Method
	seen := map[Method]bool{}
	for _, part := range strings.Split(s, ",") {
		m, err := ParseMethod(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if seen[m] {
			return nil, fmt.Errorf("method %q is listed twice; want each of %s at most once", m.Name(), methodNames())
		}
		seen[m] = true
		ms = append(ms, m)
	}
	return ms, nil
}
