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

# Where one request's CPU and allocation go, hop by hop (tools.HopBreakdown), for the load scripts' --profile:
# profile_java_opts: the JVM options that record JFR from the start (begun mid-run, a recording sends the JIT back to
#   work and the recorded window is not warm), CPU samples every 2 ms, stacks 256 deep;
# profile_begin PID DIR: the service's threads' CPU times, and a JFR recording of the measured window, started;
# profile_end PID DIR REQUESTS: the recording stopped (DIR/profile.jfr), the threads' times again, the table in DIR/hops.md
profile_java_opts() {
  echo "-XX:FlightRecorderOptions=stackdepth=256" \
    "-XX:StartFlightRecording=settings=profile,maxage=2m,name=warm,jdk.ExecutionSample#period=2ms"
}
profile_begin() {
  cat /proc/"$1"/task/*/stat > "$2/threads-before.txt" 2> /dev/null || true
  jcmd "$1" JFR.start name=hops settings=profile filename="$2/profile.jfr" > /dev/null
}
profile_end() {
  cat /proc/"$1"/task/*/stat > "$2/threads-after.txt" 2> /dev/null || true
  jcmd "$1" JFR.stop name=hops > /dev/null
  run_tool HopBreakdown "$2/profile.jfr" "$2/threads-before.txt" "$2/threads-after.txt" "$3" | tee "$2/hops.md"
}
