package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default devices and /dev links every container has, and linux.devices. */
class DevicesIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** busybox stat: name, type, major:minor in hex, octal mode, uid:gid. */
    private static final String STAT = "stat -c '%n %F %t:%T %a %u:%g'";

    @Test
    void theDefaultDevicesExist() {
        Bundle bundle = containers.bundle()
                .sh(STAT + " /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty");

        assertEquals(List.of(
                "/dev/null character special file 1:3 666 0:0",
                "/dev/zero character special file 1:5 666 0:0",
                "/dev/full character special file 1:7 666 0:0",
                "/dev/random character special file 1:8 666 0:0",
                "/dev/urandom character special file 1:9 666 0:0",
                "/dev/tty character special file 5:0 666 0:0"), containers.run(bundle).ok().lines());
    }

    @Test
    void theStandardLinksExist() {
        Bundle bundle = containers.bundle().sh("""
                for link in fd stdin stdout stderr; do echo $link $(readlink /dev/$link); done
                [ /dev/ptmx -ef /dev/pts/ptmx ] && echo ptmx is pts/ptmx
                """);

        assertEquals(List.of(
                "fd /proc/self/fd",
                "stdin /proc/self/fd/0",
                "stdout /proc/self/fd/1",
                "stderr /proc/self/fd/2",
                "ptmx is pts/ptmx"), containers.run(bundle).ok().lines());
    }

    @Test
    void configuredDevicesAreMadeWithTheirModeAndOwner() {
        Bundle bundle = containers.bundle()
                .sh(STAT + " /dev/jrun-char /dev/jrun-block /dev/jrun-fifo /dev/sub/jrun-char");
        device(bundle, "/dev/jrun-char", "c", 1, 3, 0640, 1000, 1001);
        device(bundle, "/dev/jrun-block", "b", 7, 0, 0600, 0, 6);
        device(bundle, "/dev/jrun-fifo", "p", 0, 0, 0644, 1000, 1000);
        device(bundle, "/dev/sub/jrun-char", "c", 1, 5, 0666, 0, 0);

        assertEquals(List.of(
                "/dev/jrun-char character special file 1:3 640 1000:1001",
                "/dev/jrun-block block special file 7:0 600 0:6",
                "/dev/jrun-fifo fifo 0:0 644 1000:1000",
                "/dev/sub/jrun-char character special file 1:5 666 0:0"), containers.run(bundle).ok().lines());
    }

    private static void device(Bundle bundle, String path, String type, int major, int minor, int mode, int uid,
                               int gid) {
        var device = bundle.linux().withArray("/devices").addObject();
        device.put("path", path).put("type", type).put("fileMode", mode).put("uid", uid).put("gid", gid);
        if (!type.equals("p")) {
            device.put("major", major).put("minor", minor);
        }
    }
}
