package io.jrun.spec;

/**
 * {@code process.ioPriority}.
 *
 * @param ioClass  REQUIRED, JSON {@code class}: {@code IOPRIO_CLASS_RT}, {@code _BE} or {@code _IDLE}
 * @param priority REQUIRED level within the class, 0 (highest) to 7
 */
public record LinuxIOPriority(String ioClass, int priority) {}
