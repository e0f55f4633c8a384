#!/usr/bin/env bash
# Java FBP against the C back-projection yardstick, alternating so that both see the same spell of
# a noisy machine; each prints its best of 20. Run from the project root after
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests
#   bash benchmarks/c/compare.sh [ROUNDS] [N VIEWS THREADS]      (defaults: 4, 512 720 2)
set -euo pipefail
rounds="${1:-4}"
size="${2:-512}"; views="${3:-720}"; threads="${4:-2}"
binary="$(mktemp)"
gcc -O3 -march=native -fopenmp benchmarks/c/backproject.c -o "$binary" -lm
for round in $(seq "$rounds"); do
  java -cp benchmarks/target/benchmarks.jar org.recon4j.benchmarks.FbpBestOf "$size" "$views" "$threads"
  OMP_NUM_THREADS="$threads" "$binary" "$size" "$views" 20 | grep "fixed kernel"
done
rm -f "$binary"
