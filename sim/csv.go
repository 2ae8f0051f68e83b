package sim

import "strconv"

// CSVHeader is the header of a trajectory in CSV, as `momentum run` prints
// it and the simulator exports it.
const CSVHeader = "method,step,x,y,vx,vy,f\n"

// AppendCSV appends one trajectory row: the method, the step, the position,
// the velocity Δx/Δt of that step and f, numbers in Go's shortest form that
// parses back to the same float64.
func AppendCSV(b []byte, m Method, p *Particle) []byte {
	b = append(b, m.Name()...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(p.Step), 10)
	for _, v := range [...]float64{p.Pos.X, p.Pos.Y, p.Vel.X, p.Vel.Y, p.F} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return append(b, '\n')
}
