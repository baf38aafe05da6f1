#!/usr/bin/env bash
# Checks the Milvus storage that the storage stack made, before Milvus is deployed: the EFS file system, a mount target
# in each private subnet and the access point, all available (waiting while they are being made), and the backup plan
# and vault. Changes nothing; prints what it found.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/ecs.sh
. "$(dirname "$0")/lib/ecs.sh"

usage() {
  cat << EOF
Usage: scripts/setup-milvus-storage.sh [options]

Checks, read-only, the Milvus storage of stack $STACK_NAME-storage: the EFS file system (MilvusFileSystemId), one
available mount target in each private subnet of $STACK_NAME-main (PrivateSubnet1, PrivateSubnet2) with its security
group (EfsSecurityGroupId), the access point (MilvusAccessPointId), the backup plan (BackupPlanId) and vault
(BackupVaultName). Waits while the file system, mount targets or access point are still being made. Prints the values.

Options:
  --timeout SECONDS    how long to wait for them to be available (STORAGE_WAIT_SECONDS, default 600)
$COMMON_FLAGS_HELP
EOF
}

while [ $# -gt 0 ]; do
  n=0; parse_common_flag "$@" || n=$?; [ "$n" -gt 0 ] && { shift "$n"; continue; }
  case $1 in
    --timeout)
      [ $# -ge 2 ] || die "--timeout needs a value"
      [[ $2 =~ ^[0-9]+$ ]] || die "--timeout takes a number of seconds, not $2"
      export STORAGE_WAIT_SECONDS=$2
      shift 2
      ;;
    -h | --help) apply_defaults; usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
finish_settings
ecs_defaults

ecs_load_outputs main storage
log "checking the Milvus storage of $(stack_name storage) in $AWS_REGION"
milvus_storage_check "$STORAGE_WAIT_SECONDS"
milvus_backup_check
echo "MILVUS_FILE_SYSTEM_ID=$MILVUS_FILE_SYSTEM_ID"
echo "MILVUS_ACCESS_POINT_ID=$MILVUS_ACCESS_POINT_ID"
echo "EFS_SECURITY_GROUP_ID=$EFS_SECURITY_GROUP_ID"
echo "BACKUP_PLAN_ID=$BACKUP_PLAN_ID"
echo "BACKUP_VAULT_NAME=$BACKUP_VAULT_NAME"
log "the Milvus storage is ready: scripts/deploy-milvus.sh deploys Milvus on it"
