package io.jrun.junit;

import io.jrun.api.Container;
import io.jrun.api.ContainerSpec;
import io.jrun.api.Jrun;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * jrun's JUnit 5 extension: gives tests containers ({@link Sandbox} on a field or parameter of
 * type {@link Container}) and jrun itself (a parameter of type {@link Jrun}, whose containers are
 * the test's), and cleans up.
 *
 * <ul>
 *   <li><b>Scope.</b> What an instance field or a test method's parameter gets lives for that test;
 *       what a static field or a {@code @BeforeAll} parameter gets lives for the class.</li>
 *   <li><b>Cleanup.</b> Every container of a scope is deleted when the scope ends, whether the test
 *       passed or failed (JUnit closes the scope's store); at the JVM's exit, what is still open;
 *       and what a killed JVM left is deleted when the next one opens jrun ({@link Jrun}).</li>
 *   <li><b>Failures.</b> When a test (or a lifecycle method) fails, the output of each of its
 *       containers is published as a report entry and printed to standard error.</li>
 *   <li><b>Skipping.</b> Where containers cannot run (not Linux, not root), every test that uses
 *       the extension is skipped, with the reason ({@link Jrun#unavailable()}).</li>
 *   <li><b>Parallel execution.</b> Each scope has its own {@link Jrun}; all of it is thread-safe.</li>
 * </ul>
 */
public final class JrunExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JrunExtension.class);
    /** Output published per container, at most: a report entry is for reading. */
    private static final int OUTPUT_LIMIT = 64 * 1024;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = Jrun.unavailable();
        return why.map(reason -> ConditionEvaluationResult.disabled("jrun: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("jrun can run containers here"));
    }

    /** One scope's jrun and the containers started in it; closed by JUnit with the scope. */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit 5 before 5.13 closes, and 6 still does
    private static final class Scope implements ExtensionContext.Store.CloseableResource {
        final Jrun jrun = Jrun.open();
        final List<Container> containers = new CopyOnWriteArrayList<>();

        @Override
        public void close() {
            jrun.close();
        }
    }

    private static Scope scope(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Scope.class, k -> new Scope(), Scope.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        injectFields(context, null, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, false);
        }
    }

    private void injectFields(ExtensionContext context, Object instance, boolean statics) {
        Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Sandbox sandbox = f.getAnnotation(Sandbox.class);
                if (sandbox == null || Modifier.isStatic(f.getModifiers()) != statics) {
                    continue;
                }
                if (f.getType() != Container.class) {
                    throw new ExtensionConfigurationException("@Sandbox " + c.getSimpleName() + "." + f.getName()
                            + ": a field of type " + Container.class.getName() + ", not " + f.getType().getName());
                }
                if (Modifier.isFinal(f.getModifiers())) {
                    throw new ExtensionConfigurationException("@Sandbox " + c.getSimpleName() + "." + f.getName()
                            + ": the field must not be final");
                }
                Container container = start(context, sandbox, f.getDeclaringClass());
                try {
                    f.setAccessible(true);
                    f.set(instance, container);
                } catch (IllegalAccessException e) {
                    throw new ExtensionConfigurationException("cannot set " + f, e);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Jrun.class || (type == Container.class && parameter.isAnnotated(Sandbox.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Jrun.class) {
            return scope(context).jrun;
        }
        Sandbox sandbox = parameter.findAnnotation(Sandbox.class).orElseThrow();
        return start(context, sandbox, parameter.getDeclaringExecutable().getDeclaringClass());
    }

    private static Container start(ExtensionContext context, Sandbox sandbox, Class<?> testClass) {
        Scope scope = scope(context);
        Container c = scope.jrun.start(spec(sandbox, testClass));
        scope.containers.add(c);
        return c;
    }

    /** The spec an annotation describes. */
    static ContainerSpec spec(Sandbox s, Class<?> testClass) {
        if (!s.spec().isEmpty()) {
            return fromMethod(testClass, s.spec());
        }
        int sources = (s.image().isEmpty() ? 0 : 1) + (s.bundle().isEmpty() ? 0 : 1) + (s.rootDirectory().isEmpty() ? 0 : 1);
        if (sources > 1) {
            throw new ExtensionConfigurationException("@Sandbox: give one of image, bundle and rootDirectory");
        }
        ContainerSpec.Builder b = !s.image().isEmpty() ? ContainerSpec.image(s.image())
                : !s.bundle().isEmpty() ? ContainerSpec.bundle(Path.of(s.bundle()))
                : !s.rootDirectory().isEmpty() ? ContainerSpec.rootDirectory(Path.of(s.rootDirectory()))
                : ContainerSpec.host();
        if (s.command().length > 0) {
            b.command(s.command());
        } else if (s.image().isEmpty() && s.bundle().isEmpty()) {
            b.command("sleep", "2147483647");
        }
        for (String e : s.env()) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@Sandbox env " + e + ": expected NAME=value");
            }
            b.env(e.substring(0, eq), e.substring(eq + 1));
        }
        if (!s.cwd().isEmpty()) {
            b.cwd(s.cwd());
        }
        if (!s.user().isEmpty()) {
            b.user(s.user());
        }
        for (String v : s.bind()) {
            String[] parts = v.split(":");
            if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
                throw new ExtensionConfigurationException("@Sandbox bind " + v + ": expected HOST:CONTAINER[:ro]");
            }
            if (parts.length == 3 && parts[2].equals("ro")) {
                b.bindReadOnly(Path.of(parts[0]), parts[1]);
            } else {
                b.bind(Path.of(parts[0]), parts[1]);
            }
        }
        for (String t : s.tmpfs()) {
            b.tmpfs(t);
        }
        b.network(s.network());
        if (!s.hostname().isEmpty()) {
            b.hostname(s.hostname());
        }
        if (!s.memory().isEmpty()) {
            b.memory(bytes(s.memory()));
        }
        if (s.pidsLimit() > 0) {
            b.pidsLimit(s.pidsLimit());
        }
        if (s.cpus() > 0) {
            b.cpus(s.cpus());
        }
        switch (s.seccomp()) {
            case DEFAULT -> b.defaultSeccomp();
            case UNCONFINED -> b.seccomp(new ContainerSpec.Seccomp.Unconfined());
            case SOURCE -> { }
        }
        b.capAdd(s.capAdd()).capDrop(s.capDrop());
        if (s.timeoutSeconds() > 0) {
            b.timeout(Duration.ofSeconds(s.timeoutSeconds()));
        }
        return b.build();
    }

    private static ContainerSpec fromMethod(Class<?> testClass, String name) {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                if (!Modifier.isStatic(m.getModifiers())) {
                    break;
                }
                m.setAccessible(true);
                Object spec = m.invoke(null);
                if (spec instanceof ContainerSpec.Builder builder) {
                    return builder.build();
                }
                if (spec instanceof ContainerSpec cs) {
                    return cs;
                }
                break;
            } catch (NoSuchMethodException e) {
                // the superclass's, perhaps
            } catch (ReflectiveOperationException e) {
                throw new ExtensionConfigurationException("@Sandbox(spec = \"" + name + "\"): " + e.getCause(), e);
            }
        }
        throw new ExtensionConfigurationException("@Sandbox(spec = \"" + name + "\"): " + testClass.getName()
                + " needs a static method " + name + "() returning a ContainerSpec or a ContainerSpec.Builder");
    }

    /** "64m" and the like: bytes, units of 1024 as docker's (and jrun's --memory). */
    static long bytes(String value) {
        try {
            return io.jrun.api.ConfigEdits.bytes("@Sandbox memory", value);
        } catch (io.jrun.api.JrunException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        reportOutput(context);
        throw failure;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        reportOutput(context);
        throw failure;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        reportOutput(context);
        throw failure;
    }

    /** The output of the containers of the failed test and of its class, while they still exist. */
    private static void reportOutput(ExtensionContext context) {
        List<Container> all = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Scope scope = c.getStore(NAMESPACE).get(Scope.class, Scope.class);
            if (scope != null) {
                all.addAll(scope.containers);
                scope.jrun.containers().stream().filter(x -> !all.contains(x)).forEach(all::add);
            }
        }
        for (Container c : all) {
            if (c.spec().stdio() != ContainerSpec.Stdio.COLLECT) {
                continue;
            }
            // never in the way of the test's own failure, which is what the report is about
            try {
                String out = limit(c.stdout());
                String err = limit(c.stderr());
                if (!out.isBlank()) {
                    context.publishReportEntry("jrun " + c.id() + " stdout", out);
                }
                if (!err.isBlank()) {
                    context.publishReportEntry("jrun " + c.id() + " stderr", err);
                }
                System.err.println("jrun: container " + c.id() + " of the failed " + context.getDisplayName()
                        + ", stdout:\n" + out + "\njrun: its stderr:\n" + err);
            } catch (RuntimeException e) {
                // its output is gone with it
            }
        }
    }

    private static String limit(String text) {
        return text.length() <= OUTPUT_LIMIT ? text
                : "[... " + (text.length() - OUTPUT_LIMIT) + " characters before]\n" + text.substring(text.length() - OUTPUT_LIMIT);
    }
}
