"""Golden sample-averaged F2 values for F2ScoreGoldenTest.

Run from this folder: python3 make_golden.py  (numpy). Writes:
  probs.csv       200 rows x 30 float32 probabilities, each written as repr(float(p)): the exact float32 value
  labels.csv      per row the true class indices, space separated (an empty line = no labels)
  expected.csv    threshold,f2_float64,f2_float32 -- the reference's metrics.F_score formula with
                  predict = p > threshold and per-row TP/FP/FN; f2_float64 in float64 (what we match to 1e-9),
                  f2_float32 as the reference's torch code computes it (counts exact, divisions in float32;
                  1e-12 vanishes next to counts >= 1 in float32), kept to document the gap (~1e-7).
"""
import numpy as np

rng = np.random.default_rng(20190401)
rows, classes = 200, 30
probs = (rng.random((rows, classes)) ** 3).astype(np.float32)
labels = np.zeros((rows, classes), dtype=bool)
for r in range(rows):
    k = rng.integers(0, 6)
    labels[r, rng.choice(classes, size=k, replace=False)] = True
    probs[r, labels[r]] = np.clip(probs[r, labels[r]] + np.float32(0.3), 0, 1)
thresholds = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5]


def f_score(p, y, threshold, dtype):
    # why: numpy 2 would compare a float32 array with a Python float in float32; F2Score widens p to double
    pred = p.astype(np.float64) > np.float64(threshold)
    tp = (pred & y).sum(1).astype(dtype)
    fp = (pred & ~y).sum(1).astype(dtype)
    fn = (~pred & y).sum(1).astype(dtype)
    eps = dtype(1e-12)
    precision = tp / (tp + fp + eps)
    recall = tp / (tp + fn + eps)
    f2 = dtype(5) * precision * recall / (dtype(4) * precision + recall + eps)
    return float(f2.astype(np.float64).mean())


with open("probs.csv", "w") as f:
    for r in range(rows):
        f.write(",".join(repr(float(x)) for x in probs[r]) + "\n")
with open("labels.csv", "w") as f:
    for r in range(rows):
        f.write(" ".join(str(c) for c in np.flatnonzero(labels[r])) + "\n")
with open("expected.csv", "w") as f:
    f.write("threshold,f2_float64,f2_float32\n")
    for t in thresholds:
        f.write(f"{t!r},{f_score(probs, labels, t, np.float64)!r},{f_score(probs, labels, t, np.float32)!r}\n")
