#!/usr/bin/env bash
# GPU check: on a machine with an NVIDIA GPU and a CUDA libtorch 2.7.1 (cu128, see docs/gpu-workers.md),
#  1. the training step on the GPU against the CPU, and the data pipeline's share of a step fed by it
#     (TrainingBenchmark: the network alone on one in-memory batch, then fed by the pipeline);
#  2. a short fold end to end: the server jar (no embedded worker, the demo) and a remote GPU worker agent
#     (`worker --devices 0`); the first reported epoch's images/s, read back through the REST API.
# Nothing in the build or CI needs a GPU: with --cpu-only both parts run on the CPU (CI runs it so, tiny).
#
# Usage: bench/gpu-check.sh [--cpu-only] [--arch resnet18] [--size 288] [--batch 32] [--steps 20]
#                           [--loader-threads 4] [--skip-fold] [--timeout 900] [--dir DIR]
# Needs one build first: ./mvnw -B -q package -DskipTests (the jar and the test classpath for bench/run).
# On a GPU machine export PYTORCH_LIBRARY_PATH (the folder holding libtorch_cuda.so) before running it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cpu_only=false arch=resnet18 size=288 batch=32 steps=20 loader_threads=4 skip_fold=false timeout=900
dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu-only) cpu_only=true ;;
    --arch) arch=$2; shift ;;
    --size) size=$2; shift ;;
    --batch) batch=$2; shift ;;
    --steps) steps=$2; shift ;;
    --loader-threads) loader_threads=$2; shift ;;
    --skip-fold) skip_fold=true ;;
    --timeout) timeout=$2; shift ;;
    --dir) dir=$2; shift ;;
    *) echo "gpu-check: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done

if [[ ! -f target/test-classpath.txt || ( $skip_fold == false && ! -f target/foldhub.jar ) ]]; then
  echo "gpu-check: build first: ./mvnw -B -q package -DskipTests" >&2
  exit 2
fi
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE
device=cpu
if [[ $cpu_only == false ]]; then
  if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
    echo "gpu-check: no NVIDIA GPU here (nvidia-smi finds none); --cpu-only runs both parts on the CPU" >&2
    exit 3
  fi
  if [[ -z "${PYTORCH_LIBRARY_PATH:-}" || ! -e "$PYTORCH_LIBRARY_PATH/libtorch_cuda.so" ]]; then
    echo "gpu-check: set PYTORCH_LIBRARY_PATH to a CUDA libtorch 2.7.1 (cu128) lib folder with libtorch_cuda.so" \
      "(docs/gpu-workers.md)" >&2
    exit 2
  fi
  export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128
  device=gpu0
  nvidia-smi -L
fi
work=${dir:-$(mktemp -d /tmp/foldhub-gpu-check.XXXXXX)}
mkdir -p "$work"

# 1. Step speed: the same arch, size and batch on each device; the pipeline's share = 1 - fed / network alone.
speed() { # speed DEVICE: prints "network fed" images/s
  local out
  out=$(bench/run -Xmx2g dev.foldhub.training.TrainingBenchmark --archs "$arch" --sizes "$size" --batch "$batch" \
    --steps "$steps" --warmup 2 --threads "$loader_threads" --device "$1" 2>"$work/benchmark-$1.log")
  echo "$out" >>"$work/benchmark-$1.log"
  echo "$out" | sed -n "s/^$arch $size px: network alone \([0-9.]*\) images\/s, fed by the pipeline \([0-9.]*\) images\/s.*/\1 \2/p"
}
echo "1. training step, $arch at $size px, batch $batch, $steps steps, $loader_threads loader threads"
read -r cpu_net cpu_fed <<<"$(speed cpu)"
if [[ -z "${cpu_fed:-}" ]]; then
  echo "gpu-check: the CPU benchmark printed no result; see $work/benchmark-cpu.log" >&2
  exit 1
fi
share() { python3 -c "import sys; n, f = float(sys.argv[1]), float(sys.argv[2]); print(f'{max(0.0, 1 - f / n):.0%}')" "$1" "$2"; }
printf '   %-5s network alone %8.1f images/s, fed by the pipeline %8.1f images/s (pipeline share of a step %s)\n' \
  cpu "$cpu_net" "$cpu_fed" "$(share "$cpu_net" "$cpu_fed")"
if [[ $device != cpu ]]; then
  read -r gpu_net gpu_fed <<<"$(speed "$device")"
  if [[ -z "${gpu_fed:-}" ]]; then
    echo "gpu-check: the GPU benchmark printed no result; see $work/benchmark-$device.log" >&2
    exit 1
  fi
  printf '   %-5s network alone %8.1f images/s, fed by the pipeline %8.1f images/s (pipeline share of a step %s)\n' \
    "$device" "$gpu_net" "$gpu_fed" "$(share "$gpu_net" "$gpu_fed")"
  python3 -c "import sys; print(f'   GPU / CPU: {float(sys.argv[1]) / float(sys.argv[2]):.1f}x fed, {float(sys.argv[3]) / float(sys.argv[4]):.1f}x network alone')" \
    "$gpu_fed" "$cpu_fed" "$gpu_net" "$cpu_net"
fi
[[ $skip_fold == true ]] && exit 0

# 2. A fold end to end: server (demo, no embedded worker) + a remote worker agent on the device.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
echo "2. a fold end to end: server on $url (logs in $work)"
java -Xmx2g -jar target/foldhub.jar --demo --server.port="$port" --foldhub.data-dir="$work/data" \
  --foldhub.worker.embedded=false >"$work/server.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + timeout))
token=""
until [[ -n "$token" ]] && curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url/api/experiments"; do
  if (( SECONDS > deadline )) || ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "gpu-check: the server did not come up; see $work/server.log" >&2
    exit 1
  fi
  sleep 2
  token=$(sed -n 's/^API token: //p' "$work/data/admin-credentials.txt" 2>/dev/null || true)
done
agent_devices=$([[ $device == cpu ]] && echo cpu || echo 0)
java -Xmx2g -jar target/foldhub.jar worker --server "$url" --token "$token" --devices "$agent_devices" \
  --name gpu-check --work-dir "$work/agent-work" >"$work/worker.log" 2>&1 &
pids+=($!)
# the first epoch any experiment reports: its fold, seconds and images/s
first_epoch() {
  curl -fsS -H "Authorization: Bearer $token" "$url/api/experiments" | python3 -c '
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
for e in json.load(sys.stdin):
    for f in e.get("folds") or []:
        req = urllib.request.Request(f"{url}/api/experiments/{e['"'"'id'"'"']}/folds/{f['"'"'fold'"'"']}/epochs",
                                     headers={"Authorization": "Bearer " + token})
        epochs = json.load(urllib.request.urlopen(req))
        if epochs:
            p = epochs[0]
            print(e["name"], f["fold"], p["epoch"], p["seconds"], p["imagesPerSecond"])
            sys.exit(0)
' "$url" "$token"
}
line=""
until [[ -n "$line" ]]; do
  if (( SECONDS > deadline )) || ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "gpu-check: no epoch reported in time; see $work/server.log and $work/worker.log" >&2
    exit 1
  fi
  sleep 5
  line=$(first_epoch 2>/dev/null || true)
done
read -r name fold epoch seconds ips <<<"$line"
printf '   %s fold %s epoch %s on the worker'"'"'s %s: %.1f s, %.1f images/s\n' "$name" "$fold" "$epoch" "$device" \
  "$seconds" "$ips"
