#!/usr/bin/env bash
# Runs every test: installs and builds what is missing first (scripts/setup.sh all), then prints one
# closing line "N passed, N failed, N skipped" summed over the test projects.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh" all || exit 1
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
dotnet test "$root/Ablation.sln" -c Release --no-build --nologo "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
# dotnet test prints one line per project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { f += $2; p += $4; s += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$out"
exit "$status"
