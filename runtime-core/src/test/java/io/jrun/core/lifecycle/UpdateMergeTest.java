package io.jrun.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jrun.spec.Json;
import io.jrun.spec.LinuxResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `update`'s request merged over the container's resources: 0 and absent leave values as they are. */
class UpdateMergeTest {
    private static LinuxResources resources(String json) {
        return Json.parse(json, LinuxResources.class, "test");
    }

    private static LinuxResources merge(String current, String request) {
        return Update.merge(current == null ? null : resources(current), resources(request));
    }

    @Test
    void zerosAndAbsentValuesLeaveTheCurrentOnes() {
        // What Docker sends: every field, the unset ones 0 or "".
        LinuxResources m = merge(
                "{\"memory\":{\"limit\":1000000,\"reservation\":500000},\"cpu\":{\"shares\":512,\"quota\":20000,"
                        + "\"period\":100000,\"cpus\":\"0\"},\"pids\":{\"limit\":20},\"blockIO\":{\"weight\":300}}",
                "{\"memory\":{\"limit\":2000000,\"reservation\":0,\"swap\":0},\"cpu\":{\"shares\":0,\"quota\":0,"
                        + "\"period\":0,\"cpus\":\"\",\"mems\":\"\"},\"pids\":{\"limit\":0},\"blockIO\":{\"weight\":0}}");
        assertEquals(2000000L, m.memory().limit());
        assertEquals(500000L, m.memory().reservation());
        assertNull(m.memory().swap());
        assertEquals(512L, m.cpu().shares());
        assertEquals(20000L, m.cpu().quota());
        assertEquals(100000L, m.cpu().period());
        assertEquals("0", m.cpu().cpus());
        assertEquals(20L, m.pids().limit());
        assertEquals(300, m.blockIO().weight());
    }

    @Test
    void quotaAndPeriodKeepTheOtherWhenOnlyOneIsGiven() {
        LinuxResources m = merge("{\"cpu\":{\"quota\":20000,\"period\":100000}}", "{\"cpu\":{\"quota\":50000}}");
        assertEquals(50000L, m.cpu().quota());
        assertEquals(100000L, m.cpu().period());
        m = merge("{\"cpu\":{\"quota\":20000,\"period\":100000}}", "{\"cpu\":{\"period\":50000}}");
        assertEquals(20000L, m.cpu().quota());
        assertEquals(50000L, m.cpu().period());
    }

    @Test
    void unlimitedMemoryWithoutASwapValueMakesSwapUnlimitedToo() {
        LinuxResources m = merge("{\"memory\":{\"limit\":1000000,\"swap\":2000000}}", "{\"memory\":{\"limit\":-1}}");
        assertEquals(-1L, m.memory().limit());
        assertEquals(-1L, m.memory().swap());
        m = merge("{\"memory\":{\"limit\":1000000,\"swap\":2000000}}", "{\"memory\":{\"limit\":-1,\"swap\":3000000}}");
        assertEquals(3000000L, m.memory().swap());
    }

    @Test
    void unlimitedValuesReplaceLimits() {
        LinuxResources m = merge("{\"cpu\":{\"quota\":20000},\"pids\":{\"limit\":20}}",
                "{\"cpu\":{\"quota\":-1},\"pids\":{\"limit\":-1}}");
        assertEquals(-1L, m.cpu().quota());
        assertEquals(-1L, m.pids().limit());
    }

    @Test
    void idleWithoutSharesDropsTheSharesTheKernelWouldRefuse() {
        LinuxResources m = merge("{\"cpu\":{\"shares\":512}}", "{\"cpu\":{\"idle\":1}}");
        assertEquals(1L, m.cpu().idle());
        assertNull(m.cpu().shares());
        m = merge("{\"cpu\":{\"shares\":512,\"idle\":1}}", "{\"cpu\":{\"idle\":0}}");
        assertEquals(0L, m.cpu().idle(), "0 is a real idle value");
    }

    @Test
    void aGivenBurstCountsEvenWhenZero() {
        assertEquals(0L, merge("{\"cpu\":{\"burst\":1000}}", "{\"cpu\":{\"burst\":0}}").cpu().burst());
        assertEquals(1000L, merge("{\"cpu\":{\"burst\":1000}}", "{\"cpu\":{}}").cpu().burst());
    }

    @Test
    void listsAndMapsMergeByKey() {
        LinuxResources m = merge(
                "{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":4194304},{\"pageSize\":\"1GB\",\"limit\":0}],"
                        + "\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":100}]},"
                        + "\"unified\":{\"memory.high\":\"1000000\",\"pids.max\":\"10\"}}",
                "{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":8388608}],"
                        + "\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":16,\"rate\":200},"
                        + "{\"major\":8,\"minor\":0,\"rate\":300}]},"
                        + "\"unified\":{\"memory.high\":\"2000000\"}}");
        assertEquals(8388608L, m.hugepageLimits().get(0).limit());
        assertEquals("1GB", m.hugepageLimits().get(1).pageSize());
        assertEquals(2, m.blockIO().throttleReadBpsDevice().size());
        assertEquals(300L, m.blockIO().throttleReadBpsDevice().get(0).rate());
        assertEquals(200L, m.blockIO().throttleReadBpsDevice().get(1).rate());
        assertEquals(Map.of("memory.high", "2000000", "pids.max", "10"), m.unified());
    }

    @Test
    void deviceRulesAreNotChangedByUpdate() {
        LinuxResources m = merge("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}",
                "{\"devices\":[{\"allow\":true,\"access\":\"rwm\"}]}");
        assertEquals(1, m.devices().size());
        assertEquals(false, m.devices().get(0).allow());
    }

    @Test
    void aContainerWithoutResourcesGetsTheRequestedOnes() {
        LinuxResources m = merge(null, "{\"memory\":{\"limit\":1000000},\"pids\":{\"limit\":5}}");
        assertEquals(1000000L, m.memory().limit());
        assertEquals(5L, m.pids().limit());
        assertNull(m.cpu());
    }
}
