#!/usr/bin/env bash
# Builds the distribution when it is missing or older than the sources, then starts it in the foreground with
# its console, on the embedded default unless etc/io.cephiscsi.gateway.cfg or /etc/ceph/iscsi-gateway.cfg says
# otherwise. A rebuild replaces karaf-assembly/target/assembly, so the appliance then starts fresh.
# Arguments go to bin/karaf (e.g. "clean", "debug").
set -euo pipefail
cd "$(dirname "$0")/.."
assembly=karaf-assembly/target/assembly
stamp=$assembly/.built-from-sources
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml etc features bundles shell-commands karaf-assembly \
      -path '*/target' -prune -o -type f -newer "$stamp" -print | head -n 1)" ]; then
  mvn -B -q install -DskipTests -pl '!itests'
  touch "$stamp"
fi
exec "$assembly/bin/karaf" "$@"
