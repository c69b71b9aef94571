#!/usr/bin/env bash
# The full benchmark, one command per measurement (none is part of `mvn test`):
#   ./bench/run.sh                      # JMH microbenchmarks + end to end, 5 M orders (job, sql, job-heap, sink)
#   ./bench/run.sh e2e --orders 1000000 --variants job,sql --live 60s
#   ./bench/run.sh jmh [JMH options, e.g. ParseValidate -f 1 -wi 2 -i 3]
#   ./bench/run.sh checkpoint           # checkpoint duration and size with 10 M keys in dedup state, RocksDB incremental and heap
#   ./bench/run.sh soak                 # 30 minutes at half the maximum rate: live set (full GC every 5 min), heap after GC, RSS, GC time, growth
#   ./bench/run.sh flush --set state.backend.rocksdb.compression.per.level=SNAPPY_COMPRESSION   # dedup's checkpoint flush alone, one setting changed
#   ./bench/run.sh api                  # the customer API client alone, every customer a miss: calls/s, CPU per call
# Options after the mode go to the end-to-end harness and override the mode's defaults
# (e.g. `./bench/run.sh checkpoint --orders 206200` for 200 k keys, `./bench/run.sh soak --live 2m`).
# Results: bench/target/bench-results.json (e2e), bench/target/checkpoint-results.json (checkpoint),
# bench/target/soak-results.json (soak), bench/target/flush-results.json (flush), bench/target/api-results.json (api),
# bench/target/jmh-results.json (JMH).
# BENCH_HEAP sets the benchmark JVM's heap (default 8g); BENCH_SKIP_BUILD=1 skips the build.
# BENCH_JFR=1 records a JFR profile to bench/target/e2e.jfr; BENCH_JVM_OPTS adds JVM options (e.g. an async-profiler agent).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"; [ $# -gt 0 ] && shift || true

# Build job, harness and bench into their target directories (never `mvn install`: the shared local
# repository stays untouched); bench/target/lib gets a private copy of every jar the benchmarks need.
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -B -q -o -pl bench -am package -DskipTests
fi
CP="bench/target/classes:bench/target/lib/*"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- job bench || echo '+uncommitted')"
HEAP="${BENCH_HEAP:-8g}"
JVM_OPTS=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Dbench.commit="$COMMIT" -Dlog4j2.level=WARN)
# Profilers attribute samples to the right inlined frame only with debug info at non-safepoints.
[ -n "${BENCH_JFR:-}${BENCH_JVM_OPTS:-}" ] && JVM_OPTS+=(-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)
# BENCH_JVM_OPTS: more options for the end-to-end JVM, e.g. an async-profiler agent (see docs/BENCHMARKS.md).
read -r -a EXTRA_OPTS <<< "${BENCH_JVM_OPTS:-}"
JVM_OPTS+=("${EXTRA_OPTS[@]}")

run_jmh() {
  java -cp "$CP" org.openjdk.jmh.Main -rf json -rff bench/target/jmh-results.json "$@"
}
run_e2e() {
  java "${JVM_OPTS[@]}" ${BENCH_JFR:+-XX:StartFlightRecording=filename=bench/target/e2e.jfr,settings=profile} \
    -cp "$CP" io.orderstream.bench.EndToEndBench "$@"
}
case "$what" in
  jmh) run_jmh "$@" ;;
  e2e) run_e2e --out bench/target/bench-results.json "$@" ;;
  # 10,310,000 records hold 10,000,700 distinct order ids (97 % are valid orders; the rest are a
  # duplicate of one of them or never reach dedup). The checkpoint that starts after the backlog is
  # drained holds all of them: its duration, full size and uploaded (incremental) size are reported.
  checkpoint) run_e2e --out bench/target/checkpoint-results.json --orders 10310000 --variants job,job-heap \
      --live 0s --timeout 60m "$@" ;;
  # 5 M orders to find the maximum rate (1 M, mostly JIT warm-up and an empty state, overstated it: the job
  # could not keep up with half of it for 30 minutes), then new orders at half of it for 30 minutes, sampled every 30 s.
  # The heap is touched at start (AlwaysPreTouch), so RSS growth is growth outside the heap (RocksDB, direct memory, metaspace).
  # Every 5 minutes a class histogram (a full GC first) measures the live set and names the classes that grew.
  soak) JVM_OPTS+=(-XX:+AlwaysPreTouch); run_e2e --out bench/target/soak-results.json --orders 5000000 --variants job --live 30m \
      --sample-every 30s --live-set-every 5m "$@" ;;
  # Dedup's checkpoint alone (seconds, no cluster): each checkpoint's snapshot time and RocksDB's flush CPU.
  flush) java -Xmx4g -Dbench.commit="$COMMIT" -Dlog4j2.level=WARN -cp "$CP" io.orderstream.bench.CheckpointFlushBench "$@" ;;
  # The customer API client against the harness server, as after a start: 20,000 misses, 200 in flight.
  api) java -Xmx2g -Dbench.commit="$COMMIT" -Dlog4j2.level=WARN -cp "$CP" io.orderstream.bench.CustomerApiBench "$@" ;;
  all) run_jmh -f 1 -wi 3 -w 2s -i 5 -r 2s; run_e2e --out bench/target/bench-results.json "$@" ;;
  *) echo "usage: $0 [all|jmh|e2e|checkpoint|soak|flush|api] [options]" >&2; exit 2 ;;
esac
