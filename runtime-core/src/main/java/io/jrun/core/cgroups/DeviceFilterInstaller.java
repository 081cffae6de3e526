package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a device program and makes it the one device program of a cgroup, as runc's
 * loadAttachCgroupDeviceFilter does: query the programs attached now, load the new one, attach it
 * with BPF_F_ALLOW_MULTI, replacing the old one atomically (BPF_F_REPLACE) if there was exactly
 * one, else attaching first and detaching every old one after, so that the cgroup is never
 * without a filter.
 */
final class DeviceFilterInstaller {
    private static final Log LOG = Log.of(DeviceFilterInstaller.class);

    private DeviceFilterInstaller() {}

    static void install(CgroupKernel kernel, Path dir, DeviceFilter.Program program) {
        String what = "install the device cgroup program (linux.resources.devices) on " + dir;
        int dirFd = kernel.openDirectory(dir);
        if (dirFd < 0) {
            throw new CgroupException(what + ": open " + dir + ": " + Messages.errno(dirFd));
        }
        List<Integer> oldFds = new ArrayList<>();
        int newFd = -1;
        try {
            int[] ids = kernel.queryDevicePrograms(dirFd);
            if (ids.length == 1 && ids[0] < 0) {
                throw new CgroupException(what + ": bpf(BPF_PROG_QUERY, BPF_CGROUP_DEVICE): " + Messages.errno(ids[0]));
            }
            for (int id : ids) {
                int fd = kernel.deviceProgramById(id);
                if (fd == -Errno.EPERM || fd == -Errno.EACCES) {
                    // As runc: a program an LSM hides from us (one systemd attached, say) only adds
                    // restrictions, so it can stay.
                    LOG.debug("ignoring device program {} on {}: {}", id, dir, Messages.errno(fd));
                    continue;
                }
                if (fd == -Errno.ENOENT) {
                    continue; // detached since the query
                }
                if (fd < 0) {
                    throw new CgroupException(what + ": bpf(BPF_PROG_GET_FD_BY_ID, " + id + "): " + Messages.errno(fd));
                }
                oldFds.add(fd);
            }
            byte[] insns = program.bytes();
            newFd = kernel.loadDeviceProgram(insns, program.license(), null);
            if (newFd < 0) {
                StringBuilder log = new StringBuilder();
                kernel.close(kernel.loadDeviceProgram(insns, program.license(), log));
                throw new CgroupException(what + ": bpf(BPF_PROG_LOAD): " + Messages.errno(newFd)
                        + (log.isEmpty() ? "" : "; verifier log:\n" + log.toString().strip()));
            }
            boolean replaced = false;
            if (oldFds.size() == 1) {
                int r = kernel.attachDeviceProgram(dirFd, newFd, oldFds.get(0));
                if (r == 0) {
                    replaced = true;
                } else if (r != -Errno.EINVAL && r != -Errno.ENOENT) {
                    throw new CgroupException(what + ": bpf(BPF_PROG_ATTACH, BPF_F_ALLOW_MULTI|BPF_F_REPLACE): "
                            + Messages.errno(r));
                }
                // EINVAL: a kernel before 5.6 without BPF_F_REPLACE; ENOENT: the old program went
                // away meanwhile. Either way attach, then detach what is left.
            }
            if (!replaced) {
                int r = kernel.attachDeviceProgram(dirFd, newFd, -1);
                if (r < 0) {
                    throw new CgroupException(what + ": bpf(BPF_PROG_ATTACH, BPF_F_ALLOW_MULTI): " + Messages.errno(r));
                }
                if (oldFds.size() > 1) {
                    LOG.info("found {} device programs attached to {}; removing the old ones", oldFds.size(), dir);
                }
                for (int old : oldFds) {
                    int d = kernel.detachDeviceProgram(dirFd, old);
                    if (d < 0 && d != -Errno.ENOENT) {
                        throw new CgroupException(what + ": bpf(BPF_PROG_DETACH) of the old program: " + Messages.errno(d));
                    }
                }
            }
        } finally {
            kernel.close(newFd);
            for (int fd : oldFds) {
                kernel.close(fd);
            }
            kernel.close(dirFd);
        }
    }
}
