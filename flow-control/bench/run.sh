#!/usr/bin/env bash
# flow-control's benchmark: FlowControl on a real PostgreSQL against the packaged simulator enforcing the per-IP rule
# scaled down (1,000 calls / 20 s) and the per-robot 20/min; one egress address, then two. Prints rates, bans, the
# two-address ratio, PostgreSQL round trips and CPU core-µs per send, with the load average.
#   flow-control/bench/run.sh
#   BENCH_OPTS="-Dbench.ip-calls=500 -Dbench.ip-window=PT10S -Dbench.windows=2" flow-control/bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CP_FILE=$ROOT/flow-control/target/bench-classpath.txt
./mvnw -o -B -q -pl flow-control -am test-compile dependency:build-classpath -DskipTests \
       -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
./mvnw -o -B -q -pl dingtalk-simulator -am package -DskipTests
cd flow-control
exec java -Xmx512m -Ddingrelay.test.simulator-jar="$ROOT/dingtalk-simulator/target/quarkus-app/quarkus-run.jar" ${BENCH_OPTS:-} \
     -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.dingrelay.flow.bench.EgressBench
