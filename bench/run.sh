#!/usr/bin/env bash
# The project's benchmark, on loopback only: the MongoDB-wire server, a fake model and the packaged service each in
# a process of its own, loaded by wrk (and a Node client for streams). Prints one table and writes it to
# bench/results/. Usage: bench/run.sh   (BENCH_DURATION=20 BENCH_WARMUP=3)
# JVMs: JAVA_HOME (or the java on the PATH) is the plain JVM. When a JDK 25 is present (BENCH_JDK25, default
# /usr/lib/jvm/temurin-25-jdk-amd64) the AOT cache is recorded for it (./mvnw verify -Paot) and the scenarios run on
# it with the cache, as the container does; BENCH_LOAD_JVM=plain runs them on the plain JVM instead.
# To profile: BENCH_ONLY='post-message-c64|get-conv' runs only the scenarios matching that regex, and
# BENCH_APP_OPTS / BENCH_DB_OPTS add JVM options to the service / the database (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-3}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/java}
JAVA=${JAVA:-java}
MONGO_PORT=${BENCH_MONGO_PORT:-18017}
LLM_PORT=${BENCH_LLM_PORT:-18090}
APP_PORT=${BENCH_APP_PORT:-18080}
BASE=http://127.0.0.1:$APP_PORT
OUT=bench/results
mkdir -p "$OUT"

# ---- tools: wrk from Debian, Node for the fake model; the project builds the rest --------------------------------
if ! command -v wrk >/dev/null; then
  echo "installing wrk"; (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if ! command -v node >/dev/null; then
  echo "installing Node.js (the fake model and the stream client)"; (apt-get update -qq && apt-get install -y -qq nodejs) >/dev/null
fi
JDK25=${BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JDK25/bin/java" ] || JDK25=
APP=target/quarkus-app
if [ -n "$JDK25" ] && { [ ! -f $APP/app.aot ] || [ $APP/quarkus-run.jar -nt $APP/app.aot ]; }; then
  echo "building the jar and recording its AOT cache with $JDK25 (while SeedFlowIT drives the service)"
  JAVA_HOME=$JDK25 ./mvnw -q -B verify -Paot -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SeedFlowIT \
    >"$OUT/build-aot.log" 2>&1 || { echo "the AOT build failed: $OUT/build-aot.log"; exit 1; }
elif [ ! -f $APP/quarkus-run.jar ] || [ ! -d target/test-classes ]; then
  ./mvnw -q -B package -DskipTests
fi
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "$1 did not answer"; exit 1
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
wanted() { [[ "$1" =~ ${BENCH_ONLY:-.} ]]; }

node bench/fake-llm.mjs "$LLM_PORT" >"$OUT/fake-llm.log" 2>&1 &
LLM_PID=$!; PIDS+=("$LLM_PID")

start_db() {
  "$JAVA" ${BENCH_DB_OPTS:-} -cp "target/classes:$(cat target/bench-classpath.txt)" bench/WireServer.java "$MONGO_PORT" \
    >"$OUT/mongo.log" 2>&1 &
  MONGO_PID=$!; PIDS+=("$MONGO_PID")
  for _ in $(seq 1 100); do grep -q "ready" "$OUT/mongo.log" && return 0; sleep 0.1; done
  echo "the wire server did not start: $OUT/mongo.log"; exit 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# launch -> first answer and idle RSS, median of 3, per JVM (against the benchmark's database)
start_db
LAUNCH=("$(MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT scripts/measure-start.sh "$JAVA")")
if [ -n "$JDK25" ] && [ "$(readlink -f "$(command -v "$JAVA")")" != "$(readlink -f "$JDK25/bin/java")" ]; then
  LAUNCH+=("$(MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT scripts/measure-start.sh "$JDK25/bin/java")")
fi
printf '%s\n' "${LAUNCH[@]}"
stop "$MONGO_PID"

# the service under load runs with the container's JVM options (k8s/deployment.yaml: 768 MiB, heap 60 %, SerialGC)
LOAD_JAVA=$JAVA AOT=()
if [ -n "$JDK25" ] && [ "${BENCH_LOAD_JVM:-aot}" != plain ] && [ $APP/app.aot -nt $APP/quarkus-run.jar ]; then
  LOAD_JAVA=$JDK25/bin/java AOT=(-XX:AOTCache=$APP/app.aot)
fi
LOAD_JVM="$("$LOAD_JAVA" -version 2>&1 | head -1), $([ ${#AOT[@]} -gt 0 ] && echo "with" || echo "without") the AOT cache"

# every scenario starts from the same state: a fresh database and service, seeded through the API, so that no
# scenario measures the data an earlier one left behind (the wire server scans whole collections)
start_stack() { # conversations turns-per-conversation
  start_db
  MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT LLM_PROVIDER_URL=http://127.0.0.1:$LLM_PORT/v1/chat/completions \
    LLM_API_KEY=bench PORT=$APP_PORT "$LOAD_JAVA" -Xms32m -Xmx460m -XX:+UseSerialGC "${AOT[@]}" ${BENCH_APP_OPTS:-} \
    -jar $APP/quarkus-run.jar >>"$OUT/service.log" 2>&1 &
  APP_PID=$!; PIDS+=("$APP_PID")
  wait_for "$BASE/q/health/ready"
  node bench/seed.mjs "$BASE" "$1" "$OUT/ids.txt" "$2" >/dev/null
}
stop_stack() { stop "$APP_PID"; stop "$MONGO_PID"; }

# waits until the service and the database are idle: turns a warm-up left behind run to their end (by design)
settle() {
  for _ in $(seq 1 60); do
    local before=$(( $(ticks "$APP_PID") + $(ticks "$MONGO_PID") ))
    sleep 0.5
    (( $(ticks "$APP_PID") + $(ticks "$MONGO_PID") - before <= HZ / 20 )) && return 0
  done
}

ROWS=()
scenario() { # name connections script turns-per-conversation [model delay]
  local name=$1 connections=$2 script=$3 turns=$4 delay=${5:-0}
  wanted "$name" || return 0
  start_stack "$connections" "$turns"
  BENCH_IDS=$OUT/ids.txt BENCH_MODEL_DELAY=$delay wrk -t2 -c"$connections" -d"${WARMUP}s" --timeout 30s -s "$script" \
    "$BASE" >/dev/null 2>&1 || true
  settle
  local before_app before_mongo before_llm started
  before_app=$(ticks "$APP_PID"); before_mongo=$(ticks "$MONGO_PID"); before_llm=$(ticks "$LLM_PID")
  started=$(date +%s%N)
  BENCH_IDS=$OUT/ids.txt BENCH_MODEL_DELAY=$delay wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 30s -s "$script" \
    "$BASE" >"$OUT/$name.txt" 2>&1 &
  local wrk_pid=$! wrk_ticks=0
  while kill -0 "$wrk_pid" 2>/dev/null; do wrk_ticks=$(ticks "$wrk_pid"); sleep 0.5; done
  wait "$wrk_pid" || true
  local seconds json cpu rss
  seconds=$(awk -v s="$started" -v e="$(date +%s%N)" 'BEGIN {print (e - s) / 1e9}')
  json=$(grep '^BENCH ' "$OUT/$name.txt" | sed 's/^BENCH //')
  cpu=$(awk -v a="$(( $(ticks "$APP_PID") - before_app ))" -v m="$(( $(ticks "$MONGO_PID") - before_mongo ))" \
    -v l="$(( $(ticks "$LLM_PID") - before_llm ))" -v w="$wrk_ticks" -v hz="$HZ" -v s="$seconds" \
    'BEGIN {printf "%d%% / %d%% / %d%% / %d%%", a/hz/s*100, m/hz/s*100, l/hz/s*100, w/hz/s*100}')
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$APP_PID/status")
  ROWS+=("$(node -e '
    const r = JSON.parse(process.argv[1]);
    const rps = r.requests / (r.duration_us / 1e6);
    console.log(`| ${process.argv[2]} | ${rps.toFixed(0)} | ${r.p50_ms} ms | ${r.p99_ms} ms | ${r.non2xx} | ${r.socket_errors} | ${process.argv[3]} | ${process.argv[4]} MiB |`);
  ' "$json" "$name" "$cpu" "$rss")")
  echo "${ROWS[-1]}"
  stop_stack
}

echo "| scenario | req/s | p50 | p99 | non-2xx | socket errors | CPU service / db / model / wrk | service RSS after |"
# one user and one conversation per connection, each of about ten messages (a first turn and four more)
scenario http-baseline-c64 64 bench/wrk/health.lua 0
scenario post-message-c64 64 bench/wrk/post-message.lua 4
scenario get-conversation-c64 64 bench/wrk/get-conversation.lua 4
scenario list-user-conversations-c64 64 bench/wrk/list-user-conversations.lua 4
scenario post-message-slow-model-c200 200 bench/wrk/post-message.lua 0 2000
scenario post-message-slow-model-c1000 1000 bench/wrk/post-message.lua 0 2000
scenario post-message-slow-model-c3000 3000 bench/wrk/post-message.lua 0 2000

STREAM="(not run)"
if wanted stream-c1000; then
  start_stack 1000 0
  STREAM=$(node bench/stream-client.mjs "$BASE" "$OUT/ids.txt" 40 50 | grep '^BENCH ' | sed 's/^BENCH //')
  STREAM_RSS=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$APP_PID/status")
  STREAM="$STREAM; service RSS after: $STREAM_RSS MiB"
  stop_stack
fi

# the database's own ceiling for the same operations, straight from the driver, on the data of the c64 scenarios
DB_CEILING="| (not run) | |"
if wanted db-ceiling; then
  start_stack 64 4
  cp "$OUT/ids.txt" "$OUT/ids-posting.txt"
  node bench/seed.mjs "$BASE" 64 "$OUT/ids.txt" 4 >/dev/null
  stop "$APP_PID"
  DB_CEILING=$("$JAVA" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/DbCeiling.java "$MONGO_PORT" \
    "$OUT/ids-posting.txt" "$OUT/ids.txt" "$DURATION" 2>/dev/null | grep '^BENCH-DB ' | sed 's/^BENCH-DB //')
  stop "$MONGO_PID"
fi

{
  echo "Benchmark of $(date -u +%Y-%m-%d), $(nproc) cores; scenarios on $LOAD_JVM"
  echo
  echo "| JVM | launch -> first answer (median of 3) | idle RSS |"
  echo "|---|---|---|"
  printf '%s\n' "${LAUNCH[@]}"
  echo
  echo "| scenario | req/s | p50 | p99 | non-2xx | socket errors | CPU service / db / model / wrk | service RSS after |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "stream-c1000 (40 tokens, 50 ms apart): $STREAM"
  echo
  echo "The database's ceiling for the operations of the c64 scenarios, on their data (64 driver threads, no service):"
  echo
  echo "| operations | per second |"
  echo "|---|---|"
  echo "$DB_CEILING"
} | tee "$OUT/latest.md"
