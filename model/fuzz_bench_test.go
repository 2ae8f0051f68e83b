package model

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkFuzzModelCorpus runs FuzzModel's body over its committed corpus,
// so a profile shows where a fuzzed session spends its time.
func BenchmarkFuzzModelCorpus(b *testing.B) {
	var inputs [][]byte
	files, _ := filepath.Glob(corpusGlob())
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		lines := strings.Split(string(raw), "\n")
		if len(lines) < 2 {
			continue
		}
		s := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
		v, err := strconv.Unquote(s)
		if err != nil {
			b.Fatalf("%s: %v", p, err)
		}
		inputs = append(inputs, []byte(v))
	}
	if len(inputs) == 0 {
		b.Fatal("no corpus")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fuzzSession(b, inputs[i%len(inputs)])
	}
}

// corpusGlob is the committed corpus, or the directory FUZZ_CORPUS names
// (the fuzzer's cache under `go env GOCACHE`/fuzz holds what it has found).
func corpusGlob() string {
	if d := os.Getenv("FUZZ_CORPUS"); d != "" {
		return filepath.Join(d, "*")
	}
	return "testdata/fuzz/FuzzModel/*"
}
