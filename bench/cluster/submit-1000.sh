#!/usr/bin/env bash
# Benchmark: submitting a 1,000-run matrix to Slurm (target: at most 10 s). Starts a private single-node
# Slurm and PostgreSQL (scripts/local-slurm.sh, local-postgres.sh) in a temp folder, submits the matrix held
# (--sbatch-arg=--hold, so nothing trains), times `ablate run --executor slurm --detach` end to end (matrix
# validation, 1,000 store rows, manifests, sbatch, claims), cancels it with `ablate cancel`, and stops the
# daemons. Run as root after scripts/setup.sh all:   bench/cluster/submit-1000.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ablate=(dotnet "$root/src/Harness/bin/Release/net10.0/ablate.dll")
work="$(mktemp -d /tmp/ablate-bench-submit-XXXXXX)"
chmod 755 "$work"
cleanup() { "$root/scripts/local-slurm.sh" stop "$work/slurm" || true; "$root/scripts/local-postgres.sh" stop "$work/pg" || true; rm -rf "$work"; }
trap cleanup EXIT
eval "$("$root/scripts/local-slurm.sh" start "$work/slurm")"
store="$("$root/scripts/local-postgres.sh" start "$work/pg")"
cat >"$work/matrix.yaml" <<YAML
name: submit-1000
dataset: { name: synthetic, train: 64, test: 32, image: 8, classes: 4 }
recipe: { preset: smoke, epochs: 1, batch: 16 }
axes:
  backbone: [resnet20]
  attention: [none, se, eca, cbam, simam]
  seed: [$(seq -s, 0 199)]
YAML
cd "$work"
# Wall time is what the target is about; CPU time (user + sys of ablate and its children: sbatch) says how
# much of it was ours on a machine shared with other load.
TIMEFORMAT='%R %U %S'
{ time "${ablate[@]}" run matrix.yaml --executor slurm --results "$work/results" --store "$store" --detach --plain --sbatch-arg=--hold >"$work/submit.log" ; } 2>"$work/time"
read -r wall user sys <"$work/time"
tasks=$(squeue -h -r | wc -l)
"${ablate[@]}" status matrix.yaml --results "$work/results" --store "$store" | head -2   # every run pending on Slurm
"${ablate[@]}" cancel matrix.yaml --results "$work/results" --store "$store"
grep -E "submitted job array" "$work/submit.log"
printf 'submit-1000: 1000 runs submitted (%d tasks in squeue) in %.2f s wall, %.2f s CPU (target <= 10 s wall); load average %s\n' \
  "$tasks" "$wall" "$(echo "$user + $sys" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
