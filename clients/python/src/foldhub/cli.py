"""The ``foldhub`` command: login, data sets, submit and follow experiments, blend, submit to Kaggle, leaderboard."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Optional, Sequence

from . import output
from .client import Foldhub, FoldhubError
from .config import resolve_url, save_credentials


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs one command; 0 on success, 1 when the server refused (its problem detail on stderr), 2 on usage."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except FoldhubError as e:
        field = " (field: %s)" % e.field if e.field else ""
        status = "HTTP %d " % e.status if e.status else ""
        print("foldhub: error: %s%s: %s%s" % (status, e.title, e.detail, field), file=sys.stderr)
        return 1
    except TimeoutError as e:
        print("foldhub: error: %s" % e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _client(args: argparse.Namespace) -> Foldhub:
    return Foldhub(getattr(args, "url", None), getattr(args, "token", None))


# --- commands -------------------------------------------------------------------------------------------------

def _login(args: argparse.Namespace) -> int:
    url = resolve_url(getattr(args, "url", None))
    token = getattr(args, "token", None) or os.environ.get("FOLDHUB_TOKEN")
    if not token:
        token = getpass.getpass("API token: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    Foldhub(url, token).datasets()  # a refused token fails here, and nothing is saved
    path = save_credentials(url, token)
    print("logged in to %s; token saved in %s (mode 600)" % (url, path))
    return 0


def _datasets_ls(args: argparse.Namespace) -> int:
    rows = [[d["id"], d["name"], d["numTrainImages"], d["numTestImages"], d["numLabels"], d["numFolds"], d["path"]]
            for d in _client(args).datasets()]
    output.table(["id", "name", "train", "test", "labels", "folds", "path"], rows)
    return 0


def _datasets_add(args: argparse.Namespace) -> int:
    d = _client(args).add_dataset(args.name, args.path)
    print("data set %d %s: %d train and %d test images, %d labels, %d folds (hash %s)" % (
        d["id"], d["name"], d["numTrainImages"], d["numTestImages"], d["numLabels"], d["numFolds"], d["foldsHash"]))
    return 0


def _submit(args: argparse.Namespace) -> int:
    fh = _client(args)
    created = fh.submit(args.config, dataset=args.dataset, folds=args.folds, name=args.name, device=args.device)
    e = created["experiment"]
    print("experiment %d %s: folds %s, jobs %s" % (e["id"], e["name"], [f["fold"] for f in e["folds"]],
                                                   created["jobIds"]))
    for key in created.get("ignoredKeys") or []:
        print("  accepted but not used by the trainer: %s" % key)
    if not args.wait:
        return 0
    final = fh.wait_experiment(e["id"], poll=args.poll, progress=output.FoldProgress(fh))
    output.print_experiment(final)
    return 0 if final["status"] == "SUCCEEDED" else 1


def _ls(args: argparse.Namespace) -> int:
    filters = {"status": args.status, "dataset": args.dataset, "limit": args.limit}
    rows = [[e["id"], e["name"], e["status"], e["dataset"], e["arch"], "%d/%d" % (e["foldsDone"], e["datasetFolds"]),
             output.num(e["cvMean"]), output.num(e["cvStd"]), output.num(e["oofF2"])]
            for e in _client(args).experiments(**filters)]
    output.table(["id", "name", "status", "dataset", "arch", "folds", "cv F2", "std", "OOF F2"], rows)
    return 0


def _show(args: argparse.Namespace) -> int:
    output.print_experiment(_client(args).experiment(args.id))
    return 0


def _blend(args: argparse.Namespace) -> int:
    fh = _client(args)
    ens = fh.blend(args.ids, method=args.method, name=args.name, dataset=args.dataset)
    print("ensemble %d %s: %s" % (ens["id"], ens["name"], ens["status"]))
    if not args.wait:
        return 0
    ens = fh.wait_ensemble(ens["id"], poll=args.poll)
    weights = ", ".join("%s %s" % (w.get("name", w.get("experiment")), output.num(w.get("weight"), 3))
                        for w in ens.get("weights") or [])
    print("ensemble %d %s: OOF F2 %s, nested-CV F2 %s, weights %s" % (
        ens["id"], ens["status"], output.num(ens.get("oofF2")), output.num(ens.get("nestedCvF2")), weights))
    if args.output and ens["status"] == "SUCCEEDED":
        fh.download_ensemble_yml(ens["id"], args.output)
        print("ensemble.yml written to %s" % args.output)
    return 0 if ens["status"] == "SUCCEEDED" else 1


def _submission_create(args: argparse.Namespace) -> int:
    fh = _client(args)
    sub = fh.create_submission(args.ensemble, ttas=args.ttas, combine=args.combine, thresholds=args.thresholds)
    print("submission %d of ensemble %d: %s" % (sub["id"], sub["ensemble"], sub["status"]))
    if not args.wait:
        return 0
    sub = fh.wait_submission(sub["id"], poll=args.poll)
    if sub["status"] != "SUCCEEDED":
        print("submission %d %s: %s" % (sub["id"], sub["status"], sub.get("error") or ""), file=sys.stderr)
        return 1
    csv = fh.download_submission(sub["id"], args.output)
    print("submission %d: %d rows in %s" % (sub["id"], csv.count("\n") - 1, args.output))
    return 0


def _bundle(args: argparse.Namespace) -> int:
    path = _client(args).download_bundle(args.ensemble, args.output, ttas=args.ttas, combine=args.combine,
                                         thresholds=args.thresholds, competition=args.competition,
                                         dataset=args.dataset)
    print("bundle of ensemble %d: %.1f MB in %s" % (args.ensemble, path.stat().st_size / 1e6, path))
    return 0


def _submissions_ls(args: argparse.Namespace) -> int:
    rows = [[s["id"], s["status"], s["ensemble"], s["ensembleName"], s.get("ttas"), output.num(s.get("oofF2")),
             output.num(s.get("publicScore")), output.num(s.get("privateScore"))] for s in _client(args).submissions()]
    output.table(["id", "status", "ensemble", "name", "ttas", "OOF F2", "public", "private"], rows)
    return 0


def _lb(args: argparse.Namespace) -> int:
    if args.public is None and args.private is None:
        print("foldhub: error: give --public and/or --private", file=sys.stderr)
        return 2
    s = _client(args).leaderboard(args.submission, public=args.public, private=args.private)
    print("submission %d: OOF F2 %s, public LB %s, private LB %s" % (
        s["id"], output.num(s.get("oofF2")), output.num(s.get("publicScore")), output.num(s.get("privateScore"))))
    return 0


def _oof(args: argparse.Namespace) -> int:
    _client(args).download(("/api/experiments/%d/folds/%d/oof.npy" % (args.id, args.fold)), args.output)
    print("fold %d of experiment %d written to %s" % (args.fold, args.id, args.output))
    return 0


# --- arguments ------------------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # why SUPPRESS: a subcommand's own default would overwrite a value given before the subcommand
    common.add_argument("--url", default=argparse.SUPPRESS,
                        help="server address (default: FOLDHUB_URL, the login file, http://localhost:8080)")
    common.add_argument("--token", default=argparse.SUPPRESS,
                        help="API token (default: FOLDHUB_TOKEN, then the login file)")
    waiting = argparse.ArgumentParser(add_help=False)
    waiting.add_argument("--wait", action="store_true", help="wait until it has finished")
    waiting.add_argument("--poll", type=float, default=5.0, help="seconds between status checks (5)")

    p = argparse.ArgumentParser(prog="foldhub", description="Foldhub from the command line.", parents=[common])
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("login", parents=[common], help="save the server address and a token (mode 600)")
    c.set_defaults(run=_login)

    ds = sub.add_parser("datasets", parents=[common], help="list or register data sets")
    ds.set_defaults(run=_datasets_ls)
    ds_sub = ds.add_subparsers(dest="action")
    ds_sub.add_parser("ls", parents=[common], help="list data sets").set_defaults(run=_datasets_ls)
    c = ds_sub.add_parser("add", parents=[common], help="register an iMet-layout directory on the server's disk")
    c.add_argument("name")
    c.add_argument("path", help="absolute path on the server, under foldhub.datasets.roots")
    c.set_defaults(run=_datasets_add)

    c = sub.add_parser("submit", parents=[common, waiting], help="train a config on folds of a data set")
    c.add_argument("config", help="the experiment's YAML config file")
    c.add_argument("--dataset", required=True, help="data set id or name")
    c.add_argument("--folds", help="folds to train: 0-4, 0,2 (default: all)")
    c.add_argument("--name", help="experiment name (default: the config's file name and a time stamp)")
    c.add_argument("--device", choices=["any", "cpu", "gpu"], help="where its fold jobs may run")
    c.set_defaults(run=_submit)

    c = sub.add_parser("ls", parents=[common], help="list experiments")
    c.add_argument("--status")
    c.add_argument("--dataset")
    c.add_argument("--limit", type=int)
    c.set_defaults(run=_ls)

    c = sub.add_parser("show", parents=[common], help="an experiment and its fold table")
    c.add_argument("id", type=int)
    c.set_defaults(run=_show)

    c = sub.add_parser("oof", parents=[common], help="download a fold's OOF predictions (.npy)")
    c.add_argument("id", type=int)
    c.add_argument("fold", type=int)
    c.add_argument("-o", "--output", required=True)
    c.set_defaults(run=_oof)

    c = sub.add_parser("blend", parents=[common, waiting], help="search a blend of experiments' OOF predictions")
    c.add_argument("ids", type=int, nargs="+", metavar="ID")
    c.add_argument("--method", default="auto", help="auto, greedy, nelder-mead or cmaes (auto)")
    c.add_argument("--name")
    c.add_argument("--dataset", help="data set id or name (default: the first experiment's)")
    c.add_argument("-o", "--output", help="with --wait: write the ensemble.yml here")
    c.set_defaults(run=_blend)

    s = sub.add_parser("submission", parents=[common], help="make or list submissions")
    s.set_defaults(run=_submissions_ls)
    s_sub = s.add_subparsers(dest="action")
    s_sub.add_parser("ls", parents=[common], help="list submissions").set_defaults(run=_submissions_ls)
    c = s_sub.add_parser("create", parents=[common, waiting], help="test predictions of an ensemble -> CSV")
    c.add_argument("ensemble", type=int, metavar="ENSEMBLE")
    c.add_argument("--ttas", type=int, help="views per test image (default: each experiment's test.num_ttas)")
    c.add_argument("--combine", choices=["mean", "max"])
    c.add_argument("--thresholds", choices=["fold", "tuned", "groups", "postprocess"])
    c.add_argument("-o", "--output", default="submission.csv", help="with --wait: the CSV (submission.csv)")
    c.set_defaults(run=_submission_create)

    c = sub.add_parser("bundle", parents=[common], help="download an ensemble's Kaggle bundle (offline submission)")
    c.add_argument("ensemble", type=int, metavar="ENSEMBLE")
    c.add_argument("-o", "--output", default="bundle.zip", help="the zip (bundle.zip)")
    c.add_argument("--ttas", type=int, help="views per test image (default: each experiment's test.num_ttas)")
    c.add_argument("--combine", choices=["mean", "max"])
    c.add_argument("--thresholds", choices=["fold", "tuned", "groups", "postprocess"],
                   help="default: the ensemble's post-processing rule when it has one, else fold")
    c.add_argument("--competition", help="the competition's Kaggle slug the notebook reads (imet-2019-fgvc6)")
    c.add_argument("--dataset", help="the Kaggle data set slug you upload the bundle as (foldhub-bundle-ID)")
    c.set_defaults(run=_bundle)

    c = sub.add_parser("lb", parents=[common], help="record a submission's Kaggle leaderboard scores")
    c.add_argument("submission", type=int, metavar="SUBMISSION")
    c.add_argument("--public", type=float)
    c.add_argument("--private", type=float)
    c.set_defaults(run=_lb)
    return p
