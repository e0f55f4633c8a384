#!/usr/bin/env bash
# Prepares .gpu/ (a Java runtime, the jars DeviceFigures needs and recon-gpu's tests) for one call
# on a lent GPU machine; see ../README.md ("On a GPU"). Run from anywhere; needs ../shared/tools/gpu
# beside the project, as the GPU sessions have it. The device call then runs benchmarks/gpu/check.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
junit_version=1.14.4
./mvnw -B -q -DskipTests install
classpath="$(mktemp)"
(cd benchmarks && ../mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=runtime)
# the unshaded benchmarks jar, and no test or JMH jars: the whole call carries 64 MiB at most
jars="$(tr ':' '\n' < "$classpath" | grep -v -E '/(junit|opentest4j|apiguardian|jmh-core|jopt-simple)' | paste -sd:)"
rm -f "$classpath"
bash ../shared/tools/gpu/prepare.sh "$jars:benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar"

# recon-gpu's JUnit tests, to run on the GPU through the console launcher
./mvnw -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_version" \
  -DoutputDirectory=.gpu/lib
cp recon-core/target/recon-core-0.1.0-SNAPSHOT-tests.jar .gpu/lib/
jar --create --file .gpu/lib/recon-gpu-tests.jar -C recon-gpu/target/test-classes .
# the jlinked runtime has no zip file system for the launcher's package scan: name the classes
(cd recon-gpu/target/test-classes && find . -name '*Test.class' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort) > .gpu/tests.txt
# The reference data travel with the working tree anyway: the testdata jar keeps its classes and
# points at the tree's resources (a manifest Class-Path is relative to the jar), saving 4 MB.
manifest="$(mktemp)"
echo "Class-Path: ../../testdata/src/main/resources/" > "$manifest"
rm -f .gpu/lib/testdata-*.jar
classes="$(mktemp -d)"
(cd testdata/target/classes && find . -name '*.class' -exec cp --parents {} "$classes" \;)
jar --create --file .gpu/lib/testdata-classes.jar --manifest "$manifest" -C "$classes" .
rm -rf "$manifest" "$classes"
du -sh .gpu | awk '{print "with the tests: " $1}'
echo "then one device call (carry [\".gpu\"]): bash benchmarks/gpu/check.sh"
