#!/usr/bin/env bash
# deploy/images/build.sh <service> <jvm|jvm25|aot|native> [tag]: packages the service for that image kind and builds
# the image dingrelay/<service>:<tag>[-jdk25|-aot|-native] from the repository root. Needs Docker (or Podman as
# `docker`); native also needs GraalVM/Mandrel (GRAALVM_HOME) or NATIVE_IN_CONTAINER=1 for a container build.
# Neither exists on the development machines: there this script stops after packaging (DRY_RUN=1 does that anywhere).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
SERVICES="callback-gateway robot-registry chat-bridge push-dispatcher screenshot-worker"
SERVICE=${1:?usage: build.sh <service> <jvm|jvm25|aot|native> [tag]}
KIND=${2:?usage: build.sh <service> <jvm|jvm25|aot|native> [tag]}
TAG=${3:-0.1.0}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ " $SERVICES " == *" $SERVICE "* ]] || { echo "unknown service '$SERVICE' (one of: $SERVICES)" >&2; exit 2; }

args=(--build-arg "SERVICE=$SERVICE")
if [[ $SERVICE == screenshot-worker ]]; then
  # Debian's Chromium and CJK fonts (Temurin's images are Ubuntu, whose chromium is only a snap): Debian 12 with its
  # OpenJDK 17. Debian 12 has no JDK 25, so this service has the jvm image only.
  [[ $KIND == jvm ]] || { echo "screenshot-worker: only the jvm image (Debian 12 for Chromium has no JDK 25; no native Playwright)" >&2; exit 2; }
  args+=(--build-arg JAVA_IMAGE=debian:bookworm-slim --build-arg "EXTRA_PACKAGES=openjdk-17-jre-headless chromium fonts-noto-cjk")
fi
case $KIND in
  jvm)
    ./mvnw -q -B -pl "$SERVICE" -am package -DskipTests
    file=jvm.Dockerfile; suffix="" ;;
  jvm25)
    ./mvnw -q -B -pl "$SERVICE" -am package -DskipTests
    file=jvm.Dockerfile; suffix="-jdk25"; args+=(--build-arg JAVA_IMAGE=eclipse-temurin:25-jre) ;;
  aot)
    JAVA_HOME="$JAVA25_HOME" ./mvnw -q -B -pl "$SERVICE" -am package -DskipTests \
        -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=quarkus-app-aot
    file=aot.Dockerfile; suffix="-aot" ;;
  native)
    extra=(); [[ "${NATIVE_IN_CONTAINER:-}" == 1 ]] && extra=(-Dquarkus.native.container-build=true)
    # Register every record of this build's events for reflection (deploy/images/native/reflect-config.json).
    ./mvnw -q -B -pl deploy/k8s -am test -Dtest=ContainerImagesTest -Dsurefire.failIfNoSpecifiedTests=false -Dregenerate
    ./mvnw -q -B -pl "$SERVICE" -am package -DskipTests -Pnative "${extra[@]}"
    file=native.Dockerfile; suffix="-native" ;;
  *) echo "unknown kind '$KIND' (jvm, jvm25, aot, native)" >&2; exit 2 ;;
esac
image="dingrelay/$SERVICE:$TAG$suffix"
if [[ "${DRY_RUN:-}" == 1 ]] || ! docker info >/dev/null 2>&1; then
  echo "packaged; no Docker engine here (or DRY_RUN=1): docker build -f deploy/images/$file ${args[*]} -t $image ."
  exit 0
fi
docker build -f "deploy/images/$file" "${args[@]}" -t "$image" .
echo "built $image"
