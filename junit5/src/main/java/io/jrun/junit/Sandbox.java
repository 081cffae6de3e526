package io.jrun.junit;

import io.jrun.api.ContainerSpec;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A container for a test: on a field or a parameter of type {@link io.jrun.api.Container}, it is
 * started before the test (or, on a static field or a {@code @BeforeAll} parameter, before the
 * class's tests) and deleted after it, failed or not. The extension registers itself.
 *
 * <pre>{@code
 * class GreeterTest {
 *     @Sandbox(command = {"sleep", "600"}, tmpfs = "/tmp")
 *     Container box;
 *
 *     @Test
 *     void greets() {
 *         ExecResult r = box.exec("sh", "-c", "echo hello > /tmp/x && cat /tmp/x");
 *         assertEquals("hello\n", r.stdout());
 *     }
 * }
 * }</pre>
 *
 * Without {@link #image}, {@link #bundle} or {@link #rootDirectory}, the container has the host's
 * programs ({@link io.jrun.api.ContainerSpec#host()}: /usr, /bin, /lib, /etc... read-only, and
 * nothing else of the host), in namespaces of their own, with no network but loopback. Without {@link #command}, it sleeps (for an image: the image's command), so that a
 * test {@link io.jrun.api.Container#exec}s in it. For settings no attribute has, name a
 * {@link #spec} method.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(JrunExtension.class)
public @interface Sandbox {
    /**
     * A static method of the test class, without parameters, returning a {@link ContainerSpec} or
     * a {@link ContainerSpec.Builder}: the spec, with the builder's every setting. The other
     * attributes are then ignored.
     */
    String spec() default "";

    /** An image of jrun's store, by name. */
    String image() default "";

    /** An OCI bundle directory. */
    String bundle() default "";

    /** A host directory, the container's root, read-only. */
    String rootDirectory() default "";

    /** The program and its arguments. */
    String[] command() default {};

    /** Environment variables, "NAME=value". */
    String[] env() default {};

    /** The working directory. */
    String cwd() default "";

    /** "UID[:GID]". */
    String user() default "";

    /** Bind mounts, "HOST:CONTAINER" or "HOST:CONTAINER:ro". */
    String[] bind() default {};

    /** Empty tmpfs mounts, by path in the container. */
    String[] tmpfs() default {};

    ContainerSpec.Network network() default ContainerSpec.Network.NONE;

    String hostname() default "";

    /** The memory limit: bytes, or with a unit, such as "64m" or "1g". */
    String memory() default "";

    /** The most processes; 0: no limit. */
    long pidsLimit() default 0;

    /** CPUs' worth of time; 0: no limit. */
    double cpus() default 0;

    /** The system call filter. */
    SeccompProfile seccomp() default SeccompProfile.SOURCE;

    String[] capAdd() default {};

    String[] capDrop() default {};

    /** How long the container may run, in seconds; 0: no limit. */
    long timeoutSeconds() default 0;

    /** {@link Sandbox#seccomp()}'s choices. */
    enum SeccompProfile {
        /** The source's: none for a root directory, the config's for a bundle. */
        SOURCE,
        /** jrun's default profile ({@link io.jrun.api.DefaultSeccomp}). */
        DEFAULT,
        /** No filter. */
        UNCONFINED
    }
}
