package io.jrun.cli;

import io.jrun.api.ContainerState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's state as runc's `state` and `list --format json` print it (runc's containerState):
 * ociVersion, id, pid, status, bundle, rootfs, created (RFC 3339 with nanoseconds, UTC),
 * annotations (only when there are any, keys sorted), owner. Absent values print as Go's zero
 * values: "" and, for created, 0001-01-01T00:00:00Z.
 */
final class StateJson {
    private StateJson() {}

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** json.MarshalIndent with two spaces, as `state` prints it. */
    static String pretty(ContainerState state) {
        return appendState(new StringBuilder(512), state, "\n  ").toString();
    }

    /** json.Encoder's single line, as `list --format json` prints it; an empty list is []. */
    static String compactList(List<ContainerState> states) {
        StringBuilder b = new StringBuilder(256 * states.size() + 2).append('[');
        for (int i = 0; i < states.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            appendState(b, states.get(i), null);
        }
        return b.append(']').toString();
    }

    /** @param newline "\n" and the indentation of the object's members, or null for compact output */
    private static StringBuilder appendState(StringBuilder b, ContainerState s, String newline) {
        b.append('{');
        string(b, newline, "ociVersion", s.ociVersion(), true);
        string(b, newline, "id", s.id(), false);
        field(b, newline, "pid", false).append(s.pid());
        string(b, newline, "status", s.status() == null ? null : s.status().word(), false);
        string(b, newline, "bundle", pathString(s.bundle()), false);
        string(b, newline, "rootfs", pathString(s.rootfs()), false);
        string(b, newline, "created", created(s.created()), false);
        if (!s.annotations().isEmpty()) {
            field(b, newline, "annotations", false).append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(s.annotations()).entrySet()) {
                string(b, newline == null ? null : newline + "  ", e.getKey(), e.getValue(), first);
                first = false;
            }
            b.append(newline == null ? "" : newline).append('}');
        }
        string(b, newline, "owner", s.owner(), false);
        return b.append(newline == null ? "" : "\n").append('}');
    }

    /** Appends a member's separator, indentation and name, ready for its value. */
    private static StringBuilder field(StringBuilder b, String newline, String name, boolean first) {
        if (!first) {
            b.append(',');
        }
        if (newline != null) {
            b.append(newline);
        }
        GoFormat.appendJsonString(b, name).append(':');
        return newline != null ? b.append(' ') : b;
    }

    /** A string member; null is written as Go's zero value, "". */
    private static void string(StringBuilder b, String newline, String name, String value, boolean first) {
        GoFormat.appendJsonString(field(b, newline, name, first), value == null ? "" : value);
    }

    static String pathString(Path p) {
        return p == null ? "" : p.toString();
    }

    /** The `created` value: runc's time.RFC3339Nano of a UTC time. */
    static String created(Instant created) {
        return created == null ? ZERO_TIME : GoFormat.rfc3339Nano(created);
    }
}
