#!/usr/bin/env bash
# Foldhub end to end over its REST API: token -> data set -> experiments -> wait for their fold jobs ->
# blend (ensemble) -> submission -> submission.csv. Needs bash, curl and python3 (for reading JSON).
#
# Defaults fit a server started from the repository root with `java -jar target/foldhub.jar --demo`
# (run this script from the same directory); every setting can be overridden from the environment:
#   FOLDHUB_URL            server address                          (http://localhost:8080)
#   FOLDHUB_TOKEN          API token; if unset, the "API token:" line of $FOLDHUB_DATA_DIR/admin-credentials.txt
#   FOLDHUB_DATA_DIR       the server's data directory             (data)
#   FOLDHUB_DATASET_NAME   data set name: reused if registered, else registered from FOLDHUB_DATASET_PATH (demo)
#   FOLDHUB_DATASET_PATH   absolute path of an iMet-layout directory, on the server's disk and inside
#                          foldhub.datasets.roots                  ($PWD/$FOLDHUB_DATA_DIR/demo-dataset)
#   FOLDHUB_CONFIGS        experiment configs, one experiment each (configs/demo_resnet18.yml configs/demo_resnet34.yml)
#   FOLDHUB_FOLDS          folds to train                          (0,1,2,3,4)
#   FOLDHUB_BLEND_METHOD   nelder-mead, greedy, cmaes or auto      (auto)
#   FOLDHUB_OUT            where the CSV is written                (submission.csv)
#   FOLDHUB_POLL_SECONDS   pause between status checks             (10)
#   FOLDHUB_TIMEOUT_SECONDS  give up waiting for one step after    (7200)
set -euo pipefail

FOLDHUB_URL=${FOLDHUB_URL:-http://localhost:8080}
FOLDHUB_DATA_DIR=${FOLDHUB_DATA_DIR:-data}
DATASET_NAME=${FOLDHUB_DATASET_NAME:-demo}
DATASET_PATH=${FOLDHUB_DATASET_PATH:-$PWD/$FOLDHUB_DATA_DIR/demo-dataset}
CONFIGS=${FOLDHUB_CONFIGS:-configs/demo_resnet18.yml configs/demo_resnet34.yml}
FOLDS=${FOLDHUB_FOLDS:-0,1,2,3,4}
METHOD=${FOLDHUB_BLEND_METHOD:-auto}
OUT=${FOLDHUB_OUT:-submission.csv}
POLL=${FOLDHUB_POLL_SECONDS:-10}
TIMEOUT=${FOLDHUB_TIMEOUT_SECONDS:-7200}

if [ -z "${FOLDHUB_TOKEN:-}" ] && [ -r "$FOLDHUB_DATA_DIR/admin-credentials.txt" ]; then
  FOLDHUB_TOKEN=$(sed -n 's/^API token: //p' "$FOLDHUB_DATA_DIR/admin-credentials.txt")
fi
if [ -z "${FOLDHUB_TOKEN:-}" ]; then
  echo "set FOLDHUB_TOKEN (an API token, see docs/security.md) or FOLDHUB_DATA_DIR" >&2
  exit 2
fi
TOKEN=$FOLDHUB_TOKEN

# api METHOD PATH [curl arguments]: the response body on stdout; HTTP >= 400 prints the problem and fails
api() {
  local method=$1 path=$2 body status
  shift 2
  body=$(mktemp)
  status=$(curl -sS -o "$body" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $TOKEN" "$@" "$FOLDHUB_URL$path") || status=000
  if [ "$status" -ge 400 ] || [ "$status" = 000 ]; then
    echo "$method $path: HTTP $status $(cat "$body")" >&2
    rm -f "$body"
    return 1
  fi
  cat "$body"
  rm -f "$body"
}

# field PATH: reads JSON on stdin and prints the value at a dotted path (experiment.id, weights.0.weight)
field() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print("" if v is None else v)' "$1"
}

# await PATH: polls a resource until its "status" is no longer QUEUED or RUNNING; prints the final JSON
await() {
  local path=$1 deadline=$((SECONDS + TIMEOUT)) json status
  while true; do
    json=$(api GET "$path")
    status=$(field status <<<"$json")
    if [ "$status" != QUEUED ] && [ "$status" != RUNNING ]; then
      printf '%s' "$json"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$path is still $status after ${TIMEOUT}s" >&2
      return 1
    fi
    echo "  $path: $status" >&2
    sleep "$POLL"
  done
}

expect() { # expect JSON STATUS: fails with the JSON unless its status is STATUS
  if [ "$(field status <<<"$1")" != "$2" ]; then
    echo "expected $2: $1" >&2
    exit 1
  fi
}

stamp=$(date -u +%Y%m%d-%H%M%S)

echo "1. token"
if api GET /api/tokens >/dev/null 2>&1; then
  # an admin token: make a member token (enough for everything below) that expires in a day, and use it
  expires=$(python3 -c 'import datetime as d; print((d.datetime.now(d.timezone.utc) + d.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
  TOKEN=$(api POST /api/tokens -H 'Content-Type: application/json' \
    -d "{\"name\": \"end-to-end-$stamp\", \"role\": \"member\", \"expiresAt\": \"$expires\"}" | field token)
  echo "   created member token end-to-end-$stamp (expires $expires)"
fi

echo "2. data set $DATASET_NAME"
dataset=$(api GET /api/datasets | python3 -c '
import json, sys
print(next((str(d["id"]) for d in json.load(sys.stdin) if d["name"] == sys.argv[1]), ""))' "$DATASET_NAME")
if [ -z "$dataset" ]; then
  dataset=$(api POST /api/datasets -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "path": sys.argv[2]}))' "$DATASET_NAME" "$DATASET_PATH")" \
    | field id)
  echo "   registered as data set $dataset"
fi
api GET "/api/datasets/$dataset" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("   %(numTrainImages)d train and %(numTestImages)d test images, %(numLabels)d labels, %(numFolds)d folds" % d)'

echo "3. experiments"
experiments=()
for config in $CONFIGS; do
  name="$(basename "$config" .yml)-$stamp"
  request=$(python3 -c '
import json, sys
print(json.dumps({"name": sys.argv[1], "dataset": sys.argv[2], "folds": sys.argv[3], "config": open(sys.argv[4]).read()}))' \
    "$name" "$DATASET_NAME" "$FOLDS" "$config")
  id=$(api POST /api/experiments -H 'Content-Type: application/json' -d "$request" | field id)
  experiments+=("$id")
  echo "   experiment $id $name: $FOLDHUB_URL/experiments/$id"
done

echo "4. waiting for the fold jobs"
for id in "${experiments[@]}"; do
  json=$(await "/api/experiments/$id")
  expect "$json" SUCCEEDED
  python3 -c '
import json, sys
e = json.load(sys.stdin)
print("   experiment %d %s: cv F2 %.4f +- %.4f over %d folds, pooled OOF F2 %.4f"
      % (e["id"], e["name"], e["cvMean"], e["cvStd"], e["foldsDone"], e["oofF2"]))' <<<"$json"
done

echo "5. blend ($METHOD)"
ids=$(IFS=,; echo "${experiments[*]}")
ensemble=$(api POST /api/ensembles -H 'Content-Type: application/json' \
  -d "{\"name\": \"end-to-end-$stamp\", \"dataset\": $dataset, \"experiments\": [$ids], \"method\": \"$METHOD\"}" | field id)
json=$(await "/api/ensembles/$ensemble")
expect "$json" SUCCEEDED
python3 -c '
import json, sys
e = json.load(sys.stdin)
weights = ", ".join("%s %.3f" % (w["name"], w["weight"]) for w in e["weights"])
nested = "n/a" if e["nestedCvF2"] is None else "%.4f" % e["nestedCvF2"]
print("   ensemble %d: OOF F2 %.4f, nested-CV F2 %s, weights %s" % (e["id"], e["oofF2"], nested, weights))' <<<"$json"
echo "   $FOLDHUB_URL/ensembles/$ensemble"

echo "6. submission"
submission=$(api POST "/api/ensembles/$ensemble/submissions" -H 'Content-Type: application/json' -d '{}' | field id)
json=$(await "/api/submissions/$submission")
expect "$json" SUCCEEDED
api GET "/api/submissions/$submission/submission.csv" >"$OUT"
echo "   submission $submission: $(($(wc -l <"$OUT") - 1)) rows in $OUT ($FOLDHUB_URL/submissions)"
