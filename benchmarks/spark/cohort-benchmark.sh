#!/usr/bin/env bash
# The Spark figures of benchmarks/README.md: a cohort of simulated SPECT studies (128^3, 120
# views, OSEM 8 subsets x 4 iterations with attenuation and the collimator response) run as
# plain commands one after another, then by `recon batch` in local mode and on a local standalone
# cluster; and one FDK volume split into slabs. Each phase prints its wall time; the batch phases
# leave their results.csv (each job's own seconds) in WORK.
#
#   benchmarks/spark/cohort-benchmark.sh WORK [STUDIES] [PHASES]
#   PHASES: any of simulate,sequential,local,cluster1,cluster2,slabs (default: all, in that order)
#   MEMORY (environment, default 8g): each worker's memory and each executor's heap. An executor
#   needs about 4 times a study's attenuation factors (120 views x the voxels inside the camera's
#   orbit x 4 bytes, about 0.8 GB here) to keep them; below that every projection recomputes them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
recon="$root/recon"
work="$(mkdir -p "$1" && cd "$1" && pwd)"
studies="${2:-20}"
phases="${3:-simulate,sequential,local,cluster1,cluster2,slabs}"
memory="${MEMORY:-8g}"
data="$work/data"
mkdir -p "$data"
has() { [[ ",$phases," == *",$1,"* ]]; }
seconds() { date +%s.%N; }
report() { printf '%-44s %8.1f s\n' "$1" "$(echo "$3 - $2" | bc)"; }

psf=(--psf-slope 0.0163 --psf-sigma0 1.466)
if has simulate; then
  start=$(seconds)
  : > "$data/cohort.jsonl"
  for i in $(seq 1 "$studies"); do
    "$recon" simulate-spect --matrix 128 --pixel 3.3 --views 120 --counts 5e6 --seed "$i" \
      --out-proj "$data/p$i.hs" --out-mu "$data/mu$i.hv" --force -q
    printf '{"id": "s%d", "args": ["osem", "--in", "p%d.hs", "--mu", "mu%d.hv", "--psf-slope", "0.0163", "--psf-sigma0", "1.466", "--subsets", "8", "--iterations", "4", "--out", "s%d/osem.hv", "-q"]}\n' \
      "$i" "$i" "$i" "$i" >> "$data/cohort.jsonl"
  done
  report "simulate $studies studies" "$start" "$(seconds)"
fi
if has sequential; then
  mkdir -p "$work/sequential"
  start=$(seconds)
  for i in $(seq 1 "$studies"); do
    "$recon" osem --in "$data/p$i.hs" --mu "$data/mu$i.hv" "${psf[@]}" --subsets 8 --iterations 4 \
      --out "$work/sequential/s$i.hv" --force -q
  done
  report "sequential: $studies commands, all cores each" "$start" "$(seconds)"
fi
if has local; then
  rm -rf "$work/local"
  start=$(seconds)
  "$recon" batch "$data/cohort.jsonl" --out "$work/local" --master 'local[2]' -q || true
  report "recon batch, local[2]" "$start" "$(seconds)"
fi
for workers in 1 2; do
  has "cluster$workers" || continue
  cores=$((2 / workers))
  cluster="$work/cluster-$workers"
  "$recon" cluster start --dir "$cluster" --workers "$workers" --cores "$cores" --memory "$memory" > "$work/cluster-$workers.txt"
  master="$(tail -1 "$work/cluster-$workers.txt")"
  rm -rf "$work/on-cluster-$workers"
  start=$(seconds)
  "$recon" batch "$data/cohort.jsonl" --out "$work/on-cluster-$workers" --master "$master" \
    --executor-memory "$memory" -q || true
  report "recon batch, cluster of $workers x $cores cores" "$start" "$(seconds)"
  "$recon" cluster stop --dir "$cluster"
done
if has slabs; then
  "$recon" phantom --size 512 --views 360 --geometry cone --out-image "$data/head.mhd" --out-sino "$data/cone.mhd" --force -q
  fdk=(fdk --in "$data/cone.mhd" --angles 0:1:360 --sod 1536 --sdd 2048 --size 512 --pixel 1 --force -q)
  start=$(seconds)
  "$recon" "${fdk[@]}" --out "$work/fdk.mhd"
  report "FDK 512^3, plain" "$start" "$(seconds)"
  start=$(seconds)
  "$recon" "${fdk[@]}" --out "$work/fdk-slabs.mhd" --master 'local[2]'
  report "FDK 512^3, slabs on local[2]" "$start" "$(seconds)"
  cmp "$work/fdk.raw" "$work/fdk-slabs.raw" && echo "FDK slabs: the same bits"
fi
