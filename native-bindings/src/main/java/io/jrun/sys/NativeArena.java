package io.jrun.sys;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory laid out before a clone: C strings, NULL-terminated string arrays and structs,
 * each addressed by a plain {@code long}. The memory lives as long as the arena is reachable
 * (jnr-ffi frees it when the arena's blocks are collected), so keep the arena until the child
 * no longer needs the parent's copy, which after a clone without CLONE_VM is right away.
 */
public final class NativeArena {
    private static final int BLOCK = 64 * 1024;

    private final List<Pointer> blocks = new ArrayList<>();
    private Pointer current;
    private int used;

    /** {@code size} zero bytes aligned to {@code align}; returns their address. */
    public long allocate(int size, int align) {
        if (current == null || align(used, align) + size > current.size()) {
            int cap = Math.max(BLOCK, size + align);
            current = Memory.allocateDirect(Native.runtime(), cap, true);
            blocks.add(current);
            used = 0;
        }
        used = align(used, align);
        long address = current.address() + used;
        used += size;
        return address;
    }

    private static int align(int offset, int align) {
        return (offset + align - 1) & -align;
    }

    /**
     * {@code s} as a NUL-terminated string. A NUL byte inside it is refused: the string would end
     * there, and the syscall would see less than was asked (the config's validation rejects such
     * values first; this is the last line).
     */
    public long cString(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a C string cannot hold a NUL byte (\\u0000): it would end there");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long a = allocate(b.length + 1, 1);
        put(a, b);
        return a;
    }

    public long bytes(byte[] b) {
        long a = allocate(Math.max(b.length, 1), 8);
        put(a, b);
        return a;
    }

    /** A NULL-terminated array of C strings, as execve(2) takes argv and envp. */
    public long cStringArray(List<String> strings) {
        long[] pointers = new long[strings.size() + 1];
        for (int i = 0; i < strings.size(); i++) {
            pointers[i] = cString(strings.get(i));
        }
        return longs(pointers);
    }

    public long longs(long... values) {
        long a = allocate(values.length * 8, 8);
        for (int i = 0; i < values.length; i++) {
            putLong(a + 8L * i, values[i]);
        }
        return a;
    }

    public long ints(int... values) {
        long a = allocate(values.length * 4, 8);
        for (int i = 0; i < values.length; i++) {
            putInt(a + 4L * i, values[i]);
        }
        return a;
    }

    public static void put(long address, byte[] b) {
        Pointer p = Pointer.wrap(Native.runtime(), address);
        p.put(0, b, 0, b.length);
    }

    public static void putLong(long address, long value) {
        Pointer.wrap(Native.runtime(), address).putLong(0, value);
    }

    public static void putInt(long address, int value) {
        Pointer.wrap(Native.runtime(), address).putInt(0, value);
    }

    public static long getLong(long address) {
        return Pointer.wrap(Native.runtime(), address).getLong(0);
    }

    public static int getInt(long address) {
        return Pointer.wrap(Native.runtime(), address).getInt(0);
    }
}
