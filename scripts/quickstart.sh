#!/usr/bin/env bash
# Builds jrun and runs a first container from a busybox root filesystem. As root.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B -q -DskipTests install

bundle=$(mktemp -d /tmp/jrun-quickstart.XXXXXX)
trap 'rm -rf "$bundle"' EXIT
integration-tests/src/test/resources/make-busybox-rootfs.sh "$bundle/rootfs"
bin/jrun spec --bundle "$bundle"
jq '.process.terminal = false | .process.args = ["sh", "-c", "echo hello from $(hostname), pid $$ in my own namespaces"]' \
    "$bundle/config.json" > "$bundle/config.json.new"
mv "$bundle/config.json.new" "$bundle/config.json"
bin/jrun run --bundle "$bundle" quickstart
