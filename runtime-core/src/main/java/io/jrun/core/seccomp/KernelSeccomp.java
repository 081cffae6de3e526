package io.jrun.core.seccomp;

import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * What the running kernel's seccomp takes, asked as libseccomp asks it: seccomp(2) with a flag
 * and no program fails with EFAULT when the kernel knows the flag (it got as far as reading the
 * program) and with EINVAL when not. Nothing is loaded either way.
 */
public final class KernelSeccomp {
    private KernelSeccomp() {}

    private static final Map<Long, Boolean> FLAGS = new ConcurrentHashMap<>();

    public static boolean supportsFlag(long flag) {
        return FLAGS.computeIfAbsent(flag, KernelSeccomp::probe);
    }

    private static boolean probe(long flag) {
        // WAIT_KILLABLE_RECV is only valid with a listener: ask for both.
        long flags = flag == Seccomp.FILTER_FLAG_WAIT_KILLABLE_RECV ? flag | Seccomp.FILTER_FLAG_NEW_LISTENER : flag;
        long r = Native.libc().syscall(Sys.SECCOMP, Seccomp.SET_MODE_FILTER, flags, 0, 0, 0);
        return r == -1 && Native.errno() == Errno.EFAULT;
    }

    /** The flags of {@link SeccompCompiler#FLAGS} this kernel supports, for the features document. */
    public static List<String> supportedFlags() {
        List<String> out = new ArrayList<>();
        for (String name : SeccompCompiler.FLAGS) {
            long f = SeccompCompiler.flagValue(name);
            if (f == Seccomp.FILTER_FLAG_TSYNC || supportsFlag(f)) {
                out.add(name);
            }
        }
        return out;
    }
}
