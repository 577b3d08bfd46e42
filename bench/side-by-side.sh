#!/usr/bin/env bash
# Runs one harness on a baseline commit and on this working tree, back to back in one run, so both see
# the same machine load: bench/side-by-side.sh <commit> <harness> [key=value ...]
#   e.g. bench/side-by-side.sh 547af5d pipeline bench.duration.s=30 num.stream.threads=2
# The baseline is extracted with `git archive` (no worktree, no checkout) to $BENCH_BASE_DIR
# (default /tmp/attune-bench-base-<commit>) and built like this tree. The `cpu` harness is copied into the
# baseline when it lacks it. Keys the baseline does not know (e.g. refresh.max.per.second) fail its config
# validation: pass per-tree keys with BENCH_NEW_ARGS="key=value ...".
set -euo pipefail
cd "$(dirname "$0")/.."
commit="${1:?baseline commit}"; harness="${2:?harness}"; shift 2
base="${BENCH_BASE_DIR:-/tmp/attune-bench-base-$commit}"
if [ ! -d "$base" ]; then
  mkdir -p "$base"
  git archive "$commit" | tar -x -C "$base"
fi
cpu_class=bench/src/main/java/dev/attune/bench/pipeline/RefreshCpuCost.java
[ -f "$base/$cpu_class" ] || cp "$cpu_class" "$base/$cpu_class"
# The harnesses read ../shared relative to the tree.
[ -e "$base/../shared" ] || ln -s "$(cd .. && pwd)/shared" "$base/../shared"
(cd "$base" && ./mvnw -q -B -pl streams-app,bench -am package -DskipTests)
./mvnw -q -B -pl streams-app,bench -am package -DskipTests
for tree in "$base" "$PWD"; do
  extra=""; [ "$tree" = "$PWD" ] && extra="${BENCH_NEW_ARGS:-}"
  echo "===== $tree :: $harness $* $extra :: $(date -u +%FT%TZ) :: load $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  if [ "$harness" = cpu ]; then # an older run.sh may not know it
    (cd "$tree" && java -Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "bench/target/classes:$(cat "$tree/bench/target/classpath.txt")" dev.attune.bench.pipeline.RefreshCpuCost "$@" $extra)
  else
    (cd "$tree" && BENCH_NO_BUILD=1 bench/run.sh "$harness" "$@" $extra)
  fi
done
