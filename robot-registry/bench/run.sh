#!/usr/bin/env bash
# Benchmark of the PACKAGED robot-registry against testkit's real PostgreSQL and Kafka on this machine
# (RegistryBench): bulk import of 100,000 webhooks per round (encryption included) next to COPY FROM STDIN;
# streaming every active target (300,000 after 3 rounds) through GET /api/audience next to COPY ... TO STDOUT,
# with the registry's heap (-Xmx256m) and RSS sampled; robot events applied per second next to a plain consumer.
#
#   robot-registry/bench/run.sh                      # build, then RUNS=3
#   RUNS=5 EVENTS=100000 SKIP_BUILD=1 robot-registry/bench/run.sh
#   PHASES=import REGISTRY_JVM_OPTIONS="-XX:+FlightRecorder -XX:StartFlightRecording=filename=/tmp/reg.jfr" ...
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS=${RUNS:-3}
ROWS=${ROWS:-100000}
EVENTS=${EVENTS:-50000}
HEAP=${HEAP:-256m}
CP_FILE=robot-registry/target/bench.classpath
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # One reactor run: siblings (events, keyring, testkit) resolve to their target/classes, nothing is installed.
  # The last module written is robot-registry's, so CP_FILE ends up with its test classpath.
  ./mvnw -B -q -pl robot-registry -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE"
fi
exec java -Xmx1g -cp "robot-registry/target/test-classes:robot-registry/target/classes:$(cat "$CP_FILE")" \
  -Druns="$RUNS" -Drows="$ROWS" -Devents="$EVENTS" -Dheap="$HEAP" -Dphases="${PHASES:-import,audience,events}" \
  -DjvmOptions="${REGISTRY_JVM_OPTIONS:-}" \
  io.dingrelay.registry.bench.RegistryBench
