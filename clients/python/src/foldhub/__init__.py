"""Python client of Foldhub: data sets, experiments, OOF logging, ensembles, submissions and the leaderboard.

Standard library only; NumPy, when installed, is used for arrays (``download_oof``, ``log_oof``).
"""
from .client import Foldhub, FoldhubError, parse_folds
from .npy import parse_npy, read_npy, to_npy_bytes

__all__ = ["Foldhub", "FoldhubError", "parse_folds", "parse_npy", "read_npy", "to_npy_bytes"]
__version__ = "0.1.0"
