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
# platform. scripts/build-and-push-images.sh builds and pushes it to ECR.

FROM --platform=$BUILDPLATFORM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# the Maven repository is a build cache, not a layer
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && cp target/multilingual-product-inference-*.jar /build/app.jar

FROM eclipse-temurin:17-jre-jammy
# curl for the health check (the distribution's current one: security fixes come with rebuilding the image); a user
# of its own, no shell login, owning only the service's working directories
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin mpi \
    && mkdir -p /app/data /app/inbox /app/outbox /app/routes /app/.djl \
    && chown -R mpi:mpi /app
WORKDIR /app
COPY --from=build --chown=root:root /build/app.jar /app/app.jar
USER 10001:10001
# the knowledge base under /app/data (a volume in compose or ECS when it should outlive the container), files of
# titles and catalogues under /app/inbox and /app/outbox, extra YAML routes in /app/routes
ENV SPRING_PROFILES_ACTIVE=all \
    DATA_DIR=/app/data \
    ROUTES_DIR=/app/routes \
    DJL_CACHE_DIR=/app/.djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# a shell, for its exit status: 1 when curl fails whatever the reason (Docker reserves 2)
# hadolint ignore=DL3025
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
