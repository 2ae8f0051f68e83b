package serve

import (
	"bytes"
	"fmt"
	"os"

	gossh "golang.org/x/crypto/ssh"
)

// keySet is the public keys an authorized_keys file admits, by their wire
// form. It is read once at start: editing the file takes a restart.
type keySet map[string]bool

// readAuthorizedKeys reads an OpenSSH authorized_keys file. Blank lines and
// # comments are skipped; any other line that is not a key is an error, so
// a typo does not quietly shut a student out.
func readAuthorizedKeys(path string) (keySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the authorized keys: %w", err)
	}
	keys := keySet{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d is not a public key: %w", path, n+1, err)
		}
		keys[string(key.Marshal())] = true
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no public key: nobody could connect", path)
	}
	return keys, nil
}

func (k keySet) admits(key gossh.PublicKey) bool { return k[string(key.Marshal())] }
