#!/usr/bin/env bash
# Benchmark of the PACKAGED callback-gateway against a real broker on this machine, driven by the simulator's load
# generator. Prints accepted callbacks/s and p50/p99 for robot messages and event pushes next to the trivial
# endpoint of the same process (POST /dingtalk/ping, in the -Pbench build only), an open-loop run at $RATE robot messages/s, the CPU each process
# spent per request, and the time from process start to the first accepted callback on JDK 17 and JDK 25 (and JDK 25 +
# Leyden AOT cache if built).
#
#   callback-gateway/bench/run.sh                   # build, then RUNS=3 rounds of everything
#   RUNS=5 DURATION=30s SKIP_BUILD=1 callback-gateway/bench/run.sh
#   VARIANTS="before:/tmp/base/gateway:/tmp/base/simulator/quarkus-run.jar: after:callback-gateway/target/quarkus-app:\
#     dingtalk-simulator/target/quarkus-app/quarkus-run.jar:--conversations,1000" SKIP_STARTUP=1 callback-gateway/bench/run.sh
#
# Every figure is from the same gateway process, after an unrecorded warm-up round. With several VARIANTS (name:
# gateway quarkus-app dir:generator jar:extra generator options for robot/events, commas for spaces), each has its own gateway (all
# started at once, on consecutive ports; the idle ones cost nothing measurable) and the rounds interleave them, so
# before and after see the same moments of a shared machine. "CPU us/req" is each process's own CPU time per request
# during the measured phase only (bench/cpu_window.py), which the other load on a shared machine hardly changes
# (throughput and latency it does).
#
# Environment: RUNS (3), DURATION (20s per run), WARMUP (100000 requests sent first in each run, unmeasured: the generator
# is a fresh JVM each run and needs ~10 s of JIT at 10,000/s), CONCURRENCY (256),
# RATE (10000/s open loop), GEN_LOOPS (load generator event loops, 1), SIM_JAR (the simulator's packaged jar),
# GEN_OPTS (extra generator options for robot/events, commas for spaces: "--conversations,1000"), VARIANTS (see above),
# JAVA17 / JAVA25 (java binaries), GW_OPTS (extra gateway JVM options), STARTUP_RUNS (5), SKIP_BUILD, SKIP_STARTUP.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
RUNS=${RUNS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-100000}
CONCURRENCY=${CONCURRENCY:-256}
RATE=${RATE:-10000}
GEN_LOOPS=${GEN_LOOPS:-1}
STARTUP_RUNS=${STARTUP_RUNS:-5}
SIM_JAR=${SIM_JAR:-dingtalk-simulator/target/quarkus-app/quarkus-run.jar}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
GW_OPTS=${GW_OPTS:-}
GEN_OPTS=${GEN_OPTS:-}
VARIANTS=${VARIANTS:-"current:callback-gateway/target/quarkus-app:$SIM_JAR:$GEN_OPTS"}
GW_JAR=callback-gateway/target/quarkus-app/quarkus-run.jar
AOT_DIR=callback-gateway/target/quarkus-app-aot
OUT=callback-gateway/target/bench
GW_PORT=${GW_PORT:-18081}
mkdir -p "$OUT"
RESULTS="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"

source callback-gateway/bench/common.sh

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "building the gateway package and the benchmark classpath"
  # -Pbench: the application with src/bench/java (POST /dingtalk/ping, the baseline) in it.
  ./mvnw -q -B -pl callback-gateway -am package -DskipTests -Pbench
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

read -ra VARIANT_LIST <<<"$VARIANTS"
declare -A GW_PIDS GW_PORTS GEN_JARS GEN_EXTRA
port=$GW_PORT
for v in "${VARIANT_LIST[@]}"; do
  IFS=: read -r name dir jar extra <<<"$v"
  [[ -f "$jar" ]] || { echo "variant $name: no load generator at $jar" >&2; exit 1; }
  log "starting gateway '$name' on $port: $JAVA17 $GW_OPTS -jar $dir/quarkus-run.jar"
  $JAVA17 $GW_OPTS -Dquarkus.http.port=$port -jar "$dir/quarkus-run.jar" >"$OUT/gateway-$name.log" 2>&1 &
  GW_PIDS[$name]=$!
  PIDS+=($!)
  GW_PORTS[$name]=$port
  GEN_JARS[$name]=$jar
  GEN_EXTRA[$name]=${extra//,/ }
  wait_ready "$port" "${GW_PIDS[$name]}" "$OUT/gateway-$name.log"
  port=$((port + 1))
done
BROKER_PID=$(pgrep -f "BenchBroker $OUT/kafka-data" | head -1)

load() { # $1 = variant, $2 = label ("-" = warm-up, not recorded), rest = load generator options
  local variant=$1 label=$2; shift 2
  local json load1
  json=$(python3 callback-gateway/bench/cpu_window.py gateway="${GW_PIDS[$variant]}" broker="$BROKER_PID" -- \
      "$JAVA17" -jar "${GEN_JARS[$variant]}" load --event-loops "$GEN_LOOPS" --json "$@" 2>>"$OUT/loadgen.log" | tail -1)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  [[ "$label" == - ]] && return
  # cpuMs: CPU each process spent in the measured phase; with requests it gives CPU per request, which (unlike
  # throughput) hardly depends on what else the shared machine is doing. loadAvg: the machine's 1-minute load after it.
  echo "{\"variant\":\"$variant\",\"bench\":\"$label\",\"loadAvg\":$load1,\"report\":$json}" >>"$RESULTS"
  log "$variant $label: $json load $load1"
}

round() { # $1 = variant, $2 = "-" for the warm-up
  local v=$1 w=$2 base="http://localhost:${GW_PORTS[$1]}/dingtalk" warm=()
  [[ "$w" == - ]] || warm=(--warmup "$WARMUP")
  load "$v" "${w:-ping}" --target webhook --url "$base/ping" --duration "$DURATION" --concurrency "$CONCURRENCY" "${warm[@]}"
  load "$v" "${w:-robot}" --target robot --url "$base/apps/bench/robot" --app bench --duration "$DURATION" \
      --concurrency "$CONCURRENCY" "${warm[@]}" ${GEN_EXTRA[$v]}
  load "$v" "${w:-events}" --target events --url "$base/apps/bench/events" --app bench --duration "$DURATION" \
      --concurrency "$CONCURRENCY" "${warm[@]}" ${GEN_EXTRA[$v]}
  [[ "$w" == - ]] && return
  load "$v" "robot-open-$RATE" --target robot --url "$base/apps/bench/robot" --app bench --duration "$DURATION" \
      --rate "$RATE" "${warm[@]}" ${GEN_EXTRA[$v]}
}

log "warm-up (JIT), not recorded"
for v in "${VARIANT_LIST[@]}"; do round "${v%%:*}" -; done
for run in $(seq "$RUNS"); do
  log "round $run of $RUNS"
  for v in "${VARIANT_LIST[@]}"; do round "${v%%:*}" ""; done
done

python3 - "$RESULTS" "$CONCURRENCY" "$RATE" "$DURATION" <<'PY' | tee "$OUT/summary.txt"
import json, statistics, sys
path, conc, rate, dur = sys.argv[1:5]
rows = [json.loads(l) for l in open(path) if l.startswith('{"variant"')]
def pick(v, label):
    return [r for r in rows if r["variant"] == v and r["bench"] == label]
def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")
def cpu(v, label, proc):
    return med([1000.0 * r["report"]["cpuMs"][proc] / max(1, r["report"]["requests"])
                for r in pick(v, label) if r["report"]["cpuMs"].get(proc) is not None])
variants = list(dict.fromkeys(r["variant"] for r in rows))
labels = ["ping", "robot", "events", f"robot-open-{rate}"]
n = len(pick(variants[0], "ping")) if variants else 0
print(f"callback-gateway benchmark: medians of {n} rounds, {dur} each, closed loop {conc} in flight")
print(f"{'variant':<10}{'endpoint':<18}{'accepted/s':>11}{'p50 ms':>9}{'p99 ms':>9}{'errors':>7}"
      f"{'CPU us/req: gateway':>21}{'broker':>8}{'generator':>10}{'load':>6}")
for v in variants:
    for label in labels:
        rs = pick(v, label)
        if not rs:
            continue
        ok = med([r["report"]["ok"] / r["report"]["seconds"] for r in rs])
        errs = sum(sum(r["report"]["errors"].values()) for r in rs)
        print(f"{v:<10}{label:<18}{ok:>11.0f}{med([r['report']['p50Ms'] for r in rs]):>9.2f}"
              f"{med([r['report']['p99Ms'] for r in rs]):>9.2f}{errs:>7}{cpu(v, label, 'gateway'):>21.1f}"
              f"{cpu(v, label, 'broker'):>8.1f}{cpu(v, label, 'generator'):>10.1f}{med([r['loadAvg'] for r in rs]):>6.1f}")
    ping = med([r["report"]["ok"] / r["report"]["seconds"] for r in pick(v, "ping")])
    for label in ["robot", "events"]:
        x = med([r["report"]["ok"] / r["report"]["seconds"] for r in pick(v, label)])
        print(f"{v:<10}{label} / ping throughput: {x / ping:.2f}")
PY
if [[ -f "$OUT/summary.txt.tmp" ]]; then cat "$OUT/summary.txt.tmp" | tee -a "$OUT/summary.txt"; rm -f "$OUT/summary.txt.tmp"; fi
log "raw results: $RESULTS"
