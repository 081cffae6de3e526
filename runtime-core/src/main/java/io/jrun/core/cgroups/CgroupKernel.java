package io.jrun.core.cgroups;

import java.nio.file.Path;

/**
 * The kernel calls the cgroup code makes besides plain reads, behind one seam so that everything
 * else runs against a fake cgroup tree in unit tests. Reads go through {@link java.nio.file.Files}
 * directly: they behave the same on cgroupfs and on a temp dir.
 *
 * <p>Convention: a result {@code >= 0} is success (an fd or a count), a negative result is
 * {@code -errno}. Nothing here throws for a kernel error; callers turn errnos into messages that
 * name the file and the operation.
 */
public interface CgroupKernel {
    /** open(O_WRONLY|O_TRUNC|O_CLOEXEC) + one write(2) of {@code value} + close: 0 or -errno. */
    int write(Path file, String value);

    /** mkdir(2) with mode 0755: 0 or -errno (-EEXIST if it exists). */
    int mkdir(Path dir);

    /** rmdir(2): 0 or -errno. */
    int rmdir(Path dir);

    /** kill(2): 0 or -errno. */
    int kill(int pid, int signal);

    /** open(dir, O_PATH|O_DIRECTORY|O_CLOEXEC): the fd CLONE_INTO_CGROUP takes, or -errno. */
    int openPath(Path dir);

    /** open(dir, O_RDONLY|O_DIRECTORY|O_CLOEXEC): the target fd bpf(2) attaches to, or -errno. */
    int openDirectory(Path dir);

    void close(int fd);

    /** open(file, O_RDONLY|O_CLOEXEC): for cgroup.event_control, which takes the fd of the file to watch; or -errno. */
    int openFile(Path file);

    /** eventfd(0, EFD_CLOEXEC): the fd cgroup v1 signals memory events through, or -errno. */
    int eventfd();

    /**
     * Waits up to {@code timeoutMillis} for an eventfd to be signalled, then reads (and so resets)
     * its counter.
     *
     * @return the counter (&gt; 0: how many events since the last read), 0 if none came in time
     *         (or the wait was interrupted by a signal), or -errno
     */
    long readEventfd(int fd, int timeoutMillis);

    /**
     * BPF_PROG_LOAD of a BPF_PROG_TYPE_CGROUP_DEVICE program.
     *
     * @param insns         the instructions, 8 bytes each, little endian
     * @param verifierLog   if not null, the load runs with the verifier log on and its text is
     *                      appended here (used to explain a failed load)
     * @return the program fd, or -errno
     */
    int loadDeviceProgram(byte[] insns, String license, StringBuilder verifierLog);

    /**
     * BPF_PROG_QUERY(BPF_CGROUP_DEVICE) on a cgroup directory fd.
     *
     * @return the ids of the attached programs; a one-element array {@code {-errno}} with a
     *         negative value on failure
     */
    int[] queryDevicePrograms(int cgroupFd);

    /** BPF_PROG_GET_FD_BY_ID: an fd of the program, or -errno. */
    int deviceProgramById(int id);

    /**
     * BPF_PROG_ATTACH(BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI), with BPF_F_REPLACE of
     * {@code replaceFd} if it is {@code >= 0}: 0 or -errno.
     */
    int attachDeviceProgram(int cgroupFd, int programFd, int replaceFd);

    /** BPF_PROG_DETACH(BPF_CGROUP_DEVICE) of one program: 0 or -errno. */
    int detachDeviceProgram(int cgroupFd, int programFd);
}
