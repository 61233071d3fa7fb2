#!/usr/bin/env bash
# FAQ lookups per second on one core: chat-bridge's FaqIndex over 10,000 synthetic Chinese pairs.
#   chat-bridge/bench/faq-lookups.sh [pairs=10000] [seconds=10] [rounds=5]
# Pinned to one CPU with taskset and -XX:ActiveProcessorCount=1 (JIT and GC threads share that core).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
# BENCH_SKIP_BUILD=1 uses what is packaged already.
[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -o -q -B -pl chat-bridge -am package -DskipTests
# The packaged application's own jar and its runtime libraries (siblings included) are the class path.
app="$root/chat-bridge/target/quarkus-app"
cp="$(ls "$app"/app/*.jar | tr '\n' ':')$app/lib/main/*"
out="$root/chat-bridge/target/bench-classes"
mkdir -p "$out"
javac -nowarn -cp "$cp" -d "$out" "$here"/src/BenchPairs.java "$here"/src/FaqLookupBench.java
pin=()
command -v taskset >/dev/null && pin=(taskset -c 1)
"${pin[@]}" java -XX:ActiveProcessorCount=1 -Xmx512m -cp "$out:$cp" FaqLookupBench "${1:-10000}" "${2:-10}" "${3:-5}"
