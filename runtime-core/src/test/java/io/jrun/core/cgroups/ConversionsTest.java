package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConversionsTest {
    @Test
    void cpuSharesToWeightIsRuncs() {
        // runc: y = 1 + ((x - 2) * 9999) / 262142
        assertEquals(0, Conversions.cpuSharesToWeight(0));
        assertEquals(1, Conversions.cpuSharesToWeight(2));
        assertEquals(39, Conversions.cpuSharesToWeight(1024));
        assertEquals(20, Conversions.cpuSharesToWeight(512));
        assertEquals(10000, Conversions.cpuSharesToWeight(262144));
        assertEquals(4, Conversions.cpuSharesToWeight(100));
    }

    @Test
    void blkioWeightToIoWeightIsRuncs() {
        // runc: y = 1 + (x - 10) * 9999 / 990
        assertEquals(0, Conversions.blkioWeightToIoWeight(0));
        assertEquals(1, Conversions.blkioWeightToIoWeight(10));
        assertEquals(4950, Conversions.blkioWeightToIoWeight(500));
        assertEquals(10000, Conversions.blkioWeightToIoWeight(1000));
        assertEquals(910, Conversions.blkioWeightToIoWeight(100));
    }

    @Test
    void memorySwapToV2IsRuncs() {
        // ConvertMemorySwapToCgroupV2Value(memorySwap, memory), runc's TestConvertMemorySwapToCgroupV2Value
        assertEquals(0, Conversions.memorySwapToV2(0, 0));
        assertEquals(-1, Conversions.memorySwapToV2(-1, 0));
        assertEquals(-1, Conversions.memorySwapToV2(-1, -1));
        assertEquals(-1, Conversions.memorySwapToV2(0, -1)); // unlimited memory, unset swap: unlimited swap
        assertEquals(-1, Conversions.memorySwapToV2(-1, 1000));
        assertEquals(0, Conversions.memorySwapToV2(0, 1000));
        assertEquals(1000, Conversions.memorySwapToV2(1000, -1));
        assertEquals(500, Conversions.memorySwapToV2(1000, 500));
        assertEquals(0, Conversions.memorySwapToV2(500, 500));
        assertEquals("unable to set swap limit without memory limit",
                assertThrows(IllegalArgumentException.class, () -> Conversions.memorySwapToV2(1000, 0)).getMessage());
        assertEquals("invalid memory value: -2",
                assertThrows(IllegalArgumentException.class, () -> Conversions.memorySwapToV2(1000, -2)).getMessage());
        assertEquals("memory+swap limit should be >= memory limit",
                assertThrows(IllegalArgumentException.class, () -> Conversions.memorySwapToV2(300, 500)).getMessage());
    }

    @Test
    void numToStrIsRuncs() {
        assertEquals("", Conversions.numToStr(0));
        assertEquals("max", Conversions.numToStr(-1));
        assertEquals("1024", Conversions.numToStr(1024));
    }
}
