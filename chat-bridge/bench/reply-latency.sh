#!/usr/bin/env bash
# Callback -> reply latency at a sustained rate through simulator -> gateway -> Kafka -> chat-bridge (FAQ on 10,000
# pairs) -> sessionWebhook -> simulator, on the local stack started on its own ports and data folder.
#   chat-bridge/bench/reply-latency.sh [rate=200] [seconds=60] [runs=3] [groups=1000]
# Each run starts a fresh stack (simulator, gateway, chat-bridge, Kafka, PostgreSQL), imports the FAQ, warms up at the
# same rate for BENCH_WARMUP seconds (120: 60 left 2.4 core-ms/msg of JIT in the measured minute) until chat-bridge has caught up, drives the measured seconds with
# ReplyLatencyBench, prints the percentiles, the baseline (the gateway's own answer time), answered vs sent, and the CPU
# core-ms per message of every process over the measured window only, and stops the stack; the last lines are the
# medians of the runs.
# BENCH_JFR=/tmp/chat.jfr records chat-bridge with Flight Recorder over the measured seconds of the first run
# (BENCH_JFR_SERVICE=dingtalk-simulator or callback-gateway records that process instead). BENCH_WARMUP=seconds
# (120), BENCH_JVM_OPTIONS replaces the services' JVM options, BENCH_SKIP_BUILD=1 uses what is packaged already.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rate="${1:-200}"; seconds="${2:-60}"; runs="${3:-3}"; groups="${4:-1000}"
cd "$root"
# BENCH_SKIP_BUILD=1 uses what is packaged already.
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -o -q -B -pl deploy/local,dingtalk-simulator,callback-gateway,chat-bridge -am package -Dmaven.test.skip=true
fi
# The packaged application's own jar and its runtime libraries (siblings included) are the class path.
app="$root/chat-bridge/target/quarkus-app"
cp="$(ls "$app"/app/*.jar | tr '\n' ':')$app/lib/main/*"
out="$root/chat-bridge/target/bench-classes"
mkdir -p "$out"
javac -nowarn -cp "$cp" -d "$out" "$here"/src/BenchPairs.java "$here"/src/ReplyLatencyBench.java

# Ports base+32 … base+93, below the kernel's ephemeral range (32768–60999): with 38xxx, other processes' outgoing
# connections sometimes held the port (TIME-WAIT) and the stack refused to start.
base="${BENCH_BASE_PORT:-21000}"
ports=(--port dingtalk-simulator=$((base+90)) --port callback-gateway=$((base+81)) --port chat-bridge=$((base+83))
       --kafka-port $((base+92)) --kafka-controller-port $((base+93)) --postgres-port $((base+32)))
# Compiler threads that do not come and go: the driver reads their CPU (the JIT's share) from /proc.
jvm="${BENCH_JVM_OPTIONS:--XX:+UseSerialGC -Xmx256m -XX:-UseDynamicNumberOfCompilerThreads} -Dsimulator.history.per-group=200"
results="$(mktemp /tmp/chat-bench-results-XXXXXX)"
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d /tmp/chat-bench-XXXXXX)"
  echo "=== run $run of $runs ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  deploy/local/run up --data-dir "$data" --only dingtalk-simulator,callback-gateway,chat-bridge "${ports[@]}" \
      --jvm-options "$jvm" > "$data/stack.out" 2>&1 &
  stack=$!
  # Up to 15 min: deploy/local/run first rebuilds every service whose jar is older than its sources.
  ready=
  for _ in $(seq 1 900); do
    curl -fs "http://localhost:$((base+83))/q/health/ready" >/dev/null 2>&1 && \
      curl -fs "http://localhost:$((base+81))/q/health/ready" >/dev/null 2>&1 && [ -f "$data/secrets.properties" ] && \
      { ready=1; break; }
    kill -0 "$stack" 2>/dev/null || { echo "stack failed:"; tail -20 "$data/stack.out"; exit 1; }
    sleep 1   # waiting for child processes to become ready; there is no result to wait on
  done
  [ -n "$ready" ] || { echo "stack not ready after 900 s:"; tail -20 "$data/stack.out"; kill -TERM "$stack"; exit 1; }
  admin="$(sed -n 's/^admin-token=//p' "$data/secrets.properties")"
  pid_of() { pgrep -f -- "-Dquarkus.http.port=$1" | head -1 || true; }
  chat_pid="$(pid_of $((base+83)))"
  pids="chat-bridge:$chat_pid,callback-gateway:$(pid_of $((base+81))),dingtalk-simulator:$(pid_of $((base+90)))"
  pids="$pids,launcher+kafka:$stack"   # deploy/local/run execs the launcher, which runs Kafka
  jfr=()
  if [ -n "${BENCH_JFR:-}" ] && [ "$run" = 1 ]; then
    case "${BENCH_JFR_SERVICE:-chat-bridge}" in
      chat-bridge) jfr_pid="$chat_pid" ;;
      callback-gateway) jfr_pid="$(pid_of $((base+81)))" ;;
      dingtalk-simulator) jfr_pid="$(pid_of $((base+90)))" ;;
      *) echo "BENCH_JFR_SERVICE: chat-bridge, callback-gateway or dingtalk-simulator" >&2; exit 2 ;;
    esac
    jfr=(-Dbench.jfr="$BENCH_JFR" -Dbench.jfr-pid="$jfr_pid")
  fi
  java -Xmx512m -Dbench.pids="$pids" -Dbench.postgres-data="$data" "${jfr[@]}" -cp "$out:$cp" ReplyLatencyBench \
      "http://localhost:$((base+90))" "http://localhost:$((base+83))" "$admin" "$rate" "$seconds" "$groups" "${BENCH_WARMUP:-120}" \
      | tee "$data/bench.out" || true
  grep '^RESULT' "$data/bench.out" >> "$results" || true
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  curl -fs "http://localhost:$((base+83))/q/metrics" | grep -E '^dingrelay_chat_answer_latency_seconds\{.*quantile' || true
  # TERM, not INT: a background job of a non-interactive shell ignores SIGINT, and so does the JVM it became.
  kill -TERM "$stack"; wait "$stack" || true
  rm -rf "/tmp/chat-bench-logs-run$run"; cp -r "$data/logs" "/tmp/chat-bench-logs-run$run" 2>/dev/null || true
  rm -rf "$data"
done
# Medians over the runs of each RESULT field (percentiles, baseline, counts, CPU per message and process).
echo "=== medians of $(wc -l < "$results") run(s) at $rate/s for $seconds s"
for field in p50 p99 max gateway_p50 gateway_p99 answered accepted offered missing cpu_ms.chat-bridge \
    cpu_ms.callback-gateway cpu_ms.dingtalk-simulator cpu_ms.launcher+kafka cpu_ms.postgresql cpu_ms.all jit_ms.all cpu_ms.driver; do
  tr ' ' '\n' < "$results" | awk -F= -v f="$field" '$1 == f {print $2}' | sort -n | \
    awk -v f="$field" '{v[NR]=$1} END {if (NR) printf "%s %s (runs: ", f, v[int((NR+1)/2)]; for (i=1;i<=NR;i++) printf "%s%s", v[i], (i<NR?" ":")\n")}'
done
rm -f "$results"
