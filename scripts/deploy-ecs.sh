#!/usr/bin/env bash
# Deploys the ECS services of infrastructure/ecs/ (see its README.md): registers each task definition, creates each
# service or updates it to the new revision, registers the autoscaling targets and policies, and gives the cluster its
# capacity providers. Re-running it updates what is there.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/ecs.sh
. "$(dirname "$0")/lib/ecs.sh"

usage() {
  cat << EOF
Usage: scripts/deploy-ecs.sh [options]

Registers the task definitions and creates or updates the ECS services of infrastructure/ecs/, with their autoscaling,
from the outputs of the stacks made by scripts/deploy-cloudformation.sh ($STACK_NAME-main, -storage, -alb, -ecs).

Options:
  --service NAME       deploy only this service (repeatable): ${ECS_SERVICES[*]}
                       (default: all but orchestrator-v2)
  --image-tag TAG      image tag in the ECR repository (IMAGE_TAG, default latest); also the default of IMAGE_TAG_V2
  --blue-green         deploy orchestrator-v2 (image tag IMAGE_TAG_V2) beside orchestrator, in the same target group;
                       alone, it deploys only orchestrator-v2 (infrastructure/ecs/README.md has the procedure)
  --wait               wait until the deployed services are stable and fail if one was rolled back
$COMMON_FLAGS_HELP

Settings (flags, environment or env file), with their defaults:
  <SERVICE>_CPU, <SERVICE>_MEMORY     orchestrator 1024/2048, ner 1024/2048, rag 1024/3072, llm 512/1024,
                                      hybrid 1024/3072, worker 1024/2048, milvus 2048/8192 (ORCHESTRATOR_V2_*: orchestrator's)
  <SERVICE>_DESIRED_COUNT             2 for orchestrator, ner, rag; 1 for the others. An update keeps a higher count.
  <SERVICE>_MIN_TASKS, _MAX_TASKS     1 and 10 (orchestrator, ner, rag, llm, hybrid, worker)
  CPU_TARGET 60, BACKLOG_PER_TASK 100, FARGATE_SPOT_WEIGHT 3, CPU_ARCHITECTURE X86_64 (or ARM64),
  METRICS_NAMESPACE MPI, LLM_AGENT_ENABLED false, BEDROCK_MODEL_ID us.amazon.nova-pro-v1:0,
  MILVUS_IMAGE milvusdb/milvus:v2.5.4, STORAGE_WAIT_SECONDS 600, DEPLOYMENT_ENV production
EOF
}

SERVICES=()
BLUE_GREEN=false
WAIT=false
while [ $# -gt 0 ]; do
  n=0; parse_common_flag "$@" || n=$?; [ "$n" -gt 0 ] && { shift "$n"; continue; }
  case $1 in
    --service)
      [ $# -ge 2 ] || die "--service needs a value"
      ecs_in_list "$2" "${ECS_SERVICES[@]}" || die "unknown service: $2 (one of: ${ECS_SERVICES[*]})"
      SERVICES+=("$2")
      shift 2
      ;;
    --image-tag)
      [ $# -ge 2 ] || die "--image-tag needs a value"
      export IMAGE_TAG=$2
      shift 2
      ;;
    --blue-green) BLUE_GREEN=true; shift ;;
    --wait) WAIT=true; shift ;;
    -h | --help) apply_defaults; usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
finish_settings
ecs_defaults

if [ ${#SERVICES[@]} -eq 0 ] && ! $BLUE_GREEN; then
  SERVICES=(milvus ner rag llm hybrid orchestrator worker)
fi
$BLUE_GREEN && SERVICES+=(orchestrator-v2)
# in deployment order, each once
selected=()
for svc in "${ECS_SERVICES[@]}"; do
  ecs_in_list "$svc" "${SERVICES[@]}" && selected+=("$svc")
done

log "deploying to $AWS_REGION, stacks $STACK_NAME-*: ${selected[*]}"
read -r -a stacks <<< "$(ecs_stacks_for "${selected[@]}")"
ecs_load_outputs "${stacks[@]}"
ecs_render_all "${selected[@]}"

tags=()
for svc in "${selected[@]}"; do
  case $svc in
    milvus) ;;
    orchestrator-v2) tags+=("$IMAGE_TAG_V2") ;;
    *) tags+=("$IMAGE_TAG") ;;
  esac
done
for tag in $(printf '%s\n' "${tags[@]}" | sort -u); do
  ecs_check_image "$tag"
done
if ecs_in_list milvus "${selected[@]}"; then
  milvus_storage_check "$STORAGE_WAIT_SECONDS" > /dev/null
  log "milvus: storage $MILVUS_FILE_SYSTEM_ID (access point $MILVUS_ACCESS_POINT_ID) available"
fi

ecs_put_capacity_providers
for svc in "${selected[@]}"; do
  ecs_deploy_service "$svc"
  if ecs_in_list "$svc" "${ECS_SCALED_SERVICES[@]}"; then
    ecs_apply_autoscaling "$svc"
  fi
done

if $WAIT; then
  ecs_wait_stable "${selected[@]}"
fi
for svc in "${selected[@]}"; do
  echo "$svc ${ECS_REGISTERED[$svc]}"
done
