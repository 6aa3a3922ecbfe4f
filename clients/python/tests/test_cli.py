"""The foldhub command (python3 -m foldhub) against a real server, and its progress lines without one."""
import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest
from conftest import SRC, TIMEOUT

from foldhub import output


def run(*args, env=None, check=True, stdin=None):
    """Runs python3 -m foldhub ARGS; returns the completed process (stdout and stderr as text)."""
    environment = dict(os.environ, PYTHONPATH=str(SRC), **(env or {}))
    environment = {k: v for k, v in environment.items() if v is not None}
    done = subprocess.run([sys.executable, "-m", "foldhub", *args], capture_output=True, text=True, input=stdin,
                          env=environment, timeout=TIMEOUT + 60)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_login_saves_the_token_readable_by_its_owner_only_and_later_commands_use_it(fh, dataset, tmp_path):
    config_home = str(tmp_path / "config")
    done = run("login", "--url", os.environ["FOLDHUB_URL"], env={"XDG_CONFIG_HOME": config_home})
    saved = tmp_path / "config" / "foldhub" / "credentials.json"
    assert str(saved) in done.stdout
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    without_env = {"XDG_CONFIG_HOME": config_home, "FOLDHUB_TOKEN": "", "FOLDHUB_URL": ""}
    assert dataset["name"] in run("datasets", "ls", env=without_env).stdout


def test_login_with_a_refused_token_saves_nothing(fh, tmp_path):
    done = run("login", "--token", "fh_wrong", env={"XDG_CONFIG_HOME": str(tmp_path)}, check=False)
    assert done.returncode == 1 and "HTTP 401" in done.stderr
    assert not (tmp_path / "foldhub" / "credentials.json").exists()


def test_datasets_add_registers_a_directory(fh, dataset):
    done = run("datasets", "add", "pytest-cli", os.environ["FOLDHUB_TEST_DATASET_PATH"])
    assert "pytest-cli" in done.stdout and "5 folds" in done.stdout
    refused = run("datasets", "add", "bad name/", "/nowhere", check=False)
    assert refused.returncode == 1 and "foldhub: error: HTTP 400" in refused.stderr


def test_submit_wait_blend_submission_and_leaderboard_from_the_command_line(fh, dataset, trained, config_path,
                                                                           tmp_path):
    done = run("submit", config_path, "--dataset", dataset["name"], "--folds", "0-1", "--name", "pytest-cli",
               "--wait", "--poll", "1")
    assert "fold 0 SUCCEEDED: best epoch 1, F2 " in done.stdout and "fold 1 SUCCEEDED" in done.stdout
    cli_id = int(done.stdout.split()[1])
    assert "pytest-cli" in run("ls").stdout
    shown = run("show", str(cli_id)).stdout
    assert "experiment %d pytest-cli: SUCCEEDED" % cli_id in shown and "best epoch" in shown

    yml = tmp_path / "ensemble.yml"
    blended = run("blend", str(trained["id"]), str(cli_id), "--method", "greedy", "--wait", "--poll", "1",
                  "-o", str(yml)).stdout
    assert "SUCCEEDED: OOF F2 0." in blended and "pytest-cli" in yml.read_text()
    ensemble_id = int(blended.split()[1])

    csv = tmp_path / "submission.csv"
    made = run("submission", "create", str(ensemble_id), "--ttas", "2", "--wait", "--poll", "1", "-o", str(csv))
    lines = csv.read_text().splitlines()
    assert lines[0] == "id,attribute_ids" and len(lines) == dataset["numTestImages"] + 1
    assert "%d rows in %s" % (len(lines) - 1, csv) in made.stdout
    submission_id = int(made.stdout.split()[1])
    assert fh.submission(submission_id)["ttas"] == 2

    bundle = tmp_path / "bundle.zip"
    made = run("bundle", str(ensemble_id), "-o", str(bundle), "--ttas", "2", "--dataset", "pytest-bundle").stdout
    assert "bundle of ensemble %d: " % ensemble_id in made and str(bundle) in made
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        manifest = json.loads(z.read("bundle.json"))
        notebook = z.read("notebook.ipynb").decode("utf-8")
    assert {"predict.sh", "foldhub.jar", "README.md"} <= set(names) and not os.path.exists(str(bundle) + ".part")
    assert manifest["ensemble"] == ensemble_id and {m["numTtas"] for m in manifest["members"]} == {2}
    assert "../input/pytest-bundle/predict.sh" in notebook

    assert "public LB 0.6510" in run("lb", str(submission_id), "--public", "0.651").stdout
    assert fh.submission(submission_id)["publicScore"] == 0.651
    assert str(submission_id) in run("submission", "ls").stdout


def test_errors_print_the_servers_problem_and_exit_1(fh, dataset, config_path):
    folds = run("submit", config_path, "--dataset", dataset["name"], "--folds", "7", check=False)
    assert folds.returncode == 1
    assert folds.stderr.strip() == ("foldhub: error: HTTP 400 Invalid folds: folds: fold 7 is outside 0..4 of the"
                                    " data set's fold assignment (field: folds)")
    done = run("show", "999999", check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("foldhub: error: HTTP 404 ") and "999999" in done.stderr
    bundle = run("bundle", "999999", "-o", "never.zip", check=False)
    assert bundle.returncode == 1 and bundle.stderr.startswith("foldhub: error: HTTP 404 ") and "999999" in bundle.stderr
    assert not os.path.exists("never.zip") and not os.path.exists("never.zip.part")
    bad = run("lb", "999999", "--public", "2", check=False)
    assert bad.returncode in (1, 2) and "foldhub: error: HTTP" in bad.stderr


class _Epochs:
    """Stands in for the client in the progress printer: a running fold with two epochs of 30 s."""

    def epochs(self, experiment_id, fold):
        return [{"epoch": 1, "f2": 0.4, "seconds": 30.0}, {"epoch": 2, "f2": 0.5, "seconds": 30.0}]


def test_a_running_fold_prints_its_epoch_f2_and_eta(capsys):
    progress = output.FoldProgress(_Epochs())
    experiment = {"id": 1, "config": "train:\n  num_epochs: 5\n", "folds": [
        {"fold": 0, "status": "RUNNING", "currentEpoch": 2},
        {"fold": 1, "status": "QUEUED"},
        {"fold": 2, "status": "SUCCEEDED", "bestEpoch": 4, "bestF2": 0.61234, "threshold": 0.2}]}
    progress(experiment)
    progress(experiment)  # nothing changed: nothing printed again
    assert capsys.readouterr().out.splitlines() == [
        "fold 0 RUNNING: epoch 2/5, F2 0.5000, ETA 1m30s",
        "fold 1 QUEUED",
        "fold 2 SUCCEEDED: best epoch 4, F2 0.6123, threshold 0.200"]
