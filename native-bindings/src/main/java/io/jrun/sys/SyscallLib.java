package io.jrun.sys;

/**
 * libc's {@code syscall(2)} with five arguments, nothing else. This is the only native entry
 * the container child calls after {@code clone}: six {@code long}s keep jnr-ffi on its
 * allocation-free fast path (seven would go through a heap invocation buffer), and a raw
 * syscall never touches malloc or a glibc lock.
 */
public interface SyscallLib {
    long syscall(long number, long a1, long a2, long a3, long a4, long a5);
}
