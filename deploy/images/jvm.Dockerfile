# A DingRelay service as a Quarkus fast-jar on a JRE (17 by default; JAVA_IMAGE=eclipse-temurin:25-jre for JDK 25).
# Build context: the repository root, after `./mvnw -pl <service> -am package -DskipTests`. deploy/images/build.sh
# does both:  deploy/images/build.sh callback-gateway jvm
ARG JAVA_IMAGE=eclipse-temurin:17-jre
# The preflight (preflight/Preflight.java) compiled against the service's own kafka-clients: a JRE cannot run source.
FROM eclipse-temurin:17-jdk AS preflight
ARG SERVICE
COPY ${SERVICE}/target/quarkus-app/lib/main/ /lib/
COPY deploy/images/preflight/Preflight.java /src/
RUN javac --release 17 -cp '/lib/*' -d /out /src/Preflight.java

FROM ${JAVA_IMAGE}
ARG SERVICE
# Chromium and CJK fonts for screenshot-worker (EXTRA_PACKAGES="chromium fonts-noto-cjk" on a Debian-based image).
ARG EXTRA_PACKAGES=""
RUN if [ -n "$EXTRA_PACKAGES" ]; then apt-get update && apt-get install -y --no-install-recommends $EXTRA_PACKAGES \
      && rm -rf /var/lib/apt/lists/*; fi
WORKDIR /deployments
# Quarkus' fast-jar layout, dependencies first: they change least, so their layer is reused between releases.
COPY ${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY ${SERVICE}/target/quarkus-app/*.jar /deployments/
COPY ${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY ${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/
COPY --from=preflight /out/ /deployments/preflight/
COPY deploy/images/run-java.sh /deployments/run-java.sh
USER 185
EXPOSE 8080
ENV QUARKUS_HTTP_HOST=0.0.0.0 QUARKUS_HTTP_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["/deployments/run-java.sh", "/deployments/quarkus-run.jar"]
