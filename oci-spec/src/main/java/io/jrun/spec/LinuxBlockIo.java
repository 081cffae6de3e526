package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.resources.blockIO}.
 *
 * @param weight                  default weight (uint16)
 * @param leafWeight              weight for the cgroup's own tasks, CFQ only (uint16)
 * @param weightDevice            per-device weights
 * @param throttleReadBpsDevice   per-device read bytes/s limits
 * @param throttleWriteBpsDevice  per-device write bytes/s limits
 * @param throttleReadIOPSDevice  per-device read IO/s limits
 * @param throttleWriteIOPSDevice per-device write IO/s limits
 */
public record LinuxBlockIo(
        @Uint16 Integer weight,
        @Uint16 Integer leafWeight,
        List<LinuxWeightDevice> weightDevice,
        List<LinuxThrottleDevice> throttleReadBpsDevice,
        List<LinuxThrottleDevice> throttleWriteBpsDevice,
        List<LinuxThrottleDevice> throttleReadIOPSDevice,
        List<LinuxThrottleDevice> throttleWriteIOPSDevice) {

    public LinuxBlockIo {
        weightDevice = Copies.list(weightDevice);
        throttleReadBpsDevice = Copies.list(throttleReadBpsDevice);
        throttleWriteBpsDevice = Copies.list(throttleWriteBpsDevice);
        throttleReadIOPSDevice = Copies.list(throttleReadIOPSDevice);
        throttleWriteIOPSDevice = Copies.list(throttleWriteIOPSDevice);
    }
}
