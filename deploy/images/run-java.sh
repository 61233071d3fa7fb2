#!/bin/sh
# Starts the service: JAVA_OPTS from the image, JAVA_OPTS_APPEND from the pod (a role's -D switches, extra flags).
# exec: the JVM is PID 1's replacement, so SIGTERM from Kubernetes reaches Quarkus' graceful shutdown.
# PREFLIGHT_ARGS (set by the pod): refuse to start while a required Secret key is missing or a topic has fewer
# partitions than events' Topics says (preflight/Preflight.java); the reason is the container's log.
if [ -n "${PREFLIGHT_ARGS:-}" ]; then
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
       -cp "/deployments/preflight:/deployments/lib/boot/*:/deployments/lib/main/*" Preflight $PREFLIGHT_ARGS || exit 1
fi
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar "$1"
