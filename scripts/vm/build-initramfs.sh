#!/bin/bash
# build-initramfs.sh KVER OUT: writes OUT, the initramfs run-in-vm.sh boots the kernel KVER with:
# busybox-static, the modules the guest needs to mount its root (virtio-pci, 9p, overlay, with
# their dependencies, in load order), the guest's init and init2, and clocksync.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
[ $# = 2 ] || { echo "usage: $0 KVER OUT" >&2; exit 2; }
KVER=$1 OUT=$2
S=$(mktemp -d "${TMPDIR:-/tmp}/jrun-vm-initramfs.XXXXXX")
trap 'rm -rf "$S"' EXIT
mkdir -p "$S"/{bin,dev,proc,sys,tmp,etc,mnt/lower,mnt/rw,mnt/ctl,newroot,lib/modules}
cp "$HERE/init" "$HERE/init2" "$S/"
chmod 755 "$S/init" "$S/init2"
# busybox must be static: the initramfs has no libc
cp /bin/busybox "$S/bin/busybox"
for a in sh mount umount insmod mkdir cat echo ls cp ln switch_root sleep poweroff reboot sync; do
    ln -s busybox "$S/bin/$a"
done
# Modules in the order they load (modprobe resolves modules.dep); built-in ones are skipped.
# init insmods the names in lib/modules/order.
: > "$S/lib/modules/order"
for want in virtio_pci 9pnet_virtio 9p overlay; do
    modprobe --show-depends -S "$KVER" "$want" || { echo "$0: no module $want for kernel $KVER" >&2; exit 1; }
done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r f; do
    m=$(basename "$f"); m=${m%%.ko*}
    case "$f" in
        *.ko) cp "$f" "$S/lib/modules/$m.ko" ;;
        *.ko.xz) xz -dc "$f" > "$S/lib/modules/$m.ko" ;;
        *.ko.zst) zstd -qdc "$f" > "$S/lib/modules/$m.ko" ;;
        *) echo "$0: cannot read module $f" >&2; exit 1 ;;
    esac
    echo "$m" >> "$S/lib/modules/order"
done
# clocksync sets the guest's clock from the host's to the millisecond (the RTC has whole seconds)
gcc -static -O2 -s -o "$S/bin/clocksync" "$HERE/clocksync.c" \
    || echo "$0: warning: could not build clocksync (gcc, libc6-dev); the guest's clock will be the RTC's (1 s)" >&2
(cd "$S" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$OUT.tmp.$$"
mv "$OUT.tmp.$$" "$OUT"
echo "built $OUT for $KVER" >&2
