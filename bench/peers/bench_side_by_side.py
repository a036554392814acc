"""A benchmark of ours and its PyTorch eager peer, alternated round by round.

Pairs (--pair):
  engine    `ablate bench` (classification) and train_step_torch.py;
  detector  bench/DetectorTrainStep and yolov5_train_step_torch.py (a YOLOv5 training step with its loss).
On a shared machine the load changes from minute to minute; alternating the two sides and taking the
median of each removes most of that drift from the ratio. Both sides get the same arguments (model, batch,
input, thread count). Prints one line per round and a final JSON object with the medians, the ratios
ours / PyTorch (below 1.0: ours is faster) and the 1-minute load averages seen.
usage: /usr/bin/python3 bench_side_by_side.py [--pair engine|detector] [--ablate ./ablate] [--rounds 3] -- <arguments>
  e.g. ... -- --backbone resnet18 --attention cbam --input 32 --classes 10 --batch 32 --steps 10 --warmup 3 --threads 2
       ... --pair detector --rounds 5 -- --model yolov5s --img 320 --batch 8 --threads 2 --steps 10 --warmup 3
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


ROOT = os.path.join(HERE, "..", "..")
DETECTOR_BENCH = os.path.join(ROOT, "bench", "DetectorTrainStep", "bin", "Release", "net10.0", "Ablation.Bench.DetectorTrainStep")


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def main():
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    p = argparse.ArgumentParser()
    p.add_argument("--pair", choices=("engine", "detector"), default="engine")
    p.add_argument("--ablate", default=os.path.join(ROOT, "ablate"))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--peer-arg", action="append", default=[],
                   help="an argument for the PyTorch side only, e.g. --peer-arg=--channels-last")
    a = p.parse_args(argv[:split])
    bench = argv[split + 1:]
    if a.pair == "engine":
        ours_cmd = (["dotnet", a.ablate] if a.ablate.endswith(".dll") else [a.ablate]) + ["bench"] + bench + ["--json"]
        peer_cmd = ["/usr/bin/python3", os.path.join(HERE, "train_step_torch.py")] + bench + a.peer_arg
        keys = ("train_ms_per_step", "infer_ms_per_batch")
    else:
        if not os.path.exists(DETECTOR_BENCH):
            sys.exit(f"{DETECTOR_BENCH}: not built; run: dotnet build bench/DetectorTrainStep -c Release")
        ours_cmd = [DETECTOR_BENCH] + bench
        peer_cmd = ["/usr/bin/python3", os.path.join(HERE, "yolov5_train_step_torch.py")] + bench + a.peer_arg
        keys = ("ms_per_step", "cpu_ms_per_step")
    ours, peer, loads = [], [], []
    for r in range(a.rounds):
        loads.append(load_average())
        ours.append(run(ours_cmd))
        peer.append(run(peer_cmd))
        def show(x):
            return " ".join(f"{k.replace('_per_step', '').replace('_per_batch', '')} {x[k]:.1f}" for k in keys if k in x)
        print(f"round {r + 1} (load {loads[-1]:.2f}): ours {show(ours[-1])} | pytorch {show(peer[-1])}", file=sys.stderr)

    def med(rs, key):
        return statistics.median(x[key] for x in rs)

    result = {"pair": a.pair, "args": " ".join(bench), "peer_args": " ".join(a.peer_arg), "rounds": a.rounds, "load_min": min(loads), "load_max": max(loads)}
    if "params" in ours[0]:
        result.update(params_ours=ours[0]["params"], params_pytorch=peer[0]["params"])
    for key in keys:
        if key not in ours[0]:
            continue
        result[f"ours_{key}"] = med(ours, key)
        result[f"pytorch_{key}"] = med(peer, key)
        result[f"ratio_{key}"] = med(ours, key) / med(peer, key)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
