"""Fixtures: the client package from src/, and a real server from FOLDHUB_URL / FOLDHUB_TOKEN (PythonClientTest
starts one and sets them, with FOLDHUB_TEST_DATASET, FOLDHUB_TEST_DATASET_PATH and FOLDHUB_TEST_CONFIG)."""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from foldhub import Foldhub  # noqa: E402

TIMEOUT = float(os.environ.get("FOLDHUB_TEST_TIMEOUT", "600"))


def numpy_or_skip() -> Any:
    """NumPy, or a skip (a failure when FOLDHUB_TEST_REQUIRE_NUMPY=1, as in CI)."""
    try:
        import numpy
    except ImportError:
        if os.environ.get("FOLDHUB_TEST_REQUIRE_NUMPY") == "1":
            pytest.fail("numpy is required here (apt-get install -y python3-numpy)")
        pytest.skip("numpy is not installed")
    return numpy


@pytest.fixture(scope="session")
def fh() -> Foldhub:
    if not os.environ.get("FOLDHUB_URL") or not os.environ.get("FOLDHUB_TOKEN"):
        pytest.skip("set FOLDHUB_URL and FOLDHUB_TOKEN to run the tests against a server")
    return Foldhub()


@pytest.fixture(scope="session")
def dataset(fh: Foldhub) -> Dict[str, Any]:
    """The test data set, registered once (the CLI test registers it under another name too)."""
    name = os.environ.get("FOLDHUB_TEST_DATASET", "pytest")
    for d in fh.datasets():
        if d["name"] == name:
            return d
    return fh.add_dataset(name, os.environ["FOLDHUB_TEST_DATASET_PATH"])


@pytest.fixture(scope="session")
def config_path() -> str:
    path = os.environ.get("FOLDHUB_TEST_CONFIG")
    if not path:
        pytest.skip("set FOLDHUB_TEST_CONFIG to a small experiment config")
    return path


@pytest.fixture(scope="session")
def trained(fh: Foldhub, dataset: Dict[str, Any], config_path: str) -> Dict[str, Any]:
    """An experiment trained on folds 0 and 1 through the API."""
    created = fh.submit(config_path, dataset=dataset["name"], folds="0-1", name="pytest-trained")
    final = fh.wait_experiment(created["id"], poll=1, timeout=TIMEOUT)
    assert final["status"] == "SUCCEEDED", final
    return final


@pytest.fixture(scope="session")
def labels(dataset: Dict[str, Any]) -> List[List[int]]:
    """Class indices of each train.csv row, read from the data set's CSV files (class = row of labels.csv)."""
    root = Path(os.environ["FOLDHUB_TEST_DATASET_PATH"])
    with open(root / "labels.csv", newline="", encoding="utf-8") as f:
        class_of = {row["attribute_id"]: i for i, row in enumerate(csv.DictReader(f))}
    with open(root / "train.csv", newline="", encoding="utf-8") as f:
        return [[class_of[a] for a in row["attribute_ids"].split()] for row in csv.DictReader(f)]
