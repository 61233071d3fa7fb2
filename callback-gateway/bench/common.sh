# Shared by run.sh and build-aot.sh (sourced from the repository root).

log() { echo "[bench] $*" >&2; }

# Random alphanumerics, for the benchmark app's secrets.
rand() { python3 -c "import secrets,string; print(''.join(secrets.choice(string.ascii_letters+string.digits) for _ in range($1)))"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1]); s.close()'; }

# One app "bench" with random secrets in the environment, read alike by the gateway and the load generator.
export_bench_app() {
  export DINGTALK_APPS_BENCH_APP_KEY="dingbench$(rand 8)" DINGTALK_APPS_BENCH_APP_SECRET="$(rand 40)"
  export DINGTALK_APPS_BENCH_TOKEN="$(rand 24)" DINGTALK_APPS_BENCH_AES_KEY="$(rand 43)"
  export DINGTALK_APPS_BENCH_OWNER_KEY="$DINGTALK_APPS_BENCH_APP_KEY"
}

# The test classpath (testkit's broker, the bench mains), built by bench_classpath_file.
bench_classpath() {
  [[ -f callback-gateway/target/bench-classpath.txt ]] || ./mvnw -q -B -pl callback-gateway -am test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  echo "callback-gateway/target/test-classes:callback-gateway/target/classes:$(cat callback-gateway/target/bench-classpath.txt)"
}

# Every process started here is stopped by its id at exit (a killed child's status must not end the loop under set -e).
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] || continue; { kill "$p"; wait "$p"; } 2>/dev/null || true; done; }
trap cleanup EXIT

# start_broker <data-dir> <log>: a fresh broker with the gateway's topics; exports KAFKA_BOOTSTRAP_SERVERS.
start_broker() {
  local dir=$1 logfile=$2 port
  port=$(free_port)
  rm -rf "$dir"
  log "starting a broker on $port"
  java -Xmx1g -cp "$(bench_classpath)" io.dingrelay.gateway.bench.BenchBroker "$dir" "$port" >"$logfile" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  until grep -q '^READY' "$logfile"; do
    kill -0 "$pid" 2>/dev/null || { cat "$logfile"; exit 1; }
    sleep 0.5
  done
  export KAFKA_BOOTSTRAP_SERVERS="localhost:$port"
}

# wait_ready <port> <pid> <log>: until the gateway reports ready (or dies).
wait_ready() {
  until curl -sf "http://localhost:$1/q/health/ready" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 0.2
  done
}
