#!/usr/bin/env bash
# Runs every test: installs and builds what is missing first (scripts/setup.sh all).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh" all
dotnet test "$root/Ablation.sln" -c Release --no-build --nologo "$@"
