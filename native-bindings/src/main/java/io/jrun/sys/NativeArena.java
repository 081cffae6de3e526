package io.jrun.sys;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jrun.sys.Jffi.MEMORY;

/**
 * Native memory for the span of a call or a clone: C strings, NULL-terminated string arrays and
 * structs, each addressed by a plain {@code long}, all freed together by {@link #close}. Keep the
 * arena open while a call uses its memory, and, for a clone, until the child has its copy
 * (without CLONE_VM that is as soon as clone returns). The static accessors read and write native
 * memory at any address.
 */
public final class NativeArena implements AutoCloseable {
    private static final int FIRST_BLOCK = 256;
    private static final int MAX_BLOCK = 64 * 1024;

    private long[] blocks = new long[4];
    private int blockCount;
    private long current;
    private int currentSize;
    private int used;
    private int nextSize = FIRST_BLOCK;

    /** {@code size} zero bytes aligned to {@code align}; returns their address. */
    public long allocate(int size, int align) {
        if (blockCount == 0 || align(used, align) + size > currentSize) {
            int cap = Math.max(nextSize, size + align);
            nextSize = Math.min(MAX_BLOCK, nextSize * 4);
            current = MEMORY.allocateMemory(cap, true);
            if (current == 0) {
                throw new OutOfMemoryError("native memory: " + cap + " bytes");
            }
            if (blockCount == blocks.length) {
                blocks = java.util.Arrays.copyOf(blocks, blockCount * 2);
            }
            blocks[blockCount++] = current;
            currentSize = cap;
            used = 0;
        }
        used = align(used, align);
        long address = current + used;
        used += size;
        return address;
    }

    private static int align(int offset, int align) {
        return (offset + align - 1) & -align;
    }

    /** Frees every block; the addresses it gave out are invalid from here on. */
    @Override
    public void close() {
        for (int i = 0; i < blockCount; i++) {
            MEMORY.freeMemory(blocks[i]);
        }
        blockCount = 0;
    }

    /**
     * {@code s} as a NUL-terminated string. A NUL byte inside it is refused: the string would end
     * there, and the syscall would see less than was asked (the config's validation rejects such
     * values first; this is the last line).
     */
    public long cString(String s) {
        byte[] b = cBytes(s);
        long a = allocate(b.length + 1, 1);
        put(a, b);
        return a;
    }

    /** The bytes of {@code s} as a C string holds them (UTF-8, without the terminating NUL). */
    static byte[] cBytes(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a C string cannot hold a NUL byte (\\u0000): it would end there");
        }
        return s.getBytes(StandardCharsets.UTF_8);
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
        MEMORY.putByteArray(address, b, 0, b.length);
    }

    /** Copies {@code length} bytes at {@code address} into {@code b}. */
    public static void get(long address, byte[] b, int length) {
        MEMORY.getByteArray(address, b, 0, length);
    }

    public static void putLong(long address, long value) {
        MEMORY.putLong(address, value);
    }

    public static void putInt(long address, int value) {
        MEMORY.putInt(address, value);
    }

    public static void putShort(long address, short value) {
        MEMORY.putShort(address, value);
    }

    public static long getLong(long address) {
        return MEMORY.getLong(address);
    }

    public static int getInt(long address) {
        return MEMORY.getInt(address);
    }

    public static short getShort(long address) {
        return MEMORY.getShort(address);
    }

    /** The NUL-terminated string at {@code address}, or null for address 0. */
    public static String getString(long address) {
        return address == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }
}
