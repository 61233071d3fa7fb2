#!/usr/bin/env bash
# Builds the gateway as an aot-jar with Temurin 25 into callback-gateway/target/quarkus-app-aot and trains a Leyden
# AOT cache (JEP 483/514/515) there by running it against a real broker under load, so bench/run.sh can measure the
# start-up with -XX:AOTCache. quarkus-notes.md §1: auto would pick AppCDS for release-17 bytecode, and Leyden does not
# cache classes of Quarkus' fast-jar class loader, hence aot-jar and a manual training run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA25="$JAVA25_HOME/bin/java"
SIM_JAR=${SIM_JAR:-dingtalk-simulator/target/quarkus-app/quarkus-run.jar}
OUT=callback-gateway/target/bench
AOT_DIR=callback-gateway/target/quarkus-app-aot
PORT=${GW_PORT:-18081}
mkdir -p "$OUT"

echo "[aot] packaging an aot-jar with JDK 25"
JAVA_HOME="$JAVA25_HOME" ./mvnw -q -B -pl callback-gateway -am package -DskipTests \
    -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot-build
rm -rf "$AOT_DIR"
mv callback-gateway/target/aot-build "$AOT_DIR"
[[ -f callback-gateway/target/bench-classpath.txt ]] || ./mvnw -q -B -pl callback-gateway -am test-compile \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="callback-gateway/target/test-classes:callback-gateway/target/classes:$(cat callback-gateway/target/bench-classpath.txt)"

rand() { python3 -c "import secrets,string; print(''.join(secrets.choice(string.ascii_letters+string.digits) for _ in range($1)))"; }
export DINGTALK_APPS_BENCH_APP_KEY="dingbench$(rand 8)" DINGTALK_APPS_BENCH_APP_SECRET="$(rand 40)"
export DINGTALK_APPS_BENCH_TOKEN="$(rand 24)" DINGTALK_APPS_BENCH_AES_KEY="$(rand 43)"
export DINGTALK_APPS_BENCH_OWNER_KEY="$DINGTALK_APPS_BENCH_APP_KEY"

PIDS=()
# Every process started here is stopped by its id (a killed child's exit status must not end the loop under set -e).
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] || continue; { kill "$p"; wait "$p"; } 2>/dev/null || true; done; }
trap cleanup EXIT
KAFKA_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
rm -rf "$OUT/aot-kafka-data"
java -cp "$CP" io.dingrelay.gateway.bench.BenchBroker "$OUT/aot-kafka-data" "$KAFKA_PORT" >"$OUT/aot-broker.log" 2>&1 &
PIDS+=($!)
until grep -q '^READY' "$OUT/aot-broker.log"; do kill -0 "${PIDS[0]}"; sleep 0.5; done
export KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT"

echo "[aot] training run: start, callbacks of both kinds, stop (the JVM writes app.aot at exit)"
"$JAVA25" -XX:AOTCacheOutput="$AOT_DIR/app.aot" -Dquarkus.http.port="$PORT" -jar "$AOT_DIR/quarkus-run.jar" \
    >"$OUT/aot-training.log" 2>&1 &
GW=$!
until curl -sf "http://localhost:$PORT/q/health/ready" >/dev/null; do kill -0 $GW; sleep 0.2; done
for target in robot events; do
  java -jar "$SIM_JAR" load --target $target --url "http://localhost:$PORT/dingtalk/apps/bench/$target" --app bench \
      --count 20000 --concurrency 32 --event-loops 1 >>"$OUT/aot-training.log" 2>&1
done
java -jar "$SIM_JAR" load --target webhook --url "http://localhost:$PORT/dingtalk/ping" --count 5000 --concurrency 16 \
    --event-loops 1 >>"$OUT/aot-training.log" 2>&1
kill -TERM $GW
wait $GW || true
ls -l "$AOT_DIR/app.aot"
