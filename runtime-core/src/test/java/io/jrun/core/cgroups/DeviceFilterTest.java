package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.spec.LinuxDevice;
import io.jrun.spec.LinuxDeviceCgroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The device program generator against runc's own test vectors (devicefilter_test.go), whose
 * listings are cilium/ebpf's asm notation with symbolic jump targets.
 */
class DeviceFilterTest {
    private static final Pattern INSN = Pattern.compile("^\\s*(\\d+): (.*?)(?: <(block-\\d+)>)?\\s*$");
    private static final Pattern LABEL = Pattern.compile("^\\s*(block-\\d+):\\s*$");

    /** runc's expected listing with the jump targets resolved into offsets. */
    static String resolve(String runcListing) {
        List<String[]> insns = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        for (String line : runcListing.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("//")) {
                continue;
            }
            Matcher l = LABEL.matcher(line);
            if (l.matches()) {
                labels.put(l.group(1), insns.size());
                continue;
            }
            Matcher m = INSN.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad listing line: " + line);
            }
            insns.add(new String[] {m.group(2), m.group(3)});
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < insns.size(); i++) {
            String text = insns.get(i)[0];
            String target = insns.get(i)[1];
            if (target != null) {
                text = text.replace("off: -1", "off: " + (labels.get(target) - i - 1));
            }
            sb.append(i).append(": ").append(text).append('\n');
        }
        return sb.toString();
    }

    static DeviceRule rule(char type, long major, long minor, String access, boolean allow) {
        return new DeviceRule(type, major, minor, DeviceRule.parseAccess(access), allow);
    }

    static final long W = DeviceRule.WILDCARD;

    static final String PROLOGUE = """
            0: LdXMemW dst: r2 src: r1 off: 0 imm: 0
            1: AndImm32 dst: r2 imm: 65535
            2: LdXMemW dst: r3 src: r1 off: 0 imm: 0
            3: RShImm32 dst: r3 imm: 16
            4: LdXMemW dst: r4 src: r1 off: 4 imm: 0
            5: LdXMemW dst: r5 src: r1 off: 8 imm: 0
            """;

    @Test
    void nil() {
        String expected = PROLOGUE + """
                block-0:
                // return 0 (reject)
                6: MovImm32 dst: r0 imm: 0
                7: Exit
                """;
        assertEquals(resolve(expected), DeviceFilter.compile(List.of()).listing());
    }

    @Test
    void builtInAllowList() {
        // runc's specconv.AllowedDevices, which jrun appends to every container's rules.
        List<DeviceRule> rules = DeviceRules.RUNC_DEFAULTS.stream().map(DeviceRules.Default::rule).toList();
        String expected = PROLOGUE + """
                block-0:
                // (b, wildcard, wildcard, m, true)
                6: JNEImm dst: r2 off: -1 imm: 1 <block-1>
                7: MovReg32 dst: r1 src: r3
                8: AndImm32 dst: r1 imm: 1
                9: JNEReg dst: r1 off: -1 src: r3 <block-1>
                10: MovImm32 dst: r0 imm: 1
                11: Exit
                block-1:
                // (c, wildcard, wildcard, m, true)
                12: JNEImm dst: r2 off: -1 imm: 2 <block-2>
                13: MovReg32 dst: r1 src: r3
                14: AndImm32 dst: r1 imm: 1
                15: JNEReg dst: r1 off: -1 src: r3 <block-2>
                16: MovImm32 dst: r0 imm: 1
                17: Exit
                block-2:
                18: JNEImm dst: r2 off: -1 imm: 2 <block-3>
                19: JNEImm dst: r4 off: -1 imm: 1 <block-3>
                20: JNEImm dst: r5 off: -1 imm: 3 <block-3>
                21: MovImm32 dst: r0 imm: 1
                22: Exit
                block-3:
                23: JNEImm dst: r2 off: -1 imm: 2 <block-4>
                24: JNEImm dst: r4 off: -1 imm: 1 <block-4>
                25: JNEImm dst: r5 off: -1 imm: 5 <block-4>
                26: MovImm32 dst: r0 imm: 1
                27: Exit
                block-4:
                28: JNEImm dst: r2 off: -1 imm: 2 <block-5>
                29: JNEImm dst: r4 off: -1 imm: 1 <block-5>
                30: JNEImm dst: r5 off: -1 imm: 7 <block-5>
                31: MovImm32 dst: r0 imm: 1
                32: Exit
                block-5:
                33: JNEImm dst: r2 off: -1 imm: 2 <block-6>
                34: JNEImm dst: r4 off: -1 imm: 1 <block-6>
                35: JNEImm dst: r5 off: -1 imm: 8 <block-6>
                36: MovImm32 dst: r0 imm: 1
                37: Exit
                block-6:
                38: JNEImm dst: r2 off: -1 imm: 2 <block-7>
                39: JNEImm dst: r4 off: -1 imm: 1 <block-7>
                40: JNEImm dst: r5 off: -1 imm: 9 <block-7>
                41: MovImm32 dst: r0 imm: 1
                42: Exit
                block-7:
                43: JNEImm dst: r2 off: -1 imm: 2 <block-8>
                44: JNEImm dst: r4 off: -1 imm: 5 <block-8>
                45: JNEImm dst: r5 off: -1 imm: 0 <block-8>
                46: MovImm32 dst: r0 imm: 1
                47: Exit
                block-8:
                48: JNEImm dst: r2 off: -1 imm: 2 <block-9>
                49: JNEImm dst: r4 off: -1 imm: 5 <block-9>
                50: JNEImm dst: r5 off: -1 imm: 2 <block-9>
                51: MovImm32 dst: r0 imm: 1
                52: Exit
                block-9:
                // tuntap (c, 10, 200, rwm, true)
                53: JNEImm dst: r2 off: -1 imm: 2 <block-10>
                54: JNEImm dst: r4 off: -1 imm: 10 <block-10>
                55: JNEImm dst: r5 off: -1 imm: 200 <block-10>
                56: MovImm32 dst: r0 imm: 1
                57: Exit
                block-10:
                // /dev/pts (c, 136, wildcard, rwm, true)
                58: JNEImm dst: r2 off: -1 imm: 2 <block-11>
                59: JNEImm dst: r4 off: -1 imm: 136 <block-11>
                60: MovImm32 dst: r0 imm: 1
                61: Exit
                block-11:
                62: MovImm32 dst: r0 imm: 0
                63: Exit
                """;
        assertEquals(resolve(expected), DeviceFilter.compile(rules).listing());
    }

    @Test
    void privileged() {
        String expected = PROLOGUE + """
                block-0:
                // return 1 (accept)
                6: MovImm32 dst: r0 imm: 1
                7: Exit
                """;
        assertEquals(resolve(expected), DeviceFilter.compile(List.of(rule('a', W, W, "rwm", true))).listing());
    }

    @Test
    void privilegedExceptSingleDevice() {
        String expected = PROLOGUE + """
                block-0:
                // return 0 (reject) if type==b && major == 8 && minor == 0
                6: JNEImm dst: r2 off: -1 imm: 1 <block-1>
                7: JNEImm dst: r4 off: -1 imm: 8 <block-1>
                8: JNEImm dst: r5 off: -1 imm: 0 <block-1>
                9: MovImm32 dst: r0 imm: 0
                10: Exit
                block-1:
                // return 1 (accept)
                11: MovImm32 dst: r0 imm: 1
                12: Exit
                """;
        assertEquals(resolve(expected), DeviceFilter.compile(List.of(
                rule('a', W, W, "rwm", true), rule('b', 8, 0, "rwm", false))).listing());
    }

    @Test
    void weird() {
        // 8/1 is allowed, 8/2 is not: the "a" rule resets what came before (runc v1 behaviour).
        String expected = PROLOGUE + """
                block-0:
                6: JNEImm dst: r2 off: -1 imm: 1 <block-1>
                7: JNEImm dst: r4 off: -1 imm: 8 <block-1>
                8: JNEImm dst: r5 off: -1 imm: 2 <block-1>
                9: MovImm32 dst: r0 imm: 0
                10: Exit
                block-1:
                11: MovImm32 dst: r0 imm: 1
                12: Exit
                """;
        assertEquals(resolve(expected), DeviceFilter.compile(List.of(
                rule('b', 8, 1, "rwm", false), rule('a', W, W, "rwm", true), rule('b', 8, 2, "rwm", false))).listing());
    }

    @Test
    void partialAccessChecksTheAccessBits() {
        DeviceFilter.Program p = DeviceFilter.compile(List.of(rule('c', 1, 11, "rw", true)));
        String expected = PROLOGUE + """
                block-0:
                6: JNEImm dst: r2 off: -1 imm: 2 <block-1>
                7: MovReg32 dst: r1 src: r3
                8: AndImm32 dst: r1 imm: 6
                9: JNEReg dst: r1 off: -1 src: r3 <block-1>
                10: JNEImm dst: r4 off: -1 imm: 1 <block-1>
                11: JNEImm dst: r5 off: -1 imm: 11 <block-1>
                12: MovImm32 dst: r0 imm: 1
                13: Exit
                block-1:
                14: MovImm32 dst: r0 imm: 0
                15: Exit
                """;
        assertEquals(resolve(expected), p.listing());
    }

    @Test
    void encodingIsTheKernelsStructBpfInsn() {
        byte[] b = DeviceFilter.compile(List.of(rule('c', 1, 11, "rw", true))).bytes();
        assertEquals(16 * 8, b.length);
        // 0: ldxw r2, [r1+0]: code 0x61, regs dst 2 | src 1 << 4
        assertArrayEquals(new byte[] {0x61, 0x12, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 0, 8));
        // 1: and32 r2, 0xffff
        assertArrayEquals(new byte[] {0x54, 0x02, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0},
                java.util.Arrays.copyOfRange(b, 8, 16));
        // 6: jne r2, 2, +7 (to insn 14)
        assertArrayEquals(new byte[] {0x55, 0x02, 7, 0, 2, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 48, 56));
        // 9: jne r1, r3, +4: src register in the high nibble
        assertArrayEquals(new byte[] {0x5d, 0x31, 4, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 72, 80));
        // 15: exit
        assertArrayEquals(new byte[] {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 120, 128));
    }

    @Test
    void emulatorRefusesToPunchAHoleInAWildcard() {
        // Allow all character devices' mknod, then deny mknod of one: v1 would ignore the deny.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceFilter.compile(List.of(
                rule('c', W, W, "m", true), rule('c', 1, 3, "m", false))));
        assertTrue(e.getMessage().contains("punch a hole in the existing wildcard rule \"c *:* m\""), e.getMessage());
        // Denying something not covered by the wildcard's access is fine.
        DeviceFilter.compile(List.of(rule('c', W, W, "m", true), rule('c', 1, 3, "r", false)));
    }

    @Test
    void laterRulesMergeAndRemoveExceptions() {
        DeviceEmulator emu = new DeviceEmulator();
        emu.apply(rule('c', 1, 3, "r", true));
        emu.apply(rule('c', 1, 3, "w", true));
        emu.apply(rule('b', 8, 0, "rwm", true));
        emu.apply(rule('b', 8, 0, "rwm", false));
        assertEquals(List.of(rule('c', 1, 3, "rw", true)), emu.rules());
    }

    @Test
    void ociConfigWithRuncDefaultsAndErrorsNamingFields() {
        List<String> errors = new ArrayList<>();
        List<LinuxDeviceCgroup> config = List.of(
                new LinuxDeviceCgroup(false, null, null, null, "rwm"),
                new LinuxDeviceCgroup(true, "c", 10L, 229L, "rwm"));
        List<DeviceRules.Sourced> rules = DeviceRules.of(config, List.of(), errors);
        assertEquals(List.of(), errors);
        assertEquals(2 + DeviceRules.RUNC_DEFAULTS.size(), rules.size());
        assertEquals(rule('a', W, W, "rwm", false), rules.get(0).rule());
        assertEquals("linux.resources.devices[1]", rules.get(1).source());
        // A node the config creates at /dev/null replaces runc's default rule for 1:3.
        List<DeviceRules.Sourced> withNull = DeviceRules.of(config,
                List.of(new LinuxDevice("/dev/null", "c", 1L, 3L, null, null, null)), errors);
        assertEquals(rules.size() - 1, withNull.size());
        assertTrue(withNull.stream().noneMatch(s -> s.rule().major() == 1 && s.rule().minor() == 3));

        List<LinuxDeviceCgroup> bad = List.of(
                new LinuxDeviceCgroup(true, "x", null, null, "rwm"),
                new LinuxDeviceCgroup(true, "c", 1L, 3L, ""),
                new LinuxDeviceCgroup(true, "c", 1L, 3L, "rwx"));
        DeviceRules.of(bad, List.of(), errors);
        assertEquals(List.of(
                "linux.resources.devices[0].type: must be \"a\", \"b\" or \"c\", not \"x\"",
                "linux.resources.devices[1].access: must not be empty (give some of \"rwm\")",
                "linux.resources.devices[2].access: \"rwx\" has a letter other than r, w, m"), errors);
    }
}
