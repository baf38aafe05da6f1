# Sourced by the scripts that run the project's development tools (src/test/java: tools.*, the JMH benchmarks in
# bench.*), which are not part of the service's jar: they run from the compiled test classes with the test classpath.
# shellcheck shell=bash

# tools_classpath: the classpath of the test classes and their libraries (target/test-classes, target/classes, the
# test-scope dependencies), compiled and resolved again when a source or the pom is newer than the last time
tools_classpath() {
  local stamp=target/test-classpath.txt
  if [ ! -s "$stamp" ] || [ -n "$(find src pom.xml -newer "$stamp" -print -quit)" ]; then
    echo "compiling the service and its development tools (./mvnw test-compile)" >&2
    ./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile="$stamp" \
        -Dmdep.includeScope=test >&2
    touch "$stamp" # (the plugin leaves an unchanged file as it was, with its old time)
  fi
  echo "target/test-classes:target/classes:$(cat "$stamp")"
}

# run_tool NAME ARGS...: the development tool tools.NAME (src/test/java/tools) with ARGS
run_tool() {
  local tool=$1 classpath
  shift
  classpath=$(tools_classpath)
  java -cp "$classpath" "tools.$tool" "$@"
}
