"""`ablate bench` and its PyTorch eager peer (train_step_torch.py), alternated round by round.

On a shared machine the load changes from minute to minute; alternating the two sides and taking the
median of each removes most of that drift from the ratio. Both sides get the same model, batch, input and
thread count. Prints one line per round and a final JSON object with the medians and the ratios
ours / PyTorch (below 1.0: ours is faster).
usage: /usr/bin/python3 bench_side_by_side.py [--ablate ./ablate] [--rounds 3] -- <bench arguments>
  e.g. ... -- --backbone resnet18 --attention cbam --input 32 --classes 10 --batch 32 --steps 10 --warmup 3 --threads 2
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    p = argparse.ArgumentParser()
    p.add_argument("--ablate", default=os.path.join(HERE, "..", "..", "ablate"))
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args(argv[:split])
    bench = argv[split + 1:]
    ours_cmd = (["dotnet", a.ablate] if a.ablate.endswith(".dll") else [a.ablate]) + ["bench"] + bench + ["--json"]
    peer_cmd = ["/usr/bin/python3", os.path.join(HERE, "train_step_torch.py")] + bench
    ours, peer = [], []
    for r in range(a.rounds):
        ours.append(run(ours_cmd))
        peer.append(run(peer_cmd))
        def show(x):
            return " ".join(f"{k.split('_')[0]} {x[k]:.1f} ms" for k in ("train_ms_per_step", "infer_ms_per_batch") if k in x)
        print(f"round {r + 1}: ours {show(ours[-1])} | pytorch {show(peer[-1])}", file=sys.stderr)

    def med(rs, key):
        return statistics.median(x[key] for x in rs)

    result = {"args": " ".join(bench), "rounds": a.rounds, "params_ours": ours[0]["params"], "params_pytorch": peer[0]["params"]}
    for key in ("train_ms_per_step", "infer_ms_per_batch"):
        if key not in ours[0]:
            continue
        result[f"ours_{key}"] = med(ours, key)
        result[f"pytorch_{key}"] = med(peer, key)
        result[f"ratio_{key}"] = med(ours, key) / med(peer, key)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
