package io.jrun.core.cgroups;

/**
 * The runtime-spec's (cgroup v1 shaped) numbers converted to cgroup v2 values, exactly as runc
 * does it (libcontainer/cgroups/utils.go, fs2/memory.go).
 */
public final class Conversions {
    private Conversions() {}

    /** The kernel's v1 bounds of cpu.shares (MIN_SHARES, MAX_SHARES = 1 << 18). */
    public static final long MIN_CPU_SHARES = 2;
    public static final long MAX_CPU_SHARES = 262144;

    /**
     * cpu.shares as the kernel's v1 cpu.shares would take it: clamped into [2, 262144]. The spec's
     * shares are uint64, so a negative long is a huge number and becomes the maximum.
     */
    public static long clampCpuShares(long shares) {
        return shares < 0 || shares > MAX_CPU_SHARES ? MAX_CPU_SHARES : Math.max(shares, MIN_CPU_SHARES);
    }

    /**
     * runc's ConvertCPUSharesToCgroupV2Value: maps [2, 262144] linearly onto cpu.weight's
     * [1, 10000] with {@code 1 + ((shares - 2) * 9999) / 262142}; 0 means unset. The default
     * 1024 shares give weight 39.
     *
     * <p>runc 1.1.x (the reference here) and crun use this linear formula; opencontainers/cgroups
     * later moved to a curve that maps 1024 to 100. jrun keeps runc 1.1's numbers so that a
     * container gets the same weight under either runtime.
     *
     * @param shares a value in [2, 262144] (callers clamp first), or 0
     */
    public static long cpuSharesToWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /**
     * runc's ConvertBlkIOToIOWeightValue: maps blkio.weight's [10, 1000] linearly onto io.weight's
     * [1, 10000] with {@code 1 + (weight - 10) * 9999 / 990}; 0 means unset.
     */
    public static long blkioWeightToIoWeight(int weight) {
        if (weight == 0) {
            return 0;
        }
        return 1 + ((long) weight - 10) * 9999 / 990;
    }

    /**
     * runc's ConvertMemorySwapToCgroupV2Value. The spec's {@code swap} is the memory+swap limit
     * (v1's memsw); v2's memory.swap.max is swap alone, so the memory limit is subtracted.
     * 0 means unset and -1 unlimited, in and out.
     *
     * @throws IllegalArgumentException with runc's message when no v2 value exists
     */
    public static long memorySwapToV2(long memorySwap, long memory) {
        if (memory == -1 && memorySwap == 0) {
            // Unlimited memory and no swap setting: unlimited swap too, as v1 would have it.
            return -1;
        }
        if (memorySwap == -1 || memorySwap == 0) {
            return memorySwap;
        }
        if (memory == -1) {
            return memorySwap;
        }
        if (memory == 0) {
            throw new IllegalArgumentException("unable to set swap limit without memory limit");
        }
        if (memory < 0) {
            throw new IllegalArgumentException("invalid memory value: " + memory);
        }
        if (memorySwap < memory) {
            throw new IllegalArgumentException("memory+swap limit should be >= memory limit");
        }
        return memorySwap - memory;
    }

    /**
     * runc's numToStr for v2 files ending in .max, .low, .high, .min: 0 is "" (do not write), -1
     * is "max", anything else the number.
     */
    public static String numToStr(long value) {
        if (value == 0) {
            return "";
        }
        if (value == -1) {
            return "max";
        }
        return Long.toString(value);
    }
}
