"""The usual PyTorch CIFAR input pipeline, timed: the peer of bench/DataPipeline.

torchvision's CIFAR10 dataset keeps uint8 HWC arrays and builds a PIL image per sample; the transforms are
RandomCrop(32, padding=4), RandomHorizontalFlip(), ToTensor(), Normalize(mean, std); a DataLoader collates
batches. Everything runs in one process on one core (num_workers=0, torch.set_num_threads(1)), so
images per CPU-second is the per-core throughput. Prints one JSON object.
usage: /usr/bin/python3 data_pipeline_torchvision.py [--images N] [--batch N] [--epochs N] [--workers N]
"""
import argparse
import json
import time

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image
from torch.utils.data import DataLoader, Dataset


class UInt8Images(Dataset):
    """What torchvision.datasets.CIFAR10.__getitem__ does, without the files."""

    def __init__(self, data, targets, transform):
        self.data, self.targets, self.transform = data, targets, transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img = Image.fromarray(self.data[index])
        return self.transform(img), int(self.targets[index])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--workers", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = np.random.RandomState(0)
    data = rng.randint(0, 256, size=(a.images, 32, 32, 3), dtype=np.uint8)
    targets = rng.randint(0, 10, size=a.images)
    transform = T.Compose([
        T.RandomCrop(32, padding=4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    ])
    loader = DataLoader(UInt8Images(data, targets, transform), batch_size=a.batch, shuffle=True, num_workers=a.workers)
    for i, _ in enumerate(loader):  # warm-up: a few batches
        if i == 3:
            break
    images = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(a.epochs):
        for x, y in loader:
            images += x.shape[0]
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    print(json.dumps({
        "pipeline": "torchvision RandomCrop(32,4)+RandomHorizontalFlip+ToTensor+Normalize, DataLoader",
        "torch": torch.__version__, "workers": a.workers, "images": images, "batch": a.batch,
        "wall_s": wall, "cpu_s": cpu, "img_s": images / wall, "img_per_cpu_s": images / cpu,
    }))


if __name__ == "__main__":
    main()
