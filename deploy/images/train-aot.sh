#!/bin/sh
# train-aot.sh <quarkus-run.jar> <cache>: one training run of a Leyden AOT cache during the image build. Starts the
# service with -XX:AOTCacheOutput, waits for Quarkus' "started in" line (at most 120 s), stops it with SIGTERM (the
# JVM writes the cache at exit) and fails the build if no cache was written. No broker or database exists at build
# time: Flyway is switched off for the run, the Kafka clients keep retrying in the background.
set -eu
jar=$1 cache=$2 log=/tmp/aot-training.log
java -XX:AOTCacheOutput="$cache" -Dquarkus.flyway.migrate-at-start=false -Dquarkus.http.port=18080 \
     -Dkafka.bootstrap.servers=127.0.0.1:1 -jar "$jar" >"$log" 2>&1 &
pid=$!
i=0
until grep -q "started in" "$log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "train-aot: the service exited during training" >&2; exit 1; }
  i=$((i + 1)); [ "$i" -le 600 ] || { cat "$log"; echo "train-aot: not started after 120 s" >&2; kill "$pid"; exit 1; }
  sleep 0.2
done
kill -TERM "$pid"; wait "$pid" || true
[ -s "$cache" ] || { cat "$log"; echo "train-aot: no AOT cache written" >&2; exit 1; }
ls -l "$cache"
