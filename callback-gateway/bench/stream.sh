#!/usr/bin/env bash
# Stream mode benchmark: robot messages/s through ONE Stream connection (simulator → gateway → Kafka, acks=all before
# each ACK) and the frame → ACK latency of events (durable before SUCCESS), next to the HTTP path's figures for the
# same message kinds in the same run, against the same packaged gateway and broker. CPU per message of every process
# (core-µs, from /proc/<pid>/stat) is printed too: unlike throughput it hardly depends on the other load on the box.
#
#   callback-gateway/bench/stream.sh                       # build, then RUNS=3 measured rounds after a warm-up round
#   RUNS=5 COUNT=200000 SKIP_BUILD=1 callback-gateway/bench/stream.sh
#
# Environment: RUNS (3), COUNT (100000 robot messages per Stream run), EVENTS (30000 events per Stream run),
# IN_FLIGHT (256 frames un-ACKed at a time on the one connection, closed loop), CONCURRENCY (256 HTTP requests in
# flight), DURATION (20s per HTTP run), WARMUP (100000 unmeasured HTTP requests first in each HTTP run: the generator is
# a fresh JVM), SKIP_BUILD, JAVA (java).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS=${RUNS:-3}
COUNT=${COUNT:-100000}
EVENTS=${EVENTS:-30000}
IN_FLIGHT=${IN_FLIGHT:-256}
CONCURRENCY=${CONCURRENCY:-256}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-100000}
JAVA=${JAVA:-java}
SIM_JAR=dingtalk-simulator/target/quarkus-app/quarkus-run.jar
GW_JAR=callback-gateway/target/quarkus-app/quarkus-run.jar
OUT=callback-gateway/target/bench-stream
mkdir -p "$OUT"
RESULTS="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"

source callback-gateway/bench/common.sh

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building the gateway, the simulator and the benchmark classpath"
  ./mvnw -q -B -pl callback-gateway,dingtalk-simulator -am package -DskipTests
  ./mvnw -q -B -pl callback-gateway -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
export_bench_app
start_broker "$OUT/kafka-data" "$OUT/broker.log"
BROKER_PID=$(pgrep -f "BenchBroker $OUT/kafka-data" | head -1)

SIM_PORT=$(free_port)
log "starting the simulator on $SIM_PORT"
$JAVA -Dquarkus.http.port=$SIM_PORT -Dsimulator.limits.ip-enabled=false -Dsimulator.limits.robot-enabled=false \
    -jar "$SIM_JAR" >"$OUT/simulator.log" 2>&1 &
SIM_PID=$!
PIDS+=($SIM_PID)
wait_ready "$SIM_PORT" "$SIM_PID" "$OUT/simulator.log"

GW_PORT=$(free_port)
log "starting the gateway on $GW_PORT, app 'bench' in Stream mode"
DINGTALK_APPS_BENCH_STREAM_ENABLED=true DINGTALK_API_BASE_URL="http://localhost:$SIM_PORT" \
    $JAVA -Dquarkus.http.port=$GW_PORT -jar "$GW_JAR" >"$OUT/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_ready "$GW_PORT" "$GW_PID" "$OUT/gateway.log"   # ready = Kafka metadata and the Stream connection

python3 callback-gateway/bench/stream_bench.py --results "$RESULTS" --runs "$RUNS" --count "$COUNT" --events "$EVENTS" \
    --in-flight "$IN_FLIGHT" --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" \
    --sim "http://localhost:$SIM_PORT" --gateway "http://localhost:$GW_PORT" --java "$JAVA" --generator "$SIM_JAR" \
    --pid gateway="$GW_PID" --pid simulator="$SIM_PID" --pid broker="$BROKER_PID" | tee "$OUT/summary.txt"
log "raw results: $RESULTS"
