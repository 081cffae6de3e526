package io.jrun.core.host;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program's copy in a sealed memfd, to exec: /proc/PID/exe of the process then leads to no
 * host file, and nobody can write to it (CVE-2019-5736), as the launcher runs the JVM itself.
 */
public final class SealedCopy {
    private SealedCopy() {}

    private static final Log log = Log.of(SealedCopy.class);

    /**
     * The memfd (close-on-exec) of a sealed copy of {@code file}, or -1 if there is none, with the
     * reason logged at debug level followed by {@code otherwise} (what happens instead).
     */
    public static int of(Path file, String name, String otherwise) {
        byte[] program;
        try {
            program = Files.readAllBytes(file);
        } catch (IOException e) {
            log.debug("{}: {}; {}", file, e.getMessage(), otherwise);
            return -1;
        }
        LibC libc = Native.libc();
        int memfd;
        try (NativeArena a = new NativeArena()) {
            long cName = a.cString(name);
            int flags = FileFlags.MFD_CLOEXEC | FileFlags.MFD_ALLOW_SEALING;
            memfd = (int) libc.syscall(Sys.MEMFD_CREATE, cName, flags | FileFlags.MFD_EXEC, 0, 0, 0);
            if (memfd < 0 && libc.errno() == Errno.EINVAL) {
                memfd = (int) libc.syscall(Sys.MEMFD_CREATE, cName, flags, 0, 0, 0); // before Linux 6.3
            }
        }
        if (memfd < 0) {
            log.debug("memfd_create: {}; {}", Errno.message(libc.errno()), otherwise);
            return -1;
        }
        boolean ok = libc.write(memfd, program, program.length) == program.length
                && libc.fcntl(memfd, FileFlags.F_ADD_SEALS, FileFlags.F_SEAL_SEAL | FileFlags.F_SEAL_SHRINK
                        | FileFlags.F_SEAL_GROW | FileFlags.F_SEAL_WRITE) == 0;
        if (!ok) {
            log.debug("seal the memfd of {}: {}; {}", name, Errno.message(libc.errno()), otherwise);
            libc.close(memfd);
            return -1;
        }
        return memfd;
    }
}
