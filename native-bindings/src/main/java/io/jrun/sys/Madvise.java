package io.jrun.sys;

/** madvise(2) advice values (asm-generic/mman-common.h). */
public final class Madvise {
    private Madvise() {}

    /** Reclaim the range's pages now (Linux 5.4): clean file pages are dropped, to be read again when touched. */
    public static final int MADV_PAGEOUT = 21;
}
