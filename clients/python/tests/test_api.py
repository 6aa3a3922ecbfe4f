"""The Foldhub class against a real server: experiments, OOF download and logging, blends, problems."""
import os
from typing import List

import pytest
from conftest import TIMEOUT, numpy_or_skip

from foldhub import Foldhub, FoldhubError


def rows_of(fh: Foldhub, dataset: dict, fold: int) -> List[int]:
    return [r for r, f in enumerate(fh.folds(dataset["id"])) if f == fold]


def noisy_predictions(rows: List[int], labels: List[List[int]], classes: int) -> List[List[float]]:
    """0.95 on true labels, except every third row's first one; 0.95 on a wrong label of every fourth row; else 0.05."""
    out = []
    for i, r in enumerate(rows):
        row = [0.05] * classes
        for c in labels[r][1 if i % 3 == 0 else 0:]:
            row[c] = 0.95
        if i % 4 == 0:
            row[(labels[r][0] + 1) % classes] = 0.95
        out.append(row)
    return out


def sample_f2(predictions: List[List[float]], rows: List[int], labels: List[List[int]], threshold: float) -> float:
    """F2 averaged over samples (the metric of iMet), written here independently of the server."""
    total = 0.0
    for p, r in zip(predictions, rows):
        predicted = {c for c, v in enumerate(p) if v > threshold}
        truth = set(labels[r])
        tp, fp, fn = len(predicted & truth), len(predicted - truth), len(truth - predicted)
        total += 0.0 if tp == 0 else 5 * tp / (5 * tp + 4 * fn + fp)
    return total / len(rows)


def test_datasets_lists_and_finds_the_registered_one(fh, dataset):
    assert dataset["name"] in [d["name"] for d in fh.datasets()]
    assert fh.dataset(dataset["name"])["id"] == dataset["id"]
    assert fh.dataset(dataset["id"])["numFolds"] == 5
    assert len(fh.folds(dataset["name"])) == dataset["numTrainImages"]


def test_a_submitted_config_trains_its_folds_and_shows_a_fold_table(fh, trained):
    table = fh.fold_table(trained["id"])
    assert [row["fold"] for row in table] == [0, 1]
    assert all(row["status"] == "SUCCEEDED" and 0 <= row["bestF2"] <= 1 for row in table)
    assert trained["foldsDone"] == 2 and trained["oofF2"] is not None
    assert fh.epochs(trained["id"], 0)[0]["epoch"] == 1
    assert trained["id"] in [e["id"] for e in fh.experiments()]


def test_submit_takes_a_dict_config(fh, dataset, config_path):
    config = {"model": {"arch": "resnet18", "input_size": 32}, "train": {"batch_size": 16, "num_epochs": 1}}
    created = fh.submit(config, dataset=dataset["id"], folds=[2], name="pytest-dict")
    assert created["experiment"]["folds"][0]["fold"] == 2
    assert fh.cancel_experiment(created["id"])["id"] == created["id"]


def test_oof_downloads_as_lists_and_as_a_numpy_array(fh, dataset, trained, tmp_path):
    rows = len(rows_of(fh, dataset, 0))
    path = tmp_path / "fold0.npy"
    oof = fh.download_oof(trained["id"], 0, to=path)
    assert path.read_bytes()[:6] == b"\x93NUMPY"
    numpy = numpy_or_skip()
    assert isinstance(oof, numpy.ndarray) and oof.shape == (rows, dataset["numLabels"])


def test_logged_oof_is_scored_against_the_labels_and_blends_with_a_trained_experiment(fh, dataset, trained, labels):
    classes = dataset["numLabels"]
    for fold in (0, 1):
        rows = rows_of(fh, dataset, fold)
        predictions = noisy_predictions(rows, labels, classes)
        view = fh.log_oof("pytest-external", fold, predictions, threshold=0.5, epoch=7, dataset=dataset["name"])
        logged = [f for f in view["folds"] if f["fold"] == fold][0]
        assert logged["status"] == "SUCCEEDED" and logged["bestEpoch"] == 7 and logged["threshold"] == 0.5
        assert logged["bestF2"] == pytest.approx(sample_f2(predictions, rows, labels, 0.5), abs=1e-9)
    external = fh.experiment(view["id"])
    assert external["name"] == "pytest-external" and not external["trainable"] and external["foldsDone"] == 2

    ensemble = fh.blend([trained["id"], external["id"]], method="greedy")
    done = fh.wait_ensemble(ensemble["id"], poll=1, timeout=TIMEOUT)
    assert done["status"] == "SUCCEEDED", done
    assert {w["experiment"] for w in done["weights"]} == {trained["id"], external["id"]}
    assert "pytest-external" in fh.download_ensemble_yml(done["id"])


def test_log_oof_takes_a_numpy_array_and_an_experiment_id(fh, dataset, labels):
    numpy = numpy_or_skip()
    external = fh.create_external("pytest-numpy", dataset["id"])
    rows = rows_of(fh, dataset, 3)
    predictions = numpy.array(noisy_predictions(rows, labels, dataset["numLabels"]), dtype=numpy.float64)
    view = fh.log_oof(external["id"], 3, predictions, threshold=0.3)
    assert view["folds"][0]["bestF2"] == pytest.approx(sample_f2(predictions.tolist(), rows, labels, 0.3), abs=1e-9)


def test_refusals_carry_the_servers_problem_detail_and_field(fh, dataset):
    external = fh.create_external("pytest-refused", dataset["id"])
    rows = len(rows_of(fh, dataset, 0))
    good = [[0.5] * dataset["numLabels"]] * rows
    with pytest.raises(FoldhubError) as e:
        fh.log_oof(external["id"], 0, good, threshold=1.5)
    assert (e.value.status, e.value.field) == (400, "threshold") and "between 0 and 1" in e.value.detail
    with pytest.raises(FoldhubError) as e:
        fh.log_oof(external["id"], 0, good[1:], threshold=0.5)
    assert (e.value.status, e.value.field) == (422, "oof") and "shape" in e.value.detail
    with pytest.raises(FoldhubError) as e:
        fh.experiment(999999)
    assert e.value.status == 404 and e.value.detail
    with pytest.raises(FoldhubError) as e:
        Foldhub(os.environ["FOLDHUB_URL"], "fh_not_a_token").datasets()
    assert e.value.status == 401
