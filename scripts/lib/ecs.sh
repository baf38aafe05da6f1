# Sourced after common.sh by deploy-ecs.sh, deploy-milvus.sh and setup-milvus-storage.sh: the ECS settings and their
# defaults, the stack outputs that fill the templates of infrastructure/ecs/ (see its README.md), and the steps that
# register task definitions, create or update services, scale them and check the Milvus storage.
# shellcheck shell=bash

ECS_DIR=$PROJECT_ROOT/infrastructure/ecs

# Every service, in the order they are deployed: the store, the agents that read it, then their callers.
# shellcheck disable=SC2034 # read by the scripts
ECS_SERVICES=(milvus ner rag llm hybrid orchestrator worker orchestrator-v2)
# The services with autoscaling (infrastructure/ecs/autoscaling/<service>-target.json and <service>-*-policy.json).
ECS_SCALED_SERVICES=(orchestrator ner rag llm hybrid worker)

# The task definition registered for each service by this run (service -> ARN).
declare -A ECS_REGISTERED=()

# The prefix of a service's settings: ORCHESTRATOR_V2 for orchestrator-v2.
ecs_var() {
  local name=${1^^}
  echo "${name//-/_}"
}

# Sets variable NAME to VALUE unless it is set and not empty.
ecs_default() {
  [ -n "${!1:-}" ] || printf -v "$1" '%s' "$2"
}

ecs_in_list() {
  local item=$1
  shift
  local each
  for each in "$@"; do
    [ "$each" = "$item" ] && return 0
  done
  return 1
}

# The settings of the ECS deployment and their defaults (flags and the env file come first; .env.example lists them).
ecs_defaults() {
  local svc cpu memory count
  ecs_default IMAGE_TAG latest
  ecs_default IMAGE_TAG_V2 "$IMAGE_TAG"
  ecs_default CPU_ARCHITECTURE X86_64
  ecs_default METRICS_NAMESPACE MPI
  ecs_default LLM_AGENT_ENABLED false
  ecs_default BEDROCK_MODEL_ID us.amazon.nova-pro-v1:0
  # models in the models bucket (s3://<bucket>/<prefix>/), copied by each service with a knowledge base at its start
  ecs_default EMBEDDING_MODEL_PATH ""
  ecs_default NER_MODEL_PATH ""
  ecs_default MILVUS_IMAGE milvusdb/milvus:v2.5.4
  ecs_default FARGATE_SPOT_WEIGHT 3
  ecs_default CPU_TARGET 60
  ecs_default BACKLOG_PER_TASK 100
  ecs_default STORAGE_WAIT_SECONDS 600
  # as the ecs stack's EnableEcsExec, which gives the task roles the Session Manager channel ECS Exec needs
  ecs_default ENABLE_ECS_EXEC false
  [[ $ENABLE_ECS_EXEC =~ ^(true|false)$ ]] || die "ENABLE_ECS_EXEC must be true or false, not '$ENABLE_ECS_EXEC'"
  case $CPU_ARCHITECTURE in
    X86_64) ;;
    ARM64)
      # Fargate Spot runs X86_64 Linux tasks only
      [ "$FARGATE_SPOT_WEIGHT" = 0 ] || die "CPU_ARCHITECTURE=ARM64 needs FARGATE_SPOT_WEIGHT=0: Fargate Spot runs X86_64 tasks only"
      ;;
    *) die "CPU_ARCHITECTURE must be X86_64 or ARM64, not $CPU_ARCHITECTURE" ;;
  esac
  while read -r svc cpu memory count; do
    ecs_default "$(ecs_var "$svc")_CPU" "$cpu"
    ecs_default "$(ecs_var "$svc")_MEMORY" "$memory"
    ecs_default "$(ecs_var "$svc")_DESIRED_COUNT" "$count"
  done << 'EOF'
orchestrator 1024 2048 2
ner 1024 2048 2
rag 1024 3072 2
llm 512 1024 1
hybrid 1024 3072 1
worker 1024 2048 1
milvus 2048 8192 1
EOF
  ecs_default ORCHESTRATOR_V2_CPU "$ORCHESTRATOR_CPU"
  ecs_default ORCHESTRATOR_V2_MEMORY "$ORCHESTRATOR_MEMORY"
  ecs_default ORCHESTRATOR_V2_DESIRED_COUNT 1
  for svc in "${ECS_SCALED_SERVICES[@]}"; do
    ecs_default "$(ecs_var "$svc")_MIN_TASKS" 1
    ecs_default "$(ecs_var "$svc")_MAX_TASKS" 10
  done
}

# Variable -> output key, for the outputs a stand-in left missing or unresolved (see ecs_outputs).
declare -A ECS_UNRESOLVED=()

# Like stack_outputs. Against AWS every output must be there. Against a stand-in (--endpoint-url), whose CloudFormation
# skips the resource types it does not implement, an output that is missing or unresolved (a "${...}", an
# "<... object at 0x...>", an "Fn::") is reported, not pretended: its variable is left empty and listed in
# ECS_UNRESOLVED, and ecs_stand_in_values fills it.
ecs_outputs() {
  local stack=$1 name text pair var key value
  shift
  if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
    stack_outputs "$stack" "$@"
    return
  fi
  name=$(stack_name "$stack")
  text=$(awscli cloudformation describe-stacks --stack-name "$name" \
      --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output text) \
    || die "cannot read stack $name (deploy it first: scripts/deploy-cloudformation.sh)"
  for pair in "$@"; do
    var=${pair%%=*}
    key=${pair#*=}
    value=$(awk -F '\t' -v key="$key" '$1 == key { print $2; exit }' <<< "$text")
    case $value in
      '' | None | *"\${"* | *'<'*'>'* | *'Fn::'*)
        log "warning: stand-in: $name output $key is ${value:-missing}, not a value (a resource type it does not implement)"
        ECS_UNRESOLVED[$var]=$key
        value=""
        ;;
    esac
    printf -v "$var" '%s' "$value"
  done
}

# Against a stand-in only: fills the variables of unresolved outputs. The Milvus access point is looked up by its file
# system; the backup plan and vault stay empty (milvus_backup_check then says it has nothing to check); any other gets
# a made-up value that names the output, which a stand-in takes as it takes any string.
ecs_stand_in_values() {
  local var key
  for var in "${!ECS_UNRESOLVED[@]}"; do
    key=${ECS_UNRESOLVED[$var]}
    case $var in
      MILVUS_ACCESS_POINT_ID)
        [ -n "$MILVUS_FILE_SYSTEM_ID" ] || die "stand-in: no file system to look the Milvus access point up by"
        MILVUS_ACCESS_POINT_ID=$(awscli efs describe-access-points --file-system-id "$MILVUS_FILE_SYSTEM_ID" \
            --query 'AccessPoints[0].AccessPointId' --output text) || die "cannot list the access points of $MILVUS_FILE_SYSTEM_ID"
        [ "$MILVUS_ACCESS_POINT_ID" != None ] || die "stand-in: file system $MILVUS_FILE_SYSTEM_ID has no access point"
        log "stand-in: $key is $MILVUS_ACCESS_POINT_ID, the access point of $MILVUS_FILE_SYSTEM_ID"
        ;;
      BACKUP_PLAN_ID | BACKUP_VAULT_NAME) ;;
      *_ARN)
        printf -v "$var" 'arn:aws:stand-in:%s:000000000000:unresolved/%s' "$AWS_REGION" "$key"
        log "stand-in: $key is ${!var}"
        ;;
      *)
        printf -v "$var" 'unresolved-%s' "$key"
        log "stand-in: $key is ${!var}"
        ;;
    esac
  done
}

# Reads the outputs of the named stacks (main, storage, alb, ecs) into the variables the templates use.
ecs_load_outputs() {
  local stack
  for stack in "$@"; do
    case $stack in
      main)
        ecs_outputs main PRIVATE_SUBNET_1=PrivateSubnet1 PRIVATE_SUBNET_2=PrivateSubnet2 \
          SERVICE_SECURITY_GROUP_ID=ServiceSecurityGroupId MILVUS_SECURITY_GROUP_ID=MilvusSecurityGroupId \
          EFS_SECURITY_GROUP_ID=EfsSecurityGroupId
        ;;
      storage)
        ecs_outputs storage MILVUS_FILE_SYSTEM_ID=MilvusFileSystemId MILVUS_ACCESS_POINT_ID=MilvusAccessPointId \
          BACKUP_VAULT_NAME=BackupVaultName BACKUP_PLAN_ID=BackupPlanId TRAINING_BUCKET_NAME=TrainingBucketName \
          CATALOG_EVENTS_QUEUE_NAME=CatalogEventsQueueName TITLE_EVENTS_QUEUE_NAME=TitleEventsQueueName
        ;;
      alb)
        ecs_outputs alb ORCHESTRATOR_TARGET_GROUP_ARN=OrchestratorTargetGroupArn \
          NER_TARGET_GROUP_ARN=NerTargetGroupArn RAG_TARGET_GROUP_ARN=RagTargetGroupArn \
          LLM_TARGET_GROUP_ARN=LlmTargetGroupArn HYBRID_TARGET_GROUP_ARN=HybridTargetGroupArn
        ;;
      ecs)
        # The cluster is the one the ecs stack made: its output replaces the CLUSTER_NAME setting.
        ecs_outputs ecs CLUSTER_NAME=ClusterName TASK_EXECUTION_ROLE_ARN=TaskExecutionRoleArn \
          TASK_ROLE_ARN=TaskRoleArn MILVUS_TASK_ROLE_ARN=MilvusTaskRoleArn NAMESPACE_NAME=NamespaceName \
          ORCHESTRATOR_DISCOVERY_ARN=OrchestratorDiscoveryArn NER_DISCOVERY_ARN=NerDiscoveryArn \
          RAG_DISCOVERY_ARN=RagDiscoveryArn LLM_DISCOVERY_ARN=LlmDiscoveryArn \
          HYBRID_DISCOVERY_ARN=HybridDiscoveryArn MILVUS_DISCOVERY_ARN=MilvusDiscoveryArn \
          LOG_GROUP_PREFIX=LogGroupPrefix REQUESTS_QUEUE_NAME=RequestsQueueName \
          RESULTS_QUEUE_NAME=ResultsQueueName DEAD_LETTER_QUEUE_NAME=DeadLetterQueueName \
          API_KEY_PARAMETER_ARN=ApiKeyParameterArn REPOSITORY_URI=RepositoryUri
        # shellcheck disable=SC2034 # ${IMAGE_URI} and ${IMAGE_URI_V2} of the task definitions
        IMAGE_URI=$REPOSITORY_URI:$IMAGE_TAG IMAGE_URI_V2=$REPOSITORY_URI:$IMAGE_TAG_V2
        ;;
      *) die "unknown stack: $stack" ;;
    esac
  done
  ecs_stand_in_values
}

# The stacks whose outputs the given services need.
ecs_stacks_for() {
  local stacks=(main ecs) svc
  # milvus: its file system; rag and worker: the training bucket and the events queues of the S3 inboxes
  if ecs_in_list milvus "$@" || ecs_in_list rag "$@" || ecs_in_list worker "$@"; then
    stacks+=(storage)
  fi
  for svc in "$@"; do
    if [ -n "$(ecs_target_group_var "$svc")" ]; then
      stacks+=(alb)
      break
    fi
  done
  echo "${stacks[@]}"
}

# The variable holding the service's target group ARN, or nothing for a service without a load balancer. Like the
# next few functions, this repeats what services/<service>-service.json says, for update-service (which takes flags).
ecs_target_group_var() {
  case $1 in
    orchestrator | orchestrator-v2) echo ORCHESTRATOR_TARGET_GROUP_ARN ;;
    ner | rag | llm | hybrid) echo "$(ecs_var "$1")_TARGET_GROUP_ARN" ;;
  esac
}

# The variable holding the service's Cloud Map service ARN, or nothing for a service without one.
ecs_discovery_var() {
  case $1 in
    orchestrator | ner | rag | llm | hybrid | milvus) echo "$(ecs_var "$1")_DISCOVERY_ARN" ;;
  esac
}

ecs_capacity_strategy() {
  if [ "$1" = milvus ]; then
    echo '[{"capacityProvider":"FARGATE","base":1,"weight":1}]'
  else
    echo '[{"capacityProvider":"FARGATE","base":1,"weight":1},{"capacityProvider":"FARGATE_SPOT","base":0,"weight":'"$FARGATE_SPOT_WEIGHT"'}]'
  fi
}

ecs_deployment_configuration() {
  if [ "$1" = milvus ]; then
    # one task at a time: two Milvus tasks must never share the embedded etcd's files
    echo '{"deploymentCircuitBreaker":{"enable":true,"rollback":true},"maximumPercent":100,"minimumHealthyPercent":0}'
  else
    echo '{"deploymentCircuitBreaker":{"enable":true,"rollback":true},"maximumPercent":200,"minimumHealthyPercent":100}'
  fi
}

ecs_network_configuration() {
  local sg=$SERVICE_SECURITY_GROUP_ID
  [ "$1" = milvus ] && sg=$MILVUS_SECURITY_GROUP_ID
  echo '{"awsvpcConfiguration":{"subnets":["'"$PRIVATE_SUBNET_1"'","'"$PRIVATE_SUBNET_2"'"],"securityGroups":["'"$sg"'"],"assignPublicIp":"DISABLED"}}'
}

ecs_platform_version() {
  if [ "$1" = milvus ]; then echo 1.4.0; else echo LATEST; fi
}

# Renders every template the given services use, so that a missing setting stops the run before anything changes.
ecs_render_all() {
  local svc file
  render_json "$ECS_DIR/capacity-providers.json" > /dev/null || exit 1
  for svc in "$@"; do
    for file in "$ECS_DIR/task-definitions/$svc-task-def.json" "$ECS_DIR/services/$svc-service.json" "$ECS_DIR/autoscaling/$svc"-*.json; do
      [ -f "$file" ] || continue
      render_json "$file" > /dev/null || exit 1
    done
  done
}

# Fails unless the image tag is in the ECR repository of the ecs stack (a missing image would only show as tasks
# that never start). Against a stand-in, which runs no task, it only warns.
ecs_check_image() {
  local tag=$1 registry repository err
  registry=${REPOSITORY_URI%%.*}
  repository=${REPOSITORY_URI#*/}
  if ! err=$(awscli ecr describe-images --registry-id "$registry" --repository-name "$repository" \
      --image-ids "imageTag=$tag" --query 'imageDetails[0].imageDigest' --output text 2>&1 > /dev/null); then
    if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
      log "warning: stand-in: image $REPOSITORY_URI:$tag is not in its repository (a stand-in runs no task): deploying anyway"
      return 0
    fi
    die "image $REPOSITORY_URI:$tag not found (push it first, or choose another with --image-tag): ${err//$'\n'/ }"
  fi
}

# Gives the cluster the FARGATE and FARGATE_SPOT capacity providers and the default strategy, unless it has them.
ecs_put_capacity_providers() {
  local have want json
  have=$(awscli ecs describe-clusters --clusters "$CLUSTER_NAME" --query \
      'clusters[0].[capacityProviders, defaultCapacityProviderStrategy[].[capacityProvider, base, weight]]' \
      --output text | tr -s '[:space:]' ' ') || die "cannot describe cluster $CLUSTER_NAME"
  want=$(printf 'FARGATE FARGATE_SPOT FARGATE 1 1 FARGATE_SPOT 0 %s ' "$FARGATE_SPOT_WEIGHT")
  if [ "$have" = "$want" ]; then
    log "cluster $CLUSTER_NAME: capacity providers FARGATE, FARGATE_SPOT already set"
    return 0
  fi
  json=$(render_json "$ECS_DIR/capacity-providers.json") || exit 1
  awscli ecs put-cluster-capacity-providers --cli-input-json "$json" > /dev/null \
    || die "cannot set the capacity providers of cluster $CLUSTER_NAME"
  log "cluster $CLUSTER_NAME: capacity providers FARGATE, FARGATE_SPOT set (FARGATE_SPOT weight $FARGATE_SPOT_WEIGHT)"
}

ecs_register_task_definition() {
  local svc=$1 json arn
  json=$(render_json "$ECS_DIR/task-definitions/$svc-task-def.json") || exit 1
  arn=$(awscli ecs register-task-definition --cli-input-json "$json" \
      --query taskDefinition.taskDefinitionArn --output text) || die "cannot register the task definition of $svc"
  ECS_REGISTERED[$svc]=$arn
  log "$svc: registered ${arn##*/}"
}

# Registers the service's task definition, then creates the service or, when it exists, updates it to that revision.
ecs_deploy_service() {
  local svc=$1 var state status current desired json
  var=$(ecs_var "$svc")
  ecs_register_task_definition "$svc"
  state=$(awscli ecs describe-services --cluster "$CLUSTER_NAME" --services "$svc" \
      --query 'services[0].[status, desiredCount]' --output text) || die "cannot describe service $svc"
  read -r status current <<< "$state"
  case $status in
    ACTIVE)
      desired=$(ecs_var "$svc")_DESIRED_COUNT
      desired=${!desired}
      if [ "$svc" != milvus ] && [ "$current" -gt "$desired" ]; then
        log "$svc: keeping its desired count of $current (above ${var}_DESIRED_COUNT=$desired: set by autoscaling or by hand)"
        desired=$current
      fi
      ecs_update_service "$svc" "$desired"
      log "$svc: updated (desired count $desired)"
      ;;
    DRAINING)
      die "service $svc is being deleted; run this again once it is gone"
      ;;
    *)
      json=$(render_json "$ECS_DIR/services/$svc-service.json") || exit 1
      awscli ecs create-service --cli-input-json "$json" > /dev/null || die "cannot create service $svc"
      log "$svc: created"
      ;;
  esac
}

# update-service takes flags, not create-service's document: the same settings as services/<service>-service.json.
ecs_update_service() {
  local svc=$1 desired=$2 tg_var discovery_var args
  args=(ecs update-service --cluster "$CLUSTER_NAME" --service "$svc"
    --task-definition "${ECS_REGISTERED[$svc]}" --desired-count "$desired"
    --capacity-provider-strategy "$(ecs_capacity_strategy "$svc")"
    --platform-version "$(ecs_platform_version "$svc")"
    --network-configuration "$(ecs_network_configuration "$svc")"
    --deployment-configuration "$(ecs_deployment_configuration "$svc")"
    "$(if [ "$ENABLE_ECS_EXEC" = true ]; then echo --enable-execute-command; else echo --disable-execute-command; fi)"
    --propagate-tags SERVICE --enable-ecs-managed-tags --force-new-deployment)
  tg_var=$(ecs_target_group_var "$svc")
  if [ -n "$tg_var" ]; then
    args+=(--load-balancers "[{\"targetGroupArn\":\"${!tg_var}\",\"containerName\":\"${svc%-v2}\",\"containerPort\":8080}]"
      --health-check-grace-period-seconds 120)
  fi
  discovery_var=$(ecs_discovery_var "$svc")
  if [ -n "$discovery_var" ]; then
    args+=(--service-registries "[{\"registryArn\":\"${!discovery_var}\"}]")
  fi
  awscli "${args[@]}" > /dev/null || die "cannot update service $svc"
}

# Registers the service as a scalable target (min and max tasks) and puts its target-tracking policies.
ecs_apply_autoscaling() {
  local svc=$1 json policy min max
  json=$(render_json "$ECS_DIR/autoscaling/$svc-target.json") || exit 1
  awscli application-autoscaling register-scalable-target --cli-input-json "$json" > /dev/null \
    || die "cannot register $svc as a scalable target"
  for policy in "$ECS_DIR/autoscaling/$svc"-*-policy.json; do
    json=$(render_json "$policy") || exit 1
    awscli application-autoscaling put-scaling-policy --cli-input-json "$json" > /dev/null \
      || die "cannot put the scaling policy $(basename "$policy" .json)"
  done
  min=$(ecs_var "$svc")_MIN_TASKS
  max=$(ecs_var "$svc")_MAX_TASKS
  log "$svc: autoscaling between ${!min} and ${!max} tasks, policies: $(cd "$ECS_DIR/autoscaling" && echo "$svc"-*-policy.json)"
}

# Waits until the services are stable (up to 30 minutes), then fails when one of them runs another task definition
# than this run registered (the deployment circuit breaker rolled it back).
ecs_wait_stable() {
  local attempt svc running
  for attempt in 1 2 3; do
    log "waiting for the services to be stable: $*"
    if awscli ecs wait services-stable --cluster "$CLUSTER_NAME" --services "$@"; then
      break
    fi
    [ "$attempt" -lt 3 ] || die "the services are not stable after 30 minutes (aws ecs describe-services shows their events)"
  done
  for svc in "$@"; do
    [ -n "${ECS_REGISTERED[$svc]:-}" ] || continue
    running=$(awscli ecs describe-services --cluster "$CLUSTER_NAME" --services "$svc" \
        --query 'services[0].taskDefinition' --output text) || die "cannot describe service $svc"
    [ "$running" = "${ECS_REGISTERED[$svc]}" ] \
      || die "$svc runs ${running##*/}, not ${ECS_REGISTERED[$svc]##*/}: its deployment failed and was rolled back (see its events: aws ecs describe-services --cluster $CLUSTER_NAME --services $svc)"
  done
  log "stable: $*"
}

# The Milvus storage of the storage stack: the EFS file system, a mount target in each private subnet and the access
# point, all available (waiting up to TIMEOUT seconds while they are being made), and the backup plan and vault.
# Read-only. Prints what it found on standard output.
milvus_storage_check() {
  local timeout=${1:-600} deadline pending fs mts ap subnet line state mt sgs
  deadline=$((SECONDS + timeout))
  while :; do
    pending=""
    fs=$(awscli efs describe-file-systems --file-system-id "$MILVUS_FILE_SYSTEM_ID" --query \
        'FileSystems[0].[LifeCycleState, Encrypted, PerformanceMode, ThroughputMode, NumberOfMountTargets]' \
        --output text) || die "EFS file system $MILVUS_FILE_SYSTEM_ID (storage stack output MilvusFileSystemId) not found"
    state=$(cut -f1 <<< "$fs")
    case $state in
      available) ;;
      creating | updating) pending+=" file system ($state)" ;;
      *) die "EFS file system $MILVUS_FILE_SYSTEM_ID is $state" ;;
    esac
    mts=$(awscli efs describe-mount-targets --file-system-id "$MILVUS_FILE_SYSTEM_ID" --query \
        'MountTargets[].[SubnetId, LifeCycleState, MountTargetId, IpAddress, AvailabilityZoneName]' --output text) \
      || die "cannot list the mount targets of $MILVUS_FILE_SYSTEM_ID"
    for subnet in "$PRIVATE_SUBNET_1" "$PRIVATE_SUBNET_2"; do
      line=$(awk -F '\t' -v subnet="$subnet" '$1 == subnet' <<< "$mts")
      [ -n "$line" ] || die "EFS file system $MILVUS_FILE_SYSTEM_ID has no mount target in private subnet $subnet (the storage stack makes one in each)"
      state=$(cut -f2 <<< "$line")
      case $state in
        available) ;;
        creating | updating) pending+=" mount target in $subnet ($state)" ;;
        *) die "the mount target of $MILVUS_FILE_SYSTEM_ID in $subnet is $state" ;;
      esac
    done
    ap=$(awscli efs describe-access-points --access-point-id "$MILVUS_ACCESS_POINT_ID" --query \
        'AccessPoints[0].[LifeCycleState, FileSystemId, RootDirectory.Path, PosixUser.Uid, PosixUser.Gid]' \
        --output text) || die "EFS access point $MILVUS_ACCESS_POINT_ID (storage stack output MilvusAccessPointId) not found"
    [ "$(cut -f2 <<< "$ap")" = "$MILVUS_FILE_SYSTEM_ID" ] \
      || die "access point $MILVUS_ACCESS_POINT_ID belongs to $(cut -f2 <<< "$ap"), not to $MILVUS_FILE_SYSTEM_ID"
    state=$(cut -f1 <<< "$ap")
    case $state in
      available) ;;
      creating | updating) pending+=" access point ($state)" ;;
      *) die "EFS access point $MILVUS_ACCESS_POINT_ID is $state" ;;
    esac
    [ -n "$pending" ] || break
    [ "$SECONDS" -lt "$deadline" ] || die "not available after ${timeout}s:$pending"
    log "waiting for:$pending"
    sleep 10
  done
  for subnet in "$PRIVATE_SUBNET_1" "$PRIVATE_SUBNET_2"; do
    mt=$(awk -F '\t' -v subnet="$subnet" '$1 == subnet { print $3 }' <<< "$mts")
    if sgs=$(awscli efs describe-mount-target-security-groups --mount-target-id "$mt" \
        --query 'SecurityGroups' --output text 2> /dev/null); then
      case " $(tr -s '[:space:]' ' ' <<< "$sgs") " in
        *" $EFS_SECURITY_GROUP_ID "*) ;;
        *) log "warning: mount target $mt has security groups $sgs, not $EFS_SECURITY_GROUP_ID (main stack output EfsSecurityGroupId): Milvus may not reach it" ;;
      esac
    else
      log "warning: cannot read the security groups of mount target $mt"
    fi
  done
  echo "EFS file system   $MILVUS_FILE_SYSTEM_ID: $(cut -f1 <<< "$fs"), encrypted $(cut -f2 <<< "$fs"), $(cut -f3 <<< "$fs"), throughput $(cut -f4 <<< "$fs")"
  while IFS=$'\t' read -r subnet state mt line _; do
    echo "  mount target    $mt in $subnet ($line): $state"
  done <<< "$mts"
  echo "EFS access point  $MILVUS_ACCESS_POINT_ID: $(cut -f1 <<< "$ap"), root $(cut -f3 <<< "$ap"), uid:gid $(cut -f4 <<< "$ap"):$(cut -f5 <<< "$ap")"
}

# The storage stack's backup plan and vault exist; warns when the plan's rules use another vault or it has no selection.
milvus_backup_check() {
  local plan vaults selections
  if [ -z "$BACKUP_PLAN_ID" ] || [ -z "$BACKUP_VAULT_NAME" ]; then
    # only against a stand-in: against AWS the outputs must be there (ecs_outputs)
    log "warning: stand-in: the storage stack has no backup plan or vault (not made by this endpoint): not checked"
    return 0
  fi
  plan=$(awscli backup get-backup-plan --backup-plan-id "$BACKUP_PLAN_ID" \
      --query 'BackupPlan.BackupPlanName' --output text) \
    || die "backup plan $BACKUP_PLAN_ID (storage stack output BackupPlanId) not found"
  vaults=$(awscli backup get-backup-plan --backup-plan-id "$BACKUP_PLAN_ID" \
      --query 'BackupPlan.Rules[].TargetBackupVaultName' --output text) || die "cannot read backup plan $BACKUP_PLAN_ID"
  awscli backup describe-backup-vault --backup-vault-name "$BACKUP_VAULT_NAME" > /dev/null \
    || die "backup vault $BACKUP_VAULT_NAME (storage stack output BackupVaultName) not found"
  case " $(tr -s '[:space:]' ' ' <<< "$vaults") " in
    *" $BACKUP_VAULT_NAME "*) ;;
    *) log "warning: no rule of backup plan $plan writes to vault $BACKUP_VAULT_NAME (its rules use: $vaults)" ;;
  esac
  if selections=$(awscli backup list-backup-selections --backup-plan-id "$BACKUP_PLAN_ID" \
      --query 'length(BackupSelectionsList)' --output text 2> /dev/null); then
    [ "$selections" -gt 0 ] || log "warning: backup plan $plan selects no resource: the file system is not backed up"
  else
    log "warning: cannot list the selections of backup plan $plan"
    selections="?"
  fi
  echo "backup plan       $BACKUP_PLAN_ID ($plan): vault(s) $vaults, $selections selection(s)"
  echo "backup vault      $BACKUP_VAULT_NAME"
}
