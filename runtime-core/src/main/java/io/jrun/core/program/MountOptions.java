package io.jrun.core.program;

import io.jrun.api.JrunException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jrun.sys.MountFlags.*;

/**
 * A mount's options (config.md "Linux mount options") sorted into what each goes to: mount(2)
 * flags, propagation changes made after the mount, recursive attributes set with
 * mount_setattr(2), and the rest, passed to the filesystem as data.
 *
 * @param flags           MS_* flags for mount(2); for a bind, the flags of the remount that follows
 * @param clearFlags      MS_* flags the options turned off ("rw", "suid", ...)
 * @param propagation     MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE, with MS_REC for the r- forms, in order
 * @param recursiveSet    MOUNT_ATTR_* to set on the whole tree ("rro", "rnosuid", ...)
 * @param recursiveClear  MOUNT_ATTR_* to clear on the whole tree ("rrw", "rsuid", ...)
 * @param recursiveAtime  the atime mode for the whole tree (MOUNT_ATTR_RELATIME, _NOATIME or
 *                        _STRICTATIME), or -1 when no r-atime option was given
 * @param data            the options the kernel's mount flags do not know, comma-separated
 */
public record MountOptions(long flags, long clearFlags, List<Long> propagation, long recursiveSet,
                           long recursiveClear, long recursiveAtime, boolean bind, boolean recursiveBind, String data) {

    private record Flag(boolean clear, long flag) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("iversion", new Flag(false, MS_I_VERSION)),
            Map.entry("lazytime", new Flag(false, MS_LAZYTIME)),
            Map.entry("loud", new Flag(true, MS_SILENT)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("noiversion", new Flag(true, MS_I_VERSION)),
            Map.entry("nolazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("nosymfollow", new Flag(false, MS_NOSYMFOLLOW)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("silent", new Flag(false, MS_SILENT)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)),
            Map.entry("symfollow", new Flag(true, MS_NOSYMFOLLOW)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** The recursive forms, as mount_setattr(2) attributes: set (true) or clear (false). */
    private record Attr(boolean set, long attr) {}

    private static final Map<String, Attr> RECURSIVE = Map.ofEntries(
            Map.entry("rro", new Attr(true, MOUNT_ATTR_RDONLY)),
            Map.entry("rrw", new Attr(false, MOUNT_ATTR_RDONLY)),
            Map.entry("rnosuid", new Attr(true, MOUNT_ATTR_NOSUID)),
            Map.entry("rsuid", new Attr(false, MOUNT_ATTR_NOSUID)),
            Map.entry("rnodev", new Attr(true, MOUNT_ATTR_NODEV)),
            Map.entry("rdev", new Attr(false, MOUNT_ATTR_NODEV)),
            Map.entry("rnoexec", new Attr(true, MOUNT_ATTR_NOEXEC)),
            Map.entry("rexec", new Attr(false, MOUNT_ATTR_NOEXEC)),
            Map.entry("rnodiratime", new Attr(true, MOUNT_ATTR_NODIRATIME)),
            Map.entry("rdiratime", new Attr(false, MOUNT_ATTR_NODIRATIME)),
            Map.entry("rnosymfollow", new Attr(true, MOUNT_ATTR_NOSYMFOLLOW)),
            Map.entry("rsymfollow", new Attr(false, MOUNT_ATTR_NOSYMFOLLOW)));

    /**
     * The recursive atime options. mount_setattr(2) has one three-valued atime field, relatime
     * being its default: "don't" forms fall back to that default, as their mount(8) forms do.
     */
    private static final Map<String, Long> RECURSIVE_ATIME = Map.of(
            "rrelatime", MOUNT_ATTR_RELATIME, "rnorelatime", MOUNT_ATTR_STRICTATIME,
            "rnoatime", MOUNT_ATTR_NOATIME, "ratime", MOUNT_ATTR_RELATIME,
            "rstrictatime", MOUNT_ATTR_STRICTATIME, "rnostrictatime", MOUNT_ATTR_RELATIME);

    /** Every option jrun knows, sorted: the features document's mountOptions. */
    public static List<String> supported() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>();
        all.addAll(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(RECURSIVE.keySet());
        all.addAll(RECURSIVE_ATIME.keySet());
        all.add("bind");
        all.add("rbind");
        return List.copyOf(all);
    }

    /** @param where the JSON path of the options, for errors ("mounts[3].options") */
    public static MountOptions parse(List<String> options, String where) {
        long flags = 0;
        long clear = 0;
        long recSet = 0;
        long recClear = 0;
        long recAtime = -1;
        boolean bind = false;
        boolean rbind = false;
        List<Long> propagation = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            Flag f = FLAGS.get(o);
            Long p = PROPAGATION.get(o);
            Attr a = RECURSIVE.get(o);
            Long atime = RECURSIVE_ATIME.get(o);
            if (f != null) {
                if (f.clear()) {
                    flags &= ~f.flag();
                    clear |= f.flag();
                } else {
                    flags |= f.flag();
                    clear &= ~f.flag();
                }
            } else if (p != null) {
                propagation.add(p);
            } else if (atime != null) {
                recAtime = atime;
            } else if (a != null) {
                long attr = a.attr();
                if (a.set()) {
                    recSet |= attr;
                    recClear &= ~attr;
                } else {
                    recClear |= attr;
                    recSet &= ~attr;
                }
            } else if (o.equals("bind")) {
                bind = true;
            } else if (o.equals("rbind")) {
                bind = true;
                rbind = true;
            } else if (o.equals("idmap") || o.equals("ridmap") || o.equals("tmpcopyup")) {
                throw new JrunException(where + "[" + i + "]: the mount option \"" + o
                        + "\" is not supported by jrun yet; remove it");
            } else {
                data.add(o);
            }
        }
        return new MountOptions(flags, clear, List.copyOf(propagation), recSet, recClear, recAtime, bind, rbind,
                String.join(",", data));
    }

    /** The atime-related MS_ flags; their MOUNT_ATTR_ counterparts share one field. */
    static final long ATIME_FLAGS = MS_NOATIME | MS_RELATIME | MS_STRICTATIME;

    /**
     * mount_setattr(2) attributes for this bind mount's own (non-recursive) flags: what to
     * set and what to clear. A bind gets its flags this way instead of a remount, which would
     * have to repeat every flag the mount already has (and fail on locked ones).
     */
    long[] bindAttributes() {
        long set = 0;
        long clr = 0;
        if ((flags & MS_RDONLY) != 0) set |= MOUNT_ATTR_RDONLY;
        if ((clearFlags & MS_RDONLY) != 0) clr |= MOUNT_ATTR_RDONLY;
        if ((flags & MS_NOSUID) != 0) set |= MOUNT_ATTR_NOSUID;
        if ((clearFlags & MS_NOSUID) != 0) clr |= MOUNT_ATTR_NOSUID;
        if ((flags & MS_NODEV) != 0) set |= MOUNT_ATTR_NODEV;
        if ((clearFlags & MS_NODEV) != 0) clr |= MOUNT_ATTR_NODEV;
        if ((flags & MS_NOEXEC) != 0) set |= MOUNT_ATTR_NOEXEC;
        if ((clearFlags & MS_NOEXEC) != 0) clr |= MOUNT_ATTR_NOEXEC;
        if ((flags & MS_NODIRATIME) != 0) set |= MOUNT_ATTR_NODIRATIME;
        if ((clearFlags & MS_NODIRATIME) != 0) clr |= MOUNT_ATTR_NODIRATIME;
        if ((flags & MS_NOSYMFOLLOW) != 0) set |= MOUNT_ATTR_NOSYMFOLLOW;
        if ((clearFlags & MS_NOSYMFOLLOW) != 0) clr |= MOUNT_ATTR_NOSYMFOLLOW;
        if ((flags & ATIME_FLAGS) != 0) {
            clr |= MOUNT_ATTR__ATIME;
            if ((flags & MS_NOATIME) != 0) set |= MOUNT_ATTR_NOATIME;
            else if ((flags & MS_STRICTATIME) != 0) set |= MOUNT_ATTR_STRICTATIME;
            // relatime is the zero value of the field
        }
        return new long[] {set, clr};
    }

    /** The recursive attributes; setting the atime mode means clearing its whole field. */
    long[] recursiveAttributes() {
        long set = recursiveSet;
        long clr = recursiveClear;
        if (recursiveAtime >= 0) {
            set |= recursiveAtime;
            clr |= MOUNT_ATTR__ATIME;
        }
        return new long[] {set, clr};
    }

    boolean hasRecursiveAttributes() {
        return recursiveSet != 0 || recursiveClear != 0 || recursiveAtime >= 0;
    }
}
