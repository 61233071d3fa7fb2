#!/bin/sh
# Starts the service: JAVA_OPTS from the image, JAVA_OPTS_APPEND from the pod (a role's -D switches, extra flags).
# exec: the JVM is PID 1's replacement, so SIGTERM from Kubernetes reaches Quarkus' graceful shutdown.
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar "$1"
