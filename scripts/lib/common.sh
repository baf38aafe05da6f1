# Sourced by the deployment scripts (scripts/*.sh): settings, common flags, the aws command and template rendering.
#
# Settings come from, in order of precedence: flags, the environment, the env file (.env at the project root, or
# --env-file FILE), then the defaults below (the deployment guide's values). A script calls `parse_common_flags "$@"`
# from its own flag loop for the flags every script takes:
#   --profile NAME        AWS CLI profile (AWS_PROFILE)
#   --region REGION       AWS region (AWS_REGION)
#   --stack-name NAME     prefix of the CloudFormation stacks (STACK_NAME)
#   --env-file FILE       settings file (default: .env at the project root when present)
#   --endpoint-url URL    send every AWS call to URL (AWS_ENDPOINT_URL): for tests against a stand-in such as moto only
# shellcheck shell=bash

PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() {
  echo "error: $*" >&2
  exit 1
}

log() {
  echo "[$(date +%H:%M:%S)] $*" >&2
}

# Loads KEY=VALUE lines of the env file into variables that are not set yet (the environment wins over the file).
load_env_file() {
  local file=$1 line key value
  [ -f "$file" ] || die "env file not found: $file"
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case $line in '' | '#'*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    key=${key#export }
    [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "$file: not KEY=VALUE: $line"
    value=${value%\"}
    value=${value#\"}
    if [ -z "${!key+x}" ]; then
      export "$key=$value"
    fi
  done < "$file"
}

# The defaults every script shares (the deployment guide's values); .env.example lists them all.
apply_defaults() {
  : "${AWS_PROFILE:=ml-sandbox}" "${AWS_REGION:=us-east-1}" "${DEPLOYMENT_ENV:=production}"
  : "${STACK_NAME:=mpi}" "${CLUSTER_NAME:=mpi-cluster}"
  export AWS_PROFILE AWS_REGION DEPLOYMENT_ENV STACK_NAME CLUSTER_NAME
}

ENV_FILE=""

# Handles one common flag; returns the number of arguments it used (0 when the flag is not a common one).
# Usage in a flag loop:  n=0; parse_common_flag "$@" || n=$?; [ "$n" -gt 0 ] && { shift "$n"; continue; }
parse_common_flag() {
  case ${1:-} in
    --profile) [ $# -ge 2 ] || die "--profile needs a value"; export AWS_PROFILE=$2; return 2 ;;
    --region) [ $# -ge 2 ] || die "--region needs a value"; export AWS_REGION=$2; return 2 ;;
    --stack-name) [ $# -ge 2 ] || die "--stack-name needs a value"; export STACK_NAME=$2; return 2 ;;
    --env-file) [ $# -ge 2 ] || die "--env-file needs a value"; ENV_FILE=$2; return 2 ;;
    --endpoint-url) [ $# -ge 2 ] || die "--endpoint-url needs a value"; export AWS_ENDPOINT_URL=$2; return 2 ;;
  esac
  return 0
}

# shellcheck disable=SC2034 # read by the scripts that source this file
COMMON_FLAGS_HELP="  --profile NAME       AWS CLI profile (AWS_PROFILE, default ml-sandbox)
  --region REGION      AWS region (AWS_REGION, default us-east-1)
  --stack-name NAME    prefix of the CloudFormation stacks (STACK_NAME, default mpi)
  --env-file FILE      settings file (default .env at the project root when present; see .env.example)
  --endpoint-url URL   send every AWS call to URL (AWS_ENDPOINT_URL); for tests against a stand-in such as moto only
  -h, --help           this help"

# After the flags: the env file, then the defaults.
finish_settings() {
  if [ -n "$ENV_FILE" ]; then
    load_env_file "$ENV_FILE"
  elif [ -f "$PROJECT_ROOT/.env" ]; then
    load_env_file "$PROJECT_ROOT/.env"
  fi
  apply_defaults
}

# The aws command with the chosen profile, region and endpoint. A profile that the CLI does not know is not passed
# when credentials come from the environment (CI, a stand-in, an instance role).
awscli() {
  command -v aws > /dev/null || die "the AWS CLI (aws) is not on PATH: https://aws.amazon.com/cli/"
  local args=(--region "$AWS_REGION" --output json)
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
    args+=(--endpoint-url "$AWS_ENDPOINT_URL")
  fi
  if [ -n "${AWS_ACCESS_KEY_ID:-}" ]; then
    env -u AWS_PROFILE aws "${args[@]}" "$@"
  else
    aws --profile "$AWS_PROFILE" "${args[@]}" "$@"
  fi
}

# The full name of one of the stacks: main, storage, alb, ecs, monitoring.
stack_name() {
  echo "$STACK_NAME-$1"
}

# The value of output KEY of stack STACK (main, storage, ...); fails when the stack or the output is missing.
stack_output() {
  local stack value
  stack=$(stack_name "$1")
  value=$(awscli cloudformation describe-stacks --stack-name "$stack" \
      --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue | [0]" --output text) \
      || die "cannot read stack $stack (deploy it first: scripts/deploy-cloudformation.sh)"
  [ -n "$value" ] && [ "$value" != "None" ] || die "stack $stack has no output $2"
  echo "$value"
}

# Prints FILE with every ${NAME} replaced by the value of the variable NAME; fails on a variable that is not set.
render() {
  local rest out="" name
  rest=$(< "$1")
  # one pass from left to right: a value is never read as a template itself
  while [[ $rest =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
    name=${BASH_REMATCH[1]}
    [ -n "${!name+x}" ] || die "$1 needs \${$name}, which is not set"
    out+=${rest%%"${BASH_REMATCH[0]}"*}${!name}
    rest=${rest#*"${BASH_REMATCH[0]}"}
  done
  printf '%s\n' "$out$rest"
}

# Sets variables from outputs of stack STACK (main, storage, ...) with one call:  stack_outputs main VPC_ID=VpcId ...
# Fails, like stack_output, when the stack or one of the outputs is missing.
stack_outputs() {
  local stack text pair var key value
  stack=$(stack_name "$1")
  shift
  text=$(awscli cloudformation describe-stacks --stack-name "$stack" \
      --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output text) \
      || die "cannot read stack $stack (deploy it first: scripts/deploy-cloudformation.sh)"
  for pair in "$@"; do
    var=${pair%%=*}
    key=${pair#*=}
    value=$(awk -F '\t' -v key="$key" '$1 == key { print $2; exit }' <<< "$text")
    [ -n "$value" ] && [ "$value" != "None" ] || die "stack $stack has no output $key"
    printf -v "$var" '%s' "$value"
  done
}

# Like render, for JSON documents given to the AWS CLI, which wants JSON numbers and booleans where the API has them: a
# JSON string that is exactly "${NAME:number}" becomes the bare value of NAME, which must be a number, and one that is
# exactly "${NAME:boolean}" the bare true or false. Fails on an unset variable or a value of the wrong kind.
render_json() {
  local text name kind value re='"\$\{([A-Za-z_][A-Za-z0-9_]*):(number|boolean)\}"'
  text=$(render "$1") || exit 1
  while [[ $text =~ $re ]]; do
    name=${BASH_REMATCH[1]}
    kind=${BASH_REMATCH[2]}
    [ -n "${!name+x}" ] || die "$1 needs \${$name}, which is not set"
    value=${!name}
    if [ "$kind" = number ]; then
      [[ $value =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || die "$1: \${$name} must be a number, not '$value'"
    else
      [[ $value =~ ^(true|false)$ ]] || die "$1: \${$name} must be true or false, not '$value'"
    fi
    text=${text//"\"\${$name:$kind}\""/$value}
  done
  printf '%s\n' "$text"
}
