package sim

// Adopt makes the particle's state the one method meth steps from, when it
// was left by another method (the simulator's method keys, or a tape's next
// segment). Position and step count always stay. The velocity stays where
// it means the same: the ball's velocity w of Nesterov's method is the
// damped ball's v, so switching between those (and the heavy ball) keeps
// it, and switching back and forth without a step changes nothing. Adam's
// running averages have no counterpart in any other method: switching to
// Adam starts them empty (meth.Resets says so on screen).
func (p *Particle) Adopt(meth Method) {
	if p.owner == int(meth)+1 {
		return
	}
	if p.owner != 0 {
		from := Method(p.owner - 1)
		if from == Nesterov {
			// Leaving Nesterov: the ball's velocity is w, not Δx/Δt of
			// the look-ahead point.
			p.Vel = p.Mem.Buf
		}
	}
	p.Mem = Memory{}
	if meth == Nesterov {
		p.Mem.Buf = p.Vel
	}
	p.owner = int(meth) + 1
}
