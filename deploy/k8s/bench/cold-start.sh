#!/usr/bin/env bash
# Cold start of every service, as Knative and KEDA see it: process start -> first accepted callback (gateway) or
# -> /q/health/ready and the first record consumed and committed (consumers), for the fast-jar on JDK 17, the
# fast-jar on JDK 25 and the aot-jar with a Leyden AOT cache on JDK 25, interleaved in rounds so the three see the
# same moments of a shared machine, in an order that rotates each round. Prints medians side by side, the AOT/fast-jar ratio and the gateway's figure
# against DingTalk's 2.5 s deadline with a Knative activator hop.
#
#   deploy/k8s/bench/cold-start.sh                       # build what is missing, RUNS=3 rounds
#   RUNS=5 SKIP_BUILD=1 SERVICES="callback-gateway chat-bridge" deploy/k8s/bench/cold-start.sh
#
# Reuses the gateway's benchmark pieces instead of copying them: callback-gateway/bench/build-aot.sh (aot-jar + a
# cache trained under callback load), common.sh and its StartupProbe (first accepted signed callback).
# The consumers' caches are trained by one probe run each (start, first record, SIGTERM: the JVM writes app.aot).
# Environment: RUNS (3), SERVICES (all five), JAVA17 (java), JAVA25_HOME (Temurin 25), SKIP_BUILD, ACTIVATOR_MS (150).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
RUNS=${RUNS:-3}
SERVICES=${SERVICES:-"callback-gateway robot-registry chat-bridge push-dispatcher screenshot-worker"}
JAVA17=${JAVA17:-java}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA25="$JAVA25_HOME/bin/java"
# A Knative activator hop when scaling from zero: request buffered, pod created, readiness seen, request proxied.
# Knative's own figure for the hop itself is tens of ms; 150 ms is a cautious allowance, excluding pod scheduling
# and image pull (README "Cold start").
ACTIVATOR_MS=${ACTIVATOR_MS:-150}
OUT=deploy/k8s/target/bench
mkdir -p "$OUT"
RESULTS="$OUT/cold-start-$(date +%Y%m%d-%H%M%S).jsonl"
source callback-gateway/bench/common.sh
# Stopped with Ctrl-C or kill: still stop the broker, the database and a service being probed (common.sh's cleanup).
trap 'exit 130' INT TERM

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "packaging the services (fast-jar, JDK 17)"
  ./mvnw -q -B -pl "$(echo $SERVICES | tr ' ' ,),dingtalk-simulator" -am package -DskipTests
  consumers=$(echo $SERVICES | tr ' ' '\n' | grep -v callback-gateway | paste -sd, || true)
  if [[ -n "$consumers" ]]; then
    log "packaging aot-jars with JDK 25: $consumers"
    JAVA_HOME="$JAVA25_HOME" ./mvnw -q -B -pl "$consumers" -am package -DskipTests \
        -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=quarkus-app-aot
  fi
  [[ " $SERVICES " != *" callback-gateway "* ]] || callback-gateway/bench/build-aot.sh
fi
./mvnw -q -B -pl deploy/k8s -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="deploy/k8s/target/test-classes:deploy/k8s/target/classes:$(cat deploy/k8s/target/bench-classpath.txt)"

rm -rf "$OUT/infra"
"$JAVA17" -Xmx1g -cp "$CP" io.dingrelay.deploy.k8s.bench.ColdStartProbe infra "$OUT/infra" >"$OUT/infra.log" 2>&1 &
PIDS+=($!)
until grep -q '^READY' "$OUT/infra.log"; do kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$OUT/infra.log"; exit 1; }; sleep 0.5; done
read -r _ BOOTSTRAP PG_PORT < <(grep '^READY' "$OUT/infra.log")
export KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP
export_bench_app
log "broker $BOOTSTRAP, PostgreSQL on $PG_PORT"

jar_of() { # $1 service, $2 variant
  case $2 in jdk17|jdk25) echo "$1/target/quarkus-app/quarkus-run.jar" ;; aot) echo "$1/target/quarkus-app-aot/quarkus-run.jar" ;; esac
}
java_of() { # $1 service, $2 variant: the java command and its options
  case $2 in
    jdk17) echo "$JAVA17" ;;
    jdk25) echo "$JAVA25" ;;
    aot) echo "$JAVA25 -XX:AOTCache=$1/target/quarkus-app-aot/app.aot" ;;
  esac
}

probe_consumer() { # $1 service, $2 log, rest: java command -> "ready first rss"
  local svc=$1 logf=$2; shift 2
  "$JAVA17" -cp "$CP" io.dingrelay.deploy.k8s.bench.ColdStartProbe probe "$svc" "$BOOTSTRAP" "$PG_PORT" "$logf" "$@" \
      | awk '/READY_MS/ {print $2, $4, $6}'
}

for svc in $SERVICES; do
  [[ $svc == callback-gateway ]] && continue
  if [[ ! -f "$svc/target/quarkus-app-aot/app.aot" ]]; then
    log "training the AOT cache of $svc (one start with its first record)"
    probe_consumer "$svc" "$OUT/train-$svc.log" $JAVA25 -XX:AOTCacheOutput="$svc/target/quarkus-app-aot/app.aot" \
        -jar "$svc/target/quarkus-app-aot/quarkus-run.jar" >/dev/null
    ls -l "$svc/target/quarkus-app-aot/app.aot" >&2
  fi
done

GW_CP=""
for run in $(seq "$RUNS"); do
  log "round $run of $RUNS"
  # The order rotates each round: the first start of a jar pays for reading it from disk (the page cache then
  # serves jdk25, which runs the same fast-jar), so no variant always comes first.
  case $(( (run - 1) % 3 )) in 0) order="jdk17 jdk25 aot" ;; 1) order="jdk25 aot jdk17" ;; 2) order="aot jdk17 jdk25" ;; esac
  for svc in $SERVICES; do
    for variant in $order; do
      jar=$(jar_of "$svc" "$variant")
      [[ -f "$jar" ]] || { log "no $jar: skipping $svc $variant"; continue; }
      [[ $variant != aot || -f "$svc/target/quarkus-app-aot/app.aot" ]] || { log "no AOT cache for $svc: skipping"; continue; }
      logf="$OUT/$svc-$variant-$run.log"
      if [[ $svc == callback-gateway ]]; then
        [[ -n "$GW_CP" ]] || GW_CP=$(bench_classpath)
        port=$(free_port)
        ms=$("$JAVA17" -cp "$GW_CP" io.dingrelay.gateway.bench.StartupProbe "$port" bench "$logf" \
            $(java_of "$svc" "$variant") -Dquarkus.http.port="$port" -jar "$jar" | awk '/FIRST_CALLBACK_MS/ {print $2}')
        echo "{\"service\":\"$svc\",\"variant\":\"$variant\",\"firstMs\":$ms,\"loadAvg\":$(cut -d' ' -f1 /proc/loadavg)}" >>"$RESULTS"
        log "$svc $variant: first accepted callback after $ms ms"
      else
        read -r ready first rss < <(probe_consumer "$svc" "$logf" $(java_of "$svc" "$variant") -jar "$jar")
        echo "{\"service\":\"$svc\",\"variant\":\"$variant\",\"readyMs\":$ready,\"firstMs\":$first,\"rssKb\":$rss,\"loadAvg\":$(cut -d' ' -f1 /proc/loadavg)}" >>"$RESULTS"
        log "$svc $variant: ready after $ready ms, first record after $first ms, RSS $((rss / 1024)) MiB"
      fi
    done
  done
done

python3 - "$RESULTS" "$ACTIVATOR_MS" <<'PY' | tee "$OUT/cold-start-summary.txt"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
activator = int(sys.argv[2])
def med(xs):
    xs = [x for x in xs if x is not None and x >= 0]
    return statistics.median(xs) if xs else None
def fmt(x):
    return "n/a" if x is None else f"{x:,.0f}"
services = list(dict.fromkeys(r["service"] for r in rows))
runs = max(sum(1 for r in rows if r["service"] == s and r["variant"] == "jdk17") for s in services)
print(f"cold start, medians of {runs} interleaved rounds (ms from process start); first = first accepted callback"
      " (gateway) or first record committed (consumers)")
print(f"{'service':<20}{'jdk17 first':>12}{'jdk25 first':>12}{'aot first':>10}{'aot/jdk17':>10}"
      f"{'jdk17 ready':>12}{'aot ready':>10}{'RSS MiB jdk17/aot':>19}")
for s in services:
    v = {k: [r for r in rows if r["service"] == s and r["variant"] == k] for k in ("jdk17", "jdk25", "aot")}
    first = {k: med([r.get("firstMs") for r in v[k]]) for k in v}
    ready = {k: med([r.get("readyMs") for r in v[k]]) for k in v}
    rss = {k: med([r.get("rssKb") for r in v[k]]) for k in v}
    ratio = f"{first['aot'] / first['jdk17']:.2f}" if first["aot"] and first["jdk17"] else "n/a"
    mem = "n/a" if rss["jdk17"] is None else f"{rss['jdk17'] / 1024:.0f}/{(rss['aot'] or 0) / 1024:.0f}"
    print(f"{s:<20}{fmt(first['jdk17']):>12}{fmt(first['jdk25']):>12}{fmt(first['aot']):>10}{ratio:>10}"
          f"{fmt(ready['jdk17']):>12}{fmt(ready['aot']):>10}{mem:>19}")
    print(f"{'':<20}runs: " + "; ".join(f"{k} " + ",".join(str(r.get('firstMs')) for r in v[k]) for k in v))
loads = [r["loadAvg"] for r in rows if "loadAvg" in r]
if loads:
    print(f"machine load (1-min load average after each start; 2 cores): median {statistics.median(loads):.1f}, "
          f"range {min(loads):.1f}-{max(loads):.1f}")
gw = [r for r in rows if r["service"] == "callback-gateway"]
if gw:
    for k in ("jdk17", "jdk25", "aot"):
        m = med([r["firstMs"] for r in gw if r["variant"] == k])
        if m is not None:
            total = m + activator
            print(f"gateway {k}: {m:,.0f} ms + activator {activator} ms = {total:,.0f} ms against DingTalk's 2,500 ms"
                  f" ({'inside' if total <= 2500 else 'OVER'}; {2500 - total:,.0f} ms left for scheduling and image pull)")
PY
log "raw results: $RESULTS"
