#!/usr/bin/env bash
# Prepares .gpu/ (a Java runtime and the jars DeviceFigures needs) for one call on a lent GPU
# machine; see ../README.md ("On a GPU"). Run from anywhere; needs ../shared/tools/gpu beside the
# project, as the GPU sessions have it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests install
classpath="$(mktemp)"
(cd benchmarks && ../mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=runtime)
# the unshaded benchmarks jar, and no test or JMH jars: the whole call carries 64 MiB at most
jars="$(tr ':' '\n' < "$classpath" | grep -v -E '/(junit|opentest4j|apiguardian|jmh-core|jopt-simple)' | paste -sd:)"
rm -f "$classpath"
bash ../shared/tools/gpu/prepare.sh "$jars:benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar"
echo "then one device call: JAVA_OPTS=-Xmx48g bash .gpu/run.sh org.recon4j.benchmarks.DeviceFigures --json \$OUT/figures.json 2>&1 | tee \$OUT/figures.log"
