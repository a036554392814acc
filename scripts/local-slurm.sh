#!/usr/bin/env bash
# A private single-node Slurm cluster in a folder, for tests, benchmarks and trying the Slurm executor on
# one machine (Debian 12: slurmctld, slurmd, slurm-client, munge; Slurm 22.05). Nothing outside DIR is
# touched: its own munge key and socket, its own ports, state and logs. Run as root (slurmd starts jobs).
#   scripts/local-slurm.sh start DIR [MaxArraySize]   writes DIR/slurm.conf, starts munged, slurmctld, slurmd;
#                                                      prints `export SLURM_CONF=DIR/slurm.conf` once the node is idle
#   scripts/local-slurm.sh stop DIR                    stops the three daemons (jobs die with slurmd)
# Facts this relies on (seen with Slurm 22.05): ProctrackType=proctrack/linuxproc and TaskPlugin=task/none
# need no cgroups; NodeName=localhost needs no -N; RealMemory must not exceed `slurmd -C` or the node stays
# invalid; without DefMemPerCPU one job holds all the memory; finished jobs leave squeue after MinJobAge.
set -euo pipefail
cmd="${1:?usage: local-slurm.sh start|stop DIR [MaxArraySize]}"
dir="$(mkdir -p "${2:?usage: local-slurm.sh start|stop DIR}" && cd "$2" && pwd)"
max_array="${3:-1001}"

stop() {
  for p in slurmd slurmctld munged; do
    if [ -f "$dir/$p.pid" ]; then
      pid="$(cat "$dir/$p.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$p.pid"
    fi
  done
}

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() {
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir/munge"
  [ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key" --bits=1024 >/dev/null
  chmod 400 "$dir/munge/munge.key"
  munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munge/munge.seed" --force

  local cpus mem ctld_port node_port
  cpus="$(nproc)"
  # What slurmd measures, less a margin: RealMemory above it leaves the node invalid.
  mem="$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')"
  mem=$(( mem * 9 / 10 ))
  ctld_port="$(free_port)"
  node_port="$(free_port)"
  cat >"$dir/slurm.conf" <<EOF
ClusterName=ablate-test
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/slurmd-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
SchedulerParameters=defer_batch
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=2
KillWait=10
MaxArraySize=$max_array
MaxJobCount=20000
DefMemPerCPU=512
JobRequeue=1
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$dir/slurm.conf" -i
  slurmd -f "$dir/slurm.conf"
  for _ in $(seq 300); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
      echo "export SLURM_CONF=$dir/slurm.conf"
      return 0
    fi
    sleep 0.1
  done
  echo "local-slurm: the node did not become idle within 30 s; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  sinfo -N -l >&2 || true
  return 1
}

case "$cmd" in
  start) stop; start ;;
  stop) stop ;;
  *) echo "usage: local-slurm.sh start|stop DIR [MaxArraySize]" >&2; exit 2 ;;
esac
