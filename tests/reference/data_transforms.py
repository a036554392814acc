"""Golden outputs of torchvision's CIFAR training transforms for the data pipeline's tests.

For one small uint8 image (C=3, H=5, W=6) and padding 2, prints as JSON every output that
RandomCrop(size, padding=2) followed by RandomHorizontalFlip, ToTensor and Normalize(mean, std) can
produce: one per crop offset (i, j) and flip. The C# transform must always produce one of them.
Run with Debian's python3 (torch + torchvision): /usr/bin/python3 data_transforms.py
"""
import json

import numpy as np
import torch
import torchvision.transforms.functional as TF
from PIL import Image

C, H, W, PAD = 3, 5, 6, 2
MEAN = [0.4914, 0.4822, 0.4465]
STD = [0.2470, 0.2435, 0.2616]

rng = np.random.RandomState(7)
image = rng.randint(0, 256, size=(H, W, C), dtype=np.uint8)  # HWC, as torchvision's CIFAR10 holds it
pil = Image.fromarray(image)

variants = []
padded = TF.pad(pil, PAD, fill=0)  # what RandomCrop(padding=PAD) does first
for i in range(2 * PAD + 1):
    for j in range(2 * PAD + 1):
        cropped = TF.crop(padded, i, j, H, W)
        for flip in (False, True):
            out = TF.hflip(cropped) if flip else cropped
            t = TF.normalize(TF.to_tensor(out), MEAN, STD)
            variants.append({"i": i, "j": j, "flip": flip, "values": t.reshape(-1).tolist()})

print(json.dumps({
    "channels": C, "height": H, "width": W, "padding": PAD, "mean": MEAN, "std": STD,
    "image_chw": image.transpose(2, 0, 1).reshape(-1).tolist(),
    "variants": variants,
}))
