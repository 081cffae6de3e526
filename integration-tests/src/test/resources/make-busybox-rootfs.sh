#!/usr/bin/env bash
# Make a minimal busybox root filesystem in DIR, from Debian's busybox-static.
#
#   make-busybox-rootfs.sh DIR [BUSYBOX]
#
# BUSYBOX defaults to /bin/busybox (apt-get install busybox-static). The tree has every
# applet as a symlink in /bin, the usual top-level directories, and /etc/passwd and
# /etc/group with root, nobody and a test user (uid 1000, primary group 1000, member of
# the extra group "extra", gid 1001), so that `id` and `whoami` have names to print.
# Standalone on purpose: the README quickstart uses it too.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIR [BUSYBOX]" >&2
    exit 2
fi
dir=$1
busybox=${2:-/bin/busybox}

if [[ ! -x $busybox ]]; then
    echo "$0: $busybox not found: apt-get install busybox-static" >&2
    exit 1
fi
# A dynamically linked busybox would need the host's libraries in the rootfs.
if ! "$busybox" --list >/dev/null 2>&1 || ldd "$busybox" >/dev/null 2>&1; then
    echo "$0: $busybox is not a static busybox: apt-get install busybox-static" >&2
    exit 1
fi
if [[ -e $dir && -n $(ls -A "$dir") ]]; then
    echo "$0: $dir exists and is not empty" >&2
    exit 1
fi

mkdir -p "$dir"
cd "$dir"
mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev tmp root home/user run var/tmp mnt
chmod 1777 tmp var/tmp
chmod 700 root

cp "$busybox" bin/busybox
chmod 755 bin/busybox
for applet in $(bin/busybox --list); do
    [[ $applet == busybox ]] || ln -sf busybox "bin/$applet"
done

cat > etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:test user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > etc/group <<'GROUP'
root:x:0:
user:x:1000:
extra:x:1001:user
nogroup:x:65534:
GROUP
chown 1000:1000 home/user
echo 'hosts: files' > etc/nsswitch.conf
: > etc/hosts
: > etc/resolv.conf
