#!/bin/bash
# run-in-vm.sh - run one command in a throw-away QEMU VM: Debian's kernel, the host's / as the
# guest's root (read-only, under a tmpfs overlay), the cgroup layout asked for.
#
# usage: run-in-vm.sh [options] [--] COMMAND [ARGS...]
#   one argument      -> a bash command string (bash -c semantics)
#   several arguments -> a simple command, each argument quoted
#        run-in-vm.sh [-a ACCEL] -k
#   -k: check only: exit 0 if this machine can boot the VM, else say what it lacks and exit 1
# options:
#   -g MODE    the guest's cgroup layout: v2 (default: pure cgroup2 at /sys/fs/cgroup, every
#              controller enabled at the root), hybrid (v1 controllers under
#              /sys/fs/cgroup/<controller> and an empty cgroup2 at /sys/fs/cgroup/unified, as
#              systemd's hybrid mode lays it out) or v1 (v1 only)
#   -s DIR     share the host's DIR read-write at the same path in the guest (repeatable)
#   -C DIR     working directory in the guest (default: $PWD if it lies in a shared directory,
#              else the first shared directory, else /)
#   -e VAR=VAL set an environment variable for the command (repeatable)
#   -m MEM     guest RAM (default 4G)        -c N   vCPUs (default 2)
#   -t SECS    kill the VM after SECS seconds (exit status 124)
#   -a tcg|kvm accelerator (default tcg: emulation, works everywhere; kvm where the host has
#              usable hardware virtualization, much faster there)
#   -d         debug: the kernel console and a timestamped trace of the guest's init on stderr;
#              keep the run directory
# env: JRUN_VM_CACHE (a writable directory for the extracted kernel, the initramfs and the run
#      directories; default /var/tmp/jrun-vm), JRUN_VM_TCG_THREAD=single|multi (default single),
#      JRUN_VM_EXTRA_APPEND (extra kernel arguments)
# needs (Debian packages): qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xz-utils
#      python3 gcc
# In the guest, /tmp, /var/tmp and /run are fresh tmpfs (the host's are NOT visible); the rest is
# the host's / with writes going to a tmpfs overlay that vanishes at power-off. The command's
# stdout and stderr (merged, not a terminal) are written to <run dir>/out over 9p and streamed
# to this script's stdout; the kernel's messages go to <run dir>/console.log, shown on failure.
# Exit status: the command's; 255 = the guest's set-up failed; 124 = timeout; 125 = the VM ended
# without reporting a status (a kernel panic, say); 2 = bad usage; 1 = -k found something missing.
set -u
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
CACHE=${JRUN_VM_CACHE:-/var/tmp/jrun-vm}
MEM=4G; CPUS=2; TMO=; ACCEL=tcg; DEBUG=0; CWD=; CGMODE=v2; CHECK=0
SHARES=(); ENVS=()
while getopts "s:C:e:m:c:t:a:g:dkh" o; do
    case $o in
        s) SHARES+=("$OPTARG") ;;
        C) CWD=$OPTARG ;;
        e) ENVS+=("$OPTARG") ;;
        m) MEM=$OPTARG ;;
        c) CPUS=$OPTARG ;;
        t) TMO=$OPTARG ;;
        a) ACCEL=$OPTARG ;;
        g) CGMODE=$OPTARG ;;
        d) DEBUG=1 ;;
        k) CHECK=1 ;;
        *) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case "$CGMODE" in v1|v2|hybrid) ;; *) echo "$0: -g takes v2, hybrid or v1" >&2; exit 2 ;; esac
case "$ACCEL" in tcg|kvm) ;; *) echo "$0: -a takes tcg or kvm" >&2; exit 2 ;; esac

# The newest Debian kernel: booted, and the source of the guest's modules
VMLINUZ=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -1)
KVER=${VMLINUZ#/boot/vmlinuz-}

# missing: what this machine lacks to boot the VM, one line each
missing() {
    local t
    for t in qemu-system-x86_64 cpio modprobe python3 xz; do
        command -v "$t" >/dev/null || echo "no $t"
    done
    [ -x /bin/busybox ] || echo "no /bin/busybox"
    if [ -z "$VMLINUZ" ]; then
        echo "no kernel to boot (/boot/vmlinuz-*-amd64)"
    elif [ ! -r "$VMLINUZ" ]; then
        echo "cannot read $VMLINUZ"
    elif [ ! -d "/lib/modules/$KVER" ]; then
        echo "no /lib/modules/$KVER"
    fi
    if [ "$ACCEL" = kvm ] && [ ! -w /dev/kvm ]; then echo "no writable /dev/kvm (-a kvm)"; fi
}
lacks=$(missing)
if [ -n "$lacks" ]; then
    echo "${0##*/}: cannot boot the VM: $(echo "$lacks" | paste -sd, - | sed 's/,/, /g')" \
        "(Debian: apt-get install qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xz-utils python3 gcc)" >&2
    [ "$CHECK" = 1 ] && exit 1
    exit 255
fi
[ "$CHECK" = 1 ] && exit 0
[ $# -ge 1 ] || { echo "usage: $0 [options] COMMAND [ARGS...]  (-h for help)" >&2; exit 2; }
mkdir -p "$CACHE/runs" || exit 255

# The cache holds the kernel per version and the initramfs per version of the files it is built
# from, so that worktrees with different versions of this directory can share it.
KERNEL=$CACHE/vmlinux-$KVER
STAMP=$(cat "$HERE/init" "$HERE/init2" "$HERE/build-initramfs.sh" "$HERE/clocksync.c" | sha256sum | cut -c1-16)
INITRD=$CACHE/initramfs-$KVER-$STAMP.cpio
if [ ! -f "$KERNEL" ]; then
    # Boot the uncompressed vmlinux (an ELF with a PVH entry note): under emulation this saves
    # the guest running the xz decompressor. Extracted once.
    python3 - "$VMLINUZ" "$KERNEL" <<'PY' || exit 255
import lzma, os, sys
d = open(sys.argv[1], 'rb').read()
at = d.find(b'\xfd7zXZ\x00')
if at < 0:
    sys.exit(sys.argv[1] + ': not an xz-compressed kernel')
out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[at:])
tmp = '%s.tmp.%d' % (sys.argv[2], os.getpid())
open(tmp, 'wb').write(out)
os.rename(tmp, sys.argv[2])
PY
fi
if [ ! -f "$INITRD" ]; then
    "$HERE/build-initramfs.sh" "$KVER" "$INITRD" || exit 255
fi
# what this run uses is fresh; what no run used for a week goes
touch "$KERNEL" "$INITRD"
find "$CACHE" -maxdepth 1 \( -name 'vmlinux-*' -o -name 'initramfs-*.cpio' \) -mtime +7 -delete 2>/dev/null

CTL=$(mktemp -d "$CACHE/runs/run.XXXXXX") || exit 255
trap '[ "$DEBUG" = 1 ] || rm -rf "$CTL"' EXIT

# the command
if [ $# -eq 1 ]; then
    printf '%s\n' "$1" > "$CTL/cmd"
else
    printf '%q ' "$@" > "$CTL/cmd"; echo >> "$CTL/cmd"
fi

# read-write shares (9p, at the same path in the guest)
RW=(); n=0; : > "$CTL/rwdirs"
for d in ${SHARES[@]+"${SHARES[@]}"}; do
    [ -d "$d" ] || { echo "$0: not a directory: $d" >&2; exit 2; }
    d=$(readlink -f "$d")
    case "$d" in /|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*|*' '*|*,*)
        echo "$0: refusing to share '$d' read-write" >&2; exit 2 ;; esac
    tag=hostrw$n; n=$((n + 1))
    printf '%s %s\n' "$tag" "$d" >> "$CTL/rwdirs"
    RW+=(-virtfs "local,path=$d,mount_tag=$tag,security_model=none,multidevs=remap")
    if [ -z "$CWD" ]; then case "$PWD/" in "$d"/*) CWD=$PWD ;; esac; fi
done
[ -z "$CWD" ] && [ $n -gt 0 ] && CWD=$(head -1 "$CTL/rwdirs" | cut -d' ' -f2-)
{
    printf 'export JRUN_VM_CWD=%q\n' "${CWD:-/}"
    for e in ${ENVS[@]+"${ENVS[@]}"}; do printf 'export %q=%q\n' "${e%%=*}" "${e#*=}"; done
} > "$CTL/env"

if [ "$ACCEL" = kvm ]; then
    ACC=(-accel kvm -cpu host,-arch-capabilities)
else
    # -cpu max is by far the fastest emulated model (others: 2-3x slower JVM start).
    # thread=single runs both vCPUs in one host thread: on a 2-core host with other load,
    # multi-threaded TCG made the guest kernel spin in IPI/TLB-shootdown waits (java -version
    # 13 s instead of 2 s). JRUN_VM_TCG_THREAD=multi tries real parallelism on an idle host.
    ACC=(-accel "tcg,thread=${JRUN_VM_TCG_THREAD:-single},tb-size=256" -cpu max)
fi

# init_kprobe_trace and cubictcp_register (a parse of vmlinux's BTF) cost ~0.9 s under
# emulation; nokaslr and the rest only shave boot time.
APPEND="console=ttyS0 panic=-1 quiet loglevel=3 nokaslr mitigations=off tsc=reliable no_timer_check i8042.noaux i8042.nokbd i8042.nopnp cryptomgr.notests initcall_blacklist=init_kprobe_trace,cubictcp_register jrunvm.debug=$DEBUG jrunvm.cgroup=$CGMODE ${JRUN_VM_EXTRA_APPEND:-}"
if [ "$DEBUG" = 1 ]; then
    APPEND=${APPEND/ quiet loglevel=3/}
    CONSOLE=(-chardev file,id=con,path=/dev/stderr,append=on)
else
    CONSOLE=(-chardev "file,id=con,path=$CTL/console.log")
fi
TIMEOUT=(); [ -n "$TMO" ] && TIMEOUT=(timeout --foreground "$TMO")

# ttyS0 = the kernel's console. The command's output is written by the guest to $CTL/out over
# 9p and streamed to our stdout by tail -f.
: > "$CTL/out"
"${TIMEOUT[@]}" qemu-system-x86_64 "${ACC[@]}" -machine pc -m "$MEM" -smp "$CPUS" \
    -nodefaults -no-user-config -vga none -display none -no-reboot \
    -rtc base=utc,clock=host \
    "${CONSOLE[@]}" -serial chardev:con \
    -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$CTL,mount_tag=ctl,security_model=none" \
    ${RW[@]+"${RW[@]}"} < /dev/null &
QPID=$!
tail -s 0.1 -c +1 -f --pid=$QPID "$CTL/out" &
TPID=$!
trap 'kill $QPID 2>/dev/null; wait $TPID; exit 130' INT TERM
wait $QPID; qrc=$?
wait $TPID
trap - INT TERM

if [ "$qrc" = 124 ] && [ -n "$TMO" ]; then echo "$0: timed out after ${TMO}s" >&2; exit 124; fi
if [ -s "$CTL/rc" ]; then
    rc=$(cat "$CTL/rc")
    if [ "$rc" = 255 ] && [ -f "$CTL/console.log" ]; then tail -n 30 "$CTL/console.log" >&2; fi
    exit "$rc"
fi
echo "$0: the VM ended (qemu status $qrc) without reporting the command's status" >&2
[ -f "$CTL/console.log" ] && tail -n 40 "$CTL/console.log" >&2
exit 125
