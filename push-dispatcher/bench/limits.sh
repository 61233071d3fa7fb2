#!/usr/bin/env bash
# The dispatcher under DingTalk's limits scaled down (issue 11): simulator IP budget 1,000 calls / 20 s per address,
# 20 / robot / min, faults on (5 % 503, 1 % timeouts); 3,000 groups from one egress address, then 6,000 from two.
# Prints the achieved rate as a share of our budget (900 / 20 s per address) and the simulator's, bans, the rate with
# two addresses against one, and the groups never delivered / delivered twice by the simulator's record.
#   push-dispatcher/bench/limits.sh
#   BENCH_OPTS="-Dbench.groups=2000 -Dbench.measure-seconds=30" push-dispatcher/bench/limits.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CP_FILE=$ROOT/push-dispatcher/target/bench-classpath.txt
# Packages the dispatcher and the simulator (run as child processes), compiles the bench, writes its class path.
# BENCH_BUILD=0 skips it (a second run of the same code: what is packaged is used as it is).
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  ./mvnw -o -B -q -pl push-dispatcher -am package dependency:build-classpath -DskipTests \
         -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi
cd push-dispatcher
exec java -Xmx1g -XX:+UseParallelGC -Dbench.dispatcher.jar=target/quarkus-app/quarkus-run.jar \
     -Ddingrelay.test.simulator-jar="$ROOT/dingtalk-simulator/target/quarkus-app/quarkus-run.jar" ${BENCH_OPTS:-} \
     -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.dingrelay.dispatcher.bench.LimitsBench
