#!/usr/bin/env bash
# The one device call: GPU figures beside the Java path, then recon-gpu's tests on the GPU (the
# tests take the first device listed, a GPU where there is one). Logs and JSON go to $OUT.
#   bash benchmarks/gpu/check.sh [SCALE]       SCALE 2 or 4 shrinks the figures for a trial on PoCL
#   CASES=osem bash benchmarks/gpu/check.sh    some of fbp,fdk,osem only
#   SKIP_FIGURES=1 bash benchmarks/gpu/check.sh  the tests only
set -u
out="${OUT:-/tmp/gpu-check}"
mkdir -p "$out"
scale="${1:-1}"
kit="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.gpu"
if [ -z "${SKIP_FIGURES:-}" ]; then
  JAVA_OPTS="-Xmx48g" timeout 330 bash "$kit/run.sh" org.recon4j.benchmarks.DeviceFigures --scale "$scale" \
    --cases "${CASES:-fbp,fdk,osem}" --json "$out/figures.json" > "$out/figures.log" 2>&1
  echo "DeviceFigures exit $?"; grep -v '^WARNING' "$out/figures.log" | tail -20
fi
selected=()
while read -r test; do selected+=(--select-class "$test"); done < "$kit/tests.txt"
JAVA_OPTS="-Xmx4g" timeout 150 bash "$kit/run.sh" org.junit.platform.console.ConsoleLauncher execute "${selected[@]}" \
  --fail-if-no-tests --config junit.jupiter.execution.timeout.default=60s \
  --config junit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD --details tree --disable-banner > "$out/tests.log" 2>&1
echo "recon-gpu tests exit $?"; tail -25 "$out/tests.log"
