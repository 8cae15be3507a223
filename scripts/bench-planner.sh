#!/usr/bin/env bash
# Benchmarks the removal planner, the prune planner and df over synthetic stores of 10,000 images,
# 50,000 layers and 20,000 containers, times each scale given (default: 1 2 4). Not part of the test suite.
#   scripts/bench-planner.sh          # scales 1x, 2x, 4x
#   scripts/bench-planner.sh 1 8      # chosen scales
# It runs in its own JVM (not Maven's) so that the heap figures belong to the benchmark alone.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -pl domain test-compile 2>/dev/null || mvn -q -pl domain test-compile
exec java -Xms1g -Xmx2g -XX:+UseG1GC ${BENCH_JAVA_OPTS:-} \
  -cp domain/target/classes:domain/target/test-classes \
  io.imgctl.domain.bench.PlannerBenchmark "$@"
