#!/usr/bin/env bash
# Builds jrun, makes a busybox image from Debian's busybox-static, imports it and runs a first
# container from it. As root. Images live in /var/lib/jrun (or $JRUN_STORAGE).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B -q -DskipTests install

layout=$(mktemp -d /tmp/jrun-quickstart.XXXXXX)
trap 'rm -rf "$layout"' EXIT
scripts/make-busybox-image.sh "$layout"
bin/jrun image import busybox "$layout"
bin/jrun run busybox /bin/sh -c 'echo hello from $(hostname)'
