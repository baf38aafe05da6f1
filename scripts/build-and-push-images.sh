#!/usr/bin/env bash
# Builds the service's image (one image for every service; see Dockerfile) and pushes it to the ECR repository of the
# ecs stack, for each platform asked (docker buildx, multi-platform manifest). Re-running with the same tag pushes the
# image again over the tag.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

usage() {
  cat << EOF
Usage: scripts/build-and-push-images.sh [options]

Builds the image from the Dockerfile and pushes it to the ECR repository made by the ecs stack
(output RepositoryUri of \$STACK_NAME-ecs; deploy the stacks first: scripts/deploy-cloudformation.sh).

  --tag TAG            image tag (IMAGE_TAG, default: the short git commit, or latest outside git)
  --platforms LIST     platforms to build (PLATFORMS, default linux/amd64,linux/arm64)
  --also-latest        push the tag latest as well
  --dry-run            print the docker commands instead of running them (checks the settings and the repository)
$COMMON_FLAGS_HELP

Needs docker with buildx (Docker Desktop, or docker-buildx-plugin); for a platform other than the machine's own,
QEMU emulation (docker run --privileged --rm tonistiigi/binfmt --install all) or a remote builder.
EOF
}

dry_run=false
also_latest=false
while [ $# -gt 0 ]; do
  n=0
  parse_common_flag "$@" || n=$?
  if [ "$n" -gt 0 ]; then shift "$n"; continue; fi
  case $1 in
    --tag) [ $# -ge 2 ] || die "--tag needs a value"; IMAGE_TAG=$2; shift 2 ;;
    --platforms) [ $# -ge 2 ] || die "--platforms needs a value"; PLATFORMS=$2; shift 2 ;;
    --also-latest) also_latest=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
finish_settings
: "${PLATFORMS:=linux/amd64,linux/arm64}"
if [ -z "${IMAGE_TAG:-}" ]; then
  IMAGE_TAG=$(git -C "$PROJECT_ROOT" rev-parse --short HEAD 2> /dev/null || echo latest)
fi

run() {
  if $dry_run; then
    printf '%q ' "$@"
    echo
  else
    "$@"
  fi
}

repository=$(stack_output ecs RepositoryUri)
registry=${repository%%/*}
log "Image $repository:$IMAGE_TAG for $PLATFORMS"

if $dry_run; then
  echo "aws ecr get-login-password | docker login --username AWS --password-stdin $registry"
else
  command -v docker > /dev/null || die "docker is not on PATH"
  docker buildx version > /dev/null 2>&1 || die "docker buildx is missing (install docker-buildx-plugin)"
  awscli ecr get-login-password | docker login --username AWS --password-stdin "$registry"
fi

tags=(--tag "$repository:$IMAGE_TAG")
if $also_latest; then
  tags+=(--tag "$repository:latest")
fi
run docker buildx build --platform "$PLATFORMS" "${tags[@]}" --push "$PROJECT_ROOT"
log "Pushed $repository:$IMAGE_TAG; deploy it with: scripts/deploy-ecs.sh --image-tag $IMAGE_TAG"
