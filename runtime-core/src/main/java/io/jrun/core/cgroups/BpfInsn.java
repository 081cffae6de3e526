package io.jrun.core.cgroups;

/**
 * One eBPF instruction ({@code struct bpf_insn}): opcode, destination and source registers, a
 * 16-bit offset and a 32-bit immediate. Only the handful of instructions the device filter uses
 * have constructors.
 *
 * @param target for a jump, the label it goes to until the program resolves it into {@code off}
 */
public record BpfInsn(int code, int dst, int src, int off, int imm, String target) {
    // Instruction classes, operations and sources from include/uapi/linux/bpf_common.h and bpf.h.
    static final int LDX_MEM_W = 0x61; // BPF_LDX | BPF_MEM | BPF_W
    static final int ALU_AND_K = 0x54; // BPF_ALU | BPF_AND | BPF_K
    static final int ALU_RSH_K = 0x74; // BPF_ALU | BPF_RSH | BPF_K
    static final int ALU_MOV_K = 0xb4; // BPF_ALU | BPF_MOV | BPF_K
    static final int ALU_MOV_X = 0xbc; // BPF_ALU | BPF_MOV | BPF_X
    static final int JMP_JNE_K = 0x55; // BPF_JMP | BPF_JNE | BPF_K
    static final int JMP_JNE_X = 0x5d; // BPF_JMP | BPF_JNE | BPF_X
    static final int JMP_EXIT = 0x95; // BPF_JMP | BPF_EXIT

    /** dst = *(u32 *)(src + off) */
    static BpfInsn loadWord(int dst, int src, int off) {
        return new BpfInsn(LDX_MEM_W, dst, src, off, 0, null);
    }

    /** dst = (u32) dst & imm */
    static BpfInsn and32(int dst, int imm) {
        return new BpfInsn(ALU_AND_K, dst, 0, 0, imm, null);
    }

    /** dst = (u32) dst >> imm */
    static BpfInsn rsh32(int dst, int imm) {
        return new BpfInsn(ALU_RSH_K, dst, 0, 0, imm, null);
    }

    /** dst = (u32) imm */
    static BpfInsn mov32(int dst, int imm) {
        return new BpfInsn(ALU_MOV_K, dst, 0, 0, imm, null);
    }

    /** dst = (u32) src */
    static BpfInsn movReg32(int dst, int src) {
        return new BpfInsn(ALU_MOV_X, dst, src, 0, 0, null);
    }

    /** if (dst != imm) goto target */
    static BpfInsn jneImm(int dst, int imm, String target) {
        return new BpfInsn(JMP_JNE_K, dst, 0, 0, imm, target);
    }

    /** if (dst != src) goto target */
    static BpfInsn jneReg(int dst, int src, String target) {
        return new BpfInsn(JMP_JNE_X, dst, src, 0, 0, target);
    }

    static BpfInsn exit() {
        return new BpfInsn(JMP_EXIT, 0, 0, 0, 0, null);
    }

    BpfInsn withOffset(int offset) {
        return new BpfInsn(code, dst, src, offset, imm, target);
    }

    /** The 8 bytes the kernel reads, little endian. */
    void encode(byte[] out, int at) {
        out[at] = (byte) code;
        out[at + 1] = (byte) ((dst & 0xf) | ((src & 0xf) << 4));
        out[at + 2] = (byte) off;
        out[at + 3] = (byte) (off >> 8);
        out[at + 4] = (byte) imm;
        out[at + 5] = (byte) (imm >> 8);
        out[at + 6] = (byte) (imm >> 16);
        out[at + 7] = (byte) (imm >> 24);
    }

    /** cilium/ebpf's asm notation, which runc's device filter tests are written in. */
    @Override
    public String toString() {
        return switch (code) {
            case LDX_MEM_W -> "LdXMemW dst: r" + dst + " src: r" + src + " off: " + off + " imm: " + imm;
            case ALU_AND_K -> "AndImm32 dst: r" + dst + " imm: " + imm;
            case ALU_RSH_K -> "RShImm32 dst: r" + dst + " imm: " + imm;
            case ALU_MOV_K -> "MovImm32 dst: r" + dst + " imm: " + imm;
            case ALU_MOV_X -> "MovReg32 dst: r" + dst + " src: r" + src;
            case JMP_JNE_K -> "JNEImm dst: r" + dst + " off: " + off + " imm: " + imm;
            case JMP_JNE_X -> "JNEReg dst: r" + dst + " off: " + off + " src: r" + src;
            case JMP_EXIT -> "Exit";
            default -> String.format("op 0x%02x dst: r%d src: r%d off: %d imm: %d", code, dst, src, off, imm);
        };
    }
}
