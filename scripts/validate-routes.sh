#!/usr/bin/env bash
# Checks YAML route files before they go to ROUTES_DIR, against Camel's YAML DSL schema and by loading them into the
# service started as it would run (app.ValidateRoutesCommand), each error with its file and line:
#   scripts/validate-routes.sh PATH... [--setting=value ...]
# PATH: a *.camel.yaml file or a directory of them; settings as for the service (--spring.profiles.active=...).
# Exit status 0 when every file is valid, 1 when one is not, 2 when not understood. Builds the jar when it is missing
# (JAR=path for another).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' 2>/dev/null \
  | head -n 1)}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(find target -maxdepth 1 -name 'multilingual-product-inference-*.jar' ! -name '*original*' | head -n 1)
fi
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java ${JAVA_OPTS:-} -jar "$jar" validate-routes "$@"
