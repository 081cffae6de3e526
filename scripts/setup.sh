#!/usr/bin/env bash
# Installs what jrun's build, quickstart and tests (unit, integration, VM tier) need on a Debian
# machine (as root): Debian packages and Maven; finds a Java 25 JDK (it does not install one:
# README.md, "Java"). Prints the JAVA_HOME to use.
# Safe to run again: apt-get only installs what is missing.
set -euo pipefail

packages=(
    busybox-static          # the test and quickstart root filesystems
    jq                      # quickstart and benchmark config edits
    iproute2                # network namespaces in tests
    runc                    # the reference runtime, beside jrun in the benchmark
    hyperfine               # the benchmark
    strace                  # FastPathIT: that `state` and `kill` run no JVM
    tmux                    # the interactive terminal tests
    skopeo umoci            # image tests: OCI and docker archives, layers with whiteouts
    podman containerd       # the engines test (VM tier): podman and containerd over jrun
    apparmor                # apparmor_parser, for AppArmor profiles in the VM tier
    gcc                     # the launcher, bin/jrun (runtime-cli/src/main/c/jrun.c); the VM tier too
    # the cgroup v2 VM tier (scripts/vm/run-in-vm.sh; busybox-static and gcc too)
    qemu-system-x86 linux-image-amd64 cpio kmod xz-utils python3
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
command -v mvn >/dev/null || {
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends maven >&2
}

java25() { [[ -x $1/bin/java && -r $1/release ]] && grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$1/release"; }
if [[ -n ${JAVA_HOME:-} ]] && java25 "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    exit 0
fi
for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if java25 "$d"; then
        echo "$d"
        exit 0
    fi
done
echo "setup: no Java 25 JDK in \$JAVA_HOME or under /usr/lib/jvm: install Temurin 25 (README.md, \"Java\": Adoptium's apt repository, packages.adoptium.net, package temurin-25-jdk), or set JAVA_HOME" >&2
exit 1
