#!/usr/bin/env bash
# The push path's benchmark: planning 300,000 targets; 100,000 groups end to end against the simulator (limits off),
# with the raw Vert.x Web Client rate to the same simulator in the same run. Prints every round and the medians.
#   push-dispatcher/bench/run.sh                     # defaults: 300,000 planned, 100,000 sent, 3 rounds
#   BENCH_OPTS="-Dbench.groups=20000 -Dbench.rounds=1" push-dispatcher/bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CP_FILE=$ROOT/push-dispatcher/target/bench-classpath.txt
# Packages the dispatcher and the simulator (run as child processes), compiles the bench, writes its class path.
./mvnw -B -q -pl push-dispatcher -am package dependency:build-classpath -DskipTests \
       -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
cd push-dispatcher
exec java -Xmx1g -XX:+UseParallelGC -Dbench.dispatcher.jar=target/quarkus-app/quarkus-run.jar \
     -Ddingrelay.test.simulator-jar="$ROOT/dingtalk-simulator/target/quarkus-app/quarkus-run.jar" ${BENCH_OPTS:-} \
     -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.dingrelay.dispatcher.bench.PushBench
