#!/usr/bin/env bash
# Accuracy and latency on labelled titles (CSV with product_name,brand[,language]).
#   scripts/evaluate.sh [--endpoint URL] [--methods orchestrator,ner,rag,hybrid] [--train 0.6] [--errors-dir DIR] FILE...
# Without --endpoint it builds the jar if needed and, for each FILE, starts a fresh service (empty knowledge base, no demo
# catalogue, temporary data dir, port 18080), loads 60% of the rows (by a hash of the title) through POST /catalog,
# queries the other 40% through POST /infer for each method, prints a Markdown table, and stops the service.
# --errors-dir DIR writes each file's wrong and missing answers to DIR/<file>.errors.csv.
# JAR=path evaluates that build of the service instead of target/'s (to compare two builds).
# SERVICE_ARGS (e.g. "--inference.min-confidence=0.4") is passed to that service.
set -euo pipefail
cd "$(dirname "$0")/.."

endpoint=""
errors_dir=""
passthrough=()
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint) endpoint="$2"; shift 2 ;;
    --methods|--train|--api-key) passthrough+=("$1" "$2"); shift 2 ;;
    --errors-dir) errors_dir="$2"; mkdir -p "$errors_dir"; shift 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=(../shared/data/th_retail_dohome.csv)

jar=${JAR:-$(ls target/multilingual-product-inference-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/multilingual-product-inference-*.jar | grep -v original | head -n 1)
fi
evaluate() {
  java -cp "$jar" -Dloader.main=tools.Evaluate org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

for file in "${files[@]}"; do
  [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
  per_file=("${passthrough[@]}")
  [ -z "$errors_dir" ] || per_file+=(--errors "$errors_dir/$(basename "$file" .csv).errors.csv")
  if [ -n "$endpoint" ]; then
    evaluate --endpoint "$endpoint" --data "$file" "${per_file[@]}"
    continue
  fi
  work=$(mktemp -d)
  port=18080
  java -jar "$jar" --server.port=$port --data.dir="$work/data" --catalog.inbox="$work/inbox" \
       --routes.dir="$work/routes" --knowledge-base.demo-catalog=false ${SERVICE_ARGS:-} > "$work/service.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$port/health" > /dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 1
  done
  evaluate --endpoint "http://localhost:$port" --data "$file" "${per_file[@]}"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$work"
  trap - EXIT
done
