#!/usr/bin/env bash
# An SQS on this machine to try the queue worker without AWS: an embedded ElasticMQ (the SQS API) on
# http://127.0.0.1:9324 with the service's three queues made (tools.LocalSqs, a development tool that is not part of the
# service's jar). Run the service beside it with the profile local-sqs, which points the worker at it:
#   scripts/local-sqs.sh [--port 9324] [--visibility-timeout-seconds 30] [--max-receives 3]
#   java -jar target/multilingual-product-inference-*.jar --spring.profiles.active=all,local-sqs
# It runs until stopped (Ctrl-C); the queues live in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source-path=SCRIPTDIR/.. source=scripts/lib/tools.sh
. scripts/lib/tools.sh
run_tool LocalSqs "$@"
