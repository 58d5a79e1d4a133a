#!/usr/bin/env bash
# Measures launch -> first HTTP answer (GET /q/health/live) and idle RSS (2 s later) of the packaged service, median
# of 3 runs, for the plain JVM and, when the jar was built with -Paot on a JDK 25, the JVM with the AOT cache.
# Prints one Markdown table row per JVM mode; bench/run.sh uses it for the launch rows of the benchmark.
#   ./mvnw package -DskipTests                                              # plain jar
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw verify -Paot         # jar + AOT cache (trained by the ITs)
#   scripts/measure-start.sh [java-executable]
# MONGODB_URI: the database the service connects to (default: an unreachable one, the service starts regardless).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${1:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
JAVA=${JAVA:-java}
APP=target/quarkus-app
PORT=${START_PORT:-18081}
# the JVM of the Kubernetes container (768 MiB limit): 60 % of it as the most heap, a small initial heap (32 MiB:
# idle RSS stays low, start-up needs few collections), SerialGC; outside a container the JVM sizes it from the host
HEAP=${HEAP:-"-Xms32m -Xmx460m -XX:+UseSerialGC"}
[ -f "$APP/quarkus-run.jar" ] || { echo "build the jar first (see the header of this script)"; exit 1; }

measure() { # label, extra JVM options...
  local label=$1; shift
  local times=() rss=()
  for run in 1 2 3; do
    local start end pid
    start=$(date +%s%N)
    MONGODB_URI=${MONGODB_URI:-mongodb://127.0.0.1:1} PORT=$PORT "$JAVA" "$@" -jar "$APP/quarkus-run.jar" \
      >/tmp/measure-start.log 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/live"; do
      kill -0 "$pid" 2>/dev/null || { echo "the service died; see /tmp/measure-start.log" >&2; exit 1; }
      sleep 0.005
    done
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    sleep 2
    rss+=($(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  local median_time median_rss
  median_time=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  median_rss=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 2p)
  printf '| %s, %s | %d ms (runs: %s) | %d MiB |\n' "$("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2 | sed 's/^/JDK /')" \
    "$label" "$median_time" "${times[*]}" "$median_rss"
}

measure "plain" $HEAP
if [ -f "$APP/app.aot" ] && [ "$APP/app.aot" -nt "$APP/quarkus-run.jar" ] \
  && "$JAVA" -XX:AOTCache="$APP/app.aot" -version >/dev/null 2>&1; then
  measure "AOT cache" $HEAP -XX:AOTCache="$APP/app.aot"
fi
