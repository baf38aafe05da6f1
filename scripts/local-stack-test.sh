#!/usr/bin/env bash
# Checks the split deployment as containers (scripts/local-stack.sh). First docs/DEPLOYMENT.md's steps as a user runs
# them through the load balancer (its stand-in): the catalogue loaded (section 7, it reaches rag), the post-deployment
# checks and the orchestrator's health (section 8, scripts/verify-deployment.sh --skip-ecs), the load test with the
# shipped query file (scripts/benchmark.sh --endpoint). Then the orchestrator answering from its agents, the ner
# container killed (the orchestrator goes on answering from RAG, ner shown failed, then its circuit open) and started
# again (its circuit closes). Stops the stack at the end. Skipped, saying so, where podman cannot run. Settings as
# local-stack.sh's (MILVUS_URI, MILVUS_TOKEN, MILVUS_CA_CERT: .ci/run passes its Milvus server).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v podman > /dev/null || ! command -v mmdebstrap > /dev/null; then
  echo "SKIPPED: podman or mmdebstrap is not installed; the split stack was not started"
  exit 0
fi
base_port=${LOCAL_STACK_PORT:-18080}
api_key=${API_KEY:-local-stack-key}
export LOCAL_STACK_PORT=$base_port API_KEY=$api_key
orchestrator="http://127.0.0.1:$base_port"
ALB="127.0.0.1:$((base_port + 10))"
trap 'scripts/local-stack.sh down > /dev/null 2>&1 || true' EXIT

fail() {
  echo "FAILED: $*" >&2
  scripts/local-stack.sh status >&2 || true
  exit 1
}
# the orchestrator's answer for a title: brand, then each agent's name and status
ask() {
  curl -fsS "$orchestrator/infer" -H 'Content-Type: application/json' -d "{\"product_name\": \"$1\"}" \
    | python3 -c 'import json, sys; a = json.load(sys.stdin); print(a.get("brand")); [print(x["agent"], x["status"]) for x in a["agents"]]'
}

# ner's circuit breaker as the orchestrator's health shows it
ner_breaker() {
  curl -fsS "$orchestrator/agents/orchestrator/health" \
    | python3 -c 'import json, sys; print(next(a["circuit_breaker"] for a in json.load(sys.stdin)["agents"] if a["name"] == "ner"))'
}

scripts/local-stack.sh up
work=$(mktemp -d)
cat > "$work/catalog.csv" <<'CSV'
product_name,brand
Zorblax blender 600W glass jar,Zorblax
Zorblax เครื่องปั่น 1.5 ลิตร โถแก้ว,Zorblax
Zorblax hand blender 400W,Zorblax
Quintessa rice cooker 1.8 L,Quintessa
Quintessa หม้อหุงข้าว 1.8 ลิตร,Quintessa
CSV
# DEPLOYMENT.md section 7, as written there
API_KEY=$api_key
loaded=$(curl -fsS -X POST "http://$ALB/catalog" -H 'Content-Type: text/csv' -H "X-Api-Key: $API_KEY" \
  --data-binary @"$work/catalog.csv") || fail "section 7: POST /catalog through the load balancer"
echo "$loaded" | grep -q '"accepted":5' || fail "section 7: POST /catalog answered $loaded"
grep -q '^POST /catalog HTTP/1.1 -> rag: ' "${LOCAL_STACK_DIR:-/tmp/mpi-local-stack}/alb.log" \
  || fail "section 7: the load balancer did not send /catalog to rag"
echo "section 7: the catalogue loaded through the load balancer, by rag: 5 products"

# section 8: the post-deployment checks (the ECS half is AWS's: AwsDeploymentTest runs it against moto), the
# orchestrator's health, the load test
ALB_DNS=$ALB
scripts/verify-deployment.sh --skip-ecs --url "http://$ALB_DNS" || fail "section 8: scripts/verify-deployment.sh"
health=$(curl -fsS "http://$ALB_DNS/agents/orchestrator/health") || fail "section 8: GET /agents/orchestrator/health"
echo "$health" | python3 -c 'import json, sys; h = json.load(sys.stdin); assert h["status"] == "UP", h; assert {a["name"] for a in h["agents"]} >= {"ner", "rag"}, h' \
  || fail "section 8: /agents/orchestrator/health answered $health"
echo "section 8: GET /agents/orchestrator/health: UP, with its agents"
scripts/benchmark.sh --endpoint "http://$ALB_DNS" --concurrent-users 10 --duration 10 \
  --test-data tests/data/load_test_queries.json > "$work/benchmark.log" 2>&1 \
  || { cat "$work/benchmark.log" >&2; fail "section 8: scripts/benchmark.sh"; }
grep -q '^errors: none$' "$work/benchmark.log" || { cat "$work/benchmark.log" >&2; fail "section 8: the load test had errors"; }
echo "section 8: the load test through the load balancer: $(grep '^requests' "$work/benchmark.log"), $(grep '^accuracy' "$work/benchmark.log")"

title="Zorblax blender 600W plastic jar"
answer=$(ask "$title") || fail "POST /infer on the orchestrator"
[ "$(echo "$answer" | head -n 1)" = Zorblax ] || fail "the orchestrator answered $answer"
echo "$answer" | grep -q '^rag ok$' || fail "rag did not answer: $answer"
echo "the orchestrator answers Zorblax, with ner and rag: $(echo "$answer" | tail -n +2 | tr '\n' ' ')"

podman kill mpi-local-ner > /dev/null 2>&1
echo "ner killed"
seen_open=false
for _ in $(seq 1 30); do
  answer=$(ask "$title") || fail "POST /infer on the orchestrator with ner down"
  [ "$(echo "$answer" | head -n 1)" = Zorblax ] || fail "with ner down the orchestrator answered $answer"
  if echo "$answer" | grep -q '^ner open_circuit$'; then
    seen_open=true
    break
  fi
  echo "$answer" | grep -q '^ner \(failed\|timeout\)$' || fail "with ner down, ner was reported as: $answer"
done
$seen_open || fail "ner's circuit did not open"
echo "with ner down the orchestrator answers Zorblax from rag; ner failed, then its circuit opened"

scripts/local-stack.sh up
closed=false
for _ in $(seq 1 60); do
  answer=$(ask "$title") || fail "POST /infer on the orchestrator after ner came back"
  if echo "$answer" | grep -q '^ner ok$' && [ "$(ner_breaker)" = closed ]; then
    closed=true
    break
  fi
  sleep 1
done
$closed || fail "ner's circuit did not close after it came back: $answer"
echo "ner started again: the orchestrator asks it again and its circuit closed"
echo "PASSED: the split stack loads through rag, answers through the orchestrator and rides out ner's loss"
