#!/usr/bin/env bash
# Benchmark of the PACKAGED callback-gateway against a real broker on this machine, driven by the simulator's load
# generator. Prints accepted callbacks/s and p50/p99 for robot messages and event pushes next to the trivial
# endpoint of the same process (POST /dingtalk/ping), an open-loop run at $RATE robot messages/s, and the time from
# process start to the first accepted callback on JDK 17 and JDK 25 (and JDK 25 + Leyden AOT cache if built).
#
#   callback-gateway/bench/run.sh                   # build, then RUNS=3 rounds of everything
#   RUNS=5 DURATION=30s SKIP_BUILD=1 callback-gateway/bench/run.sh
#
# Every figure is from the same gateway process, after an unrecorded warm-up round; "CPU us/req" is the gateway's own
# CPU time per request, which the other load on a shared machine hardly changes (throughput and latency it does).
#
# Environment: RUNS (3), DURATION (20s per closed-loop run), WARMUP (20000 requests), CONCURRENCY (64),
# RATE (10000/s open loop), GEN_LOOPS (load generator event loops, 1), SIM_JAR (the simulator's packaged jar),
# JAVA17 / JAVA25 (java binaries), GW_OPTS (extra gateway JVM options), STARTUP_RUNS (5), SKIP_BUILD, SKIP_STARTUP.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS=${RUNS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20000}
CONCURRENCY=${CONCURRENCY:-64}
RATE=${RATE:-10000}
GEN_LOOPS=${GEN_LOOPS:-1}
STARTUP_RUNS=${STARTUP_RUNS:-5}
SIM_JAR=${SIM_JAR:-dingtalk-simulator/target/quarkus-app/quarkus-run.jar}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
GW_OPTS=${GW_OPTS:-}
GW_JAR=callback-gateway/target/quarkus-app/quarkus-run.jar
AOT_DIR=callback-gateway/target/quarkus-app-aot
OUT=callback-gateway/target/bench
GW_PORT=${GW_PORT:-18081}
mkdir -p "$OUT"
RESULTS="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"

source callback-gateway/bench/common.sh

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building the gateway package and the benchmark classpath"
  ./mvnw -q -B -pl callback-gateway -am package -DskipTests
  ./mvnw -q -B -pl callback-gateway -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
[[ -f "$SIM_JAR" ]] || { echo "no load generator at $SIM_JAR: build dingtalk-simulator (or set SIM_JAR)" >&2; exit 1; }
CP=$(bench_classpath)
export_bench_app
start_broker "$OUT/kafka-data" "$OUT/broker.log"

gateway_cmd() { # $1 = java binary, rest = extra options
  local java=$1; shift
  echo "$java" $GW_OPTS "$@" -Dquarkus.http.port=$GW_PORT -jar "$GW_JAR"
}

median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.0f}" if v else "n/a")' "$@"; }

if [[ "${SKIP_STARTUP:-}" != 1 ]]; then
  for variant in jdk17 jdk25 jdk25-aot; do
    case $variant in
      jdk17) cmd=$(gateway_cmd "$JAVA17") ;;
      jdk25) cmd=$(gateway_cmd "$JAVA25") ;;
      jdk25-aot)
        [[ -f "$AOT_DIR/app.aot" ]] || { log "no $AOT_DIR/app.aot (run bench/build-aot.sh): skipping the AOT start-up"; continue; }
        cmd="$JAVA25 $GW_OPTS -XX:AOTCache=$AOT_DIR/app.aot -Dquarkus.http.port=$GW_PORT -jar $AOT_DIR/quarkus-run.jar" ;;
    esac
    times=()
    for i in $(seq "$STARTUP_RUNS"); do
      t=$("$JAVA17" -cp "$CP" io.dingrelay.gateway.bench.StartupProbe "$GW_PORT" bench "$OUT/startup-$variant-$i.log" $cmd | awk '/FIRST_CALLBACK_MS/ {print $2}')
      times+=("$t")
      echo "{\"bench\":\"startup\",\"variant\":\"$variant\",\"firstCallbackMs\":$t}" >>"$RESULTS"
    done
    log "start-up $variant: first accepted callback after ${times[*]} ms"
    printf 'STARTUP %-10s first accepted callback: median %s ms (runs: %s)\n' "$variant" "$(median "${times[@]}")" "${times[*]}" >>"$OUT/summary.txt.tmp"
  done
fi

log "starting the gateway: $(gateway_cmd "$JAVA17")"
$(gateway_cmd "$JAVA17") >"$OUT/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_ready "$GW_PORT" "$GW_PID" "$OUT/gateway.log"

# CPU time (ms) the gateway process has used so far: utime + stime from /proc, in clock ticks.
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
gw_cpu_ms() { awk -v t="$TICK_MS" '{print ($14 + $15) * t}' "/proc/$GW_PID/stat"; }

load() { # $1 = label ("-" = warm-up, not recorded), rest = load generator options
  local label=$1; shift
  local json cpu0 cpu1 load1
  cpu0=$(gw_cpu_ms)
  json=$("$JAVA17" -jar "$SIM_JAR" load --event-loops "$GEN_LOOPS" --json "$@" 2>>"$OUT/loadgen.log" | grep '^{' | tail -1)
  cpu1=$(gw_cpu_ms)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  [[ "$label" == - ]] && return
  # gatewayCpuMs: CPU the gateway spent during the run; with ok it gives CPU per callback, which (unlike
  # throughput) hardly depends on what else the shared machine is doing. loadAvg: the machine's 1-minute load after it.
  echo "{\"bench\":\"$label\",\"gatewayCpuMs\":$((cpu1 - cpu0)),\"loadAvg\":$load1,\"report\":$json}" >>"$RESULTS"
  log "$label: $json gateway CPU $((cpu1 - cpu0)) ms, load $load1"
}

BASE="http://localhost:$GW_PORT/dingtalk"
log "warm-up (JIT), not recorded"
load - --target webhook --url "$BASE/ping" --duration "$DURATION" --concurrency "$CONCURRENCY"
load - --target robot   --url "$BASE/apps/bench/robot" --app bench --duration "$DURATION" --concurrency "$CONCURRENCY"
load - --target events  --url "$BASE/apps/bench/events" --app bench --duration "$DURATION" --concurrency "$CONCURRENCY"
for run in $(seq "$RUNS"); do
  log "round $run of $RUNS"
  load ping   --target webhook --url "$BASE/ping" --duration "$DURATION" --concurrency "$CONCURRENCY" --warmup "$WARMUP"
  load robot  --target robot   --url "$BASE/apps/bench/robot" --app bench --duration "$DURATION" --concurrency "$CONCURRENCY" --warmup "$WARMUP"
  load events --target events  --url "$BASE/apps/bench/events" --app bench --duration "$DURATION" --concurrency "$CONCURRENCY" --warmup "$WARMUP"
  load robot-open-$RATE --target robot --url "$BASE/apps/bench/robot" --app bench --duration "$DURATION" --rate "$RATE" --warmup "$WARMUP"
done

python3 - "$RESULTS" "$CONCURRENCY" "$RATE" "$DURATION" <<'PY' | tee "$OUT/summary.txt"
import json, statistics, sys
path, conc, rate, dur = sys.argv[1:5]
rows = [json.loads(l) for l in open(path)]
def med(label, key):
    v = [r["report"][key] for r in rows if r.get("bench") == label and "report" in r]
    return statistics.median(v) if v else float("nan")
def ok_rate(label):
    v = [r["report"]["ok"] / r["report"]["seconds"] for r in rows if r.get("bench") == label]
    return statistics.median(v) if v else float("nan")
def errors(label):
    return sum(sum(r["report"]["errors"].values()) for r in rows if r.get("bench") == label)
def cpu_us(label):
    v = [1000.0 * r["gatewayCpuMs"] / max(1, r["report"]["requests"]) for r in rows if r.get("bench") == label]
    return statistics.median(v) if v else float("nan")
def load(label):
    v = [r["loadAvg"] for r in rows if r.get("bench") == label]
    return statistics.median(v) if v else float("nan")
n = sum(1 for r in rows if r.get("bench") == "ping")
print(f"callback-gateway benchmark: medians of {n} runs, {dur} each, closed loop {conc} in flight")
print(f"{'endpoint':<22}{'accepted/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'CPU us/req':>12}{'load':>7}")
for label in ["ping", "robot", "events", f"robot-open-{rate}"]:
    print(f"{label:<22}{ok_rate(label):>12.0f}{med(label,'p50Ms'):>9.2f}{med(label,'p99Ms'):>9.2f}{errors(label):>8}"
          f"{cpu_us(label):>12.0f}{load(label):>7.1f}")
ping = ok_rate("ping")
for label in ["robot", "events"]:
    print(f"{label} / ping throughput: {ok_rate(label) / ping:.2f}")
PY
if [[ -f "$OUT/summary.txt.tmp" ]]; then cat "$OUT/summary.txt.tmp" | tee -a "$OUT/summary.txt"; rm -f "$OUT/summary.txt.tmp"; fi
log "raw results: $RESULTS"
