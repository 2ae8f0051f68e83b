#!/usr/bin/env bash
# perf.sh: measure the real binary in a real terminal (tmux) at 200×60 and
# check it against the budgets in BENCHMARKS.md:
#   - process CPU while playing at the default frame rate   ≤ 5 % of one core
#   - process CPU while paused                              ≤ 0.5 % of one core
#   - bytes written per frame while playing                 ≤ 10 % of a full repaint
#   - bytes written per second while playing                < a full repaint
#     (a race; one particle: < a quarter of one)
#   - bytes written per key typed in the / prompt           ≤ 10 % of a full repaint
#   - `momentum frame --width 200 --height 60`, start to exit ≤ 50 ms
# CPU comes from /proc/PID/stat (utime + stime), bytes from `script`, which
# records everything the program writes to its terminal. Timings on a shared
# machine are noisy, so this is not run in CI. Exits non-zero on a miss.
#
#   scripts/perf.sh [seconds] [-- extra momentum flags]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-6}
shift || true
[ "${1:-}" = "--" ] && shift
extra=("$@")
[ ${#extra[@]} -gt 0 ] || extra=(--landscape rosenbrock --race)

command -v tmux >/dev/null || { echo "perf.sh needs tmux (apt-get install tmux)"; exit 2; }
work=$(mktemp -d)
trap 'tmux kill-session -t momentum-perf 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/momentum" .

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }

printf -v cmd '%q ' "$work/momentum" "${extra[@]}"
tmux new-session -d -s momentum-perf -x 200 -y 60 \
  "TERM=xterm-256color COLORTERM=truecolor script -q -f -c $(printf '%q' "$cmd") $work/typescript"
sleep 1.5
pid=$(pgrep -n -f "^$work/momentum") || { echo "momentum did not start"; exit 1; }

# The first paint, while paused, is a full repaint.
full=$(stat -c %s "$work/typescript")

# Paused: nothing should tick.
t0=$(ticks "$pid"); s0=$(now); sleep "$secs"; t1=$(ticks "$pid"); s1=$(now)
paused=$(echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l)

# Playing.
b0=$(stat -c %s "$work/typescript")
tmux send-keys -t momentum-perf Space
t0=$(ticks "$pid"); s0=$(now); sleep "$secs"; t1=$(ticks "$pid"); s1=$(now)
tmux send-keys -t momentum-perf Space
b1=$(stat -c %s "$work/typescript")
playing=$(echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l)
frames=$(echo "($s1 - $s0) * 30" | bc -l)
perframe=$(echo "($b1 - $b0) / $frames" | bc -l)
ratio=$(echo "$perframe / $full * 100" | bc -l)
persec=$(echo "($b1 - $b0) / ($s1 - $s0)" | bc -l)
secratio=$(echo "$persec / $full * 100" | bc -l)
secbudget=25
for a in "${extra[@]}"; do [ "$a" = --race ] && secbudget=100; done

# Typing in the / prompt (opening it re-lays out the screen; each key after
# that changes only the prompt's line).
tmux send-keys -t momentum-perf /
sleep 0.5
b0=$(stat -c %s "$work/typescript")
for _ in $(seq 10); do tmux send-keys -t momentum-perf x; sleep 0.05; done
sleep 0.5
b1=$(stat -c %s "$work/typescript")
perkey=$(echo "($b1 - $b0) / 10" | bc -l)
keyratio=$(echo "$perkey / $full * 100" | bc -l)
tmux send-keys -t momentum-perf Escape
sleep 0.2
tmux send-keys -t momentum-perf q
sleep 0.5

# frame: process start to exit, best of 5.
best=999
for _ in 1 2 3 4 5; do
  a=$(now); "$work/momentum" frame --width 200 --height 60 "${extra[@]}" >/dev/null; b=$(now)
  ms=$(echo "($b - $a) * 1000" | bc -l)
  best=$(echo "if ($ms < $best) $ms else $best" | bc -l)
done

fail=0
check() { # name value budget unit
  if (( $(echo "$2 <= $3" | bc -l) )); then ok=ok; else ok=MISSED; fail=1; fi
  printf '%-40s %10.2f %-3s (budget ≤ %s)  %s\n' "$1" "$2" "$4" "$3" "$ok"
}
echo "momentum ${extra[*]} at 200×60, ${secs}s per phase"
printf '%-40s %10d B\n' "full repaint (first frame)" "$full"
printf '%-40s %10.0f B\n' "bytes per frame while playing" "$perframe"
check "bytes per frame / full repaint" "$ratio" 10 "%"
printf '%-40s %10.0f B\n' "bytes per second while playing" "$persec"
check "bytes per second / full repaint" "$secratio" "$secbudget" "%"
printf '%-40s %10.0f B\n' "bytes per key in the / prompt" "$perkey"
check "bytes per prompt key / full repaint" "$keyratio" 10 "%"
check "CPU while playing" "$playing" 5 "%"
check "CPU while paused" "$paused" 0.5 "%"
check "frame --width 200 --height 60" "$best" 50 ms
exit $fail
