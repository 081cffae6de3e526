package io.jrun.image;

import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What unpacking a layer needs beyond plain files: device nodes and whiteouts, extended
 * attributes, and owners. Each call acts on the path itself, never through a symlink. The one
 * seam between {@link LayerWriter} and the kernel, so that its rules can be tested without root.
 */
interface FsOps {
    /** mknod(2): {@code type} is S_IFCHR, S_IFBLK or S_IFIFO. */
    void mknod(Path path, int type, int permissions, int major, int minor) throws IOException;

    /** lsetxattr(2). */
    void setXattr(Path path, String name, byte[] value) throws IOException;

    /** lchown(2). */
    void chown(Path path, long uid, long gid) throws IOException;

    /** The host's: libc and java.nio. */
    static FsOps host() {
        return Host.INSTANCE;
    }

    final class Host implements FsOps {
        static final Host INSTANCE = new Host();

        private Host() {}

        @Override
        public void mknod(Path path, int type, int permissions, int major, int minor) throws IOException {
            LibC libc = Native.libc();
            if (libc.mknod(path.toString(), type | permissions, makedev(major, minor)) != 0) {
                throw new IOException("mknod " + path + ": " + Errno.message(Native.errno()));
            }
        }

        @Override
        public void setXattr(Path path, String name, byte[] value) throws IOException {
            LibC libc = Native.libc();
            if (libc.lsetxattr(path.toString(), name, value, value.length, 0) != 0) {
                throw new IOException("set the extended attribute " + name + " of " + path + ": "
                        + Errno.message(Native.errno()));
            }
        }

        @Override
        public void chown(Path path, long uid, long gid) throws IOException {
            // the "unix" view's owners are set with lchown(2) when links are not followed
            Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }

        /** glibc's makedev(3). */
        static long makedev(long major, long minor) {
            return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
        }
    }
}
