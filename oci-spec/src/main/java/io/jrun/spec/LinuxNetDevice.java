package io.jrun.spec;

/**
 * A host network interface to move into the container ({@code linux.netDevices} value; the key is
 * the host name).
 *
 * @param name the interface's name inside the container; absent keeps the host name
 */
public record LinuxNetDevice(String name) {}
