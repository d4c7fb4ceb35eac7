#!/usr/bin/env bash
# Runs `bench/Augment.Bench -- durable` for the own Durable Task engine the product carried until issue 13 (its last
# commit before deletion, 50bfce5, checked out in a worktree) and for the real stack at HEAD, alternating, on this
# machine, and prints the CPU and one JSON line per run. Usage: bench/scripts/durable-vs-old-engine.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-2}"
old="$(mktemp -d)/oldengine"
git -C "$root" worktree add --detach "$old" 50bfce5 >/dev/null
trap 'git -C "$root" worktree remove --force "$old" >/dev/null 2>&1 || true' EXIT
[ -d "$root/node_modules" ] && cp -r "$root/node_modules" "$old/"   # Azurite, offline
dotnet build -c Release "$old/bench/Augment.Bench" >/dev/null
dotnet build -c Release "$root/bench/Augment.Bench" >/dev/null
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') $(grep -q avx512f /proc/cpuinfo && echo AVX-512 || echo AVX2)"
for round in $(seq 1 "$rounds"); do
  echo "round $round, own engine (50bfce5):"
  (cd "$old" && dotnet bench/Augment.Bench/bin/Release/net10.0/Augment.Bench.dll durable --fanout 200 --chain 50 | tail -1)
  echo "round $round, real stack (HEAD):"
  (cd "$root" && dotnet bench/Augment.Bench/bin/Release/net10.0/Augment.Bench.dll durable --fanout 200 --chain 50 | tail -1)
done
