#!/usr/bin/env bash
# Time per iteration of the regularised CT methods against SIRT (benchmarks/README.md, "Regularised
# methods"): 256^2 from 60 noisy parallel views, and a 128^3 cone-beam volume from 180 views.
# Each line is the command's own summary (its seconds exclude reading and writing).
#
#   benchmarks/regularised/time-per-iteration.sh WORK
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
recon="$root/recon"
work="$(mkdir -p "$1" && cd "$1" && pwd)"
cd "$work"
"$recon" phantom --size 256 --views 60 --noise-photons 1e5 --out-image p.mhd --out-sino s.mhd --force -q
for method in "sirt --nonneg" "tv --alpha 10 --nonneg" "tv --alpha 10 --nonneg --algorithm pdhg"; do
  # shellcheck disable=SC2086
  "$recon" $method --in s.mhd --angles 0:3:60 --iterations 100 --out r.mhd --force 2>&1 | tail -1
done
"$recon" phantom --size 128 --views 180 --geometry cone --out-image cp.mhd --out-sino cs.mhd --force -q
cone=(--in cs.mhd --angles 0:2:180 --geometry cone --sod 384 --sdd 512 --det-spacing 1.3333333333333333
  --size 128 --pixel 1 --iterations 10 --out c.mhd --force)
for method in "sirt --nonneg" "tv --alpha 1 --nonneg" "tv --alpha 1 --nonneg --algorithm pdhg"; do
  # shellcheck disable=SC2086
  "$recon" $method "${cone[@]}" 2>&1 | tail -1
done
