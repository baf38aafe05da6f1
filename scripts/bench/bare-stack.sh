#!/usr/bin/env bash
# The issue's "ceiling" stack on its own (scripts/bench/bare-stack: Camel REST on platform-http, a parallel multicast over
# two constant-answer routes, each behind a circuit breaker), loaded with wrk as scripts/load-test.sh --wrk loads the
# service. It shows what the framework costs before the service's own routes, metrics and logging:
#   scripts/bench/bare-stack.sh [--metrics on|off] [--connections 32] [--warm-up 120] [--duration 60] [--port 18090]
#                               [--profile DIR]
# --metrics on (default): Spring Boot's and Camel's defaults with actuator and Prometheus on the classpath (Spring's
#   HTTP server observation, Camel's route policy, exchange and route event meters); off: all four switched off.
# --profile DIR: where one request's CPU and allocation go, hop by hop, as scripts/load-test.sh --profile writes it
#   (DIR/hops.md; tools.HopBreakdown).
# Builds the app with the project's Maven wrapper when its jar is missing; prints wrk's report.
set -euo pipefail
cd "$(dirname "$0")/../.."

metrics=on
connections=32
warm_up=120
duration=60
port=18090
profile=""
while [ $# -gt 0 ]; do
  case "$1" in
    --metrics) metrics="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warm-up) warm_up="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk > /dev/null || { echo "wrk is needed (Debian/Ubuntu: apt-get install wrk)" >&2; exit 2; }

jar=scripts/bench/bare-stack/target/bare-stack.jar
[ -f "$jar" ] || ./mvnw -B -q -f scripts/bench/bare-stack/pom.xml package -DskipTests
args=(--server.port="$port")
if [ "$metrics" = off ]; then
  args+=(--management.observations.enable.http.server.requests=false --camel.metrics.enable-route-policy=false
         --camel.metrics.enable-exchange-event-notifier=false --camel.metrics.enable-route-event-notifier=false)
fi

log=$(mktemp)
script=$(mktemp --suffix=.lua)
cat > "$script" <<'LUA'
wrk.method = "POST"
wrk.body = '{"product_name":"Colgate Total toothpaste 150g"}'
wrk.headers["Content-Type"] = "application/json"
LUA
# shellcheck source-path=SCRIPTDIR/../.. source=scripts/lib/tools.sh
. scripts/lib/tools.sh
if [ -n "$profile" ]; then
  mkdir -p "$profile"
  JAVA_OPTS="${JAVA_OPTS:-} $(profile_java_opts)"
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:-} -jar "$jar" "${args[@]}" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log" "$log.wrk" "$script"' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://localhost:$port/actuator/health" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
echo "bare stack (metrics $metrics): $warm_up s of unreported load, then $duration s, $connections connections"
wrk -t2 -c"$connections" -d"${warm_up}s" -s "$script" "http://localhost:$port/bare" > /dev/null
[ -z "$profile" ] || profile_begin "$pid" "$profile"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "http://localhost:$port/bare" | tee "$log.wrk"
[ -z "$profile" ] || profile_end "$pid" "$profile" "$(awk '/requests in/ { print $1 }' "$log.wrk")"
