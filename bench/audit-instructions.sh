#!/usr/bin/env bash
# Instructions per audited event, counted by valgrind: unlike wall time on a shared machine,
# the count is the same on every run of the same binary and input, so a change to the audit's
# hot path can be judged by it. With --cache, also the last-level cache misses per event of a
# simulated 2 MiB cache (a stand-in for one core's share; the cost of random case lookups).
#
#   bench/audit-instructions.sh [--cache] [CASES...]     default CASES: 15000 150000
#   SOP=path/to/other/sop bench/audit-instructions.sh    another build, for before/after
#
# The logs are Rembang's, made by `sop simulate --seed 3 --deviations 0.05` (about 6.8 events
# a case: 15,000 cases are ~10^5 events, 150,000 ~10^6). The SOP's parse and the report are
# measured on a log without events and taken off, so the figure is the audit's own.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=false
if [ "${1:-}" = "--cache" ]; then
  cache=true
  shift
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(15000 150000)

if ! command -v valgrind >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
sop=${SOP:-}
if [ -z "$sop" ]; then
  cargo build --release --quiet --bin sop
  sop=./target/release/sop
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "instructions ll-misses" for one audit of log $1.
count() {
  local log=$1 tool=(--tool=callgrind --callgrind-out-file="$work/cg.out")
  $cache && tool=(--tool=cachegrind --cache-sim=yes --LL=2097152,16,64 --cachegrind-out-file="$work/cg.out")
  valgrind "${tool[@]}" "$sop" audit sops/rembang.sop "$log" --format json -o "$work/report.json" \
    2>"$work/valgrind.txt" || true
  local refs misses
  refs=$(grep -E 'I +refs:' "$work/valgrind.txt" | tr -d ',' | awk '{print $NF}')
  misses=$(grep -E 'LL misses:' "$work/valgrind.txt" | tr -d ',' | awk '{print $4}' || true)
  echo "$refs ${misses:-0}"
}

"$sop" simulate sops/rembang.sop --cases 1 --seed 3 --start 2025-01-06 -o "$work/one.csv" >/dev/null 2>&1
head -1 "$work/one.csv" >"$work/empty.csv"
read -r base_refs base_misses < <(count "$work/empty.csv")

printf '%-8s %10s %16s %10s' cases events instructions per-event
$cache && printf ' %14s' 'LL-miss/event'
printf '\n'
for cases in "${sizes[@]}"; do
  log="$work/rembang-$cases.csv"
  "$sop" simulate sops/rembang.sop --cases "$cases" --seed 3 --start 2025-01-06 --deviations 0.05 -o "$log" >/dev/null 2>&1
  events=$(($(wc -l <"$log") - 1))
  read -r refs misses < <(count "$log")
  printf '%-8s %10s %16s %10.0f' "$cases" "$events" "$((refs - base_refs))" \
    "$(awk -v a="$refs" -v b="$base_refs" -v n="$events" 'BEGIN { print (a - b) / n }')"
  $cache && printf ' %14.2f' "$(awk -v a="$misses" -v b="$base_misses" -v n="$events" 'BEGIN { print (a - b) / n }')"
  printf '\n'
done
