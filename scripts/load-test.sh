#!/usr/bin/env bash
# A load test of a fresh service on this machine, the way docs/PERFORMANCE.md measures it:
#   scripts/load-test.sh [--ceiling] [--products 10000 | --catalog FILE.csv] [--test-data FILE] [--concurrent-users 32]
#                        [--duration 300] [--warm-up 60] [--rate 0] [--memory-every 0] [--out DIR] [--port 18081]
#                        [--restart] [--wrk] [--profile] [--extracted] [--memory-limit MB] [-- SERVICE_ARGS...]
# 1. starts the service jar (target/, built if missing; JAR=path for another) on an empty temporary data dir, without
#    the demo catalogue, with JVM options from JAVA_OPTS;
# 2. loads the catalogue through POST /catalog: --products N synthetic products (bench.SyntheticCatalog, fixed seed), or
#    the CSV of --catalog; then waits until the work that follows a load (tagger, calibration) is done;
# 3. runs the load runner (scripts/benchmark.sh --endpoint) on POST /infer for --warm-up seconds, not reported (the JIT
#    is still compiling the hot path), then for --duration seconds, writing DIR/load.json and DIR/load.png;
# 4. prints the service's resident memory (VmRSS) and, with --restart, stops it, starts it again on the same data dir
#    and prints how long it took to be ready (GET /actuator/health/readiness UP) and its resident memory then, once
#    idle, and after the same load again.
#    --memory-every S samples the service's memory every S seconds while the load runs, into DIR/memory.csv: resident
#    memory (VmRSS), heap used, old generation used, and the old generation's live data after its last collection
#    (jvm_gc_live_data_size_bytes), in MB. --rate caps the requests per second (over all users).
# --wrk loads the service with wrk (Debian package wrk) instead of the load runner: --concurrent-users connections on
#    2 threads, the test data's titles in turn (the first column of CSV test data), --warm-up seconds unreported then --duration seconds;
#    wrk's report (with its latency distribution) goes to DIR/wrk.txt. It measures the service with a load generator
#    that costs less CPU than the Java load runner, on the same cores.
#    The service's log ends up in DIR/service.log.
# --profile (with --wrk): where one request's CPU and allocation go, hop by hop (tools.HopBreakdown): a JFR recording of
#    the measured window (DIR/profile.jfr, settings=profile, stacks 256 deep) and the service's threads' CPU times at its
#    start and end; the table goes to DIR/hops.md. JFR records from the start (begun mid-run it sends the JIT back to
#    work): it costs about a tenth of the throughput, so measure throughput in runs without --profile.
# Test data: --test-data FILE, else 1,000 more synthetic titles of the same brands (with --products), else the catalogue.
# --extracted starts the service the way the Dockerfile's image does: the jar extracted (java -Djarmode=tools extract),
#    with the JVM's class cache from a training run on an empty data dir (-Dspring.context.exit=onRefresh): an AOT cache
#    on Java 25+ (-XX:AOTCacheOutput / -XX:AOTCache), a CDS archive before (-XX:ArchiveClassesAtExit /
#    -XX:SharedArchiveFile). The training run gets JAVA_OPTS too: give the image's JDK_JAVA_OPTIONS there to match it.
# --memory-limit MB runs the service (not the load generator) in a memory cgroup of its own limited to MB megabytes, page
#    cache included and no swap, as a container with that much memory (an ECS task's memory) runs it; at the end it
#    prints the cgroup's peak usage, its OOM kills and the service's major page faults (pages of the index read again
#    from disk after the kernel dropped them to stay under the limit). Needs write access to the cgroup file system
#    (root, cgroup v1 or v2).
# --ceiling swaps the NER and RAG agents for routes that answer at once with a fixed result
# (scripts/bench/constant-agents.camel.yaml): the same HTTP API, orchestrator, circuit breakers and combination, without
# the agents' own work. Run it and the real one in the same sitting to compare them.
set -euo pipefail
cd "$(dirname "$0")/.."

ceiling=false
products=10000
catalog=""
test_data=""
users=32
duration=300
warm_up=60
out=target/load-test
port=18081
restart=false
use_wrk=false
profile=false
extracted=false
rate=0
memory_every=0
memory_limit=0
service_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ceiling) ceiling=true; shift ;;
    --products) products="$2"; shift 2 ;;
    --catalog) catalog="$2"; products=0; shift 2 ;;
    --test-data) test_data="$2"; shift 2 ;;
    --concurrent-users) users="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warm-up) warm_up="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --restart) restart=true; shift ;;
    --wrk) use_wrk=true; shift ;;
    --profile) profile=true; shift ;;
    --extracted) extracted=true; shift ;;
    --rate) rate="$2"; shift 2 ;;
    --memory-every) memory_every="$2"; shift 2 ;;
    --memory-limit) memory_limit="$2"; shift 2 ;;
    --) shift; service_args=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
if $profile && ! $use_wrk; then
  echo "--profile needs --wrk (the request count comes from wrk's report)" >&2
  exit 2
fi

jar=${JAR:-$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' | head -n 1)}
if [ -z "$jar" ] || { [ "$products" -gt 0 ] && [ ! -f target/test-classes/bench/SyntheticCatalog.class ]; }; then
  ./mvnw -B -q -DskipTests package
  jar=$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' | head -n 1)
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
pid=""
cgroup=""
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true
  [ -z "$cgroup" ] || rmdir "$cgroup" 2>/dev/null || true
  cp "$work/service.log" "$out/service.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$products" -gt 0 ]; then
  java -cp target/test-classes bench.SyntheticCatalog $((products + 1000)) "$work/all.csv"
  head -n $((products + 1)) "$work/all.csv" > "$work/catalog.csv"
  { head -n 1 "$work/all.csv"; tail -n 1000 "$work/all.csv"; } > "$work/queries.csv"
  catalog="$work/catalog.csv"
  [ -n "$test_data" ] || test_data="$work/queries.csv"
fi
[ -f "$catalog" ] || { echo "no catalogue: give --products N or --catalog FILE" >&2; exit 2; }
[ -n "$test_data" ] || test_data="$catalog"

args=(--server.port="$port" --data.dir="$work/data" --catalog.inbox="$work/inbox" --batch.inbox="$work/titles"
      --batch.outbox="$work/results" --routes.dir="$work/routes" --knowledge-base.demo-catalog=false)
mkdir -p "$work/routes"
if $ceiling; then
  cp scripts/bench/constant-agents.camel.yaml "$work/routes/"
  args+=(--agents.ner.endpoint=direct:constant-ner --agents.rag.endpoint=direct:constant-rag)
fi
args+=("${service_args[@]}")

# --extracted: the jar extracted into the work dir and a training run, as in the Dockerfile
launch=(-jar "$jar")
if $extracted; then
  java -Djarmode=tools -jar "$jar" extract --destination "$work/app" > /dev/null
  app_jar="$work/app/$(basename "$jar")"
  java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')
  if [ "$java_major" -ge 25 ]; then
    train=(-XX:AOTCacheOutput="$work/app/app.aot"); launch=(-XX:AOTCache="$work/app/app.aot" -jar "$app_jar")
  else
    train=(-XX:ArchiveClassesAtExit="$work/app/app.jsa"); launch=(-XX:SharedArchiveFile="$work/app/app.jsa" -jar "$app_jar")
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java ${JAVA_OPTS:-} "${train[@]}" -Dspring.context.exit=onRefresh -jar "$app_jar" --data.dir="$work/training/data" \
    --catalog.inbox="$work/training/inbox" --batch.inbox="$work/training/titles" \
    --batch.outbox="$work/training/results" --routes.dir="$work/training/routes" > "$work/training.log" 2>&1 \
    || { cat "$work/training.log" >&2; exit 1; }
  rm -rf "$work/training"
  echo "extracted to $work/app, class cache from a training run on Java $java_major: ${launch[0]}"
fi

# --memory-limit: a memory cgroup for the service (cgroup v2, else v1), its limit with no swap on top
in_cgroup=()
if [ "$memory_limit" -gt 0 ]; then
  bytes=$((memory_limit * 1024 * 1024))
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    cgroup=/sys/fs/cgroup/mpi-load-test-$$
    mkdir "$cgroup" && echo "$bytes" > "$cgroup/memory.max" && { [ ! -f "$cgroup/memory.swap.max" ] \
      || echo 0 > "$cgroup/memory.swap.max"; }
  else
    cgroup=/sys/fs/cgroup/memory/mpi-load-test-$$
    mkdir "$cgroup" && echo "$bytes" > "$cgroup/memory.limit_in_bytes" \
      && { [ ! -f "$cgroup/memory.memsw.limit_in_bytes" ] || echo "$bytes" > "$cgroup/memory.memsw.limit_in_bytes"; }
  fi || { echo "--memory-limit: cannot make a memory cgroup under /sys/fs/cgroup (root and the memory controller needed)" >&2
          cgroup=""; exit 2; }
  # the service's process joins the cgroup, then becomes java
  # shellcheck disable=SC2016 # expanded by that shell
  in_cgroup=(sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cgroup")
  echo "service in memory cgroup $cgroup, limited to $memory_limit MB (page cache included, no swap)"
fi
# the cgroup's peak usage, OOM kills (the service killed for memory) and the service's major page faults
cgroup_report() {
  [ -n "$cgroup" ] || return 0
  local peak since kills faults
  if [ -f "$cgroup/memory.max" ]; then
    peak=$(cat "$cgroup/memory.peak" 2>/dev/null || echo 0)
    since="the first start"
    kills=$(awk '/^oom_kill / { print $2 }' "$cgroup/memory.events")
  else
    peak=$(cat "$cgroup/memory.max_usage_in_bytes")
    since="this start"
    kills=$(awk '/^oom_kill / { print $2 }' "$cgroup/memory.oom_control")
  fi
  faults=$(awk '{ print $12 }' "/proc/$pid/stat" 2>/dev/null || echo "?")
  echo "memory cgroup: peak $((peak / 1048576)) MB of $memory_limit MB since $since, OOM kills ${kills:-0}," \
    "service's major page faults $faults"
}

# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/tools.sh
. scripts/lib/tools.sh
$profile && JAVA_OPTS="${JAVA_OPTS:-} $(profile_java_opts)"
# starts the service; ready_s: the seconds until its readiness probe said UP
start() {
  local started
  started=$(date +%s.%N)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  "${in_cgroup[@]}" java ${JAVA_OPTS:-} "${launch[@]}" "${args[@]}" >> "$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -sf "http://localhost:$port/actuator/health/readiness" > /dev/null 2>&1; then
      ready_s=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
      return
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the service was not ready after 120 s" >&2
  exit 1
}
# resident memory, and how much of it is anonymous (the JVM's heap, compiled code, threads...) and how much is files
# mapped into memory (mostly the index's files mapped by Lucene; also the JVM's libraries): pages of the page cache that
# the kernel can drop and read again
rss() {
  awk '/^VmRSS/ { rss = $2 } /^RssAnon/ { anon = $2 } /^RssFile/ { file = $2 }
       END { printf "%.0f MB (anonymous %.0f MB, mapped files %.0f MB)", rss / 1024, anon / 1024, file / 1024 }' \
      "/proc/$pid/status"
}
# waits until GET /agents shows no tagger training and no RAG calibration running
idle() {
  for _ in $(seq 1 3600); do
    local agents
    agents=$(curl -sf "http://localhost:$port/agents" || true)
    if [ -n "$agents" ] && ! grep -q -E '"(training|calibrating)":true' <<< "$agents"; then
      return
    fi
    sleep 1
  done
}

start
echo "service ready in $ready_s s ($($ceiling && echo 'ceiling: constant-answer agents' || echo 'real agents'))"
echo "loading $(($(wc -l < "$catalog") - 1)) products from $catalog"
curl -sf -X POST -H 'Content-Type: text/csv' --data-binary "@$catalog" "http://localhost:$port/catalog" \
  -o "$work/load-report.json"
head -c 300 "$work/load-report.json"; echo
idle
echo "after the load: resident memory $(rss)"
# samples the service's memory every $memory_every seconds into $out/memory.csv, until it is stopped
sample_memory() {
  echo "seconds,rss_mb,heap_used_mb,old_gen_used_mb,old_gen_live_mb" > "$out/memory.csv"
  local begin
  begin=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    curl -sf "http://localhost:$port/actuator/prometheus" | awk -v t=$(($(date +%s) - begin)) \
        -v rss="$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")" '
      /^jvm_memory_used_bytes\{/ && /area="heap"/ { heap += $NF; if ($0 ~ /Old Gen/) old += $NF }
      /^jvm_gc_live_data_size_bytes/ { live = $NF }
      END { printf "%d,%.0f,%.0f,%.0f,%.0f\n", t, rss / 1024, heap / 1048576, old / 1048576, live / 1048576 }' \
        >> "$out/memory.csv" || true
    sleep "$memory_every"
  done
}
sampler=""
if [ "$memory_every" -gt 0 ]; then
  sample_memory &
  sampler=$!
fi
runner() { scripts/benchmark.sh --endpoint "http://localhost:$port" --concurrent-users "$users" --test-data "$test_data" "$@"; }
# the load: the load runner, or wrk with --wrk
load() {
  if $use_wrk; then
    # the titles (first CSV column, quotes undone) as JSON bodies, sent in turn by a wrk script
    awk 'NR > 1 { if ($0 ~ /^"/) { sub(/^"/, ""); sub(/",.*$|"$/, ""); gsub(/""/, "\"") } else { sub(/,.*$/, "") }
                  gsub(/\\/, "&&"); gsub(/"/, "\\\""); print "{\"product_name\":\"" $0 "\"}" }' "$test_data" \
        > "$work/bodies.txt"
    cat > "$work/titles.lua" <<LUA
local bodies = {}
for line in io.lines("$work/bodies.txt") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
LUA
    [ "$warm_up" -eq 0 ] || wrk -t2 -c"$users" -d"${warm_up}s" -s "$work/titles.lua" "http://localhost:$port/infer" > /dev/null
    ! $profile || profile_begin "$pid" "$out"
    wrk -t2 -c"$users" -d"${duration}s" --latency -s "$work/titles.lua" "http://localhost:$port/infer" | tee "$out/wrk.txt"
    ! $profile || profile_end "$pid" "$out" "$(awk '/requests in/ { print $1 }' "$out/wrk.txt")"
  else
    runner --warm-up "$warm_up" --duration "$duration" --rate "$rate" --report "$out/load.json" --plot "$out/load.png"
  fi
}
load
[ -z "$sampler" ] || { kill "$sampler"; wait "$sampler" 2>/dev/null || true; echo "memory samples: $out/memory.csv"; }
echo "after the run: resident memory $(rss)"
cgroup_report

if $restart; then
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # cgroup v1: the next peak is the restarted service's alone (v2's memory.peak cannot be reset)
  [ ! -f "$cgroup/memory.max_usage_in_bytes" ] || echo 0 > "$cgroup/memory.max_usage_in_bytes"
  start
  echo "restarted on the same data dir: ready in $ready_s s, resident memory $(rss)"
  idle
  echo "once idle: resident memory $(rss)"
  load
  echo "after a run on the restarted service: resident memory $(rss)"
  cgroup_report
fi
