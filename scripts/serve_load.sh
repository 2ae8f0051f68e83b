#!/usr/bin/env bash
# Load on `momentum serve`: builds the binary, serves a rosenbrock race on a
# loopback port, and runs TestServeLoad (serve/load_test.go) against it:
# N sessions at 120×40 connect, play, pause, then play beside one heavy
# session. Prints the server's CPU and memory per phase (from /proc).
#
#   scripts/serve_load.sh [sessions] [seconds per phase]    (default 50 10)
#
# Linux only (/proc). Not run in CI: a shared machine makes timings noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}
secs=${2:-10}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

go build -o "$tmp/momentum" .
"$tmp/momentum" serve --listen 127.0.0.1:0 --host-key "$tmp/host_key" --max-sessions $((n + 1)) \
  --landscape rosenbrock --race 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do
  addr=$(sed -n 's/.*listening on \([^;]*\);.*/\1/p' "$tmp/log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$tmp/log"; exit 1; }

echo "momentum serve --landscape rosenbrock --race on $addr, $n sessions, ${secs}s per phase, GOMAXPROCS=${GOMAXPROCS:-$(nproc)}"
MOMENTUM_SERVE_LOAD=$addr MOMENTUM_SERVE_PID=$pid MOMENTUM_SERVE_SESSIONS=$n MOMENTUM_SERVE_SECONDS=$secs \
  go test ./serve -run '^TestServeLoad$' -count=1 -timeout 30m -v | sed -n 's/^load  //p;/FAIL/p'
