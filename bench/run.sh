#!/usr/bin/env bash
# One command per harness: bench/run.sh <harness> [key=value ...]
#   retrieval   ANN recall@N and speed-up vs exact search (the app's own Lucene HNSW index)
#   jmh         per-event cost inside the processors (JMH; JMH options after the name, e.g. -p items=10000)
#   cpu         the same two operations in CPU time of the calling thread (robust on a shared machine)
#   pipeline    sustained click events/s: streams app vs pass-through, real broker, same run
#   freshness   event written -> list readable (read_committed) p50/p95/p99 at fixed and relative rates
#   memory      bytes per user (store, changelog), restore time of the store, RSS under load
#   quality     offline Recall@50 / NDCG@50 on MovieLens: the engine vs most-popular, mean-vector, co-occurrence
#   worker      embedding worker texts/s vs the bare encoder at batch 1/8/32/64, and one-query latency
# Environment: BENCH_NO_BUILD=1 skips the build; BENCH_JFR=<file.jfr> records a JFR profile of the harness JVM;
# BENCH_JAVA_OPTS adds JVM options; BENCH_SIMD=0 leaves out the JDK's vector module (dot products then run scalar).
# Run from anywhere; paths are relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
harness="${1:-}"
[ -n "$harness" ] || { sed -n '2,13p' "$0"; exit 2; }
shift
if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  # -am: build the streams app from this tree too, not a jar another checkout installed in ~/.m2; the memory
  # harness runs the app in its own JVM, which needs a real schema registry (built in the same reactor, so a fresh
  # machine with nothing in ~/.m2 builds it too)
  modules=streams-app,bench
  if [ "$harness" = memory ]; then modules=$modules,schema-registry; fi
  ./mvnw -q -B -pl "$modules" -am package -DskipTests
fi
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
opts=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dai.djl.offline=true)
# the vector module (an incubator in JDK 17) makes dot products SIMD, as every launcher of the services does
[ "${BENCH_SIMD:-1}" != "0" ] && opts+=(--add-modules jdk.incubator.vector)
[ -n "${BENCH_JFR:-}" ] && opts+=("-XX:StartFlightRecording=filename=${BENCH_JFR},settings=profile")
# shellcheck disable=SC2206
[ -n "${BENCH_JAVA_OPTS:-}" ] && opts+=(${BENCH_JAVA_OPTS})
case "$harness" in
  retrieval) exec java -Xmx3g "${opts[@]}" -cp "$cp" dev.attune.bench.retrieval.RetrievalBench "$@" ;;
  cpu)       exec java -Xmx3g "${opts[@]}" -cp "$cp" dev.attune.bench.pipeline.RefreshCpuCost "$@" ;;
  jmh)       # a first argument that is not an option names the benchmarks (regexp); default: all of ours
             pattern='dev.attune.bench.pipeline.*'
             if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then pattern="$1"; shift; fi
             exec java "${opts[@]}" -cp "$cp" org.openjdk.jmh.Main "$pattern" "$@" ;;
  pipeline)  exec java -Xmx1g "${opts[@]}" -cp "$cp" dev.attune.bench.pipeline.PipelineBench "$@" ;;
  freshness) exec java -Xmx1g "${opts[@]}" -cp "$cp" dev.attune.bench.freshness.FreshnessBench "$@" ;;
  memory)    exec java -Xmx2g "${opts[@]}" -cp "$cp" dev.attune.bench.memory.MemoryBench "$@" ;;
  quality)   exec java -Xmx3g "${opts[@]}" -cp "$cp" dev.attune.bench.quality.QualityEval "$@" ;;
  worker)    exec java -Xmx2g "${opts[@]}" -cp "$cp" dev.attune.bench.worker.WorkerBench "$@" ;;
  *) echo "unknown harness '$harness' (retrieval | jmh | cpu | pipeline | freshness | memory | quality | worker)" >&2; exit 2 ;;
esac
