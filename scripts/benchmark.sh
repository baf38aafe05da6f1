#!/usr/bin/env bash
# JMH benchmarks of the agents' in-process work (src/test/java/bench): normalisation, NER on known and unknown brands
# (registry, fuzzy matcher, tagger; and the transformer path on the tiny test model), embedding, RAG (embedding + HNSW
# search + vote), and the quantised MiniLM sentence embedder (one title, a batch of 32).
#   scripts/benchmark.sh [PATTERN] [JMH options]   default: bench.AgentBenchmark, -f 1 -wi 3 -w 2s -i 5 -r 3s
#   e.g. scripts/benchmark.sh 'bench.AgentBenchmark.embedMiniLm.*'
#   store search latency and load throughput (bench.StoreBenchmark; store=milvus needs MILVUS_URI):
#   scripts/benchmark.sh bench.StoreBenchmark -p products=10000,100000 -p store=lucene -f 1 -wi 2 -w 2s -i 3 -r 3s
#   queue worker messages/s through an embedded ElasticMQ (bench.QueueBenchmark), and lines/s and heap of a file of titles:
#   scripts/benchmark.sh bench.QueueBenchmark -p consumers=1,4,16 -f 1 -wi 1 -i 3
#   scripts/benchmark.sh bench.TitleFileBenchmark -p lines=100000 -f 1 -wi 0 -i 2 -jvmArgsAppend -Xmx256m
#
# With --endpoint it is the load runner instead (tools.LoadRunner): POST /infer on a running service from N closed-loop
# users, with HdrHistogram latencies, a progress line every 5 s, errors by status, accuracy on gold brands, a JSON report
# and a latency-over-time PNG:
#   scripts/benchmark.sh --endpoint URL [--concurrent-users 10] [--duration 60] [--test-data FILE.csv|.json]
#                        [--ramp-up 0] [--rate 0] [--method orchestrator] [--warm-up 0] [--report FILE.json] [--plot FILE.png]
#   test data: CSV with product_name (and brand), or JSON titles / objects with product_name or query (and brand or
#   expected_brand); without it, the demo catalogue's titles.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/tools.sh
. scripts/lib/tools.sh
for arg in "$@"; do
  if [ "$arg" = "--endpoint" ]; then
    run_tool LoadRunner "$@"
    exit
  fi
done
classpath=$(tools_classpath)
pattern='bench.AgentBenchmark'
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  pattern=$1
  shift
fi
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-f 1 -wi 3 -w 2s -i 5 -r 3s)
java -cp "$classpath" org.openjdk.jmh.Main \
    "$pattern" "${options[@]}"
