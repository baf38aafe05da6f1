# Sourced by container-test.sh and local-stack.sh: podman set up for this sandbox, and the project's image built from
# its Dockerfile on base images made from Debian packages (see container-test.sh's header).
# shellcheck shell=bash

# image_setup DIR: writes what this sandbox allows into DIR/containers.conf (runc, as crun is refused; cgroupfs; events
# in a file; limits no higher than these) and points podman at it; false when podman cannot run here
image_setup() {
  cat > "$1/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  export CONTAINERS_CONF="$1/containers.conf"
  podman info > "$1/podman-info.log" 2>&1
}

# image_build TAG DIR: the base images when missing (localhost/mpi-build-base:bookworm, localhost/mpi-jre:25), then the
# Dockerfile built as TAG with Maven offline from the host's repository; DIR is for temporary files and the build log
image_build() {
  local image=$1 work=$2 java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} modules started
  local m2=${MAVEN_REPOSITORY_HOME:-$HOME/.m2}
  if ! podman image exists localhost/mpi-build-base:bookworm; then
    echo "making localhost/mpi-build-base:bookworm (Debian bookworm minbase + OpenJDK 17)"
    mmdebstrap --quiet --variant=minbase --include=openjdk-17-jdk-headless,ca-certificates bookworm "$work/build-base.tar"
    podman import --quiet "$work/build-base.tar" localhost/mpi-build-base:bookworm > /dev/null
    rm -f "$work/build-base.tar"
  fi
  if ! podman image exists localhost/mpi-jre:25; then
    echo "making localhost/mpi-jre:25 (Debian bookworm minbase + a Java 25 runtime from $java25)"
    mmdebstrap --quiet --variant=minbase --include=ca-certificates,passwd bookworm "$work/runtime-base.tar"
    podman import --quiet "$work/runtime-base.tar" localhost/mpi-debian:bookworm > /dev/null
    rm -f "$work/runtime-base.tar"
    mkdir -p "$work/jre-context"
    # every module of the JDK but its tools' (jlink needs them named: the JDK has no jmods directory)
    modules=$("$java25/bin/java" --list-modules | sed 's/@.*//' \
      | grep -v '^jdk\.\(jshell\|javadoc\|jlink\|jpackage\|compiler\|jdeps\|jartool\|jcmd\|jconsole\|hotspot\.agent\|jdi\|jdwp\.agent\|jstatd\|editpad\|internal\.ed\|internal\.le\|internal\.opt\)$' \
      | paste -sd, -)
    "$java25/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
      --output "$work/jre-context/jre"
    cat > "$work/jre-context/Containerfile" <<'CONTAINERFILE'
FROM localhost/mpi-debian:bookworm
COPY jre /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CONTAINERFILE
    podman build --quiet --pull=never --network host -t localhost/mpi-jre:25 "$work/jre-context" > /dev/null
  fi
  echo "building $image from the Dockerfile (Maven offline from $m2)"
  started=$(date +%s)
  if ! podman build --pull=never --network host --format docker \
      --volume "$m2:/host-m2" \
      --build-arg BUILD_IMAGE=localhost/mpi-build-base:bookworm \
      --build-arg RUNTIME_IMAGE=localhost/mpi-jre:25 \
      --build-arg MAVEN_USER_HOME=/host-m2 \
      --build-arg "MAVEN_BUILD_ARGS=-o -Dmaven.repo.local=/host-m2/repository" \
      -t "$image" . > "$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    echo "FAILED: the image build" >&2
    return 1
  fi
  echo "built in $(( $(date +%s) - started )) s; size $(podman image inspect --format '{{.Size}}' "$image" \
    | awk '{printf "%.0f MB", $1 / 1000000}')"
}

# container_ready NAME: waits (up to 180 s) until the container's own HEALTHCHECK passes, run by hand (podman schedules
# it through systemd, absent here, so containers are started with --health-interval=disable); prints the milliseconds
# it took; false, with the container's last log lines, when it stopped or never passed
container_ready() {
  local name=$1 from
  from=$(date +%s%N)
  for _ in $(seq 1 180); do
    if podman healthcheck run "$name" > /dev/null 2>&1; then
      echo "$(( ($(date +%s%N) - from) / 1000000 ))"
      return 0
    fi
    [ "$(podman inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
    sleep 1
  done
  podman logs "$name" 2>&1 | tail -n 40 >&2
  return 1
}
