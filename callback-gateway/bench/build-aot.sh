#!/usr/bin/env bash
# Builds the gateway as an aot-jar with Temurin 25 into callback-gateway/target/quarkus-app-aot and trains a Leyden
# AOT cache (JEP 483/514/515) there by running it against a real broker under load, so bench/run.sh can measure the
# start-up with -XX:AOTCache. quarkus-notes.md §1: auto would pick AppCDS for release-17 bytecode, and Leyden does not
# cache classes of Quarkus' fast-jar class loader, hence aot-jar and a manual training run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
source callback-gateway/bench/common.sh
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA25="$JAVA25_HOME/bin/java"
SIM_JAR=${SIM_JAR:-dingtalk-simulator/target/quarkus-app/quarkus-run.jar}
OUT=callback-gateway/target/bench
AOT_DIR=callback-gateway/target/quarkus-app-aot
PORT=${GW_PORT:-18081}
mkdir -p "$OUT"

log "aot: packaging an aot-jar with JDK 25"
JAVA_HOME="$JAVA25_HOME" ./mvnw -q -B -pl callback-gateway -am package -DskipTests -Pbench \
    -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot-build
rm -rf "$AOT_DIR"
mv callback-gateway/target/aot-build "$AOT_DIR"
export_bench_app
start_broker "$OUT/aot-kafka-data" "$OUT/aot-broker.log"

log "aot: training run: start, callbacks of both kinds, stop (the JVM writes app.aot at exit)"
"$JAVA25" -XX:AOTCacheOutput="$AOT_DIR/app.aot" -Dquarkus.http.port="$PORT" -jar "$AOT_DIR/quarkus-run.jar" \
    >"$OUT/aot-training.log" 2>&1 &
GW=$!
PIDS+=($GW)
wait_ready "$PORT" "$GW" "$OUT/aot-training.log"
for target in robot events; do
  java -jar "$SIM_JAR" load --target $target --url "http://localhost:$PORT/dingtalk/apps/bench/$target" --app bench \
      --count 20000 --concurrency 32 --event-loops 1 >>"$OUT/aot-training.log" 2>&1
done
java -jar "$SIM_JAR" load --target webhook --url "http://localhost:$PORT/dingtalk/ping" --count 5000 --concurrency 16 \
    --event-loops 1 >>"$OUT/aot-training.log" 2>&1
kill -TERM $GW
wait $GW || true
ls -l "$AOT_DIR/app.aot"
