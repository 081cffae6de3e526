#!/usr/bin/env bash
# The Java API's per-container cost, its two designs beside runc, in one run (ApiBench.java):
# "api", the API's way (each operation runs bin/jrun as a process of the test JVM), and
# "in-process" (the runtime in the test JVM itself, given the launcher's compile commands, which a
# user's test JVM does not have). After `mvn install`. As root. The API's launcher is
# JRUN_API_HOME's bin/jrun (default: this repository's, with its AOT cache); set
# JRUN_API_HOME=bundled for the launcher jrun-dist carries (no AOT cache).
# usage: bench/api-bench.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-20}
[[ $(id -u) == 0 ]] || { echo "$0: needs root" >&2; exit 1; }
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$repo/integration-tests/src/test/resources/make-busybox-rootfs.sh" "$work/bundle/rootfs" >/dev/null
(cd "$work/bundle" && "$repo/bin/jrun" spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"\/bin\/true"/' config.json)
grep -q '"/bin/true"' "$work/bundle/config.json" || { echo "$0: could not make the bundle" >&2; exit 1; }
cp="$repo/runtime-cli/target/jrun/lib/*"
home=()
if [[ ${JRUN_API_HOME:-} == bundled ]]; then
    cp="$cp:$(ls "$repo"/dist/target/jrun-dist-*.jar)"
else
    home=(-Djrun.home="${JRUN_API_HOME:-$repo}")
fi
"${java%/java}/javac" -d "$work/classes" -cp "$cp" "$here/ApiBench.java"
# runc makes cgroups in every v1 hierarchy: in a private mount namespace without the v1 memory one
# (it may belong to the machine), as bench.sh does
memory_v1=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
exec unshare --mount --propagation private -- bash -c '[[ -z $1 ]] || umount -l "$1"; shift; exec "$@"' bash "$memory_v1" \
    "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:CompileCommand=quiet \
    -XX:CompileCommandFile="$repo/bin/jrun.compilecommands" -Djffi.boot.library.path="$repo/runtime-cli/target/jrun/native/jni/x86_64-Linux" \
    "${home[@]}" -cp "$cp:$work/classes" ApiBench "$rounds" "$work/bundle"
