package io.jrun.core.cgroups.systemd;

/**
 * The device groups of /proc/devices ("136 pts" under "Character devices:"), which a DeviceAllow
 * entry names for all the minors of a major: "char-pts" (runc's findDeviceGroup).
 *
 * @param procDevices the text of /proc/devices
 */
public record DeviceGroups(String procDevices) {
    /**
     * The DeviceAllow name of a major's group, "char-NAME" or "block-NAME", or null if
     * /proc/devices has none. If several groups have the major, the first counts (runc: "an
     * arbitrary one is chosen").
     *
     * @param type 'c' or 'b'
     * @throws IllegalArgumentException for a line of the type's section that is not "MAJOR NAME"
     */
    public String group(char type, long major) {
        String prefix = type == 'b' ? "block-" : "char-";
        char section = 0;
        for (String raw : procDevices.split("\n")) {
            String line = raw.strip();
            switch (line) {
                case "Block devices:" -> section = 'b';
                case "Character devices:" -> section = 'c';
                case "" -> { }
                default -> {
                    if (section != type) {
                        continue;
                    }
                    String[] f = line.split("\\s+");
                    if (f.length < 2 || number(f[0]) < 0) {
                        throw new IllegalArgumentException("scan /proc/devices line \"" + line
                                + "\": not a major number and a name");
                    }
                    if (number(f[0]) == major) {
                        return prefix + f[1];
                    }
                }
            }
        }
        return null;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
