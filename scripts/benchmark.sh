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
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test
pattern='bench.AgentBenchmark'
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  pattern=$1
  shift
fi
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(-f 1 -wi 3 -w 2s -i 5 -r 3s)
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
    "$pattern" "${options[@]}"
