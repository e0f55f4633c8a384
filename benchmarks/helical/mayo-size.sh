#!/usr/bin/env bash
# The helical figure of benchmarks/README.md: a Mayo-sized DICOM-CT-PD scan simulated by the
# tests' generator (736 channels x 64 rows, 2304 views a turn, pitch 0.8, z flying focal spot,
# 4.8 turns: about 11,000 files, 1 GB), then 100 slices of 512 x 512 at 1 mm by weighted FBP.
# `recon fbp` prints the reconstruction's own time; the wall time adds reading the files.
#
#   benchmarks/helical/mayo-size.sh WORK [--device ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
scan="$work/scan"
if [ ! -d "$scan" ]; then
  start=$(date +%s.%N)
  /usr/bin/python3 "$root/testdata/src/main/resources/org/recon4j/testdata/dicom-synthetic/make_ctpd.py" "$scan" \
    --channels 736 --rows 64 --central 369.625,32.5 --views-per-turn 2304 --ffs FFSZ --pitch 0.8 --turns 4.8 \
    --photons 1e6
  echo "simulated $(ls "$scan" | wc -l) files in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
"$root/recon" info "$scan"
start=$(date +%s.%N)
"$root/recon" fbp --in "$scan" --out "$work/helical.mhd" --size 512 --slice-spacing 1 --z-range=-49.5:49.5 \
  --filter hann --force "$@"
echo "wall time (reading included): $(echo "$(date +%s.%N) - $start" | bc) s"
