package io.jrun.core.child;

/**
 * The two calls a container child makes: a raw syscall and the errno it left. Implementations
 * must not allocate: {@link NativeChildSyscalls} goes straight to libc's syscall(2); tests use a
 * fake to run programs without a clone.
 */
public interface ChildSyscalls {
    long syscall(long nr, long a1, long a2, long a3, long a4, long a5);

    int errno();
}
