"""The Foldhub REST API as Python calls: data sets, experiments, OOF, ensembles, submissions, leaderboard."""
from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from .config import resolve_token, resolve_url
from .npy import Matrix, parse_npy, read_npy, to_npy_bytes

Json = Dict[str, Any]
Ref = Union[int, str]
PathLike = Union[str, "os.PathLike[str]"]
FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED", "IMPORTED")


class FoldhubError(Exception):
    """A refused request: the HTTP status and the server's RFC 9457 problem (title, detail, field)."""

    def __init__(self, status: int, title: str, detail: str, field: Optional[str] = None,
                 problem: Optional[Json] = None) -> None:
        super().__init__("%d %s: %s" % (status, title, detail))
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
        self.problem = problem or {}


class Foldhub:
    """A client of one Foldhub server.

    >>> fh = Foldhub("http://localhost:8080", "fh_...")   # or Foldhub() with FOLDHUB_URL / FOLDHUB_TOKEN / login
    >>> exp = fh.submit("configs/demo_resnet18.yml", dataset="demo", folds="0-4")
    >>> fh.wait_experiment(exp["id"])["oofF2"]
    """

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, timeout: float = 60.0) -> None:
        self.url = resolve_url(url).rstrip("/")
        self.token = resolve_token(token)
        self.timeout = timeout

    # --- HTTP -------------------------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, json_body: Any = None, data: Optional[bytes] = None,
                content_type: Optional[str] = None, params: Optional[Mapping[str, Any]] = None) -> bytes:
        """Sends one request and returns the response body; a status >= 400 raises :class:`FoldhubError`."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        headers = {"Accept": "application/json, */*"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if json_body is not None:
            data, content_type = json.dumps(json_body).encode("utf-8"), "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            raise _problem(e) from None
        except urllib.error.URLError as e:
            raise FoldhubError(0, "Unreachable", "%s: %s" % (self.url, e.reason)) from None

    def get(self, path: str, **params: Any) -> Any:
        """GET a JSON resource."""
        return json.loads(self.request("GET", path, params=params))

    def post(self, path: str, body: Any = None) -> Any:
        """POST a JSON body, returning the JSON answer."""
        return json.loads(self.request("POST", path, json_body={} if body is None else body))

    def download(self, path: str, to: Optional[PathLike] = None) -> bytes:
        """The bytes of a file resource; also written to ``to`` when given."""
        content = self.request("GET", path)
        if to is not None:
            Path(to).write_bytes(content)
        return content

    # --- data sets --------------------------------------------------------------------------------------------

    def datasets(self) -> List[Json]:
        """Every registered data set."""
        return self.get("/api/datasets")

    def dataset(self, ref: Ref) -> Json:
        """One data set by id or name."""
        if isinstance(ref, int) or str(ref).isdigit():
            return self.get("/api/datasets/%s" % ref)
        for d in self.datasets():
            if d["name"] == ref:
                return d
        raise FoldhubError(404, "Not Found", "no data set named %r" % ref, "dataset")

    def add_dataset(self, name: str, path: str) -> Json:
        """Registers an iMet-layout directory on the server's disk (an absolute path under its roots)."""
        return self.post("/api/datasets", {"name": name, "path": path})

    def folds(self, dataset: Ref) -> List[int]:
        """The data set's fold assignment: the fold of each train.csv row."""
        data = self.request("GET", "/api/datasets/%s/folds.npy" % self.dataset(dataset)["id"])
        return [int(v) for v in parse_npy(data)[1]]

    # --- experiments ------------------------------------------------------------------------------------------

    def experiments(self, **filters: Any) -> List[Json]:
        """Experiments, newest first; filters as the API's (status, name, arch, dataset, q, limit, offset, sort)."""
        return self.get("/api/experiments", **filters)

    def experiment(self, experiment_id: int) -> Json:
        """One experiment with its folds, cvMean, cvStd and oofF2."""
        return self.get("/api/experiments/%d" % int(experiment_id))

    def submit(self, config: Union[PathLike, Mapping[str, Any]], dataset: Ref,
               folds: Union[str, Sequence[int], None] = None, name: Optional[str] = None,
               device: Optional[str] = None) -> Json:
        """Submits a config for training: a YAML file's path, YAML text, or a dict (sent as JSON, which is YAML).

        ``folds``: "0-4", "0,2" or [0, 2] (None: all). Returns the created experiment (with ``jobIds``).
        """
        if isinstance(config, Mapping):
            text, default_name = json.dumps(config), "experiment"
        elif isinstance(config, os.PathLike) or (isinstance(config, str) and "\n" not in config
                                                 and Path(config).is_file()):
            text, default_name = Path(config).read_text(encoding="utf-8"), Path(config).stem
        else:
            text, default_name = str(config), "experiment"
        body = {"name": name or "%s-%s" % (default_name, time.strftime("%Y%m%d-%H%M%S")), "dataset": str(dataset),
                "folds": parse_folds(folds), "config": text, "device": device}
        return self.post("/api/experiments", {k: v for k, v in body.items() if v is not None})

    def create_external(self, name: str, dataset: Ref) -> Json:
        """A new external experiment (folds trained elsewhere) to log OOF predictions into."""
        body = {"name": name, "dataset": str(dataset), "source": "external"}
        return self.post("/api/experiments", body)["experiment"]

    def epochs(self, experiment_id: int, fold: int) -> List[Json]:
        """A fold's epochs: trainLoss, f2, threshold, lr, seconds, ..."""
        return self.get("/api/experiments/%d/folds/%d/epochs" % (int(experiment_id), fold))

    def fold_table(self, experiment_id: int) -> List[Json]:
        """One row per fold: fold, status, bestEpoch, bestF2, threshold, currentEpoch."""
        keys = ("fold", "status", "bestEpoch", "bestF2", "threshold", "currentEpoch")
        return [{k: f.get(k) for k in keys} for f in self.experiment(experiment_id)["folds"]]

    def cancel_experiment(self, experiment_id: int) -> Json:
        """Cancels the experiment's queued and running fold jobs."""
        return self.post("/api/experiments/%d/cancel" % int(experiment_id))

    def wait_experiment(self, experiment_id: int, poll: float = 10.0, timeout: Optional[float] = None,
                        progress: Optional[Callable[[Json], None]] = None) -> Json:
        """Polls until every fold has finished; ``progress`` gets the experiment's JSON after each poll."""
        return self._wait("/api/experiments/%d" % int(experiment_id), poll, timeout, progress)

    def download_oof(self, experiment_id: int, fold: int, to: Optional[PathLike] = None) -> Any:
        """A fold's OOF probabilities (rows x classes; a numpy array with NumPy, else lists); ``to`` keeps the .npy."""
        return read_npy(self.download("/api/experiments/%d/folds/%d/oof.npy" % (int(experiment_id), fold), to))

    def log_oof(self, experiment: Ref, fold: int, probabilities: Matrix, threshold: float,
                epoch: Optional[int] = None, dataset: Optional[Ref] = None) -> Json:
        """Stores a fold's OOF probabilities of a model trained anywhere, so it blends with Foldhub's experiments.

        ``experiment``: an external (or imported) experiment's id, or a name (made as a new external experiment
        on ``dataset`` when no experiment has it). ``probabilities``: the fold's rows in train.csv order (as the
        data set's fold assignment, :meth:`folds`, lists them) x classes, in [0, 1]. Returns the experiment.
        """
        experiment_id = self._external_id(experiment, dataset)
        return json.loads(self.request("PUT", "/api/experiments/%d/folds/%d/oof" % (experiment_id, fold),
                                       data=to_npy_bytes(probabilities), content_type="application/octet-stream",
                                       params={"threshold": threshold, "epoch": epoch}))

    def _external_id(self, experiment: Ref, dataset: Optional[Ref]) -> int:
        if isinstance(experiment, int) or str(experiment).isdigit():
            return int(experiment)
        for e in self.experiments(name=experiment, limit=500):
            if e["name"] == experiment and not e["trainable"]:
                return int(e["id"])
        if dataset is None:
            raise FoldhubError(400, "Invalid dataset", "dataset: is required to create external experiment %r"
                               % experiment, "dataset")
        return int(self.create_external(str(experiment), dataset)["id"])

    # --- ensembles --------------------------------------------------------------------------------------------

    def ensembles(self, **filters: Any) -> List[Json]:
        """Ensembles (blends), newest first."""
        return self.get("/api/ensembles", **filters)

    def ensemble(self, ensemble_id: int) -> Json:
        """One ensemble: status, weights, oofF2, nestedCvF2, ..."""
        return self.get("/api/ensembles/%d" % int(ensemble_id))

    def blend(self, experiments: Iterable[int], method: str = "auto", name: Optional[str] = None,
              dataset: Optional[Ref] = None) -> Json:
        """Starts a blend search over these experiments' OOF (method: auto, greedy, nelder-mead, cmaes)."""
        ids = [int(e) for e in experiments]
        if dataset is None:
            dataset = self.experiment(ids[0])["datasetId"]
        body = {"name": name or "blend-%s-%s" % ("-".join(map(str, ids)), time.strftime("%Y%m%d-%H%M%S")),
                "dataset": dataset, "experiments": ids, "method": method}
        return self.post("/api/ensembles", body)

    def wait_ensemble(self, ensemble_id: int, poll: float = 5.0, timeout: Optional[float] = None) -> Json:
        """Polls until the blend search has finished."""
        return self._wait("/api/ensembles/%d" % int(ensemble_id), poll, timeout, None)

    def download_ensemble_yml(self, ensemble_id: int, to: Optional[PathLike] = None) -> str:
        """The ensemble as the reference's ensemble.yml."""
        return self.download("/api/ensembles/%d/ensemble.yml" % int(ensemble_id), to).decode("utf-8")

    def download_bundle(self, ensemble_id: int, to: PathLike, ttas: Optional[int] = None,
                        combine: Optional[str] = None, thresholds: Optional[str] = None,
                        competition: Optional[str] = None, dataset: Optional[str] = None) -> Path:
        """The ensemble's Kaggle bundle (a zip of a few hundred MB), streamed to ``to``: upload it as a data set and
        run its notebook to write the same submission.csv offline. The parameters as for :meth:`create_submission`;
        competition and dataset are the Kaggle slugs its notebook names."""
        query = {"ttas": ttas, "combine": combine, "thresholds": thresholds, "competition": competition,
                 "dataset": dataset}
        query = {k: v for k, v in query.items() if v is not None}
        url = self.url + "/api/ensembles/%d/bundle.zip" % int(ensemble_id)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/zip, application/problem+json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        target = Path(to)
        partial = target.with_name(target.name + ".part")
        # the first bundle of a server builds its Java runtime (jlink) before the first byte: allow minutes
        req = urllib.request.Request(url, method="GET", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=max(self.timeout, 600.0)) as response, open(partial, "wb") as f:
                shutil.copyfileobj(response, f, 1 << 20)
        except urllib.error.HTTPError as e:
            partial.unlink(missing_ok=True)
            raise _problem(e) from None
        except urllib.error.URLError as e:
            partial.unlink(missing_ok=True)
            raise FoldhubError(0, "Unreachable", "%s: %s" % (self.url, e.reason)) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(target)
        return target

    # --- submissions ------------------------------------------------------------------------------------------

    def submissions(self, **filters: Any) -> List[Json]:
        """Submissions, newest first, with their leaderboard scores."""
        return self.get("/api/submissions", **filters)

    def submission(self, submission_id: int) -> Json:
        """One submission."""
        return self.get("/api/submissions/%d" % int(submission_id))

    def create_submission(self, ensemble_id: int, ttas: Optional[int] = None, combine: Optional[str] = None,
                          thresholds: Optional[str] = None) -> Json:
        """Queues test predictions of the ensemble's fold models and their blend into submission.csv."""
        body = {"ttas": ttas, "combine": combine, "thresholds": thresholds}
        return self.post("/api/ensembles/%d/submissions" % int(ensemble_id),
                         {k: v for k, v in body.items() if v is not None})

    def wait_submission(self, submission_id: int, poll: float = 5.0, timeout: Optional[float] = None) -> Json:
        """Polls until the submission's CSV is stored (or it failed)."""
        return self._wait("/api/submissions/%d" % int(submission_id), poll, timeout, None)

    def download_submission(self, submission_id: int, to: Optional[PathLike] = None) -> str:
        """The submission's CSV text; also written to ``to`` when given."""
        return self.download("/api/submissions/%d/submission.csv" % int(submission_id), to).decode("utf-8")

    def leaderboard(self, submission_id: int, public: Optional[float] = None,
                    private: Optional[float] = None) -> Json:
        """Records Kaggle's public and/or private leaderboard score of a submission."""
        body = {k: v for k, v in (("public", public), ("private", private)) if v is not None}
        return json.loads(self.request("PUT", "/api/submissions/%d/leaderboard" % int(submission_id), json_body=body))

    # --- waiting ----------------------------------------------------------------------------------------------

    def _wait(self, path: str, poll: float, timeout: Optional[float],
              progress: Optional[Callable[[Json], None]]) -> Json:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            resource = self.get(path)
            if progress is not None:
                progress(resource)
            if resource["status"] in FINISHED:
                return resource
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError("%s is still %s after %ss" % (path, resource["status"], timeout))
            time.sleep(poll)


def parse_folds(folds: Union[str, Sequence[int], None]) -> Optional[str]:
    """Folds as the API takes them: "0-4" -> "0,1,2,3,4", "0,3" and [0, 3] -> "0,3"; None stays None (all)."""
    if folds is None:
        return None
    if not isinstance(folds, str):
        return ",".join(str(int(f)) for f in folds)
    chosen: List[str] = []
    for part in folds.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", part)
        if match:
            chosen.extend(str(f) for f in range(int(match.group(1)), int(match.group(2)) + 1))
        elif part.strip():
            chosen.append(part.strip())
    return ",".join(chosen)


def _problem(error: urllib.error.HTTPError) -> FoldhubError:
    body = error.read()
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        text = body.decode("utf-8", "replace").strip()
        return FoldhubError(error.code, error.reason or "Error", text or str(error))
    return FoldhubError(error.code, str(problem.get("title") or error.reason),
                        str(problem.get("detail") or problem.get("message") or ""), problem.get("field"), problem)
