#!/usr/bin/env bash
# Deploys the shared Milvus (standalone, embedded etcd, data on the storage stack's EFS): checks the storage, registers
# the milvus task definition and creates the milvus service or updates it. Re-running it updates what is there.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/ecs.sh
. "$(dirname "$0")/lib/ecs.sh"

usage() {
  cat << EOF
Usage: scripts/deploy-milvus.sh [options]

Checks the Milvus storage of stack $STACK_NAME-storage (as scripts/setup-milvus-storage.sh does), registers
infrastructure/ecs/task-definitions/milvus-task-def.json and creates or updates the milvus service of the cluster of
$STACK_NAME-ecs: one task on FARGATE, stopped before its replacement starts (two must never share the etcd files).

Options:
  --wait               wait until the service is stable and fail if the deployment was rolled back
$COMMON_FLAGS_HELP

Settings (flags, environment or env file), with their defaults:
  MILVUS_IMAGE milvusdb/milvus:v2.5.4, MILVUS_CPU 2048, MILVUS_MEMORY 8192, MILVUS_DESIRED_COUNT 1,
  CPU_ARCHITECTURE X86_64, STORAGE_WAIT_SECONDS 600 (how long to wait for the storage to be available)
EOF
}

WAIT=false
while [ $# -gt 0 ]; do
  n=0; parse_common_flag "$@" || n=$?; [ "$n" -gt 0 ] && { shift "$n"; continue; }
  case $1 in
    --wait) WAIT=true; shift ;;
    -h | --help) apply_defaults; usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
finish_settings
ecs_defaults

ecs_load_outputs main storage ecs
ecs_render_all milvus
milvus_storage_check "$STORAGE_WAIT_SECONDS"
ecs_put_capacity_providers
ecs_deploy_service milvus
if $WAIT; then
  ecs_wait_stable milvus
fi
echo "milvus ${ECS_REGISTERED[milvus]}"
echo "Milvus address for the agents: http://milvus.$NAMESPACE_NAME:19530"
