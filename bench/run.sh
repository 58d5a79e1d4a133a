#!/usr/bin/env bash
# The project's benchmark, on loopback only: the MongoDB-wire server, a fake model and the packaged service each in
# a process of its own, loaded by wrk (and a Node client for streams). Prints one table and writes it to
# bench/results/. Usage: bench/run.sh   (BENCH_DURATION=20 BENCH_WARMUP=3)
# The seed (the Node service this one started from) runs the same scenarios in the same run when BENCH_SEED names
# its folder (npm-installed); bench/README.md says how to get it. Its code is never part of this project.
# JVMs: JAVA_HOME (or the java on the PATH) is the plain JVM. When a JDK 25 is present (BENCH_JDK25, default
# /usr/lib/jvm/temurin-25-jdk-amd64) the AOT cache is recorded for it (./mvnw verify -Paot, the container's training)
# and the warm scenarios run on it with the cache, as the container does; BENCH_LOAD_JVM=plain: on the plain JVM.
# The launch and cold tables cover every runtime: the seed, the plain JVM, JDK 25 with the AOT cache.
# Another backend: BENCH_TARGET_URL=http://host:port runs the warm scenarios against that running service (its own
# database; it must speak the seed's API and call the fake model at http://127.0.0.1:18090/v1/chat/completions);
# BENCH_TARGET_PID / BENCH_TARGET_DB_PID name its processes for the CPU columns.
# To profile: BENCH_ONLY='post-message-c64|get-conv' runs only the scenarios matching that regex, and
# BENCH_APP_OPTS / BENCH_DB_OPTS add JVM options to the service / the database (e.g. -XX:StartFlightRecording=...).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-20}
WARMUP=${BENCH_WARMUP:-15}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/java}
JAVA=${JAVA:-java}
MONGO_PORT=${BENCH_MONGO_PORT:-18017}
LLM_PORT=${BENCH_LLM_PORT:-18090}
APP_PORT=${BENCH_APP_PORT:-18080}
BASE=${BENCH_TARGET_URL:-http://127.0.0.1:$APP_PORT}
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
  echo "building the jar and recording its AOT cache with $JDK25 (while the integration tests drive the service)"
  JAVA_HOME=$JDK25 ./mvnw -q -B verify -Paot -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='SeedFlowIT,PackagedFlowsIT' \
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
# CPU ticks of each thread of a process, by thread name with its numbers taken out ("vert.x-eventloop-thread-#")
thread_ticks() { # pid
  for stat in /proc/"$1"/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1|\2/' "$stat" 2>/dev/null
  done | awk -F'|' '{ split($2, f, " "); name = $1; gsub(/[0-9]+/, "#", name); t[name] += f[11] + f[12] }
    END { for (n in t) print n "|" t[n] }'
}
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


# ---- the runtimes: the seed (when BENCH_SEED names it), this service on the plain JVM, and on JDK 25 with the AOT
# cache, each started as its container starts it (k8s/deployment.yaml: 768 MiB, heap 60 %, SerialGC)
HEAP=(-Xms32m -Xmx460m -XX:+UseSerialGC)
RUNTIMES=()
if [ -n "${BENCH_TARGET_URL:-}" ]; then
  RUNTIMES=(target)
else
  if [ -n "${BENCH_SEED:-}" ]; then
    [ -d "$BENCH_SEED/node_modules" ] || { echo "BENCH_SEED: run npm install in $BENCH_SEED first"; exit 1; }
    RUNTIMES+=(seed)
  fi
  RUNTIMES+=(jvm)
  [ -n "$JDK25" ] && [ $APP/app.aot -nt $APP/quarkus-run.jar ] && RUNTIMES+=(jvm-aot)
fi
describe() { # runtime
  case $1 in
    seed) echo "seed, Node $(node --version)" ;;
    jvm) echo "this, JDK $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2)" ;;
    jvm-aot) echo "this, JDK $("$JDK25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2) + AOT cache" ;;
    target) echo "the service at $BASE" ;;
  esac
}
launch() { # runtime: starts it on APP_PORT against the benchmark's database and model; sets APP_PID
  local model=http://127.0.0.1:$LLM_PORT/v1/chat/completions
  case $1 in
    target) APP_PID=${BENCH_TARGET_PID:-}; return ;;
    seed) (cd "$BENCH_SEED" && MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT/seed PORT=$APP_PORT LLM_PROVIDER_URL=$model \
        LLM_MODEL=bench LLM_API_KEY=bench exec node src/index.js) >>"$OUT/seed.log" 2>&1 & ;;
    jvm|jvm-aot)
      local java=$JAVA aot=()
      [ "$1" = jvm-aot ] && java=$JDK25/bin/java aot=(-XX:AOTCache=$APP/app.aot)
      MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT LLM_PROVIDER_URL=$model LLM_API_KEY=bench PORT=$APP_PORT \
        "$java" "${HEAP[@]}" "${aot[@]}" ${BENCH_APP_OPTS:-} -jar $APP/quarkus-run.jar >>"$OUT/service.log" 2>&1 & ;;
  esac
  APP_PID=$!; PIDS+=("$APP_PID")
}
answers() { # url: the HTTP status, 000 while nothing listens
  curl -s -o /dev/null -w '%{http_code}' "$1" || true
}
# launch -> the first answer of a real read (a seeded user's conversations: 200 means the database was reached)
first_answer() { # runtime; sets FIRST (milliseconds) and APP_PID
  local started
  started=$(date +%s%N)
  launch "$1"
  until [ "$(answers "$BASE/conversations/user/$FIRST_EMAIL")" = 200 ]; do
    kill -0 "$APP_PID" 2>/dev/null || { echo "$1 died: see $OUT/" >&2; exit 1; }
    sleep 0.005
  done
  FIRST=$(( ($(date +%s%N) - started) / 1000000 ))
}
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo "–"; }

# a fresh database and a running instance, seeded through the runtime's own API (each stores its own shapes) with
# one user and one conversation per connection
start_stack() { # runtime conversations turns-per-conversation
  if [ "$1" = target ]; then MONGO_PID=${BENCH_TARGET_DB_PID:-}; else start_db; fi
  launch "$1"
  until [ "$(answers "$BASE/conversations/user/nobody@example.com")" != 000 ]; do sleep 0.05; done
  node bench/seed.mjs "$BASE" "$2" "$OUT/ids.txt" "$3" >/dev/null
  FIRST_EMAIL=$(head -1 "$OUT/ids.txt" | cut -d' ' -f1)
}
stop_stack() { [ -n "${BENCH_TARGET_URL:-}" ] || { stop "$APP_PID"; stop "$MONGO_PID"; }; }

# waits until the service and the database are idle: turns a warm-up left behind run to their end (by design)
settle() {
  for _ in $(seq 1 60); do
    local before=$(( $(ticks "$APP_PID") + $(ticks "$MONGO_PID") ))
    sleep 0.5
    (( $(ticks "$APP_PID") + $(ticks "$MONGO_PID") - before <= HZ / 20 )) && return 0
  done
}

# runs wrk for DURATION against the running stack and appends one table row: rate, latency, errors, CPU per request
# of the service and of the database (from /proc), and the service's RSS afterwards
measure() { # label connections script delay [first-answer-ms]
  local label=$1 connections=$2 script=$3 delay=$4 first=${5:-}
  local before_app before_mongo started file="$OUT/$(echo "$label" | tr -c 'a-zA-Z0-9\n-' '-').txt"
  before_app=$(ticks "$APP_PID"); before_mongo=$(ticks "$MONGO_PID")
  [ -n "${BENCH_CPU_BY_THREAD:-}" ] && thread_ticks "$APP_PID" >"$OUT/threads-before.txt"
  started=$(date +%s%N)
  BENCH_IDS=$OUT/ids.txt BENCH_MODEL_DELAY=$delay wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 30s -s "$script" \
    "$BASE" >"$file" 2>&1 || true
  local seconds=$(( ($(date +%s%N) - started) / 1000000 ))
  local app=$(( $(ticks "$APP_PID") - before_app )) mongo=$(( $(ticks "$MONGO_PID") - before_mongo ))
  [ -n "$APP_PID" ] || app=-1 # another backend whose processes were not named: its CPU is not known
  [ -n "$MONGO_PID" ] || mongo=-1
  if [ -n "${BENCH_CPU_BY_THREAD:-}" ]; then # BENCH_CPU_BY_THREAD=1: the service's CPU by thread, for the scenario's requests
    thread_ticks "$APP_PID" | awk -F'|' -v hz="$HZ" -v requests="$(grep '^BENCH ' "$file" | sed 's/.*"requests": *\([0-9]*\).*/\1/')" \
      'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) printf "%6.2f ms per request  %s\n", d / hz * 1000 / requests, $1 }' \
      "$OUT/threads-before.txt" - | sort -rn | head -12 >&2
  fi
  ROWS+=("$(node -e '
    const [json, label, first, app, mongo, hz, ms, rss] = process.argv.slice(1);
    const r = JSON.parse(json);
    const rps = r.requests / (r.duration_us / 1e6);
    const perRequest = (ticks) => r.requests && ticks >= 0 ? `${(ticks / hz * 1000 / r.requests).toFixed(2)} ms` : "–";
    const cpu = (ticks) => ticks >= 0 ? `${Math.round(ticks / hz / (ms / 1000) * 100)} %` : "–";
    console.log(`| ${label} |${first ? ` ${first} ms |` : ""} ${rps.toFixed(0)} | ${r.p50_ms} ms | ${r.p99_ms} ms | ` +
      `${r.non2xx} | ${r.socket_errors} | ${perRequest(app)} / ${perRequest(mongo)} | ${cpu(app)} / ${cpu(mongo)} | ${rss} MiB |`);
  ' "$(grep '^BENCH ' "$file" | sed 's/^BENCH //')" "$label" "$first" "$app" "$mongo" "$HZ" "$seconds" "$(rss "$APP_PID")")")
  echo "${ROWS[-1]}"
}

# ---- launch: launch -> first answer and idle RSS (3 s after it), median of 3, per runtime -----------------------
LAUNCH=()
if wanted launch && [ -z "${BENCH_TARGET_URL:-}" ]; then
  for runtime in "${RUNTIMES[@]}"; do
    start_stack "$runtime" 1 0
    stop "$APP_PID"
    times=() sizes=()
    for _ in 1 2 3; do
      first_answer "$runtime"; times+=("$FIRST")
      sleep 3; sizes+=("$(rss "$APP_PID")"); stop "$APP_PID"
    done
    LAUNCH+=("| $(describe "$runtime") | $(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) ms (${times[*]}) | $(printf '%s\n' "${sizes[@]}" | sort -n | sed -n 2p) MiB |")
    echo "${LAUNCH[-1]}"
    stop "$MONGO_PID"
  done
fi

# ---- cold: what Knative's scale from zero gives the first users. A fresh instance is launched on seeded data and
# loaded from its first answer, with no warm-up, for DURATION seconds
ROWS=()
cold() { # name connections script turns-per-conversation [model delay]
  local name=$1 connections=$2 script=$3 turns=$4 delay=${5:-0}
  wanted "cold-$name" && [ -z "${BENCH_TARGET_URL:-}" ] || return 0
  for runtime in "${RUNTIMES[@]}"; do
    start_stack "$runtime" "$connections" "$turns"
    stop "$APP_PID"
    first_answer "$runtime"
    measure "$name, $(describe "$runtime")" "$connections" "$script" "$delay" "$FIRST"
    stop_stack
  done
}
cold post-message-c64 64 bench/wrk/post-message.lua 4
cold get-conversation-c64 64 bench/wrk/get-conversation.lua 4
cold post-message-slow-model-c3000 3000 bench/wrk/post-message.lua 0 2000
COLD_ROWS=("${ROWS[@]}")

# ---- warm: the same instance after a warm-up of the same load (WARMUP seconds) and a pause until it is idle ------
ROWS=()
scenario() { # name connections script turns-per-conversation [model delay]
  local name=$1 connections=$2 script=$3 turns=$4 delay=${5:-0}
  wanted "$name" || return 0
  for runtime in "${WARM_RUNTIMES[@]}"; do
    [ "$runtime" = seed ] && [ "$name" = http-baseline-c64 ] && continue
    start_stack "$runtime" "$connections" "$turns"
    BENCH_IDS=$OUT/ids.txt BENCH_MODEL_DELAY=$delay wrk -t2 -c"$connections" -d"${WARMUP}s" --timeout 30s -s "$script" \
      "$BASE" >/dev/null 2>&1 || true
    settle
    measure "$name, $(describe "$runtime")" "$connections" "$script" "$delay"
    stop_stack
  done
}
# the warm scenarios run on the seed (when given) and on one JVM of this service: JDK 25 with the AOT cache when
# there is one, as the container runs (BENCH_LOAD_JVM=plain: the plain JVM)
LOAD_RUNTIME=jvm
[[ " ${RUNTIMES[*]} " == *" jvm-aot "* ]] && [ "${BENCH_LOAD_JVM:-aot}" != plain ] && LOAD_RUNTIME=jvm-aot
[ -n "${BENCH_TARGET_URL:-}" ] && LOAD_RUNTIME=target
WARM_RUNTIMES=()
[ -n "${BENCH_SEED:-}" ] && [ -z "${BENCH_TARGET_URL:-}" ] && WARM_RUNTIMES+=(seed)
WARM_RUNTIMES+=("$LOAD_RUNTIME")
# conversations of about ten messages (a first turn and four more) for the c64 scenarios
scenario http-baseline-c64 64 bench/wrk/health.lua 0
scenario post-message-c64 64 bench/wrk/post-message.lua 4
# conversations grown to about 60 messages, as real ones do: what each turn's history costs as they grow
scenario post-message-60-messages-c64 64 bench/wrk/post-message.lua 29
scenario get-conversation-c64 64 bench/wrk/get-conversation.lua 4
scenario list-user-conversations-c64 64 bench/wrk/list-user-conversations.lua 4
scenario post-message-slow-model-c200 200 bench/wrk/post-message.lua 0 2000
scenario post-message-slow-model-c1000 1000 bench/wrk/post-message.lua 0 2000
scenario post-message-slow-model-c3000 3000 bench/wrk/post-message.lua 0 2000

STREAM="(not run)"
if wanted stream-c1000; then
  start_stack "$LOAD_RUNTIME" 1000 0
  STREAM=$(node bench/stream-client.mjs "$BASE" "$OUT/ids.txt" 40 50 | grep '^BENCH ' | sed 's/^BENCH //')
  STREAM="$STREAM; service RSS after: $(rss "$APP_PID") MiB"
  stop_stack
fi

# the database's own ceiling for the same operations, straight from the driver, on the data of the c64 scenarios
DB_CEILING="| (not run) | |"
if wanted db-ceiling && [ -z "${BENCH_TARGET_URL:-}" ]; then
  start_stack "$LOAD_RUNTIME" 64 4
  cp "$OUT/ids.txt" "$OUT/ids-posting.txt"
  node bench/seed.mjs "$BASE" 64 "$OUT/ids.txt" 4 >/dev/null
  stop "$APP_PID"
  DB_CEILING=$("$JAVA" -cp "target/classes:$(cat target/bench-classpath.txt)" bench/DbCeiling.java "$MONGO_PORT" \
    "$OUT/ids-posting.txt" "$OUT/ids.txt" "$DURATION" 2>/dev/null | grep '^BENCH-DB ' | sed 's/^BENCH-DB //')
  stop "$MONGO_PID"
fi

HEADER="| req/s | p50 | p99 | non-2xx | socket errors | CPU per request: service / db | CPU: service / db | service RSS after |"
{
  echo "Benchmark of $(date -u +%Y-%m-%d), $(nproc) cores, ${DURATION} s per scenario; runtimes: $(for r in "${RUNTIMES[@]}"; do printf '%s; ' "$(describe "$r")"; done)"
  echo
  echo "Launch -> first answer of a read that reaches the database, and idle RSS 3 s later (median of 3):"
  echo
  echo "| runtime | launch -> first answer | idle RSS |"
  echo "|---|---|---|"
  printf '%s\n' "${LAUNCH[@]}"
  echo
  echo "Cold: a fresh instance, loaded from its first answer with no warm-up:"
  echo
  echo "| scenario, runtime | first answer $HEADER"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${COLD_ROWS[@]}"
  echo
  echo "Warm: after ${WARMUP} s of the same load:"
  echo
  echo "| scenario, runtime $HEADER"
  echo "|---|---|---|---|---|---|---|---|---|"
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
