#!/usr/bin/env bash
# Maintenance mode: a listener rule of the load balancer, ahead of every other, that answers every request with 503 and
# the API's JSON error body, while the services behind it keep running (for a Milvus restore, a reindex, a migration).
# "off" removes the rule; "status" tells whether it is there. Idempotent.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat << EOF
Usage: scripts/maintenance-mode.sh on|off|status [options]

  on                   every request through the load balancer gets 503 {"error":{"code":"maintenance",...}}
  off                  requests reach the services again
  status               prints on or off
  --message TEXT       the error message while on (default: "The service is under maintenance; try again later")
$COMMON_FLAGS_HELP
EOF
}

action=""
message="The service is under maintenance; try again later"
while [ $# -gt 0 ]; do
  n=0
  parse_common_flag "$@" || n=$?
  if [ "$n" -gt 0 ]; then shift "$n"; continue; fi
  case $1 in
    on | off | status) action=$1; shift ;;
    --message) [ $# -ge 2 ] || die "--message needs a value"; message=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -n "$action" ] || die "say on, off or status (see --help)"
[[ $message != *[\"\\]* ]] || die "--message may not contain quotes or backslashes"
finish_settings

listener=$(stack_output alb ListenerArn)
# the rule at priority 1 (the stack's own rules start at 10)
rule=$(awscli elbv2 describe-rules --listener-arn "$listener" \
    --query "Rules[?Priority=='1'].RuleArn | [0]" --output text)
[ "$rule" != "None" ] || rule=""

case $action in
  status)
    if [ -n "$rule" ]; then echo on; else echo off; fi
    ;;
  on)
    if [ -n "$rule" ]; then
      log "Maintenance mode is already on"
      exit 0
    fi
    body="{\"error\":{\"code\":\"maintenance\",\"message\":\"$message\"}}"
    config=$(printf '{"StatusCode":"503","ContentType":"application/json","MessageBody":"%s"}' "${body//\"/\\\"}")
    awscli elbv2 create-rule --listener-arn "$listener" --priority 1 \
        --conditions '[{"Field":"path-pattern","PathPatternConfig":{"Values":["/*"]}}]' \
        --actions "[{\"Type\":\"fixed-response\",\"FixedResponseConfig\":$config}]" > /dev/null
    log "Maintenance mode on: every request through the load balancer gets 503"
    ;;
  off)
    if [ -z "$rule" ]; then
      log "Maintenance mode is already off"
      exit 0
    fi
    awscli elbv2 delete-rule --rule-arn "$rule" > /dev/null
    log "Maintenance mode off"
    ;;
esac
