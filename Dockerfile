# syntax=docker/dockerfile:1
# One image for every service: the Spring profile picks the role (SPRING_PROFILES_ACTIVE=orchestrator,prod; ner,prod;
# rag,prod; llm,prod; hybrid,prod; orchestrator,sqs,prod for the queue worker). Without it the image runs the whole
# service on its embedded defaults (profile all).
#
#   docker build -t multilingual-product-inference .
#   docker buildx build --platform linux/amd64,linux/arm64 -t <repository>:<tag> --push .
#   docker run -p 8080:8080 multilingual-product-inference
#
# The jar is built once, on the builder's own platform (it is the same on every platform: onnxruntime and DJL's
# tokenizers carry their native libraries for linux x86_64 and aarch64), and copied into the JRE image of each target
# platform, where a training run makes the JVM's AOT cache (under emulation for a platform other than the builder's:
# slower, same result). scripts/build-and-push-images.sh builds and pushes it to ECR.

# The base images are build arguments, so that a machine without registry access can build from images of its own
# (scripts/container-test.sh makes them from Debian packages): a JDK 17 with a shell for the build, and a Java 25 JRE
# on Debian or Ubuntu (apt-get, useradd) for the runtime.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre-noble

FROM --platform=$BUILDPLATFORM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# the Maven repository is a build cache, not a layer. The jar is then extracted (java -Djarmode=tools ... extract):
# /build/app/app.jar with its libraries in /build/app/lib. The JVM reads classes from there faster than from jars nested
# in the fat jar, and an AOT cache works only on this form. MAVEN_BUILD_ARGS adds Maven arguments and MAVEN_USER_HOME moves the
# wrapper's home: a build without network access passes a Maven repository it mounts (scripts/container-test.sh:
# -o -Dmaven.repo.local=...).
ARG MAVEN_BUILD_ARGS=""
ARG MAVEN_USER_HOME=/root/.m2
RUN --mount=type=cache,target=/root/.m2 MAVEN_USER_HOME="$MAVEN_USER_HOME" ./mvnw -B -q -DskipTests $MAVEN_BUILD_ARGS package \
    && cp target/multilingual-product-inference-*.jar /build/app.jar \
    && java -Djarmode=tools -jar /build/app.jar extract --destination /build/app

# The service is compiled for Java 17 and runs here on Java 25: there Lucene computes the vector search's dot products
# with the JDK's vector API (jdk.incubator.vector; on Java 17 it cannot), and the JVM's AOT cache shortens the start.
# Lucene 9.12 enables its vector code on Java 20-23 by itself; upperJavaFeatureVersion lets it do so on 25.
# docs/PERFORMANCE.md ("Session 9") has the figures.
FROM ${RUNTIME_IMAGE}
# curl for the health check (the distribution's current one: security fixes come with rebuilding the image); a user
# of its own, no shell login, owning only the service's working directories
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin mpi \
    && mkdir -p /app/data /app/inbox /app/outbox /app/routes /app/.djl \
    && chown -R mpi:mpi /app
WORKDIR /app
COPY --from=build --chown=root:root /build/app /app
# The heap is 40% of the container's memory: the embedded store's index is read through memory-mapped files and wants
# page cache about its own size beside the JVM (100,000 products: a 215 MB index). Measured with 100,000 products in a
# 1 GB container (docs/PERFORMANCE.md, "Memory: a bounded heap"); a 256 MB heap runs out during the tagger's training
# after such a load, and more than about 40% starves the page cache. The ECS agents, whose store is Milvus, set
# JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 in their task definitions.
# the knowledge base under /app/data (a volume in compose or ECS when it should outlive the container), files of
# titles and catalogues under /app/inbox and /app/outbox, extra YAML routes in /app/routes. The java launcher reads
# JDK_JAVA_OPTIONS in the training run below and at every start (ECS task definitions replace JAVA_TOOL_OPTIONS, not
# this one): a JVM uses the AOT cache only when started with the modules it was made with.
ENV SPRING_PROFILES_ACTIVE=all \
    DATA_DIR=/app/data \
    ROUTES_DIR=/app/routes \
    DJL_CACHE_DIR=/app/.djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError" \
    JDK_JAVA_OPTIONS="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25"
# the training run: the service starts on an empty data directory of its own and stops once its Spring context is
# refreshed; the JVM writes the classes it loaded and linked to /app/app.aot, which every start reads (-XX:AOTCache)
RUN DJL_CACHE_DIR=/tmp/training/djl java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh \
        -jar /app/app.jar --data.dir=/tmp/training/data --catalog.inbox=/tmp/training/inbox \
        --batch.inbox=/tmp/training/titles --batch.outbox=/tmp/training/results --routes.dir=/tmp/training/routes \
    && rm -rf /tmp/training
USER 10001:10001
EXPOSE 8080
# a shell, for its exit status (1 when curl fails whatever the reason: Docker reserves 2) and for the port the service
# listens on (SERVER_PORT, 8080 by default)
# hadolint ignore=DL3025
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]
