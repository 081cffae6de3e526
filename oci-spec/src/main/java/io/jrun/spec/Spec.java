package io.jrun.spec;

import java.util.List;
import java.util.Map;

/**
 * The container configuration, {@code config.json} (runtime-spec config.md). Components follow the
 * spec's field order, which is also the order they are written in.
 *
 * <p>Other platforms' sections ({@code windows}, {@code solaris}, {@code vm}, {@code zos},
 * {@code freebsd}) are not modelled: jrun runs Linux containers only, and like any unknown
 * property they are ignored on reading (the spec requires that), so they do not survive a
 * read-write round trip.
 *
 * @param ociVersion  REQUIRED, SemVer of the spec the bundle complies with
 * @param process     the container process; optional in the spec, required by jrun's create
 * @param root        the root filesystem
 * @param hostname    needs a UTS namespace
 * @param domainname  needs a UTS namespace
 * @param mounts      extra mounts, in mount order
 * @param hooks       lifecycle hooks
 * @param annotations arbitrary metadata
 * @param linux       Linux-specific configuration
 */
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    public Spec {
        mounts = Copies.list(mounts);
        annotations = Copies.map(annotations);
    }

    public List<Mount> mountsOrEmpty() {
        return Copies.orEmpty(mounts);
    }

    public Map<String, String> annotationsOrEmpty() {
        return Copies.orEmpty(annotations);
    }

    /** This spec with {@code process} replaced (e.g. {@code jrun run} with a command line). */
    public Spec withProcess(Process newProcess) {
        return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, hooks, annotations, linux);
    }
}
