"""Golden sample-averaged F2 values for F2ScoreGoldenTest, computed by scikit-learn (not by Foldhub's formula).

Run from this folder with Debian's Python: /usr/bin/python3 make_golden.py  (apt-get install python3-sklearn
python3-numpy; written with scikit-learn 1.2.1 and numpy 1.24.2). Writes:
  probs.csv       200 rows x 30 float32 probabilities, each written as repr(float(p)): the exact float32 value
  labels.csv      per row the true class indices, space separated (an empty line = no labels)
  expected.csv    threshold,f2_sklearn,f2_reference_float32
                  f2_sklearn: sklearn.metrics.fbeta_score(y, p > threshold, beta=2, average='samples',
                  zero_division=0), the value F2Score must match to 1e-9 (a row with no true labels scores 0,
                  as in the reference's metrics.F_score);
                  f2_reference_float32: the reference's metrics.F_score as its torch code computes it (counts
                  exact, divisions in float32, eps 1e-12), kept to document the float32 gap (~1e-7).
"""
import numpy as np
import sklearn
from sklearn.metrics import fbeta_score

rng = np.random.default_rng(20190401)
rows, classes = 200, 30
probs = (rng.random((rows, classes)) ** 3).astype(np.float32)
labels = np.zeros((rows, classes), dtype=bool)
for r in range(rows):
    k = rng.integers(0, 6)
    labels[r, rng.choice(classes, size=k, replace=False)] = True
    probs[r, labels[r]] = np.clip(probs[r, labels[r]] + np.float32(0.3), 0, 1)
thresholds = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5]


def predict(p, threshold):
    # why: numpy 2 would compare a float32 array with a Python float in float32; F2Score widens p to double
    return p.astype(np.float64) > np.float64(threshold)


def sklearn_f2(p, y, threshold):
    return float(fbeta_score(y.astype(int), predict(p, threshold).astype(int), beta=2, average="samples",
                             zero_division=0))


def reference_f2_float32(p, y, threshold):
    pred = predict(p, threshold)
    tp = (pred & y).sum(1).astype(np.float32)
    fp = (pred & ~y).sum(1).astype(np.float32)
    fn = (~pred & y).sum(1).astype(np.float32)
    eps = np.float32(1e-12)
    precision = tp / (tp + fp + eps)
    recall = tp / (tp + fn + eps)
    f2 = np.float32(5) * precision * recall / (np.float32(4) * precision + recall + eps)
    return float(f2.astype(np.float64).mean())


with open("probs.csv", "w") as f:
    for r in range(rows):
        f.write(",".join(repr(float(x)) for x in probs[r]) + "\n")
with open("labels.csv", "w") as f:
    for r in range(rows):
        f.write(" ".join(str(c) for c in np.flatnonzero(labels[r])) + "\n")
with open("expected.csv", "w") as f:
    f.write("threshold,f2_sklearn,f2_reference_float32\n")
    for t in thresholds:
        f.write(f"{t!r},{sklearn_f2(probs, labels, t)!r},{reference_f2_float32(probs, labels, t)!r}\n")
print("scikit-learn", sklearn.__version__, "numpy", np.__version__)
