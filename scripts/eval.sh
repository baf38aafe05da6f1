#!/usr/bin/env bash
# Accuracy, calibration and latency on labelled titles (CSV with product_name,brand[,language]), per method:
#   scripts/eval.sh [--endpoint URL] [--methods orchestrator,ner,rag,hybrid,llm] [--train 0.6] [--out DIR]
#                   [--errors-dir DIR] FILE...
#   scripts/eval.sh --docs     every CSV of ../shared/data, regenerating docs/evaluation/ and docs/EVALUATION.md
#   scripts/eval.sh --first-run [--docs] FILE...   what a new user meets: each file's every row asked of a fresh service
#                   started with its defaults (its demo catalogue, nothing loaded); with --docs into
#                   docs/evaluation/first-run/ and EVALUATION.md's first-run section
#   scripts/eval.sh --first-run --without-demo [--docs] FILE...   the same on a service started without its demo
#                   catalogue, as the prod profile starts it (its NER tagger learnt from the starter titles alone);
#                   with --docs into docs/evaluation/first-run-without-demo/ and that section of EVALUATION.md
# Without --endpoint it builds the jar if needed and, for each FILE, starts a fresh service (empty knowledge base, no demo
# catalogue, temporary data dir, port 18080), loads 60% of the rows (by a hash of the title) through POST /catalog,
# queries the other 40% through POST /infer with each method (default: the orchestrator and every enabled agent; llm
# when a Bedrock model is configured), and stops the service. With --endpoint it uses that running service instead.
# Each file's report goes to standard output and to DIR (default target/eval): NAME.md, NAME.json (top-1 accuracy overall,
# for seen and unseen brands and per language, answered/abstained, precision, ECE, latency, 20 worst misses) and
# NAME-METHOD-reliability.png. Every figure is given for all queries, for brands seen (loaded, or known to the service)
# and unseen, and for titles with the brand written in them (its letters and digits, case ignored) and without. --errors-dir DIR writes each file's wrong and missing answers to DIR/NAME.errors.csv.
# --docs writes the reports without their worst misses (their titles belong to the data sets) to docs/evaluation/ and the
# summary into docs/EVALUATION.md.
# JAR=path evaluates that build of the service instead of target/'s (to compare two builds).
# SERVICE_ARGS (e.g. "--inference.min-confidence=0.4") is passed to that service.
set -euo pipefail
cd "$(dirname "$0")/.."

endpoint=""
errors_dir=""
out=target/eval
docs=false
first_run=false
without_demo=false
passthrough=()
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint) endpoint="$2"; shift 2 ;;
    --methods|--train|--api-key) passthrough+=("$1" "$2"); shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --errors-dir) errors_dir="$2"; mkdir -p "$errors_dir"; shift 2 ;;
    --docs) docs=true; shift ;;
    --first-run) first_run=true; shift ;;
    --without-demo) without_demo=true; shift ;;
    -*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
if $docs; then
  [ -d ../shared/data ] || { echo "--docs needs the data sets in ../shared/data" >&2; exit 2; }
  mapfile -t files < <(find ../shared/data -maxdepth 1 -name '*.csv' | sort)
  out=docs/evaluation
  $first_run && out=docs/evaluation/first-run
  $first_run && $without_demo && out=docs/evaluation/first-run-without-demo
  rm -rf "${out:?}"/*.md "${out:?}"/*.json "${out:?}"/*.png 2>/dev/null || true
  passthrough+=(--worst 0)
fi
demo=false
if $first_run; then
  # nothing loaded: every row is a query, on the service as it starts
  passthrough+=(--train 0 --skip-load)
  demo=true
  $without_demo && demo=false
  [ "$out" != target/eval ] || out=target/eval-first-run
elif $without_demo; then
  echo "--without-demo goes with --first-run" >&2; exit 2
fi
[ ${#files[@]} -gt 0 ] || { echo "give one or more labelled CSV files (see the header of $0)" >&2; exit 2; }
mkdir -p "$out"

jar=${JAR:-$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' | head -n 1)}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' | head -n 1)
fi
# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/tools.sh
. scripts/lib/tools.sh
tools_classpath > /dev/null # (compiled once, before any service starts)

for file in "${files[@]}"; do
  [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
  per_file=("${passthrough[@]}" --out "$out")
  [ -z "$errors_dir" ] || per_file+=(--errors "$errors_dir/$(basename "$file" .csv).errors.csv")
  if [ -n "$endpoint" ]; then
    run_tool Evaluate --endpoint "$endpoint" --data "$file" "${per_file[@]}"
    continue
  fi
  work=$(mktemp -d)
  port=18080
  # shellcheck disable=SC2086 # SERVICE_ARGS is a list of arguments
  java -jar "$jar" --server.port=$port --data.dir="$work/data" --catalog.inbox="$work/inbox" \
       --batch.inbox="$work/titles" --batch.outbox="$work/results" --routes.dir="$work/routes" \
       --knowledge-base.demo-catalog=$demo ${SERVICE_ARGS:-} > "$work/service.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$port/health" > /dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 1
  done
  run_tool Evaluate --endpoint "http://localhost:$port" --data "$file" "${per_file[@]}"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$work"
  trap - EXIT
done
if $docs; then
  section=results
  $first_run && section=first-run
  $first_run && $without_demo && section=first-run-without-demo
  run_tool EvaluationReport --reports "$out" --into docs/EVALUATION.md --section "$section"
fi
