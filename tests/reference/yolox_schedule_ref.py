"""Reference for DetectionSchedule with schedule yolox: the learning rate of Megvii YOLOX's trainer (release
0.3.0), written from its formulas, independent of the C# code.

  yolox/core/trainer.py   lr = basic_lr_per_img * batch_size (0.01 / 64 * batch); before each iteration
                          lr_scheduler.update_lr(progress_in_iter + 1), progress_in_iter = epoch * max_iter + iter
  yolox/utils/lr_scheduler.py  "yoloxwarmcos": warmup_total_iters = iters_per_epoch * warmup_epochs,
                          no_aug_iters = iters_per_epoch * no_aug_epochs, warmup_lr_start 0, min_lr = lr * min_lr_ratio;
                          iters <= warmup: (lr - start) * (iters / warmup)^2 + start
                          iters >= total - no_aug: min_lr
                          else min_lr + 0.5 * (lr - min_lr) * (1 + cos(pi * (iters - warmup) / (total - warmup - no_aug)))
  momentum constant (0.9), no accumulation, weight decay 5e-4 unscaled.

Run: /usr/bin/python3 tests/reference/yolox_schedule_ref.py  (prints the values DetectionScheduleTests holds)
"""
import math


def lr_at(iters, lr, min_ratio, total, warm, no_aug):
    min_lr = lr * min_ratio
    if iters <= warm:
        return lr * (iters / float(warm)) ** 2
    if iters >= total - no_aug:
        return min_lr
    return min_lr + 0.5 * (lr - min_lr) * (1.0 + math.cos(math.pi * (iters - warm) / (total - warm - no_aug)))


# (epochs, iterations per epoch, batch, warmup epochs, no-aug epochs), min_lr_ratio 0.05
for epochs, nb, batch, warm_e, no_aug_e in [(30, 10, 16, 1, 5), (300, 7, 64, 5, 15)]:
    lr = 0.01 / 64 * batch
    total, warm, no_aug = epochs * nb, warm_e * nb, no_aug_e * nb
    print(f"epochs {epochs} nb {nb} batch {batch} warmup {warm} no_aug {no_aug} base lr {lr!r}")
    for ni in [0, 4, 9, 10, 77, 249, 250, 299, 1000, 2000]:
        if ni < total:
            print(f"  ni {ni} lr {lr_at(ni + 1, lr, 0.05, total, warm, no_aug)!r}")
