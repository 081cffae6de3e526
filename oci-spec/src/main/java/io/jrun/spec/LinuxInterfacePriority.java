package io.jrun.spec;

/**
 * A net_prio entry.
 *
 * @param name     REQUIRED interface name
 * @param priority REQUIRED priority (uint32)
 */
public record LinuxInterfacePriority(String name, @Uint32 long priority) {}
