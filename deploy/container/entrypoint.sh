#!/bin/sh
# Starts one Attune service: SERVICE=streams-app|embedding-worker, or that name as the first argument.
# Remaining arguments go to the service's main (--config FILE, key=value ...). JAVA_OPTS: JVM flags.
set -eu

service="${SERVICE:-}"
case "${1:-}" in
  streams-app|embedding-worker) service="$1"; shift ;;
esac

case "$service" in
  streams-app) main=dev.attune.streams.StreamsAppMain ;;
  embedding-worker) main=dev.attune.worker.EmbeddingWorkerMain ;;
  *)
    echo "attune: set SERVICE=streams-app|embedding-worker or pass it as the first argument (got '${service}')" >&2
    exit 64
    ;;
esac

# --add-modules: the JDK's vector module (an incubator in JDK 17) makes the dot products of scoring SIMD.
# exec: the JVM is PID 1's direct replacement, so SIGTERM from docker/kubelet reaches its shutdown hooks.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -Dai.djl.offline=true -cp "/opt/attune/${service}/lib/*" "$main" "$@"
