package io.jrun.sys;

/**
 * libc's {@code syscall(2)} with five arguments, nothing else. This is the only native entry
 * the container child calls after {@code clone}: six {@code long}s in, one out, through jffi's
 * invoker, which allocates nothing, and a raw syscall never touches malloc or a glibc lock.
 */
public interface SyscallLib {
    long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    /** The errno the calling thread's last call left. */
    int errno();
}
