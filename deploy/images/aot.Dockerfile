# A DingRelay service on JDK 25 with a Leyden AOT cache (JEP 483/514/515): classes loaded and linked, and method
# profiles, from a training run, so the JVM starts in roughly half the time (deploy/k8s/bench/RESULTS.md).
# Build context: the repository root, after packaging an aot-jar with JDK 25 (Leyden does not cache classes of the
# fast-jar's class loader, quarkus-notes §1):
#   JAVA_HOME=<jdk25> ./mvnw -pl <service> -am package -DskipTests -Dquarkus.package.jar.type=aot-jar \
#       -Dquarkus.package.output-directory=quarkus-app-aot
# deploy/images/build.sh <service> aot does it all.
#
# The cache is only valid for the exact JVM build that wrote it, so it is trained here, in the image that runs it.
# The training run starts the service without a broker or database (start-up paths: class loading, CDI, config,
# the Kafka clients) and stops it when Quarkus reports it started; the JVM writes app.aot at exit. A cache trained
# by the integration tests covers more (request paths too): see deploy/images/README.md.
ARG JAVA_IMAGE=eclipse-temurin:25-jre
# The preflight (preflight/Preflight.java) compiled against the service's own kafka-clients: a JRE cannot run source.
FROM eclipse-temurin:17-jdk AS preflight
ARG SERVICE
COPY ${SERVICE}/target/quarkus-app-aot/lib/main/ /lib/
COPY deploy/images/preflight/Preflight.java /src/
RUN javac --release 17 -cp '/lib/*' -d /out /src/Preflight.java

FROM ${JAVA_IMAGE}
ARG SERVICE
ARG EXTRA_PACKAGES=""
RUN if [ -n "$EXTRA_PACKAGES" ]; then apt-get update && apt-get install -y --no-install-recommends $EXTRA_PACKAGES \
      && rm -rf /var/lib/apt/lists/*; fi
WORKDIR /deployments
COPY ${SERVICE}/target/quarkus-app-aot/lib/ /deployments/lib/
COPY ${SERVICE}/target/quarkus-app-aot/*.jar /deployments/
COPY ${SERVICE}/target/quarkus-app-aot/app/ /deployments/app/
COPY ${SERVICE}/target/quarkus-app-aot/quarkus/ /deployments/quarkus/
COPY --from=preflight /out/ /deployments/preflight/
COPY deploy/images/run-java.sh deploy/images/train-aot.sh /deployments/
RUN /deployments/train-aot.sh /deployments/quarkus-run.jar /deployments/app.aot && chown -R 185 /deployments
USER 185
EXPOSE 8080
ENV QUARKUS_HTTP_HOST=0.0.0.0 QUARKUS_HTTP_PORT=8080 \
    JAVA_OPTS="-XX:AOTCache=/deployments/app.aot -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["/deployments/run-java.sh", "/deployments/quarkus-run.jar"]
