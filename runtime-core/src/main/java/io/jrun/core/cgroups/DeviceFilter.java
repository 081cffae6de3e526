package io.jrun.core.cgroups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program, the cgroup v2 replacement
 * of the v1 devices controller. A port of runc's devicefilter.go (itself from crun's ebpf.c):
 *
 * <ol>
 *   <li>the rules run through {@link DeviceEmulator}, which leaves a default (allow or deny) and
 *       one exception per device, sorted;
 *   <li>the program loads the access type (low 16 bits of {@code access_type}), the access
 *       (high 16 bits), major and minor from {@code struct bpf_cgroup_dev_ctx} into r2..r5;
 *   <li>each exception is a block that jumps to the next block when the type, the access (only if
 *       not rwm), the major or the minor (only if not wildcards) differ, else returns its verdict;
 *   <li>the last block returns the default.
 * </ol>
 */
public final class DeviceFilter {
    private DeviceFilter() {}

    /** runc's license string (the program calls no GPL-only helper). */
    public static final String LICENSE = "Apache";

    private static final int BPF_DEVCG_DEV_BLOCK = 1;
    private static final int BPF_DEVCG_DEV_CHAR = 2;

    /** A compiled program: its instructions with jumps resolved. */
    public record Program(List<BpfInsn> instructions, String license) {
        public Program {
            instructions = List.copyOf(instructions);
        }

        /** The bytes BPF_PROG_LOAD takes. */
        public byte[] bytes() {
            byte[] out = new byte[instructions.size() * 8];
            for (int i = 0; i < instructions.size(); i++) {
                instructions.get(i).encode(out, i * 8);
            }
            return out;
        }

        /** One instruction per line, numbered, in cilium/ebpf's notation. */
        public String listing() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < instructions.size(); i++) {
                sb.append(i).append(": ").append(instructions.get(i)).append('\n');
            }
            return sb.toString();
        }
    }

    /**
     * Compiles rules (the container's final list, applied in order onto deny-all).
     *
     * @throws IllegalArgumentException naming the offending rule if the emulator refuses it
     */
    public static Program compile(List<DeviceRule> rules) {
        DeviceEmulator emulator = new DeviceEmulator();
        for (DeviceRule rule : rules) {
            emulator.apply(rule);
        }
        return generate(emulator);
    }

    /** Like {@link #compile} with errors naming each rule's source. */
    static Program compileSourced(List<DeviceRules.Sourced> rules, List<String> errors) {
        DeviceEmulator emulator = DeviceEmulator.ofSourced(rules, errors);
        return emulator == null ? null : generate(emulator);
    }

    private static Program generate(DeviceEmulator emulator) {
        boolean defaultAllow = emulator.defaultAllow();
        List<BpfInsn> insns = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        // struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }, pointed to by r1.
        insns.add(BpfInsn.loadWord(2, 1, 0)); // r2 = access_type
        insns.add(BpfInsn.and32(2, 0xFFFF)); //      & 0xffff: the device type
        insns.add(BpfInsn.loadWord(3, 1, 0)); // r3 = access_type
        insns.add(BpfInsn.rsh32(3, 16)); //          >> 16: the access
        insns.add(BpfInsn.loadWord(4, 1, 4)); // r4 = major
        insns.add(BpfInsn.loadWord(5, 1, 8)); // r5 = minor
        int block = 0;
        List<DeviceRule> clean = emulator.rules();
        for (int i = 0; i < clean.size(); i++) {
            DeviceRule rule = clean.get(i);
            if (rule.type() == 'a') {
                // Only the leading "allow all" of an allow-all-but state: it is the default.
                if (i != 0 || rule.allow() != defaultAllow) {
                    throw new IllegalStateException("device emulator produced a wildcard rule at " + i);
                }
                continue;
            }
            if (rule.allow() == defaultAllow) {
                throw new IllegalStateException("device emulator produced a no-op rule " + rule);
            }
            labels.put("block-" + block, insns.size());
            String next = "block-" + (block + 1);
            int type = rule.type() == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
            insns.add(BpfInsn.jneImm(2, type, next));
            if (rule.access() != DeviceRule.RWM) {
                // if ((access & allowed) != access) goto next, with r1 as scratch.
                insns.add(BpfInsn.movReg32(1, 3));
                insns.add(BpfInsn.and32(1, rule.access()));
                insns.add(BpfInsn.jneReg(1, 3, next));
            }
            if (rule.major() != DeviceRule.WILDCARD) {
                insns.add(BpfInsn.jneImm(4, (int) rule.major(), next));
            }
            if (rule.minor() != DeviceRule.WILDCARD) {
                insns.add(BpfInsn.jneImm(5, (int) rule.minor(), next));
            }
            insns.add(BpfInsn.mov32(0, rule.allow() ? 1 : 0));
            insns.add(BpfInsn.exit());
            block++;
        }
        labels.put("block-" + block, insns.size());
        insns.add(BpfInsn.mov32(0, defaultAllow ? 1 : 0));
        insns.add(BpfInsn.exit());
        for (int i = 0; i < insns.size(); i++) {
            BpfInsn insn = insns.get(i);
            if (insn.target() != null) {
                insns.set(i, insn.withOffset(labels.get(insn.target()) - i - 1));
            }
        }
        return new Program(insns, LICENSE);
    }
}
