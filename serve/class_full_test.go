package serve

import "testing"

// TestClassIsFullCountsInEnglish: a class of one is "1 session", not
// "1 sessions"; any other size takes the plural.
func TestClassIsFullCountsInEnglish(t *testing.T) {
	for n, want := range map[int]string{
		1: "the class is full: 1 session; try again later",
		2: "the class is full: 2 sessions; try again later",
		7: "the class is full: 7 sessions; try again later",
	} {
		s := &Server{cfg: Config{MaxSessions: n}, active: n}
		if err := s.enter(); err == nil || err.Error() != want {
			t.Errorf("max %d: %v, want %q", n, err, want)
		}
	}
}
