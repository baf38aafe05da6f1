#!/usr/bin/env bash
# Deploys the CloudFormation stacks of infrastructure/cloudformation/ in order: main -> storage -> alb -> ecs ->
# monitoring, as $STACK_NAME-main, $STACK_NAME-storage, ... Each stack gets its parameters from the settings and from
# the outputs of the stacks before it (read with stack_output), so the outputs chain. Idempotent: a missing stack is
# created, an existing one updated ("No updates are to be performed" counts as success), and the run waits for each
# stack to be complete, printing the failed stack events when it is not.
set -euo pipefail
shopt -s inherit_errexit

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

TEMPLATE_DIR=$PROJECT_ROOT/infrastructure/cloudformation
STACKS=(main storage alb ecs monitoring)

usage() {
  cat << EOF
Usage: scripts/deploy-cloudformation.sh [options]

Creates or updates the CloudFormation stacks \$STACK_NAME-main, -storage, -alb, -ecs and -monitoring of
infrastructure/cloudformation/, in that order, each with parameters from the settings below and from the outputs
of the stacks before it. Waits for each; on a failure prints the stack's failed events.

Options:
  --only STACK         deploy only this stack (main, storage, alb, ecs or monitoring); the stacks before it must exist
$COMMON_FLAGS_HELP

Settings (environment or env file; default in brackets):
  DEPLOYMENT_ENV               environment name of every stack (EnvironmentName) [production]
  CLUSTER_NAME                 ECS cluster [mpi-cluster]
  NAT_GATEWAYS                 1 or 2 NAT gateways; 1 saves cost, 2 survive the loss of an AZ [1]
  BUCKET_PREFIX                bucket names are <prefix>-models|training|logs-<account>-<region> [STACK_NAME, lower case]
  BACKUP_RETENTION_DAYS        days a daily EFS backup is kept [35]
  LOGS_EXPIRY_DAYS             days before objects of the logs bucket expire [90]
  CERTIFICATE_ARN              ACM certificate: HTTPS on 443 and HTTP redirected to it; empty: HTTP only []
  WAF_RATE_LIMIT               requests per client IP per 5 minutes before the WAF blocks it [2000]
  ENABLE_WAF                   true/false: the WAF web ACL on the load balancer [true; false with --endpoint-url, as
                               CloudFormation stand-ins such as moto do not implement AWS::WAFv2]
  NAMESPACE_NAME               Cloud Map private DNS namespace: services are <service>.<namespace> [mpi.local]
  LOG_RETENTION_DAYS           days the service logs are kept (a CloudWatch Logs retention value) [30]
  FARGATE_SPOT_WEIGHT          weight of FARGATE_SPOT next to FARGATE (base 1, weight 1) in the cluster's default
                               capacity provider strategy [3]
  BEDROCK_MODEL_ARNS           comma-separated Bedrock model ARNs the task role may invoke [Amazon Nova Pro: the
                               foundation model in AWS_REGION and, in a us-* Region, the us. inference profile of the
                               account and the foundation model in the profile's Regions us-east-1, us-east-2, us-west-2]
  API_KEY_PARAMETER            SSM SecureString parameter of the API key (create it yourself); the task role may also
                               read the other parameters of its path [/mpi/production/api-key]
  METRICS_NAMESPACE            CloudWatch namespace of the application's metrics [MPI]
  ECR_REPOSITORY               ECR repository of the image [multilingual-product-inference]
  ECR_KEEP_IMAGES              the repository keeps the newest this many images [20]
  ENABLE_ECS_EXEC              true/false: let the task roles open ECS Exec sessions (aws ecs execute-command) [false]
  ALARM_EMAIL                  address subscribed to the alarm topic; empty: none []
  ENABLE_DETAILED_MONITORING   true: 1-minute alarms and a dashboard row per agent; false: 5-minute alarms [true]
The ECS service names are fixed: orchestrator, ner, rag, llm, hybrid, worker, milvus (scripts/deploy-ecs.sh).
Queues are \$STACK_NAME-requests, -results and -requests-dlq; log groups /ecs/\$STACK_NAME/<service>.
EOF
}

ONLY=""
while [ $# -gt 0 ]; do
  n=0
  parse_common_flag "$@" || n=$?
  if [ "$n" -gt 0 ]; then
    shift "$n"
    continue
  fi
  case $1 in
    --only)
      [ $# -ge 2 ] || die "--only needs a stack: ${STACKS[*]}"
      ONLY=$2
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
if [ -n "$ONLY" ]; then
  case " ${STACKS[*]} " in
    *" $ONLY "*) ;;
    *) die "--only takes one of: ${STACKS[*]} (not $ONLY)" ;;
  esac
fi

finish_settings

# ---------------------------------------------------------------------------------------------------- settings
# ENABLE_WAF before the defaults below: whether it was set decides its default.
if [ -z "${ENABLE_WAF:-}" ]; then
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
    ENABLE_WAF=false
    log "ENABLE_WAF=false: --endpoint-url names a stand-in, and moto's CloudFormation does not implement AWS::WAFv2 (set ENABLE_WAF=true to try)"
  else
    ENABLE_WAF=true
  fi
fi
: "${NAT_GATEWAYS:=1}" "${BACKUP_RETENTION_DAYS:=35}" "${LOGS_EXPIRY_DAYS:=90}" "${CERTIFICATE_ARN:=}"
: "${WAF_RATE_LIMIT:=2000}" "${NAMESPACE_NAME:=mpi.local}" "${LOG_RETENTION_DAYS:=30}" "${FARGATE_SPOT_WEIGHT:=3}"
: "${BEDROCK_MODEL_ARNS:=}" "${API_KEY_PARAMETER:=/mpi/production/api-key}" "${METRICS_NAMESPACE:=MPI}"
: "${ECR_REPOSITORY:=multilingual-product-inference}" "${ECR_KEEP_IMAGES:=20}" "${ENABLE_ECS_EXEC:=false}"
: "${ALARM_EMAIL:=}" "${ENABLE_DETAILED_MONITORING:=true}"
: "${BUCKET_PREFIX:=$(tr '[:upper:]' '[:lower:]' <<< "$STACK_NAME")}"

case $NAT_GATEWAYS in 1 | 2) ;; *) die "NAT_GATEWAYS must be 1 or 2, not $NAT_GATEWAYS" ;; esac
for flag in ENABLE_WAF ENABLE_ECS_EXEC ENABLE_DETAILED_MONITORING; do
  case ${!flag} in true | false) ;; *) die "$flag must be true or false, not ${!flag}" ;; esac
done
[[ $API_KEY_PARAMETER =~ ^/.+/[^/]+$ ]] \
  || die "API_KEY_PARAMETER must be a parameter under a path, such as /mpi/production/api-key (not $API_KEY_PARAMETER)"
# the application's parameter path: the API key parameter's folder
SSM_PARAMETER_PATH=${API_KEY_PARAMETER%/*}

# The default Bedrock models: Amazon Nova Pro, as the ECS scripts' default model id us.amazon.nova-pro-v1:0 (a
# cross-Region inference profile) needs it: the profile of the account and the foundation model in every Region the
# profile sends requests to.
default_bedrock_model_arns() {
  local model=amazon.nova-pro-v1:0 account arns region
  arns="arn:aws:bedrock:$AWS_REGION::foundation-model/$model"
  case $AWS_REGION in
    us-*)
      account=$(awscli sts get-caller-identity --query Account --output text) \
        || die "cannot read the account id (aws sts get-caller-identity); set BEDROCK_MODEL_ARNS"
      for region in us-east-1 us-east-2 us-west-2; do
        [ "$region" = "$AWS_REGION" ] || arns+=",arn:aws:bedrock:$region::foundation-model/$model"
      done
      arns+=",arn:aws:bedrock:$AWS_REGION:$account:inference-profile/us.$model"
      ;;
    *)
      log "warning: $AWS_REGION is not a us-* Region: BEDROCK_MODEL_ARNS defaults to the foundation model alone (set it for an inference profile)"
      ;;
  esac
  echo "$arns"
}

# ---------------------------------------------------------------------------------------------------- helpers
WORK_DIR=$(mktemp -d)
trap 'rm -rf "$WORK_DIR"' EXIT

json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# Writes the KEY=VALUE arguments as a CloudFormation parameters file (JSON: list values keep their plain commas).
write_parameters() {
  local file=$1 pair sep=""
  shift
  {
    printf '['
    for pair in "$@"; do
      printf '%s\n  {"ParameterKey": %s, "ParameterValue": %s}' "$sep" "$(json_string "${pair%%=*}")" \
        "$(json_string "${pair#*=}")"
      sep=","
    done
    printf '\n]\n'
  } > "$file"
}

write_tags() {
  {
    printf '[{"Key": "Project", "Value": "multilingual-product-inference"}, '
    printf '{"Key": "Environment", "Value": %s}, ' "$(json_string "$DEPLOYMENT_ENV")"
    printf '{"Key": "Stack", "Value": %s}]\n' "$(json_string "$STACK_NAME")"
  } > "$1"
}

# The stack's status, or NONE when it does not exist.
stack_status() {
  local out
  if out=$(awscli cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' \
      --output text 2>&1); then
    echo "$out"
  elif [[ $out == *"does not exist"* ]]; then
    echo NONE
  else
    die "cannot read stack $1: $out"
  fi
}

# The id of the stack's newest event (empty for a stack without events): the events after it belong to this run.
newest_event() {
  awscli cloudformation describe-stack-events --stack-name "$1" --max-items 1 \
    --query 'StackEvents[0].EventId' --output text 2> /dev/null || true
}

# Prints the stack's status and the failed events newer than event $2 (all of them when $2 is empty).
print_failure() {
  local stack=$1 since=$2 id time logical type status reason
  status=$(awscli cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].[StackStatus, StackStatusReason]' --output text 2> /dev/null) || status="(cannot be read)"
  echo "$stack: ${status//$'\t'/: }" >&2
  echo "failed events of $stack (newest first):" >&2
  awscli cloudformation describe-stack-events --stack-name "$stack" --max-items 500 --query \
      'StackEvents[].[EventId, Timestamp, LogicalResourceId, ResourceType, ResourceStatus, ResourceStatusReason]' \
      --output text 2> /dev/null \
    | while IFS=$'\t' read -r id time logical type status reason; do
      [ -z "$since" ] || [ "$id" != "$since" ] || break
      case $status in
        *FAILED) printf '  %s  %s (%s)  %s: %s\n' "$time" "$logical" "$type" "$status" "$reason" >&2 ;;
      esac
    done
}

# Prints the stack's outputs; warns about values a stand-in left unresolved: a "${...}" of a resource it does not
# implement, the "<... object at 0x...>" of one whose id it does not expose (moto's EFS access point), or an intrinsic
# function it did not evaluate.
# Also names the outputs of the template that the stack does not have (an output under a condition that is off, or of
# a resource type the endpoint does not implement).
print_outputs() {
  local stack=$1 template=$2 outputs key value
  outputs=$(awscli cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[].[OutputKey, OutputValue]' --output text)
  while IFS=$'\t' read -r key value; do
    [ -n "$key" ] && [ "$key" != None ] || continue
    log "  $key = $value"
    case $value in
      *"\${"* | *"<"*">"* | *"Fn::"*) log "  warning: output $key is not resolved by this endpoint (a resource type it does not implement)" ;;
    esac
  done < <(sort <<< "$outputs")
  # the template's outputs: the keys indented by two spaces under "Outputs:"
  while read -r key; do
    awk -F '\t' -v key="$key" '$1 == key { found = 1 } END { exit !found }' <<< "$outputs" \
      || log "  $key: none (its condition is off, or this endpoint does not implement its resource)"
  done < <(awk '/^Outputs:/ { inside = 1; next } /^[^ #]/ { inside = 0 } inside && /^  [A-Za-z0-9]+:/ { sub(":.*", "", $1); print $1 }' "$template")
}

# Creates or updates stack $1 (main, storage, ...) from infrastructure/cloudformation/$1-stack.yaml with the
# KEY=VALUE parameters that follow, and waits for it.
deploy_stack() {
  local short=$1 stack template params tags status since out
  shift
  stack=$(stack_name "$short")
  template=$TEMPLATE_DIR/$short-stack.yaml
  [ -f "$template" ] || die "template not found: $template"
  # the limit of --template-body (a larger template would have to go through S3 and --template-url)
  [ "$(wc -c < "$template")" -le 51200 ] || die "$template is over 51,200 bytes, the limit of --template-body"
  params=$WORK_DIR/$short-parameters.json
  tags=$WORK_DIR/tags.json
  write_parameters "$params" "$@"
  write_tags "$tags"
  local common=(--stack-name "$stack" --template-body "file://$template" --parameters "file://$params"
    --capabilities CAPABILITY_NAMED_IAM --tags "file://$tags")

  status=$(stack_status "$stack")
  case $status in
    ROLLBACK_COMPLETE)
      # a first creation that failed and was rolled back: nothing is left but the stack, which cannot be updated
      log "$stack: $status after a failed creation; deleting it to create it again"
      awscli cloudformation delete-stack --stack-name "$stack"
      awscli cloudformation wait stack-delete-complete --stack-name "$stack" || die "cannot delete $stack"
      status=NONE
      ;;
    REVIEW_IN_PROGRESS)
      die "$stack only has a change set under review (REVIEW_IN_PROGRESS): execute or delete it first"
      ;;
    *_IN_PROGRESS)
      die "$stack is busy ($status); run this again when it is done"
      ;;
    *_FAILED)
      print_failure "$stack" ""
      die "$stack is $status: resolve it (console or aws cloudformation) before deploying again"
      ;;
  esac

  if [ "$status" = NONE ] || [ "$status" = DELETE_COMPLETE ]; then
    log "$stack: creating (${template#"$PROJECT_ROOT"/})"
    awscli cloudformation create-stack "${common[@]}" --query StackId --output text > /dev/null \
      || die "$stack: create-stack was refused"
    if ! awscli cloudformation wait stack-create-complete --stack-name "$stack"; then
      print_failure "$stack" ""
      die "$stack: creation failed"
    fi
    log "$stack: CREATE_COMPLETE"
  else
    since=$(newest_event "$stack")
    log "$stack: updating ($status)"
    if ! out=$(awscli cloudformation update-stack "${common[@]}" --query StackId --output text 2>&1); then
      if [[ $out == *"No updates are to be performed"* ]]; then
        log "$stack: no changes"
        print_outputs "$stack" "$template"
        return 0
      fi
      echo "$out" >&2
      die "$stack: update-stack was refused"
    fi
    if ! awscli cloudformation wait stack-update-complete --stack-name "$stack"; then
      print_failure "$stack" "$since"
      die "$stack: update failed"
    fi
    log "$stack: UPDATE_COMPLETE"
  fi
  print_outputs "$stack" "$template"
}

# ---------------------------------------------------------------------------------------------------- the stacks
# Each reads the outputs it needs into variables first: a failing stack_output then stops the run (inside an argument
# list its failure would go unnoticed).
deploy_main() {
  deploy_stack main \
    "EnvironmentName=$DEPLOYMENT_ENV" \
    "NatGateways=$NAT_GATEWAYS"
}

deploy_storage() {
  local vpc subnet1 subnet2 efs_sg
  vpc=$(stack_output main VpcId)
  subnet1=$(stack_output main PrivateSubnet1)
  subnet2=$(stack_output main PrivateSubnet2)
  efs_sg=$(stack_output main EfsSecurityGroupId)
  deploy_stack storage \
    "EnvironmentName=$DEPLOYMENT_ENV" \
    "BucketPrefix=$BUCKET_PREFIX" \
    "VpcId=$vpc" \
    "PrivateSubnet1=$subnet1" \
    "PrivateSubnet2=$subnet2" \
    "EfsSecurityGroupId=$efs_sg" \
    "BackupRetentionDays=$BACKUP_RETENTION_DAYS" \
    "LogsExpiryDays=$LOGS_EXPIRY_DAYS"
}

deploy_alb() {
  local vpc subnets alb_sg logs_bucket
  vpc=$(stack_output main VpcId)
  subnets=$(stack_output main PublicSubnets)
  alb_sg=$(stack_output main AlbSecurityGroupId)
  logs_bucket=$(stack_output storage LogsBucketName)
  deploy_stack alb \
    "EnvironmentName=$DEPLOYMENT_ENV" \
    "VpcId=$vpc" \
    "PublicSubnets=$subnets" \
    "AlbSecurityGroupId=$alb_sg" \
    "LogsBucketName=$logs_bucket" \
    "CertificateArn=$CERTIFICATE_ARN" \
    "WafRateLimit=$WAF_RATE_LIMIT" \
    "EnableWaf=$ENABLE_WAF"
}

deploy_ecs() {
  local vpc models_bucket training_bucket catalog_events title_events file_system access_point models
  vpc=$(stack_output main VpcId)
  models_bucket=$(stack_output storage ModelsBucketName)
  training_bucket=$(stack_output storage TrainingBucketName)
  catalog_events=$(stack_output storage CatalogEventsQueueArn)
  title_events=$(stack_output storage TitleEventsQueueArn)
  file_system=$(stack_output storage MilvusFileSystemArn)
  access_point=$(stack_output storage MilvusAccessPointArn)
  models=$BEDROCK_MODEL_ARNS
  [ -n "$models" ] || models=$(default_bedrock_model_arns)
  deploy_stack ecs \
    "EnvironmentName=$DEPLOYMENT_ENV" \
    "ClusterName=$CLUSTER_NAME" \
    "VpcId=$vpc" \
    "NamespaceName=$NAMESPACE_NAME" \
    "LogGroupPrefix=/ecs/$STACK_NAME" \
    "LogRetentionDays=$LOG_RETENTION_DAYS" \
    "FargateSpotWeight=$FARGATE_SPOT_WEIGHT" \
    "BedrockModelArns=$models" \
    "ApiKeyParameterName=$API_KEY_PARAMETER" \
    "SsmParameterPath=$SSM_PARAMETER_PATH" \
    "MetricsNamespace=$METRICS_NAMESPACE" \
    "QueueNamePrefix=$STACK_NAME" \
    "ModelsBucketName=$models_bucket" \
    "TrainingBucketName=$training_bucket" \
    "CatalogEventsQueueArn=$catalog_events" \
    "TitleEventsQueueArn=$title_events" \
    "MilvusFileSystemArn=$file_system" \
    "MilvusAccessPointArn=$access_point" \
    "RepositoryName=$ECR_REPOSITORY" \
    "ImagesToKeep=$ECR_KEEP_IMAGES" \
    "EnableEcsExec=$ENABLE_ECS_EXEC"
}

deploy_monitoring() {
  local cluster lb orchestrator_tg ner_tg rag_tg llm_tg hybrid_tg requests results dead_letters
  cluster=$(stack_output ecs ClusterName)
  lb=$(stack_output alb LoadBalancerFullName)
  orchestrator_tg=$(stack_output alb OrchestratorTargetGroupFullName)
  ner_tg=$(stack_output alb NerTargetGroupFullName)
  rag_tg=$(stack_output alb RagTargetGroupFullName)
  llm_tg=$(stack_output alb LlmTargetGroupFullName)
  hybrid_tg=$(stack_output alb HybridTargetGroupFullName)
  requests=$(stack_output ecs RequestsQueueName)
  results=$(stack_output ecs ResultsQueueName)
  dead_letters=$(stack_output ecs DeadLetterQueueName)
  deploy_stack monitoring \
    "EnvironmentName=$DEPLOYMENT_ENV" \
    "ClusterName=$cluster" \
    "LoadBalancerFullName=$lb" \
    "OrchestratorTargetGroupFullName=$orchestrator_tg" \
    "NerTargetGroupFullName=$ner_tg" \
    "RagTargetGroupFullName=$rag_tg" \
    "LlmTargetGroupFullName=$llm_tg" \
    "HybridTargetGroupFullName=$hybrid_tg" \
    "RequestsQueueName=$requests" \
    "ResultsQueueName=$results" \
    "DeadLetterQueueName=$dead_letters" \
    "MetricsNamespace=$METRICS_NAMESPACE" \
    "AlarmEmail=$ALARM_EMAIL" \
    "EnableDetailedMonitoring=$ENABLE_DETAILED_MONITORING"
}

log "deploying ${ONLY:-${STACKS[*]}} as $(stack_name "${ONLY:-<stack>}") in $AWS_REGION${AWS_ENDPOINT_URL:+ at $AWS_ENDPOINT_URL}"
for short in "${STACKS[@]}"; do
  [ -z "$ONLY" ] || [ "$ONLY" = "$short" ] || continue
  "deploy_$short"
done
log "done: ${ONLY:-${STACKS[*]}}"
