package io.jrun.core.seccomp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.jrun.api.JrunException;
import io.jrun.core.host.UnixSockets;
import io.jrun.spec.SpecVersion;
import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The parent's part of seccomp notify (runtime-spec config-linux.md, listenerPath): the
 * container process's listener goes to the seccomp agent at listenerPath with the container
 * process state, as runc sends it.
 */
public final class SeccompListener {
    private SeccompListener() {}

    /**
     * At the child's {@link io.jrun.core.child.SyncProtocol#LISTENER}: takes the listener from the child's
     * {@code listenerFd} with pidfd_getfd(2), connects to {@code listenerPath} and sends the
     * container process state ({@code ociVersion}, {@code fds: ["seccompFd"]}, {@code pid},
     * {@code metadata}, {@code state}) with the listener as SCM_RIGHTS in one sendmsg(2). Closes
     * its copies; the child still has to be told to go on.
     *
     * @param stateJson the container's state document (what `jrun state` prints)
     * @param metadata  linux.seccomp.listenerMetadata, or null
     */
    public static void send(int pidfd, int listenerFd, Path listenerPath, String metadata, String stateJson, int pid) {
        var libc = Native.libc();
        int fd = (int) libc.syscall(Sys.PIDFD_GETFD, pidfd, listenerFd, 0, 0, 0);
        if (fd < 0) {
            throw new JrunException("seccomp: take the listener of the container process (pidfd_getfd): "
                    + Errno.message(Native.errno()));
        }
        try {
            UnixSockets.sendFd(listenerPath, processState(metadata, stateJson, pid).getBytes(StandardCharsets.UTF_8), fd,
                    "seccomp: send the listener to linux.seccomp.listenerPath " + listenerPath);
        } finally {
            libc.close(fd);
        }
    }

    /** runtime-spec's containerProcessState, with the state document as it is. */
    static String processState(String metadata, String stateJson, int pid) {
        StringBuilder s = new StringBuilder();
        s.append("{\"ociVersion\":\"").append(SpecVersion.CURRENT).append("\",\"fds\":[\"seccompFd\"],\"pid\":").append(pid);
        if (metadata != null && !metadata.isEmpty()) {
            s.append(",\"metadata\":\"").append(JsonStringEncoder.getInstance().quoteAsString(metadata)).append('"');
        }
        return s.append(",\"state\":").append(stateJson.strip()).append('}').toString();
    }

}
