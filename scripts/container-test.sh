#!/usr/bin/env bash
# Builds the image from the project's Dockerfile with podman and checks the container as a user meets it:
#   scripts/container-test.sh [--keep]
# - base images are made here from Debian packages when they are missing (no container registry is needed):
#   localhost/mpi-build-base:bookworm (mmdebstrap minbase bookworm + openjdk-17-jdk-headless) for the build stage, and
#   localhost/mpi-jre:25 (minbase bookworm + a Java 25 runtime made with jlink from the machine's Temurin 25 JDK,
#   JAVA25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64) for the runtime stage; they are passed to the Dockerfile as
#   BUILD_IMAGE and RUNTIME_IMAGE, whose defaults stay the public eclipse-temurin images;
# - Maven runs offline inside the build from the host's repository (~/.m2, mounted; fill it first with ./mvnw verify);
# - then the container is started on a free port (SERVER_PORT) with a named volume for /app/data, and must: pass its
#   own HEALTHCHECK (podman healthcheck run), answer POST /infer, load a small catalogue, keep it across a restart on the
#   same volume, run as a non-root user, and pass scripts/verify-deployment.sh --skip-ecs. It prints the image's size
#   and the container's time to ready.
# Needs root (or rootless podman), podman, runc and mmdebstrap (Debian: apt-get install podman runc mmdebstrap); without
# them it says so and exits 0, so that .ci/run goes on. --keep leaves the image and base images in place.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/image.sh
. "$(dirname "$0")/lib/image.sh"
cd "$(dirname "$0")/.."

for tool in podman mmdebstrap; do
  if ! command -v "$tool" > /dev/null; then
    echo "SKIPPED: $tool is not installed (Debian: apt-get install podman runc mmdebstrap); the image was not built"
    exit 0
  fi
done
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$java25/bin/jlink" ]; then
  echo "SKIPPED: no Java 25 JDK at $java25 (JAVA25_HOME) to make the runtime base image from"
  exit 0
fi

work=$(mktemp -d)
image=localhost/multilingual-product-inference:test
name=mpi-container-test
volume=mpi-container-test-data
keep=false
[ "${1:-}" = "--keep" ] && keep=true
cleanup() {
  podman rm -f "$name" > /dev/null 2>&1 || true
  podman volume rm -f "$volume" > /dev/null 2>&1 || true
  $keep || podman rmi -f "$image" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! image_setup "$work"; then
  echo "SKIPPED: podman cannot run here (podman info failed, below); the image was not built"
  tail -n 5 "$work/podman-info.log"
  exit 0
fi
image_build "$image" "$work"

port=18180
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
url="http://127.0.0.1:$port"
run() {
  # --health-interval=disable: podman would schedule the check through systemd, absent here (container_ready)
  podman run -d --name "$name" --network host --health-interval=disable -e SERVER_PORT="$port" \
    -v "$volume:/app/data" "$image" > /dev/null 2>> "$work/podman.log"
}
fail() {
  echo "FAILED: $*" >&2
  podman logs "$name" 2>&1 | tail -n 20 >&2
  exit 1
}

podman volume create "$volume" > /dev/null
run
ms=$(container_ready "$name") || fail "the container's HEALTHCHECK did not pass within 180 s"
echo "ready (HEALTHCHECK on SERVER_PORT=$port passed) $ms ms after the start"
user=$(podman exec "$name" id -u)
[ "$user" != 0 ] || fail "the service runs as root"
echo "runs as uid $user"
answer=$(curl -fsS "$url/infer" -H 'Content-Type: application/json' \
  -d '{"product_name":"ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์"}') || fail "POST /infer"
echo "$answer" | grep -q '"brand":"Wonder Smile"' || fail "POST /infer answered $answer"
echo "POST /infer: Wonder Smile"
loaded=$(curl -fsS "$url/catalog" -H 'Content-Type: text/csv' --data-binary $'product_name,brand\nZorblax blender 600W,Zorblax\nZorblax เครื่องปั่น 1.5 ลิตร,Zorblax\n') \
  || fail "POST /catalog"
echo "$loaded" | grep -q '"accepted":2' || fail "POST /catalog answered $loaded"
echo "POST /catalog: 2 products"
podman stop -t 30 "$name" > /dev/null 2>> "$work/podman.log"
podman rm "$name" > /dev/null 2>> "$work/podman.log"
run
ms=$(container_ready "$name") || fail "the restarted container's HEALTHCHECK did not pass"
curl -fsS "$url/catalog/brands/Zorblax" > /dev/null || fail "the catalogue did not survive a restart on its volume"
echo "restarted on the same volume (ready in $ms ms): the loaded brand is still there"
scripts/verify-deployment.sh --skip-ecs --url "$url" || fail "scripts/verify-deployment.sh --skip-ecs"
echo "PASSED: the image builds, starts, answers, keeps its data on a volume, runs as uid $user"
