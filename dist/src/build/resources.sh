#!/bin/sh
# jrun-dist's resources: the launcher distribution runtime-cli built (DIST: bin/, lib/, native/),
# copied under OUT/files/, and OUT/index, one "MODE SHA-256 PATH" line per file, which
# io.jrun.api.Launcher unpacks from. The AOT caches stay out (over 100 MiB, and made for the
# distribution's own paths); jffi's native library only for this machine's architecture.
# Usage: resources.sh DIST OUT
set -eu
dist=$1
out=$2
[ -x "$dist/bin/jrun" ] || { echo "jrun-dist: $dist/bin/jrun is missing: build runtime-cli first" >&2; exit 1; }
arch=$(uname -m)
case $arch in x86_64 | amd64) arch=x86_64 ;; aarch64 | arm64) arch=aarch64 ;; esac
rm -rf "$out"
mkdir -p "$out/files"
index=$out/index
: > "$index"
cd "$dist"
for f in bin/jrun bin/jrun-init bin/jrun.compilecommands lib/*.jar native/jni/"$arch"-Linux/*; do
    [ -f "$f" ] || continue
    mkdir -p "$out/files/${f%/*}"
    cp "$f" "$out/files/$f"
    if [ -x "$f" ]; then mode=rwxr-xr-x; else mode=rw-r--r--; fi
    printf '%s %s %s\n' "$mode" "$(sha256sum "$f" | cut -d' ' -f1)" "$f" >> "$index"
done
