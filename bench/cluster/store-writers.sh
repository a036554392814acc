#!/usr/bin/env bash
# Benchmark: 50 worker processes writing epochs into one PostgreSQL store at once; no row may be lost.
# Starts a private PostgreSQL (scripts/local-postgres.sh) in a temp folder, builds and runs
# bench/StoreWriters against it, stops it.   bench/cluster/store-writers.sh [--writers 50] [--runs 4] [--epochs 50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/ablate-bench-store-XXXXXX)"
chmod 755 "$work"
trap '"$root/scripts/local-postgres.sh" stop "$work/pg" || true; rm -rf "$work"' EXIT
store="$("$root/scripts/local-postgres.sh" start "$work/pg")"
dotnet build "$root/bench/StoreWriters" -c Release -nologo -v q >/dev/null
dotnet "$root/bench/StoreWriters/bin/Release/net10.0/StoreWriters.dll" "$store" "$@"
