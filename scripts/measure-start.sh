#!/usr/bin/env bash
# Measures launch -> first HTTP answer (GET /q/health/live) and idle RSS of the packaged service, median of 3 runs,
# for the plain JVM and, when the jar was built with -Paot on a JDK 25, the JVM with the AOT cache.
#   ./mvnw package -DskipTests                                              # plain jar
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw verify -Paot         # jar + AOT cache (trained by the ITs)
#   scripts/measure-start.sh [java-executable]
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${1:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
JAVA=${JAVA:-java}
APP=target/quarkus-app
PORT=${PORT:-18080}
# a small container's heap (the JVM would otherwise size it from this machine's memory)
HEAP=${HEAP:-"-Xmx256m -XX:+UseSerialGC"}
[ -f "$APP/quarkus-run.jar" ] || { echo "build the jar first (see the header of this script)"; exit 1; }

measure() { # label, extra JVM options...
  local label=$1; shift
  local times=() rss=()
  for run in 1 2 3; do
    local start end pid
    start=$(date +%s%N)
    MONGODB_URI=mongodb://127.0.0.1:1 PORT=$PORT "$JAVA" "$@" -jar "$APP/quarkus-run.jar" >/tmp/measure-start.log 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/live"; do
      kill -0 "$pid" 2>/dev/null || { echo "the service died; see /tmp/measure-start.log"; exit 1; }
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
  printf '%-28s launch -> first answer %5d ms (runs: %s)   idle RSS %4d MiB\n' "$label" "$median_time" "${times[*]}" "$median_rss"
}

"$JAVA" -version 2>&1 | head -1
measure "plain JVM" $HEAP
if [ -f "$APP/app.aot" ] && "$JAVA" -XX:AOTCache="$APP/app.aot" -Xshare:auto -version >/dev/null 2>&1; then
  measure "JVM + AOT cache" $HEAP -XX:AOTCache="$APP/app.aot"
fi
