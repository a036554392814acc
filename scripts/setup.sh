#!/usr/bin/env bash
# Installs what is missing and builds what is stale; quiet when there is nothing to do.
#   scripts/setup.sh cli    system packages and the `ablate` CLI (Release)
#   scripts/setup.sh all    the same plus everything the tests need (Chromium, the whole solution)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-cli}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

run_quiet() {  # run a step; show its output only if it fails
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: failed: $*" >&2
    exit 1
  fi
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. System packages (Debian). libtorch itself comes from NuGet with TorchSharp (restored by `dotnet build`);
#    apt brings the PyTorch peer for fixtures and benchmarks, the real Fashion-MNIST, the fonts the figures use,
#    binutils (readelf, for the test of the GLIBCXX fix), DejaVu Sans (the charts name it;
#    without it SkiaSharp falls back to a serif face), and for tests Chromium and PostgreSQL.
packages=(python3-torch python3-torchvision python3-numpy dataset-fashion-mnist fonts-dejavu-core binutils)
# all: the report's rendering test (Chromium); the PostgreSQL store and Slurm executor tests, which start a
# private PostgreSQL server and single-node Slurm cluster themselves (scripts/local-postgres.sh, local-slurm.sh).
[ "$mode" = all ] && packages+=(chromium postgresql slurmctld slurmd slurm-client munge)
[ "$mode" = all ] && packages+=(python3-opencv)        # YOLOv5's augmentation ops for tests/reference/detection_augment_ref.py
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get)" >&2
  run_quiet as_root apt-get update
  run_quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required: https://dot.net" >&2; exit 1; }

# 2. .NET: rebuild only when a source or project file is newer than the last successful build. On Debian 12 the
#    build also marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak in each output's own copy
#    (Directory.Build.targets); that line of the build's output is shown.
stamp="$root/src/Harness/bin/.setup-$mode"
newer() { [ ! -f "$stamp" ] || [ -n "$(find "$root/src" "$root/tests" "$root/bench" "$root/msbuild" "$root/Directory.Build.props" "$root/Directory.Build.targets" \
  \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -newer "$stamp" -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; }
if newer; then
  if [ "$mode" = all ]; then
    run_quiet dotnet build "$root/Ablation.sln" -c Release -nologo
  else
    run_quiet dotnet build "$root/src/Harness" -c Release -nologo
  fi
  weakened=$(grep -c "setup: this system's libstdc++ lacks" "$log" || true)
  [ "$weakened" -gt 0 ] && echo "setup: this system's libstdc++ lacks GLIBCXX_3.4.32: marked that one requirement weak in" \
    "the build's own copies of libLibTorchSharp.so ($weakened output folders; README, \"Debian 12\")" >&2
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
