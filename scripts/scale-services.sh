#!/usr/bin/env bash
# Sets ECS services to a number of tasks and holds them there: the service's desired count, and its autoscaling range
# pinned to that number (so autoscaling does not undo it). --tasks 0 scales down to nothing (the load balancer then
# answers 503; queued requests wait in SQS). scripts/deploy-ecs.sh puts back the configured counts and ranges.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

SCALABLE=(orchestrator ner rag llm hybrid worker)
ALL=(orchestrator ner rag llm hybrid worker milvus)

usage() {
  cat << EOF
Usage: scripts/scale-services.sh --tasks N [--service NAME]... [options]

  --tasks N            tasks to run (0 stops them all)
  --service NAME       a service to scale (repeatable): ${ALL[*]}; default all of them but milvus
$COMMON_FLAGS_HELP

Back to the configured counts and autoscaling ranges: scripts/deploy-ecs.sh (and scripts/deploy-milvus.sh).
EOF
}

tasks=""
services=()
while [ $# -gt 0 ]; do
  n=0
  parse_common_flag "$@" || n=$?
  if [ "$n" -gt 0 ]; then shift "$n"; continue; fi
  case $1 in
    --tasks) [ $# -ge 2 ] || die "--tasks needs a value"; tasks=$2; shift 2 ;;
    --service)
      [ $# -ge 2 ] || die "--service needs a value"
      [[ " ${ALL[*]} " == *" $2 "* ]] || die "unknown service: $2 (one of: ${ALL[*]})"
      services+=("$2")
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[[ $tasks =~ ^[0-9]+$ ]] || die "--tasks needs a whole number (see --help)"
[ ${#services[@]} -gt 0 ] || services=("${SCALABLE[@]}")
finish_settings
cluster=$(stack_output ecs ClusterName)

for service in "${services[@]}"; do
  if [[ " ${SCALABLE[*]} " == *" $service "* ]]; then
    awscli application-autoscaling register-scalable-target --service-namespace ecs \
        --scalable-dimension ecs:service:DesiredCount --resource-id "service/$cluster/$service" \
        --min-capacity "$tasks" --max-capacity "$tasks" > /dev/null
  fi
  awscli ecs update-service --cluster "$cluster" --service "$service" --desired-count "$tasks" > /dev/null
  log "$service: $tasks task(s)"
done
