#!/usr/bin/env bash
# Callback -> reply latency at a sustained rate through simulator -> gateway -> Kafka -> chat-bridge (FAQ on 10,000
# pairs) -> sessionWebhook -> simulator, on the local stack started on its own ports and data folder.
#   chat-bridge/bench/reply-latency.sh [rate=200] [seconds=60] [runs=3] [groups=1000]
# Each run starts a fresh stack (simulator, gateway, chat-bridge, Kafka, PostgreSQL), imports the FAQ, drives the
# load with ReplyLatencyBench, prints the percentiles and chat-bridge's CPU time, and stops the stack.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rate="${1:-200}"; seconds="${2:-60}"; runs="${3:-3}"; groups="${4:-1000}"
cd "$root"
./mvnw -q -B -pl deploy/local,chat-bridge -am package -DskipTests
# The packaged application's own jar and its runtime libraries (siblings included) are the class path.
app="$root/chat-bridge/target/quarkus-app"
cp="$(ls "$app"/app/*.jar | tr '\n' ':')$app/lib/main/*"
out="$root/chat-bridge/target/bench-classes"
mkdir -p "$out"
javac -nowarn -cp "$cp" -d "$out" "$here"/src/BenchPairs.java "$here"/src/ReplyLatencyBench.java

base=38000
ports=(--port dingtalk-simulator=$((base+90)) --port callback-gateway=$((base+81)) --port chat-bridge=$((base+83))
       --kafka-port $((base+92)) --kafka-controller-port $((base+93)) --postgres-port $((base+32)))
jvm="-XX:+UseSerialGC -Xmx256m -Dsimulator.history.per-group=200"
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d /tmp/chat-bench-XXXXXX)"
  echo "=== run $run of $runs ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  deploy/local/run up --data-dir "$data" --only dingtalk-simulator,callback-gateway,chat-bridge "${ports[@]}" \
      --jvm-options "$jvm" > "$data/stack.out" 2>&1 &
  stack=$!
  for _ in $(seq 1 240); do
    curl -fs "http://localhost:$((base+83))/q/health/ready" >/dev/null 2>&1 && \
      curl -fs "http://localhost:$((base+81))/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$stack" 2>/dev/null || { echo "stack failed:"; tail -20 "$data/stack.out"; exit 1; }
    sleep 1   # waiting for child processes to become ready; there is no result to wait on
  done
  admin="$(sed -n 's/^admin-token=//p' "$data/secrets.properties")"
  chat_pid="$(pgrep -f -- "-Dquarkus.http.port=$((base+83))" | head -1 || true)"
  cpu_before="$(awk '{print $14+$15}' /proc/"$chat_pid"/stat 2>/dev/null || echo 0)"
  java -Xmx512m -cp "$out:$cp" ReplyLatencyBench "http://localhost:$((base+90))" "http://localhost:$((base+83))" "$admin" \
      "$rate" "$seconds" "$groups" 10 || true
  cpu_after="$(awk '{print $14+$15}' /proc/"$chat_pid"/stat 2>/dev/null || echo 0)"
  echo "chat-bridge CPU over the run (incl. import): $(( (cpu_after - cpu_before) / $(getconf CLK_TCK) )) s"
  curl -fs "http://localhost:$((base+83))/q/metrics" | grep -E '^dingrelay_chat_answer_latency_seconds\{.*quantile' || true
  kill -INT "$stack"; wait "$stack" || true
  rm -rf "$data"
done
