#!/usr/bin/env bash
# The deployment guide's post-deployment checks: every ECS service running as many tasks as it should, then through the
# load balancer the service's health, each agent's health, and a Thai and an English title answered by POST /infer.
# Prints each check and exits non-zero when one failed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat << EOF
Usage: scripts/verify-deployment.sh [options]

  --url URL            the service's base URL (default: http://<LoadBalancerDnsName of \$STACK_NAME-alb>)
  --agents LIST        agents whose health to check through the load balancer (default: ner,rag,hybrid, and llm
                       when LLM_AGENT_ENABLED=true)
  --services LIST      ECS services to check (default: orchestrator,ner,rag,llm,hybrid,worker,milvus)
  --skip-ecs           only the HTTP checks (e.g. against a service started locally)
  --api-key KEY        sent as X-Api-Key (API_KEY); reads need none
$COMMON_FLAGS_HELP
EOF
}

url=""
skip_ecs=false
agents=""
services="orchestrator,ner,rag,llm,hybrid,worker,milvus"
while [ $# -gt 0 ]; do
  n=0
  parse_common_flag "$@" || n=$?
  if [ "$n" -gt 0 ]; then shift "$n"; continue; fi
  case $1 in
    --url) [ $# -ge 2 ] || die "--url needs a value"; url=$2; shift 2 ;;
    --agents) [ $# -ge 2 ] || die "--agents needs a value"; agents=$2; shift 2 ;;
    --services) [ $# -ge 2 ] || die "--services needs a value"; services=$2; shift 2 ;;
    --skip-ecs) skip_ecs=true; shift ;;
    --api-key) [ $# -ge 2 ] || die "--api-key needs a value"; API_KEY=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
finish_settings
if [ -z "$agents" ]; then
  agents="ner,rag,hybrid"
  if [ "${LLM_AGENT_ENABLED:-false}" = "true" ]; then
    agents="$agents,llm"
  fi
fi

failed=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }

if ! $skip_ecs; then
  echo "ECS services in cluster $CLUSTER_NAME:"
  IFS=',' read -r -a wanted <<< "$services"
  lines=$(awscli ecs describe-services --cluster "$CLUSTER_NAME" --services "${wanted[@]}" \
      --query 'services[].[serviceName,status,desiredCount,runningCount]' --output text)
  for service in "${wanted[@]}"; do
    line=$(awk -v name="$service" '$1 == name' <<< "$lines")
    if [ -z "$line" ]; then
      fail "$service: not found (scripts/deploy-ecs.sh creates it)"
      continue
    fi
    read -r _ status desired running <<< "$line"
    if [ "$status" = "ACTIVE" ] && [ "$running" = "$desired" ] && [ "$desired" -gt 0 ]; then
      pass "$service: $running/$desired tasks running"
    else
      fail "$service: $status, $running/$desired tasks running (aws ecs describe-services --cluster $CLUSTER_NAME --services $service shows its events)"
    fi
  done
fi

if [ -z "$url" ]; then
  url="http://$(stack_output alb LoadBalancerDnsName)"
fi
url=${url%/}
echo "HTTP checks against $url:"

# GET or POST; sets status and body
request() {
  local method=$1 path=$2 data=${3:-} response
  local args=(-sS -m 20 -w '\n%{http_code} %{time_total}' -X "$method")
  if [ -n "${API_KEY:-}" ]; then
    args+=(-H "X-Api-Key: $API_KEY")
  fi
  if [ -n "$data" ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$data")
  fi
  if ! response=$(curl "${args[@]}" "$url$path" 2>&1); then
    status=000
    seconds=0
    body=$response
    return
  fi
  read -r status seconds <<< "${response##*$'\n'}"
  body=${response%$'\n'*}
}

# the first value of a string or number field in a JSON body: the top-level one for the fields asked here, which come
# before the nested ones (no jq needed)
field() {
  grep -o "\"$1\": *\(\"[^\"]*\"\|[-0-9.eE]*\|null\)" <<< "$2" | head -n 1 | sed 's/^[^:]*: *//'
}

request GET /health
if [ "$status" = 200 ]; then
  pass "GET /health: $(field status "$body")"
else
  fail "GET /health: HTTP $status: $body"
fi

IFS=',' read -r -a agent_list <<< "$agents"
for agent in "${agent_list[@]}"; do
  request GET "/agents/$agent/health"
  if [ "$status" = 200 ]; then
    pass "GET /agents/$agent/health: $(field status "$body")"
  else
    fail "GET /agents/$agent/health: HTTP $status: $body"
  fi
done

for title in 'ยาสีฟัน คอลเกต Colgate Total 150 กรัม' 'Colgate Total Whitening Toothpaste 150g'; do
  request POST /infer "{\"product_name\": \"$title\"}"
  if [ "$status" = 200 ]; then
    pass "POST /infer \"$title\": brand $(field brand "$body"), confidence $(field confidence "$body"), language $(field language "$body"), ${seconds} s"
  else
    fail "POST /infer \"$title\": HTTP $status: $body"
  fi
done

if [ "$failed" -gt 0 ]; then
  echo "$failed check(s) failed"
  exit 1
fi
echo "All checks passed"
