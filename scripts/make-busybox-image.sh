#!/usr/bin/env bash
# Make a busybox OCI image layout (one gzip layer) in DIR from Debian's busybox-static, for
# `jrun image import busybox DIR`.
#
#   make-busybox-image.sh DIR [TAG]
#
# The layer is the root filesystem integration-tests/src/test/resources/make-busybox-rootfs.sh
# makes (every applet in /bin, /etc/passwd and /etc/group with root, a test user and nobody).
# The image runs "sh" by default. TAG (default "latest") is the manifest's
# org.opencontainers.image.ref.name. Needs tar, gzip and sha256sum; the same busybox gives the
# same digests (file times are the busybox binary's).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIR [TAG]" >&2
    exit 2
fi
dir=$1
tag=${2:-latest}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
busybox=${BUSYBOX:-/bin/busybox}

if [[ -e $dir && -n $(ls -A "$dir") ]]; then
    echo "$0: $dir exists and is not empty" >&2
    exit 1
fi
case $(uname -m) in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    *) echo "$0: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/busybox-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
bash "$repo/integration-tests/src/test/resources/make-busybox-rootfs.sh" "$work/rootfs" "$busybox"
mtime=$(stat -c %Y "$busybox")
tar --sort=name --numeric-owner --mtime="@$mtime" -C "$work/rootfs" -cf "$work/layer.tar" .
gzip -n -9 -c "$work/layer.tar" > "$work/layer.tar.gz"

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
diff_id=$(sha "$work/layer.tar")
layer=$(sha "$work/layer.tar.gz")

mkdir -p "$dir/blobs/sha256"
cp "$work/layer.tar.gz" "$dir/blobs/sha256/$layer"
created=$(date -u -d "@$mtime" +%Y-%m-%dT%H:%M:%SZ)
cat > "$work/config.json" <<EOF
{"created":"$created","architecture":"$arch","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$created","created_by":"scripts/make-busybox-image.sh from $busybox"}]}
EOF
config=$(sha "$work/config.json")
cp "$work/config.json" "$dir/blobs/sha256/$config"
cat > "$work/manifest.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config","size":$(size "$work/config.json")},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$layer","size":$(size "$work/layer.tar.gz")}]}
EOF
manifest=$(sha "$work/manifest.json")
cp "$work/manifest.json" "$dir/blobs/sha256/$manifest"
cat > "$dir/index.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest","size":$(size "$work/manifest.json"),"annotations":{"org.opencontainers.image.ref.name":"$tag"},"platform":{"architecture":"$arch","os":"linux"}}]}
EOF
echo '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
