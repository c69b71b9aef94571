#!/usr/bin/env bash
# The full benchmark, one command (not part of `mvn test`):
#   ./bench/run.sh                      # JMH microbenchmarks + end-to-end (job, job-heap, sql, sink)
#   ./bench/run.sh e2e --orders 1000000 --variants job,sql --live 60s
#   ./bench/run.sh jmh [JMH options, e.g. ParseValidate -f 1 -wi 2 -i 3]
# Results: bench/target/bench-results.json (end to end), bench/target/jmh-results.json (JMH).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"; [ $# -gt 0 ] && shift || true

# Build job, harness and bench; bench/target/lib gets a private copy of every jar the benchmarks need.
# (-f bench/pom.xml with the job and tests modules installed keeps the build independent of
#  modules others are adding to the parent pom.)
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -B -q -o -f job/pom.xml install -DskipTests
  mvn -B -q -o -f tests/pom.xml install -DskipTests
  mvn -B -q -o -f bench/pom.xml package -DskipTests
fi
CP="bench/target/classes:bench/target/lib/*"
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- job bench || echo '+uncommitted')"
JVM_OPTS=(-Xms8g -Xmx8g -XX:+UseG1GC -Dbench.commit="$COMMIT" -Dlog4j2.level=WARN)

run_jmh() {
  java -cp "$CP" org.openjdk.jmh.Main -rf json -rff bench/target/jmh-results.json "$@"
}
run_e2e() {
  java "${JVM_OPTS[@]}" ${BENCH_JFR:+-XX:StartFlightRecording=filename=bench/target/e2e.jfr,settings=profile} \
    -cp "$CP" io.orderstream.bench.EndToEndBench --out bench/target/bench-results.json "$@"
}
case "$what" in
  jmh) run_jmh "$@" ;;
  e2e) run_e2e "$@" ;;
  all) run_jmh -f 1 -wi 3 -w 2s -i 5 -r 2s; run_e2e "$@" ;;
  *) echo "usage: $0 [all|jmh|e2e] [options]" >&2; exit 2 ;;
esac
