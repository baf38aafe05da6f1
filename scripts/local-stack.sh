#!/usr/bin/env bash
# The split deployment on one machine: orchestrator, ner, rag and hybrid as separate containers of the project's image,
# each started as its ECS task definition starts it (profile and environment read from
# infrastructure/ecs/task-definitions/<service>-task-def.json, so the two cannot drift), with a Milvus server as their
# shared store, behind a stand-in for the load balancer (scripts/lib/alb.py: the alb stack's listener rules), so that
# the deployment guide's commands run against it as written, with $ALB=127.0.0.1:18090.
#   scripts/local-stack.sh up [--build]   starts what is not running (the image is built when missing, or with --build)
#   scripts/local-stack.sh status         the load balancer, each service's container and /health
#   scripts/local-stack.sh down           stops and removes the containers, the load balancer and the Milvus server it
#                                         started
# Settings: LOCAL_STACK_PORT (18080, the orchestrator's; ner, rag and hybrid listen on the next three, the load
# balancer on that port + 10), API_KEY
# (local-stack-key: the prod profile asks for it on writes), MILVUS_URI, MILVUS_TOKEN and MILVUS_CA_CERT (a Milvus to
# use, its credentials and, for TLS with a private authority, that authority's PEM file, mounted into each container;
# without MILVUS_URI a Milvus 2.3.5 server from PyPI is started, with its data and virtualenv under LOCAL_STACK_DIR,
# /tmp/mpi-local-stack).
# What differs from ECS: one host network, so each service listens on a port of its own (SERVER_PORT) and the task
# definitions' http://<service>.${NAMESPACE_NAME}:8080 become http://127.0.0.1:<port>; no CloudWatch metrics
# (CLOUDWATCH_METRICS_ENABLED=false), no LLM agent (no Bedrock model here: LLM_AGENT_ENABLED=false) and no S3
# catalogue inbox on rag (no S3 here: S3_CATALOG_INBOX_ENABLED=false).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/image.sh
. "$(dirname "$0")/lib/image.sh"
# shellcheck source-path=SCRIPTDIR source=lib/milvus.sh
. "$(dirname "$0")/lib/milvus.sh"
cd "$(dirname "$0")/.."

SERVICES=(ner rag hybrid orchestrator)
base_port=${LOCAL_STACK_PORT:-18080}
alb_port=$((base_port + 10))
dir=${LOCAL_STACK_DIR:-/tmp/mpi-local-stack}
api_key=${API_KEY:-local-stack-key}
image=localhost/multilingual-product-inference:local
mkdir -p "$dir"

port_of() {
  case $1 in
    orchestrator) echo "$base_port" ;;
    ner) echo $((base_port + 1)) ;;
    rag) echo $((base_port + 2)) ;;
    hybrid) echo $((base_port + 3)) ;;
  esac
}

milvus_uri() {
  if [ -n "${MILVUS_URI:-}" ]; then
    echo "$MILVUS_URI"
  else
    echo "http://127.0.0.1:19530"
  fi
}

# the task definition's environment, as podman -e arguments, one per line, with the local values
environment() {
  python3 - "infrastructure/ecs/task-definitions/$1-task-def.json" "$(milvus_uri)" "$base_port" <<'PY'
import json, re, sys
definition, milvus, base = sys.argv[1], sys.argv[2], int(sys.argv[3])
ports = {"orchestrator": base, "ner": base + 1, "rag": base + 2, "hybrid": base + 3, "llm": base + 4}
local = {"AWS_REGION": "us-east-1", "METRICS_NAMESPACE": "local-stack", "LLM_AGENT_ENABLED": "false",
         "BEDROCK_MODEL_ID": "", "TRAINING_BUCKET_NAME": "", "CATALOG_EVENTS_QUEUE_NAME": "",
         "EMBEDDING_MODEL_PATH": "", "NER_MODEL_PATH": ""}
# no S3 here: the S3 catalogue inbox is off
off = {"S3_CATALOG_INBOX_ENABLED": "false"}
container = json.load(open(definition))["containerDefinitions"][0]
for variable in container.get("environment", []):
    value = variable["value"]
    value = re.sub(r"http://milvus\.\$\{NAMESPACE_NAME\}:19530", milvus, value)
    value = re.sub(r"http://([a-z-]+)\.\$\{NAMESPACE_NAME\}:8080",
                   lambda m: "http://127.0.0.1:%d" % ports[m.group(1)], value)
    value = re.sub(r"\$\{([A-Z_]+)\}", lambda m: local[m.group(1)], value)
    value = off.get(variable["name"], value)
    print("-e")
    print("%s=%s" % (variable["name"], value))
PY
}

start_milvus() {
  [ -z "${MILVUS_URI:-}" ] || return 0
  if (exec 3<>/dev/tcp/127.0.0.1/19530) 2>/dev/null; then
    return 0
  fi
  echo "installing the Milvus 2.3.5 server from PyPI into $dir/milvus-venv (when not there yet)"
  milvus_install "$dir/milvus-venv"
  echo "starting the Milvus server on 127.0.0.1:19530 (data in $dir/milvus-data)"
  milvus_start "$dir/milvus-venv" "$dir/milvus-data" 19530 || { echo "the Milvus server did not start" >&2; return 1; }
  echo "$MILVUS_PID" > "$dir/milvus.pid"
}

stop_milvus() {
  [ -f "$dir/milvus.pid" ] || return 0
  milvus_stop "$(cat "$dir/milvus.pid")"
  rm -f "$dir/milvus.pid"
}

running() {
  [ "$(podman inspect --format '{{.State.Running}}' "mpi-local-$1" 2>/dev/null)" = true ]
}

start_service() {
  local service=$1 port
  port=$(port_of "$service")
  local -a env
  mapfile -t env < <(environment "$service")
  podman rm -f "mpi-local-$service" > /dev/null 2>&1 || true
  if [ -n "${MILVUS_CA_CERT:-}" ]; then
    env+=(-v "$MILVUS_CA_CERT:/etc/mpi/milvus-ca.pem:ro" -e MILVUS_CA_CERT=/etc/mpi/milvus-ca.pem)
  fi
  podman run -d --name "mpi-local-$service" --network host --health-interval=disable \
    -e SERVER_PORT="$port" -e API_KEY="$api_key" -e CLOUDWATCH_METRICS_ENABLED=false \
    -e MILVUS_TOKEN="${MILVUS_TOKEN:-}" "${env[@]}" "$image" > /dev/null 2>> "$dir/podman.log"
}

up() {
  if [ "${1:-}" = --build ] || ! podman image exists "$image"; then
    image_build "$image" "$dir"
  fi
  start_milvus
  local started=()
  for service in "${SERVICES[@]}"; do
    if running "$service"; then
      continue
    fi
    start_service "$service"
    started+=("$service")
  done
  for service in "${started[@]}"; do
    container_ready "mpi-local-$service" > /dev/null || { echo "$service did not become ready" >&2; return 1; }
    echo "$service ready on http://127.0.0.1:$(port_of "$service")"
  done
  start_alb
}

# the load balancer's stand-in (scripts/lib/alb.py): the listener rules of the alb stack's template, on alb_port
start_alb() {
  if [ -f "$dir/alb.pid" ] && kill -0 "$(cat "$dir/alb.pid")" 2>/dev/null; then
    return 0
  fi
  local -a targets=()
  for service in "${SERVICES[@]}"; do
    targets+=(--target "$service=http://127.0.0.1:$(port_of "$service")")
  done
  python3 scripts/lib/alb.py --port "$alb_port" --template infrastructure/cloudformation/alb-stack.yaml \
    "${targets[@]}" > "$dir/alb.log" 2>&1 &
  echo $! > "$dir/alb.pid"
  for _ in $(seq 1 20); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$alb_port") 2>/dev/null; then
      echo "load balancer ready on http://127.0.0.1:$alb_port ($(head -n 1 "$dir/alb.log"))"
      return 0
    fi
    sleep 0.5
  done
  cat "$dir/alb.log" >&2
  echo "the load balancer did not start" >&2
  return 1
}

status() {
  if [ -f "$dir/alb.pid" ] && kill -0 "$(cat "$dir/alb.pid")" 2>/dev/null; then
    echo "load balancer  http://127.0.0.1:$alb_port"
  else
    echo "load balancer  not running"
  fi
  for service in "${SERVICES[@]}"; do
    local port
    port=$(port_of "$service")
    if running "$service"; then
      echo "$service  http://127.0.0.1:$port  $(curl -s -m 5 "http://127.0.0.1:$port/health" | head -c 300)"
    else
      echo "$service  not running"
    fi
  done
}

down() {
  if [ -f "$dir/alb.pid" ]; then
    kill "$(cat "$dir/alb.pid")" 2>/dev/null || true
    rm -f "$dir/alb.pid"
  fi
  for service in "${SERVICES[@]}"; do
    podman rm -f -t 10 "mpi-local-$service" > /dev/null 2>> "$dir/podman.log" || true
  done
  stop_milvus
}

image_setup "$dir" || { cat "$dir/podman-info.log" >&2; echo "podman cannot run here" >&2; exit 1; }
case ${1:-} in
  up) up "${2:-}" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: scripts/local-stack.sh up [--build] | status | down" >&2; exit 2 ;;
esac
