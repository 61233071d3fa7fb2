# A DingRelay service as a native executable (Mandrel/GraalVM), built with the root pom's `native` profile:
#   ./mvnw -pl <service> -am package -DskipTests -Pnative            (needs GRAALVM_HOME, gcc, zlib headers)
#   ./mvnw -pl <service> -am package -DskipTests -Pnative -Dquarkus.native.container-build=true   (needs Docker)
# Not screenshot-worker: it drives Chromium through Playwright's Node.js driver, which a native image cannot carry.
FROM quay.io/quarkus/ubi9-quarkus-micro-image:2.0
ARG SERVICE
WORKDIR /work/
RUN chown 1001 /work && chmod "g+rwX" /work && chown 1001:root /work
COPY --chown=1001:root --chmod=0755 ${SERVICE}/target/*-runner /work/application
USER 1001
EXPOSE 8080
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=8080"]
