#!/usr/bin/env bash
# Webhook sends per second the packaged simulator accepts with DingTalk's limits switched off, against a baseline of
# the same load generator driving a trivial receiver ("sink") in the same run. Prints every run and the medians.
# Usage (from dingtalk-simulator/, after ./mvnw -pl dingtalk-simulator -am package -DskipTests):
#   bench/webhook-throughput.sh [runs=5] [requests=200000] [concurrency=128] [groups=1000]
set -euo pipefail
RUNS=${1:-5}; COUNT=${2:-200000}; CONC=${3:-128}; NGROUPS=${4:-1000}
SIM_PORT=${SIM_PORT:-18090}; SINK_PORT=${SINK_PORT:-18099}
JAR=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not up: $1" >&2; exit 1; }
load() { java -jar "$JAR" load --target webhook --concurrency "$CONC" --count "$COUNT" --warmup 30000 --json "$@" | grep '^{'; }
median() { python3 -c 'import json,sys,statistics as s; r=[json.loads(l) for l in sys.stdin]; print("median %.0f req/s  p50 %.2f ms  p99 %.2f ms  (runs: %s)" % (s.median(x["throughput"] for x in r), s.median(x["p50Ms"] for x in r), s.median(x["p99Ms"] for x in r), ", ".join("%.0f" % x["throughput"] for x in r)))'; }

echo "== baseline: load generator -> sink (trivial Vert.x receiver) =="
java -jar "$JAR" sink --port "$SINK_PORT" > "$WORK/sink.log" 2>&1 & PIDS+=($!)
sleep 1; wait_for "http://127.0.0.1:$SINK_PORT/"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of a process, in clock ticks
cpu_line() { python3 -c "t=($3-$2)/$(getconf CLK_TCK); n=$RUNS*($COUNT+30000); print('$1 CPU: %.1f µs per request (%.0f s for %d requests incl. warm-ups) = %.0f requests/s per core' % (t/n*1e6, t, n, n/t))"; }
load --url "http://127.0.0.1:$SINK_PORT/robot/send?access_token=x" > /dev/null   # unmeasured: the sink's JIT warm-up
CPU0=$(cpu_ticks "${PIDS[0]}")
for i in $(seq 1 "$RUNS"); do load --url "http://127.0.0.1:$SINK_PORT/robot/send?access_token=x" | tee -a "$WORK/sink.jsonl"; done
SINK_CPU=$(cpu_line "sink     " "$CPU0" "$(cpu_ticks "${PIDS[0]}")")
kill "${PIDS[0]}"; PIDS=()

echo "== simulator: load generator -> java -jar $JAR, $NGROUPS groups, limits off =="
java -Dquarkus.http.port="$SIM_PORT" -jar "$JAR" > "$WORK/sim.log" 2>&1 & PIDS+=($!)
wait_for "http://localhost:$SIM_PORT/q/health/ready"
curl -s -XPUT "localhost:$SIM_PORT/sim/limits" -H 'Content-Type: application/json' -d '{"robotEnabled":false,"ipEnabled":false}' > /dev/null
curl -s -XPOST "localhost:$SIM_PORT/sim/groups/bulk" -H 'Content-Type: application/json' \
  -d "{\"count\":$NGROUPS,\"namePrefix\":\"bench\",\"security\":\"none\"}" \
  | python3 -c 'import json,sys; print("\n".join(g["webhook"] for g in json.load(sys.stdin)["groups"]))' > "$WORK/webhooks.txt"
load --urls-file "$WORK/webhooks.txt" > /dev/null            # one unmeasured run: the simulator's JIT warm-up
load --url "http://127.0.0.1:$SINK_PORT/robot/send?access_token=x" > /dev/null   # unmeasured: the sink's JIT warm-up
CPU0=$(cpu_ticks "${PIDS[0]}")
for i in $(seq 1 "$RUNS"); do load --urls-file "$WORK/webhooks.txt" | tee -a "$WORK/sim.jsonl"; done
CPU1=$(cpu_ticks "${PIDS[0]}")
echo "simulator RSS after the runs: $(( $(ps -o rss= -p "${PIDS[0]}") / 1024 )) MB"
# CPU time per request does not depend on what else runs on the machine, unlike req/s on a shared box.
echo "$SINK_CPU"
cpu_line "simulator" "$CPU0" "$CPU1"

echo "== summary (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo -n "baseline (sink):  "; median < "$WORK/sink.jsonl"
echo -n "simulator:        "; median < "$WORK/sim.jsonl"
