# syntax=docker/dockerfile:1
# One image recipe for the three services, built from the repository root (the build needs the
# parent pom and shared-contracts). The service is chosen with build arguments:
#   docker build --build-arg SERVICE=resource-service \
#     --build-arg MAIN_CLASS=io.keeplive.resource.ResourceServiceApplication \
#     --build-arg PORT=8081 -t keeplive/resource-service .
#   SERVICE=notifier-relay  MAIN_CLASS=io.keeplive.relay.NotifierRelayApplication  PORT=8082
#   SERVICE=live-gateway    MAIN_CLASS=io.keeplive.gateway.LiveGatewayApplication   PORT=8080
# docker-compose.yml does exactly this. See docs/operations.md.

ARG SERVICE=resource-service

FROM maven:3.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY . .
# Module jars plus their runtime dependencies (the service modules are plain jars, not
# repackaged: all three share one classpath in the embedded stack). Formatting is checked by
# the regular build, not here.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl ${SERVICE} -am -DskipTests -Dspotless.check.skip=true -Dspring-boot.repackage.skip=true \
        package dependency:copy-dependencies -DincludeScope=runtime \
 && cp ${SERVICE}/target/${SERVICE}-*.jar ${SERVICE}/target/dependency/

FROM eclipse-temurin:17-jre
ARG SERVICE
ARG MAIN_CLASS=io.keeplive.resource.ResourceServiceApplication
ARG PORT=8081
# curl serves the container healthcheck; the service runs as an unprivileged user whose
# uid/gid match the Helm chart's security context (10001).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 keeplive \
 && useradd --system --uid 10001 --gid keeplive --no-create-home --shell /usr/sbin/nologin keeplive
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/dependency/ /app/lib/
USER 10001:10001
# The root filesystem may be read-only (Helm, compose): temporary files go to /tmp, a volume.
ENV SERVER_PORT=${PORT} \
    KEEPLIVE_MAIN_CLASS=${MAIN_CLASS} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
VOLUME ["/tmp"]
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=12 \
  CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1
# exec keeps java as PID 1's replacement, so it receives SIGTERM for a graceful shutdown.
ENTRYPOINT ["/bin/sh", "-c", "exec java -cp '/app/lib/*' \"$KEEPLIVE_MAIN_CLASS\" \"$@\"", "--"]
