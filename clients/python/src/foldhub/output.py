"""What the ``foldhub`` command prints: tables, an experiment with its fold table, a progress line per fold."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from .client import Foldhub, Json


class FoldProgress:
    """Prints a line per fold whenever its state, epoch or F2 changes: epoch n/N, F2, ETA."""

    def __init__(self, fh: Foldhub) -> None:
        self.fh = fh
        self.last: Dict[int, str] = {}

    def __call__(self, experiment: Json) -> None:
        match = re.search(r"^\s*num_epochs:\s*(\d+)", experiment.get("config") or "", re.MULTILINE)
        total = int(match.group(1)) if match else None
        for fold in experiment["folds"]:
            line = self._line(experiment["id"], fold, total)
            if self.last.get(fold["fold"]) != line:
                self.last[fold["fold"]] = line
                print(line, flush=True)

    def _line(self, experiment_id: int, fold: Json, total: Optional[int]) -> str:
        head = "fold %d %s" % (fold["fold"], fold["status"])
        if fold["status"] in ("SUCCEEDED", "IMPORTED"):
            return "%s: best epoch %s, F2 %s, threshold %s" % (head, fold.get("bestEpoch"), num(fold.get("bestF2")),
                                                               num(fold.get("threshold"), 3))
        if fold["status"] != "RUNNING" or not fold.get("currentEpoch"):
            return head + (": " + fold["error"] if fold.get("error") else "")
        epochs = self.fh.epochs(experiment_id, fold["fold"])
        done = epochs[-1] if epochs else {}
        seconds = [e["seconds"] for e in epochs if e.get("seconds")]
        eta = "?"
        if total and seconds:
            eta = duration(max(0, total - done.get("epoch", 0)) * sum(seconds) / len(seconds))
        return "%s: epoch %s/%s, F2 %s, ETA %s" % (head, done.get("epoch"), total or "?", num(done.get("f2")), eta)


def print_experiment(e: Json) -> None:
    """One line of the experiment's scores, then its fold table."""
    print("experiment %d %s: %s, data set %s, %s, cv F2 %s +- %s over %d folds, OOF F2 %s" % (
        e["id"], e["name"], e["status"], e["dataset"], e["arch"], num(e.get("cvMean")), num(e.get("cvStd")),
        e["foldsDone"], num(e.get("oofF2"))))
    table(["fold", "status", "best epoch", "F2", "threshold", "epoch"],
          [[f["fold"], f["status"], f.get("bestEpoch"), num(f.get("bestF2")), num(f.get("threshold"), 3),
            f.get("currentEpoch")] for f in e["folds"]])


def table(header: List[str], rows: List[List[Any]]) -> None:
    """Prints the rows under the header, each column as wide as its widest cell (None prints empty)."""
    cells = [header] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def num(value: Optional[float], digits: int = 4) -> str:
    """A score with ``digits`` decimals, or "-" for none."""
    return "-" if value is None else "%.*f" % (digits, value)


def duration(seconds: float) -> str:
    """Seconds as 45s, 3m05s or 1h20m."""
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return "%dh%02dm" % (h, m) if h else "%dm%02ds" % (m, s) if m else "%ds" % s
