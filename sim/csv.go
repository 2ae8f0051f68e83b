package sim

import "strconv"

// CSVHeader is the header of a trajectory in CSV, as `momentum run` prints
// it and the simulator exports it.
const CSVHeader = "method,step,x,y,vx,vy,f,energy\n"

// AppendCSV appends one trajectory row of the particle p moved by sys: the
// method, the step, the position, the velocity Δx/Δt of that step, f and
// the energy the screen shows (Energy: the shadow energy for a ball with
// mass, f for flow), numbers in Go's shortest form that parses back to the
// same float64.
func AppendCSV(b []byte, sys *System, p *Particle) []byte {
	return AppendCSVAs(b, sys.Method.Name(), sys, p)
}

// AppendCSVAs is AppendCSV with name in the method column (a race's
// name#k for a method that runs more than once).
func AppendCSVAs(b []byte, name string, sys *System, p *Particle) []byte {
	b = append(b, name...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(p.Step), 10)
	e := Energy(sys.Land, sys.Method, sys.Params, p)
	for _, v := range [...]float64{p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y, p.F, e} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return append(b, '\n')
}
