#!/usr/bin/python3
"""Reference values for Reports' statistics, from SciPy (Debian python3-scipy), not from our code.

Writes tests/Reports.Tests/Fixtures/welch.json: for each case, the samples (accuracies in percent), their
mean / sample std (ddof=1), and Welch's two-sided t-test of mean(a) - mean(b) with its 95% and 90%
confidence intervals:
  t, p  = scipy.stats.ttest_ind(a, b, equal_var=False)
  df    = Welch-Satterthwaite
  CI    = diff +- scipy.stats.t.ppf(1 - alpha/2, df) * sqrt(var_a/n_a + var_b/n_b)
Run: /usr/bin/python3 tests/reference/reports_welch.py
"""
import json
import os

import numpy as np
from scipy import stats

CASES = {
    "three_seeds": ([76.12, 75.80, 76.45], [75.10, 75.42, 74.95]),
    "unequal_n_and_variance": ([91.2, 90.1, 92.5, 89.9, 91.0], [90.3, 90.4]),
    "not_significant": ([70.0, 71.5, 69.2], [70.4, 69.8, 71.1]),
    "negative_difference": ([60.5, 61.0, 59.8, 60.1], [63.2, 62.7, 63.9, 62.5]),
}


def welch(a, b, confidence):
    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    diff = a.mean() - b.mean()
    q = stats.t.ppf(1 - (1 - confidence) / 2, df)
    return diff, df, diff - q * np.sqrt(va + vb), diff + q * np.sqrt(va + vb)


out = {}
for name, (a, b) in CASES.items():
    t, p = stats.ttest_ind(a, b, equal_var=False)
    diff, df, lo95, hi95 = welch(a, b, 0.95)
    _, _, lo90, hi90 = welch(a, b, 0.90)
    out[name] = {
        "a": a, "b": b,
        "mean_a": float(np.mean(a)), "std_a": float(np.std(a, ddof=1)),
        "mean_b": float(np.mean(b)), "std_b": float(np.std(b, ddof=1)),
        "diff": float(diff), "t": float(t), "df": float(df), "p": float(p),
        "ci95": [float(lo95), float(hi95)], "ci90": [float(lo90), float(hi90)],
    }

path = os.path.join(os.path.dirname(__file__), "..", "Reports.Tests", "Fixtures", "welch.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
