package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// DefaultHostKeyPath is where the host key lives unless --host-key says
// otherwise: $XDG_STATE_HOME/momentum/host_ed25519, or
// ~/.local/state/momentum/host_ed25519. The key is state, not
// configuration: students' ssh remembers it, so it must survive restarts.
func DefaultHostKeyPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", errors.New("no home directory for the host key; give one with --host-key PATH")
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "momentum", "host_ed25519"), nil
}

// HostKey reads the server's private key from path, or, when there is no
// file there, makes a new ed25519 key and writes it there (mode 0600, its
// directory 0700). created says which happened.
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newHostKey(path)
	}
	if err != nil {
		return nil, false, fmt.Errorf("cannot read the host key: %w", err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("%s is not a private key without a passphrase: %w", path, err)
	}
	return signer, false, nil
}

func newHostKey(path string) (gossh.Signer, bool, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "momentum serve host key")
	if err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("cannot make the host key's directory: %w", err)
	}
	// O_EXCL: two servers started at once must not both write a key and
	// each keep a different one.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		s, _, err := HostKey(path)
		return s, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("cannot write the host key: %w", err)
	}
	_, werr := f.Write(pem.EncodeToMemory(block))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("cannot write the host key: %w", werr)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	return signer, true, err
}
