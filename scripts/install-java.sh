#!/usr/bin/env bash
# Install Debian's Java 17 runtime for the Spark engine and its test, when missing (idempotent).
# pyspark (the `spark` extra) brings Spark itself; Spark 4 needs Java 17 or later on the PATH
# (or JAVA_HOME). When a java of version 17 or later is found, this does nothing.
set -euo pipefail
java_major() { "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1; }
for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
  if [ -n "$java" ] && [ -x "$java" ] && [ "$(java_major "$java")" -ge 17 ] 2>/dev/null; then
    exit 0
  fi
done
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
  echo "install-java: need root or sudo to install Debian's openjdk-17-jre-headless" >&2; exit 1; fi; }
echo "install-java: installing Debian's openjdk-17-jre-headless ..." >&2
run apt-get update -qq
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
java -version >&2
